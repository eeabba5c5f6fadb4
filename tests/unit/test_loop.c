/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for src/loop: timer heap order, stop/restart, I/O, doorbell. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>

#include <cmocka.h>

#include "lg/clock.h"
#include "lg/loop.h"

static int fired[2048];
static int nfired;

static void record_cb(struct lg_loop *loop, struct lg_timer *t)
{
	fired[nfired++] = (int)(intptr_t)t->ud;
}

static void test_timer_order(void **state)
{
	enum { N = 1000 };
	struct lg_err err = { 0 };
	struct lg_loop *loop = lg_loop_new(&err);
	static struct lg_timer timers[N];
	int64_t base = lg_now_ns();
	uint32_t x = 12345;

	assert_non_null(loop);
	memset(timers, 0, sizeof(timers));
	nfired = 0;
	/* Pseudo-random deadlines in the past: all due at once, fired in order. */
	for (int i = 0; i < N; i++) {
		x = x * 1103515245u + 12345u;
		timers[i].cb = record_cb;
		timers[i].ud = (void *)(intptr_t)i;
		lg_timer_start(loop, &timers[i], base - 1000000 + (int64_t)(x % 500) * 1000);
	}
	/* Stop every 10th, restart every 7th with a later deadline. */
	for (int i = 0; i < N; i += 10)
		lg_timer_stop(loop, &timers[i]);
	assert_int_equal(lg_loop_timer_count(loop), N - N / 10);
	lg_loop_run_once(loop, 0);
	assert_int_equal(nfired, N - N / 10);
	for (int i = 1; i < nfired; i++) {
		struct lg_timer *a = &timers[fired[i - 1]], *b = &timers[fired[i]];
		assert_true(a->at < b->at || (a->at == b->at && a->seq < b->seq));
	}
	for (int i = 0; i < nfired; i++)
		assert_int_not_equal(fired[i] % 10, 0);
	assert_int_equal(lg_loop_timer_count(loop), 0);
	lg_loop_free(loop);
}

static void test_timer_waits(void **state)
{
	struct lg_err err = { 0 };
	struct lg_loop *loop = lg_loop_new(&err);
	struct lg_timer t = { 0 };
	int64_t start = lg_now_ns();

	nfired = 0;
	t.cb = record_cb;
	t.ud = (void *)(intptr_t)7;
	lg_timer_start(loop, &t, start + 20 * LG_NS_PER_MS);
	while (nfired == 0)
		lg_loop_run_once(loop, -1);
	assert_true(lg_now_ns() - start >= 20 * LG_NS_PER_MS);
	assert_int_equal(fired[0], 7);
	assert_false(lg_timer_active(&t));
	lg_loop_free(loop);
}

static int io_calls;

static void io_cb(struct lg_loop *loop, int fd, unsigned events, void *ud)
{
	char buf[16];

	assert_true(events & LG_IO_READ);
	assert_int_equal(read(fd, buf, sizeof(buf)), 3);
	io_calls++;
}

static void test_io(void **state)
{
	struct lg_err err = { 0 };
	struct lg_loop *loop = lg_loop_new(&err);
	int p[2];

	assert_int_equal(pipe(p), 0);
	io_calls = 0;
	assert_int_equal(lg_loop_io(loop, p[0], LG_IO_READ, io_cb, NULL), 0);
	lg_loop_run_once(loop, 0);
	assert_int_equal(io_calls, 0);
	assert_int_equal(write(p[1], "abc", 3), 3);
	lg_loop_run_once(loop, 1000 * LG_NS_PER_MS);
	assert_int_equal(io_calls, 1);
	assert_int_equal(lg_loop_io(loop, p[0], 0, NULL, NULL), 0);
	assert_int_equal(write(p[1], "abc", 3), 3);
	lg_loop_run_once(loop, 10 * LG_NS_PER_MS);
	assert_int_equal(io_calls, 1);
	close(p[0]);
	close(p[1]);
	lg_loop_free(loop);
}

static int woken;

static void wake_cb(struct lg_loop *loop, void *ud)
{
	woken++;
}

static void *ring(void *arg)
{
	usleep(10000);
	lg_loop_wakeup(arg);
	return NULL;
}

static void test_doorbell(void **state)
{
	struct lg_err err = { 0 };
	struct lg_loop *loop = lg_loop_new(&err);
	pthread_t th;

	woken = 0;
	lg_loop_on_wakeup(loop, wake_cb, NULL);
	assert_int_equal(pthread_create(&th, NULL, ring, loop), 0);
	while (!woken)
		lg_loop_run_once(loop, 5000 * LG_NS_PER_MS);
	pthread_join(th, NULL);
	assert_int_equal(woken, 1);
	lg_loop_free(loop);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timer_order),
		cmocka_unit_test(test_timer_waits),
		cmocka_unit_test(test_io),
		cmocka_unit_test(test_doorbell),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
