const out = [];
for (const x of [1, 2, 3, 4, 5, 6]) {
  if (x === 2) continue;
  if (x === 5) break;
  out.push(x);
}
console.log(out.join());
outer: for (const a of [1, 2, 3]) {
  for (const b of [1, 2, 3]) {
    if (b === 2) continue outer;
    if (a === 3) break outer;
    out.push(a * 10 + b);
  }
}
console.log(out.join());
