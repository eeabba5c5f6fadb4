import { fromB } from './cycle_b.js';
export function fromA() { return 'A'; }
export const combined = () => fromA() + fromB();
