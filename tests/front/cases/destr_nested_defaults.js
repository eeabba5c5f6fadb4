function f({a: {b = 'b0', c = 'c0'} = {}, d: [e = 'e0'] = []} = {}) {
  return [b, c, e].join();
}
console.log(f(), f({a: {b: 1}}), f({d: ['E']}));
