class A {
  get v() { return this._v || 0; }
  set v(x) { this._v = x; }
}
class B extends A {
  get v() { return super.v * 2; }
  set v(x) { super.v = x; }
}
const b = new B();
b.v = 21;
console.log(b.v);
