var g = 'global g';
function f() {
  const out = [];
  { let g = 'block g'; out.push(g); }
  out.push((function () { return g; })());
  out.push((() => g)());
  return out.join(' / ');
}
console.log(f());
