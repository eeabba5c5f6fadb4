/* SPDX-License-Identifier: Apache-2.0 */
/*
 * front_run - the differential test driver of the front end: compile one
 * .js file with lg_front_compile and run it in a fresh Duktape heap, the
 * way the runtime will (helpers loaded, then the CommonJS wrapper called).
 *
 *   front_run FILE.js          run it; console.log goes to stdout
 *   front_run -c FILE.js       print the compiled ES5.1 instead
 *
 * The heap gets: console.log (arguments joined with ' ' after String()),
 * a minimal synchronous Promise if the heap has none, __lg_await reading
 * that Promise's state, the front end's helpers, and a require() that loads
 * sibling files (relative specifiers, compiled with the front end too) and
 * k6-like stubs ('k6' with check/group/sleep, 'k6/http' with url``).
 * Exit status: 0 ok, 1 compile error (message on stderr), 2 uncaught error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duktape.h"
#include "lg/base.h"
#include "lg/front.h"

/* The runtime normally provides this (js.c); the driver never interrupts. */
/* Math.random for this driver's heaps (the runtime's is seeded per VU). */
double lg_duk_random_double(void *udata);
double lg_duk_random_double(void *udata)
{
	static uint64_t x = 88172645463325252ull;

	(void)udata;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return (double)(x >> 11) * (1.0 / 9007199254740992.0);
}

/* With ROM built-ins (docs/DUKTAPE-ROM.md) Duktape's image names the runtime's
 * console native; this driver replaces console by its own. */
duk_ret_t lg_js_console(duk_context *ctx);
duk_ret_t lg_js_console(duk_context *ctx)
{
	return duk_error(ctx, DUK_ERR_ERROR, "front_run: the runtime's console is not linked");
}

int lg_duk_exec_timeout_check(void *udata);
int lg_duk_exec_timeout_check(void *udata)
{
	(void)udata;
	return 0;
}

/* Duktape strings are CESU-8: turn surrogate pairs into 4-byte UTF-8 like Node prints them. */
static void print_cesu(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const unsigned char *p = (const unsigned char *)s + i;
		if (i + 5 < n && p[0] == 0xED && (p[1] & 0xF0) == 0xA0 && p[3] == 0xED &&
		    (p[4] & 0xF0) == 0xB0) {
			unsigned hi = 0xD000 | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
			unsigned lo = 0xD000 | ((p[4] & 0x3F) << 6) | (p[5] & 0x3F);
			unsigned cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
			putchar((int)(0xF0 | (cp >> 18)));
			putchar((int)(0x80 | ((cp >> 12) & 0x3F)));
			putchar((int)(0x80 | ((cp >> 6) & 0x3F)));
			putchar((int)(0x80 | (cp & 0x3F)));
			i += 5;
			continue;
		}
		putchar(p[0]);
	}
}

static duk_ret_t js_print(duk_context *ctx)
{
	duk_size_t n;
	const char *s = duk_require_lstring(ctx, 0, &n);

	print_cesu(s, n);
	putchar('\n');
	return 0;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return lg_xstrdup(".");
	return lg_xstrndup(path, (size_t)(slash - path));
}

/* __lg_load(path): the compiled wrapper function of a file, or throws. */
static duk_ret_t js_load(duk_context *ctx)
{
	const char *path = duk_require_string(ctx, 0);
	struct lg_buf out = { 0 };
	struct lg_err err = { 0 };
	size_t len;
	char *src = lg_read_file(path, &len);

	if (!src)
		return duk_error(ctx, DUK_ERR_ERROR, "cannot read %s: %s", path, strerror(errno));
	if (lg_front_compile(src, len, path, &out, &err) != 0) {
		free(src);
		duk_push_error_object(ctx, DUK_ERR_SYNTAX_ERROR, "%s", err.msg);
		return duk_throw(ctx);
	}
	free(src);
	duk_push_lstring(ctx, out.data, out.len);
	lg_buf_free(&out);
	duk_push_string(ctx, path);
	if (duk_pcompile(ctx, DUK_COMPILE_FUNCTION) != 0)
		return duk_throw(ctx);
	return 1;
}

/*
 * globalThis (with ROM built-ins Duktape has none: the runtime's prelude
 * defines it), a synchronous Promise (only if the heap has none) and __lg_await.
 */
