/* SPDX-License-Identifier: Apache-2.0 */
/*
 * polyfill_es.c - iterators and the ES2015-ES2023 Array, %TypedArray%,
 * Object and String methods Duktape 2.7 lacks, as C functions installed as
 * lightfuncs (no heap object per method; see polyfill.c).  Each follows the
 * specification's steps closely enough that the programs in tests/polyfill
 * print what Node.js prints.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lg/base.h"
#include "polyfill_int.h"

static duk_ret_t array_iter_next(duk_context *ctx)
{
	double i, n;
	int kind;

	duk_push_this(ctx); /* 0 */
	duk_get_prop_literal(ctx, 0, K_TARGET);
	if (duk_is_undefined(ctx, 1))
		return lg__pf_done_result(ctx);
	duk_get_prop_literal(ctx, 0, K_INDEX);
	i = duk_get_number(ctx, -1);
	duk_get_prop_literal(ctx, 0, K_KIND);
	kind = duk_get_int(ctx, -1);
	duk_pop_2(ctx);
	n = kind == IT_STRING ? (double)duk_get_length(ctx, 1) : lg__pf_length_of(ctx, 1);
	if (i >= n) {
		duk_push_undefined(ctx);
		duk_put_prop_literal(ctx, 0, K_TARGET);
		return lg__pf_done_result(ctx);
	}
	if (kind == IT_STRING) {
		duk_size_t at = (duk_size_t)i, step = 1;
		duk_codepoint_t c = duk_char_code_at(ctx, 1, at);

		if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n) {
			duk_codepoint_t d = duk_char_code_at(ctx, 1, at + 1);
			if (d >= 0xDC00 && d <= 0xDFFF)
				step = 2;
		}
		duk_dup(ctx, 1);
		duk_substring(ctx, -1, at, at + step);
		i += (double)step;
		duk_push_number(ctx, i);
		duk_put_prop_literal(ctx, 0, K_INDEX);
		lg__pf_push_result(ctx, false);
		return 1;
	}
	duk_push_number(ctx, i + 1);
	duk_put_prop_literal(ctx, 0, K_INDEX);
	if (kind == IT_KEYS) {
		duk_push_number(ctx, i);
	} else if (kind == IT_VALUES) {
		lg__pf_get_index(ctx, 1, i);
	} else {
		duk_push_array(ctx);
		duk_push_number(ctx, i);
		duk_put_prop_index(ctx, -2, 0);
		lg__pf_get_index(ctx, 1, i);
		duk_put_prop_index(ctx, -2, 1);
	}
	lg__pf_push_result(ctx, false);
	return 1;
}

/* An iterator over the value at the top (popped). */
static duk_ret_t push_array_iter(duk_context *ctx, int kind)
{
	duk_push_object(ctx);
	lg__pf_push_iter_kind_proto(ctx, ST_ARRAY_ITER_PROTO, array_iter_next);
	duk_set_prototype(ctx, -2);
	duk_swap_top(ctx, -2);
	duk_put_prop_literal(ctx, -2, K_TARGET);
	duk_push_int(ctx, 0);
	duk_put_prop_literal(ctx, -2, K_INDEX);
	duk_push_int(ctx, kind);
	duk_put_prop_literal(ctx, -2, K_KIND);
	return 1;
}

/* Array.prototype.keys/values/entries and [Symbol.iterator], also on typed arrays. */
duk_ret_t lg__pf_array_values(duk_context *ctx)
{
	lg__pf_push_this_object(ctx, "Array.prototype.values");
	return push_array_iter(ctx, duk_get_current_magic(ctx));
}

duk_ret_t lg__pf_string_iterator(duk_context *ctx)
{
	lg__pf_push_this_string(ctx, "[Symbol.iterator]");
	return push_array_iter(ctx, IT_STRING);
}

/* ---- Array -------------------------------------------------------------- */

