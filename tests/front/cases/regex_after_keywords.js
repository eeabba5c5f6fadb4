function f(s) {
  return /x/.test(s);
}
console.log(f('axb'), typeof /re/, void /re/ === undefined);
const t = true ? /yes/ : /no/;
console.log(t.source);
const arr = [/a/, /b/];
console.log(arr.length, !/c/.test('d'));
