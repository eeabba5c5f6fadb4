/* SPDX-License-Identifier: Apache-2.0 */
/*
 * polyfill_util.c - what the polyfills' C methods share (polyfill_int.h):
 * the per-heap state, value helpers, iteration.  Kept apart from the
 * installation (polyfill.c) because with ROM built-ins these methods are
 * named by Duktape's ROM image itself, so every program that links Duktape
 * links them (src/duktape/meson.build): this file needs nothing but Duktape
 * and lg/base.h.
 */
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "lg/base.h"
#include "polyfill_int.h"

#define STASH_KEY DUK_HIDDEN_SYMBOL("lgPolyfill")

/* A new per-heap state array, left at the top. */
static void push_new_state(duk_context *ctx)
{
	duk_idx_t st;

	duk_push_array(ctx);
	st = duk_get_top_index(ctx);
	duk_push_global_object(ctx);
	duk_put_prop_index(ctx, st, OW_GLOBAL);
	duk_get_global_literal(ctx, "Symbol");
	duk_get_prop_literal(ctx, -1, "iterator");
	duk_put_prop_index(ctx, st, ST_ITER);
	duk_put_prop_index(ctx, st, OW_SYMBOL);
	duk_get_global_literal(ctx, "Array");
	duk_get_prop_literal(ctx, -1, "prototype");
	duk_put_prop_index(ctx, st, OW_ARRAY_P);
	duk_put_prop_index(ctx, st, OW_ARRAY);
	duk_get_global_literal(ctx, "Object");
	duk_put_prop_index(ctx, st, OW_OBJECT);
	duk_get_global_literal(ctx, "String");
	duk_get_prop_literal(ctx, -1, "prototype");
	duk_put_prop_index(ctx, st, OW_STRING_P);
	duk_put_prop_index(ctx, st, OW_STRING);
	duk_get_global_literal(ctx, "Uint8Array");
	duk_get_prop_literal(ctx, -1, "prototype");
	duk_get_prototype(ctx, -1);
	duk_put_prop_index(ctx, st, OW_TYPED_P);
	duk_pop_2(ctx);
	duk_push_uint(ctx, 0);
	duk_put_prop_index(ctx, st, ST_LOADED);
}

/*
 * The state array, made on first use: by lg_polyfill_install() in the
 * runtime, or by the first method called in a heap that never installed the
 * polyfills (with ROM built-ins the methods exist in every heap).
 */
void lg__pf_push_state(duk_context *ctx)
{
	duk_push_global_stash(ctx);
	if (!duk_get_prop_literal(ctx, -1, STASH_KEY)) {
		duk_pop(ctx);
		push_new_state(ctx);
		duk_dup_top(ctx);
		duk_put_prop_literal(ctx, -3, STASH_KEY);
	}
	duk_remove(ctx, -2);
}

/* ---- small helpers ------------------------------------------------------ */

void lg__pf_push_state_slot(duk_context *ctx, int slot)
{
	lg__pf_push_state(ctx);
	duk_get_prop_index(ctx, -1, (duk_uarridx_t)slot);
	duk_remove(ctx, -2);
}

void lg__pf_put_state_slot(duk_context *ctx, int slot)
{
	lg__pf_push_state(ctx);
	duk_dup(ctx, -2);
	duk_put_prop_index(ctx, -2, (duk_uarridx_t)slot);
	duk_pop_2(ctx);
}

/* ToIntegerOrInfinity, with -0 as 0; coerces the value at idx in place. */
double lg__pf_to_integer(duk_context *ctx, duk_idx_t idx)
{
	double d = duk_to_number(ctx, idx);

	if (isnan(d))
		return 0;
	d = trunc(d);
	return d == 0 ? 0 : d;
}

/* ToLength(o.length). */
double lg__pf_length_of(duk_context *ctx, duk_idx_t obj)
{
	double n;

	duk_get_prop_literal(ctx, obj, "length");
	n = lg__pf_to_integer(ctx, -1);
	duk_pop(ctx);
	return n <= 0 ? 0 : n > MAX_SAFE ? MAX_SAFE : n;
}

/* A lg__pf_relative index argument (negative counts from the end), clamped to [0, len]. */
double lg__pf_relative(duk_context *ctx, duk_idx_t idx, double len)
{
	double x = lg__pf_to_integer(ctx, idx);

	if (x < 0)
		return x + len < 0 ? 0 : x + len;
	return x > len ? len : x;
}

