export {};
try {
  undeclaredVariable = 1;
  console.log('sloppy');
} catch (e) {
  console.log(e instanceof ReferenceError);
}
console.log((function () { return this; })());
