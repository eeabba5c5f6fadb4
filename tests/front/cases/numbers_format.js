console.log(0.000001, 1e-7, 123e-20, 1.5e300, 0.1 * 3, 100 / 3);
console.log(2 ** 31, 2 ** 32 + 1, -(2 ** 53), 0xFFFFFFFF | 0);
console.log(1_2.3_4e1_0, .1e2, 5e0);
