class A {}
class B extends A {}
class C extends B {}
const c = new C();
console.log(c instanceof A, c instanceof B, c instanceof C, Object.getPrototypeOf(C.prototype) === B.prototype);
