function P(a, b, c) { this.s = a + b + c; }
const args = [1, 2, 3];
console.log(new P(...args).s);
const d = new Date(...[2020, 0, 2]);
console.log(d.getFullYear(), d.getMonth(), d.getDate());
