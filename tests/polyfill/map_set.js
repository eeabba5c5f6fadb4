// Map and Set: SameValueZero keys, insertion order, live iteration, sizes.
function out(x) { console.log(x); }
function items(it) { var r = [], s; while (!(s = it.next()).done) r.push(s.value); return JSON.stringify(r); }
function keysOf(m) { var r = []; m.forEach(function (v, k) { r.push(typeof k === 'object' && k !== null ? 'obj' : typeof k === 'function' ? 'fn' : String(k)); }); return r.join(','); }

var m = new Map();
var o1 = {}, o2 = {}, f = function () {}, sym = Symbol('s'), frozen = Object.freeze({});
m.set('1', 'string one').set(1, 'number one').set(true, 'true').set('true', 'string true');
m.set(null, 'null').set(undefined, 'undefined').set(NaN, 'NaN').set(-0, 'zero');
m.set(o1, 'o1').set(o2, 'o2').set(f, 'f').set(sym, 'sym').set(frozen, 'frozen').set('__proto__', 'proto key');
out('size ' + m.size);
out(m.get('1') + '|' + m.get(1) + '|' + m.get(true) + '|' + m.get('true') + '|' + m.get(null) + '|' + m.get(undefined));
out(m.get(NaN) + '|' + m.get(0) + '|' + m.get(+0) + '|' + m.get(-0) + '|' + m.get(o1) + '|' + m.get(o2) + '|' + m.get(f) + '|' + m.get(sym) + '|' + m.get(frozen));
out('proto key ' + m.get('__proto__') + ' ' + m.has('__proto__') + ' ' + m.get('constructor') + ' ' + m.has('toString'));
out('missing ' + m.get({}) + ' ' + m.has({}) + ' ' + m.has('2') + ' ' + m.has(2) + ' ' + m.get(Symbol('s')));
out('keys -0 stored as +0: ' + (1 / Array.from(m.keys())[7]));
out('order ' + keysOf(m));
m.set(1, 'number one again');
out('overwrite keeps position ' + keysOf(m) + ' ' + m.get(1));
out('delete ' + m['delete'](1) + ' ' + m['delete'](1) + ' ' + m['delete'](o1) + ' ' + m['delete'](frozen) + ' ' + m['delete'](sym) + ' size ' + m.size);
m.set(1, 'back at the end');
out('re-added ' + keysOf(m));
out('entries ' + items(new Map([['a', 1], ['b', 2]]).entries()));
out('keys ' + items(new Map([['a', 1], ['b', 2]]).keys()) + ' values ' + items(new Map([['a', 1], ['b', 2]]).values()));
out('iterator is entries ' + (Map.prototype[Symbol.iterator] === Map.prototype.entries));
out('Object key in a Map is not visible: ' + JSON.stringify(o2) + ' ' + Object.keys(o2).length + ' ' + Object.getOwnPropertyNames(o2).length);

// Iteration is live: additions are visited, deletions are skipped, clear ends it.
var live = new Map([[1, 'a'], [2, 'b'], [3, 'c']]), seen = [];
live.forEach(function (v, k, map) {
	seen.push(k);
	if (k === 1) { map['delete'](2); map.set(4, 'd'); }
	if (k === 4) map.set(5, 'e');
});
out('live forEach ' + seen.join(','));
var it = live.keys(), first = it.next().value;
live['delete'](first);
for (var i = 10; i < 60; i++) live.set(i, i);
for (i = 10; i < 55; i++) live['delete'](i);
out('iterator across compaction ' + items(it));
var it2 = live.values();
it2.next();
live.clear();
live.set('new', 'after clear');
out('iterator across clear ' + items(it2) + ' size ' + live.size);
var done = new Map([[1, 1]]).entries();
done.next(); done.next();
out('done stays done ' + JSON.stringify(done.next()));

// Many keys of every kind.
var big = new Map();
for (i = 0; i < 1000; i++) big.set(i % 2 ? i : 'k' + i, i);
for (i = 0; i < 1000; i += 3) big['delete'](i % 2 ? i : 'k' + i);
var sum = 0; big.forEach(function (v) { sum += v; });
out('big size ' + big.size + ' sum ' + sum + ' has 999 ' + big.has(999) + ' has k998 ' + big.has('k998') + ' has k999 ' + big.has('k999'));

// Set
var s = new Set([1, '1', 1, NaN, NaN, 0, -0, o1, o1, 'a']);
out('set size ' + s.size + ' ' + JSON.stringify(Array.from(s)));
out('set has ' + s.has(NaN) + ' ' + s.has(-0) + ' ' + s.has(o1) + ' ' + s.has({}) + ' ' + s.has('2'));
out('set add returns the set ' + (s.add(2) === s) + ' delete ' + s['delete']('1') + ' ' + s['delete']('1') + ' size ' + s.size);
out('set entries ' + items(new Set(['x', 'y']).entries()) + ' keys===values ' + (Set.prototype.keys === Set.prototype.values));
var fe = [];
new Set(['p', 'q']).forEach(function (v, k, set) { fe.push(v + k + set.size); });
out('set forEach ' + fe.join(','));
out('set from string ' + JSON.stringify(Array.from(new Set('hello'))));
out('set from map keys ' + JSON.stringify(Array.from(new Set(new Map([[1, 2], [3, 4]]).keys()))));
var ss = new Set([1, 2, 3]); ss.clear(); out('cleared ' + ss.size);

// Constructors and tags
out(Object.prototype.toString.call(new Map()) + ' ' + Object.prototype.toString.call(new Set()));
out('Map.length ' + Map.length + ' Set.length ' + Set.length + ' JSON ' + JSON.stringify(new Map([[1, 2]])));
try { Map(); } catch (e) { out('Map() ' + e.name); }
try { new Map([1]); } catch (e) { out('bad entry ' + e.name); }
try { new Map(5); } catch (e) { out('not iterable ' + e.name); }
try { Map.prototype.get.call({}, 1); } catch (e) { out('incompatible receiver ' + e.name); }
try { Map.prototype.has.call(new Set(), 1); } catch (e) { out('Set as Map ' + e.name); }
try { new Map().forEach(5); } catch (e) { out('forEach non-function ' + e.name); }
var sized = Object.getOwnPropertyDescriptor(Map.prototype, 'size');
out('size is an accessor ' + (typeof sized.get) + ' ' + sized.enumerable);
out('methods are not enumerable ' + Object.keys(Map.prototype).length + ' ' + Object.keys(Set.prototype).length);
out('new Map(null) ' + new Map(null).size + ' new Set(undefined) ' + new Set(undefined).size);
