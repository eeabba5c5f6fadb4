const {a, b} = {a: 1, b: 2, c: 3};
console.log(a, b);
const {x: renamed, y = 'dflt', z: {deep} = {deep: 'd'}} = {x: 'X'};
console.log(renamed, y, deep);
