({a: 1}).a;
({}).constructor;
({a: 1, b: 2}.a === 1 && console.log('obj expr ok'));
[{x: 1}].forEach(({x}) => console.log(x));
