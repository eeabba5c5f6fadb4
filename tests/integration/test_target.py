#!/usr/bin/env python3
"""Integration test of the loopback test target (fixtures/server/target.js).

Starts the target through tests/support/target.py and exercises every endpoint
with real clients: the curl CLI over HTTP/1.1, HTTPS HTTP/1.1 and HTTPS HTTP/2,
and a hand-written WebSocket client (stdlib socket/ssl) over ws:// and wss://.
Prints 'N passed, M failed' last; exits non-zero on any failure.
"""

import base64
import hashlib
import html.parser
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SUPPORT = os.path.normpath(os.path.join(HERE, '..', 'support'))
sys.path.insert(0, SUPPORT)

from target import TARGET_JS, Target, TargetError, find_node  # noqa: E402

T = None
TMP = None
# curl must see neither proxies nor a CA bundle from the environment.
CLEAN_ENV = {k: v for k, v in os.environ.items()
             if k.lower() not in ('http_proxy', 'https_proxy', 'all_proxy', 'no_proxy',
                                  'ssl_cert_file', 'ssl_cert_dir', 'curl_ca_bundle')}
TRANSPORTS = ('h1', 'h1s', 'h2')
WANT_VERSION = {'h1': '1.1', 'h1s': '1.1', 'h2': '2'}
SERVER_VERSION = {'h1': '1.1', 'h1s': '1.1', 'h2': '2.0'}


def setUpModule():
    global T, TMP
    TMP = tempfile.mkdtemp(prefix='lg-test-target-')
    T = Target().start()


def tearDownModule():
    if T is not None:
        T.stop()
    if TMP is not None:
        shutil.rmtree(TMP, ignore_errors=True)


def base_url(transport):
    return T.http_url if transport == 'h1' else T.https_url


class Resp:
    def __init__(self, rc, info, blocks, body, stderr):
        self.rc = rc
        self.info = info
        self.blocks = blocks  # [(status, {name: [values]})] for every response seen
        self.body = body
        self.stderr = stderr

    @property
    def status(self):
        return self.blocks[-1][0] if self.blocks else None

    def header(self, name, block=-1):
        vals = self.blocks[block][1].get(name.lower()) if self.blocks else None
        return vals[0] if vals else None

    def headers_all(self, name, block=-1):
        return self.blocks[block][1].get(name.lower(), [])

    def json(self):
        return json.loads(self.body.decode('utf-8'))


def parse_header_dump(text):
    blocks = []
    for raw in text.split('\r\n\r\n'):
        lines = [ln for ln in raw.split('\r\n') if ln]
        if not lines or not lines[0].startswith('HTTP/'):
            continue
        status = int(lines[0].split()[1])
        hdrs = {}
        for ln in lines[1:]:
            k, _, v = ln.partition(':')
            hdrs.setdefault(k.strip().lower(), []).append(v.strip())
        blocks.append((status, hdrs))
    return blocks


def curl(path, transport='h1', args=(), data=None, cacert=True, check_version=True, url=None):
    """Run the curl CLI against the target; returns a Resp."""
    body_f = os.path.join(TMP, 'body')
    hdr_f = os.path.join(TMP, 'headers')
    for f in (body_f, hdr_f):
        if os.path.exists(f):
            os.unlink(f)
    cmd = ['curl', '-sS', '--noproxy', '*', '--max-time', '30', '-o', body_f, '-D', hdr_f,
           '-w', '%{json}']
    if transport != 'h1':
        if cacert:
            cmd += ['--cacert', T.ca_file]
        cmd.append('--http2' if transport == 'h2' else '--http1.1')
    cmd += list(args)
    cmd.append(url if url is not None else base_url(transport) + path)
    p = subprocess.run(cmd, input=data, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=CLEAN_ENV, timeout=60)
    info = json.loads(p.stdout.decode()) if p.stdout.strip() else {}
    body = open(body_f, 'rb').read() if os.path.exists(body_f) else b''
    hdrs = open(hdr_f, 'rb').read().decode('latin1') if os.path.exists(hdr_f) else ''
    r = Resp(p.returncode, info, parse_header_dump(hdrs), body, p.stderr.decode(errors='replace'))
    if check_version and r.rc == 0 and info.get('http_version') != WANT_VERSION[transport]:
        raise AssertionError('%s %s: curl used HTTP/%s, wanted %s' %
                             (transport, path, info.get('http_version'), WANT_VERSION[transport]))
    return r


def stats():
    r = curl('/__stats')
    assert r.status == 200, r.status
    return r.json()


def reset_stats():
    r = curl('/__stats/reset', args=['-X', 'POST'])
    assert r.status == 200, r.status


def node_rss_peak_kib():
    with open('/proc/%d/status' % T.proc.pid) as f:
        for line in f:
            if line.startswith('VmHWM:'):
                return int(line.split()[1])
    raise AssertionError('no VmHWM')


