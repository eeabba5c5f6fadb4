function outer() {
  const a = () => arguments[0];
  function inner() { return (() => arguments[0])(); }
  return a() + inner('inner');
}
console.log(outer('outer-'));
