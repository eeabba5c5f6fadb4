# SPDX-License-Identifier: Apache-2.0
"""k6/ws and k6/websockets end to end: the real binary against the target's
WebSocket endpoints (ws:// and wss://), exact counts of the ws_* metrics."""
import base64
import hashlib
import json
import os
import socket
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import lgtest  # noqa: E402
from lgtest import run  # noqa: E402

T = None


setUpModule, tearDownModule = lgtest.module_target(globals())


def run_ws(script, *args, **kw):
    """run() that also keeps --summary-json, whose histograms give Trend counts."""
    fd, path = tempfile.mkstemp(prefix="lgws-", suffix=".json")
    os.close(fd)
    try:
        r = run(script, "--summary-json", path, *args, **kw)
        with open(path) as f:
            text = f.read()
        r.hist = json.loads(text)["loadgate"]["histograms"] if text else {}
    finally:
        os.unlink(path)
    return r


def count(r, name):
    """A Counter's sum, or a Trend's number of samples; None when absent."""
    m = r.metric(name)
    if m is None:
        return None
    if "count" in m:
        return m["count"]
    h = r.hist.get(name, {})
    return len(h["exact"]) if "exact" in h else h.get("count")


def checks(r):
    """{check name: (passes, fails)} of the root group."""
    return {k: (v["passes"], v["fails"]) for k, v in r.export["root_group"]["checks"].items()}


# N VUs x M iterations on 2 threads; each session sends K messages, waits for
# the K echoes, pings P times, then closes.  Event order is checked per session.
LEGACY_COUNTS = r"""
import ws from 'k6/ws';
import { check } from 'k6';
export const options = {
  scenarios: { s: { executor: 'per-vu-iterations', vus: 4, iterations: 3 } },
  thresholds: { ws_sessions: ['count==12'], 'ws_msgs_received{status:101}': ['count==60'],
                ws_ping: ['max<5000'], ws_connecting: ['max<5000'] },
};
export default function () {
  const order = [];
  let got = 0, pongs = 0;
  const res = ws.connect(__ENV.LG_TARGET_WS + '/ws', { tags: { kind: 'echo' } }, function (socket) {
    socket.on('open', function () {
      order.push('open');
      for (let i = 0; i < 5; i++) socket.send('m' + __VU + '-' + __ITER + '-' + i);
      for (let i = 0; i < 3; i++) socket.ping();
    });
    socket.on('message', function (m) {
      order.push('message');
      if (m !== 'm' + __VU + '-' + __ITER + '-' + got) order.push('bad:' + m);
      got++;
      if (got === 5 && pongs === 3) socket.close();
    });
    socket.on('pong', function () { pongs++; if (got === 5 && pongs === 3) socket.close(); });
    socket.on('close', function (code) { order.push('close:' + code); });
    socket.on('error', function (e) { order.push('error:' + e.error()); });
  });
  check(res, {
    'status is 101': (r) => r && r.status === 101,
    'url': (r) => r.url === __ENV.LG_TARGET_WS + '/ws',
    'accept header': (r) => typeof r.headers['Sec-Websocket-Accept'] === 'string',
    'no error': (r) => r.error === '',
  });
  check(order.join(','), {
    'order': (o) => o === 'open,message,message,message,message,message,close:1001',
  });
  check(pongs, { 'three pongs': (p) => p === 3 });
}
"""


