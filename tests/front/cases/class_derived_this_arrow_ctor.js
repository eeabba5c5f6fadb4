class A { constructor() { this.a = 1; } }
class B extends A {
  constructor() {
    super();
    const f = () => this.a + 1;
    this.b = f();
  }
}
console.log(JSON.stringify(new B()));