class TestEcho(unittest.TestCase):
    def test_get_echo_all_fields(self):
        for tr in TRANSPORTS:
            with self.subTest(transport=tr):
                r = curl('/get?a=1&a=2&b=x%20y&empty=', tr, ['-H', 'X-Test: v1'])
                self.assertEqual(r.rc, 0, r.stderr)
                self.assertEqual(r.status, 200)
                self.assertEqual(r.header('content-type'), 'application/json')
                j = r.json()
                self.assertEqual(j['method'], 'GET')
                self.assertEqual(j['path'], '/get')
                self.assertEqual(j['url'], base_url(tr) + '/get?a=1&a=2&b=x%20y&empty=')
                self.assertEqual(j['args'], {'a': ['1', '2'], 'b': 'x y', 'empty': ''})
                self.assertEqual(j['headers']['x-test'], 'v1')
                self.assertEqual(j['headers']['host'], base_url(tr).split('//')[1])
                self.assertEqual(j['headers']['user-agent'].split('/')[0], 'curl')
                self.assertFalse(any(k.startswith(':') for k in j['headers']))
                self.assertEqual(j['data'], '')
                self.assertIsNone(j['json'])
                self.assertEqual(j['form'], {})
                self.assertEqual(j['files'], {})
                self.assertEqual(j['origin'], '127.0.0.1')
                self.assertEqual(j['http_version'], SERVER_VERSION[tr])

    def test_method_endpoints_echo_body(self):
        doc = {'k': [1, 2, {'u': 'ü'}], 'n': None}
        raw = json.dumps(doc).encode()
        for tr in TRANSPORTS:
            for meth in ('POST', 'PUT', 'PATCH', 'DELETE'):
                with self.subTest(transport=tr, method=meth):
                    r = curl('/' + meth.lower(), tr, ['-X', meth, '-H',
                             'Content-Type: application/json', '--data-binary', '@-'], data=raw)
                    self.assertEqual(r.status, 200)
                    j = r.json()
                    self.assertEqual(j['method'], meth)
                    self.assertEqual(j['path'], '/' + meth.lower())
                    self.assertEqual(j['data'], raw.decode())
                    self.assertEqual(j['json'], doc)
                    self.assertEqual(j['headers']['content-length'], str(len(raw)))

    def test_wrong_method_is_405(self):
        cases = [('/get', 'POST', 'GET, HEAD'), ('/get', 'DELETE', 'GET, HEAD'),
                 ('/post', 'GET', 'POST'), ('/put', 'POST', 'PUT'), ('/patch', 'PUT', 'PATCH'),
                 ('/delete', 'GET', 'DELETE'), ('/post', 'OPTIONS', 'POST')]
        for tr in TRANSPORTS:
            for path, meth, allow in cases:
                with self.subTest(transport=tr, path=path, method=meth):
                    r = curl(path, tr, ['-X', meth])
                    self.assertEqual(r.status, 405)
                    self.assertEqual(r.header('allow'), allow)
                    self.assertEqual(r.json()['status'], 405)

    def test_head_get(self):
        for tr in TRANSPORTS:
            with self.subTest(transport=tr):
                r = curl('/get', tr, ['-I'])  # -I: the output file gets the headers only
                self.assertEqual(r.status, 200)
                self.assertTrue(r.body.endswith(b'\r\n\r\n') and b'{' not in r.body, r.body)
                self.assertGreater(int(r.header('content-length')), 100)
        # Pipelined HEAD then GET on one socket: a body sent for HEAD would corrupt the GET.
        s = socket.create_connection(('127.0.0.1', T.http_port), timeout=5)
        s.sendall(b'HEAD /get HTTP/1.1\r\nHost: x\r\n\r\nGET /get?n=2 HTTP/1.1\r\n'
                  b'Host: x\r\nConnection: close\r\n\r\n')
        data = b''
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        s.close()
        head, rest = data.split(b'\r\n\r\n', 1)
        self.assertTrue(head.startswith(b'HTTP/1.1 200'))
        self.assertTrue(rest.startswith(b'HTTP/1.1 200'), rest[:40])
        self.assertEqual(json.loads(rest.split(b'\r\n\r\n', 1)[1])['args'], {'n': '2'})

    def test_anything_accepts_every_method(self):
        for tr in TRANSPORTS:
            for meth in ('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PURGE'):
                with self.subTest(transport=tr, method=meth):
                    r = curl('/anything/a/b?x=1', tr, ['-X', meth, '--data-binary', 'not json']
                             if meth != 'GET' else ['-X', meth])
                    self.assertEqual(r.status, 200)
                    j = r.json()
                    self.assertEqual(j['method'], meth)
                    self.assertEqual(j['path'], '/anything/a/b')
                    self.assertEqual(j['args'], {'x': '1'})
                    if meth != 'GET':
                        self.assertEqual(j['data'], 'not json')
                        self.assertIsNone(j['json'])
            with self.subTest(transport=tr, method='HEAD'):
                r = curl('/anything', tr, ['-I'])
                self.assertEqual(r.status, 200)
                self.assertTrue(r.body.endswith(b'\r\n\r\n') and b'{' not in r.body, r.body)

    def test_non_websocket_upgrade_served_as_http11(self):
        # curl --http2 on http:// offers "Upgrade: h2c"; the target answers in HTTP/1.1.
        r = curl('/post', 'h1', ['--http2', '--data-binary', 'hello'])
        self.assertEqual((r.status, r.info['http_version']), (200, '1.1'))
        j = r.json()
        self.assertEqual((j['headers']['upgrade'], j['data']), ('h2c', 'hello'))
        s = socket.create_connection(('127.0.0.1', T.http_port), timeout=5)
        s.sendall(b'POST /anything/u HTTP/1.1\r\nHost: x\r\nUpgrade: foo\r\n'
                  b'Connection: Upgrade\r\nContent-Length: 11\r\n\r\nhello')
        time.sleep(0.05)
        s.sendall(b' world')
        data = b''
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        s.close()
        self.assertTrue(data.startswith(b'HTTP/1.1 200 OK\r\n'), data[:40])
        j = json.loads(data.split(b'\r\n\r\n', 1)[1])
        self.assertEqual((j['path'], j['data']), ('/anything/u', 'hello world'))

    def test_form_urlencoded(self):
        for tr in TRANSPORTS:
            with self.subTest(transport=tr):
                r = curl('/post', tr, ['--data', 'a=1&a=2&b=x+y&c=%C3%A9'])
                j = r.json()
                self.assertEqual(j['form'], {'a': ['1', '2'], 'b': 'x y', 'c': 'é'})
                self.assertEqual(j['data'], 'a=1&a=2&b=x+y&c=%C3%A9')
                self.assertIsNone(j['json'])

    def test_multipart_files(self):
        text_f = os.path.join(TMP, 'hello.txt')
        bin_f = os.path.join(TMP, 'blob.bin')
        blob = bytes(range(256)) * 3
        with open(text_f, 'w') as f:
            f.write('hello\nworld\n')
        with open(bin_f, 'wb') as f:
            f.write(blob)
        for tr in TRANSPORTS:
            with self.subTest(transport=tr):
                r = curl('/post', tr, ['-F', 'field=value', '-F', 'field=second',
                                       '-F', 'doc=@%s;type=text/plain' % text_f,
                                       '-F', 'blob=@%s;filename=b.bin' % bin_f])
                self.assertEqual(r.status, 200)
                j = r.json()
                self.assertEqual(j['form'], {'field': ['value', 'second']})
                self.assertEqual(j['files']['doc'], {
                    'filename': 'hello.txt', 'content_type': 'text/plain', 'size': 12,
                    'content': 'hello\nworld\n', 'encoding': 'utf8'})
                b = j['files']['blob']
                self.assertEqual((b['filename'], b['content_type'], b['size'], b['encoding']),
                                 ('b.bin', 'application/octet-stream', len(blob), 'base64'))
                self.assertEqual(base64.b64decode(b['content']), blob)
                self.assertTrue(j['data'].startswith('data:application/octet-stream;base64,'))

    def test_binary_body_as_data_url(self):
        raw = b'\xff\xfe\x00abc'
        r = curl('/post', 'h1', ['-H', 'Content-Type: application/octet-stream',
                                 '--data-binary', '@-'], data=raw)
        j = r.json()
        self.assertEqual(j['data'], 'data:application/octet-stream;base64,' +
                         base64.b64encode(raw).decode())

    def test_headers_ip_user_agent_uuid(self):
        for tr in TRANSPORTS:
            with self.subTest(transport=tr):
                r = curl('/headers', tr, ['-H', 'X-One: 1', '-A', 'agent/9'])
                h = r.json()['headers']
                self.assertEqual((h['x-one'], h['user-agent']), ('1', 'agent/9'))
                self.assertEqual(set(r.json()), {'headers'})
                self.assertEqual(curl('/ip', tr).json(), {'origin': '127.0.0.1'})
                self.assertEqual(curl('/user-agent', tr, ['-A', 'ua/1']).json(),
                                 {'user-agent': 'ua/1'})
                u1 = curl('/uuid', tr).json()['uuid']
                u2 = curl('/uuid', tr).json()['uuid']
                self.assertRegex(u1, r'^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-'
                                     r'[0-9a-f]{12}$')
                self.assertNotEqual(u1, u2)

    def test_response_headers(self):
        for tr in TRANSPORTS:
            with self.subTest(transport=tr):
                r = curl('/response-headers?X-A=1&X-A=2&Cache-Control=no-store', tr)
                self.assertEqual(r.status, 200)
                self.assertEqual(r.headers_all('x-a'), ['1', '2'])
                self.assertEqual(r.header('cache-control'), 'no-store')
                self.assertEqual(r.json(), {'X-A': ['1', '2'], 'Cache-Control': 'no-store'})
        r = curl('/response-headers?Connection=close', 'h1')
        self.assertEqual((r.status, r.header('connection')), (200, 'close'))
        for bad in ('Connection=close', 'Upgrade=x', 'X%20A=1', 'Content-Length=3'):
            with self.subTest(bad=bad):
                self.assertEqual(curl('/response-headers?' + bad, 'h2').status, 400)

    def test_not_found(self):
        for tr in TRANSPORTS:
            with self.subTest(transport=tr):
                r = curl('/no/such/thing', tr)
                self.assertEqual(r.status, 404)
                self.assertEqual(r.json(), {'error': 'not found', 'status': 404})


