class A { constructor() { this.x = 1; } }
try {
  const r = A();
  console.log('no throw');
} catch (e) {
  console.log('threw', e instanceof TypeError);
}
