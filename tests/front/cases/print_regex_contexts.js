const tests = [/a/, /b/g].map(r => r.test('ab'));
console.log(tests.join(), /x/.source);
const s = 'a-b'.split(/-/)[1] + /c/.exec('abc')[0];
console.log(s);
