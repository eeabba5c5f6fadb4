// The iteration protocol on arrays, strings, typed arrays, Map/Set, and by hand.
function out(x) { console.log(x); }
function drain(it) { var r = [], s; while (!(s = it.next()).done) r.push(s.value); return JSON.stringify(r); }
function forOf(iterable, fn) { var it = iterable[Symbol.iterator](), s; while (!(s = it.next()).done) fn(s.value); }

var a = ['x', 'y', , 'z'];
out('values ' + drain(a.values()) + ' keys ' + drain(a.keys()) + ' entries ' + drain(a.entries()));
out('default iterator is values ' + (Array.prototype[Symbol.iterator] === Array.prototype.values));
out('iterator of iterator is itself ' + (function () { var it = a.values(); return it[Symbol.iterator]() === it; })());
var grow = [1, 2], seen = [];
forOf(grow, function (v) { seen.push(v); if (grow.length < 5) grow.push(v * 10); });
out('live array iteration ' + seen.join(','));
var it = [1].values(); it.next(); it.next();
out('done stays done ' + JSON.stringify(it.next()) + ' ' + JSON.stringify(it.next()));
out('array-like ' + drain(Array.prototype.values.call({ length: 2, 0: 'a', 1: 'b' })));
out('keys are not enumerable ' + Object.keys([].values()).length + ' ' + JSON.stringify([].values()));

var s = 'a\ud83d\ude00b\u00e9\ud800c';
var chars = [];
forOf(s, function (c) { chars.push(c.length + ':' + c.charCodeAt(0).toString(16)); });
out('string code points ' + chars.join(' '));
out('string iterator via Array.from ' + Array.from('h\ud83d\udca9!').length);
out('String object ' + drain(new String('ab')[Symbol.iterator]()));

var u8 = new Uint8Array([5, 6, 7]);
out('typed array ' + drain(u8[Symbol.iterator]()) + ' ' + drain(u8.keys()) + ' ' + drain(u8.entries()));
out('Float64Array ' + drain(new Float64Array([0.5, -1]).values()));

var m = new Map([['k', 'v']]);
out('map ' + drain(m[Symbol.iterator]()) + ' set ' + drain(new Set([3, 4])[Symbol.iterator]()));

// A user-defined iterable with return(): closed when a consumer stops early.
var closed = 0;
var custom = {};
custom[Symbol.iterator] = function () {
	var i = 0;
	return {
		next: function () { i++; return { value: i, done: i > 3 }; },
		'return': function () { closed++; return {}; }
	};
};
out('custom ' + JSON.stringify(Array.from(custom)) + ' closed ' + closed);
try {
	new Map(custom);
} catch (e) {
	out('Map from non-entries throws ' + e.name + ', iterator closed ' + closed);
}
try {
	Array.from(custom, function (v) { if (v === 2) throw new Error('stop'); return v; });
} catch (e) {
	out('mapFn threw ' + e.message + ', closed ' + closed);
}
var bad = {};
bad[Symbol.iterator] = function () { return 5; };
try { Array.from(bad); } catch (e) { out('iterator not an object ' + e.name); }
var badNext = {};
badNext[Symbol.iterator] = function () { return { next: function () { return 1; } }; };
try { Array.from(badNext); } catch (e) { out('result not an object ' + e.name); }
out('typeof Symbol.asyncIterator ' + typeof Symbol.asyncIterator + ' ' + (Symbol.asyncIterator !== Symbol.iterator));
