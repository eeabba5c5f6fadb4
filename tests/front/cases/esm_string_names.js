import { 'string name' as s, v } from './lib/string_names.js';
import * as ns from './lib/string_names.js';
console.log(s, v, ns['string name']);
