export let a = 1, b = 2;
export const [x, y] = [10, 20];
export function f() { return 'f'; }
export class K {}
export default 'the default';
console.log(a + b, x + y, f(), typeof K);
