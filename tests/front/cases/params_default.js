function f(a, b = 2, c = a + b) {
  return [a, b, c].join();
}
console.log(f(1), f(1, 5), f(1, undefined, 9), f(1, null));
