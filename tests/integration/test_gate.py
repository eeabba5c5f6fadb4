# SPDX-License-Identifier: Apache-2.0
"""The quality gate end to end: thresholds from a real script, the exit code,
abortOnFail, --fail-on-check, --no-thresholds, and the JUnit/TAP/JSON reports
of a real run read by their consumers (xmllint --schema, prove)."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import lgtest  # noqa: E402
from lgtest import run  # noqa: E402

T = None
XSD = os.path.join(lgtest.SOURCE_ROOT, "fixtures", "junit", "junit.xsd")


setUpModule, tearDownModule = lgtest.module_target(globals())


# 10 iterations on 2 VUs: 20 requests (10 of them 404), 30 checks (10 fail).
SCRIPT = """
var http = require('k6/http');
var k6 = require('k6');
var metrics = require('k6/metrics');
var BASE = __ENV.LG_TARGET_HTTP;
var logins = new metrics.Trend('login_time', true);
exports.options = {
  vus: 2, iterations: 10,
  thresholds: %s,
};
exports.default = function () {
  var ok = http.get(BASE + '/get');
  var missing = http.get(BASE + '/status/404');
  k6.check(ok, { 'status is 200': function (r) { return r.status === 200; } });
  k6.group('account', function () {
    k6.check(missing, { 'found': function (r) { return r.status === 200; },
                        'answered': function (r) { return r.status > 0; } });
  });
  logins.add(%s);
};
"""

PASSING = """{
    http_req_duration: ['p(95)<5000', 'max < 10000'],
    'http_req_duration{status:404}': ['avg<5000'],
    http_req_failed: ['rate<=0.5'],
    http_reqs: ['count==20'],
    checks: ['rate>0.6'],
    login_time: ['p(99)<=120', 'med==120'],
}"""

FAILING = """{
    http_req_duration: ['p(95)<5000'],
    http_req_failed: ['rate<0.1'],
    'http_reqs{status:404}': ['count<5'],
    login_time: ['max<100'],
    iterations: ['count>0'],
}"""


def script(thresholds, login_value="120"):
    return SCRIPT % (thresholds, login_value)


def reports(tmp):
    return ["--junit", os.path.join(tmp, "junit.xml"), "--tap", os.path.join(tmp, "out.tap"),
            "--summary-json", os.path.join(tmp, "summary.json")]


def read(tmp, name):
    with open(os.path.join(tmp, name)) as f:
        return f.read()


class Gate(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="lg-gate-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def check_junit(self):
        if shutil.which("xmllint"):
            p = subprocess.run(["xmllint", "--noout", "--schema", XSD,
                                os.path.join(self.tmp, "junit.xml")],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            self.assertEqual(p.returncode, 0, p.stdout.decode())

    def prove(self):
        if not shutil.which("prove"):
            return None, ""
        tap = read(self.tmp, "out.tap")
        self.assertTrue(tap.startswith("TAP version 14\n"))
        path = os.path.join(self.tmp, "out13.tap")
        with open(path, "w") as f:  # prove 3.44 knows TAP 13 at most
            f.write("TAP version 13\n" + tap[len("TAP version 14\n"):])
        p = subprocess.run(["prove", "--exec", "cat", path], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        return p.returncode, p.stdout.decode()

    def test_passing_gate(self):
        r = run(script(PASSING), *reports(self.tmp), target=T)
        self.assertEqual(r.rc, 0, r)
        self.assertIn("THRESHOLDS", r.out)
        self.assertNotIn("\u2717 '", r.out)  # no failed threshold line
        m = r.export["metrics"]
        self.assertEqual(m["http_reqs"]["thresholds"], {"count==20": False})
        self.assertEqual(m["http_req_duration{status:404}"]["thresholds"], {"avg<5000": False})
        self.assertEqual(m["login_time"]["thresholds"], {"p(99)<=120": False, "med==120": False})
        data = json.loads(read(self.tmp, "summary.json"))
        lg = data["loadgate"]
        self.assertEqual((lg["verdict"], lg["exit_code"]), ("passed", 0))
        self.assertEqual(len(lg["thresholds"]), 8)
        self.assertTrue(all(t["ok"] for t in lg["thresholds"]))
        self.assertEqual(lg["histograms"]["login_time"]["exact"], [120] * 10)
        self.assertEqual(data["metrics"]["checks"]["thresholds"], {"rate>0.6": {"ok": True}})
        self.check_junit()
        junit = read(self.tmp, "junit.xml")
        self.assertIn('<testsuites name="loadgate" tests="11" failures="1" errors="0"', junit)
        self.assertIn('classname="checks.account"', junit)
        self.assertIn('message="10 of 10 failed (0.00% passed)"', junit)
        rc, out = self.prove()
        if rc is not None:
            self.assertEqual(rc, 0, out)  # the failed check is a TODO without --fail-on-check
            self.assertIn("Tests=11", out)

    def test_failing_gate(self):
        r = run(script(FAILING), *reports(self.tmp), target=T)
        self.assertEqual(r.rc, 99, r)
        self.assertIn("thresholds on metrics 'http_req_failed, http_reqs{status:404}, "
                      "login_time' have been crossed", r.err)
        self.assertIn("\u2717 'rate<0.1' rate=50.00%", r.out)
        self.assertIn("\u2717 'count<5' count=10", r.out)
        m = r.export["metrics"]
        self.assertEqual(m["http_req_failed"]["thresholds"], {"rate<0.1": True})
        self.assertEqual(m["iterations"]["thresholds"], {"count>0": False})
        lg = json.loads(read(self.tmp, "summary.json"))["loadgate"]
        self.assertEqual((lg["verdict"], lg["exit_code"]), ("failed", 99))
        self.assertEqual(sorted(t["expr"] for t in lg["thresholds"] if not t["ok"]),
                         ["count<5", "max<100", "rate<0.1"])
        self.check_junit()
        self.assertIn('<testsuite name="thresholds" tests="5" failures="3"',
                      read(self.tmp, "junit.xml"))
        rc, out = self.prove()
        if rc is not None:
            self.assertNotEqual(rc, 0, out)
            self.assertIn("Tests: 8 Failed: 3)", out)

    def test_fail_on_check(self):
        r = run(script(PASSING), "--fail-on-check", *reports(self.tmp), target=T)
        self.assertEqual(r.rc, 99, r)
        self.assertIn("checks have failed (--fail-on-check)", r.err)
        rc, out = self.prove()
        if rc is not None:
            self.assertNotEqual(rc, 0, out)
            self.assertIn("Tests: 11 Failed: 1)", out)

    def test_no_thresholds(self):
        r = run(script(FAILING), "--no-thresholds", *reports(self.tmp), target=T)
        self.assertEqual(r.rc, 0, r)
        self.assertNotIn("THRESHOLDS", r.out)
        # the sub-metric of a threshold key is still listed, without thresholds
        self.assertIn("http_reqs{status:404}", r.export["metrics"])
        self.assertNotIn("thresholds", r.export["metrics"]["http_reqs{status:404}"])

    def test_invalid_thresholds_exit_104(self):
        cases = [
            ("{ http_req_duraton: ['p(95)<500'] }", 'did you mean "http_req_duration"?'),
            ("{ http_req_duration: ['p(95)>'] }", 'the number after ">" is missing'),
            ("{ http_req_duration: ['p( 95)<1'] }", "no spaces are allowed inside p( )"),
            ("{ http_req_duration: ['rate<0.1'] }", "not supported on a trend metric"),
            ("{ http_reqs: ['value<1'] }", "not supported on a counter metric"),
            ("{ http_req_duration: ['p(101)<1'] }", "outside 0..100"),
            ("{ 'http_req_duration{}': ['avg<1'] }", "invalid threshold key"),
            ("{ 'login_time {a:b}': ['avg<1'] }", 'no metric named "login_time "'),
            ("{ http_req_duration: 'avg<1' }", "must be an array"),
            ("{ http_req_duration: [{ threshold: 'avg<1', abortOnFail: 'yes' }] }",
             "abortOnFail must be true or false"),
        ]
        for thresholds, msg in cases:
            with self.subTest(thresholds=thresholds):
                r = run(script(thresholds), target=T, export=False)
                self.assertEqual(r.rc, 104, r)
                self.assertIn(msg, r.err)

    def test_abort_on_fail(self):
        body = """
var http = require('k6/http');
var k6 = require('k6');
exports.options = { vus: 1, duration: '20s', thresholds: { http_req_duration: [%s] } };
exports.default = function () { http.get(__ENV.LG_TARGET_HTTP + '/get'); k6.sleep(0.05); };
exports.teardown = function () { console.log('teardown ran'); };
"""
        t0 = time.monotonic()
        r = run(body % "{ threshold: 'avg<0', abortOnFail: true }", target=T)
        took = time.monotonic() - t0
        self.assertEqual(r.rc, 99, r)
        self.assertLess(took, 10, r)  # evaluated every 2 s, not at the end of 20 s
        self.assertIn("at least one has abortOnFail enabled, stopping test prematurely", r.err)
        self.assertIn("teardown ran", r.err)
        self.assertEqual(r.export["metrics"]["http_req_duration"]["thresholds"], {"avg<0": True})

        t0 = time.monotonic()
        r = run(body % "{ threshold: 'avg<0', abortOnFail: true, delayAbortEval: '5s' }", target=T)
        took = time.monotonic() - t0
        self.assertEqual(r.rc, 99, r)
        self.assertGreater(took, 5, r)
        self.assertLess(took, 15, r)


if __name__ == "__main__":
    lgtest.main()
