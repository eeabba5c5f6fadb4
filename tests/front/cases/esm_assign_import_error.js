import { PI } from './lib/math.js';
try {
  PI = 3;
  console.log('assigned');
} catch (e) {
  console.log(e instanceof TypeError, PI);
}
