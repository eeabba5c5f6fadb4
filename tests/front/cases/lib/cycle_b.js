import { fromA } from './cycle_a.js';
export function fromB() { return 'B'; }
export const early = fromA();
