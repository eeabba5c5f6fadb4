let calls = 0;
function side() { calls++; return 'k'; }
const n = null;
console.log(n?.[side()], n?.a.b.c.d, n?.a[side()]);
console.log(calls);
const o = {a: null};
console.log(o.a?.b.c, o?.a?.b);
