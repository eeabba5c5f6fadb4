let a, b;
const r = ({a, b} = {a: 1, b: 2});
console.log(JSON.stringify(r), a, b);
const s = [a, b] = [9, 8];
console.log(s.join(), a, b);
