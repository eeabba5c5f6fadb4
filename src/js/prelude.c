/* SPDX-License-Identifier: Apache-2.0 */
/*
 * prelude.c - what every VU heap gets before the script runs: the globals
 * (globalThis, global, console, open, the timers, __lg_await) and require()
 * for k6 modules, local files and remote modules, and runMain for the main
 * module.  All light functions and a few objects: a heap pays property slots,
 * no bytecode (the JavaScript prelude it replaces cost every VU ~23 KB).
 *
 * The natives it builds on are the `lg` table (mod_k6.c, mod_http.c,
 * mod_async.c, modules.c, remote.c), kept in the heap stash.
 */
#include <string.h>

#include "js_int.h"

#define STASH_LG DUK_HIDDEN_SYMBOL("lg")
#define STASH_MODS DUK_HIDDEN_SYMBOL("mods")      /* path or URL -> module record */
#define STASH_BUILTINS DUK_HIDDEN_SYMBOL("bmods") /* built-in name -> exports */
#define FN_DIR DUK_HIDDEN_SYMBOL("dir")           /* a require()'s directory or URL */

static void push_stash_prop(duk_context *ctx, const char *key)
{
	duk_push_global_stash(ctx);
	duk_get_prop_string(ctx, -1, key);
	duk_remove(ctx, -2);
}

/* Call lg[name] with the n values on top of the stack; leaves the result. */
static void call_lg(duk_context *ctx, const char *name, duk_idx_t n)
{
	push_stash_prop(ctx, STASH_LG);
	duk_push_string(ctx, name);
	duk_insert(ctx, -2 - n);
	duk_insert(ctx, -2 - n);
	duk_call_prop(ctx, -2 - n, n);
	duk_remove(ctx, -2);
}

/* obj[name] = value at -1 (popped): writable, configurable, not enumerable */
static void put_hidden(duk_context *ctx, duk_idx_t obj, const char *name)
{
	obj = duk_normalize_index(ctx, obj);
	duk_push_string(ctx, name);
	duk_insert(ctx, -2);
	duk_def_prop(ctx, obj,
	             DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_WRITABLE |
	                 DUK_DEFPROP_CLEAR_ENUMERABLE | DUK_DEFPROP_SET_CONFIGURABLE);
}

static bool is_url(const char *s)
{
	return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0;
}

/* ---- timers and await ---------------------------------------------------------- */

/* setTimeout(fn, ms, ...args) / setInterval (magic 1) */
static duk_ret_t p_set_timer(duk_context *ctx)
{
	duk_idx_t n = duk_get_top(ctx);

	duk_set_top(ctx, n < 2 ? 2 : n);
	duk_push_array(ctx);
	for (duk_idx_t i = 2; i < n; i++) {
		duk_dup(ctx, i);
		duk_put_prop_index(ctx, -2, (duk_uarridx_t)(i - 2));
	}
	duk_dup(ctx, 0);
	duk_dup(ctx, 1);
	duk_push_boolean(ctx, duk_get_current_magic(ctx) == 1);
	duk_dup(ctx, -4);
	call_lg(ctx, "setTimer", 4);
	return 1;
}

/* clearTimeout(id) / clearInterval(id) */
static duk_ret_t p_clear_timer(duk_context *ctx)
{
	if (!duk_is_null_or_undefined(ctx, 0)) {
		duk_dup(ctx, 0);
		call_lg(ctx, "clearTimer", 1);
	}
	return 0;
}

/* __lg_await(v), as the front end lowers `await v`: park the VU until v
 * settles; its value, or its reason thrown. */
