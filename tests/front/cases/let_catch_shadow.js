function f() {
  let e = 'outer';
  try { throw 'thrown'; } catch (e) {
    let inner = e + '!';
    console.log(inner);
  }
  { let e = 'block'; console.log(e); }
  return e;
}
console.log(f());
