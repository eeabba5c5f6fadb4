/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vu.c - the VU coroutine: init, then iterations on command (see lg/vu.h).
 *
 * DESIGN: the controller decides what a VU does (START_VU with a scenario
 * and a deadline, RUN_FN for setup/teardown); the VU decides when to stop
 * within that: shared-iterations take from the scenario's atomic counter,
 * per-vu-iterations count locally, duration-based ones watch the deadline.
 * Between iterations the VU checks the stop flags; an interrupt (gracefulStop
 * expired, second Ctrl+C) cuts the running iteration, which is then counted
 * as interrupted and emits no iteration metrics (reference 3.4).
 */
#include <stdlib.h>
#include <string.h>

#include "lg/clock.h"
#include "lg/coro.h"
#include "lg/http.h"
#include "lg/js.h"
#include "lg/log.h"
#include "lg/vu.h"

static void post_ready(struct lg_vu *vu, int code, const char *msg)
{
	struct lg_msg *ev = lg_msg_new(LG_EV_VU_READY);

	ev->vu_id = vu->id;
	ev->worker = vu->w->index;
	ev->code = code;
	ev->str = msg ? lg_xstrdup(msg) : NULL;
	lg_run_post(vu->run, ev);
}

size_t lg_vu_base_tags(const struct lg_vu *vu, struct lg_tag *out, size_t max)
{
	const struct lg_options *o = vu->run->opts;
	size_t n = 0;

	for (int i = 0; i < o->n_tags && n < max; i++)
		out[n++] = o->tags[i];
	if (vu->scenario >= 0) {
		const struct lg_scenario *s = &o->scenarios[vu->scenario];
		for (int i = 0; i < s->n_tags && n < max; i++)
			out[n++] = s->tags[i];
		if (n < max)
			out[n++] = (struct lg_tag){ "scenario", s->name };
	}
	for (int i = 0; i < vu->n_tags && n < max; i++)
		out[n++] = vu->tags[i];
	if (n < max)
		out[n++] = (struct lg_tag){ "group", vu->group ? vu->group : "" };
	return n;
}

static void emit_iteration(struct lg_vu *vu, int64_t start_ns, bool complete)
{
	struct lg_tag tags[40];
	size_t n = lg_vu_base_tags(vu, tags, LG_ARRAY_SIZE(tags));
	const struct lg_tagset *ts = lg_vu_tags(vu, tags, n);

	if (vu->data_sent > 0)
		lg_vu_sample(vu, LG_M_DATA_SENT, ts, vu->data_sent);
	if (vu->data_received > 0)
		lg_vu_sample(vu, LG_M_DATA_RECEIVED, ts, vu->data_received);
	vu->data_sent = vu->data_received = 0;
	if (!complete)
		return;
	lg_vu_sample(vu, LG_M_ITERATIONS, ts, 1);
	lg_vu_sample(vu, LG_M_ITERATION_DURATION, ts,
	             (double)(lg_now_ns() - start_ns) / (double)LG_NS_PER_MS);
}

static bool take_iteration(struct lg_vu *vu, const struct lg_scenario *s, int64_t done_here,
                           const struct lg_msg *cmd)
{
	struct lg_run *run = vu->run;
	struct lg_scen_state *st = &run->scen[vu->scenario];
	/* An arrival-rate iteration scheduled before the scenario's end runs
	 * even when the end has passed by the time this VU gets the command
	 * (it then has the graceful stop to finish, as in k6). */
	bool scheduled = cmd->sched_ns && done_here == 0;

	if (atomic_load(&run->abort) || vu->stop_requested)
		return false;
	if (!scheduled && atomic_load(&st->stop))
		return false;
	if (!scheduled && cmd->deadline_ns && lg_now_ns() >= cmd->deadline_ns)
		return false;
	switch (s->executor) {
	case LG_EXEC_SHARED_ITERATIONS:
		return atomic_fetch_sub(&st->remaining, 1) > 0;
	case LG_EXEC_PER_VU_ITERATIONS:
		return done_here < s->iterations;
	case LG_EXEC_CONSTANT_ARRIVAL_RATE:
	case LG_EXEC_RAMPING_ARRIVAL_RATE:
		return done_here < 1; /* one scheduled iteration per command */
	default:
		return true;
	}
}

