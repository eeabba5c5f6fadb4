# SPDX-License-Identifier: Apache-2.0
"""`loadgate run` end to end: the real binary, real scripts, the loopback target."""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import lgtest  # noqa: E402
from lgtest import run  # noqa: E402

T = None


setUpModule, tearDownModule = lgtest.module_target(globals())


def checks_of(group):
    return group["checks"]


class Counts(unittest.TestCase):
    def test_exact_counts(self):
        r = run("exact-counts.js", target=T)
        self.assertEqual(r.rc, 0, r)
        m = r.export["metrics"]
        self.assertEqual(m["iterations"]["count"], 20)
        self.assertEqual(m["http_reqs"]["count"], 60)
        self.assertEqual(m["checks"]["passes"], 60)
        self.assertEqual(m["checks"]["fails"], 20)
        self.assertEqual(m["http_req_failed"]["passes"], 0)
        root = r.export["root_group"]
        self.assertEqual(root["checks"]["status is 200"]["passes"], 20)
        self.assertEqual(root["checks"]["echoes the query"]["passes"], 20)
        self.assertEqual(root["checks"]["never true"]["fails"], 20)
        self.assertEqual(root["checks"]["never true"]["passes"], 0)
        inner = root["groups"]["inner"]
        self.assertEqual(inner["path"], "::inner")
        self.assertEqual(inner["checks"]["got 204"]["passes"], 20)
        self.assertIn("group_duration", m)
        self.assertEqual(m["vus_max"]["value"], 4)

    def test_setup_teardown_data(self):
        r = run("setup-teardown.js", target=T)
        self.assertEqual(r.rc, 0, r)
        m = r.export["metrics"]
        self.assertEqual(m["checks"]["passes"], 18, r)
        self.assertEqual(m["checks"]["fails"], 0, r)
        self.assertIn("teardown got [1,2,3] token=yes", r.err)
        # setup's and teardown's requests count too: 9 + 1
        self.assertEqual(m["http_reqs"]["count"], 10)

    def test_http_features(self):
        r = run("http-features.js", target=T)
        self.assertEqual(r.rc, 0, r)
        failing = [c for c in r.export["root_group"]["checks"].values() if c["fails"]]
        self.assertEqual(failing, [], r)
        self.assertEqual(r.export["metrics"]["checks"]["passes"], 19)
        # 2 (cookie redirect) + 4 (redirect/3) + 2 (limited) + 3 + 2 (batches) + 1 timeout
        # + 1 refused + 1 form + 2 basic auth + 1 headers + 1 binary + 1 none
        self.assertEqual(r.export["metrics"]["http_reqs"]["count"], 21)

    RESPONSE_FIELDS = ["status", "status_text", "proto", "url", "body", "timings", "remote_ip",
                       "remote_port", "tls_version", "tls_cipher_suite", "error", "error_code",
                       "headers", "cookies", "request"]

    def test_response_fields(self):
        # Response fields are prototype getters over one buffer (mod_http_api.c):
        # every field must still read right, serialise, cache and accept writes.
        r = run("""
import http from 'k6/http';
import { check } from 'k6';
export const options = { iterations: 1 };
export default function () {
  const res = http.post(`${__ENV.LG_TARGET_HTTP}/anything?q=1`, { a: 'x y' }, { headers: { 'X-T': 'v' } });
  const fresh = Object.keys(res).length;
  const j = JSON.parse(JSON.stringify(res));
  check(res, {
    'nothing built before a read': () => fresh === 0,
    'status': (r) => r.status === 200 && r.status_text === '200 OK' && r.proto === 'HTTP/1.1',
    'url': (r) => r.url === `${__ENV.LG_TARGET_HTTP}/anything?q=1`,
    'remote': (r) => r.remote_ip === '127.0.0.1' && r.remote_port > 0,
    'no error': (r) => r.error === '' && r.error_code === 0 && r.tls_version === '',
    'timings kept': (r) => r.timings === r.timings && r.timings.duration > 0,
    'headers': (r) => r.headers['Content-Type'] === 'application/json',
    'request': (r) => r.request.method === 'POST' && r.request.headers['X-T'] === 'v' &&
                      r.request.body === 'a=x%20y',
    'json path': (r) => r.json('form.a') === 'x y' && r.json('method') === 'POST',
    'toJSON has every field': () => FIELDS.every((k) => k in j) && j.status === 200,
    'body': (r) => typeof r.body === 'string' && r.body.indexOf('"method":"POST"') >= 0,
  });
  res.status = 7;
  check(res, { 'assignable': (r) => r.status === 7 && Object.keys(r).indexOf('status') >= 0 });
}
""".replace("FIELDS", json.dumps(self.RESPONSE_FIELDS)), target=T)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.export["metrics"]["checks"]["fails"], 0, r)
        self.assertEqual(r.export["metrics"]["checks"]["passes"], 12, r)

    def test_proxy_variables_are_honoured(self):
        # Without proxy variables loadgate tells libcurl NOPROXY "*"; with one
        # set, libcurl's rules must still apply (a dead proxy fails the request,
        # no_proxy exempts the host).
        script = """
import http from 'k6/http';
export const options = { iterations: 1 };
export default function () {
  const r = http.get(`${__ENV.LG_TARGET_HTTP}/get`);
  console.log(`code=${r.error_code} status=${r.status}`);
}
"""
        dead = "http://127.0.0.1:9"
        r = run(script, target=T, env={"http_proxy": dead})
        self.assertIn("code=1212 status=0", r.err, r)
        r = run(script, target=T, env={"http_proxy": dead, "no_proxy": "127.0.0.1"})
        self.assertIn("code=0 status=200", r.err, r)
        r = run(script, target=T)
        self.assertIn("code=0 status=200", r.err, r)

    def test_https_http2(self):
        r = run("https.js", target=T)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.export["metrics"]["checks"]["fails"], 0, r)
        self.assertEqual(r.export["metrics"]["checks"]["passes"], 5)

    def test_tls_verification(self):
        script = """
var http = require('k6/http');
var k6 = require('k6');
exports.default = function () {
  var r = http.get(__ENV.LG_TARGET_HTTPS + '/get');
  k6.check(r, { 'unknown CA is 1310': function (r) { return r.status === 0 && r.error_code === 1310; },
                'ok when verification is off': function (r) { return r.status === 200; } });
};
"""
        r = run(script, target=T, env={"SSL_CERT_FILE": "/nonexistent"})
        self.assertEqual(r.export["root_group"]["checks"]["unknown CA is 1310"]["passes"], 1, r)
        r = run(script, "--insecure-skip-tls-verify", target=T, env={"SSL_CERT_FILE": "/nonexistent"})
        self.assertEqual(r.export["root_group"]["checks"]["ok when verification is off"]["passes"], 1, r)

    def test_cookies_reset_each_iteration(self):
        r = run("cookies-reset.js", target=T)
        checks = r.export["root_group"]["checks"]
        self.assertEqual(checks["cookie set in iteration 0"]["passes"], 1, r)
        self.assertEqual(checks["iteration 1 still has the cookie"]["fails"], 1, r)
        self.assertEqual(checks["digest auth"]["passes"], 2, r)
        r = run("cookies-reset.js", target=T, env={"KEEP": "1"})
        checks = r.export["root_group"]["checks"]
        self.assertEqual(checks["iteration 1 still has the cookie"]["passes"], 1, r)

    def test_cookie_jar(self):
        r = run("cookie-jar.js", target=T)
        self.assertEqual(r.rc, 0, r)
        failing = [c["name"] for c in r.export["root_group"]["checks"].values() if c["fails"]]
        self.assertEqual(failing, [], r)
        self.assertEqual(r.export["metrics"]["checks"]["passes"], 7)

    def test_timers(self):
        r = run("timers.js", target=T)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.export["metrics"]["checks"]["passes"], 3, r)
        # the iteration waited for its 50 ms timer
        self.assertGreaterEqual(r.export["metrics"]["iteration_duration"]["min"], 50)

    def test_handle_summary(self):
        d = tempfile.mkdtemp()
        out = os.path.join(d, "data.json")
        r = run("handle-summary.js", target=T, env={"OUT": out})
        self.assertEqual(r.rc, 0, r)
        self.assertIn("custom summary: 2", r.out)
        self.assertNotIn("TOTAL RESULTS", r.out)
        with open(out) as f:
            data = json.load(f)
        self.assertEqual(data["metrics"]["http_reqs"]["values"]["count"], 2)
        self.assertEqual(data["metrics"]["http_reqs"]["thresholds"], {"count>=2": {"ok": True}})
        self.assertEqual(data["root_group"]["path"], "")
        self.assertIn("summaryTrendStats", data["options"])
        self.assertGreater(data["state"]["testRunDurationMs"], 0)
        # an object without stdout: no default summary either
        r = run("handle-summary.js", target=T, env={"OUT": out, "MODE": "only-file"})
        self.assertNotIn("TOTAL RESULTS", r.out)
        # null, an exception, a non-object: logged, and the default summary is printed
        r = run("handle-summary.js", target=T, env={"OUT": out, "MODE": "null"})
        self.assertIn("TOTAL RESULTS", r.out)
        r = run("handle-summary.js", target=T, env={"OUT": out, "MODE": "throw"})
        self.assertEqual(r.rc, 0, r)
        self.assertIn("summary broke", r.err)
        self.assertIn("TOTAL RESULTS", r.out)
        r = run("handle-summary.js", target=T, env={"OUT": out, "MODE": "number"})
        self.assertIn("must return an object", r.err)
        self.assertIn("TOTAL RESULTS", r.out)

    def test_execution_module(self):
        r = run("execution.js", "--summary-trend-stats", "count", target=T,
                env={"PHASE": "x"})
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.export["metrics"]["checks"]["fails"], 0, r)
        self.assertEqual(r.export["metrics"]["checks"]["passes"], 12)

    def test_vu_tags_make_submetrics(self):
        d = tempfile.mkdtemp()
        script = os.path.join(lgtest.SCRIPTS, "execution.js")
        exp = os.path.join(d, "e.json")
        p = subprocess.run([lgtest.LOADGATE, "run", "-q", "--summary-export", exp, script],
                           env=dict(os.environ, **T.env()), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.assertEqual(p.returncode, 0, p.stderr)
        # thresholds on sub-metrics select by the VU tag
        with open(script) as f:
            src = f.read().replace("exports.options = {", "exports.options = { thresholds: { "
                                   "'http_reqs{phase:warm}': ['count==2'], 'http_reqs{phase:hot}': ['count==2'], "
                                   "'http_reqs{status:201}': ['count==1'] },")
        r = run(src, target=T)
        self.assertEqual(r.rc, 0, r)
        m = r.export["metrics"]
        self.assertEqual(m["http_reqs{phase:warm}"]["count"], 2)
        self.assertEqual(m["http_reqs{phase:hot}"]["count"], 2)
        self.assertEqual(m["http_reqs"]["count"], 5)

    def test_async_requests_and_promises(self):
        r = run("async.js", target=T)
        self.assertEqual(r.rc, 0, r)
        failing = [c["name"] for c in r.export["root_group"]["checks"].values() if c["fails"]]
        self.assertEqual(failing, [], r)
        self.assertEqual(r.export["metrics"]["checks"]["passes"], 10)
        self.assertEqual(r.export["metrics"]["http_reqs"]["count"], 6)
        self.assertEqual(r.err.count("Uncaught (in promise) Error: nobody handles me"), 2, r)
        # the iteration waited for the promise it returned (200 ms + 20 ms + 50 ms)
        self.assertGreaterEqual(r.export["metrics"]["iteration_duration"]["min"], 270)

    def test_modern_script(self):
        # ES modules, a local module, classes, destructuring, async/await...
        r = run("modern.js", target=T)
        self.assertEqual(r.rc, 0, r)
        failing = [c["name"] for c in r.export["root_group"]["checks"].values() if c["fails"]]
        failing += [c["name"] for g in r.export["root_group"]["groups"].values()
                    for c in g["checks"].values() if c["fails"]]
        self.assertEqual(failing, [], r)
        m = r.export["metrics"]
        self.assertEqual(m["checks"]["passes"], 48, r)
        self.assertEqual(m["http_reqs"]["count"], 25)
        self.assertEqual(m["logins"]["count"], 6)
        self.assertEqual(m["iterations"]["count"], 6)

    def test_modern_syntax_error(self):
        r = run("export default function () {\n  const x = {a: 1,, b: 2};\n}\n", export=False)
        self.assertEqual(r.rc, 107, r)
        self.assertIn("script.js:2:", r.err)
        self.assertIn("^", r.err)

    def test_options_precedence(self):
        script = """
var k6 = require('k6');
exports.options = { vus: 2, iterations: 4 };
exports.default = function () { k6.check(__ENV.FOO, { 'env from -e': function (v) { return v === 'bar'; } }); };
"""
        r = run(script, target=T)
        self.assertEqual(r.export["metrics"]["iterations"]["count"], 4)
        r = run(script, target=T, env={"K6_ITERATIONS": "6"})
        self.assertEqual(r.export["metrics"]["iterations"]["count"], 6)
        r = run(script, "-i", "8", "-e", "FOO=bar", target=T, env={"K6_ITERATIONS": "6"})
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.export["metrics"]["iterations"]["count"], 8)
        self.assertEqual(r.export["metrics"]["checks"]["passes"], 8)
        r = run(script, target=T, env={"LOADGATE_ITERATIONS": "10", "LOADGATE_VUS": "5"})
        self.assertEqual(r.export["metrics"]["iterations"]["count"], 10)
        self.assertEqual(r.export["metrics"]["vus_max"]["value"], 5)

    def test_per_vu_iterations_scenario(self):
        script = """
exports.options = { scenarios: { each: { executor: 'per-vu-iterations', vus: 3, iterations: 4, exec: 'work' } } };
exports.work = function () {};
"""
        r = run(script, target=T)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.export["metrics"]["iterations"]["count"], 12)


