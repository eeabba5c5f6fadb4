# SPDX-License-Identifier: Apache-2.0
"""`ci/bench --smoke`: the benchmark harness runs end to end and prints well-formed
tables.  Timing is never judged here (the machine is shared and noisy); only that
every scenario ran, counted what it should, and left nothing running.

Needs nginx and wrk (`ci/bootstrap --bench`).  When they are missing and this
runs as root with apt-get, it runs `ci/bootstrap --bench` itself; otherwise the
tests are skipped with a message."""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import lgtest  # noqa: E402

SOURCE_ROOT = lgtest.SOURCE_ROOT
BUILD_ROOT = os.environ.get("LG_BUILD_ROOT", os.path.join(SOURCE_ROOT, "build"))
BENCH = os.path.join(SOURCE_ROOT, "ci", "bench")
DOC = os.path.join(SOURCE_ROOT, "docs", "benchmarks.md")
SMOKE_VUS = [1, 20, 50]  # the start-up and memory rows of --smoke
SINK_CASES = 6  # lines bench_sink.c prints
OUT = None
SKIP = None


def _missing():
    have_nginx = shutil.which("nginx") or os.access("/usr/sbin/nginx", os.X_OK)
    return [t for t, ok in (("nginx", have_nginx), ("wrk", shutil.which("wrk"))) if not ok]


