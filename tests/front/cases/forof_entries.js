const o = {a: 1, b: 2};
for (const [k, v] of Object.keys(o).map(k => [k, o[k]])) console.log(k, v);
for (const [i, x] of ['p', 'q'].map((x, i) => [i, x])) console.log(i, x);
