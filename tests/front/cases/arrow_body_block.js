const f = (x) => {
  if (x > 1) {
    return 'big';
  }
  return 'small';
};
console.log(f(1), f(5));