class Legacy(unittest.TestCase):
    def test_exact_counts_two_threads(self):
        r = run_ws(LEGACY_COUNTS, "--threads", "2", target=T)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(count(r, "iterations"), 12)
        self.assertEqual(count(r, "ws_sessions"), 12)
        self.assertEqual(count(r, "ws_msgs_sent"), 60)
        self.assertEqual(count(r, "ws_msgs_received"), 60)
        self.assertEqual(count(r, "ws_ping"), 36)
        self.assertEqual(count(r, "ws_connecting"), 12)
        self.assertEqual(count(r, "ws_session_duration"), 12)
        c = checks(r)
        for name in ("status is 101", "url", "accept header", "no error", "order", "three pongs"):
            self.assertEqual(c[name], (12, 0), (name, r))
        self.assertGreater(r.metric("data_sent")["count"], 12 * 5 * 10)
        self.assertGreater(r.metric("data_received")["count"], 12 * 5 * 10)
        # the thresholds (one on a status-tagged sub-metric) were evaluated and passed
        self.assertEqual(r.metric("ws_sessions")["thresholds"], {"count==12": False})
        self.assertIn("WEBSOCKET", r.out)
        self.assertIn("ws_msgs_received", r.out)

    def test_failed_threshold_exit_99(self):
        src = LEGACY_COUNTS.replace("ws_sessions: ['count==12']", "ws_sessions: ['count==11']")
        r = run_ws(src, "--threads", "2", target=T)
        self.assertEqual(r.rc, 99, r)

    def test_server_close_ping_fragments_utf8(self):
        src = r"""
import ws from 'k6/ws';
import { check } from 'k6';
function session(path, extra) {
  const ev = [];
  const res = ws.connect(__ENV.LG_TARGET_WS + path, function (socket) {
    socket.on('open', () => ev.push('open'));
    socket.on('message', (m) => ev.push('message:' + m));
    socket.on('binaryMessage', (b) => { ev.push('binary:' + new Uint8Array(b).join('.')); socket.close(1000); });
    socket.on('ping', () => { ev.push('ping'); if (extra) extra(socket, ev); });
    socket.on('close', (c) => ev.push('close:' + c));
    socket.on('error', (e) => ev.push('error:' + e.error()));
    socket.setTimeout(() => { ev.push('timeout'); socket.close(); }, 3000);
  });
  return [res.status, ev.join('|')];
}
export default function () {
  let n = 0;
  const [s1, e1] = session('/ws/close?code=4001&reason=bye');
  const [s2, e2] = session('/ws/close?code=1000');
  const [s3, e3] = session('/ws/fragments');
  const [s4, e4] = session('/ws/ping?n=2', (s, ev) => { if (++n === 2) s.close(4000); });
  const [s5, e5] = session('/ws/badutf8');
  check(null, {
    'server close code': () => s1 === 101 && e1 === 'open|error:websocket: close 4001: bye|close:4001',
    'normal server close': () => s2 === 101 && e2 === 'open|close:1000',
    'fragments': () => s3 === 101 && e3 === 'open|ping|message:one-two-three|binary:1.2.3.4|close:1000',
    'server pings': () => s4 === 101 && e4 === 'open|ping|ping|close:4000',
    'invalid utf8': () => s5 === 101 &&
        e5 === 'open|error:websocket: invalid UTF-8 in a text message|close:1007',
  });
}
"""
        r = run_ws(src, target=T)
        self.assertEqual(r.rc, 0, r)
        c = checks(r)
        for name in ("server close code", "normal server close", "fragments", "server pings",
                     "invalid utf8"):
            self.assertEqual(c[name], (1, 0), (name, r))
        self.assertEqual(count(r, "ws_sessions"), 5)
        # messages: one text + one binary on /ws/fragments
        self.assertEqual(count(r, "ws_msgs_received"), 2)
        self.assertIsNone(r.metric("ws_msgs_sent"))

    def test_refused_upgrade_and_connection(self):
        src = r"""
import ws from 'k6/ws';
import { check } from 'k6';
export const options = { thresholds: { 'ws_sessions{status:403}': ['count==1'] } };
export default function () {
  let ran = false, errs = 0;
  const res = ws.connect(__ENV.LG_TARGET_WS + '/ws/refuse?status=403', function (socket) {
    ran = true;
    socket.on('error', () => errs++);
  });
  const res2 = ws.connect('ws://127.0.0.1:1/ws', function (socket) { ran = true; });
  const res3 = ws.connect(__ENV.LG_TARGET_WS + '/ws', { headers: { 'X-A': 'b\r\nX-Injected: 1' } },
                          function (socket) { ran = true; });
  const res4 = ws.connect(__ENV.LG_TARGET_WS + '/ws', { headers: { 'Upgrade': 'h2c' } },
                          function (socket) { ran = true; });
  check(res, {
    'status 403': (r) => r.status === 403,
    'error': (r) => r.error === 'websocket: bad handshake',
    'body': (r) => JSON.parse(r.body).error === 'upgrade refused',
    'headers': (r) => r.headers['Content-Type'] === 'application/json',
  });
  check(res2, {
    'refused status 0': (r) => r.status === 0,
    'refused error': (r) => r.error === 'dial tcp 127.0.0.1:1: connect: connection refused',
  });
  check(null, {
    'header injection refused': () => res3.error === 'websocket: invalid header: a line break in a name or value',
    'reserved header refused': () => res4.error === 'websocket: duplicate header not allowed: Upgrade',
  });
  check(ran, { 'setup function not run': (v) => v === false && errs === 0 });
}
"""
        r = run_ws(src, target=T)
        self.assertEqual(r.rc, 0, r)
        c = checks(r)
        for name in ("status 403", "error", "body", "headers", "refused status 0", "refused error",
                     "setup function not run", "header injection refused", "reserved header refused"):
            self.assertEqual(c[name], (1, 0), (name, r))
        self.assertEqual(count(r, "ws_sessions"), 4)
        self.assertEqual(r.err.count("Attempt to establish a WebSocket connection failed"), 4, r)
        self.assertIsNone(r.metric("ws_session_duration"))

    def test_throw_option(self):
        src = r"""
import ws from 'k6/ws';
import { check } from 'k6';
export const options = { throw: true };
export default function () {
  let msg = '';
  try { ws.connect(__ENV.LG_TARGET_WS + '/ws/refuse?status=400', function () {}); }
  catch (e) { msg = String(e.message); }
  check(msg, { 'thrown': (m) => m === 'websocket: bad handshake' });
}
"""
        r = run_ws(src, target=T)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(checks(r)["thrown"], (1, 0), r)

    def test_handler_exception_ends_connect(self):
        src = r"""
import ws from 'k6/ws';
import { check } from 'k6';
export default function () {
  let closed = 0, msg = '';
  try {
    ws.connect(__ENV.LG_TARGET_WS + '/ws', function (socket) {
      socket.on('open', () => socket.send('x'));
      socket.on('message', () => { throw new Error('boom'); });
      socket.on('close', (c) => { closed = c; });
    });
  } catch (e) { msg = e.message; }
  check(null, { 'rethrown': () => msg === 'boom' && closed === 1001 });
}
"""
        r = run_ws(src, target=T)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(checks(r)["rethrown"], (1, 0), r)

    def test_init_context_rejected(self):
        src = "import ws from 'k6/ws';\nws.connect('ws://127.0.0.1:1/', function () {});\n" \
              "export default function () {}\n"
        r = run_ws(src, target=T)
        self.assertEqual(r.rc, 107, r)
        self.assertIn("using websockets in the init context is not supported", r.err)
        self.assertIn("script.js:2", r.err)


