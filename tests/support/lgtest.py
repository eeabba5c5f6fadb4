# SPDX-License-Identifier: Apache-2.0
"""Helpers for integration tests: run the real loadgate binary on a script
against the loopback target and read its reports."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from target import Target  # noqa: E402

SOURCE_ROOT = os.environ.get("LG_SOURCE_ROOT", os.path.dirname(os.path.dirname(HERE)))
LOADGATE = os.environ.get("LOADGATE") or next(
    (p for p in (os.path.join(SOURCE_ROOT, d, "src", "loadgate") for d in ("build-test", "build"))
     if os.path.exists(p)), os.path.join(SOURCE_ROOT, "build", "src", "loadgate"))
SCRIPTS = os.path.join(SOURCE_ROOT, "fixtures", "scripts")


class Result:
    def __init__(self, rc, out, err, export):
        self.rc, self.out, self.err, self.export = rc, out, err, export

    def metric(self, name):
        return self.export["metrics"].get(name)

    def __repr__(self):
        return "rc=%d\n--- stdout\n%s\n--- stderr\n%s" % (self.rc, self.out, self.err[-4000:])


def run(script, *args, target=None, env=None, timeout=300, export=True, cwd=None):
    """Run `loadgate run` on a fixture name, a path, or inline source (contains a newline)."""
    tmp = tempfile.mkdtemp(prefix="lgtest-")
    if "\n" in script:
        path = os.path.join(tmp, "script.js")
        with open(path, "w") as f:
            f.write(script)
    elif os.path.sep in script:
        path = script
    else:
        path = os.path.join(SCRIPTS, script)
    cmd = [LOADGATE, "run", "-q"]
    exp = os.path.join(tmp, "export.json")
    if export:
        cmd += ["--summary-export", exp]
    cmd += list(args) + [path]
    e = dict(os.environ)
    e.pop("NO_COLOR", None)
    if target is not None:
        e.update(target.env())
    if env:
        e.update(env)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e,
                       timeout=timeout, cwd=cwd or tmp)
    data = None
    if export and os.path.exists(exp):
        with open(exp) as f:
            data = json.load(f)
    return Result(p.returncode, p.stdout.decode("utf-8", "replace"),
                  p.stderr.decode("utf-8", "replace"), data)


def module_target(g):
    """setUpModule/tearDownModule for a test module whose tests share one
    target as the module global T:
        setUpModule, tearDownModule = lgtest.module_target(globals())"""
    def set_up():
        g["T"] = Target()
        g["T"].start()

    def tear_down():
        g["T"].stop()
    return set_up, tear_down


def main():
    """unittest main that ends with the 'N passed, M failed' line CI reads."""
    prog = unittest.main(exit=False, verbosity=2)
    r = prog.result
    failed = len(r.failures) + len(r.errors)
    passed = r.testsRun - failed - len(r.skipped)
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)
