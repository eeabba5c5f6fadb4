const o = {z: 1, a: 2, 10: 'ten', 2: 'two', b: 3};
console.log(Object.keys(o).join());
for (const k in o) console.log(k);
