import * as m from './lib/math.js';
console.log(m.PI, m.add(2, 2), m.default(2, 5), typeof m.inc);
console.log(Object.keys(m).sort().join());