void lg__pf_get_index(duk_context *ctx, duk_idx_t obj, double i)
{
	if (i <= MAX_INDEX) {
		duk_get_prop_index(ctx, obj, (duk_uarridx_t)i);
	} else {
		obj = duk_normalize_index(ctx, obj);
		duk_push_number(ctx, i);
		duk_get_prop(ctx, obj);
	}
}

/* obj[i] = the value at the top (popped). */
void lg__pf_put_index(duk_context *ctx, duk_idx_t obj, double i)
{
	if (i <= MAX_INDEX) {
		duk_put_prop_index(ctx, obj, (duk_uarridx_t)i);
	} else {
		obj = duk_normalize_index(ctx, obj);
		duk_push_number(ctx, i);
		duk_swap_top(ctx, -2);
		duk_put_prop(ctx, obj);
	}
}

bool lg__pf_has_index(duk_context *ctx, duk_idx_t obj, double i)
{
	obj = duk_normalize_index(ctx, obj);
	duk_push_number(ctx, i);
	return duk_has_prop(ctx, obj);
}

void lg__pf_del_index(duk_context *ctx, duk_idx_t obj, double i)
{
	obj = duk_normalize_index(ctx, obj);
	duk_push_number(ctx, i);
	duk_del_prop(ctx, obj);
}

bool lg__pf_same_value_zero(duk_context *ctx, duk_idx_t a, duk_idx_t b)
{
	if (duk_is_number(ctx, a) && duk_is_number(ctx, b)) {
		double x = duk_get_number(ctx, a), y = duk_get_number(ctx, b);
		return x == y || (isnan(x) && isnan(y));
	}
	return duk_strict_equals(ctx, a, b);
}

/* A short description of a value for error messages, as V8 words it. */
void lg__pf_push_desc(duk_context *ctx, duk_idx_t idx)
{
	if (duk_is_string(ctx, idx))
		duk_push_sprintf(ctx, "\"%s\"", duk_get_string(ctx, idx));
	else if (duk_is_array(ctx, idx))
		duk_push_string(ctx, "[object Array]");
	else if (duk_is_object(ctx, idx) && !duk_is_function(ctx, idx))
		duk_push_string(ctx, "#<Object>");
	else if (duk_is_symbol(ctx, idx))
		duk_push_string(ctx, "Symbol()");
	else
		duk_push_string(ctx, duk_safe_to_string(ctx, idx));
}

void lg__pf_require_callable(duk_context *ctx, duk_idx_t idx)
{
	if (!duk_is_callable(ctx, idx)) {
		lg__pf_push_desc(ctx, idx);
		(void)duk_type_error(ctx, "%s is not a function", duk_get_string(ctx, -1));
	}
}

/* Push ToObject(this); TypeError for null and undefined. */
duk_idx_t lg__pf_push_this_object(duk_context *ctx, const char *method)
{
	duk_push_this(ctx);
	if (duk_is_null_or_undefined(ctx, -1))
		(void)duk_type_error(ctx, "%s called on null or undefined", method);
	duk_to_object(ctx, -1);
	return duk_get_top_index(ctx);
}

duk_idx_t lg__pf_push_this_string(duk_context *ctx, const char *method)
{
	duk_push_this(ctx);
	if (duk_is_null_or_undefined(ctx, -1))
		(void)duk_type_error(ctx, "String.prototype.%s called on null or undefined",
		                     method);
	duk_to_string(ctx, -1);
	return duk_get_top_index(ctx);
}

/* {value, done} with the value at the top (popped). */
void lg__pf_push_result(duk_context *ctx, bool done)
{
	duk_push_object(ctx);
	duk_swap_top(ctx, -2);
	duk_put_prop_literal(ctx, -2, "value");
	duk_push_boolean(ctx, done);
	duk_put_prop_literal(ctx, -2, "done");
}

duk_ret_t lg__pf_done_result(duk_context *ctx)
{
	duk_push_undefined(ctx);
	lg__pf_push_result(ctx, true);
	return 1;
}

void lg__pf_def_hidden(duk_context *ctx, duk_idx_t obj, duk_uint_t flags)
{
	duk_def_prop(ctx, obj, flags | DUK_DEFPROP_SET_CONFIGURABLE | DUK_DEFPROP_CLEAR_ENUMERABLE);
}

/* ---- iteration ---------------------------------------------------------- */

static void push_values_fn(duk_context *ctx)
{
	duk_push_c_lightfunc(ctx, lg__pf_array_values, 0, 0, IT_VALUES);
}