WSS = r"""
import ws from 'k6/ws';
import { check } from 'k6';
export default function () {
  let got = '';
  const res = ws.connect(__ENV.LG_TARGET_WSS + '/ws', function (socket) {
    socket.on('open', () => socket.send('over tls'));
    socket.on('message', (m) => { got = m; socket.close(1000); });
  });
  check(res, { 'wss status': (r) => r.status === 101 && got === 'over tls',
               'wss error': (r) => r.error === '' });
}
"""


class Tls(unittest.TestCase):
    def test_wss_verified_with_ssl_cert_file(self):
        r = run_ws(WSS, target=T)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(checks(r)["wss status"], (1, 0), r)
        self.assertEqual(count(r, "ws_msgs_received"), 1)

    def test_wss_by_host_name(self):
        # localhost: resolved through libcurl (/etc/hosts), certificate checked by name
        src = WSS.replace("__ENV.LG_TARGET_WSS", "__ENV.LG_TARGET_WSS.replace('127.0.0.1', 'localhost')")
        r = run_ws(src, target=T)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(checks(r)["wss status"], (1, 0), r)

    def test_wss_untrusted_then_insecure(self):
        empty = os.path.join(lgtest.SOURCE_ROOT, "fixtures", "scripts", "timers.js")  # not a CA
        env = {"SSL_CERT_FILE": empty}
        r = run_ws(WSS, target=T, env=env)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(checks(r)["wss status"], (0, 1), r)
        self.assertIn("tls:", r.err)
        r = run_ws(WSS, "--insecure-skip-tls-verify", target=T, env=env)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(checks(r)["wss status"], (1, 0), r)


