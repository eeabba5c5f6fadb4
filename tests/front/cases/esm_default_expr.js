import cfg, { after } from './lib/default_expr.js';
console.log(JSON.stringify(cfg), after);
