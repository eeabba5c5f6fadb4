function f() {
  let a = 1;
  function g() {
    let b = 2;
    {
      let a = 'ga';
      { let b = 'gb'; return [a, b, h()].join(); }
    }
    function h() { return a + b; }
  }
  return g();
}
console.log(f());