class Load(unittest.TestCase):
    def test_50_vus_10s(self):
        script = """
var http = require('k6/http');
var k6 = require('k6');
exports.options = { vus: 50, duration: '10s' };
exports.default = function () {
  var r = http.get(__ENV.LG_TARGET_HTTP + '/get');
  k6.check(r, { 'status is 200': function (r) { return r.status === 200; } });
};
"""
        t0 = time.monotonic()
        r = run(script, target=T)
        took = time.monotonic() - t0
        self.assertEqual(r.rc, 0, r)
        m = r.export["metrics"]
        self.assertGreater(m["iterations"]["count"], 1000)
        self.assertEqual(m["http_reqs"]["count"], m["iterations"]["count"])
        self.assertEqual(m["checks"]["fails"], 0)
        self.assertEqual(m["http_req_failed"]["passes"], 0)
        self.assertEqual(m["vus_max"]["value"], 50)
        self.assertLess(took, 20)

    def test_4_threads_200_vus(self):
        # The TSan build runs this too (ci/test --tsan): four workers, VUs
        # spread over them, HTTP, checks, sleeps, custom metrics.
        script = """
var http = require('k6/http');
var k6 = require('k6');
var metrics = require('k6/metrics');
var t = new metrics.Trend('my_trend', true);
var c = new metrics.Counter('my_counter');
exports.options = { vus: 200, duration: '3s' };
exports.default = function () {
  var r = http.get(__ENV.LG_TARGET_HTTP + '/get');
  k6.check(r, { ok: function (r) { return r.status === 200; } });
  t.add(r.timings.duration);
  c.add(2);
  k6.sleep(0.05);
};
"""
        r = run(script, "--threads", "4", "--summary-trend-stats", "avg,count", target=T)
        self.assertEqual(r.rc, 0, r)
        m = r.export["metrics"]
        self.assertEqual(m["checks"]["fails"], 0)
        self.assertEqual(m["my_counter"]["count"], 2 * m["iterations"]["count"])
        # one my_trend sample per request, merged from four workers' sinks
        self.assertEqual(m["my_trend"]["count"], m["http_reqs"]["count"])
        self.assertEqual(m["vus_max"]["value"], 200)

    def test_1000_vus_sleep(self):
        script = """
var k6 = require('k6');
exports.options = { vus: 1000, duration: '5s' };
exports.default = function () { k6.sleep(1); };
"""
        r = run(script, target=T)
        self.assertEqual(r.rc, 0, r)
        m = r.export["metrics"]
        self.assertEqual(m["vus_max"]["value"], 1000)
        self.assertEqual(m["vus"]["max"], 1000)
        # 1000 VUs x 5 s of 1 s iterations (iterations in flight at the end finish)
        self.assertGreaterEqual(m["iterations"]["count"], 4000)
        self.assertLessEqual(m["iterations"]["count"], 6000)
        self.assertGreaterEqual(m["iteration_duration"]["min"], 1000)

    def test_ramping_vus(self):
        script = """
var k6 = require('k6');
exports.options = { stages: [ { duration: '2s', target: 10 }, { duration: '1s', target: 0 } ] };
exports.default = function () { k6.sleep(0.2); };
"""
        r = run(script, target=T)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.export["metrics"]["vus_max"]["value"], 10)
        self.assertGreater(r.export["metrics"]["iterations"]["count"], 20)