/* find, findIndex, findLast, findLastIndex: magic bit 0 = from the end, bit 1 = index. */
duk_ret_t lg__pf_array_find(duk_context *ctx)
{
	int m = duk_get_current_magic(ctx);
	duk_idx_t o = lg__pf_push_this_object(ctx, "Array.prototype.find");
	double n = lg__pf_length_of(ctx, o);

	lg__pf_require_callable(ctx, 0);
	for (double k = 0; k < n; k++) {
		double i = (m & 1) ? n - 1 - k : k;

		lg__pf_get_index(ctx, o, i); /* the value */
		duk_dup(ctx, 0);
		duk_dup(ctx, 1);
		duk_dup(ctx, -3);
		duk_push_number(ctx, i);
		duk_dup(ctx, o);
		duk_call_method(ctx, 3);
		if (duk_to_boolean(ctx, -1)) {
			duk_pop(ctx);
			if (m & 2)
				duk_push_number(ctx, i);
			return 1;
		}
		duk_pop_2(ctx);
	}
	if (m & 2)
		duk_push_int(ctx, -1);
	else
		duk_push_undefined(ctx);
	return 1;
}

duk_ret_t lg__pf_array_includes(duk_context *ctx)
{
	duk_idx_t o = lg__pf_push_this_object(ctx, "Array.prototype.includes");
	double n = lg__pf_length_of(ctx, o);

	for (double i = n ? lg__pf_relative(ctx, 1, n) : 0; i < n; i++) {
		lg__pf_get_index(ctx, o, i);
		if (lg__pf_same_value_zero(ctx, -1, 0)) {
			duk_push_true(ctx);
			return 1;
		}
		duk_pop(ctx);
	}
	duk_push_false(ctx);
	return 1;
}

duk_ret_t lg__pf_array_fill(duk_context *ctx)
{
	duk_idx_t o = lg__pf_push_this_object(ctx, "Array.prototype.fill");
	double n = lg__pf_length_of(ctx, o);
	double end = duk_is_undefined(ctx, 2) ? n : lg__pf_relative(ctx, 2, n);

	for (double i = lg__pf_relative(ctx, 1, n); i < end; i++) {
		duk_dup(ctx, 0);
		lg__pf_put_index(ctx, o, i);
	}
	duk_dup(ctx, o);
	return 1;
}

/* Array.prototype.at and String.prototype.at */
duk_ret_t lg__pf_array_at(duk_context *ctx)
{
	duk_idx_t o;
	double n, k;

	duk_push_this(ctx);
	if (duk_is_string(ctx, -1)) {
		o = duk_get_top_index(ctx);
		n = (double)duk_get_length(ctx, o);
		k = lg__pf_to_integer(ctx, 0);
		if (k < 0)
			k += n;
		if (k < 0 || k >= n)
			return 0;
		duk_substring(ctx, o, (duk_size_t)k, (duk_size_t)k + 1);
		return 1;
	}
	duk_pop(ctx);
	o = lg__pf_push_this_object(ctx, "Array.prototype.at");
	n = lg__pf_length_of(ctx, o);
	k = lg__pf_to_integer(ctx, 0);
	if (k < 0)
		k += n;
	if (k < 0 || k >= n)
		return 0;
	lg__pf_get_index(ctx, o, k);
	return 1;
}

/* fn: the mapper's index (thisArg after it), or NO_FN */
#define NO_FN DUK_INVALID_INDEX

static void flatten(duk_context *ctx, duk_idx_t out, double *n_out, duk_idx_t src, double depth,
                    duk_idx_t fn)
{
	double n = lg__pf_length_of(ctx, src);

	for (double i = 0; i < n; i++) {
		if (!lg__pf_has_index(ctx, src, i))
			continue;
		lg__pf_get_index(ctx, src, i);
		if (fn != NO_FN) {
			duk_dup(ctx, fn);
			duk_dup(ctx, fn + 1);
			duk_dup(ctx, -3);
			duk_push_number(ctx, i);
			duk_dup(ctx, src);
			duk_call_method(ctx, 3);
			duk_remove(ctx, -2);
		}
		if (depth > 0 && duk_is_array(ctx, -1)) {
			duk_require_stack(ctx, 8);
			flatten(ctx, out, n_out, duk_get_top_index(ctx),
			        fn != NO_FN ? 0 : depth - 1, NO_FN);
			duk_pop(ctx);
		} else {
			lg__pf_put_index(ctx, out, (*n_out)++);
		}
	}
}

