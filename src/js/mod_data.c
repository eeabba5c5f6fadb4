/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mod_data.c - k6/data's SharedArray: the elements live once per process in C
 * memory, each as its JSON text; every VU sees them through a read-only
 * array-like view that parses (and deep-freezes) an element when it is read,
 * as k6 does.
 *
 * DESIGN: the first heap to construct a SharedArray of a given name runs the
 * callback; that is nearly always the probe (lg_program_probe runs init once
 * before any VU), so VUs find the array ready and never run the callback nor
 * hold its data.  The arrays belong to the program (struct lg_program) and
 * live until it is freed.  Construction is the only locked step: a heap
 * building an array marks it BUILDING, runs the callback unlocked, then
 * publishes it; another thread constructing the same name meanwhile waits on a
 * condition variable.  A published array is immutable, so reads take no lock.
 *
 * The view (mod_data.js) is a Proxy whose target is an empty array carrying a
 * hidden pointer to the C array; the traps below answer `length` and indexes
 * and refuse writes.  Array.isArray() is true for it, so Array.prototype
 * methods, for...of and JSON.stringify work through the same traps.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "js_int.h"
#include "lg/vu.h"

#define K_ARRAY DUK_HIDDEN_SYMBOL("lgShared")

struct shared_array {
	char *name;
	size_t n;
	size_t *off; /* n + 1: element i is data[off[i], off[i + 1] - 1) */
	char *data;  /* the JSON text of the whole array */
	bool ready;
	const struct lg_vu *builder; /* while !ready */
	struct shared_array *next;
};

struct lg_shared_arrays {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct shared_array *head;
};

static void array_free(struct shared_array *a)
{
	free(a->name);
	free(a->off);
	free(a->data);
	free(a);
}

void lg__js_shared_free(struct lg_shared_arrays *reg)
{
	if (!reg)
		return;
	while (reg->head) {
		struct shared_array *a = reg->head;
		reg->head = a->next;
		array_free(a);
	}
	pthread_cond_destroy(&reg->cv);
	pthread_mutex_destroy(&reg->mu);
	free(reg);
}

/* The program's registry, made on first use. */
static struct lg_shared_arrays *registry(struct lg_program *p)
{
	struct lg_shared_arrays *reg;

	pthread_mutex_lock(&p->mu);
	if (!p->shared) {
		p->shared = lg_xcalloc(1, sizeof(*p->shared));
		pthread_mutex_init(&p->shared->mu, NULL);
		pthread_cond_init(&p->shared->cv, NULL);
	}
	reg = p->shared;
	pthread_mutex_unlock(&p->mu);
	return reg;
}

static struct shared_array *find(struct lg_shared_arrays *reg, const char *name)
{
	for (struct shared_array *a = reg->head; a; a = a->next)
		if (strcmp(a->name, name) == 0)
			return a;
	return NULL;
}

static void unlink_array(struct lg_shared_arrays *reg, struct shared_array *a)
{
	for (struct shared_array **pp = &reg->head; *pp; pp = &(*pp)->next) {
		if (*pp == a) {
			*pp = a->next;
			return;
		}
	}
}

static void push_offset(struct shared_array *a, size_t *cap, size_t off)
{
	if (a->n + 2 > *cap) {
		*cap = *cap ? 2 * *cap : 1024;
		a->off = lg_xrealloc(a->off, *cap * sizeof(*a->off));
	}
	a->off[a->n++] = off;
}

/*
 * Serialise the array at the stack top into a (a safe call: the encoder throws
 * on cycles).  One JSON.stringify of the whole array (Duktape's fast path;
 * twice as fast as one call per element), kept as it is, and a scan for the
 * top-level commas: element k is data[off[k], off[k + 1] - 1).  As with
 * JSON.stringify, undefined and function elements become null.
 */
static duk_ret_t serialise(duk_context *ctx, void *udata)
{
	struct shared_array *a = udata;
	const char *s;
	duk_size_t len;
	size_t cap = 0;
	int depth = 0;
	bool in_str = false;

	duk_json_encode(ctx, -1);
	s = duk_get_lstring(ctx, -1, &len);
	if (!s || len < 2 || s[0] != '[')
		return duk_error(ctx, DUK_ERR_ERROR,
		                 "SharedArray \"%s\": the array does not encode as JSON", a->name);
	a->n = 0;
	if (len > 2)
		push_offset(a, &cap, 1);
	for (size_t i = 1; i < len; i++) {
		char c = s[i];

		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = false;
		} else if (c == '"') {
			in_str = true;
		} else if (c == '[' || c == '{') {
			depth++;
		} else if (c == ']' || c == '}') {
			depth--;
		} else if (c == ',' && depth == 0) {
			push_offset(a, &cap, i + 1);
		}
	}
	if (!a->off)
		a->off = lg_xmalloc(sizeof(*a->off));
	a->off[a->n] = len; /* one past the closing bracket */
	a->data = lg_xmalloc(len);
	memcpy(a->data, s, len);
	return 0;
}

