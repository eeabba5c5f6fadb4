/* SPDX-License-Identifier: Apache-2.0 */
/*
 * polyfill.c - lazy installation of polyfill.js into VU heaps (lg/polyfill.h).
 *
 * DESIGN: a Duktape function costs ~500 bytes per heap whether it is used or
 * not, and the polyfills are ~200 functions; thousands of VU heaps cannot
 * all pay that.  So polyfill.js is cut into chunks at its `//@chunk NAME`
 * lines, each compiled once per process to bytecode.  Installing into a heap
 * defines only stubs:
 *  - methods (Array.prototype.includes, Object.entries...) become lightfuncs,
 *    which are tagged values, not heap objects: the property slot is the
 *    whole cost.  Called, the stub loads its chunk (which replaces the stubs
 *    with the real functions) and forwards the call;
 *  - constructors and values (Promise, Map, URL, Symbol.asyncIterator...)
 *    become accessors whose getter loads the chunk and returns the real value
 *    (assigning replaces the accessor with a plain property).
 * The chunk `base` (helpers, array and string iterators) is loaded before any
 * other and returns the helper object the other chunks receive.
 */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "js_int.h"
#include "lg/polyfill.h"
#include "polyfill_js.h"

#define PF_FILENAME "loadgate-polyfill.js"
#define PF_MARKER "//@chunk "

/* Chunk order is the order of the //@chunk lines in polyfill.js. */
enum chunk {
	CH_BASE,
	CH_ARRAY,
	CH_OBJECT,
	CH_STRING,
	CH_PROMISE,
	CH_COLL,
	CH_URL,
	CH_CLONE,
	CH__N
};
static const char *const chunk_names[CH__N] = { "base",    "array",       "object", "string",
	                                        "promise", "collections", "url",    "clone" };

/* Where a stub lives; OW_GLOBAL and OW_SYMBOL stubs are accessors, others lightfuncs. */
enum owner {
	OW_GLOBAL,
	OW_SYMBOL,
	OW_ARRAY,
	OW_ARRAY_P,
	OW_OBJECT,
	OW_STRING,
	OW_STRING_P,
	OW_TYPED_P, /* %TypedArray%.prototype */
	OW__N
};

/* The per-heap state array in the stash: owners, then these slots. */
enum { ST_ITER = OW__N, ST_HELPERS, ST_LOADED, ST__N };
#define STASH_KEY DUK_HIDDEN_SYMBOL("lgPolyfill")
#define ITER_NAME "@@iterator" /* the key Symbol.iterator */

struct stub {
	uint8_t owner, chunk, length; /* length: the method's .length */
	const char *name;
};

