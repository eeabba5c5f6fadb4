const fns = [];
for (let i = 0; i < 4; i++) {
  fns.push(() => i * 10);
}
console.log(fns.map(f => f()).join(' '));
