/* SPDX-License-Identifier: Apache-2.0 */
/*
 * polyfill_coll.c - Map, Set, WeakMap and WeakSet in C (a JavaScript
 * version cost ~44 KB in every heap that used them; this costs about 2 KB).
 *
 * Map and Set keep a store: insertion-ordered arrays k and v with holes
 * (HOLE) for deleted entries, and two null-prototype indexes from key to
 * position: hs for string keys, ho for the others (numbers by value, -0 as
 * "0" and NaN as "NaN"; objects by a hidden id; "~true", "~null"...).  Keys
 * that cannot carry an id (frozen objects, symbols, Proxies) are found by a
 * scan (x counts them).  When holes outnumber live entries the store is
 * copied compactly; the old store forwards live iterators to the new one (f,
 * with r mapping old positions to new), so iteration stays correct across
 * deletes and clear(), as the specification requires.
 *
 * WeakMap and WeakSet store the value on the key object itself, under a
 * hidden Symbol of their own: an entry lives exactly as long as its key (real
 * weak semantics).  Keys that cannot carry it (frozen or sealed objects,
 * Proxies, symbols) go to a per-instance store, held strongly.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lg/base.h"
#include "polyfill_int.h"

#define C_STORE DUK_HIDDEN_SYMBOL("lgCs")
#define C_ISMAP DUK_HIDDEN_SYMBOL("lgCm")
#define O_ID DUK_HIDDEN_SYMBOL("lgId")
#define W_SYM DUK_HIDDEN_SYMBOL("lgWs")
#define W_STORE DUK_HIDDEN_SYMBOL("lgWf")
#define HOLE DUK_HIDDEN_SYMBOL("lgHole") /* a value no script can produce */

enum { KIND_KEYS, KIND_VALUES, KIND_ENTRIES, KIND_SET_ENTRIES };

static bool is_hole(duk_context *ctx, duk_idx_t idx)
{
	const char *s;

	if (!duk_is_symbol(ctx, idx))
		return false;
	s = duk_get_string(ctx, idx);
	return s && strcmp(s, HOLE) == 0;
}

static double num_prop(duk_context *ctx, duk_idx_t obj, const char *key)
{
	double v;

	duk_get_prop_string(ctx, obj, key);
	v = duk_get_number_default(ctx, -1, 0);
	duk_pop(ctx);
	return v;
}

static void set_num_prop(duk_context *ctx, duk_idx_t obj, const char *key, double v)
{
	obj = duk_normalize_index(ctx, obj);
	duk_push_number(ctx, v);
	duk_put_prop_string(ctx, obj, key);
}

/* Does obj (an object) have an own property key (pushed, consumed)? */
static bool has_own(duk_context *ctx, duk_idx_t obj)
{
	bool yes;

	duk_get_prop_desc(ctx, obj, 0);
	yes = !duk_is_undefined(ctx, -1);
	duk_pop(ctx);
	return yes;
}

static bool is_extensible(duk_context *ctx, duk_idx_t obj)
{
	bool yes;

	obj = duk_normalize_index(ctx, obj);
	duk_get_global_literal(ctx, "Object");
	duk_push_string(ctx, "isExtensible");
	duk_dup(ctx, obj);
	duk_call_prop(ctx, -3, 1);
	yes = duk_to_boolean(ctx, -1);
	duk_pop_2(ctx);
	return yes;
}

/* A new number for ids and hidden Symbols, per heap. */
static double next_seq(duk_context *ctx)
{
	double n;

	duk_push_global_stash(ctx);
	n = num_prop(ctx, -1, DUK_HIDDEN_SYMBOL("lgSeq")) + 1;
	set_num_prop(ctx, -1, DUK_HIDDEN_SYMBOL("lgSeq"), n);
	duk_pop(ctx);
	return n;
}

/* Push the hidden id of the object at idx (made if `make`); false if it cannot have one. */
static bool push_oid(duk_context *ctx, duk_idx_t o, bool make)
{
	o = duk_normalize_index(ctx, o);
	duk_push_string(ctx, O_ID);
	if (has_own(ctx, o)) {
		duk_get_prop_literal(ctx, o, O_ID);
		if (duk_is_string(ctx, -1))
			return true;
		duk_pop(ctx);
		return false;
	}
	if (!make || !is_extensible(ctx, o))
		return false;
	duk_get_prop_literal(ctx, o, O_ID);
	if (!duk_is_undefined(ctx, -1)) { /* inherited, or a Proxy's target */
		duk_pop(ctx);
		return false;
	}
	duk_pop(ctx);
	duk_push_sprintf(ctx, "#%.0f", next_seq(ctx));
	duk_dup_top(ctx);
	duk_put_prop_literal(ctx, o, O_ID);
	duk_push_string(ctx, O_ID);
	if (has_own(ctx, o))
		return true;
	duk_pop(ctx);
	duk_del_prop_literal(ctx, o, O_ID); /* a Proxy: the write went to its target */
	return false;
}

