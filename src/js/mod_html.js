/*
 * SPDX-License-Identifier: Apache-2.0
 * mod_html.js - k6/html: parseHTML(), Selection (goquery/jQuery-like) and
 * Element.  Compiled once per run and loaded into a VU the first time it
 * imports the module (src/js/modules.c).  ES5.1 only.  Gets its natives
 * (src/js/mod_html.c: documents and node sets, called as N.fn(...)), the
 * global object and `lg`; returns the module's exports.
 */
function (N, global, lg) {
	'use strict';

	function Selection() { throw new TypeError('Selection objects come from parseHTML() or Response.html()'); }
	function Element() { throw new TypeError('Element objects come from Selection.get() and each()'); }
	N.setup(Selection.prototype, Element.prototype);

	var S = Selection.prototype, E = Element.prototype;

	function isSet(v) { return v instanceof Selection || v instanceof Element; }
	function str(v) { return v === undefined || v === null ? undefined : String(v); }
	function fnCheck(fn, what) {
		if (typeof fn !== 'function') throw new TypeError('the argument to ' + what + '() must be a function');
	}
	/* A matcher: selector string, Selection or Element. */
	function matcher(v, what) {
		if (isSet(v)) return v;
		if (typeof v === 'string') return v;
		throw new TypeError('Invalid argument to ' + what + '(): cannot use ' + typeof v + ' as a selector');
	}
	/* Indices of the nodes for which fn(i, selection_i) is truthy. */
	function indicesWhere(sel, fn, want) {
		var out = [], n = N.size(sel);
		for (var i = 0; i < n; i++) {
			var s = N.one(sel, i, false);
			if (!!fn.call(s, i, s) === want) out.push(i);
		}
		return out;
	}

	/* ---- Selection ---------------------------------------------------- */
	S.size = function () { return N.size(this); };
	Object.defineProperty(S, 'length', { get: function () { return N.size(this); }, configurable: true });
	S.find = function (sel) { return N.find(this, matcher(sel, 'find')); };
	S.add = function (sel) {
		if (typeof sel === 'string') return N.add(this, N.find(root(this), sel));
		return N.add(this, matcher(sel, 'add'));
	};
	S.filter = function (v) {
		if (typeof v === 'function') return N.pick(this, indicesWhere(this, v, true));
		if (typeof v !== 'string' && !isSet(v)) throw new TypeError('the argument to filter() must be a function, a selector or a selection');
		return N.filter(this, v, false);
	};
	S.not = function (v) {
		if (typeof v === 'function') return N.pick(this, indicesWhere(this, v, false));
		return N.filter(this, matcher(v, 'not'), true);
	};
	S.is = function (v) {
		if (typeof v === 'function') return indicesWhere(this, v, true).length > 0;
		if (typeof v !== 'string' && !isSet(v)) throw new TypeError('the argument to is() must be a function, a selector or a selection');
		return N.is(this, v);
	};
	S.has = function (v) { return N.has(this, matcher(v, 'has')); };
	S.closest = function (v) { return N.closest(this, matcher(v, 'closest')); };

	var REL = { parent: 0, parents: 1, parentsUntil: 2, children: 3, contents: 4, next: 5, nextAll: 6,
		nextUntil: 7, prev: 8, prevAll: 9, prevUntil: 10, siblings: 11 };
	['parent', 'parents', 'children', 'next', 'nextAll', 'prev', 'prevAll', 'siblings'].forEach(function (k) {
		S[k] = function (filter) { return N.rel(this, REL[k], str(filter), undefined); };
	});
	S.contents = function () { return N.rel(this, REL.contents, undefined, undefined); };
	['parentsUntil', 'nextUntil', 'prevUntil'].forEach(function (k) {
		S[k] = function (until, filter) {
			if (until !== undefined && until !== null && typeof until !== 'string' && !isSet(until)) {
				throw new TypeError('Invalid argument to ' + k + '(): cannot use ' + typeof until + ' as a selector');
			}
			return N.rel(this, REL[k], str(filter), until === null ? undefined : until);
		};
	});

	S.eq = function (i) {
		var n = N.size(this);
		i = Math.floor(Number(i) || 0);
		if (i < 0) i += n;
		return i < 0 || i >= n ? N.slice(this, 0, 0) : N.slice(this, i, i + 1);
	};
	S.first = function () { return N.slice(this, 0, 1); };
	S.last = function () { var n = N.size(this); return N.slice(this, n - 1, n); };
	S.slice = function (start, end) {
		var n = N.size(this);
		start = Math.floor(Number(start) || 0);
		end = end === undefined ? n : Math.floor(Number(end) || 0);
		if (start < 0) start += n;
		if (end < 0) end += n;
		return N.slice(this, Math.max(0, start), Math.min(n, end));
	};
	S.get = function (i) {
		var n = N.size(this), out = [];
		if (i === undefined) {
			for (var k = 0; k < n; k++) out.push(N.one(this, k, true));
			return out;
		}
		i = Math.floor(Number(i) || 0);
		if (i < 0) i += n;
		return N.one(this, i, true);
	};
	S.toArray = function () {
		var n = N.size(this), out = [];
		for (var k = 0; k < n; k++) out.push(N.one(this, k, false));
		return out;
	};
	S.each = function (fn) {
		fnCheck(fn, 'each');
		var n = N.size(this);
		for (var i = 0; i < n; i++) {
			var el = N.one(this, i, true);
			if (fn.call(el, i, el) === false) break;
		}
		return this;
	};
	S.map = function (fn) {
		fnCheck(fn, 'map');
		var n = N.size(this), out = [];
		for (var i = 0; i < n; i++) {
			var s = N.one(this, i, false);
			var r = fn.call(s, i, s);
			if (r === undefined || r === null) continue;
			if (Array.isArray(r)) out.push.apply(out, r); else out.push(r);
		}
		return out;
	};
	S.index = function (v) {
		if (v === undefined) {
			if (!N.size(this)) return -1;
			return N.rel(N.slice(this, 0, 1), REL.prevAll, undefined, undefined).size();
		}
		if (typeof v === 'string') return N.index(N.find(root(this), v), this);
		if (isSet(v)) return N.index(this, v);
		return -1;
	};
	S.end = function () { return this; };
	S.text = function () { return N.text(this); };
	S.html = function () { return N.html(this, false); };
	S.attr = function (name, def) {
		var v = N.attr(this, String(name).toLowerCase());
		return v === undefined && arguments.length > 1 ? def : v;
	};
	S.val = function () { return val(this); };
	S.data = function (key) {
		if (!N.size(this)) return undefined;
		if (key !== undefined) {
			var v = N.attr(this, 'data-' + propToAttr(String(key)));
			return v === undefined ? undefined : dataValue(v);
		}
		var all = N.attrs(this), out = {}, any = false;
		for (var i = 0; i < all.length; i++) {
			if (all[i][0].indexOf('data-') === 0 && all[i][0].length > 5) {
				out[attrToProp(all[i][0].substring(5))] = dataValue(all[i][1]);
				any = true;
			}
		}
		return any || all.length ? out : undefined;
	};
	S.serializeArray = function () {
		var controls = this.is('form') ? this.find('input,select,textarea,keygen') : this.filter('input,select,textarea,keygen');
		var out = [], n = N.size(controls);
		for (var i = 0; i < n; i++) {
			var c = N.one(controls, i, false);
			var name = N.attr(c, 'name'), type = (N.attr(c, 'type') || '').toLowerCase();
			if (!name || N.attr(c, 'disabled') !== undefined) continue;
			if (/^(submit|button|reset|image|file)$/.test(type)) continue;
			if ((type === 'checkbox' || type === 'radio') && N.attr(c, 'checked') === undefined) continue;
			out.push({ name: name, value: val(c) });
		}
		return out;
	};
	S.serializeObject = function () {
		var a = this.serializeArray(), out = {};
		for (var i = 0; i < a.length; i++) out[a[i].name] = a[i].value;
		return out;
	};
	S.serialize = function () { return encodeForm(this.serializeObject()); };
	S.toString = function () { return '[object Selection]'; };
	Object.defineProperty(S, 'url', { get: function () { return N.url(this); }, configurable: true });

	/* The document node of a selection (for selectors over the whole page). */
	function root(sel) {
		var el = N.one(sel, 0, true);
		if (!el) return sel;
		var d = N.link(el, 'ownerDocument');
		return d ? N.slice(d, 0, 1) : sel;
	}

	/* go's url.Values.Encode: keys sorted, form escaping (space as +). */
	function qsEscape(s) {
		return encodeURIComponent(s).replace(/%20/g, '+').replace(/[!'()*]/g, function (c) {
			return '%' + c.charCodeAt(0).toString(16).toUpperCase();
		});
	}
	function encodeForm(values) {
		var q = [];
		Object.keys(values).sort().forEach(function (k) {
			var vs = Array.isArray(values[k]) ? values[k] : [values[k]];
			for (var i = 0; i < vs.length; i++) q.push(qsEscape(k) + '=' + qsEscape(String(vs[i])));
		});
		return q.join('&');
	}

	function valueOrHTML(s) {
		var v = N.attr(s, 'value');
		if (v !== undefined) return v;
		var h = N.html(s, false);
		return h === undefined ? '' : h;
	}
	function val(s) {
		if (!N.size(s)) return undefined;
		var name = N.node(s).name;
		switch (name) {
		case 'input':
			var v = N.attr(s, 'value');
			if (v !== undefined) return v;
			var t = (N.attr(s, 'type') || '').toLowerCase();
			return t === 'checkbox' || t === 'radio' ? 'on' : '';
		case 'button':
			return N.attr(s, 'value') === undefined ? '' : N.attr(s, 'value');
		case 'textarea':
			return N.text(N.slice(s, 0, 1));
		case 'option':
			return valueOrHTML(s);
		case 'select':
			var sel = N.find(N.slice(s, 0, 1), 'option[selected]');
			if (N.attr(s, 'multiple') !== undefined) {
				var out = [];
				for (var i = 0; i < N.size(sel); i++) out.push(valueOrHTML(N.one(sel, i, false)));
				return out;
			}
			if (!N.size(sel)) sel = N.find(N.slice(s, 0, 1), 'option'); /* browsers: the first option */
			return N.size(sel) ? valueOrHTML(N.slice(sel, 0, 1)) : undefined;
		default:
			return undefined;
		}
	}

	/* data-* names: "user-name" <-> "userName"; values as k6 converts them. */
	function attrToProp(s) {
		return s.replace(/-+([a-z0-9])/g, function (m, c) { return c.toUpperCase(); });
	}
	function propToAttr(s) {
		return s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
	}
	function dataValue(v) {
		if (v.length === 0 || v === 'null' || v === 'undefined') return undefined;
		if (v.charAt(0) === '{' || v.charAt(0) === '[') {
			try { return JSON.parse(v); } catch (e) { return v; }
		}
		if (v === 'true') return true;
		if (v === 'false') return false;
		if (/^-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?$/.test(v)) return Number(v);
		return v;
	}

	/* ---- Element ------------------------------------------------------ */
	function elems(sel) {
		var n = N.size(sel), out = [];
		for (var i = 0; i < n; i++) out.push(N.one(sel, i, true));
		return out;
	}
	function asSel(el) { return N.slice(el, 0, 1); }

	E.nodeName = function () { var i = N.node(this); return i ? i.name : undefined; };
	E.nodeType = function () { var i = N.node(this); return i && i.type ? i.type : undefined; };
	E.nodeValue = function () { var i = N.node(this); return i ? i.value : undefined; };
	E.id = function () { var v = N.attr(this, 'id'); return v === undefined ? '' : v; };
	E.getAttribute = function (name) { return N.attr(this, String(name).toLowerCase()); };
	E.hasAttribute = function (name) { return N.attr(this, String(name).toLowerCase()) !== undefined; };
	E.hasAttributes = function () { return N.attrs(this).length > 0; };
	E.getAttributeNode = function (name) {
		var v = N.attr(this, String(name).toLowerCase());
		return v === undefined ? undefined : { name: String(name).toLowerCase(), value: v, ownerElement: this };
	};
	E.attributes = function () {
		var all = N.attrs(this), out = {};
		for (var i = 0; i < all.length; i++) out[all[i][0]] = { name: all[i][0], value: all[i][1], ownerElement: this };
		return out;
	};
	E.textContent = function () { return N.text(this); };
	E.innerHTML = function () { return N.html(this, false); };
	E.outerHTML = function () { return N.html(this, true); };
	E.classList = function () {
		var c = N.attr(this, 'class');
		return c === undefined ? [] : c.split(/[ \t\r\n\f]+/).filter(function (x) { return x !== ''; });
	};
	E.className = function () { return N.attr(this, 'class'); };
	E.lang = function () { return N.attr(this, 'lang'); };
	E.value = function () { return val(this); };
	E.selection = function () { return asSel(this); };
	['firstChild', 'lastChild', 'previousSibling', 'nextSibling', 'parentNode', 'ownerDocument'].forEach(function (k) {
		E[k] = function () { return N.link(this, k); };
	});
	E.parentElement = function () { var p = N.rel(this, REL.parent, undefined, undefined); return N.one(p, 0, true); };
	E.children = function () { return elems(N.rel(this, REL.children, undefined, undefined)); };
	E.childNodes = function () { return elems(N.rel(this, REL.contents, undefined, undefined)); };
	E.childElementCount = function () { return N.size(N.rel(this, REL.children, undefined, undefined)); };
	E.firstElementChild = function () { return N.one(N.rel(this, REL.children, undefined, undefined), 0, true); };
	E.lastElementChild = function () {
		var c = N.rel(this, REL.children, undefined, undefined);
		return N.one(c, N.size(c) - 1, true);
	};
	E.previousElementSibling = function () { return N.one(N.rel(this, REL.prev, undefined, undefined), 0, true); };
	E.nextElementSibling = function () { return N.one(N.rel(this, REL.next, undefined, undefined), 0, true); };
	E.hasChildNodes = function () { return N.link(this, 'firstChild') !== undefined; };
	E.isSameNode = function (o) { return isSet(o) && N.same(this, o); };
	E.isEqualNode = function (o) { return o instanceof Element && N.html(this, true) === N.html(o, true); };
	E.contains = function (o) { return o instanceof Element && N.contains(this, o); };
	E.matches = function (sel) { return N.is(this, String(sel)); };
	E.closest = function (sel) { return N.one(N.closest(this, String(sel)), 0, true); };
	E.querySelector = function (sel) { return N.one(N.find(this, String(sel)), 0, true); };
	E.querySelectorAll = function (sel) { return elems(N.find(this, String(sel))); };
	E.getElementsByTagName = function (name) { return elems(N.find(this, String(name))); };
	E.getElementsByClassName = function (name) {
		var cls = String(name).split(/\s+/).filter(function (x) { return x !== ''; });
		if (!cls.length) return [];
		return elems(N.find(this, cls.map(function (c) { return '.' + c.replace(/([^a-zA-Z0-9_-])/g, '\\$1'); }).join('')));
	};
	E.toString = function () {
		var i = N.node(this);
		if (!i) return undefined;
		return i.type === 1 ? '[object html.Node]' : '[object ' + i.name + ']';
	};

	/* ---- Response.html(), submitForm(), clickLink() (hooked in mod_http_api.c) */
	/* RFC 3986 section 5.2 reference resolution, enough for links and forms. */
	function resolveURL(base, ref) {
		var re = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):)?(?:\/\/([^\/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/;
		var b = re.exec(String(base)), r = re.exec(String(ref));
		var scheme, auth, path, query;
		function removeDots(p) {
			var out = [], segs = p.split('/');
			for (var i = 0; i < segs.length; i++) {
				var s = segs[i];
				if (s === '..') { if (out.length > 1) out.pop(); if (i === segs.length - 1) out.push(''); }
				else if (s === '.') { if (i === segs.length - 1) out.push(''); }
				else out.push(s);
			}
			return out.join('/');
		}
		if (r[1] !== undefined) {
			scheme = r[1]; auth = r[2]; path = removeDots(r[3]); query = r[4];
		} else {
			scheme = b[1];
			if (r[2] !== undefined) {
				auth = r[2]; path = removeDots(r[3]); query = r[4];
			} else {
				auth = b[2];
				if (r[3] === '') {
					path = b[3]; query = r[4] !== undefined ? r[4] : b[4];
				} else {
					if (r[3].charAt(0) === '/') path = removeDots(r[3]);
					else if (b[2] !== undefined && b[3] === '') path = removeDots('/' + r[3]);
					else path = removeDots(b[3].substring(0, b[3].lastIndexOf('/') + 1) + r[3]);
					query = r[4];
				}
			}
		}
		var out = (scheme !== undefined ? scheme + ':' : '') + (auth !== undefined ? '//' + auth : '') + path;
		if (query !== undefined) out += '?' + query;
		return out;
	}

	function responseHTML(res, selector) {
		var body = res.body;
		if (body === null || body === undefined) throw new Error('the response has no body to parse as HTML');
		if (typeof body !== 'string') body = lg.bufferToString(body);
		var doc = N.parse(body, res.url === undefined ? undefined : String(res.url));
		return selector === undefined ? doc : doc.find(selector);
	}

	/* http.request of k6/http (the request goes through the VU like any other). */
	function request(method, url, body, params) {
		return global.require('k6/http').request(method, url, body, params);
	}

	function submitForm(res, opts) {
		var o = opts || {}, formSel = o.formSelector !== undefined ? String(o.formSelector) : 'form';
		var submitSel = o.submitSelector !== undefined ? String(o.submitSelector) : '[type="submit"]';
		var form = responseHTML(res, formSel);
		if (!form.size()) throw new Error('no form found for selector \'' + formSel + '\' in response \'' + res.url + '\'');
		form = form.first();
		var method = form.attr('method'), action = form.attr('action');
		method = method === undefined ? 'GET' : String(method).toUpperCase();
		var url = action === undefined ? String(res.url) : resolveURL(res.url, action);
		var values = form.serializeObject();
		var submit = form.find(submitSel), sName = submit.attr('name'), sVal = submit.val();
		if (sName !== undefined && sVal !== undefined) values[sName] = sVal;
		if (o.fields) Object.keys(o.fields).forEach(function (k) { values[k] = o.fields[k]; });
		var params = o.params === undefined ? null : o.params;
		if (method === 'GET') {
			var q = encodeForm(values);
			url = url.replace(/#.*$/, '').replace(/\?.*$/, '') + (q ? '?' + q : '');
			return request('GET', url, null, params);
		}
		return request(method, url, values, params);
	}

	function clickLink(res, opts) {
		var o = opts || {}, selector = o.selector !== undefined ? String(o.selector) : 'a[href]';
		var link = responseHTML(res, selector);
		if (!link.size()) throw new Error('no element found for selector \'' + selector + '\' in response \'' + res.url + '\'');
		var href = link.attr('href');
		if (href === undefined) throw new Error('no valid href attribute value found on element \'' + selector + '\' in response \'' + res.url + '\'');
		return request('GET', resolveURL(res.url, href), null, o.params === undefined ? null : o.params);
	}

	var exports = {
		parseHTML: function (src) { return N.parse(src === undefined || src === null ? '' : String(src), undefined); },
		Selection: Selection,
		Element: Element
	};
	Object.defineProperty(exports, '__response', {
		value: { html: responseHTML, submitForm: submitForm, clickLink: clickLink, resolveURL: resolveURL }
	});
	return exports;
}
