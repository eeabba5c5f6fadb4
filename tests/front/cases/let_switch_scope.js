function f(x) {
  switch (x) {
    case 1: {
      let y = 'one';
      return y;
    }
    case 2:
      let z = 'two';
      return z;
    default:
      return 'other';
  }
}
console.log(f(1), f(2), f(3));
