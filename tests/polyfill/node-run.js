// SPDX-License-Identifier: Apache-2.0
// Runs one tests/polyfill program under Node.js with the same conventions as
// the C harness in tests/unit/test_polyfill.c: console.log joins its
// arguments with spaces (-0 printed as "-0"), unhandled rejections are
// printed after the microtask queue drains, and setTimeout runs on a virtual
// clock (deadline order, then call order), as in the C harness: real timers
// with close deadlines race when the machine is loaded.
'use strict';
const fs = require('fs');
const vm = require('vm');

const file = process.argv[2];
const fmt = (x) => (Object.is(x, -0) ? '-0' : String(x));
console.log = (...args) => process.stdout.write(args.map(fmt).join(' ') + '\n');
process.on('unhandledRejection', (r) => console.log('unhandled rejection: ' + String(r)));
const timers = [];
let now = 0;
let seq = 0;
globalThis.setTimeout = (f, ms) => {
  timers.push({ f, due: now + Math.max(1, +ms || 0), seq: seq++ });
};
// One virtual timer per macrotask: microtasks and unhandled-rejection reports
// of the previous one have run when setImmediate fires.
function step() {
  if (!timers.length) return;
  timers.sort((a, b) => a.due - b.due || a.seq - b.seq);
  const t = timers.shift();
  now = t.due;
  t.f();
  setImmediate(step);
}
try {
  vm.runInThisContext(fs.readFileSync(file, 'utf8'), { filename: file });
} catch (e) {
  console.log('uncaught: ' + (e && e.stack ? e.stack : String(e)));
}
setImmediate(step);
