# SPDX-License-Identifier: Apache-2.0
"""k6/data's SharedArray and open() end to end: exact element values and
counts read by many VUs on two threads, the callback run once per process,
read-only views, errors, and the memory of 200 VUs over a ~20 MB array."""
import json
import os
import random
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import lgtest  # noqa: E402
from lgtest import run  # noqa: E402

SANITIZED = bool(os.environ.get("ASAN_OPTIONS") or os.environ.get("TSAN_OPTIONS"))


def items(n):
    return [{"id": i, "name": "item-%d" % i, "tags": ["t%d" % (i % 3), "all"],
             "nested": {"even": i % 2 == 0, "list": [i, [i * 2]]},
             "text": "h\u00e9llo \U0001F600 %d" % i} for i in range(n)]


def write(tmp, name, data, mode="w"):
    path = os.path.join(tmp, name)
    with open(path, mode) as f:
        f.write(data)
    return path


VIEW_SCRIPT = r"""import { SharedArray } from 'k6/data';
import { check } from 'k6';
const N = __N__, SUM = __SUM__;
const data = new SharedArray('items', function () {
  console.log('SharedArray callback ran in VU ' + __VU);
  return JSON.parse(open('./items.json'));
});
const bytes = open('./bytes.bin', 'b');
export const options = { scenarios: { s: { executor: 'per-vu-iterations', vus: 40, iterations: 2 } } };
function throwsType(f, re) { try { f(); return false; } catch (e) { return e instanceof TypeError && re.test(e.message); } }
export default function () {
  let sum = 0, n = 0;
  for (const e of data) { sum += e.id; n++; }
  let fe = 0;
  data.forEach(function (e, i) { if (e.id === i) fe++; });
  check(data, {
    'length': (d) => d.length === N,
    'for...of': () => n === N && sum === SUM,
    'forEach': () => fe === N,
    'map/filter/slice': (d) => d.filter((e) => e.nested.even).length === Math.ceil(N / 2) &&
      d.map((e) => e.id).join(',') === Array.from({ length: N }, (_, i) => i).join(',') &&
      d.slice(2, 4).map((e) => e.name).join() === 'item-2,item-3',
    'index access': (d) => d[7].name === 'item-7' && d['8'].id === 8 && d[N - 1].tags[1] === 'all' &&
      d[N - 1].nested.list[1][0] === 2 * (N - 1) && d[N] === undefined && d[-1] === undefined &&
      (0 in d) && !(N in d) && Array.isArray(d),
    'unicode': (d) => d[5].text === 'h\u00e9llo \ud83d\ude00 5',
    'json': (d) => JSON.stringify(d[3]) === JSON.stringify(__ITEM3__),
    'read-only': (d) => throwsType(() => { d[0] = 1; }, /SharedArray is immutable/) &&
      throwsType(() => { d.push(1); }, /immutable/) &&
      throwsType(() => { delete d[0]; }, /immutable/) &&
      throwsType(() => { d.length = 0; }, /immutable/) && d.length === N,
    'elements frozen': (d) => throwsType(() => { d[1].name = 'x'; }, /./) &&
      throwsType(() => { d[1].nested.list.push(1); }, /./) && d[1].name === 'item-1',
    'open b': () => bytes instanceof ArrayBuffer && bytes.byteLength === 256 &&
      new Uint8Array(bytes)[255] === 255 && new Uint8Array(bytes)[7] === 7,
  });
}
"""


class View(unittest.TestCase):
    N = 300

    def test_many_vus_two_threads(self):
        tmp = tempfile.mkdtemp(prefix="lgdata-")
        it = items(self.N)
        write(tmp, "items.json", json.dumps(it))
        write(tmp, "bytes.bin", bytes(range(256)), "wb")
        src = (VIEW_SCRIPT.replace("__N__", str(self.N))
               .replace("__SUM__", str(sum(range(self.N))))
               .replace("__ITEM3__", json.dumps(it[3])))
        script = write(tmp, "script.js", src)
        r = run(script, "--threads", "2", cwd=tmp)
        self.assertEqual(r.rc, 0, r)
        m = r.export["metrics"]
        self.assertEqual(m["iterations"]["count"], 80)
        fails = {k: v for k, v in r.export["root_group"]["checks"].items() if v["fails"]}
        self.assertEqual(fails, {}, r)
        self.assertEqual(m["checks"]["passes"], 80 * 10)
        # the probe built the array; no VU ran the callback again
        self.assertEqual(r.err.count("SharedArray callback ran"), 1, r.err)
        self.assertIn("SharedArray callback ran in VU 0", r.err)

    def test_built_once_by_racing_vus(self):
        # not built by the probe: the first VU builds, the others (two threads) wait
        src = r"""import { SharedArray } from 'k6/data';
import { check } from 'k6';
let arr;
if (__VU > 0) {
  arr = new SharedArray('late', function () {
    console.log('late callback ran');
    const t = Date.now(); while (Date.now() - t < 200) {}
    const out = []; for (let i = 0; i < 1000; i++) out.push({ i: i, s: 'v' + i }); return out;
  });
}
export const options = { vus: 30, iterations: 30 };
export default function () {
  let sum = 0; for (const e of arr) sum += e.i;
  check(arr, { 'values': (a) => sum === 499500 && a.length === 1000 && a[999].s === 'v999' });
}
"""
        r = run(src, "--threads", "2")
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.export["metrics"]["checks"]["passes"], 30)
        self.assertEqual(r.export["metrics"]["checks"].get("fails", 0), 0)
        self.assertEqual(r.err.count("late callback ran"), 1, r.err)