static duk_ret_t p_await(duk_context *ctx)
{
	if (!duk_is_object(ctx, 0) && !duk_is_function(ctx, 0))
		return 1;
	duk_get_prop_literal(ctx, 0, "then");
	if (!duk_is_function(ctx, -1)) {
		duk_dup(ctx, 0);
		return 1;
	}
	duk_pop(ctx);
	duk_get_global_literal(ctx, "Promise");
	duk_get_global_literal(ctx, "__lg_promise_state");
	if (!duk_is_function(ctx, -2) || !duk_is_function(ctx, -1))
		return duk_error(ctx, DUK_ERR_ERROR,
		                 "await needs the Promise runtime, which is not loaded");
	duk_push_string(ctx, "resolve"); /* [v Promise state "resolve"] */
	duk_dup(ctx, 0);
	duk_call_prop(ctx, 1, 1); /* [v Promise state p] */
	duk_dup(ctx, 3);
	call_lg(ctx, "waitSettled", 1);
	duk_pop(ctx);
	duk_dup(ctx, 2);
	duk_dup(ctx, 3);
	duk_call(ctx, 1); /* [v Promise state p st] */
	duk_get_prop_literal(ctx, -1, "state");
	duk_get_prop_literal(ctx, -2, "value");
	if (strcmp(duk_safe_to_string(ctx, -2), "fulfilled") == 0)
		return 1;
	return duk_throw(ctx);
}

static void put_timers(duk_context *ctx, duk_idx_t obj)
{
	obj = duk_normalize_index(ctx, obj);
	duk_push_c_lightfunc(ctx, p_set_timer, DUK_VARARGS, 2, 0);
	duk_put_prop_literal(ctx, obj, "setTimeout");
	duk_push_c_lightfunc(ctx, p_set_timer, DUK_VARARGS, 2, 1);
	duk_put_prop_literal(ctx, obj, "setInterval");
	duk_push_c_lightfunc(ctx, p_clear_timer, 1, 1, 0);
	duk_put_prop_literal(ctx, obj, "clearTimeout");
	duk_push_c_lightfunc(ctx, p_clear_timer, 1, 1, 0);
	duk_put_prop_literal(ctx, obj, "clearInterval");
}

/* ---- modules --------------------------------------------------------------------- */

/* k6's fail(msg) */
static duk_ret_t p_fail(duk_context *ctx)
{
	return duk_error(ctx, DUK_ERR_ERROR, "%s",
	                 duk_is_undefined(ctx, 0) ? "" : duk_safe_to_string(ctx, 0));
}

static void push_k6(duk_context *ctx)
{
	static const char *const from_lg[] = { "check", "group", "sleep", "randomSeed" };

	duk_push_object(ctx);
	push_stash_prop(ctx, STASH_LG);
	for (size_t i = 0; i < LG_ARRAY_SIZE(from_lg); i++) {
		duk_get_prop_string(ctx, -1, from_lg[i]);
		duk_put_prop_string(ctx, -3, from_lg[i]);
	}
	duk_pop(ctx);
	duk_push_c_lightfunc(ctx, p_fail, 1, 1, 0);
	duk_put_prop_literal(ctx, -2, "fail");
}

/* Push the exports of built-in module name, or undefined (nothing pushed: false). */
static bool push_builtin(duk_context *ctx, const char *name)
{
	push_stash_prop(ctx, STASH_BUILTINS);
	if (duk_get_prop_string(ctx, -1, name)) {
		duk_remove(ctx, -2);
		return true;
	}
	duk_pop(ctx);
	if (strcmp(name, "k6") == 0) {
		push_k6(ctx);
	} else if (strcmp(name, "k6/timers") == 0) {
		duk_push_object(ctx);
		put_timers(ctx, -1);
	} else {
		/* lg.builtin(name, global, lg): modules.c, loaded on first use */
		duk_push_string(ctx, name);
		duk_push_global_object(ctx);
		push_stash_prop(ctx, STASH_LG);
		call_lg(ctx, "builtin", 3);
		if (duk_is_undefined(ctx, -1)) {
			duk_pop_2(ctx);
			return false;
		}
	}
	duk_dup_top(ctx);
	put_hidden(ctx, -2, "default");
	push_stash_prop(ctx, STASH_BUILTINS);
	duk_dup(ctx, -2);
	duk_put_prop_string(ctx, -2, name);
	duk_pop(ctx);
	return true;
}

