const obj = {
  base: 100,
  add(...xs) { return this.base + xs.reduce((a, b) => a + b, 0); }
};
const args = [1, 2];
console.log(obj.add(...args));
const holder = {o: obj};
console.log(holder.o.add(...args, 3));
console.log(holder['o'].add(...[5]));