class TestStatusAndTiming(unittest.TestCase):
    def test_status_codes(self):
        for tr in TRANSPORTS:
            for code in (200, 201, 202, 400, 401, 404, 418, 429, 500, 503, 599):
                with self.subTest(transport=tr, code=code):
                    r = curl('/status/%d' % code, tr)
                    self.assertEqual(r.status, code)
                    self.assertEqual(r.json(), {'status': code})
            for code in (204, 205, 304):
                with self.subTest(transport=tr, code=code):
                    r = curl('/status/%d' % code, tr)
                    self.assertEqual(r.status, code)
                    self.assertEqual(r.body, b'')
            for code in (301, 302, 303, 307, 308):
                with self.subTest(transport=tr, code=code):
                    r = curl('/status/%d' % code, tr)
                    self.assertEqual(r.status, code)
                    self.assertEqual(r.header('location'), '/get')
            for code in (100, 102, 103):
                with self.subTest(transport=tr, code=code):
                    r = curl('/status/%d' % code, tr)
                    self.assertEqual([b[0] for b in r.blocks], [code, 200])
                    self.assertEqual(r.json(), {'status': 200, 'interim': code})
            for bad in ('99', '600', '101', 'abc'):
                with self.subTest(transport=tr, bad=bad):
                    self.assertEqual(curl('/status/' + bad, tr).status, 400)

    def test_status_redirect_followed(self):
        r = curl('/status/302', 'h2', ['-L'])
        self.assertEqual((r.status, r.info['num_redirects'], r.json()['path']), (200, 1, '/get'))

    def test_delay(self):
        for tr in TRANSPORTS:
            with self.subTest(transport=tr):
                r = curl('/delay/300?q=1', tr)
                self.assertEqual(r.status, 200)
                self.assertGreaterEqual(r.info['time_total'], 0.3)
                j = r.json()
                self.assertEqual((j['delay_ms'], j['path'], j['args']), (300, '/delay/300',
                                                                        {'q': '1'}))
        r = curl('/delay/150', 'h1', ['-X', 'POST', '--data-binary', 'x'])
        self.assertEqual((r.json()['method'], r.json()['data']), ('POST', 'x'))
        self.assertEqual(curl('/delay/abc').status, 400)

    def test_hang_until_client_timeout(self):
        for tr in ('h1', 'h2'):
            with self.subTest(transport=tr):
                t0 = time.monotonic()
                r = curl('/hang', tr, ['--max-time', '1'])
                self.assertEqual(r.rc, 28, r.stderr)  # operation timed out
                self.assertGreaterEqual(time.monotonic() - t0, 1.0)
                self.assertEqual(r.blocks, [])
        self.assertEqual(curl('/get').status, 200)  # server still fine

    def test_drip(self):
        for tr in ('h1', 'h2'):
            with self.subTest(transport=tr):
                r = curl('/drip?bytes=5&duration=400&delay=100', tr)
                self.assertEqual(r.status, 200)
                self.assertEqual(r.body, b'*****')
                self.assertGreaterEqual(r.info['time_total'], 0.5)
                self.assertEqual(r.header('content-length'), '5')
        r = curl('/drip?bytes=3&duration=0&code=503')
        self.assertEqual((r.status, r.body), (503, b'***'))
        self.assertEqual(curl('/drip?bytes=-1').status, 400)

    def test_stream_lines(self):
        for tr in TRANSPORTS:
            with self.subTest(transport=tr):
                r = curl('/stream/3?z=1', tr)
                lines = r.body.decode().splitlines()
                self.assertEqual([json.loads(ln)['id'] for ln in lines], [0, 1, 2])
                self.assertEqual(json.loads(lines[0])['args'], {'z': '1'})
                if tr == 'h1':
                    self.assertEqual(r.header('transfer-encoding'), 'chunked')


