const {a, b = a * 2, c = b + 1} = {a: 3};
console.log(a, b, c);
const [x = 1, y = x + 1] = [];
console.log(x, y);
