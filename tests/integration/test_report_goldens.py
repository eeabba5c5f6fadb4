#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The golden CI reports (fixtures/golden/gate-*) read by real consumers.

tests/unit/test_reports.c produces these files from hand-built summaries and
checks them structurally (and the JUnit against fixtures/junit/junit.xsd with
libxml2).  Here independent tools read them:

* TAP with Perl's prove.  Debian 12's prove (Test::Harness 3.44) knows TAP up
  to version 13 and reports "TAP specified version 14" as a parse error, so
  the version line is rewritten to 13 first; the files use nothing TAP 14
  added (no subtests), which is what makes that rewrite meaningful.  The exit
  status and the counts prove prints are asserted, passing and failing runs.
* TAP 14 itself with node's tap-parser in strict mode (the reference
  implementation of the TAP 14 specification; Debian package node-tap-parser),
  when it is installed.
* JUnit with `xmllint --schema fixtures/junit/junit.xsd`.
* JSON with Python's json module (structure of handleSummary data,
  --summary-json and --summary-export).

A missing tool skips its tests.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.environ.get("LG_SOURCE_ROOT", os.path.dirname(os.path.dirname(HERE)))
GOLDEN = os.path.join(ROOT, "fixtures", "golden")
XSD = os.path.join(ROOT, "fixtures", "junit", "junit.xsd")
NODE_PATH = "/usr/share/nodejs"

# name: (points, failed (not TODO), todo, prove exit status 0?)
TAP = {
    "gate-failed.tap": (12, [1, 4, 5], 2, False),
    "gate-passed.tap": (9, [], 0, True),
    "gate-error.tap": (10, [10], 0, False),
    "gate-failoncheck.tap": (11, [8, 10], 0, False),
    "gate-empty.tap": (0, [], 0, True),
}
JUNIT = ["gate-failed.junit.xml", "gate-passed.junit.xml", "gate-error.junit.xml",
         "gate-failoncheck.junit.xml", "gate-empty.junit.xml"]


def golden(name):
    with open(os.path.join(GOLDEN, name), "rb") as f:
        return f.read()


def tap_parser_available():
    node = shutil.which("node") or shutil.which("nodejs")
    if not node or not os.path.isdir(os.path.join(NODE_PATH, "tap-parser")):
        return None
    return node


