/* SPDX-License-Identifier: Apache-2.0 */
/*
 * polyfill_int.h - shared by polyfill.c (installation, lazy groups, helpers),
 * polyfill_es.c (iterators, Array/String/Object methods) and
 * polyfill_promise.c (Promise and the microtask queue).  See lg/polyfill.h.
 *
 * Conventions of the natives: they run inside Duktape calls, so errors are
 * thrown (duk_error), never returned.  Functions that take "the value at the
 * top" consume it unless they say otherwise.
 */
#ifndef LG_POLYFILL_INT_H
#define LG_POLYFILL_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "duktape.h"

#define MAX_SAFE 9007199254740991.0
#define MAX_INDEX 4294967294.0 /* the last index duk_*_prop_index can address */

/* Hidden keys of our objects' internal state. */
#define K_TARGET DUK_HIDDEN_SYMBOL("lgT")
#define K_INDEX DUK_HIDDEN_SYMBOL("lgI")
#define K_KIND DUK_HIDDEN_SYMBOL("lgK")

/* The per-heap state array in the stash: the objects we install into, then state. */
enum lg__pf_slot {
	OW_GLOBAL,
	OW_SYMBOL,
	OW_ARRAY,
	OW_ARRAY_P,
	OW_OBJECT,
	OW_STRING,
	OW_STRING_P,
	OW_TYPED_P, /* %TypedArray%.prototype */
	ST_ITER,    /* Symbol.iterator */
	ST_ITER_PROTO,
	ST_ARRAY_ITER_PROTO,
	ST_REGEXP_ITER_PROTO,
	ST_HELPERS,   /* H, for the JavaScript chunks */
	ST_LOADED,    /* bit mask of loaded groups */
	ST_INSTALLED, /* lg_polyfill_install() ran */
	ST_PROMISE,   /* the Promise constructor, its prototype, the job queue... */
	ST_PROMISE_PROTO,
	ST_AGG_PROTO,
	ST_QUEUE,
	ST_QHEAD,
	ST_PENDING,
	ST_UNHANDLED,
	ST_COLL_ITER_PROTO,
	ST__N
};

#define ITER_NAME "@@iterator" /* stands for the key Symbol.iterator */

/* Iterator kinds (the magic of the functions that make them). */
enum { IT_KEYS, IT_VALUES, IT_ENTRIES, IT_STRING };

/* The C methods the polyfills add to built-ins (polyfill_natives.h). */
#define VA DUK_VARARGS
#define LG_PF_NATIVE(owner, key, fn, nargs, length, magic) duk_ret_t fn(duk_context *ctx);
#define LG_PF_SHARED(owner, key)
#include "polyfill_natives.h"
#undef LG_PF_NATIVE
#undef LG_PF_SHARED

/*
 * One of them, installed as a lightfunc where missing (polyfill_es.c); with
 * ROM built-ins (DUK_USE_ROM_OBJECTS) they are in the ROM image instead.
 */
struct lg__pf_native {
	uint8_t owner;
	int8_t nargs, length, magic;
	duk_c_function fn; /* NULL: the same function as Array.prototype[name] */
	const char *name;
};
extern const struct lg__pf_native lg__pf_natives[];
extern const size_t lg__pf_n_natives;

/* The per-heap state array (made on first use), pushed. */
void lg__pf_push_state(duk_context *ctx);
/* The state array's slot, pushed; store the value at the top into a slot. */
void lg__pf_push_state_slot(duk_context *ctx, int slot);
void lg__pf_put_state_slot(duk_context *ctx, int slot);

/* ToIntegerOrInfinity (-0 as 0), coercing the value at idx in place. */
double lg__pf_to_integer(duk_context *ctx, duk_idx_t idx);
/* ToLength(obj.length). */
double lg__pf_length_of(duk_context *ctx, duk_idx_t obj);
/* A relative index argument (negative from the end), clamped to [0, len]. */
double lg__pf_relative(duk_context *ctx, duk_idx_t idx, double len);
/* obj[i]: push / store the value at the top / has / delete. */
void lg__pf_get_index(duk_context *ctx, duk_idx_t obj, double i);
void lg__pf_put_index(duk_context *ctx, duk_idx_t obj, double i);
bool lg__pf_has_index(duk_context *ctx, duk_idx_t obj, double i);
void lg__pf_del_index(duk_context *ctx, duk_idx_t obj, double i);
bool lg__pf_same_value_zero(duk_context *ctx, duk_idx_t a, duk_idx_t b);
/* A short description of a value for error messages, as V8 words it. */
void lg__pf_push_desc(duk_context *ctx, duk_idx_t idx);
/* TypeError "<value> is not a function" unless callable. */
void lg__pf_require_callable(duk_context *ctx, duk_idx_t idx);
/* Push ToObject(this) / ToString(this); TypeError for null and undefined. */
duk_idx_t lg__pf_push_this_object(duk_context *ctx, const char *method);
duk_idx_t lg__pf_push_this_string(duk_context *ctx, const char *method);
/* {value, done} from the value at the top; {undefined, true} returned. */
void lg__pf_push_result(duk_context *ctx, bool done);
duk_ret_t lg__pf_done_result(duk_context *ctx);
/* duk_def_prop, non-enumerable and configurable. */
void lg__pf_def_hidden(duk_context *ctx, duk_idx_t obj, duk_uint_t flags);
/* Should obj[key] be defined: missing, or one of our lazy stubs? */
bool lg__pf_wanted(duk_context *ctx, duk_idx_t obj, duk_idx_t key);
/* obj[Symbol.toStringTag] = tag. */
void lg__pf_def_tag(duk_context *ctx, duk_idx_t obj, const char *tag);
/* global[name] = the value at the top (consumed), unless the script defined its own. */
void lg__pf_put_global(duk_context *ctx, const char *name);
/*
 * Replace the object at the top (the prototype) by a constructor: a native
 * function with that .prototype, and .prototype.constructor set.
 */
void lg__pf_push_constructor(duk_context *ctx, duk_c_function fn, duk_idx_t nargs, int magic);

/* Called for each value: it is at the top of the stack; consume it, leave the rest. */
typedef duk_ret_t (*lg__pf_each_fn)(duk_context *ctx, void *udata);
/*
 * fn for each value of the iterable at idx.  If fn throws, the iterator is
 * closed (its return() called, errors from it ignored) and the error rethrown.
 */
void lg__pf_iterate(duk_context *ctx, duk_idx_t idx, lg__pf_each_fn fn, void *udata);
/* %IteratorPrototype%, and a prototype inheriting it with next(), made once per heap. */
void lg__pf_push_iter_proto(duk_context *ctx);
void lg__pf_push_iter_kind_proto(duk_context *ctx, int slot, duk_c_function next);

/* Install Promise, AggregateError and queueMicrotask into the heap (first use). */
void lg__pf_install_promise(duk_context *ctx);
/* Install Map, Set, WeakMap and WeakSet into the heap (first use). */
void lg__pf_install_collections(duk_context *ctx);
/* The runtime's hooks once Promise is installed. */
duk_ret_t lg__pf_drain(duk_context *ctx);
duk_ret_t lg__pf_take_unhandled(duk_context *ctx);
duk_ret_t lg__pf_promise_state(duk_context *ctx);

#endif
