function f(a, b = 1) { return arguments.length; }
console.log(f(), f(1), f(1, 2, 3));
