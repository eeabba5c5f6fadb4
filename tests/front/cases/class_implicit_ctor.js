class Base {
  constructor(a, b) { this.sum = a + b; }
}
class Derived extends Base {}
class Derived2 extends Derived { extra() { return this.sum * 2; } }
console.log(new Derived(1, 2).sum, new Derived2(3, 4).extra());