static duk_ret_t p_require(duk_context *ctx);

/* Push a require() that resolves against dir (a directory, or a module's URL). */
static void push_require(duk_context *ctx, const char *dir, size_t len)
{
	duk_push_c_function(ctx, p_require, 1);
	duk_push_lstring(ctx, dir, len);
	duk_put_prop_string(ctx, -2, FN_DIR);
}

/* The require() of module id: its directory, or a remote module's URL. */
static void push_dir_require(duk_context *ctx, const char *id)
{
	const char *slash = strrchr(id, '/');

	if (is_url(id))
		push_require(ctx, id, strlen(id)); /* URLs resolve against the module's own */
	else if (!slash || slash == id)
		push_require(ctx, "/", 1);
	else
		push_require(ctx, id, (size_t)(slash - id));
}

/*
 * Run module function fn (at fn_idx) for id as CommonJS: a module record
 * {exports, id, filename, loaded} cached under id, then
 * fn.call(exports, exports, require, module, id, dirname).  Leaves the
 * exports on the stack.  forget: drop the cache entry if fn throws.
 */
static void run_module(duk_context *ctx, duk_idx_t fn_idx, const char *id, bool forget)
{
	duk_idx_t mod;
	const char *slash = strrchr(id, '/');
	size_t dlen = slash && slash != id ? (size_t)(slash - id) : (is_url(id) ? strlen(id) : 1);

	fn_idx = duk_normalize_index(ctx, fn_idx);
	duk_push_object(ctx);
	mod = duk_get_top_index(ctx);
	duk_push_object(ctx);
	duk_put_prop_literal(ctx, mod, "exports");
	duk_push_string(ctx, id);
	duk_put_prop_literal(ctx, mod, "id");
	duk_push_string(ctx, id);
	duk_put_prop_literal(ctx, mod, "filename");
	duk_push_false(ctx);
	duk_put_prop_literal(ctx, mod, "loaded");
	push_stash_prop(ctx, STASH_MODS);
	duk_dup(ctx, mod);
	duk_put_prop_string(ctx, -2, id);
	duk_pop(ctx);

	duk_dup(ctx, fn_idx);
	duk_get_prop_literal(ctx, mod, "exports"); /* this */
	duk_dup_top(ctx);
	push_dir_require(ctx, id);
	duk_dup(ctx, mod);
	duk_push_string(ctx, id);
	if (!slash || slash == id)
		duk_push_string(ctx, is_url(id) ? id : "/");
	else
		duk_push_lstring(ctx, id, dlen);
	if (duk_pcall_method(ctx, 5) != DUK_EXEC_SUCCESS) {
		if (forget) {
			push_stash_prop(ctx, STASH_MODS);
			duk_del_prop_string(ctx, -1, id);
			duk_pop(ctx);
		}
		(void)duk_throw(ctx);
	}
	duk_pop(ctx);
	duk_push_true(ctx);
	duk_put_prop_literal(ctx, mod, "loaded");
	duk_get_prop_literal(ctx, mod, "exports");
	duk_remove(ctx, mod);
}

/* Push the exports of a cached module id; false (nothing pushed) if none. */
static bool push_cached(duk_context *ctx, const char *id)
{
	push_stash_prop(ctx, STASH_MODS);
	if (!duk_get_prop_string(ctx, -1, id)) {
		duk_pop_2(ctx);
		return false;
	}
	duk_get_prop_literal(ctx, -1, "exports");
	duk_remove(ctx, -2);
	duk_remove(ctx, -2);
	return true;
}

/* A remote module (remote.c fetched it at start-up), or a built-in
 * equivalent of a jslib.k6.io one (modules.c); url at -1, replaced. */
static void require_url(duk_context *ctx)
{
	const char *url = duk_require_string(ctx, -1);

	if (push_cached(ctx, url) || push_builtin(ctx, url)) {
		duk_remove(ctx, -2);
		return;
	}
	duk_dup_top(ctx);
	call_lg(ctx, "loadRemote", 1); /* [url fn] */
	run_module(ctx, -1, url, true);
	duk_remove(ctx, -2);
	duk_remove(ctx, -2);
}

