const add = (a, b) => a + b;
const sq = x => x * x;
const k = () => 42;
const obj = () => ({a: 1});
console.log(add(1, 2), sq(5), k(), JSON.stringify(obj()));
