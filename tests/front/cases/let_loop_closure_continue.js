const fns = [];
for (let i = 0; i < 6; i++) {
  if (i % 2) { i += 0; continue; }
  fns.push(function () { return i; });
}
console.log(fns.map(f => f()).join(' '));
