module.exports = {
  a: 1,
  greet(n) { return 'hi ' + n; }
};
