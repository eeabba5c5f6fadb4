# SPDX-License-Identifier: Apache-2.0
"""k6/html end to end: the real binary against the target's HTML pages
(fixtures/scripts/html.js), selector errors in init and at run time, and the
memory of a parse-per-iteration loop."""
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import lgtest  # noqa: E402
from lgtest import run  # noqa: E402

T = None


setUpModule, tearDownModule = lgtest.module_target(globals())


def sanitized():
    """Whether the binary under test is an ASan/TSan build (RSS is not comparable)."""
    root = os.environ.get("LG_BUILD_ROOT", "")
    try:
        with open(os.path.join(root, "meson-info", "intro-buildoptions.json")) as f:
            opts = json.load(f)
    except OSError:
        return False
    return any(o["name"] == "b_sanitize" and o["value"] not in ("none", "", [])
               for o in opts)


class Html(unittest.TestCase):
    def test_page_checks(self):
        r = run("html.js", target=T)
        self.assertEqual(r.rc, 0, r)
        m = r.export["metrics"]
        checks = r.export["root_group"]["checks"]
        failing = sorted(c["name"] for c in checks.values() if c["fails"])
        self.assertEqual(failing, [], r)
        # 54 checks per iteration, 4 iterations
        self.assertEqual(len(checks), 54, sorted(checks))
        self.assertEqual(m["checks"]["passes"], 216)
        self.assertEqual(m["checks"]["fails"], 0)
        for c in checks.values():
            self.assertEqual(c["passes"], 4, c)
        # per iteration: /html, the posted form, /html/forms, 3 form submissions
        # and 3 links followed (2 of the 5 calls throw before any request)
        self.assertEqual(m["http_reqs"]["count"], 32)
        self.assertEqual(m["http_req_failed"]["passes"], 0)

    def test_selector_error_in_init(self):
        script = """import { parseHTML } from 'k6/html';
const doc = parseHTML('<p>x</p>');

const n = doc.find('p > :nth-child(2n+').size();
export default function () {}
"""
        r = run(script, export=False)
        self.assertEqual(r.rc, 107, r)
        self.assertIn('SyntaxError: invalid selector "p > :nth-child(2n+": '
                      'expected a number after the sign in an+b at position 19', r.err)
        self.assertRegex(r.err, r"script\.js:4\b")

    def test_selector_error_in_iteration(self):
        script = """import { parseHTML } from 'k6/html';
export const options = { iterations: 3 };
export default function () {
  parseHTML('<ul><li>a</li></ul>').find('ul li[');
}
"""
        r = run(script)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.export["metrics"]["iterations"]["count"], 3)
        self.assertEqual(len(re.findall(r'invalid selector \\?"ul li\[\\?": expected an attribute name '
                                        r'at position 7', r.err)), 3, r)

    def test_empty_and_odd_inputs(self):
        script = """import { parseHTML } from 'k6/html';
import { check } from 'k6';
export default function () {
  check(null, {
    'empty': () => parseHTML('').find('*').size() === 0 && parseHTML('').text() === '',
    'undefined': () => parseHTML().find('p').size() === 0,
    'junk': () => parseHTML('<<<>>>&&&').find('p').size() >= 0,
    'no DOCTYPE invented': () => parseHTML('<p>x</p>').contents().first().get(0).nodeName() === 'html',
    'entities decoded': () => parseHTML('<p>a &lt; b &amp; &eacute;</p>').find('p').text() === 'a < b & \\u00e9',
    'utf-8 kept': () => parseHTML('<p>caf\\u00e9 \\u2713</p>').find('p').html() === 'caf\\u00e9 \\u2713',
    'bad argument': () => { try { parseHTML('<p>').find(42); return false; } catch (e) { return e instanceof TypeError; } },
  });
}
"""
        r = run(script)
        self.assertEqual(r.rc, 0, r)
        checks = r.export["root_group"]["checks"]
        self.assertEqual([c["name"] for c in checks.values() if c["fails"]], [], r)
        self.assertEqual(r.export["metrics"]["checks"]["passes"], 7)

    def rss_after(self, iterations):
        script = """import { parseHTML } from 'k6/html';
let page = '<html><body><ul>';
for (let i = 0; i < 200; i++) page += '<li class="item" data-n="' + i + '">Item ' + i + ' <a href="/x/' + i + '">link</a></li>';
page += '</ul></body></html>';
export const options = { iterations: Number(__ENV.N) };
export default function () {
  const doc = parseHTML(page);
  if (doc.find('li:nth-child(2n) > a').size() !== 100) throw new Error('wrong count');
  doc.find('li').get(7).textContent();
}
"""
        tmp = tempfile.mkdtemp(prefix="lgtest-")
        path = os.path.join(tmp, "script.js")
        exp = os.path.join(tmp, "export.json")
        with open(path, "w") as f:
            f.write(script)
        env = dict(os.environ, N=str(iterations))
        p = subprocess.Popen([lgtest.LOADGATE, "run", "-q", "--summary-export", exp, path],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=tmp)
        err = p.stderr.read()
        p.stderr.close()
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        self.assertEqual(p.returncode, 0, err)
        with open(exp) as f:
            self.assertEqual(json.load(f)["metrics"]["iterations"]["count"], iterations)
        return usage.ru_maxrss  # KiB

    def test_parse_loop_does_not_grow(self):
        if sanitized():
            # allocator quarantine makes RSS meaningless: run the loop for its checks only
            self.rss_after(2000)
            return
        small = self.rss_after(500)
        big = self.rss_after(10000)
        # Without freeing, each document (~60 KiB in libxml2) would add ~600 MB.
        self.assertLess(big - small, 8 * 1024, (small, big))


if __name__ == "__main__":
    lgtest.main()
