/* SPDX-License-Identifier: Apache-2.0 */
/*
 * polyfill_promise.c - Promise (ES2021: all, allSettled, any, race,
 * finally), AggregateError, queueMicrotask and the microtask queue the
 * runtime drains (lg/polyfill.h), in C: a JavaScript Promise cost ~40 KB in
 * every heap that used it; this costs about 1 KB.
 *
 * It follows the specification's abstract operations one by one
 * (PromiseResolve, NewPromiseCapability, PerformPromiseThen, the
 * PromiseReactionJob and PromiseResolveThenableJob), so the order of jobs is
 * the order Node.js shows (tests/polyfill/promise_*.js).  Symbol.species is
 * not supported (Duktape has none): the species constructor is
 * `promise.constructor`.
 *
 * A promise keeps its state under hidden keys: P_STATE (0 pending, 1
 * fulfilled, 2 rejected), P_VALUE, P_REACT (flat [onFulfilled, onRejected,
 * capability] triples while pending), P_HANDLED, P_LOCKED (resolved through a
 * capability).  A capability is one of our promises (the fast path, when the
 * constructor is Promise itself) or an object {p, res, rej}.  The queue is a
 * flat array of [kind, a, b, c, d] jobs in the heap's state.
 */
#include <string.h>

#include "lg/base.h"
#include "polyfill_int.h"

#define P_STATE DUK_HIDDEN_SYMBOL("lgPs")
#define P_VALUE DUK_HIDDEN_SYMBOL("lgPv")
#define P_REACT DUK_HIDDEN_SYMBOL("lgPr")
#define P_HANDLED DUK_HIDDEN_SYMBOL("lgPh")
#define P_LOCKED DUK_HIDDEN_SYMBOL("lgPl")
#define F_TARGET DUK_HIDDEN_SYMBOL("lgFt") /* what a function object made here acts on */
#define F_EXTRA DUK_HIDDEN_SYMBOL("lgFx")

enum { PENDING, FULFILLED, REJECTED };
enum job { JOB_REACT, JOB_THENABLE, JOB_TASK };
enum { MODE_ALL, MODE_SETTLED, MODE_ANY, MODE_RACE };

static bool is_promise(duk_context *ctx, duk_idx_t idx)
{
	bool yes;

	if (!duk_is_object(ctx, idx))
		return false;
	duk_get_prop_literal(ctx, idx, P_STATE);
	yes = !duk_is_undefined(ctx, -1);
	duk_pop(ctx);
	return yes;
}

static int get_int_prop(duk_context *ctx, duk_idx_t obj, const char *key)
{
	int v;

	duk_get_prop_string(ctx, obj, key);
	v = duk_get_int(ctx, -1);
	duk_pop(ctx);
	return v;
}

static bool get_bool_prop(duk_context *ctx, duk_idx_t obj, const char *key)
{
	bool v;

	duk_get_prop_string(ctx, obj, key);
	v = duk_to_boolean(ctx, -1);
	duk_pop(ctx);
	return v;
}

static void set_int_prop(duk_context *ctx, duk_idx_t obj, const char *key, int v)
{
	obj = duk_normalize_index(ctx, obj);
	duk_push_int(ctx, v);
	duk_put_prop_string(ctx, obj, key);
}

/* A native function object with hidden F_TARGET (the value at the top, consumed). */
static void push_bound(duk_context *ctx, duk_c_function fn, duk_idx_t nargs, int magic)
{
	duk_push_c_function(ctx, fn, nargs);
	duk_set_magic(ctx, -1, magic);
	duk_swap_top(ctx, -2);
	duk_put_prop_string(ctx, -2, F_TARGET);
}

/* Push the current function's F_TARGET (and F_EXTRA). */
static void push_bound_target(duk_context *ctx, const char *key)
{
	duk_push_current_function(ctx);
	duk_get_prop_string(ctx, -1, key);
	duk_remove(ctx, -2);
}

/* ---- the job queue ----------------------------------------------------- */

/* Queue a job with the n (<= 4) values at the top (consumed). */
static void enqueue(duk_context *ctx, int kind, duk_idx_t n)
{
	duk_uarridx_t at;

	lg__pf_push_state_slot(ctx, ST_QUEUE);
	at = (duk_uarridx_t)duk_get_length(ctx, -1);
	duk_push_int(ctx, kind);
	duk_put_prop_index(ctx, -2, at);
	for (duk_idx_t i = 0; i < 4; i++) {
		if (i < n)
			duk_dup(ctx, -(n + 1) + i);
		else
			duk_push_undefined(ctx);
		duk_put_prop_index(ctx, -2, at + 1 + (duk_uarridx_t)i);
	}
	duk_pop(ctx);
	duk_pop_n(ctx, n);
}

