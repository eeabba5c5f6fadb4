import C from './lib/default_class.js';
import f from './lib/default_anon_fn.js';
import triple from './lib/default_arrow.js';
console.log(new C().hello(), f(), triple(2));
