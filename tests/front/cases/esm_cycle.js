import { combined } from './lib/cycle_a.js';
import { early } from './lib/cycle_b.js';
console.log(combined(), early);