/* Push the ho index key of a non-string key; false if it must be found by a scan. */
static bool push_hkey(duk_context *ctx, duk_idx_t k, bool make)
{
	switch (duk_get_type(ctx, k)) {
	case DUK_TYPE_NUMBER:
		if (duk_get_number(ctx, k) == 0) {
			duk_push_string(ctx, "0");
		} else {
			duk_dup(ctx, k);
			duk_to_string(ctx, -1);
		}
		return true;
	case DUK_TYPE_OBJECT:
		return push_oid(ctx, k, make);
	case DUK_TYPE_NULL:
		duk_push_string(ctx, "~null");
		return true;
	case DUK_TYPE_UNDEFINED:
		duk_push_string(ctx, "~undefined");
		return true;
	case DUK_TYPE_BOOLEAN:
		duk_push_string(ctx, duk_get_boolean(ctx, k) ? "~true" : "~false");
		return true;
	default: /* symbols, lightfuncs, buffers, pointers */
		return false;
	}
}

/* ---- the store ------------------------------------------------------------ */

static void push_new_store(duk_context *ctx)
{
	duk_push_bare_object(ctx);
	duk_push_array(ctx);
	duk_put_prop_literal(ctx, -2, "k");
	duk_push_array(ctx);
	duk_put_prop_literal(ctx, -2, "v");
	duk_push_bare_object(ctx);
	duk_put_prop_literal(ctx, -2, "hs");
	duk_push_bare_object(ctx);
	duk_put_prop_literal(ctx, -2, "ho");
}

/* Position of the key at k in the store at s; -1 if absent. */
static double store_find(duk_context *ctx, duk_idx_t s, duk_idx_t k)
{
	double i = -1;

	s = duk_normalize_index(ctx, s);
	k = duk_normalize_index(ctx, k);
	if (duk_is_string(ctx, k) && !duk_is_symbol(ctx, k)) {
		duk_get_prop_literal(ctx, s, "hs");
		duk_dup(ctx, k);
		duk_get_prop(ctx, -2);
		i = duk_get_number_default(ctx, -1, -1);
		duk_pop_2(ctx);
		return i;
	}
	if (push_hkey(ctx, k, false)) {
		duk_get_prop_literal(ctx, s, "ho");
		duk_swap_top(ctx, -2);
		duk_get_prop(ctx, -2);
		i = duk_get_number_default(ctx, -1, -1);
		duk_pop_2(ctx);
		return i;
	}
	if (num_prop(ctx, s, "x") > 0) {
		duk_get_prop_literal(ctx, s, "k");
		for (duk_size_t j = 0, n = duk_get_length(ctx, -1); j < n && i < 0; j++) {
			duk_get_prop_index(ctx, -1, (duk_uarridx_t)j);
			if (duk_strict_equals(ctx, -1, k))
				i = (double)j;
			duk_pop(ctx);
		}
		duk_pop(ctx);
	}
	return i;
}

/* Append key k, value v (indices) to the store s. */
static void store_add(duk_context *ctx, duk_idx_t s, duk_idx_t k, duk_idx_t v)
{
	duk_uarridx_t at;

	s = duk_normalize_index(ctx, s);
	k = duk_normalize_index(ctx, k);
	v = duk_normalize_index(ctx, v);
	duk_get_prop_literal(ctx, s, "k");
	at = (duk_uarridx_t)duk_get_length(ctx, -1);
	if (duk_is_number(ctx, k) && duk_get_number(ctx, k) == 0)
		duk_push_int(ctx, 0); /* -0 is stored as +0 */
	else
		duk_dup(ctx, k);
	duk_put_prop_index(ctx, -2, at);
	duk_pop(ctx);
	duk_get_prop_literal(ctx, s, "v");
	duk_dup(ctx, v);
	duk_put_prop_index(ctx, -2, at);
	duk_pop(ctx);
	if (duk_is_string(ctx, k) && !duk_is_symbol(ctx, k)) {
		duk_get_prop_literal(ctx, s, "hs");
		duk_dup(ctx, k);
	} else if (push_hkey(ctx, k, true)) {
		duk_get_prop_literal(ctx, s, "ho");
		duk_swap_top(ctx, -2);
	} else {
		set_num_prop(ctx, s, "x", num_prop(ctx, s, "x") + 1);
		goto counted;
	}
	duk_push_uint(ctx, at);
	duk_put_prop(ctx, -3);
	duk_pop(ctx);
counted:
	set_num_prop(ctx, s, "n", num_prop(ctx, s, "n") + 1);
}

