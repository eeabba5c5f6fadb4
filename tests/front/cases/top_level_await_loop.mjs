const out = [];
for (const p of [Promise.resolve(1), 2, Promise.resolve(3)]) out.push(await p);
console.log(out.join());
