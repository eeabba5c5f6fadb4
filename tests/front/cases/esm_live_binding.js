import { counter, inc } from './lib/math.js';
console.log(counter);
inc();
inc();
console.log(counter);
import { state, setState, count, bump } from './lib/mutable.js';
setState('changed');
bump();
console.log(state, count);
