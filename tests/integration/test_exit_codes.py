# SPDX-License-Identifier: Apache-2.0
"""Every exit code of `loadgate run`, each with every report requested: the
reports are written and complete whatever ended the run (or, for 104, no
report file, half-written or not, is left behind)."""
import glob
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import lgtest  # noqa: E402

T = None
XSD = os.path.join(lgtest.SOURCE_ROOT, "fixtures", "junit", "junit.xsd")

BODY = """
var http = require('k6/http');
var k6 = require('k6');
var exec = require('k6/execution');
exports.options = %s;
exports.default = function () {
  var r = http.get(__ENV.LG_TARGET_HTTP + '/get');
  k6.check(r, { 'status is 200': function (r) { return r.status === 200; } });
  %s
};
"""


setUpModule, tearDownModule = lgtest.module_target(globals())


class ExitCodes(unittest.TestCase):
    def launch(self, options, in_iteration="", extra="", signal_after=None):
        d = tempfile.mkdtemp()
        script = os.path.join(d, "script.js")
        with open(script, "w") as f:
            f.write(BODY % (options, in_iteration) + extra)
        out = {k: os.path.join(d, k) for k in ("junit.xml", "summary.json", "results.tap",
                                                 "export.json")}
        cmd = [lgtest.LOADGATE, "run", "-q", "--junit", out["junit.xml"],
               "--summary-json", out["summary.json"], "--tap", out["results.tap"],
               "--summary-export", out["export.json"], script]
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env=dict(os.environ, **T.env()))
        if signal_after:
            time.sleep(signal_after)
            p.send_signal(signal.SIGINT)
        so, se = p.communicate(timeout=120)
        return p.returncode, so.decode(), se.decode(), out, d

    def assert_reports(self, code, out, err):
        for name, path in out.items():
            self.assertTrue(os.path.exists(path), "%s missing; stderr:\n%s" % (name, err))
        p = subprocess.run(["xmllint", "--noout", "--schema", XSD, out["junit.xml"]],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(out["summary.json"]) as f:
            data = json.load(f)
        self.assertEqual(data["loadgate"]["exit_code"], code)
        self.assertEqual(data["loadgate"]["verdict"], "passed" if code == 0 else "failed")
        with open(out["export.json"]) as f:
            json.load(f)
        with open(out["results.tap"]) as f:
            tap = f.read().splitlines()
        self.assertEqual(tap[0], "TAP version 14")
        plan = [l for l in tap if l.startswith("1..")]
        points = [l for l in tap if l.startswith("ok ") or l.startswith("not ok ")]
        self.assertEqual(plan, ["1..%d" % len(points)])
        self.assertEqual(glob.glob(os.path.join(os.path.dirname(out["junit.xml"]), "*.tmp.*")), [])

    def test_0_passed(self):
        code, so, se, out, _ = self.launch("{ iterations: 3, thresholds: { checks: ['rate==1'] } }")
        self.assertEqual(code, 0, se)
        self.assert_reports(0, out, se)

    def test_99_threshold_failed(self):
        code, so, se, out, _ = self.launch("{ iterations: 3, thresholds: { http_reqs: ['count>100'] } }")
        self.assertEqual(code, 99, se)
        self.assert_reports(99, out, se)
        self.assertIn("thresholds on metrics 'http_reqs' have been crossed", se)

    def test_100_setup_timeout(self):
        code, so, se, out, _ = self.launch(
            "{ iterations: 1, setupTimeout: '1s' }",
            extra="exports.setup = function () { k6.sleep(10); };\n")
        self.assertEqual(code, 100, se)
        self.assertIn("setup() execution timed out after 1s", se)
        self.assert_reports(100, out, se)

    def test_101_teardown_timeout(self):
        code, so, se, out, _ = self.launch(
            "{ iterations: 1, teardownTimeout: '1s' }",
            extra="exports.teardown = function () { k6.sleep(10); };\n")
        self.assertEqual(code, 101, se)
        self.assert_reports(101, out, se)

    def test_104_invalid_threshold_leaves_nothing(self):
        code, so, se, out, d = self.launch("{ iterations: 1, thresholds: { http_reqz: ['p(95)<1'] } }")
        self.assertEqual(code, 104, se)
        self.assertIn("http_reqz", se)
        self.assertEqual(sorted(os.listdir(d)), ["script.js"])

    def test_104_unwritable_report_paths(self):
        d = tempfile.mkdtemp()
        script = os.path.join(d, "s.js")
        with open(script, "w") as f:
            f.write("exports.default = function () {};\n")
        for flag in ("--junit", "--tap", "--summary-json", "--summary-export"):
            p = subprocess.run([lgtest.LOADGATE, "run", "-q", flag, "/nonexistent/dir/report.out", script],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            self.assertEqual(p.returncode, 104, flag)
            self.assertIn(b"cannot write the report /nonexistent/dir/report.out", p.stderr)

    def test_105_interrupted(self):
        code, so, se, out, _ = self.launch("{ vus: 2, duration: '60s' }", "k6.sleep(0.1);",
                                           signal_after=1.5)
        self.assertEqual(code, 105, se)
        self.assert_reports(105, out, se)

    def test_107_teardown_exception(self):
        code, so, se, out, _ = self.launch(
            "{ iterations: 2 }", extra="exports.teardown = function () { throw new Error('td broke'); };\n")
        self.assertEqual(code, 107, se)
        self.assertIn("td broke", se)
        self.assert_reports(107, out, se)

    def test_108_test_abort(self):
        code, so, se, out, _ = self.launch("{ vus: 2, duration: '30s' }",
                                           "if (__ITER === 2) exec.test.abort('enough');")
        self.assertEqual(code, 108, se)
        self.assertIn("enough", se)
        self.assert_reports(108, out, se)

    def test_110_test_fail(self):
        code, so, se, out, _ = self.launch("{ iterations: 3 }", "if (__ITER === 0) exec.test.fail('bad');")
        self.assertEqual(code, 110, se)
        self.assert_reports(110, out, se)


if __name__ == "__main__":
    lgtest.main()