/* require(spec), bound to a directory (or a remote module's URL) */
static duk_ret_t p_require(duk_context *ctx)
{
	const char *spec, *dir, *path;

	if (!duk_is_string(ctx, 0))
		return duk_type_error(ctx, "require() expects a module name string");
	spec = duk_get_string(ctx, 0);
	duk_push_current_function(ctx);
	duk_get_prop_string(ctx, -1, FN_DIR);
	dir = duk_get_string_default(ctx, -1, ".");
	if (strcmp(spec, "k6") == 0 || strncmp(spec, "k6/", 3) == 0) {
		if (!push_builtin(ctx, spec))
			return duk_error(ctx, DUK_ERR_ERROR,
			                 "unknown module \"%s\": loadgate has no such k6 module",
			                 spec);
		return 1;
	}
	if (is_url(spec) || (is_url(dir) && (spec[0] == '.' || spec[0] == '/'))) {
		duk_push_string(ctx, dir);
		duk_dup(ctx, 0);
		call_lg(ctx, "resolveUrl", 2);
		require_url(ctx);
		return 1;
	}
	if (is_url(dir))
		return duk_error(
		    ctx, DUK_ERR_ERROR,
		    "cannot find module \"%s\" (from %s): a remote module can import k6 "
		    "modules, URLs and paths relative to its own URL",
		    spec, dir);
	duk_push_string(ctx, dir);
	duk_dup(ctx, 0);
	call_lg(ctx, "resolve", 2);
	path = duk_require_string(ctx, -1);
	if (push_cached(ctx, path))
		return 1;
	duk_dup_top(ctx);
	call_lg(ctx, "loadModule", 1);
	run_module(ctx, -1, path, false);
	return 1;
}

/* ---- set-up ---------------------------------------------------------------------- */

void lg__js_prelude(duk_context *ctx)
{
	duk_push_global_stash(ctx);
	duk_push_object(ctx);
	duk_put_prop_string(ctx, -2, STASH_MODS);
	duk_push_object(ctx);
	duk_put_prop_string(ctx, -2, STASH_BUILTINS);
	duk_pop(ctx);

	duk_push_global_object(ctx);
	duk_get_prop_literal(ctx, -1, "globalThis");
	if (duk_is_undefined(ctx, -1)) {
		duk_pop(ctx);
		duk_dup(ctx, -1);
		put_hidden(ctx, -2, "globalThis");
	} else {
		duk_pop(ctx);
	}
	duk_dup(ctx, -1);
	put_hidden(ctx, -2, "global");
	/* console: ROM data with -Dduktape_rom, else built here */
	duk_get_prop_literal(ctx, -1, "console");
	if (duk_is_undefined(ctx, -1)) {
		call_lg(ctx, "makeConsole", 0);
		duk_put_prop_literal(ctx, -3, "console");
	}
	duk_pop(ctx);
	push_stash_prop(ctx, STASH_LG);
	duk_get_prop_literal(ctx, -1, "open");
	duk_put_prop_literal(ctx, -3, "open");
	duk_pop(ctx);
	put_timers(ctx, -1);
	duk_push_c_lightfunc(ctx, p_await, 1, 1, 0);
	put_hidden(ctx, -2, "__lg_await");
	push_require(ctx, ".", 1);
	duk_put_prop_literal(ctx, -2, "require");
	duk_pop(ctx);
}

int lg__js_run_main(duk_context *ctx)
{
	const char *filename = duk_require_string(ctx, -1);

	/* global.require resolves against the main module's directory */
	duk_push_global_object(ctx);
	push_dir_require(ctx, filename);
	duk_put_prop_literal(ctx, -2, "require");
	duk_pop(ctx);
	run_module(ctx, -2, filename, false);
	duk_remove(ctx, -2);
	duk_remove(ctx, -2);
	return 0;
}
