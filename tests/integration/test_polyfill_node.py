# SPDX-License-Identifier: Apache-2.0
"""The expected outputs of tests/polyfill/*.js come from Node.js: re-run each
program under node (tests/polyfill/node-run.js) and check that node still
prints exactly the committed .out file, so the expectations of the polyfill
unit test (tests/unit/test_polyfill.c) cannot drift from real JavaScript.

`python3 tests/integration/test_polyfill_node.py --regen` rewrites the .out
files from node (review the diff before committing it).
"""
import glob
import os
import shutil
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.environ.get("LG_SOURCE_ROOT", os.path.dirname(os.path.dirname(HERE)))
DIR = os.path.join(ROOT, "tests", "polyfill")
RUNNER = os.path.join(DIR, "node-run.js")
NODE = shutil.which("node")


def programs():
    return sorted(p for p in glob.glob(os.path.join(DIR, "*.js")) if p != RUNNER)


def run_node(path):
    r = subprocess.run([NODE, RUNNER, os.path.basename(path)], cwd=DIR,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    if r.returncode != 0:
        raise AssertionError("node failed on %s:\n%s" % (path, r.stderr.decode()))
    return r.stdout


@unittest.skipIf(NODE is None, "node is not installed")
class NodeAgrees(unittest.TestCase):
    def test_every_program_has_an_expectation(self):
        progs = programs()
        self.assertGreaterEqual(len(progs), 10)
        for p in progs:
            self.assertTrue(os.path.exists(p[:-3] + ".out"), p + " has no .out file")

    def test_node_prints_the_out_files(self):
        for p in programs():
            with self.subTest(program=os.path.basename(p)):
                with open(p[:-3] + ".out", "rb") as f:
                    expected = f.read()
                self.assertEqual(run_node(p).decode(), expected.decode())


def regen():
    if NODE is None:
        sys.exit("node is not installed")
    for p in programs():
        with open(p[:-3] + ".out", "wb") as f:
            f.write(run_node(p))
        print("wrote", p[:-3] + ".out")


if __name__ == "__main__":
    if sys.argv[1:] == ["--regen"]:
        regen()
    else:
        unittest.main()
