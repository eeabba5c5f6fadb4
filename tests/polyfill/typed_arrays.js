// %TypedArray%.prototype methods Duktape lacks.
function out(x) { console.log(x); }
function s(t) { return t.constructor.name + '[' + Array.prototype.join.call(t, ',') + ']'; }
var t = new Int16Array([5, -3, 10, 0, 7]);
var acc = [];
t.forEach(function (v, i, arr) { acc.push(i + ':' + v + ':' + (arr === t)); });
out('forEach ' + acc.join(' '));
out('indexOf ' + t.indexOf(10) + ' ' + t.indexOf(11) + ' lastIndexOf ' + new Uint8Array([1, 2, 1]).lastIndexOf(1) + ' join ' + t.join('|') + ' ' + t.join());
out('every ' + t.every(function (v) { return v > -5; }) + ' some ' + t.some(function (v) { return v > 9; }) + ' reduce ' + t.reduce(function (a, b) { return a + b; }) + ' reduceRight ' + t.reduceRight(function (a, b) { return a + '' + b; }, ''));
out('find ' + t.find(function (v) { return v < 0; }) + ' findIndex ' + t.findIndex(function (v) { return v === 0; }) + ' findLast ' + t.findLast(function (v) { return v > 0; }) + ' findLastIndex ' + t.findLastIndex(function (v) { return v > 100; }));
out('includes ' + t.includes(7) + ' ' + t.includes(8) + ' ' + new Float32Array([NaN]).includes(NaN) + ' at ' + t.at(-1) + ' ' + t.at(9));
out('slice ' + s(t.slice(1, 3)) + ' ' + s(t.slice(-2)) + ' ' + s(t.slice(3, 1)) + ' independent ' + (function () { var c = t.slice(); c[0] = 99; return t[0]; })());
out('map ' + s(t.map(function (v) { return v * 2; })) + ' wraps ' + s(new Uint8Array([200]).map(function (v) { return v * 2; })));
out('filter ' + s(t.filter(function (v) { return v > 0; })));
out('fill ' + s(new Uint8Array(4).fill(7, 1, 3)) + ' reverse ' + s(new Uint8Array([1, 2, 3]).reverse()));
out('sort numeric ' + s(new Int32Array([10, 9, 100, -1, 2]).sort()) + ' ' + s(new Float64Array([3, NaN, -0, 0, -Infinity]).sort()) + ' custom ' + s(new Uint8Array([1, 3, 2]).sort(function (a, b) { return b - a; })));
out('Array.from(typed) ' + JSON.stringify(Array.from(new Uint8Array([4, 5]))) + ' keys ' + JSON.stringify(Array.from(new Uint8Array(3).keys())));