def _ensure_tools():
    """None when nginx and wrk are there (installing them if allowed), else why not."""
    missing = _missing()
    if not missing:
        return None
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return ("%s not installed and not root with apt-get: run ci/bootstrap --bench"
                % " and ".join(missing))
    p = subprocess.run([os.path.join(SOURCE_ROOT, "ci", "bootstrap"), "--bench"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=1200)
    missing = _missing()
    if missing:
        return "ci/bootstrap --bench did not install %s:\n%s" % (
            " and ".join(missing), p.stdout.decode("utf-8", "replace")[-2000:])
    return None


def _doc_state():
    try:
        with open(DOC, "rb") as f:
            return f.read()
    except OSError:
        return None


def _nginx_port(err):
    m = re.search(r"nginx on http://127\.0\.0\.1:(\d+)/", err)
    return int(m.group(1)) if m else None


def _port_closed(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return False
    except OSError:
        return True


def _procs_naming(port):
    """Processes whose command line names 127.0.0.1:port (a generator or nginx left behind)."""
    needle = ("127.0.0.1:%d" % port).encode()
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                if needle in f.read():
                    found.append(int(pid))
        except OSError:
            pass
    return found


def tables(text):
    """Every Markdown table in text as (header cells, [row cells]), checking the separator."""
    out = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].startswith("|"):
            block = []
            while i < len(lines) and lines[i].startswith("|"):
                block.append(lines[i])
                i += 1
            cells = [[c.strip() for c in b.strip().strip("|").split("|")] for b in block]
            out.append((cells[0], cells[1], cells[2:], block))
        else:
            i += 1
    return out


def section(text, heading):
    """The text of the `## heading...` section."""
    m = re.search(r"^%s.*?(?=^## |\Z)" % re.escape(heading), text, re.M | re.S)
    return m.group(0) if m else None


def setUpModule():
    global OUT, SKIP
    SKIP = _ensure_tools()
    if SKIP:
        return
    before = _doc_state()
    p = subprocess.run([BENCH, "--smoke", "--build-dir", BUILD_ROOT], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=900)
    OUT = (p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"),
           before, _doc_state())


class Smoke(unittest.TestCase):
    def setUp(self):
        if SKIP:
            self.skipTest(SKIP)
        self.rc, self.out, self.err, self.doc_before, self.doc_after = OUT

    def _msg(self):
        return "rc=%d\n--- stdout\n%s\n--- stderr\n%s" % (self.rc, self.out[-6000:],
                                                          self.err[-4000:])

    def test_runs_and_writes_nothing(self):
        self.assertEqual(self.rc, 0, self._msg())
        self.assertEqual(self.doc_before, self.doc_after, "--smoke must not write docs/benchmarks.md")

    def test_tables_well_formed(self):
        ts = tables(self.out)
        # versions, targets, a, b, c memory, c start-up, e, sink
        self.assertEqual(len(ts), 8, self._msg())
        for header, sep, rows, block in ts:
            self.assertTrue(all(h for h in header), block)
            self.assertEqual(sep, ["---"] * len(header), block)
            self.assertGreater(len(rows), 0, block)
            for r in rows:
                self.assertEqual(len(r), len(header), block)
        for h in ("## Targets", "## a.", "## b.", "## c.", "## e.", "## Sink"):
            self.assertIsNotNone(section(self.out, h), h)
        self.assertIsNone(section(self.out, "## d."), "d runs only with --long")

    def _rows(self, heading):
        sec = section(self.out, heading)
        self.assertIsNotNone(sec, heading)
        header, _, rows, _ = tables(sec)[0]
        return [dict(zip(header, r)) for r in rows]

    def test_generators_counted(self):
        peers = [("wrk", "wrk"), ("h2load", "h2load (`--h1`)"), ("hey", "hey"), ("ab", "ab (`-k`)")]
        expect = {"loadgate (`--threads 1`)" if len(os.sched_getaffinity(0)) >= 2 else "loadgate"}
        expect |= {name for binary, name in peers if shutil.which(binary)}
        for heading in ("## a.", "## e."):
            rows = self._rows(heading)
            self.assertTrue(expect <= {r["generator"] for r in rows}, (heading, rows))
            for r in rows:
                self.assertGreater(int(r["requests"]), 0, r)
                self.assertEqual(r["errors"], "0", r)
                self.assertGreater(float(r["req/s"]), 0, r)
            wrk = [r for r in rows if r["generator"] == "wrk"][0]
            self.assertEqual(wrk["×wrk"], "1.00×")
        b = self._rows("## b.")
        self.assertEqual(len(b), 2, b)  # loadgate and wrk, the reference
        self.assertTrue(all(int(r["requests"]) > 0 and r["errors"] == "0" for r in b), b)
        lg = [r for r in self._rows("## a.") if r["generator"].startswith("loadgate")][0]
        self.assertRegex(lg["target"], r"^\*\*(PASS|FAIL)\*\* \(CPU ≤ 2\.0× wrk's\)$")

    def test_memory_and_startup(self):
        sec = section(self.out, "## c.")
        (mh, _, mem, _), (sh, _, start, _) = tables(sec)
        self.assertEqual([r[0] for r in mem], [str(n) for n in SMOKE_VUS])
        for r in mem:
            row = dict(zip(mh, r))
            self.assertGreater(int(row["requests"]), 0, row)
            self.assertGreater(float(row["peak RSS MiB"]), 0, row)
        self.assertEqual([r[0] for r in start], [str(n) for n in SMOKE_VUS])
        for r in start:
            row = dict(zip(sh, r))
            # per-vu-iterations x 1: nginx logged exactly one request per VU
            self.assertEqual(row["requests logged (min)"], "%s / %s" % (r[0], r[0]), row)
            first = float(row["start → first request at nginx s"])
            last = float(row["start → last VU's request at nginx s"])
            wall = float(row["start → every VU done (wall) s"])
            self.assertTrue(0 <= first <= last <= wall + 0.002, row)

    def test_sink_and_targets(self):
        sink = self._rows("## Sink")
        self.assertEqual(len(sink), SINK_CASES, sink)
        for r in sink:
            self.assertGreater(float(r["ns/sample"]), 0, r)
        targets = self._rows("## Targets")
        self.assertEqual([t["target (issue 8)"].split(":")[0] for t in targets],
                         ["a", "b", "c", "sink"], targets)
        for t in targets:
            self.assertIn(t["verdict"], ("**PASS**", "**FAIL**", "n/a"), t)

    def test_nothing_left_running(self):
        port = _nginx_port(self.err)
        self.assertIsNotNone(port, self._msg())
        self.assertTrue(_port_closed(port), "nginx still listening on %d" % port)
        self.assertEqual(_procs_naming(port), [])


class Interrupt(unittest.TestCase):
    def setUp(self):
        if SKIP:
            self.skipTest(SKIP)

    def test_ctrl_c_stops_nginx_and_generator(self):
        p = subprocess.Popen([BENCH, "--smoke", "--scenario", "c", "--build-dir", BUILD_ROOT],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            err = b""
            deadline = time.monotonic() + 120
            # wait until a generator is running against nginx
            while b"memory, 20 VUs" not in err and time.monotonic() < deadline:
                line = p.stderr.readline()
                if not line:
                    break
                err += line
            port = _nginx_port(err.decode())
            self.assertIsNotNone(port, err)
            time.sleep(0.3)
            p.send_signal(signal.SIGINT)
            rest = p.communicate(timeout=60)
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()
        self.assertEqual(p.returncode, 130, (err, rest))
        self.assertTrue(_port_closed(port))
        self.assertEqual(_procs_naming(port), [])


if __name__ == "__main__":
    lgtest.main()
