import run, { options, setup } from './complex_real_world.js';
console.log(options.vus, JSON.stringify(setup()));
run();
