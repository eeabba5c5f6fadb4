/* SPDX-License-Identifier: Apache-2.0 */
/*
 * runtime.h - the objects of a running test, shared by the controller
 * (src/run), the workers (src/worker), the VUs (src/vu), the JavaScript
 * bindings (src/js) and the HTTP client (src/http).
 *
 * Threads: the controller (main thread) owns `struct lg_run` and the
 * schedule.  Each worker thread owns its loop, curl multi handle, metric sink,
 * tag pool and VUs; a VU is only ever touched by its worker.  Controller and
 * workers exchange `struct lg_msg` through mutex-protected queues with an
 * eventfd doorbell.  The only shared mutable state is a handful of atomics
 * (stop/interrupt flags, shared-iteration counters, progress counters).
 */
#ifndef LG_RUNTIME_H
#define LG_RUNTIME_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "lg/base.h"
#include "lg/loop.h"
#include "lg/metrics.h"
#include "lg/options.h"

struct lg_program;
struct lg_thresholds;
struct lg_http;
struct lg_coro;
struct lg_vu;
struct lg_worker;
struct lg_stripe;

/* ---- messages ---------------------------------------------------------- */

enum lg_msg_type {
	/* controller -> worker */
	LG_CMD_INIT_VU,   /* create VU vu_id and run its init code */
	LG_CMD_START_VU,  /* run iterations of `scenario` until done / deadline */
	LG_CMD_STOP_VU,   /* finish the current iteration, then stop (ramp-down) */
	LG_CMD_RUN_FN,    /* call exported fn (setup/teardown/handleSummary) with data */
	LG_CMD_INTERRUPT, /* cut the VUs of `scenario` (-1: all) short now */
	LG_CMD_QUIT,      /* free every VU and end the thread */
	LG_CMD_FLUSH,     /* hand the sink over now, then acknowledge (LG_EV_FLUSHED) */
	/* worker -> controller */
	LG_EV_VU_READY, /* init done: code 0, or the error class with msg */
	LG_EV_VU_DONE,  /* the VU's activity ended */
	LG_EV_FN_DONE,  /* RUN_FN ended: code, msg, result JSON */
	LG_EV_SINK,     /* a filled metric sink to merge (then recycle) */
	LG_EV_FLUSHED,  /* the worker's sinks up to now were all sent */
};

struct lg_msg {
	struct lg_msg *next;
	enum lg_msg_type type;
	int worker;
	int vu_id;
	int scenario;
	int64_t deadline_ns; /* START_VU: absolute end (0 = none) */
	int64_t sched_ns;    /* START_VU of an arrival-rate iteration: its scheduled start */
	int64_t iter_index;  /* ... and its index in the scenario's schedule */
	int code;            /* 0 or an enum lg_errcode */
	char *str;           /* fn name (RUN_FN) or error message (events) */
	char *data;          /* JSON data (RUN_FN argument / FN_DONE result) */
	struct lg_sink *sink;
};

struct lg_mq {
	pthread_mutex_t mu;
	struct lg_msg *head, *tail;
};

void lg_mq_init(struct lg_mq *q);
void lg_mq_destroy(struct lg_mq *q);
void lg_mq_push(struct lg_mq *q, struct lg_msg *m);
/* Take every queued message, oldest first (a NULL-terminated list). */
struct lg_msg *lg_mq_take(struct lg_mq *q);
struct lg_msg *lg_msg_new(enum lg_msg_type type);
void lg_msg_free(struct lg_msg *m);

/* ---- the run ----------------------------------------------------------- */

struct lg_scen_state {
	atomic_llong remaining;     /* shared-iterations: iterations left to hand out */
	atomic_int stop;            /* no new iterations */
	atomic_int interrupt;       /* cut running iterations */
	atomic_llong iters;         /* iterationInTest counter for the scenario */
	int64_t start_wall_ms;      /* exec.scenario.startTime */
	atomic_llong start_mono_ns; /* monotonic start (0 until started), for progress */
};

struct lg_run {
	struct lg_options *opts;
	struct lg_program *prog;
	struct lg_registry *reg;
	char **env; /* __ENV as "K=V" strings */
	int n_env;
	const char *ca_file; /* CA bundle for TLS verification, or NULL */
	int n_workers;
	struct lg_worker **workers;
	struct lg_scen_state *scen;       /* one per options scenario */
	struct lg_thresholds *thresholds; /* options.thresholds, filled by the probe */
	const char *setup_data;           /* JSON of setup()'s result; set before VUs start */
	int64_t start_ns;                 /* monotonic start of the test */
	/* controller inbox */
	struct lg_mq events;
	int events_fd; /* eventfd rung after each push */
	/* flags and counters read across threads */
	atomic_int abort;         /* stop everything gracefully (signal, abortOnFail, test.abort) */
	atomic_int hard_stop;     /* interrupt everything now */
	atomic_int abort_code;    /* enum lg_errcode to exit with, set by test.abort */
	atomic_int marked_failed; /* exec.test.fail() was called */
	atomic_llong iters_complete, iters_interrupted;
	atomic_int vus_active;
	atomic_int vus_initialized;
	int lag_metric;                 /* loadgate_start_lag (opt-in), or -1 */
	const struct lg_stripe *stripe; /* this instance's execution segment */
	const char *options_json;       /* consolidated options (exec.test.options) */
};