/*
 * Run the callback at fn_idx and fill a from its result; 0, or -1 with the
 * error at the stack top.
 */
static int build(duk_context *ctx, duk_idx_t fn_idx, struct shared_array *a)
{
	duk_dup(ctx, fn_idx);
	if (duk_pcall(ctx, 0) != 0)
		return -1;
	if (!duk_is_array(ctx, -1)) {
		const char *what = duk_is_null(ctx, -1)       ? "null"
		                   : duk_is_function(ctx, -1) ? "a function"
		                   : duk_is_object(ctx, -1)   ? "a non-array object"
		                                              : duk_safe_to_string(ctx, -1);
		duk_push_error_object(
		    ctx, DUK_ERR_TYPE_ERROR,
		    "SharedArray \"%s\": only arrays can be made into SharedArray, "
		    "the callback returned %s",
		    a->name, what);
		duk_remove(ctx, -2);
		return -1;
	}
	if (duk_safe_call(ctx, serialise, a, 1, 1) != 0) {
		duk_push_error_object(
		    ctx, DUK_ERR_TYPE_ERROR,
		    "SharedArray \"%s\": the elements cannot be stored as JSON: %s", a->name,
		    duk_safe_to_string(ctx, -1));
		duk_remove(ctx, -2);
		return -1;
	}
	duk_pop(ctx);
	return 0;
}

/* Wait up to 100 ms for another thread's build to finish (reg->mu held). */
static void wait_briefly(struct lg_shared_arrays *reg)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 100 * 1000 * 1000;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	(void)pthread_cond_timedwait(&reg->cv, &reg->mu, &ts);
}

/*
 * The array named name, built with the callback at fn_idx if no heap has;
 * throws (the callback's error, or ours) on failure.
 */
static struct shared_array *get_or_build(duk_context *ctx, struct lg_vu *vu, const char *name,
                                         duk_idx_t fn_idx)
{
	struct lg_shared_arrays *reg = registry(vu->run->prog);
	struct shared_array *a;

	pthread_mutex_lock(&reg->mu);
	for (;;) {
		a = find(reg, name);
		if (!a || a->ready)
			break;
		if (a->builder == vu) {
			pthread_mutex_unlock(&reg->mu);
			(void)duk_error(ctx, DUK_ERR_ERROR,
			                "SharedArray \"%s\" is constructed again inside its own "
			                "callback",
			                name);
		}
		if (atomic_load(&vu->run->hard_stop)) {
			pthread_mutex_unlock(&reg->mu);
			(void)lg__js_throw_interrupt(ctx);
			return NULL;
		}
		/* bounded: the builder runs a synchronous callback to its end */
		wait_briefly(reg);
	}
	if (a) {
		pthread_mutex_unlock(&reg->mu);
		return a;
	}
	a = lg_xcalloc(1, sizeof(*a));
	a->name = lg_xstrdup(name);
	a->builder = vu;
	a->next = reg->head;
	reg->head = a;
	pthread_mutex_unlock(&reg->mu);

	if (build(ctx, fn_idx, a) < 0) {
		pthread_mutex_lock(&reg->mu);
		unlink_array(reg, a);
		pthread_cond_broadcast(&reg->cv);
		pthread_mutex_unlock(&reg->mu);
		array_free(a);
		(void)duk_throw(ctx);
	}
	pthread_mutex_lock(&reg->mu);
	a->ready = true;
	a->builder = NULL;
	pthread_cond_broadcast(&reg->cv);
	pthread_mutex_unlock(&reg->mu);
	return a;
}

/* natives.make(name, fn, proto) -> the Proxy's target: [] with the array's pointer */
static duk_ret_t n_make(duk_context *ctx)
{
	struct lg_vu *vu = lg__js_vu();
	const char *name;
	struct shared_array *a;

	if (!vu->in_init)
		return duk_error(ctx, DUK_ERR_ERROR,
		                 "new SharedArray must be called in the init context");
	name = duk_safe_to_string(ctx, 0);
	if (!name[0])
		return duk_error(ctx, DUK_ERR_ERROR,
		                 "empty name provided to SharedArray's constructor");
	if (!duk_is_callable(ctx, 1))
		return duk_error(ctx, DUK_ERR_TYPE_ERROR,
		                 "a function is expected as the second argument of SharedArray's "
		                 "constructor (SharedArray \"%s\")",
		                 name);
	a = get_or_build(ctx, vu, name, 1);
	duk_push_array(ctx);
	duk_push_pointer(ctx, a);
	duk_put_prop_literal(ctx, -2, K_ARRAY);
	duk_dup(ctx, 2);
	duk_set_prototype(ctx, -2);
	return 1;
}

