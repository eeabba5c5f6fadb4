// A CI load test: 10 VUs for 10 s against BASE_URL, gated by thresholds.
import http from 'k6/http';
import { check, sleep } from 'k6';

const BASE = __ENV.BASE_URL || 'http://localhost:8080';

export const options = {
	vus: 10,
	duration: __ENV.DURATION || '10s',
	thresholds: {
		http_req_failed: ['rate<0.01'],
		http_req_duration: ['p(95)<500'],
		checks: ['rate>0.99'],
	},
};

export default function () {
	const res = http.get(`${BASE}/get`);
	check(res, { 'status is 200': (r) => r.status === 200 });
	sleep(0.1);
}