static const struct stub stubs[] = {
	{ OW_GLOBAL, CH_PROMISE, 0, "Promise" },
	{ OW_GLOBAL, CH_PROMISE, 0, "AggregateError" },
	{ OW_GLOBAL, CH_PROMISE, 0, "queueMicrotask" },
	{ OW_GLOBAL, CH_COLL, 0, "Map" },
	{ OW_GLOBAL, CH_COLL, 0, "Set" },
	{ OW_GLOBAL, CH_COLL, 0, "WeakMap" },
	{ OW_GLOBAL, CH_COLL, 0, "WeakSet" },
	{ OW_GLOBAL, CH_URL, 0, "URL" },
	{ OW_GLOBAL, CH_URL, 0, "URLSearchParams" },
	{ OW_GLOBAL, CH_CLONE, 0, "structuredClone" },
	{ OW_SYMBOL, CH_BASE, 0, "asyncIterator" },

	{ OW_ARRAY_P, CH_BASE, 0, "keys" },
	{ OW_ARRAY_P, CH_BASE, 0, "values" },
	{ OW_ARRAY_P, CH_BASE, 0, "entries" },
	{ OW_ARRAY_P, CH_BASE, 0, ITER_NAME },
	{ OW_STRING_P, CH_BASE, 0, ITER_NAME },
	{ OW_TYPED_P, CH_BASE, 0, "keys" },
	{ OW_TYPED_P, CH_BASE, 0, "values" },
	{ OW_TYPED_P, CH_BASE, 0, "entries" },
	{ OW_TYPED_P, CH_BASE, 0, ITER_NAME },

	{ OW_ARRAY, CH_ARRAY, 1, "from" },
	{ OW_ARRAY, CH_ARRAY, 0, "of" },
	{ OW_ARRAY_P, CH_ARRAY, 1, "find" },
	{ OW_ARRAY_P, CH_ARRAY, 1, "findIndex" },
	{ OW_ARRAY_P, CH_ARRAY, 1, "findLast" },
	{ OW_ARRAY_P, CH_ARRAY, 1, "findLastIndex" },
	{ OW_ARRAY_P, CH_ARRAY, 1, "includes" },
	{ OW_ARRAY_P, CH_ARRAY, 1, "fill" },
	{ OW_ARRAY_P, CH_ARRAY, 0, "flat" },
	{ OW_ARRAY_P, CH_ARRAY, 1, "flatMap" },
	{ OW_ARRAY_P, CH_ARRAY, 2, "copyWithin" },
	{ OW_ARRAY_P, CH_ARRAY, 1, "at" },
	{ OW_STRING_P, CH_ARRAY, 1, "at" },
	{ OW_TYPED_P, CH_ARRAY, 1, "forEach" },
	{ OW_TYPED_P, CH_ARRAY, 1, "indexOf" },
	{ OW_TYPED_P, CH_ARRAY, 1, "lastIndexOf" },
	{ OW_TYPED_P, CH_ARRAY, 1, "join" },
	{ OW_TYPED_P, CH_ARRAY, 1, "every" },
	{ OW_TYPED_P, CH_ARRAY, 1, "some" },
	{ OW_TYPED_P, CH_ARRAY, 1, "reduce" },
	{ OW_TYPED_P, CH_ARRAY, 1, "reduceRight" },
	{ OW_TYPED_P, CH_ARRAY, 0, "reverse" },
	{ OW_TYPED_P, CH_ARRAY, 1, "find" },
	{ OW_TYPED_P, CH_ARRAY, 1, "findIndex" },
	{ OW_TYPED_P, CH_ARRAY, 1, "findLast" },
	{ OW_TYPED_P, CH_ARRAY, 1, "findLastIndex" },
	{ OW_TYPED_P, CH_ARRAY, 1, "includes" },
	{ OW_TYPED_P, CH_ARRAY, 1, "fill" },
	{ OW_TYPED_P, CH_ARRAY, 1, "at" },
	{ OW_TYPED_P, CH_ARRAY, 2, "slice" },
	{ OW_TYPED_P, CH_ARRAY, 1, "map" },
	{ OW_TYPED_P, CH_ARRAY, 1, "filter" },
	{ OW_TYPED_P, CH_ARRAY, 1, "sort" },

	{ OW_OBJECT, CH_OBJECT, 1, "entries" },
	{ OW_OBJECT, CH_OBJECT, 1, "values" },
	{ OW_OBJECT, CH_OBJECT, 1, "fromEntries" },
	{ OW_OBJECT, CH_OBJECT, 1, "getOwnPropertyDescriptors" },
	{ OW_OBJECT, CH_OBJECT, 2, "hasOwn" },

	{ OW_STRING_P, CH_STRING, 1, "padStart" },
	{ OW_STRING_P, CH_STRING, 1, "padEnd" },
	{ OW_STRING_P, CH_STRING, 0, "trimStart" },
	{ OW_STRING_P, CH_STRING, 0, "trimEnd" },
	{ OW_STRING_P, CH_STRING, 0, "trimLeft" },
	{ OW_STRING_P, CH_STRING, 0, "trimRight" },
	{ OW_STRING_P, CH_STRING, 2, "replaceAll" },
	{ OW_STRING_P, CH_STRING, 1, "matchAll" },
	{ OW_STRING, CH_STRING, 1, "raw" },
};

/* A lightfunc's magic is a signed 8-bit index into stubs[]. */
_Static_assert(LG_ARRAY_SIZE(stubs) <= 127, "too many stubs for a lightfunc magic");

/* The runtime's hooks (lightfunc magic). */
enum hook { HK_DRAIN, HK_UNHANDLED, HK_STATE };
static const char *const hook_globals[] = { "__lg_drain_microtasks", "__lg_unhandled_rejections",
	                                    "__lg_promise_state" };
static const char *const hook_helpers[] = { "drain", "unhandled", "state" };

