console.log(helper());
function helper() { return add(40, 2); }
import { add } from './lib/math.js';
