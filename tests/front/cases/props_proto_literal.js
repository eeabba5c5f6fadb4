const proto = {hello() { return 'hi'; }};
const o = {__proto__: proto, own: 1};
console.log(o.hello(), Object.keys(o).join());
