let out = [];
outer: for (let i = 0; i < 3; i++) {
  inner: for (let j = 0; j < 3; j++) {
    if (j === 1) continue outer;
    if (i === 2) break outer;
    out.push(`${i}${j}`);
  }
}
console.log(out.join());
blk: {
  out.push('before');
  if (out.length) break blk;
  out.push('never');
}
console.log(out.join());
a: b: for (;;) { break a; }
let n = 0;
w: while (true) { do { n++; if (n > 3) break w; continue w; } while (false); }
console.log(n);
