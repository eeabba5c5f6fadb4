const a = 1, b = 'two';
const o = {a, b, c: 3};
console.log(JSON.stringify(o));
function make(name, age) { return {name, age}; }
console.log(JSON.stringify(make('x', 9)));