/* s.f = t (at the top), s.r = remap (may be undefined, below it); s forgets its entries. */
static void store_retire(duk_context *ctx, duk_idx_t s)
{
	s = duk_normalize_index(ctx, s);
	duk_put_prop_literal(ctx, s, "f");
	duk_put_prop_literal(ctx, s, "r");
	duk_del_prop_literal(ctx, s, "k");
	duk_del_prop_literal(ctx, s, "v");
	duk_del_prop_literal(ctx, s, "hs");
	duk_del_prop_literal(ctx, s, "ho");
}

/*
 * Delete entry i of the store at s; push the store to keep: s, or a compact
 * copy when holes outnumber live entries.
 */
static void store_remove(duk_context *ctx, duk_idx_t s, double i)
{
	double n, d;

	s = duk_normalize_index(ctx, s);
	duk_get_prop_literal(ctx, s, "k");
	duk_get_prop_index(ctx, -1, (duk_uarridx_t)i); /* the key */
	if (duk_is_string(ctx, -1) && !duk_is_symbol(ctx, -1)) {
		duk_get_prop_literal(ctx, s, "hs");
		duk_dup(ctx, -2);
		duk_del_prop(ctx, -2);
		duk_pop(ctx);
	} else if (push_hkey(ctx, -1, false)) {
		duk_get_prop_literal(ctx, s, "ho");
		duk_swap_top(ctx, -2);
		duk_del_prop(ctx, -2);
		duk_pop(ctx);
	} else {
		set_num_prop(ctx, s, "x", num_prop(ctx, s, "x") - 1);
	}
	duk_pop(ctx);
	duk_push_string(ctx, HOLE);
	duk_put_prop_index(ctx, -2, (duk_uarridx_t)i);
	duk_pop(ctx);
	duk_get_prop_literal(ctx, s, "v");
	duk_push_undefined(ctx);
	duk_put_prop_index(ctx, -2, (duk_uarridx_t)i);
	duk_pop(ctx);
	n = num_prop(ctx, s, "n") - 1;
	d = num_prop(ctx, s, "d") + 1;
	set_num_prop(ctx, s, "n", n);
	set_num_prop(ctx, s, "d", d);
	if (d <= 16 || d <= n) {
		duk_dup(ctx, s);
		return;
	}
	/* compact: [remap t] */
	{
		duk_idx_t remap, t, k, v;
		duk_uarridx_t j = 0, len;

		duk_push_array(ctx);
		remap = duk_get_top_index(ctx);
		push_new_store(ctx);
		t = duk_get_top_index(ctx);
		duk_get_prop_literal(ctx, s, "k");
		k = duk_get_top_index(ctx);
		duk_get_prop_literal(ctx, s, "v");
		v = duk_get_top_index(ctx);
		len = (duk_uarridx_t)duk_get_length(ctx, k);
		for (duk_uarridx_t a = 0; a < len; a++) {
			duk_push_uint(ctx, j);
			duk_put_prop_index(ctx, remap, a);
			duk_get_prop_index(ctx, k, a);
			if (!is_hole(ctx, -1)) {
				duk_get_prop_index(ctx, v, a);
				store_add(ctx, t, -2, -1);
				duk_pop(ctx);
				j++;
			}
			duk_pop(ctx);
		}
		duk_push_uint(ctx, j);
		duk_put_prop_index(ctx, remap, len);
		duk_pop_2(ctx);
		duk_dup(ctx, remap);
		duk_dup(ctx, t);
		store_retire(ctx, s);
		duk_remove(ctx, remap); /* t is the store to keep */
	}
}

/*
 * Advance a cursor (an object with hidden K_TARGET store, K_INDEX position)
 * to the next live entry: returns its position, the current store pushed; or
 * -1 (nothing pushed) at the end, which is final.
 */
