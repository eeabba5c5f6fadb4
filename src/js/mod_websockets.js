/*
 * SPDX-License-Identifier: Apache-2.0
 * mod_websockets.js - k6/websockets (and k6/experimental/websockets): the
 * browser-style WebSocket on the VU's event loop.  The constructor starts
 * connecting and returns; events run as the VU's loop gets to them, and the
 * iteration does not end while a socket is open.  ES5.1.  natives:
 * src/js/mod_ws.c.
 */
function (natives, global, lg) {
	'use strict';

	var CONNECTING = 0, OPEN = 1, CLOSING = 2, CLOSED = 3;
	var TYPES = ['open', 'message', 'error', 'close', 'ping', 'pong'];
	var binaryWarned = false;

	function constants(obj) {
		var names = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];
		for (var i = 0; i < names.length; i++) {
			Object.defineProperty(obj, names[i], { value: i, enumerable: true });
		}
	}

	function parseUrl(url) {
		if (url === undefined) throw new Error('WebSocket requires a url');
		url = String(url);
		var m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url);
		var scheme = m ? m[1].toLowerCase() : '';
		if (scheme !== 'ws' && scheme !== 'wss') {
			throw new Error('WebSocket requires url with scheme ws or wss, but got "' + scheme + '"');
		}
		var hash = url.indexOf('#');
		if (hash >= 0) throw new Error('WebSocket requires no url fragment, but got "' + url.slice(hash + 1) + '"');
		return url;
	}

	function protocolList(p) {
		if (p === undefined || p === null) return [];
		var list = Array.isArray(p) ? p.map(String) : [String(p)];
		for (var i = 0; i < list.length; i++) {
			if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(list[i]) || list.indexOf(list[i]) !== i) {
				throw new Error('SyntaxError: invalid or duplicate subprotocol "' + list[i] + '"');
			}
		}
		return list;
	}

	function WebSocket(url, protocols, params) {
		if (!(this instanceof WebSocket)) throw new TypeError("Class constructor WebSocket cannot be invoked without 'new'");
		url = parseUrl(url);
		var offered = protocolList(protocols);
		if (params !== undefined && params !== null && typeof params === 'object' &&
		    params.compression !== undefined && params.compression !== null && String(params.compression) !== '') {
			throw new Error("compression is not supported by loadgate's WebSocket client");
		}
		var st = { id: 0, readyState: CONNECTING, protocol: '', binaryType: '', listeners: {}, on: {} };
		for (var i = 0; i < TYPES.length; i++) st.listeners[TYPES[i]] = [];
		Object.defineProperty(this, '_s', { value: st });
		Object.defineProperty(this, 'url', { value: url, enumerable: true });
		st.id = natives.open(url, params, this, offered.length ? offered.join(', ') : null);
	}
	constants(WebSocket);
	constants(WebSocket.prototype);

	function accessor(name, get, set) {
		Object.defineProperty(WebSocket.prototype, name, { get: get, set: set, enumerable: true, configurable: true });
	}
	accessor('readyState', function () { return this._s.readyState; });
	accessor('protocol', function () { return this._s.protocol; });
	accessor('bufferedAmount', function () { return natives.buffered(this._s.id); });
	accessor('binaryType', function () { return this._s.binaryType; }, function (v) {
		v = String(v);
		if (v === 'blob') throw new Error('blob is currently not supported, only arraybuffer is.');
		if (v !== 'arraybuffer') throw new Error('unknown binaryType ' + v + ', the supported one is arraybuffer.');
		this._s.binaryType = v;
	});
	TYPES.forEach(function (type) {
		accessor('on' + type, function () {
			var f = this._s.on[type];
			return f === undefined ? null : f;
		}, function (fn) {
			if (fn === null || fn === undefined) {
				delete this._s.on[type];
				return;
			}
			if (typeof fn !== 'function') throw new Error("a value for 'on" + type + "' should be callable");
			this._s.on[type] = fn;
		});
	});

	WebSocket.prototype.addEventListener = function (type, fn) {
		var l = this._s.listeners[type];
		if (!l) {
			console.warn("can't add event listener: unknown event type " + type);
			return;
		}
		if (typeof fn === 'function' && l.indexOf(fn) < 0) l.push(fn);
	};
	WebSocket.prototype.removeEventListener = function (type, fn) {
		var l = this._s.listeners[type];
		var i = l ? l.indexOf(fn) : -1;
		if (i >= 0) l.splice(i, 1);
	};

	function assertOpen(ws) {
		if (ws._s.readyState !== OPEN) throw new Error('InvalidStateError');
	}

	WebSocket.prototype.send = function (data) {
		assertOpen(this);
		if (typeof data === 'string') {
			natives.send(this._s.id, data, false);
		} else if (data instanceof ArrayBuffer) {
			natives.send(this._s.id, data, true);
		} else if (data !== null && typeof data === 'object' && data.buffer instanceof ArrayBuffer) {
			natives.send(this._s.id, data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength), true);
		} else {
			throw new Error('unsupported send type ' + Object.prototype.toString.call(data).slice(8, -1));
		}
	};
	WebSocket.prototype.ping = function () {
		assertOpen(this);
		natives.ping(this._s.id);
	};
	WebSocket.prototype.close = function (code, reason) {
		var st = this._s;
		if (st.readyState === CLOSING || st.readyState === CLOSED) return;
		st.readyState = CLOSING;
		natives.close(st.id, code === undefined || code === null ? 1000 : Math.floor(Number(code)),
			reason === undefined || reason === null ? '' : String(reason));
	};

	WebSocket.prototype._event = function (type) {
		return { type: type, target: this, timestamp: Date.now() };
	};
	/* The on<type> handler, then the listeners; an exception closes the socket. */
	WebSocket.prototype._dispatch = function (ev) {
		var st = this._s;
		var fns = [];
		if (st.on[ev.type]) fns.push(st.on[ev.type]);
		fns = fns.concat(st.listeners[ev.type]);
		for (var i = 0; i < fns.length; i++) {
			try {
				fns[i].call(this, ev);
			} catch (e) {
				if (st.readyState === OPEN) this.close(1001);
				throw e;
			}
		}
	};

	WebSocket.prototype.__lgEvent = function (type, a, b) {
		var st = this._s;
		var ev;
		switch (type) {
		case 'open':
			if (st.readyState !== CONNECTING) return;
			st.readyState = OPEN;
			st.protocol = a;
			this._dispatch(this._event('open'));
			return;
		case 'message':
		case 'binaryMessage':
			if (st.readyState !== OPEN) return;
			if (type === 'binaryMessage' && st.binaryType === '') {
				st.binaryType = 'arraybuffer';
				if (!binaryWarned) {
					binaryWarned = true;
					console.warn('You have not set a Websocket binaryType to "arraybuffer", but you got a binary response. ' +
						'This has been done automatically now, but in the future this will not work.');
				}
			}
			ev = this._event('message');
			ev.data = a;
			ev.origin = this.url;
			this._dispatch(ev);
			return;
		case 'ping':
		case 'pong':
			this._dispatch(this._event(type));
			return;
		case 'error':
		case 'fail':
			ev = this._event('error');
			ev.error = a;
			if (type === 'fail') st.readyState = CLOSED;
			this._dispatch(ev);
			if (type === 'fail') this.__lgEvent('closed', 1006, '');
			return;
		default: /* 'close' from the wire, 'closed' after a failed connection */
			st.readyState = CLOSED;
			ev = this._event('close');
			ev.code = a;
			ev.reason = b;
			ev.wasClean = a !== 1006;
			this._dispatch(ev);
		}
	};

	return { WebSocket: WebSocket };
}
