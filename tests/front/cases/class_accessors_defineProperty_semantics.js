class A {
  get x() { return 1; }
}
const d = Object.getOwnPropertyDescriptor(A.prototype, 'x');
console.log(typeof d.get, d.set, d.enumerable, d.configurable);
const m = Object.getOwnPropertyDescriptor(A.prototype, 'constructor');
console.log(m.enumerable, m.writable);
