# SPDX-License-Identifier: Apache-2.0
"""docs/ci: the GitHub Actions and GitLab CI examples parse as YAML, their
loadgate step is short, and their exact command lines work against the
loopback target (with ./loadgate replaced by the built binary)."""
import os
import shlex
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import lgtest  # noqa: E402
from target import Target  # noqa: E402

try:
    import yaml
except ImportError:  # ci/bootstrap installs python3-yaml
    yaml = None

DOCS = os.path.join(lgtest.SOURCE_ROOT, "docs", "ci")
SCHEMA = os.path.join(lgtest.SOURCE_ROOT, "fixtures", "junit", "junit.xsd")


def load(name):
    with open(os.path.join(DOCS, name)) as f:
        return yaml.safe_load(f)


def block_lines(name, first):
    """Source lines of the YAML block starting at `first` (up to the next blank line)."""
    with open(os.path.join(DOCS, name)) as f:
        lines = f.read().split("\n")
    start = [i for i, l in enumerate(lines) if l.strip().startswith(first)][0]
    end = start
    while end < len(lines) and lines[end].strip():
        end += 1
    return end - start


def run_command(cmd, target, extra_env=None):
    """Run a documented command line from the repo root, ./loadgate -> the build."""
    argv = shlex.split(cmd)
    assert argv[0] == "./loadgate", cmd
    argv[0] = lgtest.LOADGATE
    out = tempfile.mkdtemp()
    argv = [a.replace("out/", out + "/") for a in argv]
    env = dict(os.environ)
    env.update(target.env())
    env["BASE_URL"] = target.http_url
    env["DURATION"] = "2s"
    env.update(extra_env or {})
    p = subprocess.run(argv, cwd=lgtest.SOURCE_ROOT, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=120)
    return p, out


@unittest.skipIf(yaml is None, "python3-yaml is not installed")
class Examples(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.t = Target()
        cls.t.start()

    @classmethod
    def tearDownClass(cls):
        cls.t.stop()

    def check_junit(self, path):
        p = subprocess.run(["xmllint", "--noout", "--schema", SCHEMA, path],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.assertEqual(p.returncode, 0, p.stderr)

    def test_github_actions(self):
        wf = load("github-actions.yml")
        steps = wf["jobs"]["load-test"]["steps"]
        step = [s for s in steps if "loadgate" in str(s.get("run", ""))][0]
        self.assertLessEqual(block_lines("github-actions.yml", "- name: Load test"), 10)
        self.assertEqual(wf["jobs"]["deploy"]["needs"], "load-test")
        summary = os.path.join(tempfile.mkdtemp(), "step-summary.md")
        p, out = run_command(step["run"], self.t,
                             {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary})
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        self.check_junit(os.path.join(out, "junit.xml"))
        self.assertTrue(os.path.getsize(os.path.join(out, "summary.json")) > 0)
        with open(summary) as f:
            md = f.read()
        self.assertIn("loadgate: passed", md)
        self.assertIn("`p(95)<500`", md)
        report = [s for s in steps if "test-reporter" in str(s.get("uses", ""))][0]
        self.assertEqual(report["with"]["path"], "out/junit.xml")

    def test_gitlab(self):
        ci = load("gitlab-ci.yml")
        job = ci["load-test"]
        self.assertLessEqual(block_lines("gitlab-ci.yml", "load-test:"), 10)
        self.assertEqual(job["artifacts"]["reports"]["junit"], "out/junit.xml")
        self.assertEqual(ci["deploy"]["stage"], "deploy")
        self.assertLess(ci["stages"].index("test"), ci["stages"].index("deploy"))
        for cmd in job["script"]:
            p, out = run_command(cmd, self.t, {"BASE_URL": job["variables"]["BASE_URL"]
                                               .replace("http://127.0.0.1:8080", self.t.http_url)})
            self.assertEqual(p.returncode, 0, p.stderr.decode())
            self.check_junit(os.path.join(out, "junit.xml"))
            with open(os.path.join(out, "results.tap")) as f:
                self.assertTrue(f.read().startswith("TAP version 14"))

    def test_gate_fails_the_job(self):
        # the same command exits 99 when a threshold fails: the job (and the deploy) stop
        p, _ = run_command("./loadgate run --junit out/junit.xml docs/ci/load.js", self.t,
                           {"BASE_URL": self.t.http_url + "/status/500"})
        self.assertEqual(p.returncode, 99, p.stderr.decode())


if __name__ == "__main__":
    lgtest.main()
