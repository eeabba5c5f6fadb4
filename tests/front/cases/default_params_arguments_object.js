function f(a, b = 2) { return [a, b, arguments.length].join(); }
console.log(f(1), f(1, 3), f(undefined, undefined));