class TestBytes(unittest.TestCase):
    def test_bytes_deterministic(self):
        a = curl('/bytes/1000')
        self.assertEqual(a.status, 200)
        self.assertEqual(a.header('content-type'), 'application/octet-stream')
        self.assertEqual(a.header('content-length'), '1000')
        self.assertEqual(len(a.body), 1000)
        self.assertGreater(len(set(a.body)), 200)  # pseudo-random, not a fill pattern
        for tr in ('h1s', 'h2'):
            self.assertEqual(curl('/bytes/1000', tr).body, a.body)
        big = curl('/bytes/200003', 'h2')
        self.assertEqual(len(big.body), 200003)
        self.assertEqual(big.body[:1000], a.body)
        self.assertNotEqual(big.body[65536:66536], big.body[:1000])  # chunks differ
        other = curl('/bytes/1000?seed=7').body
        self.assertEqual(len(other), 1000)
        self.assertNotEqual(other, a.body)
        self.assertEqual(curl('/bytes/0').body, b'')
        self.assertEqual(curl('/bytes/x').status, 400)

    def test_bytes_100mb_streamed(self):
        n = 100 * 1024 * 1024
        for tr in ('h1', 'h2'):
            with self.subTest(transport=tr):
                r = curl('/bytes/%d' % n, tr, ['-o', '/dev/null'])
                self.assertEqual(r.rc, 0, r.stderr)
                self.assertEqual(r.status, 200)
                self.assertEqual(r.info['size_download'], n)
        # Streaming, not buffering: a 100 MB body never sits in the server's memory.
        self.assertLess(node_rss_peak_kib(), 160 * 1024)


class TestRedirects(unittest.TestCase):
    def test_relative_redirect_chain(self):
        for tr in TRANSPORTS:
            for kind in ('redirect', 'relative-redirect'):
                with self.subTest(transport=tr, kind=kind):
                    r = curl('/%s/3' % kind, tr)
                    self.assertEqual((r.status, r.header('location')), (302, '/%s/2' % kind))
                    self.assertEqual(curl('/%s/1' % kind, tr).header('location'), '/get')
                    r = curl('/%s/3' % kind, tr, ['-L'])
                    self.assertEqual(r.status, 200)
                    self.assertEqual(r.info['num_redirects'], 3)
                    self.assertEqual(r.info['url_effective'], base_url(tr) + '/get')
                    self.assertEqual(r.json()['path'], '/get')
        self.assertEqual(curl('/redirect/0').status, 400)

    def test_absolute_redirect_chain(self):
        for tr in TRANSPORTS:
            with self.subTest(transport=tr):
                r = curl('/absolute-redirect/2', tr)
                self.assertEqual(r.header('location'), base_url(tr) + '/absolute-redirect/1')
                r = curl('/absolute-redirect/2', tr, ['-L'])
                self.assertEqual((r.status, r.info['num_redirects']), (200, 2))
                self.assertEqual(r.json()['url'], base_url(tr) + '/get')

    def test_redirect_to(self):
        for tr in TRANSPORTS:
            with self.subTest(transport=tr):
                r = curl('/redirect-to?url=/anything/x&status_code=307', tr,
                         ['-L', '--data-binary', 'payload'])
                self.assertEqual((r.status, r.info['num_redirects']), (200, 1))
                j = r.json()
                self.assertEqual((j['method'], j['path'], j['data']),
                                 ('POST', '/anything/x', 'payload'))
                r = curl('/redirect-to?url=%2Fget', tr)
                self.assertEqual((r.status, r.header('location')), (302, '/get'))
        loop = T.http_url + '/get'
        r = curl('/redirect-to?url=' + loop + '&status_code=301', 'h2', ['-L'],
                 check_version=False)  # ends on the plain HTTP/1.1 listener
        self.assertEqual((r.status, r.info['num_redirects']), (200, 1))
        for bad in ('url=http://example.com/', 'url=//example.com/x', 'url=file:///etc/passwd',
                    'url=/get&status_code=200', ''):
            with self.subTest(bad=bad):
                self.assertEqual(curl('/redirect-to?' + bad).status, 400)


