import { PI, plus, mul2, ns, own, add } from './lib/reexport.js';
import * as all from './lib/reexport.js';
console.log(PI, plus(1, 2), mul2(2, 3), ns.PI, own, add === plus);
console.log('default' in all, typeof all.ns, all.visible);
