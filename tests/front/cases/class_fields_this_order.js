const log = [];
class A {
  a = log.push('field a');
  constructor() { log.push('ctor A'); }
}
class B extends A {
  b = log.push('field b');
  constructor() { log.push('before super'); super(); log.push('ctor B'); }
}
new B();
console.log(log.join(' | '));
