import { check, sleep } from 'k6';
import http from 'k6/http';

export const options = {
  vus: 10,
  duration: '30s',
  thresholds: { http_req_duration: ['p(95)<500'] },
};

const BASE = 'https://test.k6.io';
const users = [{name: 'a', pass: '1'}, {name: 'b', pass: '2'}];

export function setup() {
  return { token: `tok-${users.length}` };
}

export default function ({ token } = setup()) {
  for (const { name, pass } of users) {
    const res = http.get(`${BASE}/login?u=${name}&p=${pass}`, { headers: { Authorization: `Bearer ${token}` } });
    check(res, {
      'status 200': (r) => r.status === 200,
      'has url': (r) => r.url?.includes(name) ?? false,
    });
  }
  const params = { ...options, tags: { name: 'x' } };
  console.log(Object.keys(params).join(), token);
  sleep(1);
}
