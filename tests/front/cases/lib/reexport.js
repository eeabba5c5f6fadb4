export * from './math.js';
export { default as mul2, add as plus } from './math.js';
export * as ns from './math.js';
export const own = 'own';
