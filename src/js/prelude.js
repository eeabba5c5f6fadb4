/*
 * SPDX-License-Identifier: Apache-2.0
 * prelude.js - the JavaScript half of loadgate's runtime, compiled once to
 * bytecode and run first in every VU heap.  ES5.1 only (Duktape).  It gets the
 * global object and `lg`, the table of native functions (src/js/mod_*.c), and
 * returns the runtime object js.c keeps in the heap stash.
 */
function (global, lg) {
	'use strict';

	if (global.globalThis === undefined) {
		Object.defineProperty(global, 'globalThis', { value: global, writable: true, configurable: true });
	}
	Object.defineProperty(global, 'global', { value: global, writable: true, configurable: true });

	function dirname(p) {
		var i = p.lastIndexOf('/');
		return i <= 0 ? '/' : p.substring(0, i);
	}

	function hidden(obj, name, value) {
		Object.defineProperty(obj, name, { value: value, writable: true, configurable: true });
	}

	/* ---- console: ROM data with -Dduktape_rom, else built here -------------- */
	if (global.console === undefined) global.console = lg.makeConsole();
	global.open = function (path, mode) { return lg.open(path, mode); };

	/* ---- timers and await (the VU's event loop, src/js/mod_async.c) ------ */
	function timerArgs(args) { return Array.prototype.slice.call(args, 2); }
	var timers = {
		setTimeout: function (fn, ms) { return lg.setTimer(fn, ms, false, timerArgs(arguments)); },
		setInterval: function (fn, ms) { return lg.setTimer(fn, ms, true, timerArgs(arguments)); },
		clearTimeout: function (id) { if (id !== undefined && id !== null) lg.clearTimer(id); },
		clearInterval: function (id) { if (id !== undefined && id !== null) lg.clearTimer(id); }
	};
	global.setTimeout = timers.setTimeout;
	global.setInterval = timers.setInterval;
	global.clearTimeout = timers.clearTimeout;
	global.clearInterval = timers.clearInterval;
	/* `await v`, as the front end lowers it: park the VU until v settles. */
	hidden(global, '__lg_await', function (v) {
		if (v === null || (typeof v !== 'object' && typeof v !== 'function') || typeof v.then !== 'function') {
			return v;
		}
		if (typeof Promise !== 'function' || typeof global.__lg_promise_state !== 'function') {
			throw new Error('await needs the Promise runtime, which is not loaded');
		}
		var p = Promise.resolve(v);
		lg.waitSettled(p);
		var st = global.__lg_promise_state(p);
		if (st.state === 'fulfilled') return st.value;
		throw st.value;
	});

	/* ---- k6 ---------------------------------------------------------------- */
	function makeK6() {
		return {
			check: lg.check,
			group: lg.group,
			sleep: lg.sleep,
			fail: function (msg) { throw new Error(msg === undefined ? '' : String(msg)); },
			randomSeed: lg.randomSeed
		};
	}

	/* ---- modules ----------------------------------------------------------- */
	var makers = {
		'k6': makeK6,
		'k6/timers': function () { return timers; }
	};
	var natives = {};
	var cache = {};

	function nativeModule(name) {
		if (Object.prototype.hasOwnProperty.call(natives, name)) return natives[name];
		var m;
		if (Object.prototype.hasOwnProperty.call(makers, name)) m = makers[name]();
		else m = lg.builtin(name, global, lg); /* src/js/modules.c, loaded on first use */
		if (m === undefined) return undefined;
		hidden(m, 'default', m);
		natives[name] = m;
		return m;
	}

	/* A remote module (src/js/remote.c fetched it at start-up), or a
	 * built-in equivalent of a jslib.k6.io one (modules.c). */
	var urlRe = /^https?:\/\//;
	function requireUrl(url) {
		var mod = cache[url];
		if (mod) return mod.exports;
		var nm = nativeModule(url);
		if (nm !== undefined) return nm;
		mod = { exports: {}, id: url, filename: url, loaded: false };
		cache[url] = mod;
		try {
			var fn = lg.loadRemote(url);
			fn.call(mod.exports, mod.exports, makeRequire(url), mod, url, url.substring(0, url.lastIndexOf('/')));
		} catch (e) {
			delete cache[url];
			throw e;
		}
		mod.loaded = true;
		return mod.exports;
	}

	/* dir: the directory of a local module, or the URL of a remote one */
	function makeRequire(dir) {
		return function require(spec) {
			if (typeof spec !== 'string') throw new TypeError('require() expects a module name string');
			if (spec === 'k6' || spec.indexOf('k6/') === 0) {
				var nm = nativeModule(spec);
				if (nm === undefined) throw new Error('unknown module "' + spec + '": loadgate has no such k6 module');
				return nm;
			}
			if (urlRe.test(spec)) return requireUrl(lg.resolveUrl(dir, spec));
			if (urlRe.test(dir)) {
				if (spec.charAt(0) === '.' || spec.charAt(0) === '/') return requireUrl(lg.resolveUrl(dir, spec));
				throw new Error('cannot find module "' + spec + '" (from ' + dir + '): a remote module can import k6 modules, URLs and paths relative to its own URL');
			}
			var path = lg.resolve(dir, spec);
			var mod = cache[path];
			if (mod) return mod.exports;
			mod = { exports: {}, id: path, filename: path, loaded: false };
			cache[path] = mod;
			var fn = lg.loadModule(path);
			fn.call(mod.exports, mod.exports, makeRequire(dirname(path)), mod, path, dirname(path));
			mod.loaded = true;
			return mod.exports;
		};
	}

	global.require = makeRequire('.');

	return {
		runMain: function (fn, filename) {
			var mod = { exports: {}, id: filename, filename: filename, loaded: false };
			cache[filename] = mod;
			global.require = makeRequire(dirname(filename));
			fn.call(mod.exports, mod.exports, global.require, mod, filename, dirname(filename));
			mod.loaded = true;
			return mod.exports;
		}
	};
}
