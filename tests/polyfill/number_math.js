// Number and Math functions k6 scripts use (native in Duktape 2.7; checked anyway).
function out(x) { console.log(x); }
function j(x) { return JSON.stringify(x); }
out(j([Number.isFinite(1), Number.isFinite('1'), Number.isFinite(Infinity), Number.isFinite(NaN), Number.isFinite(null)]));
out(j([Number.isNaN(NaN), Number.isNaN('NaN'), Number.isNaN(undefined), Number.isNaN(0 / 0)]));
out(j([Number.isInteger(5), Number.isInteger(5.0), Number.isInteger(5.5), Number.isInteger('5'), Number.isInteger(Infinity), Number.isInteger(-0)]));
out(j([Number.isSafeInteger(Math.pow(2, 53) - 1), Number.isSafeInteger(Math.pow(2, 53)), Number.isSafeInteger(3.1), Number.isSafeInteger(-9007199254740991)]));
out(j([Number.EPSILON === Math.pow(2, -52), Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 0.1 + 0.2 - 0.3 < Number.EPSILON]));
out(j([Number.parseFloat === parseFloat, Number.parseInt === parseInt, Number.parseInt('08'), Number.parseFloat('3.14abc')]));
out(j([Math.trunc(4.7), Math.trunc(-4.7), Math.trunc('12.5'), Math.trunc(NaN)]) + ' ' + Math.trunc(-0.5));
out(j([Math.sign(3), Math.sign(-3), Math.sign('-2'), Math.sign(NaN)]) + ' ' + Math.sign(-0) + ' ' + Math.sign(0));
out(j([Math.log2(8), Math.log2(1024), Math.log10(1000), Math.log10(0.01), Math.log2(0), Math.log10(-1)]));
out(j([Math.hypot(3, 4), Math.hypot(3, 4, 12), Math.hypot(), Math.hypot(-5), Math.hypot(NaN, Infinity), Math.cbrt(-8), Math.cbrt(1)]));
// glibc's cbrt() is not correctly rounded (Math.cbrt(27) is 3.0000000000000004 on Duktape): compare rounded.
out(j([Math.cbrt(27), Math.cbrt(64), Math.cbrt(0.001)].map(function (x) { return Math.round(x * 1e12) / 1e12; })));
out(j([Math.imul(3, 4), Math.imul(0xffffffff, 5), Math.clz32(1), Math.clz32(0)]));