duk_ret_t lg__pf_array_flat(duk_context *ctx)
{
	duk_idx_t o = lg__pf_push_this_object(ctx, "Array.prototype.flat");
	double depth = duk_is_undefined(ctx, 0) ? 1 : lg__pf_to_integer(ctx, 0), n = 0;

	duk_push_array(ctx);
	flatten(ctx, o + 1, &n, o, depth, NO_FN);
	return 1;
}

duk_ret_t lg__pf_array_flat_map(duk_context *ctx)
{
	duk_idx_t o = lg__pf_push_this_object(ctx, "Array.prototype.flatMap");
	double n = 0;

	lg__pf_require_callable(ctx, 0);
	duk_push_array(ctx);
	flatten(ctx, o + 1, &n, o, 1, 0); /* the mapper at 0, thisArg at 1 */
	return 1;
}

duk_ret_t lg__pf_array_copy_within(duk_context *ctx)
{
	duk_idx_t o = lg__pf_push_this_object(ctx, "Array.prototype.copyWithin");
	double n = lg__pf_length_of(ctx, o), to = lg__pf_relative(ctx, 0, n),
	       from = lg__pf_relative(ctx, 1, n);
	double fin = duk_is_undefined(ctx, 2) ? n : lg__pf_relative(ctx, 2, n);
	double count = fmin(fin - from, n - to), dir = 1;

	if (from < to && to < from + count) {
		dir = -1;
		from += count - 1;
		to += count - 1;
	}
	for (; count > 0; count--, from += dir, to += dir) {
		if (lg__pf_has_index(ctx, o, from)) {
			lg__pf_get_index(ctx, o, from);
			lg__pf_put_index(ctx, o, to);
		} else {
			lg__pf_del_index(ctx, o, to);
		}
	}
	duk_dup(ctx, o);
	return 1;
}

struct from_state {
	duk_idx_t out, fn; /* fn: NO_FN or the mapper's index (thisArg after it) */
	double n;
};

static duk_ret_t from_each(duk_context *ctx, void *udata)
{
	struct from_state *s = udata;

	if (s->fn != NO_FN) {
		duk_dup(ctx, s->fn);
		duk_dup(ctx, s->fn + 1);
		duk_dup(ctx, -3);
		duk_push_number(ctx, s->n);
		duk_call_method(ctx, 2);
		duk_remove(ctx, -2);
	}
	lg__pf_put_index(ctx, s->out, s->n++);
	return 0;
}

/* Array.from(items, mapFn, thisArg): args 0..2 */
duk_ret_t lg__pf_array_from(duk_context *ctx)
{
	struct from_state s = { 4, NO_FN, 0 };

	if (!duk_is_undefined(ctx, 1)) {
		lg__pf_require_callable(ctx, 1);
		s.fn = 1;
	}
	if (duk_is_null_or_undefined(ctx, 0)) {
		lg__pf_push_desc(ctx, 0);
		return duk_type_error(ctx, "%s is not iterable", duk_get_string(ctx, -1));
	}
	duk_push_this(ctx); /* 3 */
	duk_push_array(ctx);
	lg__pf_push_state_slot(ctx, ST_ITER);
	duk_get_prop(ctx, 0);
	if (!duk_is_null_or_undefined(ctx, -1)) {
		duk_pop(ctx);
		lg__pf_iterate(ctx, 0, from_each, &s);
	} else {
		double n;

		duk_pop(ctx);
		duk_dup(ctx, 0);
		duk_to_object(ctx, -1);
		n = lg__pf_length_of(ctx, -1);
		for (double i = 0; i < n; i++) {
			lg__pf_get_index(ctx, 5, i);
			from_each(ctx, &s);
		}
		duk_pop(ctx);
	}
	lg__pf_push_state_slot(ctx, OW_ARRAY);
	if (duk_is_constructable(ctx, 3) && !duk_strict_equals(ctx, 3, -1)) {
		/* a subclass or another constructor: new C(len), then copy */
		duk_dup(ctx, 3);
		duk_push_number(ctx, s.n);
		duk_new(ctx, 1);
		for (double i = 0; i < s.n; i++) {
			lg__pf_get_index(ctx, 4, i);
			lg__pf_put_index(ctx, -2, i);
		}
		duk_push_number(ctx, s.n);
		duk_put_prop_literal(ctx, -2, "length");
		return 1;
	}
	duk_pop(ctx);
	return 1;
}