/* ---- settling and resolving -------------------------------------------- */

/* Settle promise p with the value at the top (consumed): run its reactions later. */
static void settle(duk_context *ctx, duk_idx_t p, int state)
{
	duk_idx_t v, r;

	p = duk_normalize_index(ctx, p);
	v = duk_get_top_index(ctx);
	duk_dup(ctx, v);
	duk_put_prop_literal(ctx, p, P_VALUE);
	set_int_prop(ctx, p, P_STATE, state);
	duk_get_prop_literal(ctx, p, P_REACT);
	r = duk_get_top_index(ctx);
	duk_push_undefined(ctx);
	duk_put_prop_literal(ctx, p, P_REACT);
	if (duk_is_array(ctx, r)) {
		duk_uarridx_t n = (duk_uarridx_t)duk_get_length(ctx, r);
		for (duk_uarridx_t i = 0; i + 2 < n; i += 3) {
			duk_get_prop_index(ctx, r, state == FULFILLED ? i : i + 1);
			duk_dup(ctx, v);
			duk_get_prop_index(ctx, r, i + 2);
			duk_push_int(ctx, state);
			enqueue(ctx, JOB_REACT, 4);
		}
	}
	if (state == REJECTED && !get_bool_prop(ctx, p, P_HANDLED)) {
		lg__pf_push_state_slot(ctx, ST_PENDING);
		duk_dup(ctx, p);
		duk_put_prop_index(ctx, -2, (duk_uarridx_t)duk_get_length(ctx, -2));
		duk_pop(ctx);
	}
	duk_pop_2(ctx);
}

static void reject_with(duk_context *ctx, duk_idx_t p, const char *msg)
{
	p = duk_normalize_index(ctx, p);
	duk_push_error_object(ctx, DUK_ERR_TYPE_ERROR, "%s", msg);
	settle(ctx, p, REJECTED);
}

static duk_ret_t get_then(duk_context *ctx, void *udata)
{
	LG_UNUSED(udata);
	duk_get_prop_literal(ctx, -1, "then");
	return 1;
}

/* The promise resolve functions' steps: resolve p with the value at the top (consumed). */
static void resolve_promise(duk_context *ctx, duk_idx_t p)
{
	p = duk_normalize_index(ctx, p);
	if (duk_strict_equals(ctx, p, -1)) {
		duk_pop(ctx);
		reject_with(ctx, p, "Chaining cycle detected for promise #<Promise>");
		return;
	}
	if (duk_is_object(ctx, -1)) {
		duk_dup_top(ctx);
		if (duk_safe_call(ctx, get_then, NULL, 1, 1) != DUK_EXEC_SUCCESS) {
			duk_remove(ctx, -2);
			settle(ctx, p, REJECTED);
			return;
		}
		if (duk_is_callable(ctx, -1)) { /* PromiseResolveThenableJob(p, x, then) */
			duk_dup(ctx, p);
			duk_insert(ctx, -3);
			enqueue(ctx, JOB_THENABLE, 3);
			return;
		}
		duk_pop(ctx);
	}
	settle(ctx, p, FULFILLED);
}

/* resolve (magic 0) / reject (magic 1) functions; F_TARGET p, F_EXTRA the shared "done" record. */
static duk_ret_t resolving_fn(duk_context *ctx)
{
	push_bound_target(ctx, F_EXTRA);
	if (get_bool_prop(ctx, -1, "done"))
		return 0;
	duk_push_true(ctx);
	duk_put_prop_literal(ctx, -2, "done");
	push_bound_target(ctx, F_TARGET);
	duk_dup(ctx, 0);
	if (duk_get_current_magic(ctx) == 0)
		resolve_promise(ctx, -2);
	else
		settle(ctx, -2, REJECTED);
	return 0;
}

/* CreateResolvingFunctions(p): push resolve, reject. */
static void push_resolvers(duk_context *ctx, duk_idx_t p)
{
	p = duk_normalize_index(ctx, p);
	duk_push_bare_object(ctx); /* the shared "already resolved" record */
	for (int m = 0; m < 2; m++) {
		duk_dup(ctx, p);
		push_bound(ctx, resolving_fn, 1, m);
		duk_dup(ctx, -2 - m);
		duk_put_prop_literal(ctx, -2, F_EXTRA);
	}
	duk_remove(ctx, -3);
}

/* A new pending promise of ours. */
static void push_new_promise(duk_context *ctx)
{
	duk_push_object(ctx);
	lg__pf_push_state_slot(ctx, ST_PROMISE_PROTO);
	duk_set_prototype(ctx, -2);
	set_int_prop(ctx, -1, P_STATE, PENDING);
}

