const s = Symbol('s');
const o = {[s]: 'sym', a: 1};
const c = {...o};
console.log(c[s], c.a, Object.keys(c).length);
const {[s]: got, ...rest} = o;
console.log(got, JSON.stringify(rest));
