import http from 'k6/http';
const BASE = 'http://127.0.0.1:8080';
const ids = [1, 2];
for (const id of ids) {
  const r = http.get(`${BASE}/items/${id}?expand=${encodeURIComponent('a b')}`);
  console.log(r.url);
}
const tagged = http.url`${BASE}/users/${ids[0]}/posts`;
console.log(tagged.url, tagged.name);
