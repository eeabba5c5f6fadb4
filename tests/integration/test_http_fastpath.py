# SPDX-License-Identifier: Apache-2.0
"""The plain-HTTP/1.1 fast path (src/http/h1.c) against the curl client:
the same script runs twice, once with LOADGATE_HTTP_CLIENT=curl, and every
Response field, every echoed request header and the http_reqs/data_sent
counts must be the same.  Then what only the fast path does: k6's dial error
text, chunked bodies, stale keep-alive connections, timeouts, the body limit
and noVUConnectionReuse."""
import json
import os
import re
import socket
import sys
import threading
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import lgtest  # noqa: E402
from lgtest import run  # noqa: E402
from target import Target  # noqa: E402

DIFF_SCRIPT = r"""import http from 'k6/http';
export const options = { vus: 1, iterations: 1 };
const T = __ENV.LG_TARGET_HTTP;
const LOCAL = T.replace('127.0.0.1', 'localhost');
function snap(name, r) {
  const h = {};
  for (const k of Object.keys(r.headers).sort())
    if (k !== 'Date' && k !== 'Keep-Alive') h[k] = r.headers[k];
  let body = r.body;
  if (body !== null && typeof body !== 'string') {
    const u = new Uint8Array(body);
    let sum = 0;
    for (let i = 0; i < u.length; i++) sum = (sum * 31 + u[i]) % 1000000007;
    body = { len: u.length, sum: sum };
  }
  if (typeof body === 'string') {
    try { const j = JSON.parse(body); delete j.uuid; body = j; } catch (e) { /* text */ }
  }
  const cookies = {};
  for (const k of Object.keys(r.cookies).sort()) cookies[k] = r.cookies[k].map((c) => c.value);
  console.log('CASE ' + JSON.stringify({ name: name, status: r.status, proto: r.proto, url: r.url,
    headers: h, body: body, error_code: r.error_code, remote_ip: r.remote_ip,
    remote_port: r.remote_port, tls: r.tls_version, cookies: cookies,
    req: { method: r.request.method, url: r.request.url } }));
}
export default function () {
  snap('get', http.get(`${T}/get?x=1&y=%20z`));
  snap('nopath', http.get(T));
  snap('nopath-query', http.get(`${T}?a=b`));
  snap('localhost', http.get(`${LOCAL}/get`));
  snap('headers', http.get(`${T}/headers`, { headers: { 'X-One': '1', 'X-Empty': '',
    'Accept': 'text/plain', 'User-Agent': 'mine/1.0', 'Cookie': 'a=b' } }));
  snap('post-json', http.post(`${T}/post`, JSON.stringify({ a: 1 }),
    { headers: { 'Content-Type': 'application/json' } }));
  snap('post-form', http.post(`${T}/post`, { k: 'v', n: '2' }));
  snap('post-empty', http.post(`${T}/post`));
  snap('put', http.put(`${T}/put`, 'text body'));
  const big = http.post(`${T}/post`, 'x'.repeat(100000));
  snap('post-big', { status: big.status, proto: big.proto, url: big.url, headers: {}, body: big.json().data.length,
    error_code: big.error_code, remote_ip: '', remote_port: 0, tls_version: '', cookies: {},
    request: { method: 'POST', url: '' } });
  snap('patch', http.patch(`${T}/patch`, 'p'));
  snap('delete', http.del(`${T}/delete`));
  snap('head', http.request('HEAD', `${T}/get`));
  snap('options', http.options(`${T}/anything`));
  snap('anything-body', http.request('GET', `${T}/anything/x`, 'get with body'));
  snap('redirect', http.get(`${T}/redirect/3`));
  snap('relative', http.get(`${T}/relative-redirect/2`));
  snap('absolute', http.get(`${T}/absolute-redirect/2`));
  snap('redirect-limit', http.get(`${T}/redirect/3`, { redirects: 1 }));
  snap('redirect-none', http.get(`${T}/redirect/1`, { redirects: 0 }));
  snap('redirect-303', http.post(`${T}/redirect-to?url=/get&status_code=303`, 'b'));
  snap('redirect-307', http.post(`${T}/redirect-to?url=/post&status_code=307`, 'b'));
  snap('404', http.get(`${T}/status/404`));
  snap('500', http.get(`${T}/status/500`));
  snap('204', http.get(`${T}/status/204`));
  snap('gzip', http.get(`${T}/gzip`, { responseType: 'binary' }));
  snap('stream', http.get(`${T}/stream/5`));
  snap('bytes', http.get(`${T}/bytes/70000?seed=7`, { responseType: 'binary' }));
  snap('none', http.get(`${T}/bytes/100`, { responseType: 'none' }));
  snap('resp-headers', http.get(`${T}/response-headers?X-Foo=bar&X-Foo=baz`));
  snap('params-cookies', http.get(`${T}/cookies`, { cookies: { c1: 'v1' } }));
  snap('name-tag', http.get(http.url`${T}/get?id=${1}`));
  const b = http.batch([['GET', `${T}/get?b=1`], ['POST', `${T}/post`, 'x'], `${T}/stream/2`]);
  b.forEach((r, i) => snap('batch' + i, r));
  snap('refused', http.get('http://127.0.0.1:1/'));
  snap('cookie-set', http.get(`${T}/cookies/set/k1/v1`));
  snap('cookie-after', http.get(`${T}/cookies`));
  const jar = http.cookieJar();
  snap('jar', { status: 0, proto: '', url: '', headers: {}, body: JSON.stringify(jar.cookiesForURL(T)),
    error_code: 0, remote_ip: '', remote_port: 0, tls_version: '', cookies: {},
    request: { method: '', url: '' } });
}
"""


