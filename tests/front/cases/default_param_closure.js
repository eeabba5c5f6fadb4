function f(a, g = () => a) {
  a = 'changed';
  return g();
}
console.log(f('orig'));
