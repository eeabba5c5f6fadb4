import { add as plus, visible, hidden as h2 } from './lib/math.js';
console.log(plus(1, 1), visible, h2);
