import { check, group, sleep } from 'k6';
import http from 'k6/http';
export const options = {
  scenarios: {
    smoke: { executor: 'constant-vus', vus: 1, duration: '10s', exec: 'smoke' },
    load: { executor: 'ramping-vus', stages: [{ duration: '1m', target: 10 }], exec: 'load' },
  },
  thresholds: { 'http_req_failed': ['rate<0.01'], 'http_req_duration{scenario:load}': ['p(95)<300'] },
};
export function smoke() {
  group('home', () => {
    const res = http.get('http://localhost/');
    check(res, { 'is 200': (r) => r.status === 200 });
  });
  sleep(0.1);
}
export function load() { smoke(); }
export function handleSummary(data) { return { stdout: JSON.stringify(data) }; }
console.log(Object.keys(options.scenarios).join(), typeof smoke, typeof handleSummary);
smoke();
