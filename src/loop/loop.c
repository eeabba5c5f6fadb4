/* SPDX-License-Identifier: Apache-2.0 */
/*
 * loop.c - epoll + timer heap + eventfd doorbell (see lg/loop.h).
 *
 * DESIGN: timers live in a binary min-heap ordered by (deadline, start
 * sequence) so equal deadlines fire in FIFO order (libuv does the same).
 * Watchers are kept in a table indexed by fd (fds are small integers); the
 * epoll event carries the fd.  redis' ae.c keeps timers in an unsorted list
 * and finds the next one in O(n): with 10k sleeping VUs that would dominate.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "lg/clock.h"
#include "lg/loop.h"

struct watcher {
	lg_io_cb cb;
	void *ud;
	unsigned events;
};

struct lg_loop {
	int epfd;
	int evfd;
	struct watcher *watchers; /* indexed by fd */
	size_t nwatchers;
	struct lg_timer **heap;
	size_t nheap, capheap;
	uint64_t seq;
	void (*wake_cb)(struct lg_loop *loop, void *ud);
	void *wake_ud;
};

static bool timer_less(const struct lg_timer *a, const struct lg_timer *b)
{
	return a->at < b->at || (a->at == b->at && a->seq < b->seq);
}

static void heap_set(struct lg_loop *l, size_t i, struct lg_timer *t)
{
	l->heap[i] = t;
	t->heap_idx = i + 1;
}

static void heap_up(struct lg_loop *l, size_t i)
{
	struct lg_timer *t = l->heap[i];

	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (!timer_less(t, l->heap[parent]))
			break;
		heap_set(l, i, l->heap[parent]);
		i = parent;
	}
	heap_set(l, i, t);
}

static void heap_down(struct lg_loop *l, size_t i)
{
	struct lg_timer *t = l->heap[i];

	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= l->nheap)
			break;
		if (c + 1 < l->nheap && timer_less(l->heap[c + 1], l->heap[c]))
			c++;
		if (!timer_less(l->heap[c], t))
			break;
		heap_set(l, i, l->heap[c]);
		i = c;
	}
	heap_set(l, i, t);
}

void lg_timer_stop(struct lg_loop *l, struct lg_timer *t)
{
	size_t i;
	struct lg_timer *last;

	if (!t->heap_idx)
		return;
	i = t->heap_idx - 1;
	t->heap_idx = 0;
	last = l->heap[--l->nheap];
	if (i == l->nheap)
		return;
	heap_set(l, i, last);
	if (i > 0 && timer_less(last, l->heap[(i - 1) / 2]))
		heap_up(l, i);
	else
		heap_down(l, i);
}

void lg_timer_start(struct lg_loop *l, struct lg_timer *t, int64_t at_ns)
{
	lg_timer_stop(l, t);
	t->at = at_ns;
	t->seq = l->seq++;
	if (l->nheap == l->capheap) {
		l->capheap = l->capheap ? l->capheap * 2 : 64;
		l->heap = lg_xrealloc(l->heap, l->capheap * sizeof(*l->heap));
	}
	l->heap[l->nheap] = t;
	t->heap_idx = ++l->nheap;
	heap_up(l, l->nheap - 1);
}

size_t lg_loop_timer_count(const struct lg_loop *l)
{
	return l->nheap;
}

static void drain_eventfd(struct lg_loop *l, int fd, unsigned events, void *ud)
{
	uint64_t v;
	ssize_t n = read(fd, &v, sizeof(v));

	LG_UNUSED(n);
	if (l->wake_cb)
		l->wake_cb(l, l->wake_ud);
}

struct lg_loop *lg_loop_new(struct lg_err *err)
{
	struct lg_loop *l = lg_xcalloc(1, sizeof(*l));

	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	l->evfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (l->epfd < 0 || l->evfd < 0) {
		lg_errf(err, LG_EIO, "cannot create an event loop: %s", strerror(errno));
		goto fail;
	}
	if (lg_loop_io(l, l->evfd, LG_IO_READ, drain_eventfd, NULL) < 0) {
		lg_errf(err, LG_EIO, "cannot watch the loop doorbell: %s", strerror(errno));
		goto fail;
	}
	return l;
fail:
	lg_loop_free(l);
	return NULL;
}

