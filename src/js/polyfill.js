/*
 * SPDX-License-Identifier: Apache-2.0
 * polyfill.js - the standard library Duktape 2.7 lacks (Promise, Map/Set,
 * iterators, ES2015-ES2022 methods, URL...), for lowered k6 scripts.
 *
 * DESIGN (see docs/POLYFILLS.md): this file is a list of chunks, each
 * introduced by a `//@chunk NAME` line and each a `function (global, H)`.
 * polyfill.c compiles every chunk once per process to bytecode.  A VU heap
 * gets no JavaScript at start: only stubs (lightfunc methods, accessor
 * globals) that load their chunk on first use, so a heap pays only for the
 * chunks its script touches.  `base` runs first and returns the helper object
 * H that the other chunks receive.
 *
 * Rules: Duktape must compile it (ES5.1 plus method shorthand, which Duktape
 * supports and which makes methods non-constructable, like built-ins, and
 * saves a .prototype object each); no 'use strict' (strict functions carry
 * two extra accessor properties each in Duktape); internal state lives under
 * hidden Symbols (invisible to reflection, JSON and Proxy traps); install only
 * what is missing (H.put), non-enumerable like the built-ins.
 */
//@chunk base
function (global, N) {
	/* N: natives from polyfill.c: N.hs(name) -> a hidden Symbol; N.stub(v) -> true for a stub. */
	var ITER = Symbol.iterator, hasOwn = Object.prototype.hasOwnProperty, defProp = Object.defineProperty;
	var A = N.hs('ia'), I = N.hs('ii'), K = N.hs('ik');

	var H = {
		hs: N.hs,
		hasOwn: hasOwn,
		/* Define o[k] = v unless it exists already and is not one of our stubs. */
		put(o, k, v) {
			var d = Object.getOwnPropertyDescriptor(o, k);
			if (d ? (d.get ? N.stub(d.get) : N.stub(d.value)) : o[k] === undefined) {
				defProp(o, k, { value: v, writable: true, configurable: true });
			}
		},
		/* H.put for every own enumerable key of m. */
		def(o, m) {
			var k = Object.keys(m), i;
			for (i = 0; i < k.length; i++) H.put(o, k[i], m[k[i]]);
		},
		/* Define the keys of m on an object of ours, non-enumerable. */
		own(o, m) {
			var k = Object.keys(m), i;
			for (i = 0; i < k.length; i++) defProp(o, k[i], { value: m[k[i]], writable: true, configurable: true });
		},
		same0(a, b) {
			return a === b || (a !== a && b !== b);
		},
		/* ToIntegerOrInfinity, with -0 -> 0. */
		toInt(x) {
			return Math.trunc(+x) || 0;
		},
		toLen(x) {
			x = Math.trunc(+x) || 0;
			return x <= 0 ? 0 : Math.min(x, 9007199254740991);
		},
		/* A relative index (negative from the end) clamped to [0, len]. */
		rel(x, len) {
			x = Math.trunc(+x) || 0;
			return x < 0 ? Math.max(len + x, 0) : Math.min(x, len);
		},
		fnCheck(f) {
			if (typeof f !== 'function') throw new TypeError(H.desc(f) + ' is not a function');
		},
		desc(x) {
			if (typeof x === 'string') return '"' + x + '"';
			if (x !== null && typeof x === 'object') return Array.isArray(x) ? '[object Array]' : '#<Object>';
			return typeof x === 'symbol' ? 'Symbol()' : String(x);
		},
		getIter(o) {
			var f = o == null ? undefined : o[ITER], it;
			if (typeof f !== 'function') throw new TypeError(H.desc(o) + ' is not iterable');
			it = f.call(o);
			if (Object(it) !== it) throw new TypeError('Result of the Symbol.iterator method is not an object');
			return it;
		},
		/* fn(value) for each value of an iterable; closes the iterator if fn throws. */
		iterate(o, fn) {
			var it, next, r, i;
			if (Array.isArray(o) && o[ITER] === values) {
				for (i = 0; i < o.length; i++) fn(o[i]);
				return;
			}
			it = H.getIter(o);
			next = it.next;
			for (;;) {
				r = next.call(it);
				if (Object(r) !== r) throw new TypeError('Iterator result ' + H.desc(r) + ' is not an object');
				if (r.done) return;
				try {
					fn(r.value);
				} catch (e) {
					H.close(it);
					throw e;
				}
			}
		},
		close(it) {
			var f;
			try {
				f = it['return'];
				if (typeof f === 'function') f.call(it);
			} catch (e) {
				/* the original exception wins */
			}
		},
		toArray(o) {
			var a = [];
			H.iterate(o, function (v) { a.push(v); });
			return a;
		},
		/* {value, done} */
		res(v, done) {
			return { value: v, done: done };
		},
		IterProto: {}
	};
	defProp(H.IterProto, ITER, { value: function () { return this; }, writable: true, configurable: true });

	/* Array, typed array and string iterators: kind 0 keys, 1 values, 2 entries, 3 code points. */
	function ArrayIter(o, kind) {
		this[A] = o;
		this[I] = 0;
		this[K] = kind;
	}
	ArrayIter.prototype = Object.create(H.IterProto);
	defProp(ArrayIter.prototype, 'next', {
		value: function () {
			var o = this[A], i = this[I], k = this[K], n, c;
			if (o === undefined) return H.res(undefined, true);
			if (k === 3) {
				if (i >= o.length) {
					this[A] = undefined;
					return H.res(undefined, true);
				}
				c = o.charCodeAt(i);
				n = c >= 0xd800 && c <= 0xdbff && i + 1 < o.length && (c = o.charCodeAt(i + 1)) >= 0xdc00 && c <= 0xdfff ? 2 : 1;
				this[I] = i + n;
				return H.res(o.substr(i, n), false);
			}
			if (i >= H.toLen(o.length)) {
				this[A] = undefined;
				return H.res(undefined, true);
			}
			this[I] = i + 1;
			return H.res(k === 0 ? i : k === 1 ? o[i] : [i, o[i]], false);
		},
		writable: true,
		configurable: true
	});
	var m = {
		keys() { return new ArrayIter(Object(this), 0); },
		values() { return new ArrayIter(Object(this), 1); },
		entries() { return new ArrayIter(Object(this), 2); }
	};
	var values = m.values;
	var TA = Object.getPrototypeOf(Uint8Array.prototype);
	H.def(Array.prototype, m);
	H.put(Array.prototype, ITER, values);
	H.def(TA, m);
	H.put(TA, ITER, values);
	H.put(String.prototype, ITER, function () {
		if (this == null) throw new TypeError('String.prototype[Symbol.iterator] called on null or undefined');
		return new ArrayIter(String(this), 3);
	});
	H.put(Symbol, 'asyncIterator', Symbol('Symbol.asyncIterator'));
	return H;
}
//@chunk array
function (global, H) {
	var toInt = H.toInt, toLen = H.toLen, rel = H.rel, same0 = H.same0, fnCheck = H.fnCheck;

	/* find / findIndex / findLast / findLastIndex */
	function search(o, fn, t, last, wantIndex) {
		var n, i, v, step = last ? -1 : 1;
		o = Object(o);
		n = toLen(o.length);
		fnCheck(fn);
		for (i = last ? n - 1 : 0; last ? i >= 0 : i < n; i += step) {
			v = o[i];
			if (fn.call(t, v, i, o)) return wantIndex ? i : v;
		}
		return wantIndex ? -1 : undefined;
	}
	function flatten(out, src, depth, fn, t) {
		var n = toLen(src.length), i, v;
		for (i = 0; i < n; i++) {
			if (!(i in src)) continue;
			v = src[i];
			if (fn) v = fn.call(t, v, i, src);
			if (depth > 0 && Array.isArray(v)) flatten(out, v, fn ? 0 : depth - 1, null, null);
			else out.push(v);
		}
		return out;
	}
	var m = {
		find(fn, t) { return search(this, fn, t, false, false); },
		findIndex(fn, t) { return search(this, fn, t, false, true); },
		findLast(fn, t) { return search(this, fn, t, true, false); },
		findLastIndex(fn, t) { return search(this, fn, t, true, true); },
		includes(x, from) {
			var o = Object(this), n = toLen(o.length), i;
			for (i = rel(from, n); i < n; i++) if (same0(o[i], x)) return true;
			return false;
		},
		fill(v, start, end) {
			var o = Object(this), n = toLen(o.length), i = rel(start, n);
			end = end === undefined ? n : rel(end, n);
			for (; i < end; i++) o[i] = v;
			return o;
		},
		at(k) {
			var o = this instanceof String ? String(this) : Object(this), n = toLen(o.length);
			k = toInt(k);
			if (k < 0) k += n;
			return k < 0 || k >= n ? undefined : o[k];
		}
	};
	H.def(Array.prototype, m);
	H.put(String.prototype, 'at', m.at);
	H.def(Array.prototype, {
		flat(depth) {
			return flatten([], Object(this), depth === undefined ? 1 : toInt(depth), null, null);
		},
		flatMap(fn, t) {
			fnCheck(fn);
			return flatten([], Object(this), 1, fn, t);
		},
		copyWithin(target, start, end) {
			var o = Object(this), n = toLen(o.length), to = rel(target, n), from = rel(start, n), fin, count, dir = 1;
			fin = end === undefined ? n : rel(end, n);
			count = Math.min(fin - from, n - to);
			if (from < to && to < from + count) {
				dir = -1;
				from += count - 1;
				to += count - 1;
			}
			for (; count > 0; count--, from += dir, to += dir) {
				if (from in o) o[to] = o[from];
				else delete o[to];
			}
			return o;
		}
	});
	H.def(Array, {
		from(items, fn, t) {
			var a = [], i = 0, o, n, C = this, r;
			if (fn !== undefined) fnCheck(fn);
			if (items == null) throw new TypeError(items + ' is not iterable');
			if (items[Symbol.iterator] != null) {
				H.iterate(items, function (v) {
					a.push(fn ? fn.call(t, v, i) : v);
					i++;
				});
			} else {
				o = Object(items);
				for (n = toLen(o.length); i < n; i++) a.push(fn ? fn.call(t, o[i], i) : o[i]);
			}
			if (typeof C !== 'function' || C === Array) return a;
			r = new C(a.length);
			for (i = 0; i < a.length; i++) r[i] = a[i];
			r.length = a.length;
			return r;
		},
		of() {
			return Array.prototype.slice.call(arguments);
		}
	});

	/* %TypedArray%.prototype: generic Array methods, and the ones that build a typed array. */
	var TA = Object.getPrototypeOf(Uint8Array.prototype), AP = Array.prototype;
	['forEach', 'indexOf', 'lastIndexOf', 'join', 'every', 'some', 'reduce', 'reduceRight', 'reverse',
		'find', 'findIndex', 'findLast', 'findLastIndex', 'includes', 'fill', 'at'].forEach(function (k) {
		H.put(TA, k, AP[k]);
	});
	H.def(TA, {
		slice(start, end) {
			var n = this.length, a = rel(start, n), b = end === undefined ? n : rel(end, n);
			var r = new this.constructor(Math.max(b - a, 0));
			if (b > a) r.set(this.subarray(a, b));
			return r;
		},
		map(fn, t) {
			var n = this.length, r = new this.constructor(n), i;
			fnCheck(fn);
			for (i = 0; i < n; i++) r[i] = fn.call(t, this[i], i, this);
			return r;
		},
		filter(fn, t) {
			var a = [], n = this.length, i;
			fnCheck(fn);
			for (i = 0; i < n; i++) if (fn.call(t, this[i], i, this)) a.push(this[i]);
			return new this.constructor(a);
		},
		sort(cmp) {
			var a = AP.slice.call(this), i;
			if (cmp !== undefined) fnCheck(cmp);
			a.sort(cmp || function (x, y) {
				return x < y ? -1 : x > y ? 1 : x === 0 && y === 0 ? (1 / x < 0 ? (1 / y < 0 ? 0 : -1) : (1 / y < 0 ? 1 : 0)) : x !== x ? (y !== y ? 0 : 1) : y !== y ? -1 : 0;
			});
			for (i = 0; i < a.length; i++) this[i] = a[i];
			return this;
		}
	});
}
//@chunk object
function (global, H) {
	function obj(o) {
		if (o == null) throw new TypeError('Cannot convert undefined or null to object');
		return Object(o);
	}
	function own(o, kind) {
		var k, r = [], i, p;
		o = obj(o);
		k = Object.keys(o);
		for (i = 0; i < k.length; i++) {
			p = k[i];
			if (!Object.prototype.propertyIsEnumerable.call(o, p)) continue;
			r.push(kind ? [p, o[p]] : o[p]);
		}
		return r;
	}
	function data(o, k, v) {
		Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
	}
	H.def(Object, {
		entries(o) { return own(o, 1); },
		values(o) { return own(o, 0); },
		fromEntries(it) {
			var r = {};
			if (it == null) throw new TypeError(it + ' is not iterable');
			H.iterate(it, function (e) {
				if (Object(e) !== e) throw new TypeError('Iterator value ' + H.desc(e) + ' is not an entry object');
				var k = e[0];
				data(r, typeof k === 'symbol' ? k : String(k), e[1]);
			});
			return r;
		},
		getOwnPropertyDescriptors(o) {
			var r = {}, k, i, d;
			o = obj(o);
			k = Object.getOwnPropertyNames(o).concat(Object.getOwnPropertySymbols(o));
			for (i = 0; i < k.length; i++) {
				d = Object.getOwnPropertyDescriptor(o, k[i]);
				if (d !== undefined) data(r, k[i], d);
			}
			return r;
		},
		hasOwn(o, k) {
			return H.hasOwn.call(obj(o), k);
		}
	});
}
//@chunk string
function (global, H) {
	function str(s, name) {
		if (s == null) throw new TypeError('String.prototype.' + name + ' called on null or undefined');
		return String(s);
	}
	function pad(s, n, f, start) {
		var fill = f === undefined ? ' ' : String(f), need = H.toLen(n) - s.length, p;
		if (need <= 0 || fill === '') return s;
		p = fill.repeat(Math.ceil(need / fill.length)).slice(0, need);
		return start ? p + s : s + p;
	}
	function isRegExp(x) {
		return Object.prototype.toString.call(x) === '[object RegExp]';
	}
	var m = {
		padStart(n, f) { return pad(str(this, 'padStart'), n, f, true); },
		padEnd(n, f) { return pad(str(this, 'padEnd'), n, f, false); },
		/* The native trim() knows all the white space; a sentinel keeps the other end. */
		trimStart() { return (str(this, 'trimStart') + 'x').trim().slice(0, -1); },
		trimEnd() { return ('x' + str(this, 'trimEnd')).trim().slice(1); },
		replaceAll(pat, rep) {
			var s = str(this, 'replaceAll');
			if (isRegExp(pat)) {
				if (!pat.global) throw new TypeError('replaceAll must be called with a global RegExp');
				return s.replace(pat, rep);
			}
			pat = String(pat).replace(/[\\^$.*+?()[\]{}|\/]/g, '\\$&');
			return s.replace(new RegExp(pat, 'g'), typeof rep === 'function' ? rep : String(rep));
		},
		matchAll(re) {
			var s = str(this, 'matchAll'), r, it;
			if (isRegExp(re)) {
				if (!re.global) throw new TypeError('String.prototype.matchAll called with a non-global RegExp argument');
				r = new RegExp(re.source, 'g' + (re.ignoreCase ? 'i' : '') + (re.multiline ? 'm' : ''));
				r.lastIndex = re.lastIndex;
			} else {
				r = new RegExp(re === undefined ? '(?:)' : String(re), 'g');
			}
			it = Object.create(H.IterProto);
			it.next = function () {
				var x = r ? r.exec(s) : null;
				if (x === null) {
					r = null;
					return H.res(undefined, true);
				}
				if (x[0] === '') r.lastIndex++;
				return H.res(x, false);
			};
			return it;
		}
	};
	H.def(String.prototype, m);
	H.put(String.prototype, 'trimLeft', m.trimStart);
	H.put(String.prototype, 'trimRight', m.trimEnd);
	H.put(String, 'raw', function (strs) {
		var r = Object(Object(strs).raw), n = H.toLen(r.length), out = '', i;
		for (i = 0; i < n; i++) {
			out += String(r[i]);
			if (i + 1 < n && i + 1 < arguments.length) out += String(arguments[i + 1]);
		}
		return out;
	});
}
//@chunk promise
function (global, H) {
	/* State under hidden keys: PS 0 pending / 1 fulfilled / 2 rejected, PV value, PR reactions
	 * (flat [onFulfilled, onRejected, capability] triples), PH handled, PL resolved (lock). */
	var PS = H.hs('ps'), PV = H.hs('pv'), PR = H.hs('pr'), PH = H.hs('ph'), PL = H.hs('pl');
	var Q = [], qi = 0, pend = [], unhandled = [], defProp = Object.defineProperty;

	function isPromise(x) {
		return x !== null && typeof x === 'object' && x[PS] !== undefined;
	}
	function enqueue(f, a, b, c, d) {
		Q.push(f, a, b, c, d);
	}
	function settle(p, st, v) {
		var r = p[PR], i;
		p[PS] = st;
		p[PV] = v;
		p[PR] = null;
		if (r) for (i = 0; i < r.length; i += 3) enqueue(react, st === 1 ? r[i] : r[i + 1], v, r[i + 2], st);
		if (st === 2 && !p[PH]) pend.push(p);
	}
	function resolve(p, x) {
		var then;
		if (x === p) return settle(p, 2, new TypeError('Chaining cycle detected for promise #<Promise>'));
		if (x !== null && (typeof x === 'object' || typeof x === 'function')) {
			try {
				then = x.then;
			} catch (e) {
				return settle(p, 2, e);
			}
			if (typeof then === 'function') return enqueue(thenable, p, x, then);
		}
		settle(p, 1, x);
	}
	/* A pair of resolving functions sharing one "already resolved" flag. */
	function resolvers(p) {
		var done = false;
		return {
			res(x) {
				if (!done) {
					done = true;
					resolve(p, x);
				}
			},
			rej(e) {
				if (!done) {
					done = true;
					settle(p, 2, e);
				}
			}
		};
	}
	function thenable(p, x, then) {
		var f = resolvers(p);
		try {
			then.call(x, f.res, f.rej);
		} catch (e) {
			f.rej(e);
		}
	}
	function react(h, v, cap, st) {
		var r;
		if (h === undefined) {
			if (st === 1) capRes(cap, v);
			else capRej(cap, v);
			return;
		}
		try {
			r = h(v);
		} catch (e) {
			capRej(cap, e);
			return;
		}
		capRes(cap, r);
	}
	function runTask(f) {
		f();
	}

	/* A capability is one of our promises (fast path for Promise itself) or {p, res, rej}. */
	function newCap(C) {
		var c;
		if (C === Promise) return make();
		if (typeof C !== 'function') throw new TypeError(H.desc(C) + ' is not a constructor');
		c = { p: undefined, res: undefined, rej: undefined };
		c.p = new C(function (res, rej) {
			if (c.res !== undefined || c.rej !== undefined) throw new TypeError('Promise executor has already been invoked with non-undefined arguments');
			c.res = res;
			c.rej = rej;
		});
		if (typeof c.res !== 'function' || typeof c.rej !== 'function') throw new TypeError('Promise resolve or reject function is not callable');
		return c;
	}
	function capP(c) {
		return c[PS] !== undefined ? c : c.p;
	}
	function capRes(c, x) {
		if (c[PS] === undefined) c.res(x);
		else if (!c[PL]) {
			c[PL] = true;
			resolve(c, x);
		}
	}
	function capRej(c, e) {
		if (c[PS] === undefined) c.rej(e);
		else if (!c[PL]) {
			c[PL] = true;
			settle(c, 2, e);
		}
	}
	function capFns(c) {
		return { res(x) { capRes(c, x); }, rej(e) { capRej(c, e); } };
	}
	function make() {
		var p = Object.create(Promise.prototype);
		p[PS] = 0;
		p[PR] = null;
		return p;
	}
	function addThen(p, onF, onR, cap) {
		var st = p[PS];
		if (st === 0) (p[PR] || (p[PR] = [])).push(onF, onR, cap);
		else enqueue(react, st === 1 ? onF : onR, p[PV], cap, st);
		p[PH] = true;
	}
	function species(p) {
		var C = p.constructor;
		if (C === undefined) return Promise;
		if (Object(C) !== C) throw new TypeError('The .constructor property is not an object');
		return C;
	}
	function promiseResolve(C, x) {
		var c;
		if (Object(C) !== C) throw new TypeError('PromiseResolve called on non-object');
		if (isPromise(x) && x.constructor === C) return x;
		c = newCap(C);
		capRes(c, x);
		return capP(c);
	}

	function Promise(executor) {
		var f;
		if (!(this instanceof Promise) || this[PS] !== undefined) throw new TypeError("Promise constructor cannot be invoked without 'new'");
		if (typeof executor !== 'function') throw new TypeError('Promise resolver ' + H.desc(executor) + ' is not a function');
		this[PS] = 0;
		this[PR] = null;
		f = resolvers(this);
		try {
			executor(f.res, f.rej);
		} catch (e) {
			f.rej(e);
		}
	}
	defProp(Promise.prototype, Symbol.toStringTag, { value: 'Promise', configurable: true });
	H.own(Promise.prototype, {
		then(onF, onR) {
			var cap;
			if (!isPromise(this)) throw new TypeError('Method Promise.prototype.then called on incompatible receiver ' + H.desc(this));
			cap = newCap(species(this));
			addThen(this, typeof onF === 'function' ? onF : undefined, typeof onR === 'function' ? onR : undefined, cap);
			return capP(cap);
		},
		'catch'(onR) {
			return this.then(undefined, onR);
		},
		'finally'(f) {
			var C;
			if (Object(this) !== this) throw new TypeError('Method Promise.prototype.finally called on incompatible receiver ' + H.desc(this));
			C = species(this);
			if (typeof f !== 'function') return this.then(f, f);
			return this.then(function (v) {
				return promiseResolve(C, f()).then(function () { return v; });
			}, function (e) {
				return promiseResolve(C, f()).then(function () { throw e; });
			});
		}
	});

	/* all (0), allSettled (1), any (2) */
	function combine(C, iterable, mode) {
		var cap = newCap(C), fns = capFns(cap), vals = [], left = 1, idx = 0, res;
		function finish() {
			if (mode === 2) capRej(cap, new AggregateError(vals, 'All promises were rejected'));
			else capRes(cap, vals);
		}
		try {
			res = C.resolve;
			H.fnCheck(res);
			H.iterate(iterable, function (v) {
				var i = idx++, done = false, p;
				vals.push(undefined);
				left++;
				p = res.call(C, v);
				var el = {
					ok(x) {
						if (done) return;
						done = true;
						vals[i] = mode === 1 ? { status: 'fulfilled', value: x } : x;
						if (--left === 0) finish();
					},
					no(e) {
						if (done) return;
						done = true;
						vals[i] = mode === 1 ? { status: 'rejected', reason: e } : e;
						if (--left === 0) finish();
					}
				};
				p.then(mode === 2 ? fns.res : el.ok, mode === 0 ? fns.rej : el.no);
			});
			if (--left === 0) finish();
		} catch (e) {
			capRej(cap, e);
		}
		return capP(cap);
	}
	H.own(Promise, {
		resolve(x) { return promiseResolve(this, x); },
		reject(e) {
			var c = newCap(this);
			capRej(c, e);
			return capP(c);
		},
		all(it) { return combine(this, it, 0); },
		allSettled(it) { return combine(this, it, 1); },
		any(it) { return combine(this, it, 2); },
		race(it) {
			var C = this, cap = newCap(C), fns = capFns(cap), res;
			try {
				res = C.resolve;
				H.fnCheck(res);
				H.iterate(it, function (v) { res.call(C, v).then(fns.res, fns.rej); });
			} catch (e) {
				capRej(cap, e);
			}
			return capP(cap);
		}
	});

	function AggregateError(errors, msg) {
		var e = this instanceof AggregateError ? this : Object.create(AggregateError.prototype);
		if (msg !== undefined) defProp(e, 'message', { value: String(msg), writable: true, configurable: true });
		defProp(e, 'errors', { value: H.toArray(errors), writable: true, configurable: true });
		return e;
	}
	AggregateError.prototype = Object.create(Error.prototype);
	H.own(AggregateError.prototype, { constructor: AggregateError, name: 'AggregateError', message: '' });

	/* The runtime's hooks (polyfill.c exposes them as __lg_* globals). */
	H.drain = function () {
		var n = 0, i, p;
		while (qi < Q.length) {
			i = qi;
			qi += 5;
			n++;
			Q[i](Q[i + 1], Q[i + 2], Q[i + 3], Q[i + 4]);
			if (qi >= 5000) {
				Q.splice(0, qi);
				qi = 0;
			}
		}
		Q.length = 0;
		qi = 0;
		for (i = 0; i < pend.length; i++) {
			p = pend[i];
			if (!p[PH]) {
				p[PH] = true;
				unhandled.push(p[PV]);
			}
		}
		pend.length = 0;
		return n;
	};
	H.unhandled = function () {
		var u = unhandled;
		unhandled = [];
		return u;
	};
	H.state = function (p) {
		if (!isPromise(p)) throw new TypeError('__lg_promise_state: not a Promise');
		p[PH] = true;
		return { state: p[PS] === 0 ? 'pending' : p[PS] === 1 ? 'fulfilled' : 'rejected', value: p[PV] };
	};

	H.put(global, 'Promise', Promise);
	H.put(global, 'AggregateError', AggregateError);
	H.put(global, 'queueMicrotask', function (f) {
		if (typeof f !== 'function') throw new TypeError('The "callback" argument must be of type function. Received ' + H.desc(f));
		enqueue(runTask, f);
	});
}
//@chunk collections
function (global, H) {
	/*
	 * Map and Set keep insertion-ordered arrays (k, v) with holes for deleted
	 * entries, and two null-prototype indexes: hs for string keys, ho for the
	 * others (numbers by value, -0 as 0 and NaN as "NaN"; objects by a hidden id).
	 * Keys that cannot carry an id (frozen objects, symbols) are found by a scan
	 * (x counts them).  When holes outnumber live entries, the store is copied
	 * compactly and the old one forwards live iterators (f, plus r: old index ->
	 * new index), so iteration stays correct across deletes and clear().
	 */
	var S = H.hs('cs'), ID = H.hs('id'), CS = H.hs('cc'), CI = H.hs('ci'), CK = H.hs('ck');
	var WK = H.hs('wk'), WF = H.hs('wf');
	var hasOwn = H.hasOwn, defProp = Object.defineProperty, seq = 0, HOLE = {};

	function Store() {
		this.k = [];
		this.v = [];
		this.hs = null;
		this.ho = null;
		this.n = 0;
		this.d = 0;
		this.x = 0;
		this.f = null;
		this.r = null;
	}
	/* The hidden id of an object key, made on demand; null if it cannot have one. */
	function oid(o, make) {
		var id;
		if (hasOwn.call(o, ID) && typeof (id = o[ID]) === 'string') return id;
		if (!make || !Object.isExtensible(o) || o[ID] !== undefined) return null;
		id = '#' + (++seq);
		o[ID] = id;
		if (hasOwn.call(o, ID)) return id;
		delete o[ID]; /* a Proxy: the write went to its target */
		return null;
	}
	function hkey(k, make) {
		switch (typeof k) {
		case 'number':
			return k === 0 ? '0' : '' + k;
		case 'symbol':
			return null;
		case 'object':
		case 'function':
			return k === null ? '~null' : oid(k, make);
		default:
			return '~' + k;
		}
	}
	function find(s, k) {
		var h, i;
		if (typeof k === 'string') {
			i = s.hs ? s.hs[k] : undefined;
			return i === undefined ? -1 : i;
		}
		h = hkey(k, false);
		if (h !== null) {
			i = s.ho ? s.ho[h] : undefined;
			return i === undefined ? -1 : i;
		}
		if (s.x > 0) {
			for (i = 0; i < s.k.length; i++) if (s.k[i] === k) return i;
		}
		return -1;
	}
	function add(s, k, v) {
		var i = s.k.length, h;
		if (typeof k === 'string') (s.hs || (s.hs = Object.create(null)))[k] = i;
		else if ((h = hkey(k, true)) !== null) (s.ho || (s.ho = Object.create(null)))[h] = i;
		else s.x++;
		s.k.push(k === 0 ? 0 : k);
		s.v.push(v);
		s.n++;
	}
	/* Delete entry i; returns the store to keep (a compacted copy when holes dominate). */
	function remove(s, i) {
		var k = s.k[i], h, t, r, j;
		if (typeof k === 'string') delete s.hs[k];
		else if ((h = hkey(k, false)) !== null) delete s.ho[h];
		else s.x--;
		s.k[i] = HOLE;
		s.v[i] = undefined;
		s.n--;
		if (++s.d <= 16 || s.d <= s.n) return s;
		t = new Store();
		t.isMap = s.isMap;
		r = [];
		for (i = 0, j = 0; i < s.k.length; i++) {
			r.push(j);
			if (s.k[i] !== HOLE) {
				add(t, s.k[i], s.v[i]);
				j++;
			}
		}
		r.push(j);
		retire(s, t, r);
		return t;
	}
	function retire(s, t, r) {
		s.f = t;
		s.r = r;
		s.k = s.v = s.hs = s.ho = null;
	}
	/* Advance a cursor (an iterator) to the next live index; -1 at the end. */
	function step(c) {
		var s = c[CS], i = c[CI], k;
		if (!s) return -1;
		while (s.f) {
			i = s.r ? s.r[i] : 0;
			s = s.f;
		}
		k = s.k;
		while (i < k.length && k[i] === HOLE) i++;
		if (i >= k.length) {
			c[CS] = null;
			return -1;
		}
		c[CS] = s;
		c[CI] = i + 1;
		return i;
	}
	function store(m, what) {
		var s = m != null ? m[S] : undefined;
		if (s === undefined || (what === 'Map') !== (s.isMap === true)) {
			throw new TypeError('Method ' + what + '.prototype method called on incompatible receiver ' + H.desc(m));
		}
		return s;
	}
	function Iter(s, kind) {
		this[CS] = s;
		this[CI] = 0;
		this[CK] = kind;
	}
	Iter.prototype = Object.create(H.IterProto);
	defProp(Iter.prototype, 'next', {
		value: function () {
			var i = step(this), s, k;
			if (i < 0) return H.res(undefined, true);
			s = this[CS];
			k = this[CK];
			return H.res(k === 0 ? s.k[i] : k === 1 ? s.v[i] : [s.k[i], k === 2 ? s.v[i] : s.k[i]], false);
		},
		writable: true,
		configurable: true
	});
	function init(m, C, it, adder) {
		var s, f;
		if (!(m instanceof C) || m[S] !== undefined) throw new TypeError("Constructor " + (C === Map ? 'Map' : 'Set') + " requires 'new'");
		s = new Store();
		if (C === Map) s.isMap = true;
		m[S] = s;
		if (it == null) return;
		f = m[adder];
		H.fnCheck(f);
		H.iterate(it, C === Set ? function (v) { f.call(m, v); } : function (e) {
			if (Object(e) !== e) throw new TypeError('Iterator value ' + H.desc(e) + ' is not an entry object');
			f.call(m, e[0], e[1]);
		});
	}
	function size(what) {
		return { 'get'() { return store(this, what).n; }, configurable: true };
	}
	function forEach(m, what, cb, t) {
		var c = {}, i, s;
		store(m, what);
		H.fnCheck(cb);
		c[CS] = m[S];
		c[CI] = 0;
		while ((i = step(c)) >= 0) {
			s = c[CS];
			cb.call(t, what === 'Map' ? s.v[i] : s.k[i], s.k[i], m);
		}
	}
	function has(m, what, k) {
		return find(store(m, what), k) >= 0;
	}
	function del(m, what, k) {
		var s = store(m, what), i = find(s, k);
		if (i < 0) return false;
		m[S] = remove(s, i);
		return true;
	}
	function clear(m, what) {
		var s = store(m, what), t = new Store();
		t.isMap = s.isMap;
		retire(s, t, null);
		m[S] = t;
	}

	function Map() {
		init(this, Map, arguments[0], 'set');
	}
	H.own(Map.prototype, {
		'get'(k) {
			var s = store(this, 'Map'), i = find(s, k);
			return i < 0 ? undefined : s.v[i];
		},
		'set'(k, v) {
			var s = store(this, 'Map'), i = find(s, k);
			if (i < 0) add(s, k, v);
			else s.v[i] = v;
			return this;
		},
		has(k) { return has(this, 'Map', k); },
		'delete'(k) { return del(this, 'Map', k); },
		clear() { clear(this, 'Map'); },
		forEach(cb, t) { forEach(this, 'Map', cb, t); },
		keys() { return new Iter(store(this, 'Map'), 0); },
		values() { return new Iter(store(this, 'Map'), 1); },
		entries() { return new Iter(store(this, 'Map'), 2); }
	});
	defProp(Map.prototype, 'size', size('Map'));
	defProp(Map.prototype, Symbol.iterator, { value: Map.prototype.entries, writable: true, configurable: true });
	defProp(Map.prototype, Symbol.toStringTag, { value: 'Map', configurable: true });

	function Set() {
		init(this, Set, arguments[0], 'add');
	}
	H.own(Set.prototype, {
		add(k) {
			var s = store(this, 'Set');
			if (find(s, k) < 0) add(s, k, undefined);
			return this;
		},
		has(k) { return has(this, 'Set', k); },
		'delete'(k) { return del(this, 'Set', k); },
		clear() { clear(this, 'Set'); },
		forEach(cb, t) { forEach(this, 'Set', cb, t); },
		values() { return new Iter(store(this, 'Set'), 0); },
		entries() { return new Iter(store(this, 'Set'), 3); }
	});
	defProp(Set.prototype, 'size', size('Set'));
	defProp(Set.prototype, 'keys', { value: Set.prototype.values, writable: true, configurable: true });
	defProp(Set.prototype, Symbol.iterator, { value: Set.prototype.values, writable: true, configurable: true });
	defProp(Set.prototype, Symbol.toStringTag, { value: 'Set', configurable: true });

	/*
	 * WeakMap / WeakSet: each instance has its own hidden Symbol and stores the
	 * value on the key object itself, so an entry lives exactly as long as its
	 * key (real weak semantics).  Keys that cannot carry it (frozen or sealed
	 * objects, Proxies) go to a per-instance Store, held strongly.
	 */
	function weak(m, C, it, adder, what) {
		var f;
		if (!(m instanceof C) || m[WK] !== undefined) throw new TypeError('Constructor ' + what + " requires 'new'");
		m[WK] = H.hs('w' + (++seq));
		m[WF] = null;
		if (it == null) return;
		f = m[adder];
		H.fnCheck(f);
		H.iterate(it, adder === 'add' ? function (v) { f.call(m, v); } : function (e) {
			if (Object(e) !== e) throw new TypeError('Iterator value ' + H.desc(e) + ' is not an entry object');
			f.call(m, e[0], e[1]);
		});
	}
	function wkey(m, what) {
		var K = m != null ? m[WK] : undefined;
		if (K === undefined || (m instanceof WeakMap) !== (what === 'WeakMap')) {
			throw new TypeError('Method ' + what + '.prototype method called on incompatible receiver ' + H.desc(m));
		}
		return K;
	}
	/* Objects, and (ES2023) symbols that are not registered with Symbol.for. */
	function isObj(k) {
		return k !== null && (typeof k === 'object' || typeof k === 'function') || (typeof k === 'symbol' && Symbol.keyFor(k) === undefined);
	}
	/* 1: stored on the key, 2: in the fallback store at index i (wfind sets it), 0: absent */
	var wi = -1;
	function wfind(m, K, k) {
		var f;
		if (hasOwn.call(k, K)) return 1;
		f = m[WF];
		wi = f ? find(f, k) : -1;
		return wi >= 0 ? 2 : 0;
	}
	function wset(m, K, k, v) {
		var w = wfind(m, K, k);
		if (w === 1) {
			k[K] = v;
			return;
		}
		if (w === 2) {
			m[WF].v[wi] = v;
			return;
		}
		if (Object.isExtensible(k) && k[K] === undefined) {
			k[K] = v;
			if (hasOwn.call(k, K)) return;
			delete k[K];
		}
		add(m[WF] || (m[WF] = new Store()), k, v);
	}
	function wdel(m, K, k) {
		var w = isObj(k) ? wfind(m, K, k) : 0;
		if (w === 1) delete k[K];
		else if (w === 2) m[WF] = remove(m[WF], wi);
		return w !== 0;
	}

	function WeakMap() {
		weak(this, WeakMap, arguments[0], 'set', 'WeakMap');
	}
	H.own(WeakMap.prototype, {
		'get'(k) {
			var K = wkey(this, 'WeakMap'), w = isObj(k) ? wfind(this, K, k) : 0;
			return w === 1 ? k[K] : w === 2 ? this[WF].v[wi] : undefined;
		},
		'set'(k, v) {
			var K = wkey(this, 'WeakMap');
			if (!isObj(k)) throw new TypeError('Invalid value used as weak map key');
			wset(this, K, k, v);
			return this;
		},
		has(k) { return isObj(k) && wfind(this, wkey(this, 'WeakMap'), k) !== 0; },
		'delete'(k) { return wdel(this, wkey(this, 'WeakMap'), k); }
	});
	defProp(WeakMap.prototype, Symbol.toStringTag, { value: 'WeakMap', configurable: true });

	function WeakSet() {
		weak(this, WeakSet, arguments[0], 'add', 'WeakSet');
	}
	H.own(WeakSet.prototype, {
		add(k) {
			var K = wkey(this, 'WeakSet');
			if (!isObj(k)) throw new TypeError('Invalid value used in weak set');
			wset(this, K, k, true);
			return this;
		},
		has(k) { return isObj(k) && wfind(this, wkey(this, 'WeakSet'), k) !== 0; },
		'delete'(k) { return wdel(this, wkey(this, 'WeakSet'), k); }
	});
	defProp(WeakSet.prototype, Symbol.toStringTag, { value: 'WeakSet', configurable: true });

	H.put(global, 'Map', Map);
	H.put(global, 'Set', Set);
	H.put(global, 'WeakMap', WeakMap);
	H.put(global, 'WeakSet', WeakSet);
}
//@chunk url
function (global, H) {
	/*
	 * WHATWG URL, the part load tests need: special schemes (http, https, ws,
	 * wss, ftp, file) fully, other schemes with an opaque host or path.  No
	 * IDNA: a non-ASCII host is kept lower-cased, not converted to punycode.
	 * A record: s scheme, u user, p password, h host (null: none), o port
	 * ('' = default), a path segments (or a string: opaque path), q query
	 * (null: none), f fragment (null: none).
	 */
	var R = H.hs('ur'), SP = H.hs('us'), L = H.hs('ul'), LU = H.hs('uu'), ITER = Symbol.iterator;
	var IL = H.hs('il'), II = H.hs('ii'), IK = H.hs('ik');
	var PORTS = { http: '80', https: '443', ws: '80', wss: '443', ftp: '21', file: '' };
	var PAIR = '[\\ud800-\\udbff][\\udc00-\\udfff]|';
	var C0 = new RegExp(PAIR + '[\\x00-\\x1f\\x7f-\\uffff]', 'g');
	var FRAG = new RegExp(PAIR + '[\\x00-\\x20"<>`\\x7f-\\uffff]', 'g');
	var QUERY = new RegExp(PAIR + '[\\x00-\\x20"#<>\\x7f-\\uffff]', 'g');
	var SQUERY = new RegExp(PAIR + '[\\x00-\\x20"#<>\'\\x7f-\\uffff]', 'g');
	var PATH = new RegExp(PAIR + '[\\x00-\\x20"#<>?`{}\\x7f-\\uffff]', 'g');
	var USER = new RegExp(PAIR + '[\\x00-\\x20"#<>?`{}/:;=@\\[\\\\\\]^|\\x7f-\\uffff]', 'g');

	function invalid() {
		return new TypeError('Invalid URL');
	}
	function hex2(n) {
		return '%' + (n < 16 ? '0' : '') + n.toString(16).toUpperCase();
	}
	function encChar(c) {
		if (c.length === 1 && c.charCodeAt(0) < 128) return hex2(c.charCodeAt(0));
		try {
			return encodeURIComponent(c);
		} catch (e) {
			return '%EF%BF%BD'; /* a lone surrogate */
		}
	}
	function enc(s, set) {
		return s.replace(set, encChar);
	}
	/* Percent-decode to a string, bytes as UTF-8 (invalid -> U+FFFD), like the URL standard. */
	function pdec(s) {
		var b = [], i, c, e;
		if (s.indexOf('%') < 0) return s;
		try {
			return decodeURIComponent(s);
		} catch (x) {
			e = new TextEncoder();
			for (i = 0; i < s.length; i++) {
				c = s.charAt(i);
				if (c === '%' && /^[0-9a-fA-F]{2}$/.test(s.substr(i + 1, 2))) {
					b.push(parseInt(s.substr(i + 1, 2), 16));
					i += 2;
				} else {
					Array.prototype.push.apply(b, Array.prototype.slice.call(e.encode(c)));
				}
			}
			return new TextDecoder().decode(new Uint8Array(b));
		}
	}
	function special(s) {
		return PORTS[s] !== undefined && H.hasOwn.call(PORTS, s);
	}

	function ipv4num(p) {
		if (p === '') return NaN;
		if (/^0[xX]/.test(p)) return p.length === 2 ? 0 : /^0[xX][0-9a-fA-F]+$/.test(p) ? parseInt(p.slice(2), 16) : NaN;
		if (/^0[0-7]+$/.test(p)) return parseInt(p, 8);
		return /^\d+$/.test(p) && !/^0\d/.test(p) ? parseInt(p, 10) : NaN;
	}
	/* A host that ends in a number is an IPv4 address (127.1, 0x7f.1, 2130706433...). */
	function ipv4(h) {
		var p = h.split('.'), n = 0, i, v;
		if (p[p.length - 1] === '' && p.length > 1) p.pop();
		if (!/^(\d+|0[xX][0-9a-fA-F]*)$/.test(p[p.length - 1])) return h;
		if (p.length > 4) throw invalid();
		for (i = 0; i < p.length; i++) {
			v = ipv4num(p[i]);
			if (v !== v) throw invalid();
			if (i < p.length - 1) {
				if (v > 255) throw invalid();
				n = n * 256 + v;
			} else {
				if (v >= Math.pow(256, 5 - p.length)) throw invalid();
				n = n * Math.pow(256, 5 - p.length) + v;
			}
		}
		return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
	}
	function ipv6(s) {
		var g, head, tail, i, v, d, best = -1, blen = 1, run, out = '';
		if (/[^0-9a-fA-F:.]/.test(s)) throw invalid();
		i = s.lastIndexOf(':');
		if (s.indexOf('.', i) >= 0) {
			d = s.slice(i + 1).split('.');
			if (d.length !== 4) throw invalid();
			for (v = 0; v < 4; v++) if (!/^(0|[1-9]\d{0,2})$/.test(d[v]) || +d[v] > 255) throw invalid();
			s = s.slice(0, i + 1) + ((+d[0] * 256 + +d[1]).toString(16)) + ':' + ((+d[2] * 256 + +d[3]).toString(16));
		}
		g = s.split('::');
		if (g.length > 2) throw invalid();
		head = g[0] === '' ? [] : g[0].split(':');
		tail = g.length < 2 || g[1] === '' ? [] : g[1].split(':');
		if (g.length === 1 ? head.length !== 8 : head.length + tail.length > 7) throw invalid();
		while (head.length + tail.length < 8) head.push('0');
		g = head.concat(tail);
		for (i = 0; i < 8; i++) {
			if (!/^[0-9a-fA-F]{1,4}$/.test(g[i])) throw invalid();
			g[i] = parseInt(g[i], 16);
		}
		for (i = 0; i < 8; i = v) {
			for (v = i; v < 8 && g[v] === 0; v++);
			run = v - i;
			if (run > blen) {
				best = i;
				blen = run;
			}
			if (v === i) v++;
		}
		for (i = 0; i < 8; i++) {
			if (i === best) {
				out += i === 0 ? '::' : ':';
				i += blen - 1;
				continue;
			}
			out += g[i].toString(16) + (i < 7 ? ':' : '');
		}
		return out;
	}
	function parseHost(h, isSpecial) {
		if (h.charAt(0) === '[') {
			if (h.charAt(h.length - 1) !== ']') throw invalid();
			return '[' + ipv6(h.slice(1, -1)) + ']';
		}
		if (!isSpecial) {
			if (/[\x00\t\n\r #\/:<>?@[\\\]^|]/.test(h)) throw invalid();
			return enc(h, C0);
		}
		h = pdec(h).toLowerCase();
		if (h === '' || /[\x00-\x20#%\/:<>?@[\\\]^|\x7f]/.test(h)) throw invalid();
		return ipv4(h);
	}
	function parsePort(r, p) {
		if (p === '') {
			r.o = '';
			return;
		}
		if (!/^\d+$/.test(p) || +p > 65535) throw invalid();
		p = String(+p);
		r.o = PORTS[r.s] === p ? '' : p;
	}
	function dotSeg(s, n) {
		s = s.toLowerCase();
		return n === 1 ? s === '.' || s === '%2e' : s === '..' || s === '.%2e' || s === '%2e.' || s === '%2e%2e';
	}
	/* Append path p (no query or fragment) to r.a, resolving . and .. segments. */
	function addPath(r, p) {
		var segs, i, seg, last, sp = special(r.s);
		if (sp) p = p.replace(/\\/g, '/');
		if (p === '') return;
		segs = p.split('/');
		if (segs[0] === '') segs.shift();
		for (i = 0; i < segs.length; i++) {
			seg = segs[i];
			last = i === segs.length - 1;
			if (dotSeg(seg, 2)) {
				if (r.a.length) r.a.pop();
				if (last) r.a.push('');
			} else if (dotSeg(seg, 1)) {
				if (last) r.a.push('');
			} else {
				r.a.push(enc(seg, PATH));
			}
		}
	}
	/* Split "path?query#fragment" and set them on r. */
	function rest(r, s, keepPath) {
		var i = s.indexOf('#');
		if (i >= 0) {
			r.f = enc(s.slice(i + 1), FRAG);
			s = s.slice(0, i);
		} else {
			r.f = null;
		}
		i = s.indexOf('?');
		if (i >= 0) {
			r.q = enc(s.slice(i + 1), special(r.s) ? SQUERY : QUERY);
			s = s.slice(0, i);
		} else if (!keepPath || s !== '') {
			r.q = null;
		}
		if (!keepPath) r.a = [];
		addPath(r, s);
		if (special(r.s) && r.a.length === 0) r.a.push('');
	}
	/* "user:pass@host:port/path?q#f" after the slashes. */
	function authority(r, s) {
		var sp = special(r.s), end = s.search(sp ? /[\/\\?#]/ : /[\/?#]/), auth, at, c, hp;
		if (end < 0) end = s.length;
		auth = s.slice(0, end);
		s = s.slice(end);
		r.u = r.p = '';
		at = auth.lastIndexOf('@');
		if (at >= 0) {
			c = auth.slice(0, at);
			auth = auth.slice(at + 1);
			hp = c.indexOf(':');
			r.u = enc(hp < 0 ? c : c.slice(0, hp), USER);
			r.p = hp < 0 ? '' : enc(c.slice(hp + 1), USER);
		}
		if (r.s === 'file') {
			if (at >= 0 || /:/.test(auth)) throw invalid();
			r.h = auth === '' ? '' : parseHost(auth, true);
			if (r.h === 'localhost') r.h = '';
			r.o = '';
		} else {
			c = auth.charAt(0) === '[' ? auth.indexOf(']') + 1 : 0;
			hp = auth.indexOf(':', c);
			if (sp && (hp < 0 ? auth : auth.slice(0, hp)) === '') throw invalid();
			r.h = hp < 0 ? parseHost(auth, sp) : parseHost(auth.slice(0, hp), sp);
			parsePort(r, hp < 0 ? '' : auth.slice(hp + 1));
		}
		rest(r, s, false);
	}
	function copy(b) {
		return { s: b.s, u: b.u, p: b.p, h: b.h, o: b.o, a: typeof b.a === 'string' ? b.a : b.a.slice(), q: b.q, f: b.f };
	}
	function parse(input, base) {
		var s = String(input).replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '').replace(/[\t\n\r]/g, '');
		var m = /^([a-zA-Z][a-zA-Z0-9+\-.]*):/.exec(s), r, sp, c;
		if (m) {
			r = { s: m[1].toLowerCase(), u: '', p: '', h: null, o: '', a: [], q: null, f: null };
			s = s.slice(m[0].length);
			sp = special(r.s);
			if (sp && base && base.s === r.s && !/^[\/\\]/.test(s)) return relative(s, base);
			if (sp || s.slice(0, 2) === '//') {
				if (r.s === 'file' && !/^[\/\\]{2}/.test(s)) {
					r.h = '';
					rest(r, s, false);
					return r;
				}
				authority(r, r.s === 'file' || !sp ? s.slice(2) : s.replace(/^[\/\\]*/, ''));
				return r;
			}
			if (s.charAt(0) === '/') {
				rest(r, s, false);
				return r;
			}
			/* an opaque path: mailto:x, data:... */
			c = s.search(/[?#]/);
			rest(r, c < 0 ? '' : s.slice(c), true);
			r.a = enc(c < 0 ? s : s.slice(0, c), C0);
			return r;
		}
		if (!base) throw invalid();
		if (typeof base.a === 'string') {
			if (s.charAt(0) !== '#') throw invalid();
			r = copy(base);
			r.f = enc(s.slice(1), FRAG);
			return r;
		}
		return relative(s, base);
	}
	function relative(s, base) {
		var r = copy(base), sp = special(r.s);
		if (sp ? /^[\/\\]{2}/.test(s) : s.slice(0, 2) === '//') {
			authority(r, sp && r.s !== 'file' ? s.replace(/^[\/\\]*/, '') : s.slice(2));
		} else if (sp ? /^[\/\\]/.test(s) : s.charAt(0) === '/') {
			rest(r, s, false);
		} else if (s.charAt(0) === '?' || s.charAt(0) === '#' || s === '') {
			rest(r, s, true);
		} else {
			if (r.a.length) r.a.pop();
			rest(r, '/' + s, true);
		}
		return r;
	}
	function pathname(r) {
		return typeof r.a === 'string' ? r.a : r.a.length ? '/' + r.a.join('/') : '';
	}
	function href(r) {
		var s = r.s + ':';
		if (r.h !== null) s += '//' + (r.u || r.p ? r.u + (r.p ? ':' + r.p : '') + '@' : '') + r.h + (r.o ? ':' + r.o : '');
		else if (typeof r.a !== 'string' && r.a.length > 1 && r.a[0] === '') s += '/.';
		return s + pathname(r) + (r.q !== null ? '?' + r.q : '') + (r.f !== null ? '#' + r.f : '');
	}

	/* ---- URLSearchParams: a flat [name, value, name, value...] list ---- */
	function usv(s) {
		var i, c, out;
		s = String(s);
		if (!/[\ud800-\udfff]/.test(s)) return s;
		out = '';
		for (i = 0; i < s.length; i++) {
			c = s.charCodeAt(i);
			if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
				out += s.substr(i++, 2);
			} else {
				out += c >= 0xd800 && c <= 0xdfff ? '\ufffd' : s.charAt(i);
			}
		}
		return out;
	}
	function form(s) {
		return encodeURIComponent(s).replace(/[!'()~]/g, function (c) { return hex2(c.charCodeAt(0)); }).replace(/%20/g, '+');
	}
	function parseQuery(s, l) {
		var parts = s.split('&'), i, p, eq;
		for (i = 0; i < parts.length; i++) {
			p = parts[i];
			if (p === '') continue;
			eq = p.indexOf('=');
			l.push(pdec((eq < 0 ? p : p.slice(0, eq)).replace(/\+/g, ' ')), pdec(eq < 0 ? '' : p.slice(eq + 1).replace(/\+/g, ' ')));
		}
	}
	function list(sp) {
		var l = sp != null ? sp[L] : undefined;
		if (l === undefined) throw new TypeError('Value of "this" must be of type URLSearchParams');
		return l;
	}
	function serialize(l) {
		var out = [], i;
		for (i = 0; i < l.length; i += 2) out.push(form(l[i]) + '=' + form(l[i + 1]));
		return out.join('&');
	}
	/* After a change: the linked URL's query follows. */
	function update(sp) {
		var u = sp[LU], q;
		if (u) {
			q = serialize(sp[L]);
			u[R].q = q === '' ? null : q;
		}
	}
	function URLSearchParams() {
		var l = [], k, i, init = arguments[0];
		if (!(this instanceof URLSearchParams) || this[L] !== undefined) throw new TypeError("Class constructor URLSearchParams cannot be invoked without 'new'");
		this[L] = l;
		this[LU] = null;
		if (init === undefined || init === null) return;
		if (typeof init === 'object' || typeof init === 'function') {
			if (init[ITER] != null) {
				H.iterate(init, function (pair) {
					var a = Object(pair) === pair ? H.toArray(pair) : null;
					if (!a || a.length !== 2) throw new TypeError('Each query pair must be an iterable [name, value] tuple');
					l.push(usv(a[0]), usv(a[1]));
				});
			} else {
				k = Object.keys(init);
				for (i = 0; i < k.length; i++) l.push(usv(k[i]), usv(init[k[i]]));
			}
			return;
		}
		init = usv(init);
		parseQuery(init.charAt(0) === '?' ? init.slice(1) : init, l);
	}
	function SPIter(sp, kind) {
		this[IL] = list(sp);
		this[II] = 0;
		this[IK] = kind;
	}
	SPIter.prototype = Object.create(H.IterProto);
	Object.defineProperty(SPIter.prototype, 'next', {
		value: function () {
			var l = this[IL], i = this[II], k = this[IK];
			if (!l || i >= l.length) {
				this[IL] = null;
				return H.res(undefined, true);
			}
			this[II] = i + 2;
			return H.res(k === 0 ? l[i] : k === 1 ? l[i + 1] : [l[i], l[i + 1]], false);
		},
		writable: true,
		configurable: true
	});
	H.own(URLSearchParams.prototype, {
		append(k, v) {
			list(this).push(usv(k), usv(v));
			update(this);
		},
		'delete'(k, v) {
			var l = list(this), i;
			k = usv(k);
			if (v !== undefined) v = usv(v);
			for (i = 0; i < l.length;) {
				if (l[i] === k && (v === undefined || l[i + 1] === v)) l.splice(i, 2);
				else i += 2;
			}
			update(this);
		},
		'get'(k) {
			var l = list(this), i;
			k = usv(k);
			for (i = 0; i < l.length; i += 2) if (l[i] === k) return l[i + 1];
			return null;
		},
		getAll(k) {
			var l = list(this), i, r = [];
			k = usv(k);
			for (i = 0; i < l.length; i += 2) if (l[i] === k) r.push(l[i + 1]);
			return r;
		},
		has(k, v) {
			var l = list(this), i;
			k = usv(k);
			if (v !== undefined) v = usv(v);
			for (i = 0; i < l.length; i += 2) if (l[i] === k && (v === undefined || l[i + 1] === v)) return true;
			return false;
		},
		'set'(k, v) {
			var l = list(this), i, found = false;
			k = usv(k);
			v = usv(v);
			for (i = 0; i < l.length;) {
				if (l[i] !== k) {
					i += 2;
				} else if (found) {
					l.splice(i, 2);
				} else {
					l[i + 1] = v;
					found = true;
					i += 2;
				}
			}
			if (!found) l.push(k, v);
			update(this);
		},
		/* Stable, by name in UTF-16 code units. */
		sort() {
			var l = list(this), i, j, k, v;
			for (i = 2; i < l.length; i += 2) {
				k = l[i];
				v = l[i + 1];
				for (j = i - 2; j >= 0 && l[j] > k; j -= 2) {
					l[j + 2] = l[j];
					l[j + 3] = l[j + 1];
				}
				l[j + 2] = k;
				l[j + 3] = v;
			}
			update(this);
		},
		forEach(cb, t) {
			var l = list(this), i;
			H.fnCheck(cb);
			for (i = 0; i < l.length; i += 2) cb.call(t, l[i + 1], l[i], this);
		},
		keys() { return new SPIter(this, 0); },
		values() { return new SPIter(this, 1); },
		entries() { return new SPIter(this, 2); },
		toString() { return serialize(list(this)); }
	});
	Object.defineProperty(URLSearchParams.prototype, 'size', {
		'get'() { return list(this).length / 2; },
		configurable: true
	});
	Object.defineProperty(URLSearchParams.prototype, ITER, { value: URLSearchParams.prototype.entries, writable: true, configurable: true });
	Object.defineProperty(URLSearchParams.prototype, Symbol.toStringTag, { value: 'URLSearchParams', configurable: true });

	/* ---- URL ---- */
	function rec(u) {
		var r = u != null ? u[R] : undefined;
		if (r === undefined) throw new TypeError('Value of "this" must be of type URL');
		return r;
	}
	/* The query changed: the searchParams list follows. */
	function requery(u) {
		var sp = u[SP], l, q;
		if (sp) {
			l = sp[L];
			l.length = 0;
			q = u[R].q;
			if (q) parseQuery(q, l);
		}
	}
	function URL(url) {
		var base = arguments[1];
		if (!(this instanceof URL) || this[R] !== undefined) throw new TypeError("Class constructor URL cannot be invoked without 'new'");
		this[R] = parse(usv(url), base === undefined ? null : parse(usv(base), null));
		this[SP] = null;
	}
	/* Setters that take a scheme-relative piece: reparse it against the current record. */
	function setVia(u, fn) {
		var r = rec(u), t = copy(r);
		try {
			fn(t, r);
		} catch (e) {
			return; /* invalid input leaves the URL unchanged, as in browsers */
		}
		u[R] = t;
	}
	var P = {
		get href() { return href(rec(this)); },
		set href(v) {
			rec(this);
			this[R] = parse(usv(v), null);
			requery(this);
		},
		get origin() {
			var r = rec(this);
			return special(r.s) && r.s !== 'file' ? r.s + '://' + r.h + (r.o ? ':' + r.o : '') : 'null';
		},
		get protocol() { return rec(this).s + ':'; },
		set protocol(v) {
			setVia(this, function (t, r) {
				var m = /^([a-zA-Z][a-zA-Z0-9+\-.]*)(:|$)/.exec(usv(v)), s;
				if (!m) throw invalid();
				s = m[1].toLowerCase();
				if (special(s) !== special(r.s) || (s === 'file' && (r.u || r.p || r.o)) || (r.s === 'file' && r.h === '')) throw invalid();
				t.s = s;
				if (PORTS[s] === t.o) t.o = '';
			});
		},
		get username() { return rec(this).u; },
		set username(v) {
			setVia(this, function (t) {
				if (!t.h || t.s === 'file') throw invalid();
				t.u = enc(usv(v), USER);
			});
		},
		get password() { return rec(this).p; },
		set password(v) {
			setVia(this, function (t) {
				if (!t.h || t.s === 'file') throw invalid();
				t.p = enc(usv(v), USER);
			});
		},
		get host() {
			var r = rec(this);
			return r.h === null ? '' : r.h + (r.o ? ':' + r.o : '');
		},
		set host(v) {
			setVia(this, function (t) {
				var s = usv(v), m, c;
				if (typeof t.a === 'string') throw invalid();
				m = s.search(special(t.s) ? /[\/\\?#]/ : /[\/?#]/);
				if (m >= 0) s = s.slice(0, m);
				c = s.charAt(0) === '[' ? s.indexOf(']') + 1 : 0;
				m = s.indexOf(':', c);
				t.h = parseHost(m < 0 ? s : s.slice(0, m), special(t.s));
				if (m >= 0 && t.s !== 'file') {
					c = /^\d*/.exec(s.slice(m + 1))[0];
					if (c !== '') parsePort(t, c);
				}
			});
		},
		get hostname() {
			var r = rec(this);
			return r.h === null ? '' : r.h;
		},
		set hostname(v) {
			setVia(this, function (t) {
				var s = usv(v), m, c;
				if (typeof t.a === 'string') throw invalid();
				c = s.charAt(0) === '[' ? s.indexOf(']') + 1 : 0;
				m = s.slice(c).search(special(t.s) ? /[:\/\\?#]/ : /[:\/?#]/);
				t.h = parseHost(m < 0 ? s : s.slice(0, c + m), special(t.s));
			});
		},
		get port() { return rec(this).o; },
		set port(v) {
			setVia(this, function (t) {
				var s = usv(v), d;
				if (!t.h || t.s === 'file') throw invalid();
				if (s === '') {
					t.o = '';
					return;
				}
				d = /^\d*/.exec(s)[0];
				if (d === '') throw invalid();
				parsePort(t, d);
			});
		},
		get pathname() { return pathname(rec(this)); },
		set pathname(v) {
			setVia(this, function (t) {
				var s = usv(v);
				if (typeof t.a === 'string') throw invalid();
				t.a = [];
				if (special(t.s) && !/^[\/\\]/.test(s)) s = '/' + s;
				addPath(t, s);
				if (special(t.s) && t.a.length === 0) t.a.push('');
			});
		},
		get search() {
			var q = rec(this).q;
			return q ? '?' + q : '';
		},
		set search(v) {
			var r = rec(this), s = usv(v);
			if (s.charAt(0) === '?') s = s.slice(1);
			r.q = s === '' && usv(v) === '' ? null : enc(s, special(r.s) ? SQUERY : QUERY);
			requery(this);
		},
		get searchParams() {
			var sp;
			rec(this);
			if (!this[SP]) {
				sp = new URLSearchParams(this[R].q || '');
				sp[LU] = this;
				this[SP] = sp;
			}
			return this[SP];
		},
		get hash() {
			var f = rec(this).f;
			return f ? '#' + f : '';
		},
		set hash(v) {
			var r = rec(this), s = usv(v);
			if (s.charAt(0) === '#') s = s.slice(1);
			r.f = s === '' && usv(v) === '' ? null : enc(s, FRAG);
		},
		toString() { return href(rec(this)); },
		toJSON() { return href(rec(this)); }
	};
	Object.getOwnPropertyNames(P).forEach(function (k) {
		Object.defineProperty(URL.prototype, k, Object.getOwnPropertyDescriptor(P, k));
	});
	Object.defineProperty(URL.prototype, Symbol.toStringTag, { value: 'URL', configurable: true });
	H.own(URL, {
		canParse(url, base) {
			try {
				parse(usv(url), base === undefined ? null : parse(usv(base), null));
				return true;
			} catch (e) {
				return false;
			}
		}
	});

	H.put(global, 'URL', URL);
	H.put(global, 'URLSearchParams', URLSearchParams);
}
//@chunk clone
function (global, H) {
	function fail(v) {
		var e = new Error((typeof v === 'function' ? 'function' : String(v)) + ' could not be cloned.');
		e.name = 'DataCloneError';
		return e;
	}
	function clone(v, seen) {
		var t = typeof v, r, k, i, tag;
		if (t === 'symbol' || t === 'function') throw fail(v);
		if (v === null || t !== 'object') return v;
		if (seen.has(v)) return seen.get(v);
		tag = Object.prototype.toString.call(v);
		switch (tag) {
		case '[object Date]':
			r = new Date(v.getTime());
			break;
		case '[object RegExp]':
			r = new RegExp(v.source, (v.global ? 'g' : '') + (v.ignoreCase ? 'i' : '') + (v.multiline ? 'm' : ''));
			break;
		case '[object Boolean]':
		case '[object Number]':
		case '[object String]':
			r = Object(v.valueOf());
			break;
		case '[object ArrayBuffer]':
			r = v.slice(0);
			break;
		case '[object Map]':
			r = new Map();
			seen.set(v, r);
			v.forEach(function (x, key) { r.set(clone(key, seen), clone(x, seen)); });
			return r;
		case '[object Set]':
			r = new Set();
			seen.set(v, r);
			v.forEach(function (x) { r.add(clone(x, seen)); });
			return r;
		case '[object Error]':
			r = new Error(v.message);
			if (v.name !== 'Error') r.name = String(v.name);
			break;
		default:
			if (ArrayBuffer.isView(v)) {
				r = new v.constructor(clone(v.buffer, seen), v.byteOffset, v instanceof DataView ? v.byteLength : v.length);
				break;
			}
			if (tag === '[object Promise]' || tag === '[object WeakMap]' || tag === '[object WeakSet]') throw fail(tag);
			r = Array.isArray(v) ? new Array(v.length) : {};
			seen.set(v, r);
			k = Object.keys(v);
			for (i = 0; i < k.length; i++) r[k[i]] = clone(v[k[i]], seen);
			return r;
		}
		seen.set(v, r);
		return r;
	}
	H.put(global, 'structuredClone', function (v) {
		if (arguments.length === 0) throw new TypeError('The "value" argument must be specified');
		return clone(v, new Map());
	});
}
