let a, b;
const pairs = [[1, 2], [3, 4]];
for ([a, b] of pairs) console.log(a + b);
for ({length: a} of ['xx', 'yyy']) console.log(a);
