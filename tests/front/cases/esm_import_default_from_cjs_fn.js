import fn, { extra } from './lib/cjs_fn.cjs';
console.log(fn(), extra);