struct each {
	lg__pf_each_fn fn;
	void *udata;
};

static duk_ret_t each_safe(duk_context *ctx, void *udata)
{
	const struct each *e = udata;

	return e->fn(ctx, e->udata);
}

void lg__pf_iterate(duk_context *ctx, duk_idx_t idx, lg__pf_each_fn fn, void *udata)
{
	duk_idx_t it, next;
	struct each e = { fn, udata };

	idx = duk_normalize_index(ctx, idx);
	if (duk_is_null_or_undefined(ctx, idx)) {
		lg__pf_push_desc(ctx, idx);
		(void)duk_type_error(ctx, "%s is not iterable", duk_get_string(ctx, -1));
	}
	lg__pf_push_state_slot(ctx, ST_ITER);
	duk_get_prop(ctx, idx);
	push_values_fn(ctx);
	if (duk_is_array(ctx, idx) && duk_strict_equals(ctx, -1, -2)) {
		/* an array with the standard iterator: no iterator objects */
		duk_pop_2(ctx);
		for (double i = 0; i < lg__pf_length_of(ctx, idx); i++) {
			lg__pf_get_index(ctx, idx, i);
			fn(ctx, udata);
		}
		return;
	}
	duk_pop(ctx);
	if (!duk_is_callable(ctx, -1)) {
		lg__pf_push_desc(ctx, idx);
		(void)duk_type_error(ctx, "%s is not iterable", duk_get_string(ctx, -1));
	}
	duk_dup(ctx, idx);
	duk_call_method(ctx, 0);
	if (!duk_is_object(ctx, -1))
		(void)duk_type_error(ctx, "Result of the Symbol.iterator method is not an object");
	it = duk_get_top_index(ctx);
	duk_get_prop_literal(ctx, it, "next");
	next = duk_get_top_index(ctx);
	for (;;) {
		duk_dup(ctx, next);
		duk_dup(ctx, it);
		duk_call_method(ctx, 0);
		if (!duk_is_object(ctx, -1)) {
			lg__pf_push_desc(ctx, -1);
			(void)duk_type_error(ctx, "Iterator result %s is not an object",
			                     duk_get_string(ctx, -1));
		}
		duk_get_prop_literal(ctx, -1, "done");
		if (duk_to_boolean(ctx, -1)) {
			duk_pop_2(ctx);
			break;
		}
		duk_pop(ctx);
		duk_get_prop_literal(ctx, -1, "value");
		duk_remove(ctx, -2);
		if (duk_safe_call(ctx, each_safe, &e, 1, 1) != DUK_EXEC_SUCCESS) {
			duk_get_prop_literal(ctx, it, "return");
			if (duk_is_callable(ctx, -1)) {
				duk_dup(ctx, it);
				(void)duk_pcall_method(ctx, 0);
			}
			duk_pop(ctx);
			(void)duk_throw(ctx);
		}
		duk_pop(ctx);
	}
	duk_pop_2(ctx);
}

/* %IteratorPrototype%: [Symbol.iterator]() { return this; } */
static duk_ret_t return_this(duk_context *ctx)
{
	duk_push_this(ctx);
	return 1;
}

void lg__pf_push_iter_proto(duk_context *ctx)
{
	lg__pf_push_state_slot(ctx, ST_ITER_PROTO);
	if (!duk_is_undefined(ctx, -1))
		return;
	duk_pop(ctx);
	duk_push_object(ctx);
	lg__pf_push_state_slot(ctx, ST_ITER);
	duk_push_c_lightfunc(ctx, return_this, 0, 0, 0);
	lg__pf_def_hidden(ctx, -3, DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_WRITABLE);
	duk_dup_top(ctx);
	lg__pf_put_state_slot(ctx, ST_ITER_PROTO);
}

/* A prototype inheriting %IteratorPrototype% with next(). */
void lg__pf_push_iter_kind_proto(duk_context *ctx, int slot, duk_c_function next)
{
	lg__pf_push_state_slot(ctx, slot);
	if (!duk_is_undefined(ctx, -1))
		return;
	duk_pop(ctx);
	duk_push_object(ctx);
	lg__pf_push_iter_proto(ctx);
	duk_set_prototype(ctx, -2);
	duk_push_string(ctx, "next");
	duk_push_c_lightfunc(ctx, next, 0, 0, 0);
	lg__pf_def_hidden(ctx, -3, DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_WRITABLE);
	duk_dup_top(ctx);
	lg__pf_put_state_slot(ctx, slot);
}
