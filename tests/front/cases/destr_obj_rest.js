const {a, ...rest} = {a: 1, b: 2, c: 3};
console.log(a, JSON.stringify(rest));
const key = 'b';
const {[key]: bee, ...others} = {a: 1, b: 2, c: 3};
console.log(bee, JSON.stringify(others));
