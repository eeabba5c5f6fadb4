class Q {
  constructor({a = 1, b = 2} = {}) { this.sum = a + b; }
  static from([x, y]) { return new Q({a: x, b: y}); }
}
console.log(new Q().sum, new Q({a: 5}).sum, Q.from([3, 4]).sum);
