const o = {
  v: 'V',
  m() {
    const f = (x = this.v) => x + '!';
    return f() + f('arg');
  }
};
console.log(o.m());