/* ---- capabilities ------------------------------------------------------- */

static duk_ret_t capability_executor(duk_context *ctx)
{
	push_bound_target(ctx, F_TARGET); /* 2: the record */
	duk_get_prop_literal(ctx, 2, "res");
	duk_get_prop_literal(ctx, 2, "rej");
	if (!duk_is_undefined(ctx, -1) || !duk_is_undefined(ctx, -2))
		return duk_type_error(ctx, "Promise executor has already been invoked with "
		                           "non-undefined arguments");
	duk_dup(ctx, 0);
	duk_put_prop_literal(ctx, 2, "res");
	duk_dup(ctx, 1);
	duk_put_prop_literal(ctx, 2, "rej");
	return 0;
}

/* NewPromiseCapability(C at idx): pushes one of our promises or {p, res, rej}. */
static void push_capability(duk_context *ctx, duk_idx_t c)
{
	c = duk_normalize_index(ctx, c);
	lg__pf_push_state_slot(ctx, ST_PROMISE);
	if (duk_strict_equals(ctx, c, -1)) {
		duk_pop(ctx);
		push_new_promise(ctx);
		return;
	}
	duk_pop(ctx);
	if (!duk_is_constructable(ctx, c)) {
		lg__pf_push_desc(ctx, c);
		(void)duk_type_error(ctx, "%s is not a constructor", duk_get_string(ctx, -1));
	}
	duk_push_object(ctx); /* the record */
	duk_dup(ctx, c);
	duk_dup(ctx, -2);
	push_bound(ctx, capability_executor, 2, 0);
	duk_new(ctx, 1);
	duk_put_prop_literal(ctx, -2, "p");
	duk_get_prop_literal(ctx, -1, "res");
	duk_get_prop_literal(ctx, -2, "rej");
	if (!duk_is_callable(ctx, -1) || !duk_is_callable(ctx, -2))
		(void)duk_type_error(ctx, "Promise resolve or reject function is not callable");
	duk_pop_2(ctx);
}

static void push_capability_promise(duk_context *ctx, duk_idx_t cap)
{
	if (is_promise(ctx, cap))
		duk_dup(ctx, cap);
	else
		duk_get_prop_literal(ctx, cap, "p");
}

/* Resolve (state FULFILLED) or reject a capability with the value at the top (consumed). */
static void capability_settle(duk_context *ctx, duk_idx_t cap, int state)
{
	cap = duk_normalize_index(ctx, cap);
	if (!is_promise(ctx, cap)) {
		duk_get_prop_string(ctx, cap, state == FULFILLED ? "res" : "rej");
		duk_swap_top(ctx, -2);
		duk_call(ctx, 1);
		duk_pop(ctx);
		return;
	}
	if (get_bool_prop(ctx, cap, P_LOCKED)) {
		duk_pop(ctx);
		return;
	}
	duk_push_true(ctx);
	duk_put_prop_literal(ctx, cap, P_LOCKED);
	if (state == FULFILLED)
		resolve_promise(ctx, cap);
	else
		settle(ctx, cap, REJECTED);
}

/* Functions that settle a capability (F_TARGET): resolve (magic 0), reject (magic 1). */
static duk_ret_t capability_fn(duk_context *ctx)
{
	push_bound_target(ctx, F_TARGET);
	duk_dup(ctx, 0);
	capability_settle(ctx, -2, duk_get_current_magic(ctx) == 0 ? FULFILLED : REJECTED);
	return 0;
}

static void push_capability_fn(duk_context *ctx, duk_idx_t cap, int magic)
{
	duk_dup(ctx, cap);
	push_bound(ctx, capability_fn, 1, magic);
}

/* ---- jobs --------------------------------------------------------------- */

static duk_ret_t call_handler(duk_context *ctx, void *udata)
{
	LG_UNUSED(udata);
	duk_call(ctx, 1); /* [handler value], this = undefined */
	return 1;
}

/* PromiseReactionJob: the handler, the argument, the capability, the state. */
static void reaction_job(duk_context *ctx, duk_idx_t job)
{
	duk_idx_t h = job, v = job + 1, cap = job + 2;
	int state = duk_get_int(ctx, job + 3);

	if (duk_is_undefined(ctx, h)) {
		duk_dup(ctx, v);
		capability_settle(ctx, cap, state);
		return;
	}
	duk_dup(ctx, h);
	duk_dup(ctx, v);
	if (duk_safe_call(ctx, call_handler, NULL, 2, 1) == DUK_EXEC_SUCCESS)
		capability_settle(ctx, cap, FULFILLED);
	else
		capability_settle(ctx, cap, REJECTED);
}

static duk_ret_t call_then(duk_context *ctx, void *udata)
{
	LG_UNUSED(udata);
	duk_call_method(ctx, 2); /* [then thenable resolve reject] */
	return 1;
}

