let n = 0;
const src = { get v() { return ++n; } };
const a = {...src};
const b = {...src};
console.log(a.v, b.v, n, typeof Object.getOwnPropertyDescriptor(a, 'v').get);
