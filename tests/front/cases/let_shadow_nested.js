function f() {
  var x = 'outer';
  {
    let x = 'inner';
    console.log(x);
    {
      let x = 'innermost';
      console.log(x);
    }
    console.log(x);
  }
  return x;
}
console.log(f());
