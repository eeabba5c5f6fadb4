/*
 * SPDX-License-Identifier: Apache-2.0
 * polyfill.js - the part of loadgate's standard library written in
 * JavaScript: URL/URLSearchParams and structuredClone.  Iterators, the
 * ES2015-ES2023 Array/String/Object methods (polyfill_es.c), Promise
 * (polyfill_promise.c) and Map/Set/WeakMap/WeakSet (polyfill_coll.c) are in C.
 *
 * DESIGN (see docs/POLYFILLS.md): this file is a list of chunks, each
 * introduced by a `//@chunk NAME` line and each a `function (global, H)`.
 * polyfill.c compiles every chunk once per process to bytecode.  A VU heap
 * runs none of it at start: its globals are accessors that load the chunk on
 * first use, so a heap pays only for the chunks its script touches.  H holds
 * helpers implemented in C: hs(name) -> a hidden Symbol, put(o, k, v)
 * (define where missing), own(o, methods) (define on our own objects),
 * fnCheck(f), iterate(iterable, fn), toArray(iterable), res(value, done),
 * hasOwn, IterProto.
 *
 * Rules: Duktape must compile it (ES5.1 plus method shorthand, which Duktape
 * supports and which makes methods non-constructable, like built-ins, and
 * saves a .prototype object each); no 'use strict' (strict functions carry
 * two extra accessor properties each in Duktape); internal state lives under
 * hidden Symbols (invisible to reflection, JSON and Proxy traps); each
 * JavaScript function costs ~0.5-1 KB per heap that loads it, so keep them few.
 */
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
		'delete'(k) {
			var l = list(this), i, v = arguments[1];
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
		has(k) {
			var l = list(this), i, v = arguments[1];
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
		forEach(cb) {
			var l = list(this), i, t = arguments[1];
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
		canParse(url) {
			var base = arguments[1];
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
			t = /^(Eval|Range|Reference|Syntax|Type|URI)Error$/.test(v.name) ? global[v.name] : Error;
			r = new t(v.message);
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
