function f({a = 1} = {}, [b = 2] = [], ...more) { return [a, b, more.length].join(); }
console.log(f(), f({a: 9}, [8], 7, 6));
