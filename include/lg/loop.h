/* SPDX-License-Identifier: Apache-2.0 */
/*
 * loop.h - a worker's event loop: epoll for file descriptors, a binary
 * min-heap of timers (O(log n) start/stop, so 10k sleeping VUs cost nothing),
 * and an eventfd doorbell that other threads ring.
 *
 * Thread affinity: everything but lg_loop_wakeup() must be called on the
 * loop's own thread.  lg_loop_wakeup() is async-signal-safe and thread-safe.
 */
#ifndef LG_LOOP_H
#define LG_LOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lg/base.h"

struct lg_loop;

enum { LG_IO_READ = 1, LG_IO_WRITE = 2, LG_IO_ERROR = 4 };

typedef void (*lg_io_cb)(struct lg_loop *loop, int fd, unsigned events, void *ud);

/* Timer storage is the caller's (embed it); zero-initialise before first use. */
struct lg_timer {
	int64_t at;      /* absolute CLOCK_MONOTONIC ns */
	uint64_t seq;    /* FIFO order among equal deadlines */
	size_t heap_idx; /* private: position + 1 in the heap, 0 when idle */
	void (*cb)(struct lg_loop *loop, struct lg_timer *t);
	void *ud;
};

/* A loop, or NULL with *err set when epoll/eventfd cannot be created. */
struct lg_loop *lg_loop_new(struct lg_err *err);
void lg_loop_free(struct lg_loop *loop);

/*
 * Watch fd for `events` (LG_IO_READ|LG_IO_WRITE); 0 stops watching.  One
 * watcher per fd.  The callback gets the ready events (LG_IO_ERROR on
 * EPOLLERR/EPOLLHUP).  Returns 0 or -LG_EIO.
 */
int lg_loop_io(struct lg_loop *loop, int fd, unsigned events, lg_io_cb cb, void *ud);

/* (Re)start a timer at absolute time at_ns; its cb runs from lg_loop_run_once. */
void lg_timer_start(struct lg_loop *loop, struct lg_timer *t, int64_t at_ns);
void lg_timer_stop(struct lg_loop *loop, struct lg_timer *t);
static inline bool lg_timer_active(const struct lg_timer *t)
{
	return t->heap_idx != 0;
}
/* Number of active timers. */
size_t lg_loop_timer_count(const struct lg_loop *loop);

/*
 * Wait for I/O or the next timer, at most max_wait_ns (0 = poll, <0 = no
 * limit besides timers), then run the callbacks that are due.  Returns the
 * number of callbacks run.
 */
int lg_loop_run_once(struct lg_loop *loop, int64_t max_wait_ns);

/* Ring the doorbell from any thread: the loop's wakeup callback will run. */
void lg_loop_wakeup(struct lg_loop *loop);
void lg_loop_on_wakeup(struct lg_loop *loop, void (*cb)(struct lg_loop *loop, void *ud), void *ud);

#endif
