function minmax(arr) { return [Math.min(...arr), Math.max(...arr)]; }
const [lo, hi] = minmax([5, 1, 9]);
console.log(lo, hi);
function info() { return {name: 'n', meta: {v: 2}}; }
const {name, meta: {v}} = info();
console.log(name, v);
