// WeakMap and WeakSet.
function out(x) { console.log(x); }
var wm = new WeakMap(), k1 = {}, k2 = function () {}, frozen = Object.freeze({}), sealed = Object.seal({});
var child = Object.create(k1);
wm.set(k1, 'one').set(k2, 'two').set(frozen, 'frozen').set(sealed, 'sealed');
out(wm.get(k1) + ' ' + wm.get(k2) + ' ' + wm.get(frozen) + ' ' + wm.get(sealed));
out('inherited key is another key: ' + wm.has(child) + ' ' + wm.get(child));
wm.set(child, 'child');
out('child ' + wm.get(child) + ' parent ' + wm.get(k1));
out('has ' + wm.has(k1) + ' ' + wm.has({}) + ' ' + wm.has(1) + ' ' + wm.has(null));
out('get of a primitive ' + wm.get('x'));
out('delete ' + wm['delete'](k1) + ' ' + wm['delete'](k1) + ' ' + wm['delete'](frozen) + ' ' + wm.has(frozen) + ' ' + wm['delete'](5));
out('after delete ' + wm.has(k1) + ' ' + wm.get(child));
wm.set(k2, undefined);
out('undefined value ' + wm.has(k2) + ' ' + wm.get(k2));
out('invisible: ' + JSON.stringify(k1) + ' ' + Object.keys(child).length + ' ' + Object.getOwnPropertyNames(k2).indexOf('w1'));
var a = new WeakMap(), b = new WeakMap(), key = {};
a.set(key, 'a'); b.set(key, 'b');
out('two maps, one key: ' + a.get(key) + ' ' + b.get(key));
try { wm.set(1, 2); } catch (e) { out('primitive key ' + e.name); }
var sk = Symbol('s'); wm.set(sk, 'symbol value'); out('symbol key ' + wm.get(sk) + ' ' + wm.has(sk) + ' ' + wm.has(Symbol('s')));
try { wm.set(Symbol.for('registered'), 1); } catch (e) { out('registered symbol key ' + e.name); }
try { WeakMap.prototype.get.call(new Map(), k1); } catch (e) { out('incompatible ' + e.name); }
var init = new WeakMap([[k1, 1], [k2, 2]]);
out('from entries ' + init.get(k1) + init.get(k2));
try { new WeakMap([[1, 2]]); } catch (e) { out('bad entry ' + e.name); }
out(Object.prototype.toString.call(wm) + ' ' + Object.prototype.toString.call(new WeakSet()));

var ws = new WeakSet([k1]);
out('weakset ' + ws.has(k1) + ' ' + ws.has(k2) + ' ' + (ws.add(k2) === ws) + ' ' + ws.has(k2) + ' ' + ws['delete'](k2) + ' ' + ws.has(k2));
ws.add(frozen);
out('frozen in weakset ' + ws.has(frozen) + ' ' + ws['delete'](frozen) + ' ' + ws.has(frozen));
try { ws.add('str'); } catch (e) { out('weakset primitive ' + e.name); }
try { WeakSet(); } catch (e) { out('WeakSet() ' + e.name); }