/* PromiseResolveThenableJob: the promise, the thenable, its then. */
static void thenable_job(duk_context *ctx, duk_idx_t job)
{
	duk_idx_t fns;

	push_resolvers(ctx, job);
	fns = duk_get_top_index(ctx) - 1;
	duk_dup(ctx, job + 2);
	duk_dup(ctx, job + 1);
	duk_dup(ctx, fns);
	duk_dup(ctx, fns + 1);
	if (duk_safe_call(ctx, call_then, NULL, 4, 1) != DUK_EXEC_SUCCESS) {
		duk_dup(ctx, fns + 1);
		duk_swap_top(ctx, -2);
		duk_call(ctx, 1);
	}
	duk_pop_3(ctx);
}

duk_ret_t lg__pf_drain(duk_context *ctx)
{
	duk_idx_t q, pend, job;
	int n = 0;

	lg__pf_push_state_slot(ctx, ST_QUEUE);
	q = duk_get_top_index(ctx);
	for (;;) {
		duk_uarridx_t head;
		int kind;

		lg__pf_push_state_slot(ctx, ST_QHEAD);
		head = (duk_uarridx_t)duk_get_uint(ctx, -1);
		duk_pop(ctx);
		if (head >= duk_get_length(ctx, q))
			break;
		job = duk_get_top(ctx);
		for (duk_uarridx_t i = 0; i < 5; i++)
			duk_get_prop_index(ctx, q, head + i);
		duk_push_uint(ctx, head + 5);
		lg__pf_put_state_slot(ctx, ST_QHEAD);
		n++;
		kind = duk_get_int(ctx, job);
		if (kind == JOB_REACT) {
			reaction_job(ctx, job + 1);
		} else if (kind == JOB_THENABLE) {
			thenable_job(ctx, job + 1);
		} else {
			duk_dup(ctx, job + 1); /* queueMicrotask: its exception propagates */
			duk_call(ctx, 0);
		}
		duk_set_top(ctx, job);
		if (head + 5 >= 4096) { /* drop the jobs done so far */
			duk_push_string(ctx, "splice");
			duk_push_int(ctx, 0);
			duk_push_uint(ctx, head + 5);
			duk_call_prop(ctx, q, 2);
			duk_pop(ctx);
			duk_push_uint(ctx, 0);
			lg__pf_put_state_slot(ctx, ST_QHEAD);
		}
	}
	duk_set_length(ctx, q, 0);
	duk_push_uint(ctx, 0);
	lg__pf_put_state_slot(ctx, ST_QHEAD);

	/* the rejected promises still without a handler */
	lg__pf_push_state_slot(ctx, ST_PENDING);
	pend = duk_get_top_index(ctx);
	lg__pf_push_state_slot(ctx, ST_UNHANDLED);
	for (duk_uarridx_t i = 0, len = (duk_uarridx_t)duk_get_length(ctx, pend); i < len; i++) {
		duk_get_prop_index(ctx, pend, i);
		if (!get_bool_prop(ctx, -1, P_HANDLED)) {
			duk_push_true(ctx);
			duk_put_prop_literal(ctx, -2, P_HANDLED);
			duk_get_prop_literal(ctx, -1, P_VALUE);
			duk_put_prop_index(ctx, -3, (duk_uarridx_t)duk_get_length(ctx, -3));
		}
		duk_pop(ctx);
	}
	duk_set_length(ctx, pend, 0);
	duk_push_int(ctx, n);
	return 1;
}

duk_ret_t lg__pf_take_unhandled(duk_context *ctx)
{
	lg__pf_push_state_slot(ctx, ST_UNHANDLED);
	duk_push_array(ctx);
	lg__pf_put_state_slot(ctx, ST_UNHANDLED);
	return 1;
}

duk_ret_t lg__pf_promise_state(duk_context *ctx)
{
	static const char *const names[] = { "pending", "fulfilled", "rejected" };
	int st;

	if (!is_promise(ctx, 0))
		return duk_type_error(ctx, "__lg_promise_state: not a Promise");
	duk_push_true(ctx);
	duk_put_prop_literal(ctx, 0, P_HANDLED);
	st = get_int_prop(ctx, 0, P_STATE);
	duk_push_object(ctx);
	duk_push_string(ctx, names[st >= 0 && st <= 2 ? st : 0]);
	duk_put_prop_literal(ctx, -2, "state");
	duk_get_prop_literal(ctx, 0, P_VALUE);
	duk_put_prop_literal(ctx, -2, "value");
	return 1;
}

/* ---- Promise and its prototype ---------------------------------------- */

