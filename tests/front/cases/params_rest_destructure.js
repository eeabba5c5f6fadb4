function f(...[a, b]) { return a + b; }
console.log(f(1, 2, 3));
const g = (x, ...{length}) => x + length;
console.log(g(10, 'a', 'b'));
