import { a, c, d } from './lib/destr_export.js';
console.log(a, c, d.join());