duk_ret_t lg__pf_array_of(duk_context *ctx)
{
	duk_idx_t n = duk_get_top(ctx);

	duk_push_array(ctx);
	for (duk_idx_t i = 0; i < n; i++) {
		duk_dup(ctx, i);
		duk_put_prop_index(ctx, -2, (duk_uarridx_t)i);
	}
	return 1;
}

/* ---- %TypedArray%.prototype ------------------------------------------------ */

/* new this.constructor(arg at the top), replacing the argument. */
static void new_like_this(duk_context *ctx)
{
	duk_push_this(ctx);
	duk_get_prop_literal(ctx, -1, "constructor");
	duk_remove(ctx, -2);
	duk_swap_top(ctx, -2);
	duk_new(ctx, 1);
}

duk_ret_t lg__pf_typed_slice(duk_context *ctx)
{
	duk_idx_t o = lg__pf_push_this_object(ctx, "%TypedArray%.prototype.slice");
	double n = lg__pf_length_of(ctx, o), a = lg__pf_relative(ctx, 0, n);
	double b = duk_is_undefined(ctx, 1) ? n : lg__pf_relative(ctx, 1, n);

	duk_push_number(ctx, b > a ? b - a : 0);
	new_like_this(ctx);
	for (double i = a; i < b; i++) {
		lg__pf_get_index(ctx, o, i);
		lg__pf_put_index(ctx, -2, i - a);
	}
	return 1;
}

/* map (magic 0) and filter (magic 1) */
duk_ret_t lg__pf_typed_map(duk_context *ctx)
{
	bool filter = duk_get_current_magic(ctx) == 1;
	duk_idx_t o = lg__pf_push_this_object(ctx, "%TypedArray%.prototype.map");
	double n = lg__pf_length_of(ctx, o), k = 0;

	lg__pf_require_callable(ctx, 0);
	if (filter) {
		duk_push_array(ctx);
	} else {
		duk_push_number(ctx, n);
		new_like_this(ctx);
	}
	for (double i = 0; i < n; i++) {
		lg__pf_get_index(ctx, o, i);
		duk_dup(ctx, 0);
		duk_dup(ctx, 1);
		duk_dup(ctx, -3);
		duk_push_number(ctx, i);
		duk_dup(ctx, o);
		duk_call_method(ctx, 3);
		if (!filter) {
			lg__pf_put_index(ctx, o + 1, i);
			duk_pop(ctx);
		} else if (duk_to_boolean(ctx, -1)) {
			duk_pop(ctx);
			lg__pf_put_index(ctx, o + 1, k++);
		} else {
			duk_pop_2(ctx);
		}
	}
	if (filter)
		new_like_this(ctx);
	return 1;
}

/* The default numeric order: -0 before +0, NaN last. */
static int cmp_numbers(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	if (isnan(a) || isnan(b))
		return (isnan(a) != 0) - (isnan(b) != 0);
	if (a < b)
		return -1;
	if (a > b)
		return 1;
	return (signbit(b) != 0) - (signbit(a) != 0); /* -0 before +0 */
}

