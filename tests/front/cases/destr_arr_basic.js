const [a, b, , d] = [1, 2, 3, 4];
console.log(a, b, d);
const [e = 5, f = 6] = [undefined, null];
console.log(e, f);
const [g, ...rest] = 'hello';
console.log(g, JSON.stringify(rest));
