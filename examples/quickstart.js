// The loadgate quickstart: a small k6 test against the local test target.
// Run it with `ci/demo`, or by hand:
//   python3 tests/support/target.py run -- build/src/loadgate run examples/quickstart.js
// (the target's address arrives in __ENV.LG_TARGET_HTTP; set BASE_URL to test your own service).
var http = require('k6/http');
var k6 = require('k6');
var metrics = require('k6/metrics');

var BASE = __ENV.BASE_URL || __ENV.LG_TARGET_HTTP || 'http://127.0.0.1:8080';
var loginTime = new metrics.Trend('login_time', true);

exports.options = {
	vus: 10,
	duration: '10s',
	// The quality gate: a failed threshold makes the run exit 99.
	thresholds: {
		http_req_duration: ['p(95)<500'],
		'http_req_duration{group:::browse}': ['avg<200'],
		http_req_failed: ['rate<0.01'],
		checks: ['rate>0.99'],
	},
};

exports.setup = function () {
	var r = http.post(BASE + '/auth/login', JSON.stringify({ username: 'user', password: 'pass' }),
		{ headers: { 'Content-Type': 'application/json' } });
	k6.check(r, { 'logged in': function (r) { return r.status === 200; } });
	loginTime.add(r.timings.duration);
	return { token: r.json('token') };
};

exports.default = function (data) {
	k6.group('browse', function () {
		var r = http.get(BASE + '/json');
		k6.check(r, {
			'status is 200': function (r) { return r.status === 200; },
			'body is JSON': function (r) { return typeof r.json() === 'object'; },
		});
	});
	k6.group('account', function () {
		var r = http.get(BASE + '/auth/me', { headers: { Authorization: 'Bearer ' + data.token } });
		k6.check(r, { 'token accepted': function (r) { return r.status === 200; } });
	});
	k6.sleep(0.5);
};