static const char shim_js[] =
    "(function (g) {\n"
    "  if (typeof g.globalThis === 'undefined') g.globalThis = g;\n"
    "  if (typeof g.Promise !== 'function') {\n"
    "    var P = function (exec) {\n"
    "      var self = this; this.state = 0; this.value = undefined; this.cbs = [];\n"
    "      function settle(st, v) {\n"
    "        if (self.state !== 0) return;\n"
    "        if (st === 1 && v && typeof v.then === 'function') {\n"
    "          try { v.then(function (x) { settle(1, x); }, function (e) { settle(2, e); }); }\n"
    "          catch (e) { settle(2, e); }\n"
    "          return;\n"
    "        }\n"
    "        self.state = st; self.value = v;\n"
    "        var cbs = self.cbs; self.cbs = [];\n"
    "        for (var i = 0; i < cbs.length; i++) cbs[i]();\n"
    "      }\n"
    "      try { exec(function (v) { settle(1, v); }, function (e) { settle(2, e); }); }\n"
    "      catch (e) { settle(2, e); }\n"
    "    };\n"
    "    P.prototype.then = function (ok, bad) {\n"
    "      var self = this;\n"
    "      return new P(function (res, rej) {\n"
    "        function run() {\n"
    "          var f = self.state === 1 ? ok : bad;\n"
    "          if (typeof f !== 'function') { (self.state === 1 ? res : rej)(self.value); return; }\n"
    "          try { res(f(self.value)); } catch (e) { rej(e); }\n"
    "        }\n"
    "        if (self.state === 0) self.cbs.push(run); else run();\n"
    "      });\n"
    "    };\n"
    "    P.prototype['catch'] = function (bad) { return this.then(undefined, bad); };\n"
    "    P.resolve = function (v) { return v instanceof P ? v : new P(function (r) { r(v); }); };\n"
    "    P.reject = function (e) { return new P(function (r, j) { j(e); }); };\n"
    "    P.all = function (list) {\n"
    "      return new P(function (res, rej) {\n"
    "        var out = [], left = list.length;\n"
    "        if (left === 0) { res(out); return; }\n"
    "        list.forEach(function (p, i) {\n"
    "          P.resolve(p).then(function (v) { out[i] = v; if (--left === 0) res(out); }, rej);\n"
    "        });\n"
    "      });\n"
    "    };\n"
    "    g.Promise = P;\n"
    "  }\n"
    "  g.__lg_await = function (v) {\n"
    "    if (v === null || (typeof v !== 'object' && typeof v !== 'function') ||\n"
    "        typeof v.then !== 'function') return v;\n"
    "    var st = 0, val;\n"
    "    v.then(function (x) { st = 1; val = x; }, function (e) { st = 2; val = e; });\n"
    "    if (st === 0) throw new Error('front_run: await of a promise still pending');\n"
    "    if (st === 2) throw val;\n"
    "    return val;\n"
    "  };\n"
    "})";

/* CommonJS require: relative files (compiled by the front end) and k6 stubs. */
static const char require_js[] =
    "(function (g, load, print) {\n"
    "  g.console = { log: function () {\n"
    "    var parts = [];\n"
    "    for (var i = 0; i < arguments.length; i++) parts.push(String(arguments[i]));\n"
    "    print(parts.join(' '));\n"
    "  } };\n"
    "  var k6 = {\n"
    "    check: function (v, sets) {\n"
    "      var ok = true;\n"
    "      for (var k in sets) if (!sets[k](v)) ok = false;\n"
    "      return ok;\n"
    "    },\n"
    "    group: function (name, fn) { return fn(); },\n"
    "    sleep: function () {}\n"
    "  };\n"
    "  var http = {\n"
    "    url: function (strings) {\n"
    "      var url = strings[0], name = strings[0];\n"
    "      for (var i = 1; i < strings.length; i++) {\n"
    "        url += String(arguments[i]) + strings[i]; name += '${}' + strings[i];\n"
    "      }\n"
    "      return { url: url, name: name };\n"
    "    },\n"
    "    get: function (u) { return { status: 200, url: String(u) }; }\n"
    "  };\n"
    "  var natives = { 'k6': k6, 'k6/http': http };\n"
    "  Object.keys(natives).forEach(function (k) {\n"
    "    Object.defineProperty(natives[k], 'default', { value: natives[k] });\n"
    "  });\n"
    "  var cache = {};\n"
    "  function norm(p) {\n"
    "    var out = [];\n"
    "    p.split('/').forEach(function (s, i) {\n"
    "      if (s === '..' && out.length && out[out.length - 1] !== '..' && out[out.length - 1] !== '') out.pop();\n"
    "      else if (s !== '.' && (s !== '' || i === 0)) out.push(s);\n"
    "    });\n"
    "    return out.join('/');\n"
    "  }\n"
    "  function makeRequire(dir) {\n"
    "    return function require(spec) {\n"
    "      if (Object.prototype.hasOwnProperty.call(natives, spec)) return natives[spec];\n"
    "      if (spec.charAt(0) !== '.') throw new Error('front_run: unknown module ' + spec);\n"
    "      var path = norm(dir + '/' + spec);\n"
    "      if (!/\\.[cm]?js$/.test(path)) path += '.js';\n"
    "      if (cache[path]) return cache[path].exports;\n"
    "      var mod = { exports: {} };\n"
    "      cache[path] = mod;\n"
    "      var d = path.lastIndexOf('/') >= 0 ? path.substring(0, path.lastIndexOf('/')) : '.';\n"
    "      load(path).call(mod.exports, mod.exports, makeRequire(d), mod, path, d);\n"
    "      return mod.exports;\n"
    "    };\n"
    "  }\n"
    "  return function (fn, path, dir) {\n"
    "    var mod = { exports: {} };\n"
    "    cache[path] = mod;\n"
    "    fn.call(mod.exports, mod.exports, makeRequire(dir), mod, path, dir);\n"
    "  };\n"
    "})";

