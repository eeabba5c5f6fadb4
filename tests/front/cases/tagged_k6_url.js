import http from 'k6/http';
const id = 7;
const u = http.url`http://example.com/posts/${id}/comments/${'x'}`;
console.log(u.url);
console.log(u.name);