def console(result, tag):
    """The text after `tag ` of each console.log line of a run (the logger
    quotes msg as a Go string literal; JSON reads that back)."""
    return [json.loads('"' + m.group(1) + '"')
            for m in re.finditer(r'msg="%s (.*)" source=console' % tag, result.err)]


def cases(result):
    return {c["name"]: c for c in map(json.loads, console(result, "CASE"))}


def hops(result):
    """(fast path, curl) hops of a run, from LOADGATE_DEBUG_HTTP=1's exit lines."""
    fast = curl = 0
    for m in re.finditer(r"(\d+) hops on the fast path, (\d+) on curl", result.err):
        fast += int(m.group(1))
        curl += int(m.group(2))
    return fast, curl


DEBUG = {"LOADGATE_DEBUG_HTTP": "1"}
CURL = {"LOADGATE_DEBUG_HTTP": "1", "LOADGATE_HTTP_CLIENT": "curl"}


class FastPathDiff(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.target = Target().start()

    @classmethod
    def tearDownClass(cls):
        cls.target.stop()

    maxDiff = None

    def test_same_as_curl(self):
        fast = run(DIFF_SCRIPT, target=self.target, env=DEBUG)
        slow = run(DIFF_SCRIPT, target=self.target, env=CURL)
        self.assertEqual(fast.rc, 0, fast)
        self.assertEqual(slow.rc, 0, slow)
        # which client ran each hop: all on the fast path but the two after
        # the jar got a cookie (cookie-set's redirect and cookie-after)
        self.assertEqual(hops(fast), (47, 2), fast)
        self.assertEqual(hops(slow), (0, 49), slow)
        a, b = cases(fast), cases(slow)
        self.assertEqual(len(a), 39, fast)
        self.assertEqual(sorted(a), sorted(b))
        for name in a:
            if name == "refused":
                self.assertEqual(a[name]["error_code"], 1212)
            self.assertEqual(a[name], b[name], name)
        # the same samples and the same request bytes
        self.assertEqual(fast.metric("http_reqs")["count"], 49)
        self.assertEqual(slow.metric("http_reqs")["count"], 49)
        self.assertEqual(fast.metric("data_sent")["count"], slow.metric("data_sent")["count"])
        # a refused connection in k6's (Go's) words on the fast path
        self.assertIn("dial tcp 127.0.0.1:1: connect: connection refused", fast.err)


class Server:
    """A TCP server on 127.0.0.1 running handler(conn) in a thread per connection."""

    def __init__(self, handler):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.conns = []
        threading.Thread(target=self._accept, args=(handler,), daemon=True).start()

    def _accept(self, handler):
        while True:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(c)
            threading.Thread(target=self._serve, args=(handler, c), daemon=True).start()

    @staticmethod
    def _serve(handler, c):
        try:
            handler(c)
        except OSError:
            pass  # the client gave up on a broken answer: that is the test
        c.close()

    def script(self, body, options="{ vus: 1, iterations: 1 }"):
        """A script whose default function runs body, with B = this server's URL."""
        return ("import http from 'k6/http';\nimport { sleep } from 'k6';\n"
                "export const options = %s;\nconst B = 'http://127.0.0.1:%d';\n"
                "export default function () {\n%s\n}\n" % (options, self.port, body))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.sock.close()


def read_request(c):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = c.recv(65536)
        if not chunk:
            return None
        data += chunk
    return data


def answer_each(respond):
    """A handler answering every request of a connection with respond(request)."""
    def handler(c):
        while True:
            req = read_request(c)
            if not req:
                return
            c.sendall(respond(req))
    return handler


class FastPathWire(unittest.TestCase):
    def test_stale_connection_is_retried(self):
        # Each connection answers one request with keep-alive, then reads the
        # next request and closes without an answer: every reused connection
        # is dead when written to, and only the retry on a new one answers.
        def handler(c):
            if read_request(c):
                c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                read_request(c)
        with Server(handler) as srv:
            r = run(srv.script("const r = http.get(B + '/x');\n"
                               "if (r.status !== 200 || r.body !== 'ok') "
                               "throw new Error('got ' + r.status + ' ' + r.error);",
                               "{ vus: 1, iterations: 3 }"), env=DEBUG)
            conns = len(srv.conns)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(hops(r), (3, 0), r)
        self.assertEqual(r.metric("http_reqs")["count"], 3)
        self.assertEqual(r.metric("http_req_failed")["passes"], 0, r)
        self.assertEqual(r.metric("iterations")["count"], 3, r)
        self.assertNotIn("level=error", r.err, r)
        self.assertEqual(conns, 3)

    def test_chunked_edge_cases_and_close_delimited(self):
        # chunk extensions, upper-case hex, a trailer, 1xx before the answer,
        # a close-delimited body, all split into one-byte writes.
        answers = {
            b"/chunked": b"HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                         b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                         b"A;ext=1\r\n0123456789\r\n1\r\nX\r\n0\r\nTrailer: t\r\n\r\n",
            b"/close": b"HTTP/1.0 200 OK\r\nX-A: 1\r\n\r\nuntil-close",
            b"/bad": b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n",
            b"/garbage": b"SSH-2.0-OpenSSH\r\n\r\n",
        }

        def handler(c):
            while True:
                req = read_request(c)
                if not req:
                    return
                path = req.split(b" ")[1]
                for i in range(len(answers[path])):
                    c.sendall(answers[path][i:i + 1])
                if path != b"/chunked":
                    return
        with Server(handler) as srv:
            r = run(srv.script(
                "const a = http.get(B + '/chunked'), b = http.get(B + '/close');\n"
                "const c = http.get(B + '/bad'), d = http.get(B + '/garbage');\n"
                "console.log('OUT ' + [a.status, a.body, a.proto, b.status, b.body, b.proto,\n"
                "  b.headers['X-A'], c.status, c.error_code, d.status, d.error_code].join('|'));"),
                env=DEBUG)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(hops(r), (4, 0), r)
        self.assertEqual(console(r, "OUT"),
                         ["200|0123456789X|HTTP/1.1|200|until-close|HTTP/1.0|1|0|1000|0|1000"])
        self.assertIn("malformed HTTP response", r.err)

    def test_set_cookie_rules_match_curl(self):
        # Set-Cookie variants received on the fast path must land in the jar
        # exactly as curl's own parser puts them there.
        cookies = [
            b"plain=1",
            b"withpath=2; Path=/a",
            b"defpath=3",
            b"other=4; Domain=example.com",
            b"self=5; Domain=127.0.0.1",
            b"sec=6; Secure",
            b"__Host-x=7; Path=/",
            b"gone=8; Max-Age=0",
            b"old=9; Expires=Wed, 21 Oct 2015 07:28:00 GMT",
            b"later=10; Max-Age=3600; HttpOnly",
            b"sp = 11 ; path=/",
        ]

        def respond(req):
            head = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
            if req.startswith(b"GET /a/b/set"):
                head += b"".join(b"Set-Cookie: " + k + b"\r\n" for k in cookies)
            return head + b"\r\nok"
        with Server(answer_each(respond)) as srv:
            script = srv.script(
                "http.get(B + '/a/b/set');\n"
                "const jar = http.cookieJar(), out = {};\n"
                "for (const p of ['/', '/a', '/a/b/c', '/z']) out[p] = jar.cookiesForURL(B + p);\n"
                "console.log('JAR ' + JSON.stringify(out));")
            fast = run(script, env=DEBUG)
            slow = run(script, env=CURL)
        self.assertEqual(hops(fast), (1, 0), fast)
        jars = []
        for r in (fast, slow):
            self.assertEqual(r.rc, 0, r)
            out = console(r, "JAR")
            self.assertEqual(len(out), 1, r)
            jars.append(json.loads(out[0]))
        self.assertEqual(jars[0], jars[1])
        # and what that is: without Path, a cookie belongs to the request's
        # directory (/a/b); withpath to /a; sp (Path=/) everywhere; other
        # (foreign Domain), sec (Secure over http), __Host-x and the expired
        # ones nowhere
        self.assertEqual(sorted(jars[0]["/a/b/c"]),
                         ["defpath", "later", "plain", "self", "sp", "withpath"])
        self.assertEqual(sorted(jars[0]["/a"]), ["sp", "withpath"])
        self.assertEqual(sorted(jars[0]["/z"]), ["sp"])

    def test_timeout_body_limit_and_no_vu_reuse(self):
        with Target() as t:
            script = ("import http from 'k6/http';\n"
                      "export const options = { vus: 1, iterations: 2, maxResponseBodySize: 1000,\n"
                      "  noVUConnectionReuse: true };\n"
                      "export default function () {\n"
                      "  const ok = http.get(__ENV.LG_TARGET_HTTP + '/get');\n"
                      "  const h = http.get(__ENV.LG_TARGET_HTTP + '/hang', { timeout: '300ms' });\n"
                      "  const big = http.get(__ENV.LG_TARGET_HTTP + '/bytes/5000', { responseType: 'binary' });\n"
                      "  console.log('OUT ' + [h.error_code, h.status, big.status, big.error_code,\n"
                      "    big.body.byteLength, ok.status, ok.timings.connecting > 0].join('|'));\n"
                      "}\n")
            r = run(script, target=t, env=DEBUG)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(hops(r), (6, 0), r)
        # hang: timeout (1050); big: status kept, body cut at 1000, error 1000;
        # ok: a new connection at each iteration's start (noVUConnectionReuse:
        # without it the second iteration reuses big's connection).
        self.assertEqual(console(r, "OUT"), ["1050|0|200|1000|1000|200|true"] * 2)
        self.assertEqual(r.metric("http_reqs")["count"], 6)


if __name__ == "__main__":
    lgtest.main()
