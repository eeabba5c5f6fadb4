import './lib/side_effect.js';
import './lib/side_effect.js';
console.log(globalThis.sideEffectRan);
