const {'a-b': ab, 'c d': cd = 'dflt', ...rest} = {'a-b': 1, e: 2, f: 3};
console.log(ab, cd, JSON.stringify(rest));
