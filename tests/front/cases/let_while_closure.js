const fns = [];
let n = 0;
while (n < 3) {
  const m = n;
  fns.push(() => m);
  n++;
}
console.log(fns.map(f => f()).join(' '));
