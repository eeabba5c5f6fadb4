function raw(strings) {
  return strings.raw[0] + ' ' + strings[0].length + ' ' + strings.raw[0].length;
}
console.log(raw`a\nb`);
function rawJoin(s, ...v) { return s.raw.map((r, i) => r + (i < v.length ? v[i] : '')).join(''); }
console.log(rawJoin`c:\temp\${1}x\n${2}`);
