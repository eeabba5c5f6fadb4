/* SPDX-License-Identifier: Apache-2.0 */
/*
 * worker.c - a worker thread: its event loop, curl multi handle, metric sink
 * and VUs (see lg/runtime.h).
 *
 * DESIGN: the thread alternates between running every ready VU (each runs
 * until it parks on I/O, a timer or the end of its work) and one turn of the
 * event loop, which blocks only when no VU is ready.  Commands arrive in the
 * inbox and ring the loop's doorbell.  Every 200 ms the sink, if not empty, is
 * handed to the controller and replaced by a recycled one: the hot path
 * never takes a lock.
 */
#include <stdlib.h>
#include <string.h>

#include "lg/clock.h"
#include "lg/coro.h"
#include "lg/http.h"
#include "lg/log.h"
#include "lg/runtime.h"
#include "lg/vu.h"

#define FLUSH_INTERVAL_NS (200 * LG_NS_PER_MS)

static void flush_sink(struct lg_worker *w)
{
	struct lg_msg *m;

	if (lg_sink_empty(w->sink))
		return;
	m = lg_msg_new(LG_EV_SINK);
	m->worker = w->index;
	m->sink = w->sink;
	w->sink = w->spare ? w->spare : lg_sink_new(w->run->reg);
	w->spare = NULL;
	lg_run_post(w->run, m);
}

static void flush_timer_cb(struct lg_loop *loop, struct lg_timer *t)
{
	struct lg_worker *w = t->ud;

	flush_sink(w);
	lg_timer_start(loop, t, lg_now_ns() + FLUSH_INTERVAL_NS);
}

static int slot_of(const struct lg_worker *w, int vu_id)
{
	return vu_id == 0 ? 0 : (vu_id - 1) / w->run->n_workers + 1;
}

static struct lg_vu *find_vu(struct lg_worker *w, int vu_id)
{
	int slot = slot_of(w, vu_id);

	if (slot >= w->n_vus || !w->vus[slot] || w->vus[slot]->id != vu_id)
		return NULL;
	return w->vus[slot];
}

static void interrupt_vus(struct lg_worker *w, int scenario)
{
	for (int i = 0; i < w->n_vus; i++) {
		struct lg_vu *vu = w->vus[i];
		if (!vu || vu->phase != LG_VU_RUNNING)
			continue;
		if (scenario >= 0 && vu->scenario != scenario)
			continue;
		lg_vu_interrupt(vu);
	}
}

static void handle_cmd(struct lg_worker *w, struct lg_msg *m)
{
	struct lg_vu *vu;
	struct lg_err err = { 0 };

	switch (m->type) {
	case LG_CMD_INIT_VU: {
		int slot = slot_of(w, m->vu_id);
		if (slot >= w->cap_vus) {
			int cap = w->cap_vus ? w->cap_vus * 2 : 16;
			while (cap <= slot)
				cap *= 2;
			w->vus = lg_xrealloc(w->vus, (size_t)cap * sizeof(*w->vus));
			memset(w->vus + w->cap_vus, 0,
			       (size_t)(cap - w->cap_vus) * sizeof(*w->vus));
			w->cap_vus = cap;
		}
		if (slot >= w->n_vus)
			w->n_vus = slot + 1;
		vu = lg_vu_new(w, m->vu_id, &err);
		if (!vu) {
			struct lg_msg *ev = lg_msg_new(LG_EV_VU_READY);
			ev->vu_id = m->vu_id;
			ev->code = err.code;
			ev->str = lg_xstrdup(err.msg);
			lg_run_post(w->run, ev);
			break;
		}
		w->vus[slot] = vu;
		lg_vu_wake(vu);
		break;
	}
	case LG_CMD_START_VU:
	case LG_CMD_RUN_FN:
		vu = find_vu(w, m->vu_id);
		lg_require(vu && !vu->cmd);
		vu->cmd = m;
		lg_vu_wake(vu);
		return; /* the VU owns m now */
	case LG_CMD_STOP_VU:
		vu = find_vu(w, m->vu_id);
		if (vu)
			vu->stop_requested = true;
		break;
	case LG_CMD_INTERRUPT:
		if (m->vu_id > 0) {
			vu = find_vu(w, m->vu_id);
			if (vu && vu->phase == LG_VU_RUNNING)
				lg_vu_interrupt(vu);
		} else {
			interrupt_vus(w, m->scenario);
		}
		break;
	case LG_CMD_QUIT:
		w->quit = true;
		break;
	case LG_CMD_FLUSH: {
		struct lg_msg *ev = lg_msg_new(LG_EV_FLUSHED);
		flush_sink(w);
		ev->worker = w->index;
		lg_run_post(w->run, ev);
		break;
	}
	case LG_EV_SINK: /* a recycled sink coming back */
		if (!w->spare) {
			w->spare = m->sink;
			m->sink = NULL;
		}
		break;
	default:
		break;
	}
	lg_msg_free(m);
}

static void drain_inbox(struct lg_worker *w)
{
	struct lg_msg *m = lg_mq_take(&w->inbox);

	while (m) {
		struct lg_msg *next = m->next;
		handle_cmd(w, m);
		m = next;
	}
}

