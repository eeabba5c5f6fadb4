class A {
  static get kind() { return 'A'; }
  get name() { return 'a'; }
}
class B extends A {
  static get kind() { return super.kind + 'B'; }
}
console.log(A.kind, B.kind, new B().name);
