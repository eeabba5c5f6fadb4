// ci/bench scenario b: a CI-style iteration: http.get, two checks, a custom Trend add.
var http = require('k6/http');
var k6 = require('k6');
var metrics = require('k6/metrics');

var waiting = new metrics.Trend('bench_waiting', true);

exports.options = { vus: 50, duration: '10s' };

exports.default = function () {
	var r = http.get(__ENV.BENCH_URL);
	k6.check(r, {
		'status is 200': function (r) {
			return r.status === 200;
		},
		'body is not empty': function (r) {
			return r.body.length > 0;
		},
	});
	waiting.add(r.timings.waiting);
};