class TapProve(unittest.TestCase):
    def setUp(self):
        if not shutil.which("prove"):
            self.skipTest("prove is not installed")
        self.tmp = tempfile.mkdtemp(prefix="lg-tap-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def prove(self, name):
        data = golden(name)
        self.assertTrue(data.startswith(b"TAP version 14\n"))
        path = os.path.join(self.tmp, name)
        with open(path, "wb") as f:
            f.write(b"TAP version 13\n" + data[len(b"TAP version 14\n"):])
        p = subprocess.run(["prove", "-v", "--exec", "cat", path], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=60)
        return p.returncode, p.stdout.decode("utf-8", "replace")

    def test_every_file(self):
        for name, (points, failed, todo, passes) in TAP.items():
            with self.subTest(name=name):
                rc, out = self.prove(name)
                self.assertNotIn("Parse errors", out)
                self.assertIn("Files=1, Tests=%d," % points, out)
                if passes:
                    self.assertEqual(rc, 0, out)
                    self.assertRegex(out, r"Result: (PASS|NOTESTS)")
                else:
                    self.assertNotEqual(rc, 0, out)
                    self.assertIn("Result: FAIL", out)
                    m = re.search(r"Tests: (\d+) Failed: (\d+)\)", out)
                    self.assertIsNotNone(m, out)
                    self.assertEqual(int(m.group(1)), points)
                    self.assertEqual(int(m.group(2)), len(failed))
                # prove -v echoes every line; a TODO failure is "not ok ... # TODO"
                self.assertEqual(len(re.findall(r"^not ok \d+ .*# TODO ", out, re.M)), todo)

    def test_failed_list(self):
        rc, out = self.prove("gate-failed.tap")
        self.assertIn("Failed tests:  1, 4-5", out)
        rc, out = self.prove("gate-failoncheck.tap")
        self.assertIn("Failed tests:  8, 10", out)


class TapParser14(unittest.TestCase):
    SCRIPT = r"""
const Parser = require('tap-parser');
const fs = require('fs');
let asserts = [];
const p = new Parser({strict: true}, (r) => {
  process.stdout.write(JSON.stringify({ok: r.ok, count: r.count, pass: r.pass, fail: r.fail,
    todo: r.todo, plan: r.plan, asserts: asserts, failures: r.failures.length}));
});
p.on('assert', a => asserts.push({id: a.id, ok: a.ok, name: a.name, todo: a.todo || false,
                                  diag: a.diag}));
p.end(fs.readFileSync(process.argv[2]));
"""

    def setUp(self):
        self.node = tap_parser_available()
        if not self.node:
            self.skipTest("node's tap-parser is not installed (apt install node-tap-parser)")

    def parse(self, name):
        p = subprocess.run([self.node, "-e", self.SCRIPT, "x", os.path.join(GOLDEN, name)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60,
                           env=dict(os.environ, NODE_PATH=NODE_PATH))
        self.assertEqual(p.returncode, 0, p.stderr)
        return json.loads(p.stdout)

    def test_every_file(self):
        for name, (points, failed, todo, passes) in TAP.items():
            with self.subTest(name=name):
                r = self.parse(name)
                self.assertEqual(r["failures"], len(failed), r)  # strict: no parse errors
                self.assertEqual(r["count"], points)
                self.assertEqual(r["fail"], len(failed) + todo)
                self.assertEqual(r["todo"], todo)
                self.assertEqual(r["ok"], passes)
                self.assertEqual([a["id"] for a in r["asserts"] if not a["ok"] and not a["todo"]],
                                 failed)

    def test_diagnostics(self):
        r = self.parse("gate-failed.tap")
        by_id = {a["id"]: a for a in r["asserts"]}
        self.assertEqual(by_id[4]["name"],
                         "http_req_duration{expected_response:true}: p(99)<200")
        self.assertEqual(by_id[4]["diag"], {
            "type": "threshold", "metric": "http_req_duration{expected_response:true}",
            "threshold": "p(99)<200", "ok": False, "aggregation": "p(99)",
            "observed": 201.0137, "shown": "p(99)=201.01ms"})
        # the name's '#' and '\' were escaped and come back intact
        self.assertEqual(by_id[9]["name"], 'check: body <b>"ok"</b> & # 100%\\done')
        self.assertEqual(by_id[9]["diag"]["name"], 'body <b>"ok"</b> & # 100%\\done')
        self.assertEqual(by_id[11]["diag"]["fails"], 7)
        self.assertTrue(by_id[11]["todo"])


class JUnitSchema(unittest.TestCase):
    def test_xmllint(self):
        if not shutil.which("xmllint"):
            self.skipTest("xmllint is not installed")
        for name in JUNIT:
            with self.subTest(name=name):
                p = subprocess.run(["xmllint", "--noout", "--schema", XSD,
                                    os.path.join(GOLDEN, name)],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
                self.assertEqual(p.returncode, 0, p.stdout.decode())
                self.assertIn(b"validates", p.stdout)


class Json(unittest.TestCase):
    def load(self, name):
        return json.loads(golden(name).decode("utf-8"))

    def test_handle_summary_shape(self):
        d = self.load("gate-failed.handle-summary.json")
        self.assertEqual(list(d), ["root_group", "options", "state", "metrics", "setup_data"])
        self.assertEqual(d["root_group"]["id"], "d41d8cd98f00b204e9800998ecf8427e")
        self.assertIsInstance(d["root_group"]["groups"], list)
        self.assertIsInstance(d["root_group"]["checks"], list)
        login = d["root_group"]["groups"][0]
        self.assertEqual(login["name"], "login")
        self.assertEqual(login["groups"][0]["checks"][0]["fails"], 7)
        self.assertEqual(set(d["options"]), {"summaryTrendStats", "summaryTimeUnit", "noColor"})
        self.assertEqual(set(d["state"]), {"isStdOutTTY", "isStdErrTTY", "testRunDurationMs"})
        m = d["metrics"]["http_req_failed"]
        self.assertEqual(m["type"], "rate")
        self.assertEqual(m["contains"], "default")
        self.assertEqual(set(m["values"]), {"rate", "passes", "fails"})
        self.assertEqual(m["thresholds"], {"rate<0.01": {"ok": False}})
        self.assertEqual(set(d["metrics"]["http_req_duration"]["values"]),
                         set(d["options"]["summaryTrendStats"]))
        self.assertEqual(d["setup_data"], {"token": "abc", "n": 1})

    def test_summary_json(self):
        d = self.load("gate-failed.summary.json")
        base = self.load("gate-failed.handle-summary.json")
        lg = d.pop("loadgate")
        self.assertEqual(d, base)
        self.assertEqual(lg["verdict"], "failed")
        self.assertEqual(lg["exit_code"], 99)
        self.assertEqual(len(lg["thresholds"]), 7)
        self.assertEqual(sum(not t["ok"] for t in lg["thresholds"]), 3)
        self.assertEqual(lg["thresholds"][0],
                         {"metric": "checks", "expr": "rate>0.9", "ok": False, "observed": 0.84})
        self.assertEqual(lg["histograms"]["http_req_duration"]["exact"],
                         [100.5, 201, 301.5, 402, 502.5])
        self.assertEqual(lg["properties"]["vus"], "10")

    def test_summary_export(self):
        d = self.load("gate-failed.summary-export.json")
        self.assertEqual(d["metrics"]["http_req_failed"]["thresholds"], {"rate<0.01": True})
        self.assertEqual(d["metrics"]["http_reqs"]["thresholds"],
                         {"count>10": False, "rate>1": False})
        self.assertIn("login", d["root_group"]["groups"])


if __name__ == "__main__":
    prog = unittest.main(exit=False, verbosity=2)
    r = prog.result
    print("%d passed, %d failed, %d skipped" % (r.testsRun - len(r.failures) - len(r.errors)
                                                - len(r.skipped),
                                                len(r.failures) + len(r.errors), len(r.skipped)))
    sys.exit(0 if r.wasSuccessful() else 1)