duk_ret_t lg__pf_typed_sort(duk_context *ctx)
{
	duk_idx_t o = lg__pf_push_this_object(ctx, "%TypedArray%.prototype.sort");
	double n = lg__pf_length_of(ctx, o);
	size_t len = (size_t)n;
	double *v, *tmp;

	if (!duk_is_undefined(ctx, 0))
		lg__pf_require_callable(ctx, 0);
	v = duk_push_fixed_buffer(ctx, (len ? len : 1) * 2 * sizeof(double));
	tmp = v + len;
	for (size_t i = 0; i < len; i++) {
		lg__pf_get_index(ctx, o, (double)i);
		v[i] = duk_to_number(ctx, -1);
		duk_pop(ctx);
	}
	if (duk_is_undefined(ctx, 0)) {
		qsort(v, len, sizeof(*v), cmp_numbers);
	} else {
		/* stable bottom-up merge sort calling the comparator */
		for (size_t w = 1; w < len; w *= 2) {
			for (size_t lo = 0; lo < len; lo += 2 * w) {
				size_t mid = lo + w < len ? lo + w : len;
				size_t hi = lo + 2 * w < len ? lo + 2 * w : len, a = lo, b = mid,
				       k = lo;
				while (a < mid || b < hi) {
					bool take_b = false;
					if (a < mid && b < hi) {
						double r;
						duk_dup(ctx, 0);
						duk_push_number(ctx, v[a]);
						duk_push_number(ctx, v[b]);
						duk_call(ctx, 2);
						r = duk_to_number(ctx, -1);
						duk_pop(ctx);
						take_b = r > 0;
					} else {
						take_b = a >= mid;
					}
					tmp[k++] = take_b ? v[b++] : v[a++];
				}
			}
			memcpy(v, tmp, len * sizeof(*v));
		}
	}
	for (size_t i = 0; i < len; i++) {
		duk_push_number(ctx, v[i]);
		lg__pf_put_index(ctx, o, (double)i);
	}
	duk_dup(ctx, o);
	return 1;
}

/* ---- Object ------------------------------------------------------------- */

static duk_idx_t push_to_object(duk_context *ctx, duk_idx_t idx)
{
	if (duk_is_null_or_undefined(ctx, idx))
		(void)duk_type_error(ctx, "Cannot convert undefined or null to object");
	duk_dup(ctx, idx);
	duk_to_object(ctx, -1);
	return duk_get_top_index(ctx);
}

/* Call Object.<name>(value at idx), result pushed. */
static void call_object_fn(duk_context *ctx, const char *name, duk_idx_t idx)
{
	idx = duk_normalize_index(ctx, idx);
	lg__pf_push_state_slot(ctx, OW_OBJECT);
	duk_push_string(ctx, name);
	duk_dup(ctx, idx);
	duk_call_prop(ctx, -3, 1);
	duk_remove(ctx, -2);
}

/* Object.entries (magic 1) and Object.values (magic 0) */
duk_ret_t lg__pf_object_entries(duk_context *ctx)
{
	bool entries = duk_get_current_magic(ctx) == 1;
	duk_idx_t o = push_to_object(ctx, 0), keys, out;
	duk_uarridx_t k = 0;

	call_object_fn(ctx, "keys", o);
	keys = duk_get_top_index(ctx);
	duk_push_array(ctx);
	out = duk_get_top_index(ctx);
	for (duk_size_t i = 0, n = duk_get_length(ctx, keys); i < n; i++) {
		duk_get_prop_index(ctx, keys, (duk_uarridx_t)i); /* key */
		duk_dup_top(ctx);
		duk_get_prop_desc(ctx, o, 0);
		if (!duk_is_object(ctx, -1) ||
		    (duk_get_prop_literal(ctx, -1, "enumerable"), !duk_to_boolean(ctx, -1))) {
			duk_set_top(ctx, out + 1);
			continue;
		}
		duk_set_top(ctx, out + 2); /* the key */
		duk_dup_top(ctx);
		duk_get_prop(ctx, o);
		if (entries) {
			duk_push_array(ctx);
			duk_dup(ctx, -3);
			duk_put_prop_index(ctx, -2, 0);
			duk_swap_top(ctx, -2);
			duk_put_prop_index(ctx, -2, 1);
		}
		duk_put_prop_index(ctx, out, k++);
		duk_pop(ctx);
	}
	return 1;
}

