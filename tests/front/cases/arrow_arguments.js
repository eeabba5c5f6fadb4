function f() {
  const g = () => arguments.length + ':' + arguments[0];
  return g('ignored');
}
console.log(f('a', 'b', 'c'));
