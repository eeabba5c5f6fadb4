const fns = [];
rows: for (const r of [1, 2, 3]) {
  for (const c of ['a', 'b']) {
    if (r === 2) continue rows;
    fns.push(() => r + c);
  }
}
console.log(fns.map(f => f()).join());
