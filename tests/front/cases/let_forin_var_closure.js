const o = {x: 1, y: 2};
const fns = [];
for (let k in o) fns.push(() => k);
for (var v in o) fns.push(() => v);
console.log(fns.map(f => f()).join());
