const fns = [];
for (let i = 0; i < 3; i++) {
  var shared = i;
  const own = i;
  fns.push(() => shared + ':' + own);
}
console.log(fns.map(f => f()).join());
