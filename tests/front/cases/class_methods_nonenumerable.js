class A { m() {} static s() {} get g() { return 1; } }
const keys = [];
for (const k in new A()) keys.push(k);
console.log(keys.length, Object.keys(A.prototype).length, Object.getOwnPropertyNames(A.prototype).sort().join());
console.log(A.prototype.constructor === A);
