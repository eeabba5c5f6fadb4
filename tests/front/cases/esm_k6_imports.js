import { check, group } from 'k6';
import http from 'k6/http';
import * as k6 from 'k6';
const r = http.get('http://x');
console.log(check(r, {'status is 200': (x) => x.status === 200}));
console.log(group('g', () => 'inside'), typeof k6.check, typeof k6.default.sleep);
export const options = { vus: 1 };
export default function () { console.log('default'); }
