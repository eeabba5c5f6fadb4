function f() {
  return [...arguments].join('-');
}
console.log(f(1, 2, 3));