/* The JavaScript half of __lg_rt, compiled from source on first use. */
static void push_helpers(duk_context *ctx, void *ud)
{
	(void)ud;
	duk_push_string(ctx, lg_front_helpers_js());
	duk_push_string(ctx, "front-helpers.js");
	duk_compile(ctx, DUK_COMPILE_FUNCTION);
}

static int eval_fn(duk_context *ctx, const char *src, const char *name)
{
	duk_push_string(ctx, src);
	duk_push_string(ctx, name);
	return duk_pcompile(ctx, DUK_COMPILE_EVAL) != 0 || duk_pcall(ctx, 0) != 0 ? -1 : 0;
}

static void report(duk_context *ctx)
{
	fflush(stdout);
	if (duk_is_error(ctx, -1)) {
		duk_get_prop_string(ctx, -1, "stack");
		fprintf(stderr, "Uncaught %s\n", duk_safe_to_string(ctx, -1));
		duk_pop(ctx);
	} else {
		fprintf(stderr, "Uncaught %s\n", duk_safe_to_string(ctx, -1));
	}
}

int main(int argc, char **argv)
{
	bool compile_only = argc == 3 && strcmp(argv[1], "-c") == 0;
	const char *path = argv[argc - 1];
	struct lg_buf out = { 0 };
	struct lg_err err = { 0 };
	duk_context *ctx;
	size_t len;
	char *src, *dir;
	int rc = 0;

	if (argc != 2 && !compile_only) {
		fprintf(stderr, "usage: front_run [-c] FILE.js\n");
		return 64;
	}
	src = lg_read_file(path, &len);
	if (!src) {
		fprintf(stderr, "front_run: %s: %s\n", path, strerror(errno));
		return 64;
	}
	if (lg_front_compile(src, len, path, &out, &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		free(src);
		return 1;
	}
	free(src);
	if (compile_only) {
		fwrite(out.data, 1, out.len, stdout);
		putchar('\n');
		lg_buf_free(&out);
		return 0;
	}
	ctx = duk_create_heap_default();
	lg_require(ctx != NULL);
	duk_push_global_object(ctx);
	/* the Promise shim and __lg_await */
	if (eval_fn(ctx, shim_js, "front_run-shim.js") != 0)
		goto fail;
	duk_dup(ctx, 0);
	if (duk_pcall(ctx, 1) != 0)
		goto fail;
	duk_pop(ctx);
	/* the front end's helpers */
	lg_front_install_runtime(ctx, push_helpers, NULL);
	/* console, require; then the script */
	if (eval_fn(ctx, require_js, "front_run-require.js") != 0)
		goto fail;
	duk_dup(ctx, 0);
	duk_push_c_function(ctx, js_load, 1);
	duk_push_c_function(ctx, js_print, 1);
	if (duk_pcall(ctx, 3) != 0)
		goto fail;
	duk_push_lstring(ctx, out.data, out.len);
	duk_push_string(ctx, path);
	if (duk_pcompile(ctx, DUK_COMPILE_FUNCTION) != 0)
		goto fail;
	duk_push_string(ctx, path);
	dir = dir_of(path);
	duk_push_string(ctx, dir);
	free(dir);
	if (duk_pcall(ctx, 3) != 0)
		goto fail;
	goto done;
fail:
	report(ctx);
	rc = 2;
done:
	fflush(stdout);
	duk_destroy_heap(ctx);
	lg_buf_free(&out);
	return rc;
}
