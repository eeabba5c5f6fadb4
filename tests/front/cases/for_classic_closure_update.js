const fns = [];
for (let i = 0, j = 10; i < 3; i++, j--) {
  fns.push(() => i + j);
}
console.log(fns.map(f => f()).join());