class Errors(unittest.TestCase):
    def init_error(self, body, line, *wants):
        r = run("import { SharedArray } from 'k6/data';\n" + body +
                "\nexport default function () {}\n", export=False)
        self.assertEqual(r.rc, 107, r)
        for w in wants:
            self.assertIn(w, r.err)
        self.assertIn("script.js:%d" % line, r.err)

    def test_callback_must_return_an_array(self):
        self.init_error("\nconst d = new SharedArray('things', function () { return { a: 1 }; });", 3,
                        'SharedArray "things": only arrays can be made into SharedArray')
        self.init_error("const d = new SharedArray('strs', () => 'abc');", 2,
                        'SharedArray "strs": only arrays', "returned abc")

    def test_callback_errors_propagate(self):
        self.init_error("const d = new SharedArray('t', function () {\n  throw new Error('boom');\n});",
                        3, "Error: boom")
        self.init_error("const d = new SharedArray('cyc', () => { const a = []; a.push(a); return a; });",
                        2, 'SharedArray "cyc": the elements cannot be stored as JSON')

    def test_bad_arguments(self):
        self.init_error("const d = new SharedArray('', () => []);", 2,
                        "empty name provided to SharedArray's constructor")
        self.init_error("const d = new SharedArray('f', [1, 2]);", 2,
                        "a function is expected as the second argument")

    def test_outside_init(self):
        r = run("import { SharedArray } from 'k6/data';\n"
                "export default function () { new SharedArray('x', () => [1]); }\n",
                "--iterations", "2")
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.err.count("new SharedArray must be called in the init context"), 2)


class Memory(unittest.TestCase):
    """200 VUs over a ~20 MB array: the data is held once, not per VU."""

    def test_200_vus_20mb(self):
        tmp = tempfile.mkdtemp(prefix="lgdata-")
        n = 230000
        data = [{"id": i, "name": "user%06d" % i, "email": "user%06d@example.com" % i,
                 "score": i % 1000} for i in range(n)]
        write(tmp, "data.json", json.dumps(data))
        self.assertGreater(os.path.getsize(os.path.join(tmp, "data.json")), 15 << 20)
        picks = random.Random(7).sample(range(n), 50)
        src = ("import { SharedArray } from 'k6/data';\nimport { check } from 'k6';\n"
               "const data = new SharedArray('big', function () { return JSON.parse(open('./data.json')); });\n"
               "const PICKS = %s;\n"
               "export const options = { vus: 200, iterations: 200 };\n"
               "export default function () {\n"
               "  let ok = data.length === %d;\n"
               "  for (const i of PICKS) { const e = data[i];\n"
               "    ok = ok && e.id === i && e.name === 'user' + String(i).padStart(6, '0') && e.score === i %% 1000; }\n"
               "  check(null, { 'exact values': () => ok });\n"
               "}\n") % (json.dumps(picks), n)
        script = write(tmp, "script.js", src)
        exp = os.path.join(tmp, "export.json")
        with open(os.path.join(tmp, "err.txt"), "w+b") as errf:
            p = subprocess.Popen([lgtest.LOADGATE, "run", "-q", "--summary-export", exp, script],
                                 stdout=subprocess.DEVNULL, stderr=errf, cwd=tmp)
            try:
                _, status, ru = os.wait4(p.pid, 0)  # this child's own rusage
            finally:
                p.returncode = 0  # reaped above; keep Popen from waiting again
            errf.seek(0)
            err = errf.read().decode(errors="replace")
        rss_kb = ru.ru_maxrss
        self.assertEqual(os.waitstatus_to_exitcode(status), 0, err[-3000:])
        with open(exp) as f:
            m = json.load(f)["metrics"]
        self.assertEqual(m["checks"]["passes"], 200)
        self.assertEqual(m["checks"].get("fails", 0), 0)
        print("peak RSS of loadgate, 200 VUs over %.1f MB: %.0f MB" %
              (os.path.getsize(os.path.join(tmp, "data.json")) / 1e6, rss_kb / 1024))
        if not SANITIZED:
            self.assertLess(rss_kb, 1 << 20, "peak RSS %d kB" % rss_kb)


if __name__ == "__main__":
    lgtest.main()
