#!/usr/bin/env python3
"""Start and stop the loopback test target (fixtures/server/target.js).

Library use (python3 stdlib only):

    from target import Target
    with Target() as t:
        t.http_url   # "http://127.0.0.1:PORT"
        t.https_url  # "https://127.0.0.1:PORT"  (HTTP/2 or HTTP/1.1 by ALPN)
        t.ws_url     # "ws://127.0.0.1:PORT"    (echo at /ws)
        t.wss_url    # "wss://127.0.0.1:PORT"
        t.ca_file    # PEM file that verifies the HTTPS listener

Command line:

    python3 tests/support/target.py run -- CMD ARGS...
        Starts the target, runs CMD with LG_TARGET_HTTP, LG_TARGET_HTTPS,
        LG_TARGET_WS, LG_TARGET_WSS, LG_TARGET_CA, SSL_CERT_FILE and
        CURL_CA_BUNDLE (the last two: the CA, for OpenSSL and curl) set, stops
        the target and exits with CMD's exit code.
    python3 tests/support/target.py serve
        Runs the target in the foreground and prints its URLs until Ctrl+C.

The node process gets a pipe as stdin and exits when that pipe closes, so it
cannot outlive the Python process that started it, however that one ends.
"""

import argparse
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TARGET_JS = os.path.normpath(os.path.join(HERE, '..', '..', 'fixtures', 'server', 'target.js'))
HOST = '127.0.0.1'
START_TIMEOUT = 20.0
STOP_GRACE = 3.0


class TargetError(RuntimeError):
    """The target could not be started."""


def find_node():
    """Path of the node executable: $NODE, else `node` or `nodejs` on PATH."""
    env = os.environ.get('NODE')
    if env:
        return env
    for name in ('node', 'nodejs'):
        path = shutil.which(name)
        if path:
            return path
    raise TargetError('node not found: set $NODE or install nodejs')


def make_cert(directory):
    """Self-signed EC certificate for CN=localhost, IP:127.0.0.1, DNS:localhost.

    Returns (cert_file, key_file); the certificate is its own CA file."""
    cert = os.path.join(directory, 'cert.pem')
    key = os.path.join(directory, 'key.pem')
    cmd = ['openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
           '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=localhost',
           '-addext', 'subjectAltName=IP:127.0.0.1,IP:0:0:0:0:0:0:0:1,DNS:localhost']
    try:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=30)
    except FileNotFoundError as e:
        raise TargetError('openssl not found: %s' % e) from e
    if proc.returncode != 0:
        raise TargetError('openssl failed (%d): %s' %
                          (proc.returncode, proc.stdout.decode(errors='replace')))
    return cert, key


