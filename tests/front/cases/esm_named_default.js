import mul, { PI, add } from './lib/math.js';
console.log(PI, add(1, 2), mul(3, 4));
