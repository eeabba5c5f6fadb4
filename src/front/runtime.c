/* SPDX-License-Identifier: Apache-2.0 */
/*
 * runtime.c - the hidden global __lg_rt that lowered code calls.
 *
 * Every heap (every VU) gets it, so it must cost little: the helpers nearly
 * every script uses (imp for each import, rest, key, tpl, proto, construct,
 * constErr, async) are light functions here, which cost a heap nothing but a
 * property slot.  The others (iteration, destructuring, spread, classes,
 * export *, import()) are JavaScript (helpers.js): each of them is an accessor
 * until first read, which loads helpers.js into the heap and replaces all the
 * accessors by the functions.  A script without classes, for...of, spread or
 * array destructuring never loads it.
 */
#include <string.h>

#include "duktape.h"
#include "lg/base.h"
#include "lg/front.h"

#define RT_NAME "__lg_rt"
#define STASH_LOADER DUK_HIDDEN_SYMBOL("rtLoader")
#define STASH_LOADER_UD DUK_HIDDEN_SYMBOL("rtLoaderUd")

static bool is_obj(duk_context *ctx, duk_idx_t idx)
{
	return duk_is_object(ctx, idx) || duk_is_function(ctx, idx);
}

/* imp(m): the namespace of a require()d module: ES modules as they are;
 * anything else gets a view whose `default` is the module and whose names
 * read through to it. */
static duk_ret_t rt_imp(duk_context *ctx)
{
	if (is_obj(ctx, 0)) {
		duk_get_prop_literal(ctx, 0, "__esModule");
		if (duk_to_boolean(ctx, -1)) {
			duk_dup(ctx, 0);
			return 1;
		}
		duk_pop(ctx);
		duk_push_object(ctx);
		duk_dup(ctx, 0);
		duk_set_prototype(ctx, -2);
	} else {
		duk_push_object(ctx);
	}
	duk_push_string(ctx, "default");
	duk_dup(ctx, 0);
	duk_def_prop(ctx, -3,
	             DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_ENUMERABLE |
	                 DUK_DEFPROP_CLEAR_WRITABLE | DUK_DEFPROP_CLEAR_CONFIGURABLE);
	return 1;
}

/* rest(args, from): ...rest parameters */
static duk_ret_t rt_rest(duk_context *ctx)
{
	duk_size_t n = duk_get_length(ctx, 0);
	duk_size_t from = (duk_size_t)duk_to_uint32(ctx, 1);
	duk_uarridx_t k = 0;

	duk_push_array(ctx);
	for (duk_size_t i = from; i < n; i++) {
		duk_get_prop_index(ctx, 0, (duk_uarridx_t)i);
		duk_put_prop_index(ctx, -2, k++);
	}
	return 1;
}

/* key(k): ToPropertyKey, for the computed keys of object rest */
static duk_ret_t rt_key(duk_context *ctx)
{
	if (!duk_is_symbol(ctx, 0))
		duk_to_string(ctx, 0);
	return 1;
}

/* tpl(cooked, raw): a tagged template's strings array, frozen, with .raw */
static duk_ret_t rt_tpl(duk_context *ctx)
{
	duk_freeze(ctx, 1);
	duk_push_string(ctx, "raw");
	duk_dup(ctx, 1);
	duk_def_prop(ctx, 0,
	             DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_CLEAR_WRITABLE |
	                 DUK_DEFPROP_CLEAR_ENUMERABLE | DUK_DEFPROP_CLEAR_CONFIGURABLE);
	duk_freeze(ctx, 0);
	duk_dup(ctx, 0);
	return 1;
}

/* proto(o, p): {__proto__: p} (ignored unless p is an object or null) */
static duk_ret_t rt_proto(duk_context *ctx)
{
	if (duk_is_null(ctx, 1)) {
		duk_push_undefined(ctx);
		duk_set_prototype(ctx, 0);
	} else if (is_obj(ctx, 1)) {
		duk_dup(ctx, 1);
		duk_set_prototype(ctx, 0);
	}
	return 0;
}

