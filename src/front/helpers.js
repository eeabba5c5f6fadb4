/*
 * SPDX-License-Identifier: Apache-2.0
 * helpers.js - the JavaScript half of the front end's runtime helpers: the
 * functions that code lowered from ES2020 to ES5.1 calls as __lg_rt.<name>.
 * ES5.1 only (Duktape).  The simple helpers (imp, rest, key, tpl, proto,
 * construct, constErr, async) are C (runtime.c); these are loaded into a heap
 * by the first read of one of them (lg_front_install_runtime), after the
 * runtime polyfills (Promise, Symbol.iterator on built-ins, ...).  Called as
 * fn(global, rt) with rt the __lg_rt object; returns the helpers to add.
 * docs/FRONTEND.md lists which construct uses which.
 */
function (global, rt) {
	'use strict';

	var hasSym = typeof Symbol === 'function' && typeof Symbol.iterator === 'symbol';
	var ITER = hasSym ? Symbol.iterator : '@@iterator';
	var toStr = Object.prototype.toString;
	var defProp = Object.defineProperty;
	var getProto = Object.getPrototypeOf;

	function isObj(v) {
		return v !== null && (typeof v === 'object' || typeof v === 'function');
	}

	function describe(v) {
		if (typeof v === 'string') return '"' + v + '"';
		if (typeof v === 'function') return 'function';
		try { return String(v); } catch (e) { return typeof v; }
	}

	/* Array-likes iterated by index: arrays, arguments, typed arrays. */
	function indexed(v) {
		if (Array.isArray(v)) return true;
		if (!isObj(v)) return false;
		if (toStr.call(v) === '[object Arguments]') return true;
		return typeof ArrayBuffer === 'function' && ArrayBuffer.isView && ArrayBuffer.isView(v) &&
			!(v instanceof DataView);
	}

	/* The iterator of a non-indexed iterable, or a TypeError. */
	function iteratorOf(v) {
		var f = v === null || v === undefined ? undefined : v[ITER];
		if (typeof f !== 'function') throw new TypeError(describe(v) + ' is not iterable');
		var it = f.call(v);
		if (!isObj(it)) throw new TypeError('Result of the Symbol.iterator method is not an object');
		return it;
	}

	/* ---- for...of: it.s() steps (false when done), it.v is the value, it.c() closes. */
	function ArrayIter(a) { this.a = a; this.i = 0; this.v = undefined; }
	ArrayIter.prototype.s = function () {
		if (this.i < this.a.length) { this.v = this.a[this.i++]; return true; }
		this.v = undefined;
		return false;
	};
	ArrayIter.prototype.c = function () {};

	function StringIter(s) { this.str = s; this.i = 0; this.v = undefined; }
	StringIter.prototype.s = function () {
		var s = this.str, i = this.i;
		if (i >= s.length) { this.v = undefined; return false; }
		var c = s.charCodeAt(i);
		if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.length) {
			var d = s.charCodeAt(i + 1);
			if (d >= 0xDC00 && d <= 0xDFFF) { this.v = s.substr(i, 2); this.i = i + 2; return true; }
		}
		this.v = s.charAt(i);
		this.i = i + 1;
		return true;
	};
	StringIter.prototype.c = function () {};

	function GenIter(it) { this.it = it; this.done = false; this.v = undefined; }
	GenIter.prototype.s = function () {
		if (this.done) return false;
		this.done = true; /* a throwing next() must not be followed by return() */
		var r = this.it.next();
		if (!isObj(r)) throw new TypeError('Iterator result ' + describe(r) + ' is not an object');
		if (r.done) { this.v = undefined; return false; }
		this.done = false;
		this.v = r.value;
		return true;
	};
	GenIter.prototype.c = function () {
		if (this.done) return;
		this.done = true;
		var f = this.it['return'];
		if (typeof f === 'function') f.call(this.it);
	};

	function iter(v) {
		if (indexed(v)) return new ArrayIter(v);
		if (typeof v === 'string') return new StringIter(v);
		return new GenIter(iteratorOf(v));
	}

	/* Everything an iterable yields, as an array (arrays themselves are returned as is). */
	function toArray(v, n) {
		if (Array.isArray(v)) return v;
		var out = [], it = iter(v);
		if (n === undefined || n < 0) n = Infinity;
		try {
			while (out.length < n && it.s()) out.push(it.v);
		} finally {
			it.c();
		}
		return out;
	}

	return {
		/* for (x of v) */
		iter: iter,
		/* [a, b] = v: at least the first n values (n < 0: all of them) */
		arr: function (v, n) {
			if (v === null || v === undefined) throw new TypeError(describe(v) + ' is not iterable');
			return toArray(v, n);
		},
		/* f(...v), [...v] */
		sp: function (v) {
			if (v === null || v === undefined) throw new TypeError(describe(v) + ' is not iterable');
			if (Array.isArray(v)) return v;
			return toArray(v);
		},
		/* {a, ...rest} = src */
		orest: function (src, keys) {
			if (src === null || src === undefined) throw new TypeError('Cannot destructure ' + describe(src));
			var out = {}, own = Object.keys(Object(src)), i;
			for (i = 0; i < own.length; i++) {
				if (keys.indexOf(own[i]) < 0) out[own[i]] = src[own[i]];
			}
			if (Object.getOwnPropertySymbols) {
				var syms = Object.getOwnPropertySymbols(Object(src));
				for (i = 0; i < syms.length; i++) {
					var d = Object.getOwnPropertyDescriptor(src, syms[i]);
					if (d && d.enumerable && keys.indexOf(syms[i]) < 0) out[syms[i]] = src[syms[i]];
				}
			}
			return out;
		},
		/* {...a, b: 1, ...c} */
		assign: function (target) {
			for (var i = 1; i < arguments.length; i++) {
				var s = arguments[i];
				if (s === null || s === undefined) continue;
				var o = Object(s), keys = Object.keys(o), k;
				for (k = 0; k < keys.length; k++) target[keys[k]] = o[keys[k]];
				if (Object.getOwnPropertySymbols) {
					var syms = Object.getOwnPropertySymbols(o);
					for (k = 0; k < syms.length; k++) {
						var d = Object.getOwnPropertyDescriptor(o, syms[k]);
						if (d && d.enumerable) target[syms[k]] = o[syms[k]];
					}
				}
			}
			return target;
		},
		/* ---- classes ---- */
		/* ext(C) marks a lowered class; ext(C, S) also makes it inherit from S */
		ext: function (C, S) {
			if (arguments.length > 1) {
				if (S === null) {
					C.prototype = Object.create(null);
				} else {
					if (typeof S !== 'function') {
						throw new TypeError('Class extends value ' + describe(S) + ' is not a constructor or null');
					}
					var p = S.prototype;
					if (p !== null && !isObj(p)) {
						throw new TypeError('Class extends value does not have valid prototype property ' + describe(p));
					}
					C.prototype = Object.create(p);
					Object.setPrototypeOf(C, S);
				}
				defProp(C.prototype, 'constructor', { value: C, writable: true, configurable: true });
			}
			defProp(C, '__lg_class', { value: true });
			defProp(C, 'prototype', { writable: false });
		},
		/* a method (kind 0), getter (1) or setter (2) of a class */
		m: function (obj, key, fn, kind) {
			if (typeof key !== 'symbol') key = String(key);
			if (kind === 0) {
				defProp(obj, key, { value: fn, writable: true, configurable: true, enumerable: false });
				return;
			}
			var d = Object.getOwnPropertyDescriptor(obj, key), nd = { configurable: true, enumerable: false };
			if (d && !('value' in d)) { nd.get = d.get; nd.set = d.set; }
			if (kind === 1) nd.get = fn; else nd.set = fn;
			defProp(obj, key, nd);
		},
		/* super.x: the property found from proto, getters called with this */
		sget: function (proto, key, self) {
			for (var o = proto; o !== null && o !== undefined; o = getProto(o)) {
				var d = Object.getOwnPropertyDescriptor(o, key);
				if (d) return d.get ? d.get.call(self) : d.value;
			}
			return undefined;
		},
		/* super.x = v: a setter found from proto runs with this, else this.x = v */
		sset: function (proto, key, v, self) {
			for (var o = proto; o !== null && o !== undefined; o = getProto(o)) {
				var d = Object.getOwnPropertyDescriptor(o, key);
				if (d) {
					if (d.set) { d.set.call(self, v); return v; }
					break;
				}
			}
			self[key] = v;
			return v;
		},
		/* super(...args) in a derived constructor: returns the new `this` */
		sup: function (self, S, args) {
			var r = S.apply(self, args);
			if (isObj(r) && r !== self) {
				/* a built-in (Error, Array...) made its own object: give it our prototype */
				if (!S.__lg_class && getProto(r) === S.prototype) Object.setPrototypeOf(r, getProto(self));
				return r;
			}
			return self;
		},

		/* ---- modules ---- */
		/* export * from '...' */
		star: function (exports, m) {
			if (!isObj(m)) return;
			var keys = Object.keys(m);
			for (var i = 0; i < keys.length; i++) {
				var k = keys[i];
				if (k === 'default' || k === '__esModule' || Object.prototype.hasOwnProperty.call(exports, k)) continue;
				(function (k) {
					defProp(exports, k, { enumerable: true, get: function () { return m[k]; } });
				})(k);
			}
		},
		/* import(spec) */
		dimp: function (req, spec) {
			try {
				return Promise.resolve(rt.imp(req(String(spec))));
			} catch (e) {
				return Promise.reject(e);
			}
		}
	};
}
