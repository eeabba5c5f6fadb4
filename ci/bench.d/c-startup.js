// ci/bench scenario c (start-up): every one of BENCH_VUS VUs sends exactly one
// request to /start, the location nginx logs with a millisecond timestamp.
// per-vu-iterations, so each VU runs exactly once (shared iterations would let
// the VUs that start first take more than one).
var http = require('k6/http');

exports.options = {
	scenarios: {
		startup: {
			executor: 'per-vu-iterations',
			vus: parseInt(__ENV.BENCH_VUS, 10),
			iterations: 1,
			maxDuration: '60s',
		},
	},
};

exports.default = function () {
	http.get(__ENV.BENCH_URL);
};
