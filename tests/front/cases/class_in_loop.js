const made = [];
for (let i = 0; i < 3; i++) {
  class K { v() { return i; } }
  made.push(new K());
}
console.log(made.map(k => k.v()).join());