static const struct shared_array *target_array(duk_context *ctx)
{
	const struct shared_array *a;

	duk_get_prop_literal(ctx, 0, K_ARRAY);
	a = duk_get_pointer(ctx, -1);
	duk_pop(ctx);
	if (!a)
		(void)duk_type_error(ctx, "not a SharedArray");
	return a;
}

/* The index named by the key at idx, or -1 if it is not an index below n. */
static double index_of(duk_context *ctx, duk_idx_t idx, size_t n)
{
	if (duk_is_number(ctx, idx)) {
		double d = duk_get_number(ctx, idx);
		return d >= 0 && d < (double)n && d == (double)(size_t)d ? d : -1;
	}
	if (duk_is_string(ctx, idx) && !duk_is_symbol(ctx, idx)) {
		duk_size_t len;
		const char *s = duk_get_lstring(ctx, idx, &len);
		size_t v = 0;

		if (len == 0 || len > 15 || (len > 1 && s[0] == '0'))
			return -1;
		for (duk_size_t i = 0; i < len; i++) {
			if (s[i] < '0' || s[i] > '9')
				return -1;
			v = v * 10 + (size_t)(s[i] - '0');
		}
		return v < n ? (double)v : -1;
	}
	return -1;
}

static bool is_length(duk_context *ctx, duk_idx_t idx)
{
	return duk_is_string(ctx, idx) && !duk_is_symbol(ctx, idx) &&
	       strcmp(duk_get_string(ctx, idx), "length") == 0;
}

/* Object.freeze the value at idx and everything it holds (parsed JSON: a tree). */
static void deep_freeze(duk_context *ctx, duk_idx_t idx)
{
	if (!duk_is_object(ctx, idx))
		return;
	idx = duk_normalize_index(ctx, idx);
	duk_freeze(ctx, idx);
	duk_enum(ctx, idx, DUK_ENUM_OWN_PROPERTIES_ONLY);
	while (duk_next(ctx, -1, 1)) {
		deep_freeze(ctx, -1);
		duk_pop_2(ctx);
	}
	duk_pop(ctx);
}

/* Push element i: its JSON parsed and deep-frozen. */
static void push_element(duk_context *ctx, const struct shared_array *a, size_t i)
{
	size_t len = a->off[i + 1] - 1 - a->off[i];

	if (len == 0) {
		duk_push_undefined(ctx);
		return;
	}
	duk_push_lstring(ctx, a->data + a->off[i], len);
	duk_json_decode(ctx, -1);
	deep_freeze(ctx, -1);
}

/* get trap (target, key, receiver) */
static duk_ret_t n_get(duk_context *ctx)
{
	const struct shared_array *a = target_array(ctx);
	double i = index_of(ctx, 1, a->n);

	if (i >= 0) {
		push_element(ctx, a, (size_t)i);
	} else if (is_length(ctx, 1)) {
		duk_push_number(ctx, (double)a->n);
	} else {
		duk_dup(ctx, 1);
		duk_get_prop(ctx, 0);
	}
	return 1;
}

/* has trap (target, key) */
static duk_ret_t n_has(duk_context *ctx)
{
	const struct shared_array *a = target_array(ctx);

	duk_push_boolean(ctx, index_of(ctx, 1, a->n) >= 0 || duk_has_prop(ctx, 0));
	return 1;
}

/* set, deleteProperty and defineProperty traps: SharedArrays are read-only. */
static duk_ret_t n_refuse(duk_context *ctx)
{
	const struct shared_array *a = target_array(ctx);

	return duk_type_error(ctx, "SharedArray is immutable (SharedArray \"%s\", property %s)",
	                      a->name, duk_safe_to_string(ctx, 1));
}

/* ownKeys trap (target): the indexes, as strings */
static duk_ret_t n_own_keys(duk_context *ctx)
{
	const struct shared_array *a = target_array(ctx);

	duk_push_array(ctx);
	for (size_t i = 0; i < a->n; i++) {
		duk_push_sprintf(ctx, "%zu", i);
		duk_put_prop_index(ctx, -2, (duk_uarridx_t)i);
	}
	return 1;
}

void lg__js_data_natives(duk_context *ctx)
{
	static const struct {
		const char *name;
		duk_c_function fn;
		int nargs;
	} fns[] = {
		{ "make", n_make, 3 },
		{ "get", n_get, 3 },
		{ "has", n_has, 2 },
		{ "set", n_refuse, 4 },
		{ "deleteProperty", n_refuse, 2 },
		{ "defineProperty", n_refuse, 3 },
		{ "ownKeys", n_own_keys, 1 },
	};

	duk_push_object(ctx);
	for (size_t i = 0; i < LG_ARRAY_SIZE(fns); i++) {
		duk_push_c_lightfunc(ctx, fns[i].fn, fns[i].nargs, fns[i].nargs, 0);
		duk_put_prop_string(ctx, -2, fns[i].name);
	}
}
