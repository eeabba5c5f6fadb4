// SPDX-License-Identifier: Apache-2.0
// Runs one tests/polyfill program under Node.js with the same conventions as
// the C harness in tests/unit/test_polyfill.c: console.log joins its
// arguments with spaces (-0 printed as "-0"), unhandled rejections are
// printed after the microtask queue drains, setTimeout is Node's own.
'use strict';
const fs = require('fs');
const vm = require('vm');

const file = process.argv[2];
const fmt = (x) => (Object.is(x, -0) ? '-0' : String(x));
console.log = (...args) => process.stdout.write(args.map(fmt).join(' ') + '\n');
process.on('unhandledRejection', (r) => console.log('unhandled rejection: ' + String(r)));
try {
  vm.runInThisContext(fs.readFileSync(file, 'utf8'), { filename: file });
} catch (e) {
  console.log('uncaught: ' + (e && e.stack ? e.stack : String(e)));
}
