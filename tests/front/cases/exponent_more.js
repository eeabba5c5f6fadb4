console.log(2 ** -2, (-3) ** 2, 10 ** 0, 0 ** 0, 4 ** 0.5, NaN ** 0);
let b = 2;
b **= b **= 2;
console.log(b);
console.log(2 ** 2 ** 3, (2 ** 2) ** 3);
