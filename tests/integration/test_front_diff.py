# SPDX-License-Identifier: Apache-2.0
"""Differential tests of the JavaScript front end (src/front).

Every tests/front/cases/*.js (and *.mjs) program runs twice: under Node.js and
under tests/front/front_run (lg_front_compile + Duktape).  Their stdout must
be identical, and both must succeed or both fail.  A case is an ES module
when it has a top-level import/export: Node runs it from a temporary copy of
the cases directory marked {"type": "module"}; CommonJS libraries are .cjs.

Every tests/front/errors/NAME.js must fail to compile with exactly the
message in NAME.expected (front_run runs in that directory, so the file name
in the message is NAME.js).

Usage: test_front_diff.py [-v] [SUBSTRING...]   (only cases whose name matches)
Prints "N passed, M failed"; exits 77 (skipped) without node.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.environ.get("LG_SOURCE_ROOT", os.path.dirname(os.path.dirname(HERE)))
BUILD_ROOT = os.environ.get("LG_BUILD_ROOT", os.path.join(SOURCE_ROOT, "build"))
FRONT_RUN = os.environ.get("FRONT_RUN", os.path.join(BUILD_ROOT, "src", "front", "front_run"))
CASES = os.path.join(SOURCE_ROOT, "tests", "front", "cases")
ERRORS = os.path.join(SOURCE_ROOT, "tests", "front", "errors")
ESM = re.compile(r"^\s*(import\s*[\w{*'\"]|export\s)", re.M)
TIMEOUT = 30


def run(cmd, cwd):
    try:
        p = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return 124, b"", b"timeout"
    return p.returncode, p.stdout, p.stderr


def main():
    args = sys.argv[1:]
    verbose = "-v" in args
    filters = [a for a in args if a != "-v"]
    node = shutil.which("node")
    if not node:
        print("node not found: skipped")
        return 77
    if not os.access(FRONT_RUN, os.X_OK):
        print("front_run not built: %s" % FRONT_RUN)
        return 1
    names = sorted(n for n in os.listdir(CASES)
                   if n.endswith((".js", ".mjs")) and os.path.isfile(os.path.join(CASES, n)))
    names = [n for n in names if not filters or any(f in n for f in filters)]
    esm_dir = tempfile.mkdtemp(prefix="front-esm-")
    passed = failed = 0
    try:
        shutil.copytree(CASES, esm_dir, dirs_exist_ok=True)
        with open(os.path.join(esm_dir, "package.json"), "w") as f:
            f.write('{"type": "module"}\n')
        # 'k6' and 'k6/http' for Node: the same stubs front_run builds in
        shutil.copytree(os.path.join(SOURCE_ROOT, "tests", "front", "k6stub"),
                        os.path.join(esm_dir, "node_modules", "k6"))
        for name in names:
            with open(os.path.join(CASES, name), encoding="utf-8") as f:
                src = f.read()
            is_esm = name.endswith(".mjs") or bool(ESM.search(src))
            nrc, nout, nerr = run([node, name], esm_dir if is_esm else CASES)
            frc, fout, ferr = run([FRONT_RUN, name], CASES)
            if nout == fout and (nrc == 0) == (frc == 0):
                passed += 1
                if verbose:
                    print("ok   %s" % name)
                continue
            failed += 1
            print("FAIL %s (node rc %d, front_run rc %d)" % (name, nrc, frc))
            print("  --- node stdout\n" + indent(nout) + "  --- front_run stdout\n" + indent(fout))
            if nerr:
                print("  --- node stderr\n" + indent(nerr[-1500:]))
            if ferr:
                print("  --- front_run stderr\n" + indent(ferr[-1500:]))
        for name in sorted(os.listdir(ERRORS)) if not filters else []:
            if not name.endswith(".js"):
                continue
            with open(os.path.join(ERRORS, name[:-3] + ".expected"), encoding="utf-8") as f:
                want = f.read().rstrip("\n")
            rc, out, err = run([FRONT_RUN, "-c", name], ERRORS)
            got = err.decode("utf-8", "replace").rstrip("\n")
            if rc == 1 and got == want:
                passed += 1
                if verbose:
                    print("ok   errors/%s" % name)
                continue
            failed += 1
            print("FAIL errors/%s (rc %d)\n  --- want\n%s\n  --- got\n%s"
                  % (name, rc, indent(want.encode()), indent(got.encode())))
    finally:
        shutil.rmtree(esm_dir, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


def indent(b):
    text = b.decode("utf-8", "replace")
    return "".join("    " + line + "\n" for line in text.splitlines())


if __name__ == "__main__":
    sys.exit(main())
