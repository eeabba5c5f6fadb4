/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mod_async.c - a VU's event loop: k6/timers (setTimeout, setInterval and
 * their clears), http.asyncRequest, and `await`.
 *
 * DESIGN: a VU is a coroutine, so `await p` simply runs the VU's event loop
 * until p settles: it drains the microtask queue (the polyfill's Promise
 * jobs, __lg_drain_microtasks), runs the JS callbacks of completed work
 * (timer callbacks, asyncRequest resolutions) in completion order, and parks
 * the VU while timers or requests are pending; their completion (on the
 * worker's loop) queues a task and wakes the VU.  An iteration ends when the
 * exported function returned, its promise (if any) settled, and the loop has
 * nothing left (k6: "an iteration ends when its event loop is drained").
 * JS callbacks and resolvers are kept in the heap stash under "async", keyed
 * by id, so the garbage collector sees them.
 */
#include <stdlib.h>
#include <string.h>

#include "js_int.h"
#include "lg/clock.h"
#include "lg/http.h"
#include "lg/log.h"
#include "lg/vu.h"

enum task_kind { TASK_TIMER, TASK_REQUEST, TASK_CALL };

struct task {
	struct task *next;
	enum task_kind kind;
	unsigned id;
	struct lg_http_req *req; /* TASK_REQUEST: the finished request (owned) */
	lg_js_task_fn fn;        /* TASK_CALL: fn(ctx, vu, ud); ctx NULL when dropped */
	void *ud;
};

struct atimer {
	struct lg_timer t;
	struct atimer *next;
	struct lg_vu *vu;
	unsigned id;
	int64_t interval_ns;
	bool repeat;
};

struct areq {
	struct lg_http_req r;
	struct areq *next;
	unsigned id;
};

/* Append a task to the VU's queue and wake the VU; returns it for filling. */
static struct task *push_task(struct lg_vu *vu, enum task_kind kind, unsigned id,
                              struct lg_http_req *req)
{
	struct task *t = lg_xcalloc(1, sizeof(*t));

	t->kind = kind;
	t->id = id;
	t->req = req;
	if (vu->tasks_tail)
		((struct task *)vu->tasks_tail)->next = t;
	else
		vu->tasks_head = t;
	vu->tasks_tail = t;
	lg_vu_wake(vu);
	return t;
}

void lg__js_queue_call(struct lg_vu *vu, lg_js_task_fn fn, void *ud)
{
	struct task *t = push_task(vu, TASK_CALL, 0, NULL);

	t->fn = fn;
	t->ud = ud;
}

static struct task *pop_task(struct lg_vu *vu)
{
	struct task *t = vu->tasks_head;

	if (t) {
		vu->tasks_head = t->next;
		if (!vu->tasks_head)
			vu->tasks_tail = NULL;
	}
	return t;
}

/* stash.async[id] = value at top (pops it) / get / delete */
static void stash_put(duk_context *ctx, unsigned id)
{
	duk_push_global_stash(ctx);
	if (!duk_get_prop_literal(ctx, -1, "async")) {
		duk_pop(ctx);
		duk_push_object(ctx);
		duk_dup_top(ctx);
		duk_put_prop_literal(ctx, -3, "async");
	}
	duk_dup(ctx, -3);
	duk_put_prop_index(ctx, -2, id);
	duk_pop_3(ctx);
}

static bool stash_get(duk_context *ctx, unsigned id)
{
	bool found;

	duk_push_global_stash(ctx);
	duk_get_prop_literal(ctx, -1, "async");
	found = duk_is_object(ctx, -1) && duk_get_prop_index(ctx, -1, id);
	if (!duk_is_object(ctx, -2))
		duk_push_undefined(ctx);
	duk_remove(ctx, -2);
	duk_remove(ctx, -2);
	return found;
}

static void stash_del(duk_context *ctx, unsigned id)
{
	duk_push_global_stash(ctx);
	if (duk_get_prop_literal(ctx, -1, "async"))
		duk_del_prop_index(ctx, -1, id);
	duk_pop_2(ctx);
}

/* ---- timers ---------------------------------------------------------- */

static void timer_fired(struct lg_loop *loop, struct lg_timer *lt)
{
	struct atimer *t = (struct atimer *)lt;

	push_task(t->vu, TASK_TIMER, t->id, NULL);
	if (t->repeat)
		lg_timer_start(loop, &t->t, lg_now_ns() + t->interval_ns);
}

static struct atimer *unlink_timer(struct lg_vu *vu, unsigned id)
{
	struct atimer **pp = (struct atimer **)&vu->async_timers;

	for (; *pp; pp = &(*pp)->next) {
		if ((*pp)->id == id) {
			struct atimer *t = *pp;
			*pp = t->next;
			return t;
		}
	}
	return NULL;
}

/* lg.setTimer(fn, ms, repeat, args) -> id */
static duk_ret_t n_set_timer(duk_context *ctx)
{
	struct lg_vu *vu = lg__js_vu();
	double ms = duk_to_number(ctx, 1);
	struct atimer *t;

	if (!vu->w)
		return duk_error(ctx, DUK_ERR_ERROR,
		                 "timers are not available in the init context");
	duk_require_function(ctx, 0);
	if (!(ms >= 0))
		ms = 0;
	t = lg_xcalloc(1, sizeof(*t));
	t->vu = vu;
	t->id = ++vu->next_async_id;
	t->repeat = duk_to_boolean(ctx, 2);
	t->interval_ns = (int64_t)(ms * 1e6);
	if (t->repeat && t->interval_ns < LG_NS_PER_MS)
		t->interval_ns = LG_NS_PER_MS;
	t->t.cb = timer_fired;
	t->next = vu->async_timers;
	vu->async_timers = t;
	vu->pending_async++;
	/* stash: [fn, args] */
	duk_push_array(ctx);
	duk_dup(ctx, 0);
	duk_put_prop_index(ctx, -2, 0);
	duk_dup(ctx, 3);
	duk_put_prop_index(ctx, -2, 1);
	stash_put(ctx, t->id);
	lg_timer_start(vu->w->loop, &t->t, lg_now_ns() + t->interval_ns);
	duk_push_uint(ctx, t->id);
	return 1;
}

/* lg.clearTimer(id) */
static duk_ret_t n_clear_timer(duk_context *ctx)
{
	struct lg_vu *vu = lg__js_vu();
	unsigned id = (unsigned)duk_to_uint32(ctx, 0);
	struct atimer *t = unlink_timer(vu, id);

	if (!t)
		return 0;
	lg_timer_stop(vu->w->loop, &t->t);
	free(t);
	vu->pending_async--;
	stash_del(ctx, id);
	/* A queued run of this timer is dropped when it is popped (no stash entry). */
	return 0;
}

/* ---- asyncRequest ---------------------------------------------------- */

static void request_done(struct lg_http_req *r)
{
	struct areq *a = (struct areq *)r;

	push_task(r->vu, TASK_REQUEST, a->id, r);
}

/* lg.asyncRequest(method, url, body, params, expected, ct, proto, resolve, reject) */
static duk_ret_t n_async_request(duk_context *ctx)
{
	struct lg_vu *vu = lg__js_vu();
	struct areq *a;

	if (vu->in_init || !vu->w)
		return duk_error(ctx, DUK_ERR_ERROR,
		                 "Making http requests in the init context is not supported");
	if (lg_vu_cut(vu))
		return lg__js_throw_interrupt(ctx);
	a = lg_xcalloc(1, sizeof(*a));
	lg__js_req_from_args(ctx, 0, vu, &a->r);
	a->id = ++vu->next_async_id;
	a->r.on_done = request_done;
	a->next = vu->async_reqs;
	vu->async_reqs = a;
	vu->pending_async++;
	/* stash: [resolve, reject, proto] */
	duk_push_array(ctx);
	duk_dup(ctx, 7);
	duk_put_prop_index(ctx, -2, 0);
	duk_dup(ctx, 8);
	duk_put_prop_index(ctx, -2, 1);
	duk_dup(ctx, 6);
	duk_put_prop_index(ctx, -2, 2);
	stash_put(ctx, a->id);
	lg_http_start(vu, &a->r);
	return 0;
}

static void unlink_req(struct lg_vu *vu, struct areq *a)
{
	struct areq **pp = (struct areq **)&vu->async_reqs;

	for (; *pp; pp = &(*pp)->next) {
		if (*pp == a) {
			*pp = a->next;
			return;
		}
	}
}

/* ---- the loop ---------------------------------------------------------- */

static void log_callback_error(duk_context *ctx, struct lg_vu *vu, const char *what)
{
	duk_get_prop_literal(ctx, -1, "stack");
	lg_log(LG_LOG_ERROR, "stacktrace", "%s: %s", what,
	       duk_is_string(ctx, -1) ? duk_get_string(ctx, -1) : duk_safe_to_string(ctx, -2));
	duk_pop(ctx);
	LG_UNUSED(vu);
}

static void run_task(duk_context *ctx, struct lg_vu *vu, struct task *t)
{
	if (t->kind == TASK_CALL) {
		t->fn(ctx, vu, t->ud);
		return;
	}
	if (t->kind == TASK_TIMER) {
		struct atimer *tm = NULL;
		bool repeat = false;

		for (tm = vu->async_timers; tm && tm->id != t->id; tm = tm->next)
			;
		if (!tm || !stash_get(ctx, t->id)) {
			duk_pop(ctx);
			return; /* cleared meanwhile */
		}
		repeat = tm->repeat;
		if (!repeat) {
			unlink_timer(vu, t->id);
			free(tm);
			vu->pending_async--;
			stash_del(ctx, t->id);
		}
		/* fn.apply(undefined, args) */
		duk_get_prop_index(ctx, -1, 0);
		duk_push_string(ctx, "apply");
		duk_push_undefined(ctx);
		duk_get_prop_index(ctx, -4, 1);
		if (duk_pcall_prop(ctx, -4, 2) != 0 && !lg_vu_cut(vu))
			log_callback_error(ctx, vu, "uncaught exception in a timer callback");
		duk_pop_3(ctx);
		return;
	}
	/* TASK_REQUEST: resolve(Response) */
	{
		struct areq *a = (struct areq *)t->req;

		unlink_req(vu, a);
		vu->pending_async--;
		if (stash_get(ctx, t->id)) {
			stash_del(ctx, t->id);
			duk_get_prop_index(ctx, -1, 0); /* resolve */
			duk_get_prop_index(ctx, -2, 2); /* proto */
			lg__js_push_response(ctx, &a->r, duk_get_top_index(ctx));
			duk_remove(ctx, -2);
			if (duk_pcall(ctx, 1) != 0)
				log_callback_error(ctx, vu, "resolving an asyncRequest");
			duk_pop(ctx);
		}
		duk_pop(ctx);
		lg_http_req_cleanup(&a->r);
		free(a);
	}
}

static void drain_microtasks(duk_context *ctx)
{
	if (duk_get_global_literal(ctx, "__lg_drain_microtasks") && duk_is_function(ctx, -1)) {
		if (duk_pcall(ctx, 0) != 0)
			lg_log(LG_LOG_ERROR, "stacktrace", "%s", duk_safe_to_string(ctx, -1));
	}
	duk_pop(ctx);
}

/* Is the promise at idx still pending?  (false for anything not a Promise) */
static bool pending(duk_context *ctx, duk_idx_t idx)
{
	bool yes = false;

	if (duk_get_global_literal(ctx, "__lg_promise_state") && duk_is_function(ctx, -1)) {
		duk_dup(ctx, idx);
		if (duk_pcall(ctx, 1) == 0 && duk_is_object(ctx, -1)) {
			duk_get_prop_literal(ctx, -1, "state");
			yes = duk_is_string(ctx, -1) &&
			      strcmp(duk_get_string(ctx, -1), "pending") == 0;
			duk_pop(ctx);
		}
	}
	duk_pop(ctx);
	return yes;
}

/* The loop of lg__js_run_events, until done(ud) (NULL: until empty). */
static int run_until(duk_context *ctx, struct lg_vu *vu, duk_idx_t promise_idx,
                     bool (*done)(void *ud), void *ud)
{
	for (;;) {
		struct task *t;

		drain_microtasks(ctx);
		if (promise_idx >= 0 && !pending(ctx, promise_idx))
			return 0;
		if (done && done(ud))
			return 0;
		t = pop_task(vu);
		if (t) {
			run_task(ctx, vu, t);
			free(t);
			continue;
		}
		if (vu->pending_async == 0)
			return promise_idx >= 0 || done ? -1 : 0;
		if (lg_vu_cut(vu))
			return -2;
		lg_vu_park(vu);
	}
}

bool lg__js_events_idle(const struct lg_vu *vu)
{
	return !vu->tasks_head && vu->pending_async == 0;
}

int lg__js_run_events(duk_context *ctx, struct lg_vu *vu, duk_idx_t promise_idx)
{
	if (promise_idx >= 0)
		promise_idx = duk_normalize_index(ctx, promise_idx);
	return run_until(ctx, vu, promise_idx, NULL, NULL);
}

int lg__js_run_events_until(duk_context *ctx, struct lg_vu *vu, bool (*done)(void *ud), void *ud)
{
	return run_until(ctx, vu, -1, done, ud);
}

void lg__js_cancel_async(struct lg_vu *vu)
{
	duk_context *ctx = vu->js;
	struct task *t;

	while (vu->async_timers) {
		struct atimer *tm = vu->async_timers;
		vu->async_timers = tm->next;
		lg_timer_stop(vu->w->loop, &tm->t);
		free(tm);
	}
	while (vu->async_reqs) {
		struct areq *a = vu->async_reqs;
		vu->async_reqs = a->next;
		lg_http_cancel_async(vu, &a->r);
		lg_http_req_cleanup(&a->r);
		free(a);
	}
	/* Completed requests stay in async_reqs until their task runs, so they
	 * were freed above; the queued tasks only refer to them. */
	while ((t = pop_task(vu))) {
		if (t->kind == TASK_CALL)
			t->fn(NULL, vu, t->ud);
		free(t);
	}
	lg__js_ws_cancel(vu); /* after the queued events that refer to the sockets */
	vu->pending_async = 0;
	if (ctx) {
		duk_push_global_stash(ctx);
		duk_push_object(ctx);
		duk_put_prop_literal(ctx, -2, "async");
		duk_pop(ctx);
	}
}

/* lg.waitSettled(p): run the event loop until p settles. */
static duk_ret_t n_wait_settled(duk_context *ctx)
{
	struct lg_vu *vu = lg__js_vu();
	int rc;

	if (!vu->w) {
		/* init (top-level await in the probe heap): microtasks only */
		drain_microtasks(ctx);
		if (pending(ctx, 0))
			return duk_error(
			    ctx, DUK_ERR_ERROR,
			    "await in the init context can only wait for promises that "
			    "settle without timers or requests");
		return 0;
	}
	rc = lg__js_run_events(ctx, vu, 0);
	if (rc == -2)
		return lg__js_throw_interrupt(ctx);
	if (rc == -1)
		return duk_error(ctx, DUK_ERR_ERROR,
		                 "await on a promise that can never settle: nothing is pending (no "
		                 "timers, no requests)");
	return 0;
}

static const duk_function_list_entry async_natives[] = {
	{ "setTimer", n_set_timer, 4 },
	{ "clearTimer", n_clear_timer, 1 },
	{ "asyncRequest", n_async_request, 9 },
	{ "waitSettled", n_wait_settled, 1 },
	{ NULL, NULL, 0 },
};

void lg__js_put_async_natives(duk_context *ctx)
{
	lg__js_put_lightfuncs(ctx, async_natives);
}
