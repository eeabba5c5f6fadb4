const a = [1, 2], b = [3];
const c = [...a, ...b, 4];
console.log(JSON.stringify(c));
const copy = [...a];
copy.push(9);
console.log(a.length, copy.length);
console.log(JSON.stringify([...'hi']));
console.log(JSON.stringify([0, ...[], 1]));
console.log(JSON.stringify([[1], ...[[2]]]));
