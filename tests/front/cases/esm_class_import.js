import { Vec } from './lib/math.js';
class Vec2 extends Vec { len() { return super.len() * 2; } }
console.log(new Vec(-3).len(), new Vec2(-3).len());
