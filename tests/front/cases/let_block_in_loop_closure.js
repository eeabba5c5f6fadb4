const fns = [];
for (var i = 0; i < 3; i++) {
  let j = i * 2;
  const k = 'k' + i;
  fns.push(() => j + k);
}
console.log(fns.map(f => f()).join(' '));
