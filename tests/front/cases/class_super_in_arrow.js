class A { v() { return 'A'; } }
class B extends A {
  v() { return ['x'].map(() => super.v() + 'B')[0]; }
}
console.log(new B().v());
