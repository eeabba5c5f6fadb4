// structuredClone: deep copies with cycles, Dates, Maps, Sets, typed arrays.
function out(x) { console.log(x); }
var src = { n: 1, s: 'str', b: true, nul: null, u: undefined, arr: [1, [2, 3], { x: 4 }], nested: { deep: { deeper: 'yes' } } };
var c = structuredClone(src);
out(JSON.stringify(c) + ' ' + (c !== src) + ' ' + (c.arr !== src.arr) + ' ' + (c.nested.deep !== src.nested.deep) + ' ' + ('u' in c));
var cyc = { name: 'cyc' };
cyc.self = cyc;
cyc.list = [cyc];
var cc = structuredClone(cyc);
out('cycles ' + (cc.self === cc) + ' ' + (cc.list[0] === cc) + ' ' + (cc !== cyc));
var shared = { v: 1 }, two = structuredClone({ a: shared, b: shared });
out('shared references stay shared ' + (two.a === two.b));
var d = structuredClone(new Date(86400000));
out('date ' + (d instanceof Date) + ' ' + d.toISOString());
var re = structuredClone(/ab+c/gi);
out('regexp ' + (re instanceof RegExp) + ' ' + re.source + ' ' + re.global + re.ignoreCase + re.multiline);
var m = structuredClone(new Map([['k', { v: 1 }], [2, new Set([3])]]));
out('map ' + (m instanceof Map) + ' ' + m.get('k').v + ' ' + m.get(2).has(3));
var u8 = new Uint8Array([1, 2, 3]), u8c = structuredClone(u8);
u8[0] = 9;
out('typed array ' + (u8c instanceof Uint8Array) + ' ' + Array.prototype.join.call(u8c) + ' ' + (u8c.buffer !== u8.buffer));
var view = new Uint16Array(new ArrayBuffer(8), 2, 2), vc = structuredClone(view);
out('view ' + vc.byteOffset + ' ' + vc.length + ' ' + vc.buffer.byteLength);
var ab = structuredClone(new ArrayBuffer(4));
out('array buffer ' + (ab instanceof ArrayBuffer) + ' ' + ab.byteLength);
var boxed = structuredClone([new Number(5), new String('s'), new Boolean(false)]);
out('boxed ' + boxed.map(function (x) { return typeof x + ':' + x.valueOf(); }).join());
var e = structuredClone(new RangeError('bad range'));
out('error ' + (e instanceof Error) + ' ' + (e instanceof RangeError) + ' ' + e.name + ' ' + e.message);
function Klass() { this.field = 1; }
Klass.prototype.method = function () {};
var k = structuredClone(new Klass());
out('class instance becomes a plain object ' + (k instanceof Klass) + ' ' + k.field + ' ' + typeof k.method);
var holes = structuredClone([1, , 3]);
out('holes ' + holes.length + ' ' + (1 in holes));
out('primitives ' + structuredClone(5) + ' ' + structuredClone('x') + ' ' + structuredClone(null) + ' ' + structuredClone(undefined));
try { structuredClone(function () {}); } catch (err) { out('function ' + err.name); }
try { structuredClone({ f: function () {} }); } catch (err) { out('nested function ' + err.name); }
try { structuredClone(Symbol('s')); } catch (err) { out('symbol ' + err.name); }
try { structuredClone(); } catch (err) { out('no argument ' + err.name); }
