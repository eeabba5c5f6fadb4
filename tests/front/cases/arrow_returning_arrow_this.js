const o = {
  n: 1,
  mk() { return () => () => () => this.n; }
};
console.log(o.mk()()()());
