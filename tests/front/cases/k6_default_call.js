import run, { setup, teardown } from './k6_setup_teardown.js';
const data = setup();
run(data);
teardown(data);
