let calls = 0;
function dflt() { calls++; return 'D'; }
const {a = dflt(), b = dflt()} = {a: 'A'};
const [c = dflt(), d = dflt()] = [undefined, 0];
console.log(a, b, c, d, calls);
