import { check } from 'k6';
const responses = [{status: 200, body: 'a'}, {status: 404, body: ''}, {status: 200, body: 'b'}];
const results = [];
for (const [i, r] of responses.map((r, i) => [i, r])) {
  results.push(check(r, {
    [`#${i} status`]: (x) => x.status === 200,
    [`#${i} body`]: (x) => x.body.length > 0,
  }));
}
console.log(results.join());