static void run_activity(struct lg_vu *vu, const struct lg_msg *cmd)
{
	struct lg_run *run = vu->run;
	const struct lg_scenario *s = &run->opts->scenarios[cmd->scenario];
	int64_t done_here = 0;

	if (vu->scenario != cmd->scenario)
		lg_js_set_env(vu, s->env, s->n_env);
	vu->scenario = cmd->scenario;
	vu->stop_requested = false;
	vu->iter_in_scenario = 0;
	atomic_fetch_add(&run->vus_active, 1);
	while (take_iteration(vu, s, done_here, cmd)) {
		/* Arrival rates: time from the scheduled start, not from when a VU
		 * got to it (coordinated omission). */
		int64_t start = cmd->sched_ns && done_here == 0 ? cmd->sched_ns : lg_now_ns();

		if (cmd->sched_ns) {
			vu->scen_iter = cmd->iter_index;
			if (run->lag_metric >= 0) {
				struct lg_tag tags[40];
				size_t n = lg_vu_base_tags(vu, tags, LG_ARRAY_SIZE(tags));
				lg_vu_sample(vu, run->lag_metric, lg_vu_tags(vu, tags, n),
				             (double)(lg_now_ns() - cmd->sched_ns) / 1e6);
			}
		} else {
			vu->scen_iter = atomic_fetch_add(&run->scen[vu->scenario].iters, 1);
		}

		vu->interrupted = false;
		lg_http_vu_iteration_start(vu);
		/* an exception is logged there; the iteration still counts (k6) */
		lg_js_iteration(vu, s->exec);
		if (lg_vu_cut(vu)) {
			emit_iteration(vu, start, false);
			atomic_fetch_add(&run->iters_interrupted, 1);
			break;
		}
		emit_iteration(vu, start, true);
		atomic_fetch_add(&run->iters_complete, 1);
		vu->iter++;
		vu->iter_in_scenario++;
		done_here++;
		/* minIterationDuration: sleep out the rest. */
		if (run->opts->min_iteration_duration_ns.v > 0) {
			int64_t left = start + run->opts->min_iteration_duration_ns.v - lg_now_ns();
			if (left > 0 && lg_vu_sleep(vu, left) < 0)
				break;
		}
		/* Let the other VUs of this worker run between iterations. */
		if (vu->w->ready_head) {
			lg_vu_wake(vu);
			lg_vu_park(vu);
		}
	}
	vu->interrupted = false;
	atomic_fetch_sub(&run->vus_active, 1);
}

static void vu_main(void *arg)
{
	struct lg_vu *vu = arg;
	struct lg_err err = { 0 };

	if (lg_js_vu_init(vu, &err) < 0) {
		vu->phase = LG_VU_DEAD;
		post_ready(vu, err.code, err.msg);
		return;
	}
	atomic_fetch_add(&vu->run->vus_initialized, 1);
	post_ready(vu, 0, NULL);
	for (;;) {
		struct lg_msg *cmd, *ev;

		vu->phase = LG_VU_IDLE;
		while (!vu->cmd)
			lg_vu_park(vu);
		cmd = vu->cmd;
		vu->cmd = NULL;
		if (cmd->type == LG_CMD_QUIT) {
			lg_msg_free(cmd);
			break;
		}
		vu->phase = LG_VU_RUNNING;
		if (cmd->type == LG_CMD_START_VU) {
			run_activity(vu, cmd);
			ev = lg_msg_new(LG_EV_VU_DONE);
		} else {
			struct lg_err ferr = { 0 };
			char *result = NULL;
			int64_t start = lg_now_ns();

			vu->scenario = -1;
			vu->interrupted = false;
			lg_http_vu_iteration_start(vu);
			if (strcmp(cmd->str, "handleSummary") == 0) {
				bool replaced = false;
				lg_js_handle_summary(vu, cmd->data ? cmd->data : "{}", &replaced,
				                     &ferr);
				result = lg_xstrdup(replaced ? "replaced" : "default");
			} else {
				lg_js_call(vu, cmd->str, cmd->data, &result, &ferr);
			}
			emit_iteration(vu, start, false);
			ev = lg_msg_new(LG_EV_FN_DONE);
			ev->code = ferr.code;
			ev->str = ferr.code ? lg_xstrdup(ferr.msg) : NULL;
			ev->data = result;
		}
		ev->vu_id = vu->id;
		ev->worker = vu->w->index;
		ev->scenario = cmd->scenario;
		lg_msg_free(cmd);
		lg_run_post(vu->run, ev);
	}
	vu->phase = LG_VU_DEAD;
	lg_js_vu_free(vu);
}

