// ci/bench scenario c (memory): every VU loops http.get + sleep(1).
var http = require('k6/http');
var k6 = require('k6');

exports.options = { vus: 1000, duration: '30s' };

exports.default = function () {
	http.get(__ENV.BENCH_URL);
	k6.sleep(1);
};
