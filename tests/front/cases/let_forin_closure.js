const o = {a: 1, b: 2, c: 3};
const fns = [];
for (const k in o) fns.push(() => k + o[k]);
console.log(fns.map(f => f()).join(' '));
