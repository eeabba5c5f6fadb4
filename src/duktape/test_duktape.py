# SPDX-License-Identifier: Apache-2.0
"""The JavaScript engine as built: RAM or ROM built-ins (-Dduktape_rom).

Runs the real binary (LOADGATE) on small scripts; LG_DUKTAPE_ROM=1 when the
build has ROM built-ins.  What must hold in both builds: console, seeded
Math.random, globalThis.  What differs: the empty heap's size, and builtin
objects are read-only in ROM (docs/DUKTAPE-ROM.md).
"""
import os
import re
import subprocess
import tempfile
import unittest

LOADGATE = os.environ["LOADGATE"]
ROM = os.environ.get("LG_DUKTAPE_ROM") == "1"


def run(script, env=None):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "s.js")
        with open(path, "w") as f:
            f.write(script)
        e = dict(os.environ)
        e.update(env or {})
        p = subprocess.run([LOADGATE, "run", "-q", "--no-summary", path], env=e,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True, timeout=60)
    return p


def messages(stderr):
    return re.findall(r'level=(\w+) msg="((?:[^"\\]|\\.)*)" source=console', stderr)


ONE = "exports.options = { iterations: 1, vus: 1 };\n"


class Engine(unittest.TestCase):
    def test_console(self):
        p = run(ONE + """exports.default = function () {
            console.log('a', 1, { b: [1, 2] }, null, undefined);
            console.info('i'); console.warn('w'); console.error('e'); console.debug('d');
            var c = {}; c.self = c; console.log(c);
            console.log(new Error('boom'));
        };""")
        self.assertEqual(p.returncode, 0, p.stderr)
        m = messages(p.stderr)
        self.assertEqual(m[:5], [("info", 'a 1 {\\"b\\":[1,2]} null undefined'), ("info", "i"),
                                 ("warning", "w"), ("error", "e"), ("info", "[object Object]")])
        self.assertEqual(len(m), 6, m)  # debug is not shown without --verbose
        self.assertTrue(m[5][1].startswith("Error: boom"), m[5])

    def test_seeded_random(self):
        p = run(ONE + """var k6 = require('k6');
        exports.default = function () {
            k6.randomSeed(42); var a = [Math.random(), Math.random()];
            k6.randomSeed(42); var b = [Math.random(), Math.random()];
            console.log(a[0] === b[0] && a[1] === b[1], a[0] !== a[1], a[0]);
        };""")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(messages(p.stderr), [("info", "true true 0.07701681963413964")])

    def test_global_this(self):
        p = run(ONE + """var g = (function () { return this; })();
        exports.default = function () {
            globalThis.fromGlobalThis = 1;
            console.log(globalThis === g, fromGlobalThis, typeof globalThis.console,
                        typeof JSON.stringify, Object.keys(g).indexOf('fromGlobalThis') >= 0);
        };""")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(messages(p.stderr), [("info", "true 1 object function true")])

    def test_builtin_prototypes(self):
        p = run(ONE + """exports.default = function () {
            'use strict';
            var r;
            try { Array.prototype.lgExtra = 1; r = 'ok ' + [].lgExtra; }
            catch (e) { r = e.name + ': ' + e.message; }
            console.log(r);
        };""")
        self.assertEqual(p.returncode, 0, p.stderr)
        want = "TypeError: not writable" if ROM else "ok 1"
        self.assertEqual(messages(p.stderr), [("info", want)])

    def test_builtins_read_only(self):
        """The decision in docs/DUKTAPE-ROM.md ("What breaks"): ROM built-ins
        are read-only; sloppy writes are ignored, strict ones and
        defineProperty throw; instances, the global and polyfills work."""
        p = run(ONE + """var out = [];
        function t(f) { try { out.push(f()); } catch (e) { out.push(e.name + ': ' + e.message); } }
        t(Function('Array.prototype.lgX = 1; return typeof [].lgX;'));
        t(function () { Object.defineProperty(Array.prototype, 'lgY', { value: 1 }); return 'defined'; });
        t(function () { 'use strict'; Error.stackTraceLimit = 50; return Error.stackTraceLimit; });
        t(function () { 'use strict'; var o = {}; o.toString = function () { return 'own'; }; return String(o); });
        t(function () { 'use strict'; globalThis.lgG = 2; return lgG; });
        t(function () { return [1, 2].includes(2) + ' ' + [].includes.length + ' ' + Object.entries({ a: 1 }) +
                               ' ' + 'x'.padStart(3, '-') + ' ' + typeof Symbol.asyncIterator; });
        exports.default = function () { console.log(out.join('|')); };""")
        self.assertEqual(p.returncode, 0, p.stderr)
        if ROM:
            want = ["undefined", "TypeError: not extensible", "TypeError: not writable"]
        else:
            want = ["number", "defined", "50"]
        want += ["own", "2", "true 1 a,1 --x symbol"]
        self.assertEqual(messages(p.stderr), [("info", "|".join(want))])

    def test_heap_size(self):
        p = run(ONE + "exports.default = function () {};", {"LOADGATE_DEBUG_HEAP": "1"})
        self.assertEqual(p.returncode, 0, p.stderr)
        m = re.search(r"VU 1 heap: (\d+) bytes empty, (\d+) after init", p.stderr)
        self.assertIsNotNone(m, p.stderr)
        empty = int(m.group(1))
        if ROM:
            self.assertLess(empty, 16 * 1024)  # measured 9.6 KB (RAM: 95.5 KB)
        else:
            # RAM built-ins as lightfuncs: measured 59.5 KB (95.5 KB without)
            self.assertGreater(empty, 32 * 1024)
            self.assertLess(empty, 80 * 1024)


if __name__ == "__main__":
    unittest.main(verbosity=2)