class TestCookiesAndAuth(unittest.TestCase):
    def test_cookie_jar_round_trip(self):
        for tr in TRANSPORTS:
            with self.subTest(transport=tr):
                jar = os.path.join(TMP, 'jar-' + tr)
                if os.path.exists(jar):
                    os.unlink(jar)
                jarargs = ['-c', jar, '-b', jar, '-L']
                r = curl('/cookies/set?a=1&b=two', tr, jarargs)
                self.assertEqual(r.info['num_redirects'], 1)
                self.assertEqual(r.blocks[0][0], 302)
                self.assertEqual(sorted(r.headers_all('set-cookie', 0)),
                                 ['a=1; Path=/', 'b=two; Path=/'])
                self.assertEqual(r.json(), {'cookies': {'a': '1', 'b': 'two'}})
                r = curl('/cookies/set/c/3', tr, jarargs)
                self.assertEqual(r.json(), {'cookies': {'a': '1', 'b': 'two', 'c': '3'}})
                r = curl('/cookies/delete?a', tr, jarargs)
                self.assertIn('Max-Age=0', r.header('set-cookie', 0))
                self.assertEqual(r.json(), {'cookies': {'b': 'two', 'c': '3'}})
        r = curl('/cookies', 'h2', ['-b', 'x=y; z=w'])
        self.assertEqual(r.json(), {'cookies': {'x': 'y', 'z': 'w'}})

    def test_basic_auth(self):
        for tr in TRANSPORTS:
            with self.subTest(transport=tr):
                r = curl('/basic-auth/alice/s3cr%3At', tr, ['-u', 'alice:s3cr:t'])
                self.assertEqual(r.status, 200)
                self.assertEqual(r.json(), {'authenticated': True, 'user': 'alice'})
                for creds in (['-u', 'alice:wrong'], ['-u', 'bob:s3cr:t'], []):
                    r = curl('/basic-auth/alice/s3cr%3At', tr, creds)
                    self.assertEqual(r.status, 401)
                    self.assertEqual(r.header('www-authenticate'),
                                     'Basic realm="loadgate-target"')
                    self.assertEqual(r.json(), {'authenticated': False})
                self.assertEqual(curl('/hidden-basic-auth/u/p', tr, ['-u', 'u:p']).status, 200)
                self.assertEqual(curl('/hidden-basic-auth/u/p', tr, ['-u', 'u:x']).status, 404)

    def test_digest_auth_with_curl(self):
        for tr in TRANSPORTS:
            for suffix in ('', '/MD5', '/SHA-256', '/MD5-sess'):
                with self.subTest(transport=tr, alg=suffix):
                    path = '/digest-auth/auth/user/passwd' + suffix
                    r = curl(path + '?k=v', tr, ['--digest', '-u', 'user:passwd'])
                    self.assertEqual([b[0] for b in r.blocks], [401, 200])
                    self.assertEqual(r.json(), {'authenticated': True, 'user': 'user'})
                    r = curl(path, tr, ['--digest', '-u', 'user:nope'])
                    self.assertEqual(r.status, 401)
            with self.subTest(transport=tr, check='challenge'):
                r = curl('/digest-auth/auth/user/passwd', tr)
                self.assertEqual(r.status, 401)
                ch = r.header('www-authenticate')
                self.assertTrue(ch.startswith('Digest realm="loadgate-target", qop="auth", '
                                              'algorithm=MD5, nonce="'), ch)
        self.assertEqual(curl('/digest-auth/auth-int/user/passwd').status, 400)
        self.assertEqual(curl('/digest-auth/auth/user/passwd/SHA-1').status, 400)

    def test_digest_auth_by_hand(self):
        """RFC 7616 response computed here, independently of curl."""
        path = '/digest-auth/auth/bob/pw'
        ch = curl(path).header('www-authenticate')
        params = dict(p.split('=', 1) for p in ch[len('Digest '):].split(', '))
        nonce = params['nonce'].strip('"')
        opaque = params['opaque'].strip('"')

        def md5(s):
            return hashlib.md5(s.encode()).hexdigest()

        def auth(user, pw, nonce, uri=path, method='GET'):
            ha1 = md5('%s:loadgate-target:%s' % (user, pw))
            ha2 = md5('%s:%s' % (method, uri))
            resp = md5(':'.join([ha1, nonce, '00000001', 'abcdef', 'auth', ha2]))
            return ('Authorization: Digest username="%s", realm="loadgate-target", '
                    'nonce="%s", uri="%s", qop=auth, nc=00000001, cnonce="abcdef", '
                    'response="%s", opaque="%s", algorithm=MD5' %
                    (user, nonce, uri, resp, opaque))
        self.assertEqual(curl(path, 'h1', ['-H', auth('bob', 'pw', nonce)]).status, 200)
        self.assertEqual(curl(path, 'h2', ['-H', auth('bob', 'pw', nonce)]).status, 200)
        self.assertEqual(curl(path, 'h1', ['-H', auth('bob', 'px', nonce)]).status, 401)
        forged = '0' * (len(nonce) - 22) + nonce[-22:]
        self.assertEqual(curl(path, 'h1', ['-H', auth('bob', 'pw', forged)]).status, 401)
        self.assertEqual(curl(path, 'h1', ['-H', auth('bob', 'pw', nonce, uri='/x')]).status,
                         401)

    def test_bearer_flow(self):
        for tr in TRANSPORTS:
            with self.subTest(transport=tr):
                hdr = ['-H', 'Content-Type: application/json', '--data-binary']
                r = curl('/auth/login', tr, hdr + ['{"username":"user","password":"pass"}'])
                self.assertEqual(r.status, 200)
                token = r.json()['token']
                self.assertEqual(set(r.json()), {'token'})
                r = curl('/auth/me', tr, ['-H', 'Authorization: Bearer ' + token])
                self.assertEqual((r.status, r.json()), (200, {'user': 'user'}))
                for bad in ('{"username":"user","password":"nope"}',
                            '{"username":"root","password":"pass"}', '{}', '[]'):
                    self.assertEqual(curl('/auth/login', tr, hdr + [bad]).status, 401, bad)
                self.assertEqual(curl('/auth/login', tr, hdr + ['not json']).status, 400)
                self.assertEqual(curl('/auth/login', tr).status, 405)
                r = curl('/auth/me', tr)
                self.assertEqual(r.status, 401)
                self.assertIn('Bearer', r.header('www-authenticate'))
                tampered = token[:-2] + ('AA' if token[-2:] != 'AA' else 'BB')
                for t in (tampered, 'garbage', token + 'x'):
                    r = curl('/auth/me', tr, ['-H', 'Authorization: Bearer ' + t])
                    self.assertEqual(r.status, 401, t)

    def test_bearer_endpoint(self):
        r = curl('/bearer', 'h2', ['-H', 'Authorization: Bearer abc'])
        self.assertEqual(r.json(), {'authenticated': True, 'token': 'abc'})
        self.assertEqual(curl('/bearer', 'h2').status, 401)


class PageParser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []
        self.title = ''
        self._in_title = False
        self.depth = 0
        self.max_ul_depth = 0
        self._ul = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == 'title':
            self._in_title = True
        if tag == 'ul':
            self._ul += 1
            self.max_ul_depth = max(self.max_ul_depth, self._ul)

    def handle_endtag(self, tag):
        if tag == 'title':
            self._in_title = False
        if tag == 'ul':
            self._ul -= 1

    def handle_data(self, data):
        if self._in_title:
            self.title += data


