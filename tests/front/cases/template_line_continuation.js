const s = `one \
two`;
console.log(s, s.length);
