const add = a => b => c => a + b + c;
console.log(add(1)(2)(3));
const compose = (...fns) => x => fns.reduceRight((v, f) => f(v), x);
console.log(compose(x => x + 1, x => x * 2)(5));
