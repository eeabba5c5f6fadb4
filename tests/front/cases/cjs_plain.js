const lib = require('./lib/cjs_mod.cjs');
const fn = require('./lib/cjs_fn.cjs');
console.log(lib.greet('cjs'), fn(), typeof module, typeof exports);
module.exports = { done: true };
console.log(JSON.stringify(module.exports));
