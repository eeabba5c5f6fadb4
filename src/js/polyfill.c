/* SPDX-License-Identifier: Apache-2.0 */
/*
 * polyfill.c - the standard library Duktape 2.7 lacks, installed into each
 * VU heap (lg/polyfill.h).
 *
 * DESIGN: memory per heap decides everything here.  A JavaScript function
 * loaded from bytecode costs 0.5-1 KB in every heap (object, property table,
 * _Varmap, _Pc2line, a .prototype object...), and thousands of VU heaps
 * would all pay for hundreds of polyfill functions (measured: a JavaScript
 * Promise cost 40 KB per heap, Map/Set 44 KB).  So:
 *  - iterators and the ES2015-ES2023 methods (Array.from, includes,
 *    padStart, Object.entries...; polyfill_es.c) are C functions installed
 *    as lightfuncs: a lightfunc is a tagged value, not a heap object, so its
 *    whole cost is the property slot that holds it;
 *  - Promise (polyfill_promise.c) and Map/Set/WeakMap/WeakSet
 *    (polyfill_coll.c) are C too, installed on first use;
 *  - URL/URLSearchParams and structuredClone are JavaScript (polyfill.js),
 *    cut into chunks at its `//@chunk NAME` lines, compiled once per process
 *    and loaded into a heap on first use.
 * "First use" is a read of the global: until then each of these globals is an
 * accessor (one shared native getter/setter per heap); assigning replaces it
 * with a plain property.
 * Nothing that exists already is replaced.  Internal state lives under hidden
 * Symbols (DUK_HIDDEN_SYMBOL), invisible to scripts, JSON and Proxy traps.
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "js_int.h"
#include "lg/polyfill.h"
#include "polyfill_int.h"
#include "polyfill_js.h"

#define PF_FILENAME "loadgate-polyfill.js"
#define PF_MARKER "//@chunk "

/*
 * Groups installed on first use: C (install) or a chunk of polyfill.js, whose
 * //@chunk lines come in this order.
 */
enum group { G_PROMISE, G_COLL, G_URL, G_CLONE, G_CRYPTO, G__N };
static const struct group_def {
	const char *name;
	void (*install)(duk_context *ctx);
} groups[G__N] = {
	{ "promise", lg__pf_install_promise },
	{ "collections", lg__pf_install_collections },
	{ "url", NULL },
	{ "clone", NULL },
	{ "crypto", lg__js_install_crypto_global }, /* mod_crypto.c */
};

/* ---- defining things ------------------------------------------------------ */

void lg__pf_def_tag(duk_context *ctx, duk_idx_t obj, const char *tag)
{
	obj = duk_normalize_index(ctx, obj);
	duk_get_global_literal(ctx, "Symbol");
	duk_get_prop_literal(ctx, -1, "toStringTag");
	duk_remove(ctx, -2);
	duk_push_string(ctx, tag);
	duk_def_prop(ctx, obj,
	             DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_CLEAR_WRITABLE |
	                 DUK_DEFPROP_CLEAR_ENUMERABLE | DUK_DEFPROP_SET_CONFIGURABLE);
}

void lg__pf_put_global(duk_context *ctx, const char *name)
{
	duk_push_global_object(ctx);
	duk_push_string(ctx, name);
	if (lg__pf_wanted(ctx, -2, -1)) {
		duk_dup(ctx, -3);
		lg__pf_def_hidden(ctx, -3, DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_WRITABLE);
	} else {
		duk_pop(ctx);
	}
	duk_pop_2(ctx);
}

void lg__pf_push_constructor(duk_context *ctx, duk_c_function fn, duk_idx_t nargs, int magic)
{
	duk_push_c_function(ctx, fn, nargs);
	duk_set_magic(ctx, -1, magic);
	duk_push_string(ctx, "prototype");
	duk_dup(ctx, -3);
	duk_def_prop(ctx, -3,
	             DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_CLEAR_WRITABLE |
	                 DUK_DEFPROP_CLEAR_ENUMERABLE | DUK_DEFPROP_CLEAR_CONFIGURABLE);
	duk_dup_top(ctx);
	duk_push_string(ctx, "constructor");
	duk_swap_top(ctx, -2);
	lg__pf_def_hidden(ctx, -4, DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_WRITABLE);
	duk_remove(ctx, -2);
}

