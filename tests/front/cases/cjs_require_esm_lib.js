const m = require('./lib/cjs_named.cjs');
const { greet } = m;
console.log(greet('cjs'), m.value);