/* ---- bytecode, compiled once per process -------------------------------- */

static struct {
	void *bc;
	size_t len;
} chunk_bc[CH__N];
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

static void compile_all(void)
{
	duk_context *ctx = duk_create_heap(NULL, NULL, NULL, NULL, NULL);
	const char *p = lg_polyfill_js, *start = NULL;
	long line = 1, start_line = 0;
	int c = -1;

	lg_require(ctx != NULL);
	for (;;) {
		const char *nl = strchr(p, '\n');
		bool marker = strncmp(p, PF_MARKER, strlen(PF_MARKER)) == 0;

		if (marker || !*p) {
			if (c >= 0 && compile_chunk(ctx, c, start, p, start_line) < 0)
				goto fail;
			if (!*p)
				break;
			c++;
			if (c >= CH__N || strncmp(p + strlen(PF_MARKER), chunk_names[c],
			                          strlen(chunk_names[c])) != 0) {
				lg_errf(&compile_err, LG_EINTERNAL,
				        "%s:%ld: expected the chunk \"%s\"", PF_FILENAME, line,
				        c < CH__N ? chunk_names[c] : "(none)");
				goto fail;
			}
			start = nl ? nl + 1 : p + strlen(p);
			start_line = line + 1;
		}
		if (!nl) {
			p += strlen(p);
			continue;
		}
		p = nl + 1;
		line++;
	}
	if (c != CH__N - 1) {
		lg_errf(&compile_err, LG_EINTERNAL, "%s: %d chunks, expected %d", PF_FILENAME,
		        c + 1, CH__N);
		goto fail;
	}
	duk_destroy_heap(ctx);
	return;
fail:
	compile_rc = -LG_EINTERNAL;
	duk_destroy_heap(ctx);
}

/* ---- per-heap state ----------------------------------------------------- */

static void push_state(duk_context *ctx)
{
	duk_push_global_stash(ctx);
	duk_get_prop_string(ctx, -1, STASH_KEY);
	duk_remove(ctx, -2);
}

static void push_state_slot(duk_context *ctx, int slot)
{
	push_state(ctx);
	duk_get_prop_index(ctx, -1, (duk_uarridx_t)slot);
	duk_remove(ctx, -2);
}

static void push_key(duk_context *ctx, const struct stub *s)
{
	if (strcmp(s->name, ITER_NAME) == 0)
		push_state_slot(ctx, ST_ITER);
	else
		duk_push_string(ctx, s->name);
}

static bool chunk_loaded(duk_context *ctx, int c)
{
	uint32_t mask;

	push_state_slot(ctx, ST_LOADED);
	mask = (uint32_t)duk_get_uint(ctx, -1);
	duk_pop(ctx);
	return mask & (1u << c);
}

/* Load and run chunk c unless it is loaded (or loading); errors are thrown. */
static void load_chunk(duk_context *ctx, int c)
{
	uint32_t mask;

	push_state(ctx);
	duk_get_prop_index(ctx, -1, ST_LOADED);
	mask = (uint32_t)duk_get_uint(ctx, -1);
	duk_pop(ctx);
	if (mask & (1u << c)) {
		duk_pop(ctx);
		return;
	}
	duk_push_uint(ctx, mask | (1u << c));
	duk_put_prop_index(ctx, -2, ST_LOADED);
	if (c != CH_BASE)
		load_chunk(ctx, CH_BASE);

	memcpy(duk_push_fixed_buffer(ctx, chunk_bc[c].len), chunk_bc[c].bc, chunk_bc[c].len);
	duk_load_function(ctx);
	duk_push_global_object(ctx);
	if (c == CH_BASE) {
		duk_get_prop_index(ctx, -3, ST_HELPERS); /* the natives object, then H */
		duk_call(ctx, 2);
		duk_put_prop_index(ctx, -2, ST_HELPERS);
	} else {
		duk_get_prop_index(ctx, -3, ST_HELPERS);
		duk_call(ctx, 2);
		duk_pop(ctx);
	}
	duk_pop(ctx);
}

/* Is the value at idx one of our stubs (a stub lightfunc or a stub accessor)? */
static duk_ret_t stub_call(duk_context *ctx);
static duk_ret_t stub_prop(duk_context *ctx);

