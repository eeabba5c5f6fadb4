# SPDX-License-Identifier: Apache-2.0
"""Remote modules (docs/modules/remote.md): fetched once at start-up over
HTTPS from a local server, cached on disk, --offline, `loadgate fetch`, the
init errors (exit 107), and the built-in k6-utils / k6-summary that need no
network at all."""
import hashlib
import http.server
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import lgtest  # noqa: E402
from target import make_cert  # noqa: E402

LIB_INDEX = b"""import { helper } from './util.js';
import { check } from 'k6';
export function hello(n) { return 'hello ' + helper(n); }
export { check };
"""
LIB_UTIL = b"export const helper = (n) => `<${n}>`;\n"

CERT_DIR = None
CERT = None


def setUpModule():
    global CERT_DIR, CERT
    CERT_DIR = tempfile.mkdtemp(prefix="lg-remote-cert-")
    CERT = make_cert(CERT_DIR)


def tearDownModule():
    shutil.rmtree(CERT_DIR, ignore_errors=True)


class Server:
    """An HTTPS server on 127.0.0.1 serving fake modules, counting requests."""

    def __init__(self, files):
        self.files = files
        self.hits = {}
        lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                with lock:
                    outer.hits[self.path] = outer.hits.get(self.path, 0) + 1
                body = outer.files.get(self.path)
                if body is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/javascript")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(CERT[0], CERT[1])
        self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True)
        self.url = "https://127.0.0.1:%d" % self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(10)


def cache_files(cache_home, url):
    h = hashlib.sha256(url.encode()).hexdigest()
    d = os.path.join(cache_home, "loadgate", "modules")
    return os.path.join(d, h + ".js"), os.path.join(d, h + ".url")


MAIN = """import {{ hello, check }} from '{base}/lib/index.js';
import {{ randomString }} from 'https://jslib.k6.io/k6-utils/1.4.0/index.js';
export const options = {{ vus: 20, iterations: 40 }};
export default async function () {{
  check(hello(__VU), {{ 'hello works': (s) => s === 'hello <' + __VU + '>' }});
  const util = await import('{base}/lib/util.js');
  check(util.helper(__ITER), {{ 'dynamic import': (s) => s === '<' + __ITER + '>' }});
  check(randomString(5), {{ 'built-in k6-utils': (s) => s.length === 5 }});
}}
"""


