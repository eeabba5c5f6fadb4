const { greet } = require('./lib/cjs_mod.cjs');
const names = ['a', 'b'];
console.log(names.map(n => greet(n)).join(` ${'&'} `));
class X { static of(v) { return new X(v); } constructor(v) { this.v = v ?? 'none'; } }
console.log(X.of(null).v, X.of(1)?.v);