/* PerformPromiseThen(p, onFulfilled, onRejected, capability) with the three at the top. */
static void perform_then(duk_context *ctx, duk_idx_t p)
{
	int st;

	p = duk_normalize_index(ctx, p);
	st = get_int_prop(ctx, p, P_STATE);
	for (duk_idx_t i = -3; i <= -2; i++)
		if (!duk_is_callable(ctx, i)) {
			duk_push_undefined(ctx);
			duk_replace(ctx, i - 1);
		}
	if (st == PENDING) {
		duk_uarridx_t at;
		duk_get_prop_literal(ctx, p, P_REACT);
		if (!duk_is_array(ctx, -1)) {
			duk_pop(ctx);
			duk_push_array(ctx);
			duk_dup_top(ctx);
			duk_put_prop_literal(ctx, p, P_REACT);
		}
		at = (duk_uarridx_t)duk_get_length(ctx, -1);
		for (duk_uarridx_t i = 0; i < 3; i++) {
			duk_dup(ctx, -4 + (duk_idx_t)i);
			duk_put_prop_index(ctx, -2, at + i);
		}
		duk_pop_n(ctx, 4);
	} else {
		/* [onF onR cap] -> [handler value cap state] */
		duk_remove(ctx, st == FULFILLED ? -2 : -3);
		duk_get_prop_literal(ctx, p, P_VALUE);
		duk_swap_top(ctx, -2);
		duk_push_int(ctx, st);
		enqueue(ctx, JOB_REACT, 4);
	}
	duk_push_true(ctx);
	duk_put_prop_literal(ctx, p, P_HANDLED);
}

/* SpeciesConstructor without Symbol.species: p.constructor, default Promise. */
static void push_species(duk_context *ctx, duk_idx_t p)
{
	duk_get_prop_literal(ctx, p, "constructor");
	if (duk_is_undefined(ctx, -1)) {
		duk_pop(ctx);
		lg__pf_push_state_slot(ctx, ST_PROMISE);
	} else if (!duk_is_object(ctx, -1)) {
		(void)duk_type_error(ctx, "The .constructor property is not an object");
	}
}

/* PromiseResolve(C, x): push a promise. */
static void push_promise_resolve(duk_context *ctx, duk_idx_t c, duk_idx_t x)
{
	c = duk_normalize_index(ctx, c);
	x = duk_normalize_index(ctx, x);
	if (!duk_is_object(ctx, c))
		(void)duk_type_error(ctx, "PromiseResolve called on non-object");
	if (is_promise(ctx, x)) {
		duk_get_prop_literal(ctx, x, "constructor");
		if (duk_strict_equals(ctx, -1, c)) {
			duk_pop(ctx);
			duk_dup(ctx, x);
			return;
		}
		duk_pop(ctx);
	}
	push_capability(ctx, c);
	duk_dup(ctx, x);
	capability_settle(ctx, -2, FULFILLED);
	push_capability_promise(ctx, -1);
	duk_remove(ctx, -2);
}

static duk_ret_t call_executor(duk_context *ctx, void *udata)
{
	LG_UNUSED(udata);
	duk_call(ctx, 2);
	return 1;
}

static duk_ret_t promise_ctor(duk_context *ctx)
{
	duk_push_this(ctx); /* 1 */
	if (!duk_is_constructor_call(ctx)) {
		/* ES5-style subclassing: Promise.call(this, executor) */
		lg__pf_push_state_slot(ctx, ST_PROMISE);
		if (!duk_is_object(ctx, 1) || !duk_instanceof(ctx, 1, -1) || is_promise(ctx, 1))
			return duk_type_error(
			    ctx, "Promise constructor cannot be invoked without 'new'");
		duk_pop(ctx);
	}
	if (!duk_is_callable(ctx, 0)) {
		lg__pf_push_desc(ctx, 0);
		return duk_type_error(ctx, "Promise resolver %s is not a function",
		                      duk_get_string(ctx, -1));
	}
	set_int_prop(ctx, 1, P_STATE, PENDING);
	push_resolvers(ctx, 1); /* 2, 3 */
	duk_dup(ctx, 0);
	duk_dup(ctx, 2);
	duk_dup(ctx, 3);
	if (duk_safe_call(ctx, call_executor, NULL, 3, 1) != DUK_EXEC_SUCCESS) {
		duk_dup(ctx, 3);
		duk_swap_top(ctx, -2);
		duk_call(ctx, 1);
	}
	return 0;
}