static bool is_stub(duk_context *ctx, duk_idx_t idx)
{
	bool yes;
	int m;

	if (duk_get_c_function(ctx, idx) == stub_prop)
		return true;
	if (!duk_is_lightfunc(ctx, idx))
		return false;
	m = duk_get_magic(ctx, idx);
	if (m < 0 || (size_t)m >= LG_ARRAY_SIZE(stubs))
		return false;
	idx = duk_normalize_index(ctx, idx);
	duk_push_c_lightfunc(ctx, stub_call, DUK_VARARGS, stubs[m].length, m);
	yes = duk_strict_equals(ctx, idx, -1);
	duk_pop(ctx);
	return yes;
}

/* Is owner[key] (owner at idx) still a stub, as an accessor or as a value? */
static bool still_stub(duk_context *ctx, duk_idx_t owner, const struct stub *s)
{
	bool yes = false;

	owner = duk_normalize_index(ctx, owner);
	push_key(ctx, s);
	duk_get_prop_desc(ctx, owner, 0);
	if (duk_is_object(ctx, -1)) {
		duk_get_prop_string(ctx, -1, "get");
		duk_get_prop_string(ctx, -2, "value");
		yes = is_stub(ctx, -1) || is_stub(ctx, -2);
		duk_pop_2(ctx);
	}
	duk_pop(ctx);
	return yes;
}

/* Push owner[key] after loading the stub's chunk; throws if it is still a stub. */
static void push_real(duk_context *ctx, const struct stub *s)
{
	load_chunk(ctx, s->chunk);
	push_state_slot(ctx, s->owner);
	if (still_stub(ctx, -1, s))
		(void)duk_error(ctx, DUK_ERR_ERROR, "polyfill %s (%s) failed to load", s->name,
		                chunk_names[s->chunk]);
	push_key(ctx, s);
	duk_get_prop(ctx, -2);
	duk_remove(ctx, -2);
}

/* A method stub: load, then call the real method with the same this and arguments. */
static duk_ret_t stub_call(duk_context *ctx)
{
	const struct stub *s = &stubs[duk_get_current_magic(ctx)];
	duk_idx_t nargs = duk_get_top(ctx);

	push_real(ctx, s);
	duk_insert(ctx, 0);
	duk_push_this(ctx);
	duk_insert(ctx, 1);
	duk_call_method(ctx, nargs);
	return 1;
}

/*
 * An accessor stub: the getter loads the chunk; the setter makes a plain
 * property.  Duktape passes getters (key) and setters (value, key).
 */
static duk_ret_t stub_prop(duk_context *ctx)
{
	const struct stub *s = &stubs[duk_get_current_magic(ctx)];

	if (duk_get_top(ctx) >= 2) {
		push_state_slot(ctx, s->owner);
		push_key(ctx, s);
		duk_dup(ctx, 0);
		duk_def_prop(ctx, -3,
		             DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_WRITABLE |
		                 DUK_DEFPROP_SET_CONFIGURABLE | DUK_DEFPROP_CLEAR_ENUMERABLE);
		return 0;
	}
	push_real(ctx, s);
	return 1;
}

/* N.hs(name): a hidden Symbol, invisible to reflection, JSON and Proxy traps. */
static duk_ret_t n_hidden_symbol(duk_context *ctx)
{
	duk_push_sprintf(ctx, DUK_HIDDEN_SYMBOL("lg.%s"), duk_to_string(ctx, 0));
	return 1;
}

static duk_ret_t n_is_stub(duk_context *ctx)
{
	duk_push_boolean(ctx, is_stub(ctx, 0));
	return 1;
}

static duk_ret_t hook(duk_context *ctx)
{
	int h = duk_get_current_magic(ctx);

	if (!chunk_loaded(ctx, CH_PROMISE)) {
		if (h == HK_DRAIN)
			duk_push_int(ctx, 0);
		else if (h == HK_UNHANDLED)
			duk_push_array(ctx);
		else
			return duk_error(ctx, DUK_ERR_TYPE_ERROR,
			                 "__lg_promise_state: not a Promise");
		return 1;
	}
	push_state_slot(ctx, ST_HELPERS);
	duk_get_prop_string(ctx, -1, hook_helpers[h]);
	duk_remove(ctx, -2);
	duk_dup(ctx, 0);
	duk_call(ctx, 1);
	return 1;
}

