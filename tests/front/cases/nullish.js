console.log(null ?? 'a', undefined ?? 'b', 0 ?? 'c', '' ?? 'd', false ?? 'e', NaN ?? 'f');
let calls = 0;
const f = () => { calls++; return null; };
console.log(f() ?? 'dflt', calls);
const o = {zero: 0};
console.log(o.zero ?? 1, o.none ?? 2, (o.none ?? o.zero) ?? 3);
