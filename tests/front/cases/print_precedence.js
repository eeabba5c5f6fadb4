let a = 1, b = 2, c = 3, d = 4;
console.log((a, b) ? c : d, a = b ? c : d, a);
const o = {c: 'oc'};
let x;
console.log((x = o).c, typeof (a + b), -(-a), a - -b, +(+a), a + +b, !(a && b));
console.log((null ?? a) || c, [(1, 2)].length, ((p, q) => p + q)(1, 2));
console.log((a ? Math.max : Math.min)(1, 2), (0 || Math.abs)(-3), (() => 'arrow')());
console.log((-a) ** 2, -(a ** 2));
