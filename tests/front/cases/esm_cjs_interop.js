import cjs from './lib/cjs_mod.cjs';
import { greet, value } from './lib/cjs_named.cjs';
import fn from './lib/cjs_fn.cjs';
import * as nsfn from './lib/cjs_fn.cjs';
console.log(cjs.a, cjs.greet('x'), greet('y'), value, fn(), fn.extra, nsfn.default(), nsfn.extra);
