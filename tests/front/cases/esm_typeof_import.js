import { add } from './lib/math.js';
import * as m from './lib/math.js';
console.log(typeof add, typeof m, typeof m.nope);