static duk_ret_t promise_then(duk_context *ctx)
{
	duk_push_this(ctx); /* 2 */
	if (!is_promise(ctx, 2)) {
		lg__pf_push_desc(ctx, 2);
		return duk_type_error(
		    ctx, "Method Promise.prototype.then called on incompatible receiver %s",
		    duk_get_string(ctx, -1));
	}
	push_species(ctx, 2);    /* 3 */
	push_capability(ctx, 3); /* 4 */
	duk_dup(ctx, 0);
	duk_dup(ctx, 1);
	duk_dup(ctx, 4);
	perform_then(ctx, 2);
	push_capability_promise(ctx, 4);
	return 1;
}

static duk_ret_t promise_catch(duk_context *ctx)
{
	duk_push_this(ctx);
	duk_push_string(ctx, "then");
	duk_push_undefined(ctx);
	duk_dup(ctx, 0);
	duk_call_prop(ctx, -4, 2);
	return 1;
}

/* () => value (magic 0) or () => { throw value; } (magic 1) */
static duk_ret_t value_thunk(duk_context *ctx)
{
	push_bound_target(ctx, F_TARGET);
	if (duk_get_current_magic(ctx) == 1)
		return duk_throw(ctx);
	return 1;
}

/* finally's thenFinally (magic 0) / catchFinally (magic 1); F_TARGET onFinally, F_EXTRA C. */
static duk_ret_t finally_fn(duk_context *ctx)
{
	push_bound_target(ctx, F_TARGET); /* 1 */
	duk_call(ctx, 0);
	push_bound_target(ctx, F_EXTRA); /* 2 */
	push_promise_resolve(ctx, 2, 1); /* 3 */
	duk_push_string(ctx, "then");
	duk_dup(ctx, 0);
	push_bound(ctx, value_thunk, 0, duk_get_current_magic(ctx));
	duk_call_prop(ctx, 3, 1);
	return 1;
}

static duk_ret_t promise_finally(duk_context *ctx)
{
	duk_push_this(ctx); /* 1 */
	if (!duk_is_object(ctx, 1)) {
		lg__pf_push_desc(ctx, 1);
		return duk_type_error(
		    ctx, "Method Promise.prototype.finally called on incompatible receiver %s",
		    duk_get_string(ctx, -1));
	}
	push_species(ctx, 1); /* 2 */
	duk_push_string(ctx, "then");
	if (!duk_is_callable(ctx, 0)) {
		duk_dup(ctx, 0);
		duk_dup(ctx, 0);
	} else {
		for (int m = 0; m < 2; m++) {
			duk_dup(ctx, 0);
			push_bound(ctx, finally_fn, 1, m);
			duk_dup(ctx, 2);
			duk_put_prop_literal(ctx, -2, F_EXTRA);
		}
	}
	duk_call_prop(ctx, 1, 2);
	return 1;
}

/* ---- statics ------------------------------------------------------------ */

static duk_ret_t promise_resolve_static(duk_context *ctx)
{
	duk_push_this(ctx);
	push_promise_resolve(ctx, -1, 0);
	return 1;
}

static duk_ret_t promise_reject_static(duk_context *ctx)
{
	duk_push_this(ctx);
	push_capability(ctx, -1);
	duk_dup(ctx, 0);
	capability_settle(ctx, -2, REJECTED);
	push_capability_promise(ctx, -1);
	return 1;
}

/*
 * The combinators keep a record {vals, called, left, cap, mode}; an element
 * function (F_TARGET the record, F_EXTRA its index) records a value or reason.
 */
static void combine_finish(duk_context *ctx, duk_idx_t rec)
{
	rec = duk_normalize_index(ctx, rec);
	duk_get_prop_literal(ctx, rec, "cap");
	if (get_int_prop(ctx, rec, "mode") == MODE_ANY) {
		duk_get_global_literal(ctx, "AggregateError");
		duk_get_prop_literal(ctx, rec, "vals");
		duk_push_string(ctx, "All promises were rejected");
		duk_new(ctx, 2);
		capability_settle(ctx, -2, REJECTED);
	} else {
		duk_get_prop_literal(ctx, rec, "vals");
		capability_settle(ctx, -2, FULFILLED);
	}
	duk_pop(ctx);
}

/* Count one element down; finish at zero. */
static void combine_count_down(duk_context *ctx, duk_idx_t rec)
{
	int left = get_int_prop(ctx, rec, "left") - 1;

	set_int_prop(ctx, rec, "left", left);
	if (left == 0)
		combine_finish(ctx, rec);
}

