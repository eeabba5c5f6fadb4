const a = [, 'b', , 'd'];
console.log(a.length, 0 in a, 1 in a, JSON.stringify(a));
const [p, q = 'q-default', r = 'r-default'] = a;
console.log(p, q, r);