static void on_wakeup(struct lg_loop *loop, void *ud)
{
	drain_inbox(ud);
}

static void run_ready(struct lg_worker *w)
{
	/* Run the VUs that are ready now; ones woken meanwhile wait a turn. */
	struct lg_vu *tail = w->ready_tail;

	while (w->ready_head) {
		struct lg_vu *vu = w->ready_head;
		w->ready_head = vu->ready_next;
		if (!w->ready_head)
			w->ready_tail = NULL;
		vu->ready_next = NULL;
		vu->ready = false;
		lg_vu_resume(vu);
		if (vu == tail)
			break;
	}
}

void lg_vu_wake(struct lg_vu *vu)
{
	struct lg_worker *w = vu->w;

	if (vu->ready || !w)
		return;
	vu->ready = true;
	vu->ready_next = NULL;
	if (w->ready_tail)
		w->ready_tail->ready_next = vu;
	else
		w->ready_head = vu;
	w->ready_tail = vu;
}

static void *worker_main(void *arg)
{
	struct lg_worker *w = arg;

	lg_timer_start(w->loop, &w->flush_timer, lg_now_ns() + FLUSH_INTERVAL_NS);
	drain_inbox(w);
	while (!w->quit) {
		run_ready(w);
		lg_loop_run_once(w->loop, w->ready_head ? 0 : -1);
	}
	/* Free the VUs (their heaps are destroyed on their own stacks). */
	for (int i = 0; i < w->n_vus; i++) {
		if (w->vus[i]) {
			lg_vu_free(w->vus[i]);
			w->vus[i] = NULL;
		}
	}
	flush_sink(w);
	lg_timer_stop(w->loop, &w->flush_timer);
	return NULL;
}

static struct lg_worker *worker_new(struct lg_run *run, int index, struct lg_err *err)
{
	struct lg_worker *w = lg_xcalloc(1, sizeof(*w));

	w->index = index;
	w->run = run;
	lg_mq_init(&w->inbox);
	w->loop = lg_loop_new(err);
	if (!w->loop)
		goto fail;
	w->http = lg_http_new(w, err);
	if (!w->http)
		goto fail;
	w->sink = lg_sink_new(run->reg);
	w->tags = lg_tagpool_new();
	w->flush_timer.cb = flush_timer_cb;
	w->flush_timer.ud = w;
	lg_loop_on_wakeup(w->loop, on_wakeup, w);
	return w;
fail:
	lg_http_free(w->http);
	lg_loop_free(w->loop);
	lg_mq_destroy(&w->inbox);
	free(w);
	return NULL;
}

static void worker_free(struct lg_worker *w)
{
	lg_http_free(w->http);
	lg_loop_free(w->loop);
	lg_mq_destroy(&w->inbox);
	lg_sink_free(w->sink);
	lg_sink_free(w->spare);
	/* The tag pool stays alive: the controller's aggregate references its tag
	 * sets until the end of the run (lg_workers_free_pools). */
	free(w->vus);
	free(w);
}

int lg_workers_start(struct lg_run *run, int n, struct lg_err *err)
{
	run->workers = lg_xcalloc((size_t)n, sizeof(*run->workers));
	run->n_workers = n;
	for (int i = 0; i < n; i++) {
		run->workers[i] = worker_new(run, i, err);
		if (!run->workers[i])
			return -LG_EIO;
	}
	for (int i = 0; i < n; i++) {
		pthread_attr_t attr;
		pthread_attr_init(&attr);
		pthread_attr_setstacksize(&attr, 1024 * 1024);
		if (pthread_create(&run->workers[i]->thread, &attr, worker_main, run->workers[i])) {
			pthread_attr_destroy(&attr);
			return lg_errf(err, LG_EIO, "cannot start worker thread %d", i);
		}
		pthread_attr_destroy(&attr);
	}
	return 0;
}

void lg_worker_send(struct lg_worker *w, struct lg_msg *m)
{
	lg_mq_push(&w->inbox, m);
	lg_loop_wakeup(w->loop);
}

void lg_worker_recycle_sink(struct lg_worker *w, struct lg_sink *s)
{
	struct lg_msg *m = lg_msg_new(LG_EV_SINK);

	lg_sink_reset(s);
	m->sink = s;
	lg_worker_send(w, m);
}

void lg_workers_stop(struct lg_run *run)
{
	for (int i = 0; i < run->n_workers; i++)
		if (run->workers[i])
			lg_worker_send(run->workers[i], lg_msg_new(LG_CMD_QUIT));
	for (int i = 0; i < run->n_workers; i++)
		if (run->workers[i] && run->workers[i]->thread)
			pthread_join(run->workers[i]->thread, NULL);
}

void lg_workers_free(struct lg_run *run)
{
	for (int i = 0; i < run->n_workers; i++) {
		if (!run->workers[i])
			continue;
		lg_tagpool_free(run->workers[i]->tags);
		worker_free(run->workers[i]);
	}
	free(run->workers);
	run->workers = NULL;
	run->n_workers = 0;
}
