const a = 1, b = 2;
console.log(`${a + b}`, `${a}` + b, `x${a > b ? 'gt' : 'le'}`);
console.log(`${a, b}`);
console.log(`len`.length, `${a}${b}`.length);
