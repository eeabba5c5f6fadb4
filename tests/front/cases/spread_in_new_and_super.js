class A { constructor(...xs) { this.xs = xs; } }
class B extends A { constructor(...args) { super(...args, 'end'); } }
console.log(JSON.stringify(new B(1, 2).xs));
const args = [3, 4];
console.log(JSON.stringify(new A(...args, ...args).xs));
