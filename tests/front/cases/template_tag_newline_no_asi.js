function t(s) { return 'tagged:' + s[0]; }
const r = t
`x`;
console.log(r);
