let a = (1, 2, 3);
let b = 0;
for (let i = 0, j = 10; i < j; i += 3, j -= 3) b++;
console.log(a, b);
const f = () => (a++, a);
console.log(f());
