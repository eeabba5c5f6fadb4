const s = 'a\u2028b\u2029c';
const t = 'x y';
console.log(s.length, s.charCodeAt(1), s.charCodeAt(3), t.charCodeAt(1));