/* Post an event to the controller (any thread). Takes ownership of m. */
void lg_run_post(struct lg_run *run, struct lg_msg *m);

/* ---- VUs --------------------------------------------------------------- */

enum lg_vu_phase { LG_VU_INIT, LG_VU_IDLE, LG_VU_RUNNING, LG_VU_DEAD };

struct lg_vu {
	int id;              /* __VU: 1-based; 0 for the setup/teardown VU */
	struct lg_worker *w; /* NULL for the probe VU on the main thread */
	struct lg_run *run;
	struct lg_coro *co;
	void *js; /* duk_context * */
	enum lg_vu_phase phase;
	bool in_init; /* running init code: no HTTP, no checks */
	/* scheduling */
	struct lg_vu *ready_next;
	bool ready;
	struct lg_msg *cmd;    /* pending command for the VU's main loop */
	struct lg_timer timer; /* sleep(), timeouts */
	bool stop_requested;   /* ramp-down: stop after this iteration */
	bool interrupted;      /* the current iteration is being cut short */
	int waiting;           /* pending operations that will wake the VU */
	/* iteration state */
	int scenario; /* index into opts->scenarios, -1 outside one */
	int64_t iter; /* __ITER */
	int64_t iter_in_scenario;
	int64_t scen_iter;               /* this iteration's index in the scenario (all VUs) */
	char *group;                     /* current group path, "" at the root */
	double data_sent, data_received; /* bytes since the last flush */
	void *http;                      /* per-VU HTTP state (connection pool, cookie jar) */
	uint64_t rng;                    /* Math.random state */
	unsigned gc_counter;             /* iterations since the heap was created */
	size_t heap_bytes;               /* bytes the VU's JS heap holds (malloc_usable_size) */
	size_t gc_baseline;              /* heap_bytes after the last mark-and-sweep */
	/* the VU's event loop (timers, http.asyncRequest; src/js/mod_async.c) */
	void *tasks_head, *tasks_tail; /* completed async work awaiting its JS callback */
	void *async_timers;            /* active setTimeout/setInterval timers */
	void *async_reqs;              /* in-flight asyncRequests */
	int pending_async;             /* timers + async requests outstanding */
	unsigned next_async_id;
	void *ws_sockets;    /* open WebSockets (src/js/mod_ws.c) */
	struct lg_tag *tags; /* exec.vu.tags: on every later sample (owned strings) */
	int n_tags;
};

/* The VU whose coroutine (or probe) is running on this thread, or NULL. */
struct lg_vu *lg_vu_current(void);
void lg_vu_set_current(struct lg_vu *vu);

/* Make a parked VU runnable (worker thread only). */
void lg_vu_wake(struct lg_vu *vu);
/* Park the running VU until lg_vu_wake (from inside its coroutine). */
void lg_vu_park(struct lg_vu *vu);
/*
 * Sleep the running VU for ns nanoseconds.  Returns -1 when the iteration was
 * interrupted while sleeping, else 0.
 */
int lg_vu_sleep(struct lg_vu *vu, int64_t ns);
/* Record a sample into the VU's worker sink (dropped for the probe VU). */
void lg_vu_sample(struct lg_vu *vu, int metric, const struct lg_tagset *ts, double value);
/* Intern tags in the VU's worker pool (or the probe's pool). */
const struct lg_tagset *lg_vu_tags(struct lg_vu *vu, const struct lg_tag *tags, size_t n);
/* True when the VU must stop what it is doing (interrupt, hard stop). */
bool lg_vu_cut(const struct lg_vu *vu);

/* ---- workers ----------------------------------------------------------- */

struct lg_worker {
	int index;
	pthread_t thread;
	struct lg_run *run;
	struct lg_loop *loop;
	struct lg_http *http;
	struct lg_sink *sink;
	struct lg_sink *spare; /* recycled sink returned by the controller */
	struct lg_tagpool *tags;
	struct lg_mq inbox;
	struct lg_vu **vus; /* indexed by local slot */
	int n_vus, cap_vus;
	struct lg_vu *ready_head, *ready_tail;
	struct lg_timer flush_timer;
	bool quit;
};

/* Start n worker threads for the run. 0 or -LG_EIO with *err. */
int lg_workers_start(struct lg_run *run, int n, struct lg_err *err);
/* Send a command to a worker (controller thread). */
void lg_worker_send(struct lg_worker *w, struct lg_msg *m);
/* Ask every worker to quit and join them; frees them. */
void lg_workers_stop(struct lg_run *run);
/* After lg_workers_stop and the last merge: free workers and their tag pools. */
void lg_workers_free(struct lg_run *run);
/* Return an emptied sink to its worker for reuse. */
void lg_worker_recycle_sink(struct lg_worker *w, struct lg_sink *s);

#endif
