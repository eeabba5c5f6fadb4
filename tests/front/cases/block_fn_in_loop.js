const fns = [];
for (let i = 0; i < 3; i++) {
  function get() { return i; }
  fns.push(get);
}
console.log(fns.map(f => f()).join());