class Target:
    """The loopback test target as a context manager (start on enter, stop on exit)."""

    def __init__(self, http_port=0, https_port=0, node=None, script=TARGET_JS):
        self._http_port_req = http_port
        self._https_port_req = https_port
        self._node = node
        self._script = script
        self._tmp = None
        self._stderr = None
        self.proc = None
        self.http_port = None
        self.https_port = None
        self.ca_file = None

    # URLs of the two listeners (no trailing slash).
    @property
    def http_url(self):
        return 'http://%s:%d' % (HOST, self.http_port)

    @property
    def https_url(self):
        return 'https://%s:%d' % (HOST, self.https_port)

    @property
    def ws_url(self):
        return 'ws://%s:%d' % (HOST, self.http_port)

    @property
    def wss_url(self):
        return 'wss://%s:%d' % (HOST, self.https_port)

    def env(self):
        """The LG_TARGET_* variables (plus SSL_CERT_FILE, CURL_CA_BUNDLE) for a child."""
        return {
            'LG_TARGET_HTTP': self.http_url,
            'LG_TARGET_HTTPS': self.https_url,
            'LG_TARGET_WS': self.ws_url,
            'LG_TARGET_WSS': self.wss_url,
            'LG_TARGET_CA': self.ca_file,
            'SSL_CERT_FILE': self.ca_file,
            'CURL_CA_BUNDLE': self.ca_file,
        }

    def start(self):
        if self.proc is not None:
            raise TargetError('target already started')
        self._tmp = tempfile.mkdtemp(prefix='lg-target-')
        try:
            cert, key = make_cert(self._tmp)
            self.ca_file = cert
            node = self._node or find_node()
            self._stderr = open(os.path.join(self._tmp, 'stderr.txt'), 'w+b')
            cmd = [node, self._script, '--host', HOST,
                   '--http-port', str(self._http_port_req),
                   '--https-port', str(self._https_port_req), '--cert', cert, '--key', key]
            try:
                self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                             stderr=self._stderr)
            except OSError as e:
                raise TargetError('cannot run %s: %s' % (node, e)) from e
            ports = self._read_ports()
            self.http_port = int(ports['http'])
            self.https_port = int(ports['https'])
        except BaseException:
            self.stop()
            raise
        return self

    def _child_stderr(self):
        if self._stderr is None:
            return ''
        self._stderr.flush()
        self._stderr.seek(0)
        return self._stderr.read().decode(errors='replace').strip()

    def _read_ports(self):
        deadline = time.monotonic() + START_TIMEOUT
        fd = self.proc.stdout.fileno()
        buf = b''
        while b'\n' not in buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TargetError('target did not report its ports within %.0f s; stderr:\n%s' %
                                  (START_TIMEOUT, self._child_stderr()))
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(fd, 4096)
            if not chunk:
                self.proc.wait(timeout=STOP_GRACE)
                raise TargetError('target exited (status %s) before listening; stderr:\n%s' %
                                  (self.proc.returncode, self._child_stderr()))
            buf += chunk
        line = buf.split(b'\n', 1)[0]
        try:
            ports = json.loads(line)
            int(ports['http'])
            int(ports['https'])
        except (ValueError, KeyError, TypeError) as e:
            raise TargetError('unexpected port line %r (%s); stderr:\n%s' %
                              (line, e, self._child_stderr())) from e
        return ports

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        """Terminate the target (SIGTERM, SIGKILL after 3 s) and remove its temp dir."""
        proc, self.proc = self.proc, None
        if proc is not None:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=STOP_GRACE)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
            for f in (proc.stdin, proc.stdout):
                try:
                    f.close()
                except OSError:
                    pass
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False


def _cmd_run(args):
    cmd = args.cmd
    if cmd and cmd[0] == '--':
        cmd = cmd[1:]
    if not cmd:
        print('target.py run: missing command (usage: run -- CMD ARGS...)', file=sys.stderr)
        return 2
    with Target(args.http_port, args.https_port) as t:
        env = dict(os.environ)
        env.update(t.env())
        try:
            child = subprocess.Popen(cmd, env=env)
        except OSError as e:
            print('target.py run: cannot run %s: %s' % (cmd[0], e), file=sys.stderr)
            return 127
        # SIGTERM to this process goes to CMD; the target stops once CMD ends.
        signal.signal(signal.SIGTERM, lambda *_: child.send_signal(signal.SIGTERM))
        while True:
            try:
                rc = child.wait()
                break
            except KeyboardInterrupt:
                continue  # the child got the SIGINT too; wait for it to finish
    return rc if rc >= 0 else 128 - rc


def _cmd_serve(args):
    with Target(args.http_port, args.https_port) as t:
        for k, v in t.env().items():
            print('%s=%s' % (k, v))
        print('serving; Ctrl+C to stop', flush=True)
        try:
            while t.alive():
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        if not t.alive():
            print('target exited unexpectedly', file=sys.stderr)
            return 1
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(description='Run the loadgate loopback test target.')
    ap.add_argument('--http-port', type=int, default=0, help='plain HTTP port (0: any free)')
    ap.add_argument('--https-port', type=int, default=0, help='HTTPS port (0: any free)')
    sub = ap.add_subparsers(dest='command', required=True)
    run = sub.add_parser('run', help='run a command with the target up')
    run.add_argument('cmd', nargs=argparse.REMAINDER, help='-- CMD ARGS...')
    sub.add_parser('serve', help='run the target in the foreground')
    args = ap.parse_args(argv)
    # SIGTERM to this process stops the target through the normal exit path.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    try:
        if args.command == 'run':
            return _cmd_run(args)
        return _cmd_serve(args)
    except TargetError as e:
        print('target.py: %s' % e, file=sys.stderr)
        return 1


if __name__ == '__main__':
    sys.exit(main())
