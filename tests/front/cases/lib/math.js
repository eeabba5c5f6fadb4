export const PI = 3.14;
export function add(a, b) { return a + b; }
export default function mul(a, b) { return a * b; }
export let counter = 0;
export function inc() { counter++; return counter; }
export class Vec {
  constructor(x) { this.x = x; }
  len() { return Math.abs(this.x); }
}
const hidden = 'h';
export { hidden as visible, hidden };