static double cursor_step(duk_context *ctx, duk_idx_t c)
{
	double i, len;

	c = duk_normalize_index(ctx, c);
	duk_get_prop_literal(ctx, c, K_TARGET);
	if (duk_is_undefined(ctx, -1)) {
		duk_pop(ctx);
		return -1;
	}
	i = num_prop(ctx, c, K_INDEX);
	for (;;) { /* follow forwarding stores */
		duk_get_prop_literal(ctx, -1, "f");
		if (duk_is_undefined(ctx, -1)) {
			duk_pop(ctx);
			break;
		}
		duk_get_prop_literal(ctx, -2, "r");
		if (duk_is_undefined(ctx, -1)) {
			i = 0;
		} else {
			duk_get_prop_index(ctx, -1, (duk_uarridx_t)i);
			i = duk_get_number(ctx, -1);
			duk_pop(ctx);
		}
		duk_pop(ctx);
		duk_remove(ctx, -2);
	}
	duk_get_prop_literal(ctx, -1, "k");
	len = (double)duk_get_length(ctx, -1);
	for (; i < len; i++) {
		bool hole;
		duk_get_prop_index(ctx, -1, (duk_uarridx_t)i);
		hole = is_hole(ctx, -1);
		duk_pop(ctx);
		if (!hole)
			break;
	}
	duk_pop(ctx);
	if (i >= len) {
		duk_pop(ctx);
		duk_push_undefined(ctx);
		duk_put_prop_literal(ctx, c, K_TARGET);
		return -1;
	}
	duk_dup_top(ctx);
	duk_put_prop_literal(ctx, c, K_TARGET);
	set_num_prop(ctx, c, K_INDEX, i + 1);
	return i;
}

/* ---- Map and Set ---------------------------------------------------------- */

/* Push the store of this (magic bit 4: a Map method, else Set); TypeError otherwise. */
static duk_idx_t push_this_store(duk_context *ctx, bool map)
{
	duk_push_this(ctx);
	if (duk_is_object(ctx, -1)) {
		duk_get_prop_literal(ctx, -1, C_STORE);
		if (!duk_is_undefined(ctx, -1) && duk_has_prop_literal(ctx, -2, C_ISMAP) == map) {
			duk_remove(ctx, -2);
			return duk_get_top_index(ctx);
		}
	}
	return duk_type_error(ctx, "Method %s.prototype method called on incompatible receiver",
	                      map ? "Map" : "Set");
}

/* Magic: bit 0 Map (else Set). */
#define IS_MAP(ctx) ((duk_get_current_magic(ctx) & 1) != 0)

static duk_ret_t coll_get(duk_context *ctx)
{
	duk_idx_t s = push_this_store(ctx, true);
	double i = store_find(ctx, s, 0);

	if (i < 0)
		return 0;
	duk_get_prop_literal(ctx, s, "v");
	duk_get_prop_index(ctx, -1, (duk_uarridx_t)i);
	return 1;
}

/* Map.prototype.set (magic 1) and Set.prototype.add (magic 0) */
static duk_ret_t coll_set(duk_context *ctx)
{
	bool map = IS_MAP(ctx);
	duk_idx_t s = push_this_store(ctx, map);
	double i = store_find(ctx, s, 0);

	if (!map)
		duk_dup(ctx, 0);
	if (i < 0) {
		store_add(ctx, s, 0, map ? 1 : -1);
	} else if (map) {
		duk_get_prop_literal(ctx, s, "v");
		duk_dup(ctx, 1);
		duk_put_prop_index(ctx, -2, (duk_uarridx_t)i);
	}
	duk_push_this(ctx);
	return 1;
}

static duk_ret_t coll_has(duk_context *ctx)
{
	duk_idx_t s = push_this_store(ctx, IS_MAP(ctx));

	duk_push_boolean(ctx, store_find(ctx, s, 0) >= 0);
	return 1;
}

static duk_ret_t coll_delete(duk_context *ctx)
{
	duk_idx_t s = push_this_store(ctx, IS_MAP(ctx));
	double i = store_find(ctx, s, 0);

	if (i < 0) {
		duk_push_false(ctx);
		return 1;
	}
	store_remove(ctx, s, i);
	duk_push_this(ctx);
	duk_swap_top(ctx, -2);
	duk_put_prop_literal(ctx, -2, C_STORE);
	duk_push_true(ctx);
	return 1;
}

