// Array.from/of and the ES2015-ES2023 Array.prototype methods.
function out(x) { console.log(x); }
function j(x) { return JSON.stringify(x); }

out('from array ' + j(Array.from([1, 2, 3])) + ' copy ' + (function () { var x = [1]; return Array.from(x) !== x; })());
out('from array-like ' + j(Array.from({ length: 3, 0: 'a', 2: 'c' })) + ' ' + j(Array.from({ length: '2' })) + ' ' + j(Array.from({})));
out('from with mapFn ' + j(Array.from([1, 2], function (v, i) { return v * 10 + i; })) + ' ' + j(Array.from({ length: 3 }, function (v, i) { return i * i; })));
out('from with thisArg ' + j(Array.from([1], function (v) { return v + this.n; }, { n: 5 })));
out('from Set/Map/string ' + j(Array.from(new Set(['a', 'b']))) + ' ' + j(Array.from(new Map([[1, 2]]))) + ' ' + j(Array.from('abc')));
out('from holes ' + j(Array.from([1, , 3])));
try { Array.from(null); } catch (e) { out('from null ' + e.name); }
try { Array.from([], 5); } catch (e) { out('from bad mapFn ' + e.name); }
out('from number ' + j(Array.from(3)));
out('of ' + j(Array.of(7)) + ' ' + j(Array.of(1, 2, 3)) + ' ' + j(Array.of()) + ' ' + j(Array.of(undefined)));

var list = [5, 12, 8, 130, 44, NaN, -0];
out('find ' + list.find(function (x) { return x > 10; }) + ' ' + list.find(function (x) { return x > 1000; }));
out('findIndex ' + list.findIndex(function (x) { return x > 10; }) + ' ' + list.findIndex(function (x) { return x !== x; }) + ' ' + list.findIndex(function () { return false; }));
out('findLast ' + list.findLast(function (x) { return x > 10; }) + ' findLastIndex ' + list.findLastIndex(function (x) { return x > 10; }) + ' ' + [].findLastIndex(function () { return true; }));
var visited = [];
[1, , 3].find(function (v, i) { visited.push(i + '=' + v); return false; });
out('find visits holes ' + visited.join(','));
out('find args ' + ['a'].find(function (v, i, arr) { return arr[i] === v && this.ok; }, { ok: true }));
try { [].find(); } catch (e) { out('find without function ' + e.name); }

out('includes ' + [1, 2, 3].includes(2) + ' ' + [1, 2, 3].includes(4) + ' ' + [NaN].includes(NaN) + ' ' + [NaN].indexOf(NaN) + ' ' + [-0].includes(0) + ' ' + [0].includes(-0));
out('includes fromIndex ' + [1, 2, 3].includes(1, 1) + ' ' + [1, 2, 3].includes(3, -1) + ' ' + [1, 2, 3].includes(1, -100) + ' ' + [1, 2, 3].includes(3, 3) + ' ' + [1, 2, 3].includes(2, 1.7));
out('includes holes as undefined ' + [, 1].includes(undefined) + ' ' + [, 1].indexOf(undefined) + ' ' + ['a'].includes('a', undefined));
out('includes on array-like/string object ' + Array.prototype.includes.call({ length: 2, 0: 'x', 1: 'y' }, 'y') + ' ' + Array.prototype.includes.call('abc', 'b'));

out('fill ' + j([1, 2, 3].fill(4)) + ' ' + j([1, 2, 3].fill(4, 1)) + ' ' + j([1, 2, 3].fill(4, 1, 2)) + ' ' + j([1, 2, 3].fill(4, -3, -2)) + ' ' + j([1, 2, 3].fill(4, NaN, NaN)) + ' ' + j([1, 2, 3].fill(4, 3, 5)) + ' ' + j(Array(3).fill(0)));
out('fill returns this ' + (function () { var x = [1]; return x.fill(2) === x; })() + ' array-like ' + j(Array.prototype.fill.call({ length: 2 }, 'v')));

out('flat ' + j([1, [2, [3, [4]]]].flat()) + ' ' + j([1, [2, [3, [4]]]].flat(2)) + ' ' + j([1, [2, [3, [4]]]].flat(Infinity)) + ' ' + j([1, [2]].flat(0)) + ' ' + j([1, [2]].flat(-1)));
out('flat removes holes ' + j([1, , 3, [4, , 6]].flat()) + ' keeps empty arrays out ' + j([[], [[]]].flat()));
out('flatMap ' + j([1, 2, 3].flatMap(function (x) { return [x, x * 2]; })) + ' ' + j([1, 2].flatMap(function (x) { return [[x]]; })) + ' ' + j(['it is', 'a day'].flatMap(function (s) { return s.split(' '); })));
out('flatMap non-array results ' + j([1, 2].flatMap(function (x, i, arr) { return x + i + arr.length; })));
try { [1].flatMap(); } catch (e) { out('flatMap without function ' + e.name); }

out('copyWithin ' + j([1, 2, 3, 4, 5].copyWithin(0, 3)) + ' ' + j([1, 2, 3, 4, 5].copyWithin(0, 3, 4)) + ' ' + j([1, 2, 3, 4, 5].copyWithin(-2, -3, -1)) + ' ' + j([1, 2, 3, 4, 5].copyWithin(2, 0)) + ' ' + j([1, 2, 3, 4, 5].copyWithin(1, 2)));
out('copyWithin holes ' + j([, 1, 2].copyWithin(1, 0)));

out('at ' + [1, 2, 3].at(0) + ' ' + [1, 2, 3].at(-1) + ' ' + [1, 2, 3].at(3) + ' ' + [1, 2, 3].at(-4) + ' ' + [1, 2, 3].at(1.5) + ' ' + [1, 2, 3].at('1') + ' ' + [1, 2, 3].at() + ' ' + [].at(0));
out('string at ' + 'abc'.at(-1) + ' ' + 'abc'.at(5) + ' ' + 'abc'.at(0) + ' ' + ''.at(0));
out('lengths ' + [Array.from.length, Array.of.length, [].find.length, [].includes.length, [].fill.length, [].flat.length, [].flatMap.length, [].copyWithin.length, [].at.length].join(','));
out('not enumerable ' + (function () { var n = 0; for (var k in []) n++; return n; })() + ' ' + Object.keys(Array.prototype).length);
