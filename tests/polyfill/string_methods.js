// String methods: ES2015-ES2022.
function out(x) { console.log(x); }
function j(x) { return JSON.stringify(x); }
out(j(['abc'.padStart(10), 'abc'.padStart(10, 'foo'), 'abc'.padStart(6, '123465'), 'abc'.padStart(8, '0'), 'abc'.padStart(1), 'abc'.padStart(5, ''), 'abc'.padStart(-1), 'abc'.padStart(NaN), 'x'.padStart(3, 7)]));
out(j(['abc'.padEnd(10), 'abc'.padEnd(10, 'foo'), 'abc'.padEnd(6, '123456'), 'abc'.padEnd(1), 'abc'.padEnd(4, undefined), 'abc'.padEnd(5, null), '5'.padEnd(3.9, '0')]));
out(j([String.prototype.padStart.call(42, 5, '0'), String.prototype.padEnd.call(true, 6, '!')]));
var ws = ' \t\n\v\f\r\u00a0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';
function codes(x) { return x.split('').map(function (c) { return c.charCodeAt(0).toString(16); }).join('.'); }
out([(ws + 'a b' + ws).trimStart(), (ws + 'a b' + ws).trimEnd(), ' x '.trimStart(), ' x '.trimEnd(), ''.trimStart(), '   '.trimEnd()].map(codes).join(' | '));
out('aliases ' + (String.prototype.trimLeft === String.prototype.trimStart) + ' ' + (String.prototype.trimRight === String.prototype.trimEnd) + ' ' + j(' l '.trimLeft() + '|' + ' r '.trimRight()));
out(j(['a.b.c'.replaceAll('.', '-'), 'aaa'.replaceAll('a', 'b'), 'aaaa'.replaceAll('aa', 'a'), 'abc'.replaceAll('', '_'), 'x'.replaceAll('y', 'z'), 'a+b+c'.replaceAll('+', ' plus '), 'a(b)'.replaceAll('(', '[')]));
out(j(['abcabc'.replaceAll('b', '$&$&'), 'abc'.replaceAll('b', '$$'), 'abc'.replaceAll('b', "[$`|$']"), 'abc'.replaceAll('b', '$1'), 'abc'.replaceAll('b', '$<n>')]));
out(j(['a1b2'.replaceAll(/\d/g, '#'), 'xAxA'.replaceAll(/a/gi, function (m, off) { return m.toLowerCase() + off; }), 'aXbX'.replaceAll('X', function (m, off, s) { return '[' + off + ':' + s.length + ']'; })]));
try { 'a'.replaceAll(/a/, 'b'); } catch (e) { out('replaceAll non-global regexp ' + e.name); }
out(j(['abc'.replaceAll('b', undefined), '1,2'.replaceAll(',', 0), String.prototype.replaceAll.call(12121, 1, 3)]));
out(j(['Hello'.startsWith('He'), 'Hello'.startsWith('l', 2), 'Hello'.endsWith('lo'), 'Hello'.endsWith('l', 4), 'Hello'.includes('ell'), 'Hello'.includes('ell', 2), ''.includes('')]));
try { 'a'.startsWith(/a/); } catch (e) { out('startsWith(regexp) ' + e.name); }
try { 'a'.includes(/a/); } catch (e) { out('includes(regexp) ' + e.name); }
out(j(['ab'.repeat(3), 'x'.repeat(0), ''.repeat(5), 'a'.repeat(2.9)]));
try { 'a'.repeat(-1); } catch (e) { out('repeat(-1) ' + e.name); }
try { 'a'.repeat(Infinity); } catch (e) { out('repeat(Infinity) ' + e.name); }
out(j(['\ud83d\ude00'.codePointAt(0), '\ud83d\ude00'.codePointAt(1), 'a'.codePointAt(1), 'abc'.codePointAt(-1), '\ud800'.codePointAt(0)]));
out(j([String.fromCodePoint(128512), String.fromCodePoint(65, 66, 0x1f4a9).length, String.fromCodePoint()]));
try { String.fromCodePoint(0x110000); } catch (e) { out('fromCodePoint too big ' + e.name); }
try { String.fromCodePoint(1.5); } catch (e) { out('fromCodePoint fraction ' + e.name); }
var found = [];
var it = 'test1 test22 x test333'.matchAll(/t(e)st(\d+)/g);
var m;
while (!(m = it.next()).done) found.push(m.value[0] + '@' + m.value.index + ':' + m.value[1] + ':' + m.value[2]);
out('matchAll ' + found.join(' '));
out('matchAll string pattern ' + Array.from('a.b.c'.matchAll('.')).length + ' empty matches ' + Array.from('abc'.matchAll(/(?:)/g)).length);
try { 'a'.matchAll(/a/); } catch (e) { out('matchAll non-global ' + e.name); }
out('raw ' + String.raw({ raw: ['a', 'b', 'c'] }, 1, 2, 3) + ' ' + String.raw({ raw: 'xyz' }, '-', '+') + ' ' + String.raw({ raw: [] }));
out('lengths ' + [''.padStart.length, ''.padEnd.length, ''.trimStart.length, ''.replaceAll.length, ''.matchAll.length, ''.at.length].join(','));