static duk_ret_t coll_clear(duk_context *ctx)
{
	duk_idx_t s = push_this_store(ctx, IS_MAP(ctx));

	duk_push_undefined(ctx); /* no remap: every position goes to 0 */
	push_new_store(ctx);
	duk_dup_top(ctx);
	duk_insert(ctx, s + 1);
	store_retire(ctx, s);
	duk_push_this(ctx);
	duk_dup(ctx, s + 1);
	duk_put_prop_literal(ctx, -2, C_STORE);
	return 0;
}

static duk_ret_t coll_size(duk_context *ctx)
{
	duk_idx_t s = push_this_store(ctx, IS_MAP(ctx));

	duk_push_number(ctx, num_prop(ctx, s, "n"));
	return 1;
}

static duk_ret_t coll_for_each(duk_context *ctx)
{
	bool map = IS_MAP(ctx);
	duk_idx_t s = push_this_store(ctx, map), c;
	double i;

	lg__pf_require_callable(ctx, 0);
	duk_push_bare_object(ctx); /* a cursor */
	c = duk_get_top_index(ctx);
	duk_dup(ctx, s);
	duk_put_prop_literal(ctx, c, K_TARGET);
	while ((i = cursor_step(ctx, c)) >= 0) {
		duk_idx_t st = duk_get_top_index(ctx);
		duk_dup(ctx, 0);
		duk_dup(ctx, 1);
		duk_get_prop_string(ctx, st, map ? "v" : "k");
		duk_get_prop_index(ctx, -1, (duk_uarridx_t)i);
		duk_remove(ctx, -2);
		duk_get_prop_literal(ctx, st, "k");
		duk_get_prop_index(ctx, -1, (duk_uarridx_t)i);
		duk_remove(ctx, -2);
		duk_push_this(ctx);
		duk_call_method(ctx, 3);
		duk_set_top(ctx, c + 1);
	}
	return 0;
}

static duk_ret_t coll_iter_next(duk_context *ctx)
{
	double i;
	int kind;

	duk_push_this(ctx); /* 0 */
	kind = (int)num_prop(ctx, 0, K_KIND);
	i = cursor_step(ctx, 0);
	if (i < 0)
		return lg__pf_done_result(ctx);
	duk_get_prop_literal(ctx, 1, "k");
	duk_get_prop_index(ctx, -1, (duk_uarridx_t)i); /* 3 */
	duk_get_prop_literal(ctx, 1, "v");
	duk_get_prop_index(ctx, -1, (duk_uarridx_t)i); /* 5 */
	if (kind == KIND_KEYS) {
		duk_dup(ctx, 3);
	} else if (kind == KIND_VALUES) {
		duk_dup(ctx, 5);
	} else {
		duk_push_array(ctx);
		duk_dup(ctx, 3);
		duk_put_prop_index(ctx, -2, 0);
		duk_dup(ctx, kind == KIND_ENTRIES ? 5 : 3);
		duk_put_prop_index(ctx, -2, 1);
	}
	lg__pf_push_result(ctx, false);
	return 1;
}

/* keys/values/entries: magic = bit 0 Map, bits 1.. the kind. */
static duk_ret_t coll_iter(duk_context *ctx)
{
	duk_idx_t s = push_this_store(ctx, IS_MAP(ctx));

	duk_push_object(ctx);
	lg__pf_push_state_slot(ctx, ST_COLL_ITER_PROTO);
	duk_set_prototype(ctx, -2);
	duk_dup(ctx, s);
	duk_put_prop_literal(ctx, -2, K_TARGET);
	set_num_prop(ctx, -1, K_INDEX, 0);
	set_num_prop(ctx, -1, K_KIND, duk_get_current_magic(ctx) >> 1);
	return 1;
}

struct adder {
	duk_idx_t obj, fn;
	bool pairs;
};

static duk_ret_t add_each(duk_context *ctx, void *udata)
{
	const struct adder *a = udata;

	duk_dup(ctx, a->fn);
	duk_dup(ctx, a->obj);
	if (a->pairs) {
		if (!duk_is_object(ctx, -3)) {
			lg__pf_push_desc(ctx, -3);
			return duk_type_error(ctx, "Iterator value %s is not an entry object",
			                      duk_get_string(ctx, -1));
		}
		duk_get_prop_index(ctx, -3, 0);
		duk_get_prop_index(ctx, -4, 1);
		duk_call_method(ctx, 2);
	} else {
		duk_dup(ctx, -3);
		duk_call_method(ctx, 1);
	}
	duk_pop_2(ctx);
	return 0;
}

