const name = 'dyn';
class C {
  [name]() { return 'dynamic'; }
  ['x' + 1]() { return 'x1'; }
  static [name + 'S']() { return 'static dyn'; }
  get [name + 'G']() { return 'getter'; }
}
const c = new C();
console.log(c.dyn(), c.x1(), C.dynS(), c.dynG);
