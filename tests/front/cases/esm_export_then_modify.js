import * as self from './esm_export_then_modify.js';
export let v = 1;
v = 2;
console.log(self.v);
export function later() { return v; }
v++;
console.log(later(), self.later());
