async function f(x) { return x * 2; }
async function g() {
  const a = await f(2);
  const b = await f(a);
  return a + b;
}
g().then(v => console.log('result', v));
