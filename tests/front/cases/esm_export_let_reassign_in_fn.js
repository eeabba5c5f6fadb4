import * as self from './esm_export_let_reassign_in_fn.js';
export let n = 0;
export function incr() { n += 1; return self.n; }
console.log(incr(), incr(), self.n);