BROWSER = r"""
import { WebSocket } from 'k6/websockets';
import { check } from 'k6';
import { Counter } from 'k6/metrics';
const closes = new Counter('closes');
export const options = {
  scenarios: { s: { executor: 'per-vu-iterations', vus: 3, iterations: 2 } },
};
export default function () {
  const order = [];
  const start = Date.now();
  const s = new WebSocket(__ENV.LG_TARGET_WSS + '/ws', ['chat', 'superchat']);
  check(s, { 'connecting': (w) => w.readyState === 0 && w.url === __ENV.LG_TARGET_WSS + '/ws' });
  s.binaryType = 'arraybuffer';
  s.onopen = () => {
    order.push('open:' + s.protocol + ':' + s.readyState);
    s.send('text');
    s.send(new Uint8Array([7, 8, 9]).buffer);
    s.ping();
  };
  s.addEventListener('message', (e) => {
    order.push(typeof e.data === 'string' ? 'message:' + e.data : 'binary:' + new Uint8Array(e.data).join('.'));
    if (order.length === 3) {
      // the iteration must wait for this timer and the close that follows
      setTimeout(() => s.close(4002, 'done'), 200);
    }
  });
  s.addEventListener('pong', () => order.push('pong'));
  s.onerror = (e) => order.push('error:' + e.error);
  s.onclose = (e) => {
    order.push('close:' + e.code + ':' + e.reason + ':' + s.readyState);
    closes.add(1);
    check(order.join(','), {
      'order': (o) => o === 'open:chat:1,message:text,binary:7.8.9,pong,close:4002:done:3' ||
                      o === 'open:chat:1,message:text,pong,binary:7.8.9,close:4002:done:3',
    });
    check(Date.now() - start, { 'waited for the timer': (ms) => ms >= 200 });
  };
}
"""


class Browser(unittest.TestCase):
    def test_basic_flow_iteration_waits(self):
        r = run_ws(BROWSER, "--threads", "2", target=T)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(count(r, "iterations"), 6)
        self.assertEqual(count(r, "closes"), 6)
        self.assertEqual(count(r, "ws_sessions"), 6)
        self.assertEqual(count(r, "ws_msgs_sent"), 12)
        self.assertEqual(count(r, "ws_msgs_received"), 12)
        self.assertEqual(count(r, "ws_ping"), 6)
        self.assertEqual(count(r, "ws_session_duration"), 6)
        c = checks(r)
        self.assertEqual(c["connecting"], (6, 0), r)
        self.assertEqual(c["order"], (6, 0), r)
        self.assertEqual(c["waited for the timer"], (6, 0), r)
        self.assertGreaterEqual(r.metric("iteration_duration")["min"], 200)

    def test_failure_events_and_state_errors(self):
        src = r"""
import { WebSocket } from 'k6/websockets';
import { check } from 'k6';
export default function () {
  const ev = [], cev = [];
  const w = new WebSocket(__ENV.LG_TARGET_WS + '/ws/refuse?status=400');
  let sendErr = '';
  try { w.send('early'); } catch (e) { sendErr = e.message; }
  w.onerror = (e) => ev.push('error:' + e.error);
  w.onclose = (e) => {
    ev.push('close:' + e.code + ':' + w.readyState);
    check(ev.join(','), { 'refused events': (s) => s === 'error:websocket: bad handshake,close:1006:3' });
  };
  let blob = '';
  try { w.binaryType = 'blob'; } catch (e) { blob = e.message; }
  let scheme = '';
  try { new WebSocket('http://127.0.0.1/'); } catch (e) { scheme = e.message; }
  const c = new WebSocket(__ENV.LG_TARGET_WS + '/ws/close?code=4003&reason=later');
  c.onerror = (e) => cev.push('error:' + e.error);
  c.onclose = (e) => {
    cev.push('close:' + e.code + ':' + e.reason);
    check(cev.join(','), { 'server close events': (s) => s === 'error:websocket: close 4003: later,close:4003:later' });
  };
  check(null, {
    'send before open throws': () => sendErr === 'InvalidStateError',
    'blob unsupported': () => blob === 'blob is currently not supported, only arraybuffer is.',
    'scheme checked': () => scheme === 'WebSocket requires url with scheme ws or wss, but got "http"',
  });
}
"""
        r = run_ws(src, target=T)
        self.assertEqual(r.rc, 0, r)
        c = checks(r)
        for name in ("send before open throws", "blob unsupported", "scheme checked",
                     "refused events", "server close events"):
            self.assertEqual(c[name], (1, 0), (name, r))
        self.assertEqual(count(r, "ws_sessions"), 2)

    def test_experimental_alias_warns(self):
        src = "import { WebSocket } from 'k6/experimental/websockets';\n" \
              "export default function () { const w = new WebSocket(__ENV.LG_TARGET_WS + '/ws');\n" \
              "  w.onopen = () => w.close(); }\n"
        r = run_ws(src, "--vus", "2", "--iterations", "4", target=T)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(count(r, "ws_sessions"), 4)
        self.assertEqual(r.err.count("k6/experimental/websockets is deprecated"), 1, r)

    def test_interrupted_iteration_closes_sockets(self):
        # the socket would stay open forever: the duration's end cuts it
        src = "import { WebSocket } from 'k6/websockets';\n" \
              "export const options = { scenarios: { s: { executor: 'constant-vus', vus: 2,\n" \
              "  duration: '1s', gracefulStop: '0s' } } };\n" \
              "export default function () { new WebSocket(__ENV.LG_TARGET_WS + '/ws'); }\n"
        r = run_ws(src, target=T, timeout=60)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(count(r, "ws_sessions"), 2)
        self.assertIsNone(r.metric("iterations"))


