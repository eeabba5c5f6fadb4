function f(x) {
  {
    let x = 'block';
    console.log(x);
  }
  return x;
}
console.log(f('param'));
