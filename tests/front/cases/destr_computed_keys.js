const k = 'dyn';
const {[k]: v, [`${k}2`]: v2 = 'none'} = {dyn: 1};
console.log(v, v2);
const {['a' + 'b']: ab} = {ab: 'AB'};
console.log(ab);