class RawServer:
    """A hand-rolled WebSocket server on 127.0.0.1 that misbehaves on purpose,
    by path: /silent never answers a close frame, /masked sends a masked frame,
    /badaccept answers 101 with a wrong Sec-WebSocket-Accept, /eof drops the
    TCP connection after the handshake."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.stop = False
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        deadline = time.time() + 120
        while not self.stop and time.time() < deadline:
            try:
                conn, _ = self.sock.accept()
            except socket.timeout:
                continue
            threading.Thread(target=self.handle, args=(conn,), daemon=True).start()

    def handle(self, conn):
        conn.settimeout(10)
        req = b""
        while b"\r\n\r\n" not in req and len(req) < 65536:
            chunk = conn.recv(4096)
            if not chunk:
                conn.close()
                return
            req += chunk
        lines = req.decode("latin-1").split("\r\n")
        path = lines[0].split(" ")[1]
        key = [ln.split(":", 1)[1].strip() for ln in lines if ln.lower().startswith("sec-websocket-key:")][0]
        accept = base64.b64encode(hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest())
        if path == "/badaccept":
            accept = base64.b64encode(b"x" * 20)
        conn.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                     b"Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + b"\r\n\r\n")
        try:
            if path == "/masked":
                conn.sendall(b"\x81\x82\x01\x02\x03\x04" + bytes([ord("h") ^ 1, ord("i") ^ 2]))
            if path == "/eof":
                conn.shutdown(socket.SHUT_RDWR)
            else:
                while conn.recv(4096):  # read and ignore everything, close frames included
                    pass
        except OSError:
            pass
        conn.close()

    def close(self):
        self.stop = True
        self.thread.join(5)
        self.sock.close()


class Misbehaving(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = RawServer()

    @classmethod
    def tearDownClass(cls):
        cls.srv.close()

    def test_protocol_errors_and_close_grace(self):
        src = r"""
import ws from 'k6/ws';
import { WebSocket } from 'k6/websockets';
import { check } from 'k6';
const base = 'ws://127.0.0.1:' + __ENV.RAW_PORT;
function session(path, onopen) {
  const ev = [];
  const res = ws.connect(base + path, function (socket) {
    socket.on('open', () => { ev.push('open'); if (onopen) onopen(socket); });
    socket.on('message', (m) => ev.push('message:' + m));
    socket.on('close', (c) => ev.push('close:' + c));
    socket.on('error', (e) => ev.push('error:' + e.error()));
  });
  return res.error + '|' + ev.join('|');
}
export default function () {
  const t0 = Date.now();
  const silent = session('/silent', (s) => s.close(1000));
  const silentMs = Date.now() - t0;
  check(null, {
    'masked server frame': () => session('/masked') ===
        '|open|error:websocket: masked server frame|close:1002',
    'bad accept': () => session('/badaccept') === 'websocket: bad handshake|',
    'eof': () => session('/eof') ===
        '|open|error:websocket: close 1006 (abnormal closure): unexpected EOF|close:1006',
    'silent server': () => silent === '|open|close:1000',
    'close grace': () => silentMs >= 1900 && silentMs < 5000,
  });
  const w = new WebSocket(base + '/silent');
  const t1 = Date.now();
  w.onopen = () => w.close(4000);
  w.onclose = (e) => check(Date.now() - t1, {
    'browser close grace': (ms) => e.code === 1006 && ms >= 1900 && ms < 5000 });
}
"""
        r = run_ws(src, target=T, env={"RAW_PORT": str(self.srv.port)})
        self.assertEqual(r.rc, 0, r)
        c = checks(r)
        for name in ("masked server frame", "bad accept", "eof", "silent server", "close grace",
                     "browser close grace"):
            self.assertEqual(c[name], (1, 0), (name, r))


if __name__ == "__main__":
    lgtest.main()
