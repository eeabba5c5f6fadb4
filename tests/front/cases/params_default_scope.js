let x = 'outer';
function f(a = x) {
  return a;
}
console.log(f(), f('given'));
const g = (n = 3, m = n * 2) => n + m;
console.log(g(), g(1));