/* Call this[adder] for each value of the iterable at 0 (if not null or undefined). */
static void fill_from(duk_context *ctx, duk_idx_t obj, const char *adder, bool pairs)
{
	struct adder a = { obj, 0, pairs };

	if (duk_is_null_or_undefined(ctx, 0))
		return;
	duk_get_prop_string(ctx, obj, adder);
	a.fn = duk_get_top_index(ctx);
	lg__pf_require_callable(ctx, a.fn);
	lg__pf_iterate(ctx, 0, add_each, &a);
	duk_pop(ctx);
}

/* new Map(iterable) (magic 1), new Set(iterable) (magic 0) */
static duk_ret_t coll_ctor(duk_context *ctx)
{
	bool map = IS_MAP(ctx);

	duk_set_top(ctx, 1);
	duk_push_this(ctx); /* 1 */
	if (!duk_is_constructor_call(ctx)) {
		duk_push_current_function(ctx);
		if (!duk_is_object(ctx, 1) || !duk_instanceof(ctx, 1, -1))
			return duk_type_error(ctx, "Constructor %s requires 'new'",
			                      map ? "Map" : "Set");
		duk_pop(ctx);
	}
	duk_get_prop_literal(ctx, 1, C_STORE);
	if (!duk_is_undefined(ctx, -1))
		return duk_type_error(ctx, "Constructor %s requires 'new'", map ? "Map" : "Set");
	duk_pop(ctx);
	push_new_store(ctx);
	duk_put_prop_literal(ctx, 1, C_STORE);
	if (map) {
		duk_push_true(ctx);
		duk_put_prop_literal(ctx, 1, C_ISMAP);
	}
	fill_from(ctx, 1, map ? "set" : "add", map);
	return 0;
}

/* ---- WeakMap and WeakSet ------------------------------------------------------ */

/* Push this's hidden Symbol (magic bit 0: WeakMap, else WeakSet); TypeError otherwise. */
static duk_idx_t push_this_weak(duk_context *ctx)
{
	bool map = IS_MAP(ctx);

	duk_push_this(ctx);
	if (duk_is_object(ctx, -1)) {
		duk_get_prop_literal(ctx, -1, W_SYM);
		if (!duk_is_undefined(ctx, -1) && duk_has_prop_literal(ctx, -2, C_ISMAP) == map)
			return duk_get_top_index(ctx);
	}
	return duk_type_error(ctx, "Method %s.prototype method called on incompatible receiver",
	                      map ? "WeakMap" : "WeakSet");
}

/* Objects, and (ES2023) symbols not registered with Symbol.for. */
static bool weak_key_ok(duk_context *ctx, duk_idx_t k)
{
	bool ok;

	if (duk_is_object(ctx, k) || duk_is_lightfunc(ctx, k))
		return true;
	if (!duk_is_symbol(ctx, k))
		return false;
	k = duk_normalize_index(ctx, k);
	duk_get_global_literal(ctx, "Symbol");
	duk_push_string(ctx, "keyFor");
	duk_dup(ctx, k);
	duk_call_prop(ctx, -3, 1);
	ok = duk_is_undefined(ctx, -1);
	duk_pop_2(ctx);
	return ok;
}

/*
 * Where is key k of the weak collection (this at `self`, its Symbol at `sym`):
 * 1 on the key, 2 in the fallback store at *pos (store pushed), 0 absent.
 */
static int weak_find(duk_context *ctx, duk_idx_t self, duk_idx_t sym, duk_idx_t k, double *pos)
{
	if (duk_is_object(ctx, k)) {
		duk_dup(ctx, sym);
		if (has_own(ctx, k))
			return 1;
	}
	duk_get_prop_literal(ctx, self, W_STORE);
	if (!duk_is_undefined(ctx, -1)) {
		*pos = store_find(ctx, -1, k);
		if (*pos >= 0)
			return 2;
	}
	duk_pop(ctx);
	return 0;
}

static duk_ret_t weak_get(duk_context *ctx)
{
	duk_idx_t sym = push_this_weak(ctx), self = sym - 1;
	double pos;
	int w;

	if (!weak_key_ok(ctx, 0))
		return 0;
	w = weak_find(ctx, self, sym, 0, &pos);
	if (w == 1) {
		duk_dup(ctx, sym);
		duk_get_prop(ctx, 0);
		return 1;
	}
	if (w == 2) {
		duk_get_prop_literal(ctx, -1, "v");
		duk_get_prop_index(ctx, -1, (duk_uarridx_t)pos);
		return 1;
	}
	return 0;
}

