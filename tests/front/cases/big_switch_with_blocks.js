function classify(n) {
  switch (true) {
    case n < 0: { const s = 'neg'; return s; }
    case n === 0: return 'zero';
    case n < 10: { let s = 'small'; return s; }
    default: { const s = `big:${n}`; return s; }
  }
}
console.log([-1, 0, 5, 50].map(classify).join());