class TestDocuments(unittest.TestCase):
    def test_html(self):
        for tr in TRANSPORTS:
            with self.subTest(transport=tr):
                r = curl('/html', tr)
                self.assertEqual(r.status, 200)
                self.assertEqual(r.header('content-type'), 'text/html; charset=utf-8')
                p = PageParser()
                p.feed(r.body.decode())
                self.assertEqual(p.title, 'loadgate test page')
                links = [a['href'] for t, a in p.tags if t == 'a']
                self.assertEqual(links, ['/get', '/json', '/status/404', '/html#section-2'])
                forms = [a for t, a in p.tags if t == 'form']
                self.assertEqual(forms, [{'id': 'login', 'name': 'login', 'method': 'post',
                                          'action': '/post', 'class': 'form'}])
                inputs = [(a.get('type'), a.get('name')) for t, a in p.tags if t == 'input']
                self.assertEqual(inputs, [('text', 'username'), ('text', 'email'),
                                          ('hidden', 'csrf'), ('checkbox', 'remember'),
                                          ('submit', None)])
                opts = [a['value'] for t, a in p.tags if t == 'option']
                self.assertEqual(opts, ['red', 'green', 'blue'])
                selected = [a['value'] for t, a in p.tags if t == 'option' and 'selected' in a]
                self.assertEqual(selected, ['green'])
                intro = [a for t, a in p.tags if a.get('id') == 'intro'][0]
                self.assertEqual((intro['class'], intro['data-id'], intro['data-user-name']),
                                 ('lead text', '42', 'ishmael'))
                self.assertEqual(p.max_ul_depth, 2)
                self.assertEqual(len([1 for t, a in p.tags if t == 'li']), 7)

    def test_json_document(self):
        for tr in TRANSPORTS:
            with self.subTest(transport=tr):
                r = curl('/json', tr)
                self.assertEqual(r.header('content-type'), 'application/json')
                j = r.json()
                self.assertEqual(j['slideshow']['title'], 'Sample Slide Show')
                self.assertEqual(len(j['slideshow']['slides']), 2)
                self.assertEqual(j['slideshow']['slides'][1]['items'][0],
                                 'Why <em>WonderWidgets</em> are great')
                self.assertEqual(j['numbers'], {'int': 42, 'negative': -7, 'float': 3.25,
                                                'big': 9007199254740991, 'zero': 0,
                                                'exp': 1.5e-10})
                self.assertEqual(j['flags'], {'yes': True, 'no': False, 'nothing': None})
                self.assertEqual(j['unicode']['emoji'], '\U0001F600\U0001F680')
                self.assertEqual(j['unicode']['cjk'], '日本語テキスト')
                self.assertEqual(j['unicode']['escapes'], 'tab\tquote"backslash\\newline\n')
                self.assertEqual(j['matrix'], [[1, 2, 3], [4, 5, 6]])
                self.assertEqual(j['nested']['a']['b']['c']['d'][1], {'e': 'deeper'})
                self.assertEqual(j['empty'], {'object': {}, 'array': [], 'string': ''})

    def test_compression(self):
        for tr in TRANSPORTS:
            for path, enc, flag in (('/gzip', 'gzip', 'gzipped'),
                                    ('/deflate', 'deflate', 'deflated'),
                                    ('/brotli', 'br', 'brotli')):
                with self.subTest(transport=tr, path=path):
                    r = curl(path, tr, ['--compressed'])
                    self.assertEqual(r.header('content-encoding'), enc)
                    j = r.json()
                    self.assertIs(j[flag], True)
                    self.assertEqual(j['path'], path)


# ---------------------------------------------------------------- WebSocket --

WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11'