/* Globals installed with their group on first use. */
static const struct lazy {
	uint8_t group;
	const char *name;
} lazies[] = {
	{ G_PROMISE, "Promise" },
	{ G_PROMISE, "AggregateError" },
	{ G_PROMISE, "queueMicrotask" },
	{ G_COLL, "Map" },
	{ G_COLL, "Set" },
	{ G_COLL, "WeakMap" },
	{ G_COLL, "WeakSet" },
	{ G_URL, "URL" },
	{ G_URL, "URLSearchParams" },
	{ G_CLONE, "structuredClone" },
	{ G_CRYPTO, "crypto" },
};

/* The runtime's hooks (lightfunc magic). */
enum hook { HK_DRAIN, HK_UNHANDLED, HK_STATE };
static const char *const hook_globals[] = { "__lg_drain_microtasks", "__lg_unhandled_rejections",
	                                    "__lg_promise_state" };

/* ---- bytecode of the chunks, compiled once per process -------------------- */

static struct {
	void *bc;
	size_t len;
} chunk_bc[G__N];
static pthread_once_t compile_once = PTHREAD_ONCE_INIT;
static struct lg_err compile_err;
static int compile_rc;

const char *lg_polyfill_source(void)
{
	return lg_polyfill_js;
}

/* Compile one chunk, padded with newlines so that line numbers are the file's. */
static int compile_chunk(duk_context *ctx, int c, const char *start, const char *end, long line)
{
	struct lg_buf src = { 0 };
	int rc;

	for (long i = 1; i < line; i++)
		lg_buf_putc(&src, '\n');
	lg_buf_append(&src, start, (size_t)(end - start));
	rc = lg__js_compile(ctx, src.data, src.len, PF_FILENAME, &chunk_bc[c].bc, &chunk_bc[c].len,
	                    &compile_err);
	lg_buf_free(&src);
	return rc;
}

/* The next group (after `after`) that is a JavaScript chunk; G__N if none. */
static int next_chunk(int after)
{
	int g = after + 1;

	while (g < G__N && groups[g].install)
		g++;
	return g;
}

static void compile_all(void)
{
	duk_context *ctx = duk_create_heap(NULL, NULL, NULL, NULL, NULL);
	const char *p = lg_polyfill_js, *start = NULL;
	long line = 1, start_line = 0;
	int c = -1;

	lg_require(ctx != NULL);
	for (;;) {
		const char *nl = strchr(p, '\n');

		if (strncmp(p, PF_MARKER, strlen(PF_MARKER)) == 0 || !*p) {
			if (c >= 0 && compile_chunk(ctx, c, start, p, start_line) < 0)
				goto fail;
			if (!*p)
				break;
			c = next_chunk(c);
			if (c >= G__N || strncmp(p + strlen(PF_MARKER), groups[c].name,
			                         strlen(groups[c].name)) != 0) {
				lg_errf(&compile_err, LG_EINTERNAL,
				        "%s:%ld: expected the chunk \"%s\"", PF_FILENAME, line,
				        c < G__N ? groups[c].name : "(none)");
				goto fail;
			}
			start = nl ? nl + 1 : p + strlen(p);
			start_line = line + 1;
		}
		p = nl ? nl + 1 : p + strlen(p);
		line++;
	}
	if (next_chunk(c) != G__N) {
		lg_errf(&compile_err, LG_EINTERNAL, "%s: the chunk \"%s\" is missing", PF_FILENAME,
		        groups[next_chunk(c)].name);
		goto fail;
	}
	duk_destroy_heap(ctx);
	return;
fail:
	compile_rc = -LG_EINTERNAL;
	duk_destroy_heap(ctx);
}

