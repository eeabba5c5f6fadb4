const out = [];
for (const x of [1, 2, 3]) out.push(x * 2);
console.log(out.join());
let last;
for (last of ['a', 'b']) {}
console.log(last);
for (var v of [7]) {}
console.log(v);