/* construct(F, args): new F(...args) */
static duk_ret_t rt_construct(duk_context *ctx)
{
	duk_size_t n = duk_get_length(ctx, 1);

	duk_dup(ctx, 0);
	for (duk_size_t i = 0; i < n; i++)
		duk_get_prop_index(ctx, 1, (duk_uarridx_t)i);
	duk_new(ctx, (duk_idx_t)n);
	return 1;
}

/* constErr(name): an assignment to a const, an import or a class's name */
static duk_ret_t rt_const_err(duk_context *ctx)
{
	return duk_type_error(ctx, "Assignment to constant variable '%s'.",
	                      duk_safe_to_string(ctx, 0));
}

/* async(self, args, body): the body runs to completion (await parks the VU);
 * its value or exception becomes a settled Promise. */
static duk_ret_t rt_async(duk_context *ctx)
{
	duk_size_t n = duk_get_length(ctx, 1);
	int rc;

	duk_dup(ctx, 2);
	duk_dup(ctx, 0);
	for (duk_size_t i = 0; i < n; i++)
		duk_get_prop_index(ctx, 1, (duk_uarridx_t)i);
	rc = duk_pcall_method(ctx, (duk_idx_t)n); /* [.. v] */
	duk_get_global_literal(ctx, "Promise");
	duk_push_string(ctx, rc == DUK_EXEC_SUCCESS ? "resolve" : "reject");
	duk_dup(ctx, -3);
	duk_call_prop(ctx, -3, 1);
	return 1;
}

/* The JavaScript helpers: every accessor reads through this. */
static duk_ret_t rt_load_js(duk_context *ctx)
{
	lg_front_push_helpers_fn loader;
	void *ud;

	duk_push_global_stash(ctx);
	duk_get_prop_literal(ctx, -1, STASH_LOADER);
	loader = (lg_front_push_helpers_fn)duk_get_pointer(ctx, -1);
	duk_get_prop_literal(ctx, -2, STASH_LOADER_UD);
	ud = duk_get_pointer(ctx, -1);
	duk_pop_3(ctx);
	if (!loader)
		return duk_error(ctx, DUK_ERR_ERROR, "the front end's helpers are not available");
	loader(ctx, ud); /* [fn] */
	duk_push_global_object(ctx);
	duk_get_global_literal(ctx, RT_NAME);
	duk_call(ctx, 2); /* [helpers] */
	duk_get_global_literal(ctx, RT_NAME);
	duk_enum(ctx, -2, DUK_ENUM_OWN_PROPERTIES_ONLY);
	while (duk_next(ctx, -1, 1)) {
		duk_def_prop(ctx, -4,
		             DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_CLEAR_WRITABLE |
		                 DUK_DEFPROP_CLEAR_ENUMERABLE | DUK_DEFPROP_CLEAR_CONFIGURABLE |
		                 DUK_DEFPROP_FORCE);
	}
	duk_pop_2(ctx);
	return 1; /* the helpers object */
}

/*
 * seal(exports, names): the module body has run; its const, class and
 * function exports cannot change any more, so each getter is replaced by
 * the value (enumerable, read-only, as a namespace property reads).
 */
static duk_ret_t rt_seal(duk_context *ctx)
{
	duk_size_t n = duk_get_length(ctx, 1);

	if (!duk_is_object(ctx, 0))
		return 0;
	for (duk_size_t i = 0; i < n; i++) {
		duk_get_prop_index(ctx, 1, (duk_uarridx_t)i); /* [exports names name] */
		duk_dup_top(ctx);
		duk_get_prop(ctx, 0); /* [... name value] */
		duk_def_prop(ctx, 0,
		             DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_ENUMERABLE |
		                 DUK_DEFPROP_CLEAR_WRITABLE | DUK_DEFPROP_CLEAR_CONFIGURABLE |
		                 DUK_DEFPROP_FORCE);
	}
	return 0;
}

