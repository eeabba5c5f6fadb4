function sum(...n) { return n.reduce((a, b) => a + b, 0); }
const nums = [1, 2, 3];
console.log(sum(...nums), sum(0, ...nums, 4), sum(...nums, ...nums));
console.log(Math.max(...[4, 9, 2]));
