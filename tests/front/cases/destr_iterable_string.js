const [a, b, c] = 'xyz';
console.log(a + b + c);
const [first, ...restChars] = 'abc';
console.log(first, restChars.length);
