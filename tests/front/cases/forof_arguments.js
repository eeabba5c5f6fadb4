function f() {
  const r = [];
  for (const a of arguments) r.push(a);
  return r.join('+');
}
console.log(f(1, 2, 3));
