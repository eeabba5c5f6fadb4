const k = 'key';
let i = 0;
const o = {[k]: 1, [k + '2']: 2, [`t${++i}`]: 3, plain: 4, [i + 1]: 5};
console.log(JSON.stringify(o));
console.log(Object.keys(o).join());
