const o = {a: {b: 1}};
console.log(typeof o?.a, typeof o?.z?.y);
console.log((o?.a).b);