class RemoteModules(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="lg-remote-")
        self.cache = os.path.join(self.tmp, "cache")
        self.env = {"XDG_CACHE_HOME": self.cache, "SSL_CERT_FILE": CERT[0],
                    "LOADGATE_OFFLINE": ""}

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def script(self, text, name="script.js"):
        path = os.path.join(self.tmp, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def loadgate(self, *args, env=None, timeout=60):
        e = dict(os.environ)
        e.update(self.env)
        if env:
            e.update(env)
        return subprocess.run([lgtest.LOADGATE] + list(args), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=e, timeout=timeout, cwd=self.tmp,
                              universal_newlines=True)

    def test_fetch_once_cache_then_offline(self):
        srv = Server({"/lib/index.js": LIB_INDEX, "/lib/util.js": LIB_UTIL})
        try:
            path = self.script(MAIN.format(base=srv.url))
            r = lgtest.run(path, "--threads", "2", env=self.env)
            self.assertEqual(r.rc, 0, r)
            checks = r.export["root_group"]["checks"]
            self.assertEqual(checks["hello works"]["passes"], 40, r)
            self.assertEqual(checks["hello works"]["fails"], 0, r)
            self.assertEqual(checks["built-in k6-utils"]["passes"], 40, r)
            self.assertEqual(checks["dynamic import"]["passes"], 40, r)
            # one request per module for 20 VUs on 2 threads; none for the built-in
            self.assertEqual(srv.hits, {"/lib/index.js": 1, "/lib/util.js": 1})
        finally:
            srv.stop()
        for mod, body in (("/lib/index.js", LIB_INDEX), ("/lib/util.js", LIB_UTIL)):
            js, meta = cache_files(self.cache, srv.url + mod)
            with open(js, "rb") as f:
                self.assertEqual(f.read(), body)
            with open(meta) as f:
                self.assertEqual(f.read(), srv.url + mod + "\n")
        self.assertEqual(len(os.listdir(os.path.join(self.cache, "loadgate", "modules"))), 4)
        # the server is gone: --offline (and LOADGATE_OFFLINE) run from the cache
        r = lgtest.run(path, "--offline", env=self.env)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.export["root_group"]["checks"]["hello works"]["passes"], 40, r)
        env = dict(self.env, LOADGATE_OFFLINE="1")
        r = lgtest.run(path, env=env)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.export["root_group"]["checks"]["hello works"]["passes"], 40, r)
        # online with the server gone: an init error that points at the cache
        r = lgtest.run(path, env=self.env)
        self.assertEqual(r.rc, 107, r)
        self.assertIn("script.js:1: cannot fetch the remote module %s/lib/index.js" % srv.url,
                      r.err)
        self.assertIn("--offline runs from it", r.err)

    def test_offline_empty_cache(self):
        url = "https://127.0.0.1:9/lib/index.js"
        path = self.script(MAIN.format(base="https://127.0.0.1:9"))
        r = lgtest.run(path, "--offline", env=self.env)
        self.assertEqual(r.rc, 107, r)
        self.assertIn("script.js:1: the remote module %s is not in the module cache" % url, r.err)
        self.assertIn("loadgate fetch", r.err)
        self.assertFalse(os.path.exists(os.path.join(self.cache, "loadgate")))

    def test_404_names_file_line_status(self):
        srv = Server({"/lib/index.js": b"import './missing.js';\nexport const a = 1;\n"})
        try:
            path = self.script("import { check } from 'k6';\n\n"
                               "import { a } from '%s/lib/index.js';\n"
                               "export default function () {}\n" % srv.url)
            r = lgtest.run(path, env=self.env, export=False)
        finally:
            srv.stop()
        self.assertEqual(r.rc, 107, r)
        # the failing import is in the remote module, line 1
        self.assertIn("%s/lib/index.js:1: cannot fetch the remote module %s/lib/missing.js: "
                      "HTTP status 404" % (srv.url, srv.url), r.err)
        self.assertEqual(srv.hits, {"/lib/index.js": 1, "/lib/missing.js": 1})
        # a 404 of the script's own import names the script and its line
        srv = Server({})
        try:
            path = self.script("import { check } from 'k6';\n\n"
                               "import { a } from '%s/nope.js';\n"
                               "export default function () {}\n" % srv.url)
            r = lgtest.run(path, env=self.env, export=False)
        finally:
            srv.stop()
        self.assertEqual(r.rc, 107, r)
        self.assertIn("script.js:3: cannot fetch the remote module %s/nope.js: HTTP status 404"
                      % srv.url, r.err)

    def test_timeout_is_bounded(self):
        # a server that accepts connections and never answers
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        try:
            url = "https://127.0.0.1:%d/slow.js" % sock.getsockname()[1]
            path = self.script("const m = require('%s');\nexport default function () {}\n" % url)
            t0 = time.monotonic()
            r = lgtest.run(path, env=dict(self.env, LOADGATE_MODULE_TIMEOUT="1"), export=False,
                           timeout=30)
            elapsed = time.monotonic() - t0
        finally:
            sock.close()
        self.assertEqual(r.rc, 107, r)
        self.assertIn("script.js:1: cannot fetch the remote module %s: Timeout was reached" % url,
                      r.err)
        self.assertLess(elapsed, 10)

    def test_tls_failure(self):
        other_dir = tempfile.mkdtemp(prefix="lg-remote-ca-", dir=self.tmp)
        other_ca, _ = make_cert(other_dir)
        srv = Server({"/lib/util.js": LIB_UTIL})
        try:
            path = self.script("import { helper } from '%s/lib/util.js';\n"
                               "export default function () {}\n" % srv.url)
            r = lgtest.run(path, env=dict(self.env, SSL_CERT_FILE=other_ca), export=False)
        finally:
            srv.stop()
        self.assertEqual(r.rc, 107, r)
        self.assertIn("script.js:1: cannot fetch the remote module %s/lib/util.js: SSL" % srv.url,
                      r.err)

    def test_fetch_command_fills_the_cache(self):
        srv = Server({"/lib/index.js": LIB_INDEX, "/lib/util.js": LIB_UTIL})
        try:
            # through a local module, with a require() of a string literal
            self.script("module.exports = require('%s/lib/index.js');\n" % srv.url, "local.js")
            path = self.script(
                "import { hello } from './local.js';\n"
                "import { textSummary } from 'https://jslib.k6.io/k6-summary/0.0.2/index.js';\n"
                "export default function () { if (hello(1) !== 'hello <1>') throw 1; }\n")
            r = self.loadgate("fetch", path)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(srv.hits, {"/lib/index.js": 1, "/lib/util.js": 1})
            self.assertIn("fetched   %s/lib/index.js" % srv.url, r.stdout)
            self.assertIn("built-in  https://jslib.k6.io/k6-summary/0.0.2/index.js", r.stdout)
            self.assertIn("2 remote modules in the cache", r.stdout)
        finally:
            srv.stop()
        for mod in ("/lib/index.js", "/lib/util.js"):
            self.assertTrue(os.path.exists(cache_files(self.cache, srv.url + mod)[0]))
        r = lgtest.run(path, "--offline", "-i", "3", env=self.env)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.export["metrics"]["iterations"]["count"], 3, r)
        # usage errors
        r = self.loadgate("fetch", "--offline", path)
        self.assertEqual(r.returncode, 2)
        self.assertIn("Usage: loadgate fetch", r.stderr)
        r = self.loadgate("fetch")
        self.assertEqual(r.returncode, 2)
        r = self.loadgate("run", "--offlin", path)
        self.assertEqual(r.returncode, 2)


