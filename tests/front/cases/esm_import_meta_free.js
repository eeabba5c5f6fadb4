import { PI } from './lib/math.js';
export const TAU = PI * 2;
console.log(TAU);
