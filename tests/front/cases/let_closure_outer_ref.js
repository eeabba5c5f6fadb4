let v = 1;
function f() {
  if (true) {
    let v = 2;
    console.log(v);
  }
  return (function () { return v; })();
}
console.log(f());
