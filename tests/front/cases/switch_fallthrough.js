function f(x) {
  const out = [];
  switch (x) {
    case 1: out.push('one');
    case 2: out.push('two'); break;
    case 'a': { out.push('A'); break; }
    default: out.push('default');
    case 3: out.push('three');
  }
  return out.join();
}
console.log(f(1), f(2), f('a'), f(9), f(3));