static duk_ret_t weak_has(duk_context *ctx)
{
	duk_idx_t sym = push_this_weak(ctx);
	double pos;

	duk_push_boolean(ctx, weak_key_ok(ctx, 0) && weak_find(ctx, sym - 1, sym, 0, &pos) != 0);
	return 1;
}

/* WeakMap.prototype.set (magic 1) and WeakSet.prototype.add (magic 0) */
static duk_ret_t weak_set(duk_context *ctx)
{
	bool map = IS_MAP(ctx);
	duk_idx_t sym = push_this_weak(ctx), self = sym - 1, top;
	double pos;
	int w;

	if (!map) {
		duk_push_true(ctx);
		duk_replace(ctx, 1);
	}
	if (!weak_key_ok(ctx, 0))
		return duk_type_error(ctx, map ? "Invalid value used as weak map key"
		                               : "Invalid value used in weak set");
	top = duk_get_top(ctx);
	w = weak_find(ctx, self, sym, 0, &pos);
	if (w == 1) {
		duk_dup(ctx, sym);
		duk_dup(ctx, 1);
		duk_put_prop(ctx, 0);
	} else if (w == 2) {
		duk_get_prop_literal(ctx, -1, "v");
		duk_dup(ctx, 1);
		duk_put_prop_index(ctx, -2, (duk_uarridx_t)pos);
	} else {
		bool stored = false;

		if (duk_is_object(ctx, 0) && is_extensible(ctx, 0)) {
			duk_dup(ctx, sym);
			duk_get_prop(ctx, 0);
			if (duk_is_undefined(ctx, -1)) {
				duk_dup(ctx, sym);
				duk_dup(ctx, 1);
				duk_put_prop(ctx, 0);
				duk_dup(ctx, sym);
				stored = has_own(ctx, 0);
				if (!stored) { /* a Proxy: the write went to its target */
					duk_dup(ctx, sym);
					duk_del_prop(ctx, 0);
				}
			}
			duk_pop(ctx);
		}
		if (!stored) {
			duk_get_prop_literal(ctx, self, W_STORE);
			if (duk_is_undefined(ctx, -1)) {
				duk_pop(ctx);
				push_new_store(ctx);
				duk_dup_top(ctx);
				duk_put_prop_literal(ctx, self, W_STORE);
			}
			store_add(ctx, -1, 0, 1);
		}
	}
	duk_set_top(ctx, top);
	duk_dup(ctx, self);
	return 1;
}

static duk_ret_t weak_delete(duk_context *ctx)
{
	duk_idx_t sym = push_this_weak(ctx), self = sym - 1;
	double pos;
	int w = weak_key_ok(ctx, 0) ? weak_find(ctx, self, sym, 0, &pos) : 0;

	if (w == 1) {
		duk_dup(ctx, sym);
		duk_del_prop(ctx, 0);
	} else if (w == 2) {
		store_remove(ctx, -1, pos);
		duk_put_prop_literal(ctx, self, W_STORE);
	}
	duk_push_boolean(ctx, w != 0);
	return 1;
}

/* new WeakMap(iterable) (magic 1), new WeakSet(iterable) (magic 0) */
static duk_ret_t weak_ctor(duk_context *ctx)
{
	bool map = IS_MAP(ctx);

	duk_set_top(ctx, 1);
	duk_push_this(ctx); /* 1 */
	if (!duk_is_constructor_call(ctx)) {
		duk_push_current_function(ctx);
		if (!duk_is_object(ctx, 1) || !duk_instanceof(ctx, 1, -1))
			return duk_type_error(ctx, "Constructor %s requires 'new'",
			                      map ? "WeakMap" : "WeakSet");
		duk_pop(ctx);
	}
	duk_get_prop_literal(ctx, 1, W_SYM);
	if (!duk_is_undefined(ctx, -1))
		return duk_type_error(ctx, "Constructor %s requires 'new'",
		                      map ? "WeakMap" : "WeakSet");
	duk_pop(ctx);
	duk_push_sprintf(ctx, DUK_HIDDEN_SYMBOL("lgW%.0f"), next_seq(ctx));
	duk_put_prop_literal(ctx, 1, W_SYM);
	if (map) {
		duk_push_true(ctx);
		duk_put_prop_literal(ctx, 1, C_ISMAP);
	}
	fill_from(ctx, 1, map ? "set" : "add", map);
	return 0;
}

