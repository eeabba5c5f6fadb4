const o = {a: 1};
for (let ok = 'a' in o, i = 0; i < 1; i++) console.log(ok);
for (var k = ('b' in o); !k;) { console.log('k', k); k = true; }
const arr = [];
for (const x = 'a' in o ? 1 : 2; arr.length < 1;) arr.push(x);
console.log(arr[0]);
