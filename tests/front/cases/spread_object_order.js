const base = {a: 1, b: 2};
console.log(JSON.stringify({b: 'first', ...base}));
console.log(JSON.stringify({...base, b: 'last'}));
const withArr = {...[10, 20]};
console.log(JSON.stringify(withArr));
