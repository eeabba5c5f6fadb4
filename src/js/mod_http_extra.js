/*
 * SPDX-License-Identifier: Apache-2.0
 * mod_http_extra.js - the less used half of k6/http: batch, the cookie jar,
 * expectedStatuses/setResponseCallback, file, url and asyncRequest.  The
 * module object itself is built in C (mod_http_api.c); the first access to one
 * of these properties loads this file into the VU (src/js/modules.c).  ES5.1.
 *
 * natives: norm(method, url, body, params) -> the 7 arguments of a request
 * (body encoded, expected statuses, content type, Response.prototype);
 * setDefaultExpected(ranges | null | undefined).
 */
function (natives, global, lg) {
	'use strict';

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

	var http = {};
	http.batch = function (reqs) {
		var isArray = Array.isArray(reqs), keys = Object.keys(reqs), list = [], i, a;
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
			a = natives.norm(m, u, bd, p);
			list.push(a);
		}
		var res = lg.batch(list, a ? a[6] : null);
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
		if (cb === null) { natives.setDefaultExpected(null); return; }
		if (cb && cb.__lgExpected) { natives.setDefaultExpected(cb.__lgExpected); return; }
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
		var a = natives.norm(String(method).toUpperCase(), url, body, params);
		return new Promise(function (resolve, reject) {
			lg.asyncRequest(a[0], a[1], a[2], a[3], a[4], a[5], a[6], resolve, reject);
		});
	};
	return http;
}
