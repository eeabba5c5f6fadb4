const log = [];
const k = (x) => { log.push('k' + x); return x; };
const v = (x) => { log.push('v' + x); return x; };
const o = {[k(1)]: v(1), a: v(2), [k(3)]: v(3)};
console.log(log.join(), JSON.stringify(o));
