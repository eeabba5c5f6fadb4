// Random operations on Map and Set, with a fixed seed: the trace must match node.
// Exercises the index, deletion holes, compaction and live iterators.
var seed = 12345;
function rand(n) { seed = (seed * 48271) % 2147483647; return Math.floor(seed / 2147483647 * n); }
var objs = [];
for (var i = 0; i < 20; i++) objs.push(i % 5 === 0 ? Object.freeze({ id: i }) : { id: i });
var sym = [Symbol('a'), Symbol('b')];
function key() {
	switch (rand(7)) {
	case 0: return rand(50);
	case 1: return 'k' + rand(50);
	case 2: return objs[rand(objs.length)];
	case 3: return [NaN, 0, -0, 1.5, -1, Infinity][rand(6)];
	case 4: return sym[rand(2)];
	case 5: return [true, false, null, undefined][rand(4)];
	default: return String(rand(50));
	}
}
function show(k) {
	if (typeof k === 'object' && k !== null) return 'o' + k.id;
	if (typeof k === 'symbol') return String(k);
	if (typeof k === 'string') return '"' + k + '"';
	return String(k);
}
var m = new Map(), s = new Set(), its = [], log = [], sum = 0;
for (var step = 0; step < 3000; step++) {
	var k = key(), op = rand(10);
	if (step > 2000 && op < 3) op = 5; /* a deleting phase: holes outnumber entries, stores compact */
	if (op < 4) { m.set(k, step); s.add(k); }
	else if (op < 7) { sum += m['delete'](k) ? 1 : 0; sum += s['delete'](k) ? 2 : 0; }
	else if (op === 7) { sum += (m.has(k) ? 3 : 0) + (s.has(k) ? 5 : 0) + (m.get(k) || 0); }
	else if (op === 8) { its.push(rand(2) ? m.entries() : s.values()); }
	else {
		var it = its[rand(its.length || 1)];
		for (var n = rand(6); it && n > 0; n--) {
			var r = it.next();
			log.push(r.done ? 'done' : Array.isArray(r.value) ? show(r.value[0]) + '=' + r.value[1] : show(r.value));
		}
	}
	if (step % 500 === 499) {
		var keys = [];
		m.forEach(function (v, k2) { keys.push(show(k2)); });
		console.log('step ' + step + ' map ' + m.size + ' set ' + s.size + ' sum ' + sum + ' keys ' + keys.slice(0, 12).join(','));
		if (step === 1499) { m.clear(); console.log('cleared, size ' + m.size); }
	}
}
for (var i2 = 0; i2 < log.length; i2 += 40) console.log('iterators: ' + log.slice(i2, i2 + 40).join(' '));
var all = [];
s.forEach(function (v) { all.push(show(v)); });
console.log('final set ' + all.join(','));