class WsClient:
    def __init__(self, path, tls=False, port=None):
        port = port or (T.https_port if tls else T.http_port)
        s = socket.create_connection(('127.0.0.1', port), timeout=5)
        if tls:
            ctx = ssl.create_default_context(cafile=T.ca_file)
            s = ctx.wrap_socket(s, server_hostname='127.0.0.1')
        self.sock = s
        self.buf = b''
        key = base64.b64encode(os.urandom(16)).decode()
        s.sendall(('GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\n'
                   'Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n'
                   'Sec-WebSocket-Version: 13\r\n\r\n' % (path, port, key)).encode())
        while b'\r\n\r\n' not in self.buf:
            chunk = s.recv(4096)
            if not chunk:
                break
            self.buf += chunk
        head, _, self.buf = self.buf.partition(b'\r\n\r\n')
        lines = head.decode('latin1').split('\r\n')
        self.status = int(lines[0].split()[1])
        self.headers = {}
        for ln in lines[1:]:
            k, _, v = ln.partition(':')
            self.headers[k.strip().lower()] = v.strip()
        self.expected_accept = base64.b64encode(
            hashlib.sha1((key + WS_GUID).encode()).digest()).decode()

    def send(self, opcode, payload, fin=True):
        n = len(payload)
        head = bytes([(0x80 if fin else 0) | opcode])
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 65536:
            head += bytes([0x80 | 126]) + n.to_bytes(2, 'big')
        else:
            head += bytes([0x80 | 127]) + n.to_bytes(8, 'big')
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(head + mask + masked)

    def _read(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError('connection closed')
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def recv(self):
        """One frame: (fin, opcode, payload).  Server frames must not be masked."""
        b0, b1 = self._read(2)
        if b1 & 0x80:
            raise AssertionError('server frame is masked')
        n = b1 & 0x7f
        if n == 126:
            n = int.from_bytes(self._read(2), 'big')
        elif n == 127:
            n = int.from_bytes(self._read(8), 'big')
        return bool(b0 & 0x80), b0 & 0x0f, self._read(n)

    def at_eof(self):
        try:
            return self.sock.recv(1) == b''
        except (ConnectionResetError, ssl.SSLError):
            return True

    def close(self):
        self.sock.close()


class TestWebSocket(unittest.TestCase):
    def echo_session(self, tls):
        c = WsClient('/ws', tls)
        try:
            self.assertEqual(c.status, 101)
            self.assertEqual(c.headers['upgrade'].lower(), 'websocket')
            self.assertEqual(c.headers['sec-websocket-accept'], c.expected_accept)
            text = 'héllo wörld ✓'.encode()
            c.send(1, text)
            self.assertEqual(c.recv(), (True, 1, text))
            for size in (1, 125, 300, 70000):  # 7-bit, 16-bit and 64-bit lengths
                blob = os.urandom(size)
                c.send(2, blob)
                self.assertEqual(c.recv(), (True, 2, blob), size)
            c.send(1, b'frag', fin=False)  # fragmented message comes back whole
            c.send(0, b'mented', fin=True)
            self.assertEqual(c.recv(), (True, 1, b'fragmented'))
            c.send(9, b'ping!')
            self.assertEqual(c.recv(), (True, 10, b'ping!'))
            c.send(8, (4001).to_bytes(2, 'big') + b'bye')
            fin, op, payload = c.recv()
            self.assertEqual((op, int.from_bytes(payload[:2], 'big'), payload[2:]),
                             (8, 4001, b'bye'))
            self.assertTrue(c.at_eof())
        finally:
            c.close()

    def test_ws_echo_plain(self):
        self.echo_session(False)

    def test_ws_echo_tls(self):
        self.echo_session(True)

    def test_ws_close_code(self):
        for tls in (False, True):
            with self.subTest(tls=tls):
                c = WsClient('/ws/close?code=4321&reason=done', tls)
                self.assertEqual(c.status, 101)
                fin, op, payload = c.recv()
                self.assertEqual((op, int.from_bytes(payload[:2], 'big'), payload[2:]),
                                 (8, 4321, b'done'))
                c.send(8, payload[:2])
                self.assertTrue(c.at_eof())
                c.close()

    def test_ws_rejections(self):
        c = WsClient('/ws/close?code=1005')  # reserved, never sent on the wire
        self.assertEqual(c.status, 400)
        c.close()
        c = WsClient('/nowhere')
        self.assertEqual(c.status, 404)
        c.close()
        for tr in TRANSPORTS:
            r = curl('/ws', tr)  # no Upgrade header in HTTP/2: it is connection-specific
            self.assertEqual((r.status, r.header('upgrade')),
                             (426, None if tr == 'h2' else 'websocket'))


# ------------------------------------------------------------ server stats --

class TestStats(unittest.TestCase):
    def test_exact_counts(self):
        reset_stats()
        s = stats()
        self.assertEqual(s, {'total': 0, 'by_path': {}, 'by_method': {}, 'by_proto': {},
                             'connections': {'http': s['connections']['http'], 'https': 0}})
        # 5 requests on one keep-alive connection per transport.
        for tr in TRANSPORTS:
            urls = [base_url(tr) + p for p in ('/get', '/get', '/get', '/anything/x', '/json')]
            opts = {'h1': [], 'h1s': ['--http1.1'], 'h2': ['--http2']}[tr]
            args = [a for u in urls for a in ('-o', '/dev/null', u)]
            p = subprocess.run(['curl', '-sS', '--noproxy', '*', '--cacert', T.ca_file,
                                '-w', '%{http_code} %{num_connects}\n'] + opts + args,
                               stdout=subprocess.PIPE, env=CLEAN_ENV, timeout=30)
            self.assertEqual(p.returncode, 0)
            self.assertEqual(p.stdout.decode().split('\n'),
                             ['200 1', '200 0', '200 0', '200 0', '200 0', ''])
        curl('/post', 'h1', ['--data', 'a=1'])
        curl('/status/404', 'h2')
        c = WsClient('/ws')
        c.send(8, (1000).to_bytes(2, 'big'))
        c.recv()
        c.close()
        s = stats()
        self.assertEqual(s['total'], 18)
        self.assertEqual(s['by_path'], {'/get': 9, '/anything/x': 3, '/json': 3, '/post': 1,
                                        '/status/404': 1, '/ws': 1})
        self.assertEqual(s['by_method'], {'GET': 17, 'POST': 1})
        self.assertEqual(s['by_proto'], {'1.1': 12, '2.0': 6})
        # /__stats calls are not counted as requests, but their connections are:
        # 2 stats + 1 multi-URL curl + 1 /post + 1 ws on the plain listener.
        self.assertEqual(s['connections'], {'http': 1 + 1 + 1 + 2, 'https': 3})

    def test_stats_reset_requires_post(self):
        self.assertEqual(curl('/__stats/reset').status, 405)


# ------------------------------------------------------- process lifecycle --

def spawn_target(*args):
    return subprocess.Popen([find_node(), TARGET_JS] + list(args), stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def port_open(port):
    try:
        socket.create_connection(('127.0.0.1', port), timeout=1).close()
        return True
    except OSError:
        return False


class TestLifecycle(unittest.TestCase):
    def test_tls_verification_fails_without_ca(self):
        r = curl('/get', 'h2', cacert=False)
        self.assertEqual(r.rc, 60, r.stderr)  # peer certificate cannot be authenticated
        r = curl('/get', 'h2', ['-k'], cacert=False)  # only to show the listener is fine
        self.assertEqual(r.status, 200)

    def test_refuses_non_loopback_host(self):
        for host in ('0.0.0.0', '::', '10.0.0.1', '192.168.1.1', 'example.com', '8.8.8.8'):
            with self.subTest(host=host):
                p = spawn_target('--host', host)
                out, err = p.communicate(timeout=20)
                self.assertEqual(p.returncode, 2)
                self.assertEqual(out, b'')
                self.assertIn(b'refusing non-loopback --host', err)

    def test_plain_only_without_cert_and_loopback_variants(self):
        for host in ('127.0.0.1', '127.0.0.2', 'localhost', '::1'):
            with self.subTest(host=host):
                p = spawn_target('--host', host)
                ports = json.loads(p.stdout.readline())
                self.assertIsNone(ports['https'])
                self.assertGreater(ports['http'], 0)
                p.stdin.close()
                self.assertEqual(p.wait(timeout=10), 0)
                p.stdout.close()
                p.stderr.close()

    def test_exits_when_stdin_closes(self):
        p = spawn_target('--cert', T.ca_file, '--key', os.path.join(os.path.dirname(T.ca_file),
                                                                     'key.pem'))
        line = p.stdout.readline()
        ports = json.loads(line)
        self.assertEqual(set(ports), {'http', 'https'})
        self.assertTrue(port_open(ports['http']) and port_open(ports['https']))
        p.stdin.close()
        self.assertEqual(p.wait(timeout=10), 0)
        self.assertEqual(p.stdout.read(), b'')  # exactly one line was printed
        self.assertFalse(port_open(ports['http']))
        p.stdout.close()
        p.stderr.close()

    def test_exits_on_sigterm_and_sigint(self):
        for sig in ('terminate', 'SIGINT'):
            with self.subTest(sig=sig):
                p = spawn_target()
                json.loads(p.stdout.readline())
                if sig == 'terminate':
                    p.terminate()
                else:
                    p.send_signal(2)
                self.assertEqual(p.wait(timeout=10), 0)
                for f in (p.stdin, p.stdout, p.stderr):
                    f.close()

    def test_harness_run_cli(self):
        probe = ('import json,os,sys,urllib.request;'
                 'e={k:v for k,v in os.environ.items() if k.startswith("LG_TARGET") '
                 'or k in ("SSL_CERT_FILE","CURL_CA_BUNDLE")};'
                 'e["ca_exists"]=os.path.isfile(e["LG_TARGET_CA"]);'
                 'e["body"]=json.load(urllib.request.urlopen(e["LG_TARGET_HTTPS"]+"/ip"));'
                 'print(json.dumps(e));sys.exit(7)')
        env = dict(os.environ)
        env.pop('SSL_CERT_FILE', None)
        p = subprocess.run([sys.executable, os.path.join(SUPPORT, 'target.py'), 'run', '--',
                            sys.executable, '-c', probe], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env=env, timeout=60)
        self.assertEqual(p.returncode, 7, p.stderr)
        e = json.loads(p.stdout)
        self.assertRegex(e['LG_TARGET_HTTP'], r'^http://127\.0\.0\.1:\d+$')
        self.assertRegex(e['LG_TARGET_HTTPS'], r'^https://127\.0\.0\.1:\d+$')
        self.assertEqual(e['LG_TARGET_WS'], e['LG_TARGET_HTTP'].replace('http:', 'ws:'))
        self.assertEqual(e['LG_TARGET_WSS'], e['LG_TARGET_HTTPS'].replace('https:', 'wss:'))
        self.assertEqual(e['SSL_CERT_FILE'], e['LG_TARGET_CA'])
        self.assertEqual(e['CURL_CA_BUNDLE'], e['LG_TARGET_CA'])
        self.assertTrue(e['ca_exists'])
        self.assertEqual(e['body'], {'origin': '127.0.0.1'})
        # Afterwards the target is gone and its temp dir removed.
        self.assertFalse(port_open(int(e['LG_TARGET_HTTP'].rsplit(':', 1)[1])))
        self.assertFalse(os.path.exists(e['LG_TARGET_CA']))
        p = subprocess.run([sys.executable, os.path.join(SUPPORT, 'target.py'), 'run', '--',
                            'sh', '-c', 'kill -TERM $$'], timeout=60)
        self.assertEqual(p.returncode, 128 + 15)

    def test_harness_serve_cli(self):
        p = subprocess.Popen([sys.executable, os.path.join(SUPPORT, 'target.py'), 'serve'],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        urls = {}
        for line in p.stdout:
            line = line.decode().strip()
            if line.startswith('serving'):
                break
            k, _, v = line.partition('=')
            urls[k] = v
        port = int(urls['LG_TARGET_HTTP'].rsplit(':', 1)[1])
        self.assertTrue(port_open(port))
        p.terminate()
        p.wait(timeout=10)
        self.assertFalse(port_open(port))
        p.stdout.close()
        p.stderr.close()

    def test_harness_reports_child_stderr(self):
        bad = os.path.join(TMP, 'bad.js')
        with open(bad, 'w') as f:
            f.write('process.stderr.write("boom: cannot start\\n"); process.exit(3);\n')
        t = Target(script=bad)
        with self.assertRaises(TargetError) as cm:
            t.start()
        self.assertIn('status 3', str(cm.exception))
        self.assertIn('boom: cannot start', str(cm.exception))
        self.assertIsNone(t.proc)

    def test_target_object_urls(self):
        self.assertEqual(T.http_url, 'http://127.0.0.1:%d' % T.http_port)
        self.assertEqual(T.https_url, 'https://127.0.0.1:%d' % T.https_port)
        self.assertEqual(T.ws_url, 'ws://127.0.0.1:%d' % T.http_port)
        self.assertEqual(T.wss_url, 'wss://127.0.0.1:%d' % T.https_port)
        self.assertTrue(os.path.isfile(T.ca_file))
        self.assertTrue(T.alive())


class Throughput(unittest.TestCase):
    def test_parallel_keepalive_burst(self):
        """2000 requests over 20 parallel keep-alive connections, counted server-side."""
        n = 2000
        cfg = os.path.join(TMP, 'burst.cfg')
        with open(cfg, 'w') as f:
            for i in range(n):
                f.write('url = "%s/anything/burst"\noutput = "/dev/null"\n' % T.http_url)
        reset_stats()
        t0 = time.monotonic()
        p = subprocess.run(['curl', '-sS', '--noproxy', '*', '--parallel', '--parallel-max',
                            '20', '-K', cfg, '-w', '%{http_code}\n'], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env=CLEAN_ENV, timeout=60)
        dt = time.monotonic() - t0
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout.decode().split(), ['200'] * n)
        s = stats()
        self.assertEqual(s['by_path'], {'/anything/burst': n})
        self.assertLessEqual(s['connections']['http'], 20 + 2)
        print('\n  burst: %d requests in %.2f s (%.0f req/s, curl-bound)' % (n, dt, n / dt),
              file=sys.stderr)


class CountingResult(unittest.TextTestResult):
    """Tracks pass/fail per test method (subtest failures fail their method)."""

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.failed_ids = set()
        self.seen_ids = set()

    def startTest(self, test):
        self.seen_ids.add(test.id())
        super().startTest(test)

    def addFailure(self, test, err):
        self.failed_ids.add(test.id())
        super().addFailure(test, err)

    def addError(self, test, err):
        self.failed_ids.add(getattr(test, 'id', lambda: str(test))())
        super().addError(test, err)

    def addSubTest(self, test, subtest, err):
        if err is not None:
            self.failed_ids.add(test.id())
        super().addSubTest(test, subtest, err)


def main():
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])
    runner = unittest.TextTestRunner(verbosity=2, resultclass=CountingResult, stream=sys.stdout)
    t0 = time.monotonic()
    result = runner.run(suite)
    failed = len(result.failed_ids)
    passed = len(result.seen_ids - result.failed_ids)
    print('elapsed %.1f s' % (time.monotonic() - t0))
    print('%d passed, %d failed' % (passed, failed))
    sys.exit(0 if failed == 0 and result.wasSuccessful() else 1)


if __name__ == '__main__':
    main()
