import * as r from './lib/reexport.js';
console.log(typeof r.add, r.PI, r.own, typeof r.ns.default);