class Executors(unittest.TestCase):
    def scen(self, body, *args, **kw):
        return run("exports.options = { scenarios: " + body + " };\n"
                   "var k6 = require('k6');\n"
                   "exports.default = function () { if (__ENV.SLEEP) k6.sleep(__ENV.SLEEP * 1); };\n"
                   "exports.other = function () {};\n", *args, target=T, **kw)

    def test_constant_arrival_rate_exact_count(self):
        r = self.scen("{ car: { executor: 'constant-arrival-rate', rate: 100, timeUnit: '1s', "
                      "duration: '3s', preAllocatedVUs: 5, maxVUs: 10 } }")
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.export["metrics"]["iterations"]["count"], 300)
        self.assertNotIn("dropped_iterations", r.export["metrics"])

    def test_time_unit(self):
        r = self.scen("{ car: { executor: 'constant-arrival-rate', rate: 30, timeUnit: '500ms', "
                      "duration: '2s', preAllocatedVUs: 2 } }")
        self.assertEqual(r.export["metrics"]["iterations"]["count"], 120, r)

    def test_dropped_iterations_when_max_vus_too_small(self):
        r = self.scen("{ tight: { executor: 'constant-arrival-rate', rate: 50, duration: '2s', "
                      "preAllocatedVUs: 2, maxVUs: 3 } }", env={"SLEEP": "0.5"})
        self.assertEqual(r.rc, 0, r)
        m = r.export["metrics"]
        # every scheduled iteration is either started or dropped
        self.assertEqual(m["iterations"]["count"] + m["dropped_iterations"]["count"], 100)
        self.assertGreater(m["dropped_iterations"]["count"], 50)
        self.assertEqual(m["vus_max"]["max"], 3)

    def test_ramping_arrival_rate_exact_count(self):
        r = self.scen("{ ramp: { executor: 'ramping-arrival-rate', startRate: 0, "
                      "preAllocatedVUs: 5, maxVUs: 20, stages: [ { target: 100, duration: '2s' }, "
                      "{ target: 100, duration: '1s' }, { target: 0, duration: '2s' } ] } }")
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.export["metrics"]["iterations"]["count"], 300)

    def test_two_scenarios_in_parallel(self):
        r = self.scen("{ a: { executor: 'shared-iterations', vus: 2, iterations: 10 }, "
                      "b: { executor: 'per-vu-iterations', vus: 3, iterations: 2, exec: 'other', "
                      "startTime: '500ms' } }")
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.export["metrics"]["iterations"]["count"], 16)
        self.assertEqual(r.export["metrics"]["vus_max"]["value"], 5)

    def test_graceful_stop_interrupts_long_iteration(self):
        t0 = time.monotonic()
        r = self.scen("{ s: { executor: 'constant-vus', vus: 1, duration: '1s', gracefulStop: '1s' } }",
                      env={"SLEEP": "30"})
        self.assertEqual(r.rc, 0, r)
        self.assertLess(time.monotonic() - t0, 10)
        self.assertNotIn("iterations", r.export["metrics"])

    def test_scenario_env_and_tags(self):
        r = run("""
var k6 = require('k6');
exports.options = { scenarios: { s: { executor: 'shared-iterations', vus: 2, iterations: 4,
  env: { MODE: 'fast' }, tags: { team: 'checkout' } } } };
exports.default = function () { k6.check(__ENV.MODE, { 'scenario env': function (v) { return v === 'fast'; } }); };
""", target=T)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.export["metrics"]["checks"]["passes"], 4, r)

    def test_graceful_ramp_down(self):
        t0 = time.monotonic()
        r = self.scen("{ r: { executor: 'ramping-vus', startVUs: 2, gracefulRampDown: '500ms', "
                      "stages: [ { duration: '1s', target: 2 }, { duration: '1s', target: 0 } ] } }",
                      env={"SLEEP": "20"})
        self.assertEqual(r.rc, 0, r)
        # both VUs are cut 0.5 s after being ramped down, long before their 20 s sleep ends
        self.assertLess(time.monotonic() - t0, 8)
        self.assertNotIn("iterations", r.export["metrics"])

    def test_execution_segments_add_up(self):
        script = """
var exec = require('k6/execution');
exports.options = { scenarios: {
  shared: { executor: 'shared-iterations', vus: 10, iterations: 100 },
  rate: { executor: 'constant-arrival-rate', rate: 100, duration: '2s', preAllocatedVUs: 6, exec: 'rated' } } };
exports.default = function () {
  if (exec.vu.iterationInScenario === 0) console.log('VUID ' + exec.vu.idInTest);
  require('k6').sleep(0.02);
};
exports.rated = function () { console.log('RATED ' + exec.scenario.iterationInTest); };
"""
        seq = "0,1/3,2/3,1"
        iters, vus_max, ids, rated = 0, 0, [], []
        for seg in ("0:1/3", "1/3:2/3", "2/3:1"):
            r = run(script, "--execution-segment", seg, "--execution-segment-sequence", seq, target=T)
            self.assertEqual(r.rc, 0, r)
            iters += r.export["metrics"]["iterations"]["count"]
            vus_max += r.export["metrics"]["vus_max"]["value"]
            ids += [int(x) for x in re.findall(r"VUID (\d+)", r.err)]
            rated += [int(x) for x in re.findall(r"RATED (\d+)", r.err)]
        whole = run(script, target=T)
        self.assertEqual(iters, whole.export["metrics"]["iterations"]["count"])
        self.assertEqual(iters, 300)
        self.assertEqual(vus_max, 16)
        self.assertEqual(sorted(ids), list(range(1, 11)))  # idInTest unique across instances
        self.assertEqual(sorted(rated), list(range(200)))  # each scheduled iteration once

    def test_bad_scenarios(self):
        cases = [
            ("{ x: { executor: 'frobnicate' } }", "unknown executor \"frobnicate\""),
            ("{ x: { executor: 'constant-arrival-rate', rate: 0, duration: '1s', preAllocatedVUs: 1 } }",
             "rate must be a number above 0"),
            ("{ x: { executor: 'constant-arrival-rate', rate: 5, duration: '1s', preAllocatedVUs: 5, maxVUs: 2 } }",
             "maxVUs (2) must not be less than preAllocatedVUs (5)"),
            ("{ x: { executor: 'constant-arrival-rate', rate: 5, duration: '1s' } }",
             "preAllocatedVUs is required"),
            ("{ 'bad name': { executor: 'shared-iterations' } }", "invalid scenario name \"bad name\""),
            ("{ x: { executor: 'shared-iterations', exec: 'nope' } }", "function 'nope' not found"),
            ("{ x: { executor: 'ramping-vus', stages: [ { duration: '1x', target: 1 } ] } }",
             "is not a valid duration"),
            ("{ x: { executor: 'constant-vus', vus: 1 } }", "duration is required"),
        ]
        for body, needle in cases:
            r = self.scen(body, export=False)
            self.assertEqual(r.rc, 104, (body, r))
            self.assertIn(needle, r.err, body)


