/*
 * SPDX-License-Identifier: Apache-2.0
 * mod_ws.js - k6/ws, the legacy synchronous WebSocket API: ws.connect(url,
 * [params], fn) runs fn with a Socket, then blocks the VU (its event loop
 * runs the socket, its timers and events) until the socket closed, and
 * returns the handshake response.  ES5.1.  natives: src/js/mod_ws.c.
 */
function (natives, global, lg) {
	'use strict';

	/* The error handlers get what k6 passes: an object whose error() is the text. */
	function WsError(text) {
		this.message = text;
	}
	WsError.prototype.error = function () { return this.message; };
	WsError.prototype.toString = function () { return this.message; };

	function checkCompression(params) {
		if (params === null || typeof params !== 'object' || params.compression === undefined ||
		    params.compression === null) return;
		var algo = String(params.compression).trim();
		if (algo === '') return;
		if (algo !== 'deflate') {
			throw new Error("unsupported compression algorithm '" + algo + "', supported algorithm is 'deflate'");
		}
		throw new Error("compression 'deflate' is not supported by loadgate's WebSocket client");
	}

	function Socket() {
		Object.defineProperty(this, '_s', {
			value: { handlers: {}, id: 0, closed: false, timers: [], err: undefined, failed: false }
		});
	}
	Socket.prototype.on = function (event, fn) {
		if (typeof fn !== 'function') return;
		var h = this._s.handlers;
		(h[event] || (h[event] = [])).push(fn);
	};
	Socket.prototype._emit = function (event, arg) {
		var list = this._s.handlers[event];
		if (!list) return;
		for (var i = 0; i < list.length; i++) list[i].call(undefined, arg);
	};
	/* An exception in a handler or timer ends the session; connect() rethrows it. */
	Socket.prototype._fail = function (e) {
		if (this._s.err === undefined) this._s.err = e;
		this._s.failed = true;
		try { this.close(1001); } catch (ignored) { /* the first error wins */ }
	};
	Socket.prototype._guard = function (fn, arg) {
		try { fn.call(this, arg); } catch (e) { this._fail(e); }
	};
	Socket.prototype.__lgEvent = function (type, a) {
		var s = this._s;
		if (type === 'open' || type === 'fail') return; /* connect() handles both */
		if (type === 'close') {
			if (s.closed) return;
			s.closed = true;
			this._clearTimers();
			this._guard(this._emit.bind(this, 'close'), a);
			return;
		}
		if (s.closed) return;
		this._guard(this._emit.bind(this, type), type === 'error' ? new WsError(a) : a);
	};
	Socket.prototype.send = function (msg) {
		if (!natives.send(this._s.id, String(msg), false)) this._emit('error', new WsError('websocket: close sent'));
	};
	Socket.prototype.sendBinary = function (msg) {
		if (!(msg instanceof ArrayBuffer)) {
			var t = msg === null || msg === undefined ? String(msg) : Object.prototype.toString.call(msg).slice(8, -1);
			throw new Error('expected ArrayBuffer as argument, received: ' + t);
		}
		if (!natives.send(this._s.id, msg, true)) this._emit('error', new WsError('websocket: close sent'));
	};
	Socket.prototype.ping = function () {
		if (!natives.ping(this._s.id)) this._emit('error', new WsError('websocket: close sent'));
	};
	Socket.prototype.close = function (code) {
		var s = this._s;
		if (s.closed) return;
		s.closed = true;
		code = code === undefined ? 1001 : Math.floor(Number(code));
		this._clearTimers();
		natives.close(s.id, code, '');
		this._emit('close', code);
	};
	Socket.prototype._timer = function (fn, ms, repeat, what) {
		var self = this;
		ms = Number(ms);
		if (!(ms > 0)) throw new Error(what + ' requires a >0 timeout parameter, received ' + ms.toFixed(2));
		if (typeof fn !== 'function') throw new TypeError(what + ' requires a function');
		var id = lg.setTimer(function () {
			if (!self._s.closed) self._guard(fn);
		}, ms, repeat, []);
		this._s.timers.push(id);
	};
	Socket.prototype.setTimeout = function (fn, ms) { this._timer(fn, ms, false, 'setTimeout'); };
	Socket.prototype.setInterval = function (fn, ms) { this._timer(fn, ms, true, 'setInterval'); };
	Socket.prototype._clearTimers = function () {
		var t = this._s.timers;
		while (t.length) lg.clearTimer(t.pop());
	};

	function response(url, r) {
		var out = { url: url, status: r.status, headers: {}, body: r.body, error: r.error };
		if (r.status) out.headers = natives.headers(r);
		return out;
	}

	function connect(url, params, fn) {
		if (arguments.length === 2) {
			fn = params;
			params = undefined;
		} else if (arguments.length !== 3) {
			throw new Error('invalid number of arguments to ws.connect');
		}
		if (typeof fn !== 'function') throw new Error('last argument to ws.connect must be a function');
		checkCompression(params);
		url = String(url);
		var socket = new Socket();
		var s = socket._s;
		s.id = natives.open(url, params, socket, null);
		natives.wait(s.id, false);
		var r = socket.__lgResp;
		if (r.error) {
			/* k6 fires 'error' before the setup function ran: no handler sees it */
			if (natives.throwErrors()) throw new Error(r.error);
			natives.warn('Attempt to establish a WebSocket connection failed', r.error);
			return response(url, r);
		}
		var res = response(url, r);
		res.error = '';
		try {
			fn(socket);
		} catch (e) {
			socket._fail(e);
		}
		if (!s.failed) socket._guard(socket._emit.bind(socket, 'open'));
		natives.wait(s.id, true);
		if (s.err !== undefined) throw s.err;
		return res;
	}

	return { connect: connect };
}
