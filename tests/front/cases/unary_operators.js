let x = 5;
console.log(- -x, +-x, -(-x), !!x, ~x, typeof -x, void 0);
console.log(x++ + ++x, x-- - --x, x);
const o = {a: 1};
delete o.a;
console.log('a' in o, - - - 1);
