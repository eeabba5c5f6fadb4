class A {
  constructor() { this.x = 1; }
}
class B extends A {
  constructor(flag) {
    super();
    if (flag) return;
    this.y = 2;
  }
}
console.log(JSON.stringify(new B(true)), JSON.stringify(new B(false)));