/* An element function: fulfilled (magic 0) or rejected (magic 1). */
static duk_ret_t combine_element(duk_context *ctx)
{
	bool rejected = duk_get_current_magic(ctx) == 1;
	duk_uarridx_t i;
	int mode;

	push_bound_target(ctx, F_TARGET); /* 1: the record */
	push_bound_target(ctx, F_EXTRA);
	i = (duk_uarridx_t)duk_get_uint(ctx, -1);
	duk_pop(ctx);
	duk_get_prop_literal(ctx, 1, "called");
	duk_get_prop_index(ctx, -1, i);
	if (duk_to_boolean(ctx, -1))
		return 0;
	duk_pop(ctx);
	duk_push_true(ctx);
	duk_put_prop_index(ctx, -2, i);
	mode = get_int_prop(ctx, 1, "mode");
	duk_get_prop_literal(ctx, 1, "vals");
	if (mode == MODE_SETTLED) {
		duk_push_object(ctx);
		duk_push_string(ctx, rejected ? "rejected" : "fulfilled");
		duk_put_prop_literal(ctx, -2, "status");
		duk_dup(ctx, 0);
		duk_put_prop_string(ctx, -2, rejected ? "reason" : "value");
	} else {
		duk_dup(ctx, 0);
	}
	duk_put_prop_index(ctx, -2, i);
	combine_count_down(ctx, 1);
	return 0;
}

struct combine {
	duk_idx_t c, resolve, rec, cap_res, cap_rej; /* stack indices */
	int mode;
	duk_uarridx_t n;
};

static duk_ret_t combine_each(duk_context *ctx, void *udata)
{
	struct combine *s = udata;
	duk_uarridx_t i = s->n++;

	if (s->mode != MODE_RACE) {
		duk_get_prop_literal(ctx, s->rec, "vals");
		duk_push_undefined(ctx);
		duk_put_prop_index(ctx, -2, i);
		duk_pop(ctx);
		set_int_prop(ctx, s->rec, "left", get_int_prop(ctx, s->rec, "left") + 1);
	}
	/* C.resolve(value).then(onFulfilled, onRejected) */
	duk_dup(ctx, s->resolve);
	duk_dup(ctx, s->c);
	duk_dup(ctx, -3);
	duk_call_method(ctx, 1);
	duk_push_string(ctx, "then");
	for (int m = 0; m < 2; m++) {
		if (s->mode == MODE_RACE || (s->mode == MODE_ANY && m == 0) ||
		    (s->mode == MODE_ALL && m == 1)) {
			duk_dup(ctx, m == 0 ? s->cap_res : s->cap_rej);
		} else {
			duk_dup(ctx, s->rec);
			push_bound(ctx, combine_element, 1, m);
			duk_push_uint(ctx, i);
			duk_put_prop_literal(ctx, -2, F_EXTRA);
		}
	}
	duk_call_prop(ctx, -4, 2);
	duk_pop_3(ctx);
	return 0;
}

static duk_ret_t combine_body(duk_context *ctx, void *udata)
{
	struct combine *s = udata;

	duk_get_prop_literal(ctx, s->c, "resolve");
	s->resolve = duk_get_top_index(ctx);
	lg__pf_require_callable(ctx, s->resolve);
	lg__pf_iterate(ctx, 0, combine_each, s);
	if (s->mode != MODE_RACE)
		combine_count_down(ctx, s->rec);
	return 0;
}

/* all, allSettled, any, race (magic: the mode) */
static duk_ret_t promise_combine(duk_context *ctx)
{
	struct combine s = { 1, 0, 3, 4, 5, duk_get_current_magic(ctx), 0 };

	duk_set_top(ctx, 1);
	duk_push_this(ctx);      /* 1: C */
	push_capability(ctx, 1); /* 2 */
	duk_push_object(ctx);    /* 3: the record */
	duk_push_array(ctx);
	duk_put_prop_literal(ctx, 3, "vals");
	duk_push_array(ctx);
	duk_put_prop_literal(ctx, 3, "called");
	set_int_prop(ctx, 3, "left", 1);
	set_int_prop(ctx, 3, "mode", s.mode);
	duk_dup(ctx, 2);
	duk_put_prop_literal(ctx, 3, "cap");
	push_capability_fn(ctx, 2, 0); /* 4 */
	push_capability_fn(ctx, 2, 1); /* 5 */
	if (duk_safe_call(ctx, combine_body, &s, 0, 1) != DUK_EXEC_SUCCESS)
		capability_settle(ctx, 2, REJECTED);
	push_capability_promise(ctx, 2);
	return 1;
}

static duk_ret_t queue_microtask(duk_context *ctx)
{
	if (!duk_is_callable(ctx, 0)) {
		lg__pf_push_desc(ctx, 0);
		return duk_type_error(
		    ctx, "The \"callback\" argument must be of type function. Received %s",
		    duk_get_string(ctx, -1));
	}
	duk_dup(ctx, 0);
	enqueue(ctx, JOB_TASK, 1);
	return 0;
}

static duk_ret_t append_each(duk_context *ctx, void *udata)
{
	duk_idx_t arr = *(duk_idx_t *)udata;

	duk_put_prop_index(ctx, arr, (duk_uarridx_t)duk_get_length(ctx, arr));
	return 0;
}

