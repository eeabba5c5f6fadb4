import def, * as ns from './lib/as_default.js';
console.log(def, ns.default, ns.other);
