function f(x) { return x; }
console.log(f((1, 2)), [1, (2, 3)].join(), {a: (1, 'seq')}.a);
const t = `${(1, 'tpl')}`;
console.log(t);
for (let i = 0, j = (1, 5); i < j; i += 2, j--) console.log(i, j);