/* ---- H: the helpers the JavaScript chunks get ---------------------------- */

static duk_ret_t stub_prop(duk_context *ctx);

/* H.hs(name): a hidden Symbol. */
static duk_ret_t h_hidden_symbol(duk_context *ctx)
{
	duk_push_sprintf(ctx, DUK_HIDDEN_SYMBOL("lg.%s"), duk_to_string(ctx, 0));
	return 1;
}

/* Should o[k] be (re)defined: missing, or one of our accessor stubs? */
bool lg__pf_wanted(duk_context *ctx, duk_idx_t o, duk_idx_t k)
{
	bool yes;

	o = duk_normalize_index(ctx, o);
	k = duk_normalize_index(ctx, k);
	duk_dup(ctx, k);
	duk_get_prop_desc(ctx, o, 0);
	if (duk_is_object(ctx, -1)) {
		duk_get_prop_literal(ctx, -1, "get");
		yes = duk_get_c_function(ctx, -1) == stub_prop;
		duk_pop_2(ctx);
		return yes;
	}
	duk_pop(ctx);
	duk_dup(ctx, k);
	duk_get_prop(ctx, o);
	yes = duk_is_undefined(ctx, -1);
	duk_pop(ctx);
	return yes;
}

/* H.put(o, k, v): define a non-enumerable property where missing. */
static duk_ret_t h_put(duk_context *ctx)
{
	if (lg__pf_wanted(ctx, 0, 1)) {
		duk_dup(ctx, 1);
		duk_dup(ctx, 2);
		lg__pf_def_hidden(ctx, 0, DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_WRITABLE);
	}
	return 0;
}

/* H.own(o, methods): define each own enumerable property of methods on o, non-enumerable. */
static duk_ret_t h_own(duk_context *ctx)
{
	duk_enum(ctx, 1, DUK_ENUM_OWN_PROPERTIES_ONLY);
	while (duk_next(ctx, -1, 1))
		lg__pf_def_hidden(ctx, 0, DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_WRITABLE);
	return 0;
}

static duk_ret_t h_fn_check(duk_context *ctx)
{
	lg__pf_require_callable(ctx, 0);
	return 0;
}

static duk_ret_t h_iterate_each(duk_context *ctx, void *udata)
{
	LG_UNUSED(udata);
	duk_dup(ctx, 1);
	duk_swap_top(ctx, -2);
	duk_call(ctx, 1);
	duk_pop(ctx);
	return 0;
}

/* H.lg__pf_iterate(iterable, fn) */
static duk_ret_t h_iterate(duk_context *ctx)
{
	lg__pf_iterate(ctx, 0, h_iterate_each, NULL);
	return 0;
}

static duk_ret_t h_to_array_each(duk_context *ctx, void *udata)
{
	double *n = udata;

	lg__pf_put_index(ctx, 1, (*n)++);
	return 0;
}

/* H.toArray(iterable) */
static duk_ret_t h_to_array(duk_context *ctx)
{
	double n = 0;

	duk_set_top(ctx, 1);
	duk_push_array(ctx);
	lg__pf_iterate(ctx, 0, h_to_array_each, &n);
	return 1;
}

/* H.res(value, done) */
static duk_ret_t h_res(duk_context *ctx)
{
	bool done = duk_to_boolean(ctx, 1);

	duk_dup(ctx, 0);
	lg__pf_push_result(ctx, done);
	return 1;
}

