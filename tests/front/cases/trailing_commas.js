function f(a, b,) { return a + b; }
console.log(f(1, 2,));
const arr = [1, 2, 3,];
const o = {a: 1, b: 2,};
const {a, b,} = o;
const [x, y,] = arr;
console.log(arr.length, Object.keys(o).length, a, b, x, y);
const g = (p, q,) => p * q;
console.log(g(3, 4,));
console.log([,].length, [1,,].length, [1,,2].length);
