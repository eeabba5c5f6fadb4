const o = {b: 2, a: 1};
console.log(Object.keys(o).join(), JSON.stringify(Object.assign({}, o, {c: 3})));
const frozen = Object.freeze({x: 1});
console.log(Object.isFrozen(frozen));
