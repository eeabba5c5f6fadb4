const o = {};
const arr = [];
[o.first, arr[0], ...o.rest] = [1, 2, 3, 4];
console.log(JSON.stringify(o), JSON.stringify(arr));
({p: o.p, q: arr[1] = 'q'} = {p: 'P'});
console.log(o.p, arr[1]);