static void push_helpers(duk_context *ctx)
{
	static const struct {
		const char *name;
		duk_c_function fn;
		int nargs, magic;
	} fns[] = {
		{ "hs", h_hidden_symbol, 1, 0 }, { "put", h_put, 3, 0 },
		{ "own", h_own, 2, 0 },          { "fnCheck", h_fn_check, 1, 0 },
		{ "iterate", h_iterate, 2, 0 },  { "toArray", h_to_array, 1, 0 },
		{ "res", h_res, 2, 0 },
	};

	lg__pf_push_state_slot(ctx, ST_HELPERS);
	if (!duk_is_undefined(ctx, -1))
		return;
	duk_pop(ctx);
	duk_push_object(ctx);
	for (size_t i = 0; i < LG_ARRAY_SIZE(fns); i++) {
		duk_push_c_lightfunc(ctx, fns[i].fn, fns[i].nargs, fns[i].nargs, fns[i].magic);
		duk_put_prop_string(ctx, -2, fns[i].name);
	}
	duk_get_global_literal(ctx, "Object");
	duk_get_prop_literal(ctx, -1, "prototype");
	duk_get_prop_literal(ctx, -1, "hasOwnProperty");
	duk_put_prop_literal(ctx, -4, "hasOwn");
	duk_pop_2(ctx);
	lg__pf_push_iter_proto(ctx);
	duk_put_prop_literal(ctx, -2, "IterProto");
	duk_dup_top(ctx);
	lg__pf_put_state_slot(ctx, ST_HELPERS);
}

/* ---- loading groups -------------------------------------------------------- */

static bool group_loaded(duk_context *ctx, int g)
{
	uint32_t mask;

	lg__pf_push_state_slot(ctx, ST_LOADED);
	mask = (uint32_t)duk_get_uint(ctx, -1);
	duk_pop(ctx);
	return mask & (1u << g);
}

/* Install group g unless it is installed (or being installed); errors are thrown. */
static void load_group(duk_context *ctx, int g)
{
	if (group_loaded(ctx, g))
		return;
	lg__pf_push_state_slot(ctx, ST_LOADED);
	duk_push_uint(ctx, duk_get_uint(ctx, -1) | (1u << g));
	lg__pf_put_state_slot(ctx, ST_LOADED);
	duk_pop(ctx);
	if (groups[g].install) {
		groups[g].install(ctx);
		return;
	}
	memcpy(duk_push_fixed_buffer(ctx, chunk_bc[g].len), chunk_bc[g].bc, chunk_bc[g].len);
	duk_load_function(ctx);
	duk_push_global_object(ctx);
	push_helpers(ctx);
	duk_call(ctx, 2);
	duk_pop(ctx);
}

/*
 * The accessor stub of every lazy global (one function object per heap): the
 * getter loads the chunk and returns the real value; the setter makes a plain
 * property.  Duktape passes getters (key) and setters (value, key).
 */
static duk_ret_t stub_prop(duk_context *ctx)
{
	duk_idx_t nargs = duk_get_top(ctx);
	const char *key = duk_get_string(ctx, nargs - 1);
	const struct lazy *s = NULL;

	for (size_t i = 0; key && i < LG_ARRAY_SIZE(lazies) && !s; i++)
		if (strcmp(lazies[i].name, key) == 0)
			s = &lazies[i];
	if (!s)
		return duk_type_error(ctx, "not a polyfill: %s", key ? key : "?");
	duk_push_global_object(ctx);
	duk_push_string(ctx, s->name);
	if (nargs >= 2) {
		duk_dup(ctx, 0);
		lg__pf_def_hidden(ctx, -3, DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_WRITABLE);
		return 0;
	}
	load_group(ctx, s->group);
	if (lg__pf_wanted(ctx, -2, -1))
		return duk_error(ctx, DUK_ERR_ERROR, "polyfill %s (%s) failed to load", s->name,
		                 groups[s->group].name);
	duk_get_prop(ctx, -2);
	return 1;
}

bool lg_polyfill_promise_loaded(duk_context *ctx)
{
	return group_loaded(ctx, G_PROMISE);
}

static duk_ret_t hook(duk_context *ctx)
{
	int h = duk_get_current_magic(ctx);

	if (group_loaded(ctx, G_PROMISE))
		return h == HK_DRAIN       ? lg__pf_drain(ctx)
		       : h == HK_UNHANDLED ? lg__pf_take_unhandled(ctx)
		                           : lg__pf_promise_state(ctx);
	if (h == HK_DRAIN)
		duk_push_int(ctx, 0);
	else if (h == HK_UNHANDLED)
		duk_push_array(ctx);
	else
		return duk_type_error(ctx, "__lg_promise_state: not a Promise");
	return 1;
}

