class A {
  static who() { return 'A'; }
  static hello() { return 'hello from ' + this.who(); }
}
class B extends A {
  static who() { return 'B'; }
  static hello() { return super.hello() + '!'; }
}
console.log(A.hello(), B.hello());