void lg_loop_free(struct lg_loop *l)
{
	if (!l)
		return;
	if (l->epfd >= 0)
		close(l->epfd);
	if (l->evfd >= 0)
		close(l->evfd);
	free(l->watchers);
	free(l->heap);
	free(l);
}

int lg_loop_io(struct lg_loop *l, int fd, unsigned events, lg_io_cb cb, void *ud)
{
	struct epoll_event ev = { 0 };
	struct watcher *w;
	int op;

	if (fd < 0)
		return -LG_EIO;
	if ((size_t)fd >= l->nwatchers) {
		size_t n = l->nwatchers ? l->nwatchers : 64;
		while (n <= (size_t)fd)
			n *= 2;
		l->watchers = lg_xrealloc(l->watchers, n * sizeof(*l->watchers));
		memset(l->watchers + l->nwatchers, 0, (n - l->nwatchers) * sizeof(*l->watchers));
		l->nwatchers = n;
	}
	w = &l->watchers[fd];
	if (events == 0) {
		if (w->events)
			epoll_ctl(l->epfd, EPOLL_CTL_DEL, fd, NULL);
		memset(w, 0, sizeof(*w));
		return 0;
	}
	if (w->events == events) { /* curl re-announces interests often: no syscall */
		w->cb = cb;
		w->ud = ud;
		return 0;
	}
	ev.events = ((events & LG_IO_READ) ? EPOLLIN : 0) | ((events & LG_IO_WRITE) ? EPOLLOUT : 0);
	ev.data.fd = fd;
	op = w->events ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
	if (epoll_ctl(l->epfd, op, fd, &ev) < 0) {
		/* curl may hand us an fd that was closed and reused. */
		if (op == EPOLL_CTL_MOD && errno == ENOENT)
			op = EPOLL_CTL_ADD;
		else if (op == EPOLL_CTL_ADD && errno == EEXIST)
			op = EPOLL_CTL_MOD;
		else
			return -LG_EIO;
		if (epoll_ctl(l->epfd, op, fd, &ev) < 0)
			return -LG_EIO;
	}
	w->cb = cb;
	w->ud = ud;
	w->events = events;
	return 0;
}

static int run_timers(struct lg_loop *l)
{
	int64_t now = lg_now_ns();
	int n = 0;

	while (l->nheap > 0 && l->heap[0]->at <= now) {
		struct lg_timer *t = l->heap[0];
		lg_timer_stop(l, t);
		t->cb(l, t);
		n++;
	}
	return n;
}

int lg_loop_run_once(struct lg_loop *l, int64_t max_wait_ns)
{
	struct epoll_event evs[256];
	int64_t wait_ns = max_wait_ns;
	int timeout_ms, n, ran = 0;

	if (l->nheap > 0) {
		int64_t until = l->heap[0]->at - lg_now_ns();
		if (until < 0)
			until = 0;
		if (wait_ns < 0 || until < wait_ns)
			wait_ns = until;
	}
	if (wait_ns < 0)
		timeout_ms = -1;
	else
		timeout_ms = (int)((wait_ns + LG_NS_PER_MS - 1) / LG_NS_PER_MS);
	n = epoll_wait(l->epfd, evs, (int)LG_ARRAY_SIZE(evs), timeout_ms);
	if (n < 0 && errno != EINTR)
		lg_die("epoll_wait: %s", strerror(errno));
	for (int i = 0; i < n; i++) {
		int fd = evs[i].data.fd;
		unsigned got = 0;
		struct watcher *w;

		if ((size_t)fd >= l->nwatchers)
			continue;
		w = &l->watchers[fd];
		if (!w->cb)
			continue;
		if (evs[i].events & EPOLLIN)
			got |= LG_IO_READ;
		if (evs[i].events & EPOLLOUT)
			got |= LG_IO_WRITE;
		if (evs[i].events & (EPOLLERR | EPOLLHUP))
			got |= LG_IO_ERROR;
		w->cb(l, fd, got, w->ud);
		ran++;
	}
	return ran + run_timers(l);
}

void lg_loop_wakeup(struct lg_loop *l)
{
	uint64_t one = 1;
	ssize_t n = write(l->evfd, &one, sizeof(one));

	LG_UNUSED(n);
}

void lg_loop_on_wakeup(struct lg_loop *l, void (*cb)(struct lg_loop *loop, void *ud), void *ud)
{
	l->wake_cb = cb;
	l->wake_ud = ud;
}
