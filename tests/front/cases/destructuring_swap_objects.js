const o = {a: 1, b: 2};
[o.a, o.b] = [o.b, o.a];
console.log(JSON.stringify(o));
let arr = [1, 2, 3];
[arr[0], arr[2]] = [arr[2], arr[0]];
console.log(arr.join());