/* ---- installation ------------------------------------------------------------ */

#if !defined(DUK_USE_ROM_OBJECTS)
static void push_key(duk_context *ctx, duk_idx_t st, const char *name)
{
	if (strcmp(name, ITER_NAME) == 0)
		duk_get_prop_index(ctx, st, ST_ITER);
	else
		duk_push_string(ctx, name);
}
#endif

int lg_polyfill_install(struct duk_hthread *ctx, struct lg_err *err)
{
	duk_idx_t st;

	pthread_once(&compile_once, compile_all);
	if (compile_rc < 0)
		return lg_errf(err, LG_EINTERNAL, "the polyfills do not compile: %s",
		               compile_err.msg);
	lg__pf_push_state(ctx);
	st = duk_get_top_index(ctx);
	duk_get_prop_index(ctx, st, ST_INSTALLED);
	if (duk_to_boolean(ctx, -1)) {
		duk_pop_2(ctx);
		return 0;
	}
	duk_pop(ctx);
	duk_push_true(ctx);
	duk_put_prop_index(ctx, st, ST_INSTALLED);

#if !defined(DUK_USE_ROM_OBJECTS) /* else they are in the ROM image */
	for (size_t i = 0; i < lg__pf_n_natives; i++) {
		const struct lg__pf_native *n = &lg__pf_natives[i];

		duk_get_prop_index(ctx, st, n->owner);
		push_key(ctx, st, n->name);
		if (duk_has_prop(ctx, -2)) {
			duk_pop(ctx);
			continue;
		}
		push_key(ctx, st, n->name);
		if (n->fn) {
			duk_push_c_lightfunc(ctx, n->fn, n->nargs, n->length, n->magic);
		} else {
			duk_get_prop_index(ctx, st, OW_ARRAY_P);
			duk_get_prop_string(ctx, -1, n->name);
			duk_remove(ctx, -2);
		}
		lg__pf_def_hidden(ctx, -3, DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_WRITABLE);
		duk_pop(ctx);
	}
#endif
	duk_push_global_object(ctx);
	duk_push_c_function(ctx, stub_prop, DUK_VARARGS);
	for (size_t i = 0; i < LG_ARRAY_SIZE(lazies); i++) {
		if (duk_has_prop_string(ctx, -2, lazies[i].name))
			continue;
		duk_push_string(ctx, lazies[i].name);
		duk_dup(ctx, -2);
		duk_dup(ctx, -3);
		lg__pf_def_hidden(ctx, -5, DUK_DEFPROP_HAVE_GETTER | DUK_DEFPROP_HAVE_SETTER);
	}
	duk_pop(ctx);
	for (size_t h = 0; h < LG_ARRAY_SIZE(hook_globals); h++) {
		duk_push_string(ctx, hook_globals[h]);
		duk_push_c_lightfunc(ctx, hook, 1, h == HK_STATE ? 1 : 0, (duk_int_t)h);
		lg__pf_def_hidden(ctx, -3, DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_WRITABLE);
	}
	duk_pop(ctx);
	/* Symbol.asyncIterator: a Symbol of ours, for lowered for-await loops */
	duk_get_prop_index(ctx, st, OW_SYMBOL);
	if (!duk_has_prop_literal(ctx, -1, "asyncIterator")) {
		duk_push_string(ctx, "asyncIterator");
		duk_dup(ctx, -2);
		duk_push_string(ctx, "Symbol.asyncIterator");
		duk_call(ctx, 1);
		duk_def_prop(ctx, -3,
		             DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_CLEAR_WRITABLE |
		                 DUK_DEFPROP_CLEAR_ENUMERABLE | DUK_DEFPROP_CLEAR_CONFIGURABLE);
	}
	duk_pop_2(ctx);
	return 0;
}
