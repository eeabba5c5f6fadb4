function f() {
  const r = [];
  { let a = 1; r.push(a); }
  { let a = 2; r.push(a); }
  { const a = 3; r.push(() => a); }
  return r.map(x => typeof x === 'function' ? x() : x).join();
}
console.log(f());