static void def_data(duk_context *ctx, duk_idx_t obj)
{
	duk_def_prop(ctx, obj,
	             DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_WRITABLE |
	                 DUK_DEFPROP_SET_ENUMERABLE | DUK_DEFPROP_SET_CONFIGURABLE);
}

static duk_ret_t from_entries_each(duk_context *ctx, void *udata)
{
	duk_idx_t out = *(duk_idx_t *)udata;

	if (!duk_is_object(ctx, -1)) {
		lg__pf_push_desc(ctx, -1);
		return duk_type_error(ctx, "Iterator value %s is not an entry object",
		                      duk_get_string(ctx, -1));
	}
	duk_get_prop_index(ctx, -1, 0);
	if (!duk_is_symbol(ctx, -1))
		duk_to_string(ctx, -1);
	duk_get_prop_index(ctx, -2, 1);
	def_data(ctx, out);
	duk_pop(ctx);
	return 0;
}

duk_ret_t lg__pf_object_from_entries(duk_context *ctx)
{
	duk_idx_t out;

	duk_push_object(ctx);
	out = duk_get_top_index(ctx);
	lg__pf_iterate(ctx, 0, from_entries_each, &out);
	duk_dup(ctx, out);
	return 1;
}

duk_ret_t lg__pf_object_descriptors(duk_context *ctx)
{
	duk_idx_t o = push_to_object(ctx, 0), keys, out;

	duk_get_global_literal(ctx, "Reflect");
	duk_push_string(ctx, "ownKeys");
	duk_dup(ctx, o);
	duk_call_prop(ctx, -3, 1);
	keys = duk_get_top_index(ctx);
	duk_push_object(ctx);
	out = duk_get_top_index(ctx);
	for (duk_size_t i = 0, n = duk_get_length(ctx, keys); i < n; i++) {
		duk_get_prop_index(ctx, keys, (duk_uarridx_t)i);
		duk_dup_top(ctx);
		duk_get_prop_desc(ctx, o, 0);
		if (duk_is_undefined(ctx, -1))
			duk_pop_2(ctx);
		else
			def_data(ctx, out);
	}
	return 1;
}

duk_ret_t lg__pf_object_has_own(duk_context *ctx)
{
	duk_idx_t o = push_to_object(ctx, 0);

	duk_dup(ctx, 1);
	duk_get_prop_desc(ctx, o, 0);
	duk_push_boolean(ctx, !duk_is_undefined(ctx, -1));
	return 1;
}

/* ---- String ------------------------------------------------------------- */

/* padStart (magic 1) and padEnd (magic 0) */
duk_ret_t lg__pf_string_pad(duk_context *ctx)
{
	bool start = duk_get_current_magic(ctx) == 1;
	duk_idx_t s = lg__pf_push_this_string(ctx, start ? "padStart" : "padEnd");
	double len = (double)duk_get_length(ctx, s), max, need;
	duk_size_t flen, fbytes;
	const char *fill;
	struct lg_buf b = { 0 };

	duk_dup(ctx, 0);
	max = lg__pf_to_integer(ctx, -1);
	duk_pop(ctx);
	if (duk_is_undefined(ctx, 1))
		duk_push_string(ctx, " ");
	else
		duk_dup(ctx, 1);
	fill = duk_to_lstring(ctx, -1, &fbytes);
	flen = duk_get_length(ctx, -1);
	need = max - len;
	if (need <= 0 || flen == 0) {
		duk_dup(ctx, s);
		return 1;
	}
	if (need > 536870888.0)
		return duk_range_error(ctx, "Invalid string length");
	for (double have = 0; have < need; have += (double)flen)
		lg_buf_append(&b, fill, fbytes);
	duk_push_lstring(ctx, b.data, b.len);
	lg_buf_free(&b);
	duk_substring(ctx, -1, 0, (duk_size_t)need);
	if (start) {
		duk_dup(ctx, s);
	} else {
		duk_dup(ctx, s);
		duk_swap_top(ctx, -2);
	}
	duk_concat(ctx, 2);
	return 1;
}

