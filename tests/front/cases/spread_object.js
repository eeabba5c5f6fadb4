const a = {x: 1, y: 2};
const b = {...a, y: 3, z: 4};
console.log(JSON.stringify(b));
const c = {w: 0, ...a, ...null, ...undefined, ...{q: 'q'}};
console.log(JSON.stringify(c));
const d = {...'ab'};
console.log(JSON.stringify(d));
