class A {
  static get kind() { return "A"; }
}
