class Reg {
  static items = [];
  static add(x) { this.items.push(x); return this; }
}
Reg.add(1).add(2);
console.log(Reg.items.join());
