const o = {
  n: 3,
  async m(a, b) { return this.n + arguments.length + a + b; }
};
o.m(1, 2).then(v => console.log(v));
async function rest(...xs) { return xs.length; }
rest(1, 2, 3).then(v => console.log('rest', v));
async function dflt(a = 'A', {b} = {b: 'B'}) { return a + b; }
dflt().then(v => console.log(v));
