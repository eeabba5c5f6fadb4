// The loadgate quickstart: a k6 test against the local test target.
// Run it with `ci/demo`, or by hand:
//   python3 tests/support/target.py run -- build/src/loadgate run examples/quickstart.js
// (the target's address arrives in __ENV.LG_TARGET_HTTP; set BASE_URL to test your own service).
import http from 'k6/http';
import { check, group, sleep } from 'k6';
import { Trend } from 'k6/metrics';

const BASE = __ENV.BASE_URL || __ENV.LG_TARGET_HTTP || 'http://127.0.0.1:8080';
const loginTime = new Trend('login_time', true);

export const options = {
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

export function setup() {
	const res = http.post(`${BASE}/auth/login`, JSON.stringify({ username: 'user', password: 'pass' }), {
		headers: { 'Content-Type': 'application/json' },
	});
	check(res, { 'logged in': (r) => r.status === 200 });
	loginTime.add(res.timings.duration);
	return { token: res.json('token') };
}

export default function ({ token }) {
	group('browse', () => {
		const res = http.get(`${BASE}/json`);
		check(res, {
			'status is 200': (r) => r.status === 200,
			'body is JSON': (r) => typeof r.json() === 'object',
		});
	});
	group('account', () => {
		const res = http.get(`${BASE}/auth/me`, { headers: { Authorization: `Bearer ${token}` } });
		check(res, { 'token accepted': (r) => r.status === 200 });
	});
	sleep(0.5);
}
