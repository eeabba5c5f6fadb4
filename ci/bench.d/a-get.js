// ci/bench scenario a (and d): one http.get per iteration, nothing else.
// The URL comes from ci/bench (-e BENCH_URL=...); VUs and duration from its flags.
var http = require('k6/http');

exports.options = { vus: 50, duration: '10s' };

exports.default = function () {
	http.get(__ENV.BENCH_URL);
};
