const fib = n => n < 2 ? n : fib(n - 1) + fib(n - 2);
function fact(n) { return n <= 1 ? 1 : n * fact(n - 1); }
console.log(fib(15), fact(10));