BUILTINS = r"""
import { randomIntBetween, randomItem, randomString, uuidv4, findBetween,
         normalDistributionStages } from 'https://jslib.k6.io/k6-utils/1.2.0/index.js';
import * as utils14 from 'http://jslib.k6.io/k6-utils/1.4.0/index.js';
import { textSummary, jUnit } from 'https://jslib.k6.io/k6-summary/0.0.2/index.js';
import { check } from 'k6';

export const options = { iterations: 3, thresholds: { checks: ['rate>0.5', 'rate>=0.5'] } };

export default function () {
  check(1, { 'always': () => true, 'never': () => false });
}

export function handleSummary(data) {
  const content = '<html><div>Value 1</div><div>Value 2</div><div>Value 3</div></html>';
  let ints = {};
  for (let i = 0; i < 200; i++) ints[randomIntBetween(3, 5)] = true;
  const out = {
    rs12: randomString(12),
    rsAb: randomString(50, 'ab'),
    rs0: randomString(0),
    item: randomItem(['only']),
    uuid: uuidv4(),
    uuidSecure: uuidv4(true),
    fbSingle: findBetween(content, '<div>', '</div>'),
    fbRepeat: findBetween(content, '<div>', '</div>', true),
    fbNone: findBetween(content, '<nodiv>', '</div>'),
    fbExact: findBetween('**a**', '**', '**'),
    fbToken: findBetween('let token="secret token";', 'token="', '"'),
    ints: Object.keys(ints).sort(),
    stages: normalDistributionStages(100, 60, 4),
    other: utils14.findBetween('[x]', '[', ']'),
  };
  return {
    'utils.json': JSON.stringify(out),
    'summary.txt': textSummary(data, { indent: ' ', enableColors: false }),
    'summary-indent.txt': textSummary(data, { indent: '>>', enableColors: false }),
    'junit.xml': jUnit(data, { name: 'my suite' }),
  };
}
"""


