var fns = [];
for (var i = 0; i < 3; i++) fns.push(function () { return i; });
console.log(fns.map(f => f()).join());
