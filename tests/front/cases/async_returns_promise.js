async function f() { return 1; }
const p = f();
console.log(typeof p.then, p instanceof Promise);
async function g() {}
g().then(v => console.log('g', v));