class Errors(unittest.TestCase):
    def expect(self, r, code, *needles):
        self.assertEqual(r.rc, code, r)
        for n in needles:
            self.assertIn(n, r.err, r)

    def test_missing_script(self):
        self.expect(run("/nonexistent/dir/script.js", export=False), 107,
                    "cannot read the script /nonexistent/dir/script.js: no such file")

    def test_unreadable_script(self):
        d = tempfile.mkdtemp()
        self.expect(run(d + "/", export=False), 107, "cannot read the script")

    def test_syntax_error(self):
        r = run("exports.default = function () {\n  var x = ;\n};\n", export=False)
        self.expect(r, 107, "script.js:2:", "SyntaxError", "var x = ;")

    def test_unknown_import(self):
        r = run("var x = require('k6/nope');\nexports.default = function () {};\n", export=False)
        self.expect(r, 107, 'unknown module "k6/nope"', "script.js:1")

    def test_module_exports_live_and_sealed(self):
        # let exports stay live bindings; const, class, function and default
        # exports become read-only data properties once the module has run
        d = tempfile.mkdtemp()
        with open(os.path.join(d, "mod.js"), "w") as f:
            f.write("export let n = 0;\nexport function inc() { n++; }\n"
                    "export const K = 5;\nexport class C { v() { return 7; } }\n"
                    "export default function () { return 'def'; }\n")
        with open(os.path.join(d, "main.js"), "w") as f:
            f.write("import d, { n, inc, K, C } from './mod.js';\n"
                    "import * as ns from './mod.js';\n"
                    "inc(); inc();\n"
                    "const desc = Object.getOwnPropertyDescriptor(ns, 'K');\n"
                    "let threw = ''; try { ns.K = 1; } catch (e) { threw = e.name; }\n"
                    "console.log('OUT ' + [n, ns.n, K, new C().v(), d(), Object.keys(ns).sort().join(':'),\n"
                    "  'value' in desc, desc.writable, threw, typeof Object.getOwnPropertyDescriptor(ns, 'n').get].join('|'));\n"
                    "export default function () {}\n")
        r = run(os.path.join(d, "main.js"), export=False)
        self.assertEqual(r.rc, 0, r)
        self.assertIn("OUT 2|2|5|7|def|C:K:default:inc:n|true|false|TypeError|function", r.err)

    def test_missing_local_module(self):
        r = run("var x = require('./lib/nope.js');\nexports.default = function () {};\n", export=False)
        self.expect(r, 107, 'cannot find module "./lib/nope.js"')

    def test_bad_vus(self):
        s = "exports.default = function () {};\n"
        self.expect(run(s, "-u", "0", export=False), 104, "invalid vus 0")
        self.expect(run(s, "-u", "-3", export=False), 104, "vus")
        self.expect(run("exports.options = {vus: -1};\n" + s, export=False), 104, "vus")

    def test_bad_duration(self):
        s = "exports.default = function () {};\n"
        self.expect(run(s, "-d", "10x", export=False), 104, 'invalid duration "10x"')
        self.expect(run("exports.options = {duration: '10x'};\n" + s, export=False), 104,
                    'invalid duration "10x" (from the script')

    def test_no_default_export(self):
        self.expect(run("exports.setup = function () {};\n", export=False), 104,
                    "function 'default' not found")
        self.expect(run("var x = 1;\n", export=False), 107, "exports no functions")

    def test_http_in_init(self):
        r = run("var http = require('k6/http');\nhttp.get('http://127.0.0.1:1/');\n"
                "exports.default = function () {};\n", export=False)
        self.expect(r, 107, "Making http requests in the init context is not supported",
                    "script.js:2")

    def test_exception_in_setup_is_107(self):
        r = run("exports.setup = function () { throw new Error('setup broke'); };\n"
                "exports.default = function () {};\n", export=False)
        self.expect(r, 107, "setup broke", "script.js:1")

    def test_iteration_exception_keeps_going(self):
        r = run("exports.options = {iterations: 3};\n"
                "exports.default = function () {\n  throw new Error('iteration broke');\n};\n")
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.err.count("iteration broke"), 3)
        self.assertIn("script.js:3", r.err)
        self.assertEqual(r.export["metrics"]["iterations"]["count"], 3)

    def test_body_cap(self):
        r = run("""
var http = require('k6/http');
var k6 = require('k6');
exports.options = { maxResponseBodySize: 1048576 };
exports.default = function () {
  var r = http.get(__ENV.LG_TARGET_HTTP + '/bytes/104857600');
  k6.check(r, { 'capped with a clear error': function (r) { return r.error.indexOf('maxResponseBodySize') >= 0; } });
};
""", target=T, timeout=60)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.export["metrics"]["checks"]["passes"], 1, r)

    def test_inspect(self):
        d = tempfile.mkdtemp()
        script = os.path.join(d, "s.js")
        with open(script, "w") as f:
            f.write("exports.options = { scenarios: { a: { executor: 'ramping-vus', startVUs: 0, "
                    "stages: [ { duration: '1m', target: 20 }, { duration: '30s', target: 0 } ] }, "
                    "b: { executor: 'constant-vus', vus: 5, duration: '2m', startTime: '30s' } } };\n"
                    "exports.default = function () {};\n")
        p = subprocess.run([lgtest.LOADGATE, "inspect", "--execution-requirements", script],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.assertEqual(p.returncode, 0, p.stderr)
        j = json.loads(p.stdout)
        self.assertEqual(j["scenarios"]["a"]["executor"], "ramping-vus")
        self.assertEqual(j["scenarios"]["a"]["stages"][0], {"duration": "1m0s", "target": 20})
        self.assertEqual(j["scenarios"]["b"]["startTime"], "30s")
        self.assertEqual(j["maxVUs"], 25)
        # b ends at 30s + 2m + 30s gracefulStop; a at 1m30s + 30s + 30s
        self.assertEqual(j["totalDuration"], "3m0s")
        p = subprocess.run([lgtest.LOADGATE, "inspect", "-d", "10s", "-u", "3", script],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        j = json.loads(p.stdout)
        self.assertEqual(list(j["scenarios"]), ["default"])
        self.assertEqual(j["scenarios"]["default"]["vus"], 3)
        p = subprocess.run([lgtest.LOADGATE, "inspect", "/nonexistent.js"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.assertEqual(p.returncode, 107)

    def test_usage_errors(self):
        p = subprocess.run([lgtest.LOADGATE, "frobnicate"], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
        self.assertEqual(p.returncode, 2)
        self.assertIn(b'unknown command "frobnicate"', p.stderr)
        self.assertIn(b"Usage:", p.stderr)
        p = subprocess.run([lgtest.LOADGATE, "run", "--frob", "x.js"], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
        self.assertEqual(p.returncode, 2)
        self.assertIn(b'unknown flag "--frob"', p.stderr)

    def test_sigint_is_105_and_reports_are_written(self):
        d = tempfile.mkdtemp()
        script = os.path.join(d, "long.js")
        with open(script, "w") as f:
            f.write("var k6 = require('k6');\nexports.options = {vus: 5, duration: '60s'};\n"
                    "exports.default = function () { k6.sleep(0.1); };\n"
                    "exports.teardown = function () { console.log('teardown ran'); };\n")
        exp = os.path.join(d, "export.json")
        p = subprocess.Popen([lgtest.LOADGATE, "run", "-q", "--summary-export", exp, script],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(1.5)
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=30)
        self.assertEqual(p.returncode, 105, err)
        self.assertIn(b"TOTAL RESULTS", out)
        self.assertIn(b"teardown ran", err)
        self.assertTrue(os.path.exists(exp))


if __name__ == "__main__":
    lgtest.main()
