const fns = [];
for (let i = 0; i < 3; i++) fns.push(() => i);
for (const x of ['a', 'b']) fns.push(() => x);
console.log(fns.map(f => f()).join());