struct lg_vu *lg_vu_new(struct lg_worker *w, int id, struct lg_err *err)
{
	struct lg_vu *vu = lg_xcalloc(1, sizeof(*vu));

	vu->id = id;
	vu->w = w;
	vu->run = w->run;
	vu->scenario = -1;
	vu->phase = LG_VU_INIT;
	vu->group = lg_xstrdup("");
	vu->rng =
	    0x9E3779B97F4A7C15ull ^ ((uint64_t)id * 0xBF58476D1CE4E5B9ull) ^ (uint64_t)lg_wall_ns();
	vu->timer.ud = vu;
	vu->co = lg_coro_new(LG_CORO_STACK_DEFAULT, vu_main, vu, err);
	if (!vu->co) {
		free(vu->group);
		free(vu);
		return NULL;
	}
	vu->http = lg_http_vu_new(w->http);
	return vu;
}

static _Thread_local struct lg_vu *current_vu;

struct lg_vu *lg_vu_current(void)
{
	return current_vu;
}

void lg_vu_set_current(struct lg_vu *vu)
{
	current_vu = vu;
}

void lg_vu_resume(struct lg_vu *vu)
{
	struct lg_vu *prev = current_vu;

	if (!vu->co || lg_coro_done(vu->co))
		return;
	current_vu = vu;
	lg_coro_resume(vu->co);
	current_vu = prev;
}

void lg_vu_free(struct lg_vu *vu)
{
	if (!vu)
		return;
	if (vu->co && !lg_coro_done(vu->co) && vu->phase != LG_VU_INIT) {
		/* Let the coroutine destroy its heap on its own stack. */
		vu->cmd = lg_msg_new(LG_CMD_QUIT);
		lg_timer_stop(vu->w->loop, &vu->timer);
		vu->interrupted = true;
		while (!lg_coro_done(vu->co))
			lg_vu_resume(vu);
	}
	lg_coro_free(vu->co);
	lg_http_vu_free(vu->http);
	for (int i = 0; i < vu->n_tags; i++) {
		free((char *)vu->tags[i].key);
		free((char *)vu->tags[i].value);
	}
	free(vu->tags);
	free(vu->group);
	free(vu);
}

void lg_vu_park(struct lg_vu *vu)
{
	lg_coro_yield();
}

static void sleep_done(struct lg_loop *loop, struct lg_timer *t)
{
	lg_vu_wake(t->ud);
}

int lg_vu_sleep(struct lg_vu *vu, int64_t ns)
{
	if (lg_vu_cut(vu))
		return -1;
	if (!vu->w)
		return 0;
	vu->timer.cb = sleep_done;
	lg_timer_start(vu->w->loop, &vu->timer, lg_now_ns() + (ns > 0 ? ns : 0));
	while (lg_timer_active(&vu->timer) && !lg_vu_cut(vu))
		lg_vu_park(vu);
	lg_timer_stop(vu->w->loop, &vu->timer);
	return lg_vu_cut(vu) ? -1 : 0;
}

void lg_vu_interrupt(struct lg_vu *vu)
{
	vu->interrupted = true;
	lg_timer_stop(vu->w->loop, &vu->timer);
	lg_vu_wake(vu);
}

bool lg_vu_cut(const struct lg_vu *vu)
{
	return vu->interrupted || atomic_load_explicit(&vu->run->hard_stop, memory_order_relaxed);
}

void lg_vu_sample(struct lg_vu *vu, int metric, const struct lg_tagset *ts, double value)
{
	if (!vu->w || vu->in_init)
		return;
	lg_sink_add(vu->w->sink, metric, ts, value, lg_now_ns());
}

const struct lg_tagset *lg_vu_tags(struct lg_vu *vu, const struct lg_tag *tags, size_t n)
{
	if (!vu->w)
		return NULL;
	return lg_tagpool_intern(vu->w->tags, tags, n);
}
