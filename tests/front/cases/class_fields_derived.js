class A {
  x = 'ax';
  constructor() { this.seenByA = this.y; }
}
class B extends A {
  y = 'by';
  constructor() {
    super();
    this.after = this.y + this.x;
  }
}
const b = new B();
console.log(b.seenByA, b.after, JSON.stringify(b));