/* ---- installation ------------------------------------------------------------- */

struct method {
	const char *name; /* ITER_NAME: Symbol.iterator */
	duk_c_function fn;
	int8_t nargs, length, magic;
};

/* M: magic bit 0 for the Map side; K(kind): an iterator kind. */
#define M 1
#define K(kind) ((kind) << 1)

static const struct method map_methods[] = {
	{ "get", coll_get, 1, 1, M },
	{ "set", coll_set, 2, 2, M },
	{ "has", coll_has, 1, 1, M },
	{ "delete", coll_delete, 1, 1, M },
	{ "clear", coll_clear, 0, 0, M },
	{ "forEach", coll_for_each, 2, 1, M },
	{ "keys", coll_iter, 0, 0, M | K(KIND_KEYS) },
	{ "values", coll_iter, 0, 0, M | K(KIND_VALUES) },
	{ "entries", coll_iter, 0, 0, M | K(KIND_ENTRIES) },
	{ ITER_NAME, coll_iter, 0, 0, M | K(KIND_ENTRIES) },
	{ NULL, NULL, 0, 0, 0 },
};
static const struct method set_methods[] = {
	{ "add", coll_set, 1, 1, 0 },
	{ "has", coll_has, 1, 1, 0 },
	{ "delete", coll_delete, 1, 1, 0 },
	{ "clear", coll_clear, 0, 0, 0 },
	{ "forEach", coll_for_each, 2, 1, 0 },
	{ "values", coll_iter, 0, 0, K(KIND_KEYS) },
	{ "keys", coll_iter, 0, 0, K(KIND_KEYS) },
	{ "entries", coll_iter, 0, 0, K(KIND_SET_ENTRIES) },
	{ ITER_NAME, coll_iter, 0, 0, K(KIND_KEYS) },
	{ NULL, NULL, 0, 0, 0 },
};
static const struct method weak_map_methods[] = {
	{ "get", weak_get, 1, 1, M }, { "set", weak_set, 2, 2, M },
	{ "has", weak_has, 1, 1, M }, { "delete", weak_delete, 1, 1, M },
	{ NULL, NULL, 0, 0, 0 },
};
static const struct method weak_set_methods[] = {
	{ "add", weak_set, 2, 1, 0 },
	{ "has", weak_has, 1, 1, 0 },
	{ "delete", weak_delete, 1, 1, 0 },
	{ NULL, NULL, 0, 0, 0 },
};

/* Install a constructor with its prototype's methods as global `name`. */
static void install_class(duk_context *ctx, const char *name, duk_c_function ctor, int magic,
                          const struct method *methods, bool sized)
{
	duk_idx_t proto;

	duk_push_object(ctx);
	proto = duk_get_top_index(ctx);
	for (const struct method *m = methods; m->name; m++) {
		if (strcmp(m->name, ITER_NAME) == 0)
			lg__pf_push_state_slot(ctx, ST_ITER);
		else
			duk_push_string(ctx, m->name);
		duk_push_c_lightfunc(ctx, m->fn, m->nargs, m->length, m->magic);
		lg__pf_def_hidden(ctx, proto, DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_WRITABLE);
	}
	if (sized) {
		duk_push_string(ctx, "size");
		duk_push_c_lightfunc(ctx, coll_size, 0, 0, magic);
		lg__pf_def_hidden(ctx, proto, DUK_DEFPROP_HAVE_GETTER);
	}
	lg__pf_def_tag(ctx, proto, name);
	lg__pf_push_constructor(ctx, ctor, DUK_VARARGS, magic); /* .length 0 */
	lg__pf_put_global(ctx, name);
}

void lg__pf_install_collections(duk_context *ctx)
{
	lg__pf_push_iter_kind_proto(ctx, ST_COLL_ITER_PROTO, coll_iter_next);
	duk_pop(ctx);
	install_class(ctx, "Map", coll_ctor, M, map_methods, true);
	install_class(ctx, "Set", coll_ctor, 0, set_methods, true);
	install_class(ctx, "WeakMap", weak_ctor, M, weak_map_methods, false);
	install_class(ctx, "WeakSet", weak_ctor, 0, weak_set_methods, false);
}
