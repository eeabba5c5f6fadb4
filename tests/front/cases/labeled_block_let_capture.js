const fns = [];
for (let i = 0; i < 2; i++) {
  blk: {
    const v = i * 100;
    fns.push(() => v);
    if (i === 0) break blk;
    fns.push(() => -v);
  }
}
console.log(fns.map(f => f()).join());
