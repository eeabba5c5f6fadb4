const o = {n: 1};
o.n++;
o.m = 'x';
console.log(JSON.stringify(o));
const arr = [];
arr.push(1, 2);
console.log(arr.length);