static bool is_space(duk_codepoint_t c)
{
	return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0xA0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
	       c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

/* trimStart (magic 1) and trimEnd (magic 2) */
duk_ret_t lg__pf_string_trim(duk_context *ctx)
{
	int m = duk_get_current_magic(ctx);
	duk_idx_t s = lg__pf_push_this_string(ctx, m == 1 ? "trimStart" : "trimEnd");
	duk_size_t a = 0, b = duk_get_length(ctx, s);

	if (m == 1)
		while (a < b && is_space(duk_char_code_at(ctx, s, a)))
			a++;
	else
		while (b > a && is_space(duk_char_code_at(ctx, s, b - 1)))
			b--;
	duk_substring(ctx, s, a, b);
	return 1;
}

static bool is_regexp(duk_context *ctx, duk_idx_t idx)
{
	bool yes;

	idx = duk_normalize_index(ctx, idx);
	if (!duk_is_object(ctx, idx))
		return false;
	duk_get_global_literal(ctx, "RegExp");
	yes = duk_instanceof(ctx, idx, -1);
	duk_pop(ctx);
	return yes;
}

/* new RegExp(pattern at the top, flags), replacing the pattern. */
static void new_regexp(duk_context *ctx, const char *flags)
{
	duk_get_global_literal(ctx, "RegExp");
	duk_swap_top(ctx, -2);
	duk_push_string(ctx, flags);
	duk_new(ctx, 2);
}

duk_ret_t lg__pf_string_replace_all(duk_context *ctx)
{
	duk_idx_t s = lg__pf_push_this_string(ctx, "replaceAll");

	if (is_regexp(ctx, 0)) {
		duk_get_prop_literal(ctx, 0, "global");
		if (!duk_to_boolean(ctx, -1))
			return duk_type_error(ctx,
			                      "replaceAll must be called with a global RegExp");
		duk_pop(ctx);
		duk_dup(ctx, 0);
	} else {
		duk_size_t n;
		const char *p = duk_to_lstring(ctx, 0, &n);
		struct lg_buf b = { 0 };

		for (duk_size_t i = 0; i < n; i++) {
			if (p[i] && strchr("\\^$.*+?()[]{}|/", p[i]))
				lg_buf_putc(&b, '\\');
			lg_buf_putc(&b, p[i]);
		}
		duk_push_lstring(ctx, b.data ? b.data : "", b.len);
		lg_buf_free(&b);
		new_regexp(ctx, "g");
	}
	duk_push_string(ctx, "replace"); /* s.replace(re, rep) */
	duk_swap_top(ctx, -2);
	duk_dup(ctx, 1);
	if (!duk_is_callable(ctx, -1))
		duk_to_string(ctx, -1);
	duk_call_prop(ctx, s, 2);
	return 1;
}

static duk_ret_t regexp_iter_next(duk_context *ctx)
{
	duk_push_this(ctx); /* 0 */
	duk_get_prop_literal(ctx, 0, K_TARGET);
	if (duk_is_undefined(ctx, 1))
		return lg__pf_done_result(ctx);
	duk_push_string(ctx, "exec");
	duk_get_prop_literal(ctx, 0, K_INDEX); /* the string */
	duk_call_prop(ctx, 1, 1);
	if (duk_is_null(ctx, -1)) {
		duk_push_undefined(ctx);
		duk_put_prop_literal(ctx, 0, K_TARGET);
		return lg__pf_done_result(ctx);
	}
	duk_get_prop_index(ctx, -1, 0);
	duk_to_string(ctx, -1);
	if (duk_get_length(ctx, -1) == 0) { /* an empty match: step over it */
		double li;

		duk_get_prop_literal(ctx, 1, "lastIndex");
		li = lg__pf_to_integer(ctx, -1);
		duk_pop(ctx);
		duk_push_number(ctx, (li < 0 ? 0 : li) + 1);
		duk_put_prop_literal(ctx, 1, "lastIndex");
	}
	duk_pop(ctx);
	lg__pf_push_result(ctx, false);
	return 1;
}

duk_ret_t lg__pf_string_match_all(duk_context *ctx)
{
	duk_idx_t s = lg__pf_push_this_string(ctx, "matchAll");

	if (is_regexp(ctx, 0)) {
		duk_get_prop_literal(ctx, 0, "global");
		if (!duk_to_boolean(ctx, -1))
			return duk_type_error(
			    ctx,
			    "String.prototype.matchAll called with a non-global RegExp argument");
		char flags[4] = "g";
		size_t nf = 1;

		duk_pop(ctx);
		duk_get_prop_literal(ctx, 0, "ignoreCase");
		if (duk_to_boolean(ctx, -1))
			flags[nf++] = 'i';
		duk_get_prop_literal(ctx, 0, "multiline");
		if (duk_to_boolean(ctx, -1))
			flags[nf++] = 'm';
		flags[nf] = '\0';
		duk_pop_2(ctx);
		duk_get_prop_literal(ctx, 0, "source");
		new_regexp(ctx, flags);
		duk_get_prop_literal(ctx, 0, "lastIndex");
		duk_put_prop_literal(ctx, -2, "lastIndex");
	} else {
		if (duk_is_undefined(ctx, 0))
			duk_push_string(ctx, "(?:)");
		else
			duk_dup(ctx, 0);
		duk_to_string(ctx, -1);
		new_regexp(ctx, "g");
	}
	duk_push_object(ctx);
	lg__pf_push_iter_kind_proto(ctx, ST_REGEXP_ITER_PROTO, regexp_iter_next);
	duk_set_prototype(ctx, -2);
	duk_swap_top(ctx, -2);
	duk_put_prop_literal(ctx, -2, K_TARGET);
	duk_dup(ctx, s);
	duk_put_prop_literal(ctx, -2, K_INDEX);
	return 1;
}

duk_ret_t lg__pf_string_raw(duk_context *ctx)
{
	duk_idx_t nargs = duk_get_top(ctx), raw;
	double n;
	int parts = 0;

	if (nargs == 0)
		return duk_type_error(ctx, "Cannot convert undefined or null to object");
	push_to_object(ctx, 0);
	duk_get_prop_literal(ctx, -1, "raw");
	raw = push_to_object(ctx, -1);
	n = lg__pf_length_of(ctx, raw);
	for (double i = 0; i < n; i++) {
		lg__pf_get_index(ctx, raw, i);
		duk_to_string(ctx, -1);
		parts++;
		if (i + 1 < n && i + 1 < nargs) {
			duk_dup(ctx, (duk_idx_t)i + 1);
			duk_to_string(ctx, -1);
			parts++;
		}
	}
	duk_push_string(ctx, "");
	duk_concat(ctx, parts + 1);
	return 1;
}

/* ---- the table of natives ------------------------------------------------ */

const struct lg__pf_native lg__pf_natives[] = {
#define LG_PF_NATIVE(owner, key, fn, nargs, length, magic) \
	{ OW_##owner, nargs, length, magic, fn, key },
#define LG_PF_SHARED(owner, key) { OW_##owner, 0, 0, 0, NULL, key },
#include "polyfill_natives.h"
#undef LG_PF_NATIVE
#undef LG_PF_SHARED
};
const size_t lg__pf_n_natives = sizeof(lg__pf_natives) / sizeof(lg__pf_natives[0]);
