// Object.entries/values/fromEntries/assign/is/getOwnPropertyDescriptors/hasOwn.
function out(x) { console.log(x); }
function j(x) { return JSON.stringify(x); }
var proto = { inherited: 1 };
var o = Object.create(proto);
o.b = 2; o.a = 1; o[2] = 'two'; o[1] = 'one';
Object.defineProperty(o, 'hidden', { value: 'h', enumerable: false });
o[Symbol('s')] = 'sym';
out('entries ' + j(Object.entries(o)) + ' values ' + j(Object.values(o)));
out('entries of string ' + j(Object.entries('hi')) + ' of number ' + j(Object.entries(5)) + ' of array ' + j(Object.entries(['x', 'y'])));
try { Object.entries(null); } catch (e) { out('entries(null) ' + e.name); }
try { Object.values(undefined); } catch (e) { out('values(undefined) ' + e.name); }
var getterDeletes = { a: 1, get b() { delete this.c; return 2; }, c: 3 };
out('a getter deleting a later key ' + j(Object.entries(getterDeletes)));

out('fromEntries ' + j(Object.fromEntries([['a', 1], ['b', 2], ['a', 3]])) + ' ' + j(Object.fromEntries(new Map([['m', true]]))) + ' ' + j(Object.fromEntries([])));
out('fromEntries keys are strings ' + j(Object.keys(Object.fromEntries([[1, 'x'], [null, 'y'], [undefined, 'z']]))));
var protoKey = Object.fromEntries([['__proto__', 5]]);
out('fromEntries __proto__ is an own key ' + Object.keys(protoKey).join() + ' ' + (Object.getPrototypeOf(protoKey) === Object.prototype));
out('fromEntries of entries round trip ' + j(Object.fromEntries(Object.entries({ x: 1, y: [2] }))));
var sk = Symbol('k');
out('fromEntries symbol key ' + Object.fromEntries([[sk, 'sv']])[sk]);
try { Object.fromEntries([1]); } catch (e) { out('fromEntries bad entry ' + e.name); }
try { Object.fromEntries(); } catch (e) { out('fromEntries() ' + e.name); }

out('assign ' + j(Object.assign({ a: 1 }, { b: 2 }, null, { a: 3 }, 'xy')));
var target = {};
out('assign returns target ' + (Object.assign(target) === target));
out('is ' + [Object.is(NaN, NaN), Object.is(0, -0), Object.is(-0, -0), Object.is('a', 'a'), Object.is({}, {})].join(','));

var d = Object.getOwnPropertyDescriptors({ v: 1, get g() { return 2; } });
out('descriptors ' + Object.keys(d).join() + ' ' + d.v.value + d.v.writable + d.v.enumerable + d.v.configurable + ' ' + typeof d.g.get + typeof d.g.set);
var withSym = {};
withSym[sk] = 1;
Object.defineProperty(withSym, 'x', { value: 2 });
var d2 = Object.getOwnPropertyDescriptors(withSym);
out('descriptors include symbols and non-enumerables ' + (sk in d2) + ' ' + d2.x.enumerable);
var clone = Object.defineProperties({}, Object.getOwnPropertyDescriptors({ get now() { return 'computed'; } }));
out('copy with accessors ' + clone.now + ' ' + typeof Object.getOwnPropertyDescriptor(clone, 'now').get);

out('hasOwn ' + Object.hasOwn({ a: 1 }, 'a') + ' ' + Object.hasOwn({ a: 1 }, 'toString') + ' ' + Object.hasOwn(Object.create(null), 'x') + ' ' + Object.hasOwn('str', 'length') + ' ' + Object.hasOwn([1], 0));
try { Object.hasOwn(null, 'a'); } catch (e) { out('hasOwn(null) ' + e.name); }
out('lengths ' + [Object.entries.length, Object.values.length, Object.fromEntries.length, Object.hasOwn.length].join(','));