static void def_hidden(duk_context *ctx, duk_idx_t obj, duk_uint_t flags)
{
	duk_def_prop(ctx, obj, flags | DUK_DEFPROP_SET_CONFIGURABLE | DUK_DEFPROP_CLEAR_ENUMERABLE);
}

int lg_polyfill_install(struct duk_hthread *ctx, struct lg_err *err)
{
	duk_idx_t st;

	pthread_once(&compile_once, compile_all);
	if (compile_rc < 0)
		return lg_errf(err, LG_EINTERNAL, "the polyfills do not compile: %s",
		               compile_err.msg);
	duk_push_global_stash(ctx);
	if (duk_has_prop_string(ctx, -1, STASH_KEY)) {
		duk_pop(ctx);
		return 0;
	}

	/* state: [owners..., Symbol.iterator, natives (then H), loaded mask] */
	duk_push_array(ctx);
	st = duk_get_top_index(ctx);
	duk_push_global_object(ctx);
	duk_put_prop_index(ctx, st, OW_GLOBAL);
	duk_get_global_string(ctx, "Symbol");
	duk_get_prop_string(ctx, -1, "iterator");
	duk_put_prop_index(ctx, st, ST_ITER);
	duk_put_prop_index(ctx, st, OW_SYMBOL);
	duk_get_global_string(ctx, "Array");
	duk_get_prop_string(ctx, -1, "prototype");
	duk_put_prop_index(ctx, st, OW_ARRAY_P);
	duk_put_prop_index(ctx, st, OW_ARRAY);
	duk_get_global_string(ctx, "Object");
	duk_put_prop_index(ctx, st, OW_OBJECT);
	duk_get_global_string(ctx, "String");
	duk_get_prop_string(ctx, -1, "prototype");
	duk_put_prop_index(ctx, st, OW_STRING_P);
	duk_put_prop_index(ctx, st, OW_STRING);
	duk_get_global_string(ctx, "Uint8Array");
	duk_get_prop_string(ctx, -1, "prototype");
	duk_get_prototype(ctx, -1);
	duk_put_prop_index(ctx, st, OW_TYPED_P);
	duk_pop_2(ctx);
	duk_push_object(ctx);
	duk_push_c_lightfunc(ctx, n_hidden_symbol, 1, 1, 0);
	duk_put_prop_string(ctx, -2, "hs");
	duk_push_c_lightfunc(ctx, n_is_stub, 1, 1, 0);
	duk_put_prop_string(ctx, -2, "stub");
	duk_put_prop_index(ctx, st, ST_HELPERS);
	duk_push_uint(ctx, 0);
	duk_put_prop_index(ctx, st, ST_LOADED);
	duk_dup(ctx, st);
	duk_put_prop_string(ctx, -3, STASH_KEY);

	for (size_t i = 0; i < LG_ARRAY_SIZE(stubs); i++) {
		const struct stub *s = &stubs[i];

		duk_get_prop_index(ctx, st, s->owner);
		push_key(ctx, s);
		if (duk_has_prop(ctx, -2)) {
			duk_pop(ctx);
			continue;
		}
		push_key(ctx, s);
		if (s->owner == OW_GLOBAL || s->owner == OW_SYMBOL) {
			duk_push_c_function(ctx, stub_prop, DUK_VARARGS);
			duk_set_magic(ctx, -1, (duk_int_t)i);
			duk_dup_top(ctx);
			def_hidden(ctx, -4, DUK_DEFPROP_HAVE_GETTER | DUK_DEFPROP_HAVE_SETTER);
		} else {
			duk_push_c_lightfunc(ctx, stub_call, DUK_VARARGS, s->length, (duk_int_t)i);
			def_hidden(ctx, -3, DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_WRITABLE);
		}
		duk_pop(ctx);
	}
	for (size_t h = 0; h < LG_ARRAY_SIZE(hook_globals); h++) {
		duk_push_global_object(ctx);
		duk_push_string(ctx, hook_globals[h]);
		duk_push_c_lightfunc(ctx, hook, 1, h == HK_STATE ? 1 : 0, (duk_int_t)h);
		def_hidden(ctx, -3, DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_WRITABLE);
		duk_pop(ctx);
	}
	duk_pop_2(ctx);
	return 0;
}
