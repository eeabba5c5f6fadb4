// A CI load test: 10 VUs for 10 s against BASE_URL, gated by thresholds.
var http = require('k6/http');
var k6 = require('k6');

var BASE = __ENV.BASE_URL || 'http://localhost:8080';

exports.options = {
	vus: 10,
	duration: __ENV.DURATION || '10s',
	thresholds: {
		http_req_failed: ['rate<0.01'],
		http_req_duration: ['p(95)<500'],
		checks: ['rate>0.99'],
	},
};

exports.default = function () {
	var r = http.get(BASE + '/get');
	k6.check(r, { 'status is 200': function (r) { return r.status === 200; } });
	k6.sleep(0.1);
};
