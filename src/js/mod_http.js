/*
 * SPDX-License-Identifier: Apache-2.0
 * mod_http.js - k6/http: requests, Response, the cookie jar.  Compiled once per run
 * and loaded into a VU the first time it imports the module (src/js/modules.c).
 * ES5.1 only.  Gets its natives object (unused here), the global object and
 * `lg`, the runtime's table of natives; returns the module's exports.
 */
function (natives, global, lg) {
	'use strict';

	function hidden(obj, name, value) {
		Object.defineProperty(obj, name, { value: value, writable: true, configurable: true });
	}
	function Response() {}
	Response.prototype.json = function (selector) {
		if (this.body === null || this.body === undefined) {
			throw new Error('the body is null so we can\'t transform it to JSON - this likely was because of a request error getting the response');
		}
		if (!Object.prototype.hasOwnProperty.call(this, '_json')) {
			hidden(this, '_json', JSON.parse(typeof this.body === 'string' ? this.body : lg.bufferToString(this.body)));
		}
		return selector === undefined ? this._json : gjson(this._json, String(selector));
	};

	/* headers, cookies and request are parsed from the raw header blocks the
	 * first time a script reads them (most never do), then kept. */
	function lazy(name, build) {
		function own(obj, v) {
			Object.defineProperty(obj, name, { value: v, writable: true, enumerable: true, configurable: true });
		}
		Object.defineProperty(Response.prototype, name, {
			get: function () { var v = build(this); own(this, v); return v; },
			set: function (v) { own(this, v); },
			enumerable: true, configurable: true
		});
	}
	lazy('headers', function (r) { return lg.respHeaders(r, false); });
	lazy('cookies', function (r) { return lg.respHeaders(r, true); });
	lazy('request', function (r) { return lg.respRequest(r); });
	hidden(Response.prototype, 'toJSON', function () {
		var out = {}, k;
		/* materialise the lazy fields, then copy the own ones */
		void this.headers; void this.cookies; void this.request;
		for (k in this) if (Object.prototype.hasOwnProperty.call(this, k)) out[k] = this[k];
		return out;
	});

	/* A subset of gjson paths: a.b.0.c, a.#, a.#.b, escapes with \. */
	function gjson(value, path) {
		var parts = [], cur = '', i, c;
		for (i = 0; i < path.length; i++) {
			c = path.charAt(i);
			if (c === '\\' && i + 1 < path.length) { cur += path.charAt(++i); continue; }
			if (c === '.') { parts.push(cur); cur = ''; continue; }
			cur += c;
		}
		parts.push(cur);
		return walk(value, parts, 0);
	}
	function walk(v, parts, i) {
		if (i >= parts.length) return v;
		if (v === null || v === undefined) return undefined;
		var p = parts[i];
		if (p === '#' && Array.isArray(v)) {
			if (i === parts.length - 1) return v.length;
			var out = [];
			for (var k = 0; k < v.length; k++) {
				var r = walk(v[k], parts, i + 1);
				if (r !== undefined) out.push(r);
			}
			return out;
		}
		if (typeof v !== 'object') return undefined;
		if (!Object.prototype.hasOwnProperty.call(v, p)) return undefined;
		return walk(v[p], parts, i + 1);
	}

	var defaultCallback; /* undefined: statuses 200..399 */

	function expectedOf(params) {
		if (params && Object.prototype.hasOwnProperty.call(params, 'responseCallback')) {
			var cb = params.responseCallback;
			if (cb === null) return null;
			if (cb && cb.__lgExpected) return cb.__lgExpected;
			throw new TypeError('responseCallback must be the result of http.expectedStatuses() or null');
		}
		return defaultCallback;
	}

	function formEncode(obj) {
		var out = [], keys = Object.keys(obj);
		for (var i = 0; i < keys.length; i++) {
			var k = keys[i], v = obj[k];
			if (Array.isArray(v)) {
				for (var j = 0; j < v.length; j++) out.push(encodeURIComponent(k) + '=' + encodeURIComponent(String(v[j])));
			} else {
				out.push(encodeURIComponent(k) + '=' + encodeURIComponent(v === null || v === undefined ? '' : String(v)));
			}
		}
		return out.join('&');
	}

	function isFile(v) { return v !== null && typeof v === 'object' && v.__lgFile === true; }

	function multipart(obj) {
		var boundary = '----loadgateFormBoundary' + Math.random().toString(16).slice(2) + Math.random().toString(16).slice(2);
		var out = '', keys = Object.keys(obj);
		for (var i = 0; i < keys.length; i++) {
			var k = keys[i], v = obj[k];
			out += '--' + boundary + '\r\n';
			if (isFile(v)) {
				out += 'Content-Disposition: form-data; name="' + k + '"; filename="' + v.filename + '"\r\n';
				out += 'Content-Type: ' + v.content_type + '\r\n\r\n';
				out += (typeof v.data === 'string' ? v.data : lg.bufferToString(v.data, true)) + '\r\n';
			} else {
				out += 'Content-Disposition: form-data; name="' + k + '"\r\n\r\n' + String(v) + '\r\n';
			}
		}
		out += '--' + boundary + '--\r\n';
		return { body: out, type: 'multipart/form-data; boundary=' + boundary };
	}

	/* Normalise a body: returns [body, contentTypeOrUndefined]. */
	function bodyOf(body) {
		if (body === null || body === undefined) return [null, undefined];
		if (typeof body === 'string' || body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return [body, undefined];
		if (typeof body === 'object') {
			var keys = Object.keys(body);
			for (var i = 0; i < keys.length; i++) {
				if (isFile(body[keys[i]])) {
					var m = multipart(body);
					return [m.body, m.type];
				}
			}
			return [formEncode(body), 'application/x-www-form-urlencoded'];
		}
		return [String(body), undefined];
	}

	function request(method, url, body, params) {
		var b = bodyOf(body);
		return lg.request(method, url, b[0], params || null, expectedOf(params), b[1], Response.prototype);
	}

	/* The VU's cookie jar: curl's engine holds it; matching a URL's host and
	 * path is done here on the Netscape-format listing. */
	function urlParts(url) {
		var m = /^(https?):\/\/(?:[^@\/]*@)?([^:\/?#]+)(?::\d+)?([^?#]*)/i.exec(String(url));
		if (!m) throw new TypeError('invalid URL "' + url + '"');
		return { secure: m[1].toLowerCase() === 'https', host: m[2].toLowerCase(), path: m[3] || '/' };
	}
	function jarEntries() {
		var out = [], lines = lg.jarList().split('\n');
		for (var i = 0; i < lines.length; i++) {
			if (!lines[i]) continue;
			var f = lines[i].split('\t'), d = f[0], httpOnly = false;
			if (d.indexOf('#HttpOnly_') === 0) { d = d.substring(10); httpOnly = true; }
			out.push({ line: lines[i], domain: d.replace(/^\./, '').toLowerCase(), sub: f[1] === 'TRUE',
				path: f[2], secure: f[3] === 'TRUE', expires: +f[4], name: f[5], value: f[6] || '', httpOnly: httpOnly });
		}
		return out;
	}
	function jarMatches(c, u) {
		var hostOk = c.domain === u.host || (c.sub && u.host.length > c.domain.length &&
			u.host.slice(-c.domain.length - 1) === '.' + c.domain);
		var pathOk = u.path.indexOf(c.path) === 0;
		return hostOk && pathOk && (!c.secure || u.secure);
	}
	var vuJar = {
		cookiesForURL: function (url) {
			var u = urlParts(url), all = jarEntries(), out = {};
			for (var i = 0; i < all.length; i++) {
				if (!jarMatches(all[i], u)) continue;
				(out[all[i].name] = out[all[i].name] || []).push(all[i].value);
			}
			return out;
		},
		set: function (url, name, value, opts) {
			var u = urlParts(url), o = opts || {};
			var line = 'Set-Cookie: ' + name + '=' + value + '; domain=' + (o.domain || u.host) +
				'; path=' + (o.path || '/');
			if (o.expires) line += '; expires=' + o.expires;
			if (o.max_age !== undefined) line += '; max-age=' + o.max_age;
			if (o.secure) line += '; secure';
			if (o.http_only) line += '; HttpOnly';
			lg.jarSet(line);
		},
		clear: function (url) {
			var u = urlParts(url), all = jarEntries(), keep = [];
			for (var i = 0; i < all.length; i++) if (!jarMatches(all[i], u)) keep.push(all[i].line);
			lg.jarReset(keep.join('\n'));
		},
		delete: function (url, name) {
			var u = urlParts(url), all = jarEntries(), keep = [];
			for (var i = 0; i < all.length; i++)
				if (!(jarMatches(all[i], u) && all[i].name === name)) keep.push(all[i].line);
			lg.jarReset(keep.join('\n'));
		}
	};

	function makeHttp() {
		var http = {
			TLS_1_0: 'tls1.0', TLS_1_1: 'tls1.1', TLS_1_2: 'tls1.2', TLS_1_3: 'tls1.3',
			OCSP_STATUS_GOOD: 'good', OCSP_STATUS_REVOKED: 'revoked', OCSP_STATUS_UNKNOWN: 'unknown'
		};
		http.request = function (method, url, body, params) { return request(String(method).toUpperCase(), url, body, params); };
		http.get = function (url, params) { return request('GET', url, null, params); };
		http.head = function (url, params) { return request('HEAD', url, null, params); };
		http.post = function (url, body, params) { return request('POST', url, body, params); };
		http.put = function (url, body, params) { return request('PUT', url, body, params); };
		http.patch = function (url, body, params) { return request('PATCH', url, body, params); };
		http.del = function (url, body, params) { return request('DELETE', url, body, params); };
		http.options = function (url, body, params) { return request('OPTIONS', url, body, params); };
		http.batch = function (reqs) {
			var isArray = Array.isArray(reqs), keys = Object.keys(reqs), list = [], i;
			for (i = 0; i < keys.length; i++) {
				var r = reqs[keys[i]], m = 'GET', u, bd = null, p = null;
				if (typeof r === 'string' || (r && r.__lgUrl)) {
					u = r;
				} else if (Array.isArray(r)) {
					m = String(r[0]).toUpperCase(); u = r[1]; bd = r.length > 2 ? r[2] : null; p = r.length > 3 ? r[3] : null;
				} else if (r && typeof r === 'object') {
					m = r.method ? String(r.method).toUpperCase() : 'GET'; u = r.url; bd = r.body; p = r.params || null;
					if (m === 'GET' || m === 'HEAD') bd = null;
				} else {
					throw new TypeError('invalid batch request at ' + keys[i]);
				}
				var b = bodyOf(bd);
				list.push([m, u, b[0], p, expectedOf(p), b[1]]);
			}
			var res = lg.batch(list, Response.prototype);
			if (isArray) return res;
			var out = {};
			for (i = 0; i < keys.length; i++) out[keys[i]] = res[i];
			return out;
		};
		http.expectedStatuses = function () {
			var ranges = [];
			for (var i = 0; i < arguments.length; i++) {
				var a = arguments[i];
				if (typeof a === 'number' && a === Math.floor(a)) ranges.push([a, a]);
				else if (a && typeof a === 'object' && typeof a.min === 'number' && typeof a.max === 'number') ranges.push([a.min, a.max]);
				else throw new TypeError('expectedStatuses: argument ' + (i + 1) + ' must be an integer or an object like {min: 200, max: 299}');
			}
			return { __lgExpected: ranges };
		};
		http.setResponseCallback = function (cb) {
			if (cb === null) { defaultCallback = null; return; }
			if (cb && cb.__lgExpected) { defaultCallback = cb.__lgExpected; return; }
			throw new TypeError('setResponseCallback expects the result of http.expectedStatuses() or null');
		};
		http.file = function (data, filename, contentType) {
			if (typeof data !== 'string' && !(data instanceof ArrayBuffer) && !ArrayBuffer.isView(data)) {
				throw new TypeError('http.file: data must be a string or an ArrayBuffer');
			}
			return {
				__lgFile: true, data: data,
				filename: filename === undefined ? String(Date.now()) : String(filename),
				content_type: contentType === undefined ? 'application/octet-stream' : String(contentType)
			};
		};
		http.url = function (strings) {
			var url = strings[0], name = strings[0];
			for (var i = 1; i < strings.length; i++) {
				url += String(arguments[i]) + strings[i];
				name += '${}' + strings[i];
			}
			return { __lgUrl: true, url: url, name: name, toString: function () { return url; } };
		};
		http.cookieJar = function () { return vuJar; };
		http.asyncRequest = function (method, url, body, params) {
			if (typeof Promise !== 'function') throw new Error('http.asyncRequest needs Promise');
			var b = bodyOf(body), m = String(method).toUpperCase(), exp = expectedOf(params);
			return new Promise(function (resolve, reject) {
				lg.asyncRequest(m, url, b[0], params || null, exp, b[1], Response.prototype, resolve, reject);
			});
		};
		return http;
	}

	return makeHttp();
}
