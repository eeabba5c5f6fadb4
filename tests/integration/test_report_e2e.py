# SPDX-License-Identifier: Apache-2.0
"""Golden files for every report of a real run: fixtures/scripts/gate-golden.js
against the loopback target, with what varies between runs (times, rates,
sizes, paths) masked.  LG_UPDATE_GOLDEN=1 rewrites fixtures/golden/e2e/."""
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import lgtest  # noqa: E402
from target import Target  # noqa: E402

GOLDEN = os.path.join(lgtest.SOURCE_ROOT, "fixtures", "golden", "e2e")
XSD = os.path.join(lgtest.SOURCE_ROOT, "fixtures", "junit", "junit.xsd")
TIME = r"\d+(?:\.\d+)?(?:ns|µs|ms|s)|\d+m\d+(?:\.\d+)?s|\d+h\d+m\d+(?:\.\d+)?s"


def mask_text(s):
    s = re.sub(r"\d+(?:\.\d+)? ?(?:B|kB|MB|GB)\b", "<data>", s)
    s = re.sub(r"\b\d+(?:\.\d+)?/s\b|<data>/s", "<rate>/s", s)
    s = re.sub(r"(?<![\w.])(?:%s)(?![\w])" % TIME, "<t>", s)
    s = re.sub(r"\.{3,}", "...", s)
    s = re.sub(r"[ \t]+", " ", s)
    s = re.sub(r'time="[^"]*"', 'time="<t>"', s)
    s = s.replace(lgtest.SOURCE_ROOT, "<src>")
    s = re.sub(r"127\.0\.0\.1:\d+", "<target>", s)
    return "\n".join(l.rstrip() for l in s.splitlines()) + "\n"


VOLATILE_METRICS = {"data_sent", "data_received", "vus", "vus_max"}


def mask_json(o, path=()):
    """Mask the values that vary: trends, per-second rates, durations, sizes."""
    if isinstance(o, dict):
        out = {}
        for k, v in o.items():
            p = path + (k,)
            if k in ("histograms", "testRunDurationMs", "version"):
                out[k] = "<masked>"
            elif len(p) >= 2 and p[-2] == "metrics" and isinstance(v, dict):
                out[k] = mask_metric(k, v)
            else:
                out[k] = mask_json(v, p)
        return out
    if isinstance(o, list):
        return [mask_json(x, path) for x in o]
    if isinstance(o, str):
        return mask_text(o).rstrip("\n")
    return o


def mask_metric(name, m):
    base = name.split("{")[0]
    vals = m.get("values", m)
    kind = m.get("type")
    masked = {}
    for k, v in vals.items():
        if k == "thresholds":
            masked[k] = v
        elif base in VOLATILE_METRICS or kind == "trend" or k in ("rate",) and kind == "counter":
            masked[k] = "<masked>"
        elif kind is None and k not in ("count", "passes", "fails", "value"):
            masked[k] = "<masked>"  # legacy export: flattened values
        elif kind is None and base in ("http_req_duration", "iteration_duration", "group_duration") \
                or base.startswith("http_req_") and base != "http_req_failed":
            masked[k] = "<masked>"
        else:
            masked[k] = v
    if "values" in m:
        out = dict(m)
        out["values"] = masked
        return out
    return masked


class Goldens(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        t = Target()
        t.start()
        try:
            d = tempfile.mkdtemp()
            cls.files = {n: os.path.join(d, n) for n in
                         ("junit.xml", "summary.json", "results.tap", "export.json")}
            cmd = [lgtest.LOADGATE, "run", "-q", "--no-color",
                   "--junit", cls.files["junit.xml"], "--summary-json", cls.files["summary.json"],
                   "--tap", cls.files["results.tap"], "--summary-export", cls.files["export.json"],
                   os.path.join(lgtest.SCRIPTS, "gate-golden.js")]
            p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=dict(os.environ, **t.env()), timeout=120)
            cls.rc, cls.out, cls.err = p.returncode, p.stdout.decode(), p.stderr.decode()
        finally:
            t.stop()

    def compare(self, name, text):
        path = os.path.join(GOLDEN, name)
        if os.environ.get("LG_UPDATE_GOLDEN"):
            os.makedirs(GOLDEN, exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
        with open(path) as f:
            want = f.read()
        self.assertEqual(text, want, "%s differs from the golden file %s" % (name, path))

    def test_exit_code(self):
        # checks: 10 of 12 pass -> rate 0.83 fails "rate>0.9", and 4 201s fail "count>=5"
        self.assertEqual(self.rc, 99, self.err)

    def test_text_summary(self):
        self.compare("summary.txt", mask_text(self.out))

    def test_summary_export(self):
        with open(self.files["export.json"]) as f:
            self.compare("export.json", json.dumps(mask_json(json.load(f)), indent=2, sort_keys=True) + "\n")

    def test_summary_json(self):
        with open(self.files["summary.json"]) as f:
            self.compare("summary.json", json.dumps(mask_json(json.load(f)), indent=2, sort_keys=True) + "\n")

    def test_junit(self):
        p = subprocess.run(["xmllint", "--noout", "--schema", XSD, self.files["junit.xml"]],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(self.files["junit.xml"]) as f:
            self.compare("junit.xml", mask_text(f.read()))

    def test_tap(self):
        with open(self.files["results.tap"]) as f:
            self.compare("results.tap", mask_text(f.read()))


if __name__ == "__main__":
    lgtest.main()
