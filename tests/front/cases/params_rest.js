function f(first, ...rest) {
  return first + ':' + rest.length + ':' + rest.join('|');
}
console.log(f(1), f(1, 2, 3));
const g = (...all) => all.reverse().join();
console.log(g('a', 'b', 'c'));
console.log(Array.isArray((function (...r) { return r; })()));