/* The names helpers.js returns; checked against it by unit.front. */
static const char *const js_names[] = { "iter", "arr",  "sp",   "orest", "assign", "ext",
	                                "m",    "sget", "sset", "sup",   "star",   "dimp" };

/* One getter for every JavaScript helper: Duktape passes accessors the key. */
static duk_ret_t rt_getter(duk_context *ctx)
{
	duk_idx_t name = 0;

	rt_load_js(ctx);
	duk_dup(ctx, name);
	duk_get_prop(ctx, -2);
	return 1;
}

void lg_front_install_runtime(duk_context *ctx, lg_front_push_helpers_fn loader, void *ud)
{
	static const struct {
		const char *name;
		duk_c_function fn;
		int nargs;
	} natives[] = {
		{ "imp", rt_imp, 1 },
		{ "rest", rt_rest, 2 },
		{ "key", rt_key, 1 },
		{ "tpl", rt_tpl, 2 },
		{ "proto", rt_proto, 2 },
		{ "construct", rt_construct, 2 },
		{ "constErr", rt_const_err, 1 },
		{ "async", rt_async, 3 },
		{ "seal", rt_seal, 2 },
	};
	duk_idx_t rt;

	duk_push_global_stash(ctx);
	duk_push_pointer(ctx, (void *)loader);
	duk_put_prop_literal(ctx, -2, STASH_LOADER);
	duk_push_pointer(ctx, ud);
	duk_put_prop_literal(ctx, -2, STASH_LOADER_UD);
	duk_pop(ctx);

	duk_push_object(ctx);
	rt = duk_get_top_index(ctx);
	for (size_t i = 0; i < LG_ARRAY_SIZE(natives); i++) {
		duk_push_string(ctx, natives[i].name);
		duk_push_c_lightfunc(ctx, natives[i].fn, natives[i].nargs, natives[i].nargs, 0);
		duk_def_prop(ctx, rt,
		             DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_CLEAR_WRITABLE |
		                 DUK_DEFPROP_CLEAR_ENUMERABLE | DUK_DEFPROP_CLEAR_CONFIGURABLE);
	}
	duk_push_c_function(ctx, rt_getter, 1);
	for (size_t i = 0; i < LG_ARRAY_SIZE(js_names); i++) {
		duk_push_string(ctx, js_names[i]);
		duk_dup(ctx, -2);
		duk_def_prop(ctx, rt, DUK_DEFPROP_HAVE_GETTER | DUK_DEFPROP_SET_CONFIGURABLE);
	}
	duk_pop(ctx);
	duk_push_global_object(ctx);
	duk_push_string(ctx, RT_NAME);
	duk_dup(ctx, rt);
	duk_def_prop(ctx, -3,
	             DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_CLEAR_WRITABLE |
	                 DUK_DEFPROP_CLEAR_ENUMERABLE | DUK_DEFPROP_CLEAR_CONFIGURABLE);
	duk_pop_2(ctx);
}

bool lg_front_runtime_names_ok(duk_context *ctx)
{
	/* every name helpers.js returns is one of js_names, and the reverse */
	duk_idx_t top = duk_get_top(ctx);
	bool ok = true;
	size_t n = 0;

	rt_load_js(ctx);
	duk_enum(ctx, -1, DUK_ENUM_OWN_PROPERTIES_ONLY);
	while (duk_next(ctx, -1, 0)) {
		bool found = false;
		for (size_t i = 0; i < LG_ARRAY_SIZE(js_names); i++)
			found = found || strcmp(js_names[i], duk_get_string(ctx, -1)) == 0;
		ok = ok && found;
		n++;
		duk_pop(ctx);
	}
	duk_set_top(ctx, top);
	return ok && n == LG_ARRAY_SIZE(js_names);
}