/* new AggregateError(errors, message); also without new */
static duk_ret_t aggregate_error(duk_context *ctx)
{
	duk_idx_t e, arr;

	if (duk_is_constructor_call(ctx)) {
		duk_push_this(ctx);
	} else {
		duk_push_object(ctx);
		lg__pf_push_state_slot(ctx, ST_AGG_PROTO);
		duk_set_prototype(ctx, -2);
	}
	e = duk_get_top_index(ctx);
	if (!duk_is_undefined(ctx, 1)) {
		duk_push_string(ctx, "message");
		duk_dup(ctx, 1);
		duk_to_string(ctx, -1);
		lg__pf_def_hidden(ctx, e, DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_WRITABLE);
	}
	duk_push_string(ctx, "errors");
	duk_push_array(ctx);
	arr = duk_get_top_index(ctx);
	lg__pf_iterate(ctx, 0, append_each, &arr);
	lg__pf_def_hidden(ctx, e, DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_WRITABLE);
	duk_dup(ctx, e);
	return 1;
}

/* ---- installation ------------------------------------------------------- */

/* Define obj[name] = the value at the top (consumed), non-enumerable. */
static void def_method(duk_context *ctx, duk_idx_t obj, const char *name)
{
	obj = duk_normalize_index(ctx, obj);
	duk_push_string(ctx, name);
	duk_swap_top(ctx, -2);
	lg__pf_def_hidden(ctx, obj, DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_WRITABLE);
}

void lg__pf_install_promise(duk_context *ctx)
{
	static const struct {
		const char *name;
		duk_c_function fn;
		int nargs, length, magic;
	} proto[] = {
		{ "then", promise_then, 2, 2, 0 },
		{ "catch", promise_catch, 1, 1, 0 },
		{ "finally", promise_finally, 1, 1, 0 },
	},
	  statics[] = {
		  { "resolve", promise_resolve_static, 1, 1, 0 },
		  { "reject", promise_reject_static, 1, 1, 0 },
		  { "all", promise_combine, 1, 1, MODE_ALL },
		  { "allSettled", promise_combine, 1, 1, MODE_SETTLED },
		  { "any", promise_combine, 1, 1, MODE_ANY },
		  { "race", promise_combine, 1, 1, MODE_RACE },
	  };
	static const int arrays[] = { ST_QUEUE, ST_PENDING, ST_UNHANDLED };

	for (size_t i = 0; i < LG_ARRAY_SIZE(arrays); i++) {
		duk_push_array(ctx);
		lg__pf_put_state_slot(ctx, arrays[i]);
	}
	duk_push_uint(ctx, 0);
	lg__pf_put_state_slot(ctx, ST_QHEAD);

	duk_push_object(ctx); /* Promise.prototype */
	for (size_t i = 0; i < LG_ARRAY_SIZE(proto); i++) {
		duk_push_c_lightfunc(ctx, proto[i].fn, proto[i].nargs, proto[i].length,
		                     proto[i].magic);
		def_method(ctx, -2, proto[i].name);
	}
	lg__pf_def_tag(ctx, -1, "Promise");
	duk_dup_top(ctx);
	lg__pf_put_state_slot(ctx, ST_PROMISE_PROTO);
	lg__pf_push_constructor(ctx, promise_ctor, 1, 0);
	for (size_t i = 0; i < LG_ARRAY_SIZE(statics); i++) {
		duk_push_c_lightfunc(ctx, statics[i].fn, statics[i].nargs, statics[i].length,
		                     statics[i].magic);
		def_method(ctx, -2, statics[i].name);
	}
	duk_dup_top(ctx);
	lg__pf_put_state_slot(ctx, ST_PROMISE);
	lg__pf_put_global(ctx, "Promise");

	/* AggregateError.prototype inherits Error.prototype */
	duk_push_object(ctx);
	duk_get_global_literal(ctx, "Error");
	duk_get_prop_literal(ctx, -1, "prototype");
	duk_remove(ctx, -2);
	duk_set_prototype(ctx, -2);
	duk_push_string(ctx, "AggregateError");
	def_method(ctx, -2, "name");
	duk_push_string(ctx, "");
	def_method(ctx, -2, "message");
	duk_dup_top(ctx);
	lg__pf_put_state_slot(ctx, ST_AGG_PROTO);
	lg__pf_push_constructor(ctx, aggregate_error, 2, 0);
	lg__pf_put_global(ctx, "AggregateError");

	duk_push_c_lightfunc(ctx, queue_microtask, 1, 1, 0);
	lg__pf_put_global(ctx, "queueMicrotask");
}