class BuiltIns(unittest.TestCase):
    def test_k6_utils_and_k6_summary_offline(self):
        tmp = tempfile.mkdtemp(prefix="lg-remote-bi-")
        try:
            path = os.path.join(tmp, "script.js")
            with open(path, "w") as f:
                f.write(BUILTINS)
            # offline, an empty cache and no server: the built-ins need nothing
            env = {"XDG_CACHE_HOME": os.path.join(tmp, "cache"), "LOADGATE_OFFLINE": "1"}
            r = lgtest.run(path, "--no-color", env=env, cwd=tmp, export=False)
            self.assertEqual(r.rc, 99, r)  # rate>0.5 fails: 3 of 6 checks passed
            self.assertEqual(r.out, "", r)  # handleSummary replaced the summary
            self.assertFalse(os.path.exists(os.path.join(tmp, "cache")))
            with open(os.path.join(tmp, "utils.json")) as f:
                u = json.load(f)
            self.assertRegex(u["rs12"], r"^[a-z]{12}$")
            self.assertRegex(u["rsAb"], r"^[ab]{50}$")
            self.assertEqual(u["rs0"], "")
            self.assertEqual(u["item"], "only")
            uuid_re = r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"
            self.assertRegex(u["uuid"], uuid_re)
            self.assertRegex(u["uuidSecure"], uuid_re)
            self.assertEqual(u["fbSingle"], "Value 1")
            self.assertEqual(u["fbRepeat"], ["Value 1", "Value 2", "Value 3"])
            self.assertIsNone(u["fbNone"])
            self.assertEqual(u["fbExact"], "a")
            self.assertEqual(u["fbToken"], "secret token")
            self.assertEqual(u["ints"], ["3", "4", "5"])
            self.assertEqual(u["stages"], [
                {"duration": "10s", "target": 14}, {"duration": "10s", "target": 61},
                {"duration": "10s", "target": 100}, {"duration": "10s", "target": 61},
                {"duration": "10s", "target": 14}, {"duration": "10s", "target": 0}])
            self.assertEqual(u["other"], "x")
            with open(os.path.join(tmp, "summary.txt"), encoding="utf-8") as f:
                text = f.read()
            self.assertTrue(text.startswith("\n\n  █ THRESHOLDS"), text)
            self.assertRegex(text, r"\n    checks_total\.+: 6 ")
            self.assertRegex(text, r"\n    checks_succeeded\.+: 50\.00% 3 out of 6\n")
            self.assertIn("    ✗ 'rate>0.5' rate=50.00%\n    ✓ 'rate>=0.5' rate=50.00%", text)
            self.assertIn("    ✗ never\n      ↳  0% — ✓ 0 / ✗ 3", text)
            self.assertNotIn("\x1b[", text)
            with open(os.path.join(tmp, "summary-indent.txt"), encoding="utf-8") as f:
                indented = f.read()
            self.assertIn("\n>> █ TOTAL RESULTS", indented)
            self.assertIn("\n>>   checks_total", indented)
            root = ET.parse(os.path.join(tmp, "junit.xml")).getroot()
            self.assertEqual(root.tag, "testsuites")
            self.assertEqual(root.get("name"), "my suite")
            self.assertEqual(root.get("tests"), "4")
            self.assertEqual(root.get("failures"), "2")  # the rate>0.5 threshold and "never"
            suites = {s.get("name"): s for s in root.findall("testsuite")}
            self.assertEqual(suites["thresholds"].get("tests"), "2")
            self.assertEqual(suites["thresholds"].get("failures"), "1")
            self.assertEqual(suites["checks"].get("tests"), "2")
            self.assertEqual(suites["checks"].get("failures"), "1")
            cases = {c.get("name"): c for c in suites["checks"].findall("testcase")}
            self.assertIsNotNone(cases["never"].find("failure"))
            self.assertIsNone(cases["always"].find("failure"))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    lgtest.main()
