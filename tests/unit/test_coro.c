/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for src/coro: switching, data flow, guard page accounting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lg/coro.h"

static int trace[64];
static int ntrace;

static void counter_fn(void *arg)
{
	int base = *(int *)arg;

	for (int i = 0; i < 3; i++) {
		trace[ntrace++] = base + i;
		lg_coro_yield();
	}
	trace[ntrace++] = base + 100;
}

static void test_interleave(void **state)
{
	struct lg_err err = { 0 };
	int a = 10, b = 20;
	struct lg_coro *ca = lg_coro_new(64 * 1024, counter_fn, &a, &err);
	struct lg_coro *cb = lg_coro_new(64 * 1024, counter_fn, &b, &err);
	static const int want[] = { 10, 20, 11, 21, 12, 22, 110, 120 };

	assert_non_null(ca);
	assert_non_null(cb);
	ntrace = 0;
	while (!lg_coro_done(ca) || !lg_coro_done(cb)) {
		if (!lg_coro_done(ca))
			lg_coro_resume(ca);
		if (!lg_coro_done(cb))
			lg_coro_resume(cb);
	}
	assert_int_equal(ntrace, 8);
	assert_memory_equal(trace, want, sizeof(want));
	assert_null(lg_coro_current());
	lg_coro_free(ca);
	lg_coro_free(cb);
}

static double fp_result;

static void fp_fn(void *arg)
{
	volatile double x = 1.0;

	for (int i = 0; i < 10; i++) {
		x = x * 1.5 + 0.25;
		lg_coro_yield();
	}
	fp_result = x;
}

static void test_floating_point_survives_switches(void **state)
{
	struct lg_err err = { 0 };
	struct lg_coro *co = lg_coro_new(64 * 1024, fp_fn, NULL, &err);
	double want = 1.0;

	for (int i = 0; i < 10; i++)
		want = want * 1.5 + 0.25;
	while (!lg_coro_done(co)) {
		volatile double noise = 3.0;
		noise = noise / 7.0;
		lg_coro_resume(co);
	}
	assert_true(fp_result == want);
	lg_coro_free(co);
}

static struct lg_coro *inner_co;

static void inner_fn(void *arg)
{
	trace[ntrace++] = 2;
	lg_coro_yield();
	trace[ntrace++] = 4;
}

static void outer_fn(void *arg)
{
	struct lg_err err = { 0 };

	trace[ntrace++] = 1;
	inner_co = lg_coro_new(64 * 1024, inner_fn, NULL, &err);
	lg_coro_resume(inner_co);
	trace[ntrace++] = 3;
	lg_coro_resume(inner_co);
	assert_true(lg_coro_done(inner_co));
	lg_coro_free(inner_co);
	trace[ntrace++] = 5;
}

static void test_nested(void **state)
{
	struct lg_err err = { 0 };
	struct lg_coro *co = lg_coro_new(64 * 1024, outer_fn, NULL, &err);
	static const int want[] = { 1, 2, 3, 4, 5 };

	ntrace = 0;
	lg_coro_resume(co);
	assert_true(lg_coro_done(co));
	assert_int_equal(ntrace, 5);
	assert_memory_equal(trace, want, sizeof(want));
	lg_coro_free(co);
}

static void deep_fn(void *arg)
{
	volatile char buf[100 * 1024];

	for (size_t i = 0; i < sizeof(buf); i += 64)
		buf[i] = 1; /* volatile stores: no compiler may elide them */
	lg_coro_yield();
	*(int *)arg = buf[4096];
}

static void test_stack_lazily_committed(void **state)
{
	struct lg_err err = { 0 };
	int out = 0;
	struct lg_coro *co = lg_coro_new(LG_CORO_STACK_DEFAULT, deep_fn, &out, &err);

	assert_non_null(co);
	assert_true(lg_coro_stack_used(co) <= 8 * 1024);
	lg_coro_resume(co);
	assert_true(lg_coro_stack_used(co) >= 100 * 1024);
	assert_true(lg_coro_stack_used(co) <= LG_CORO_STACK_DEFAULT);
	lg_coro_resume(co);
	assert_int_equal(out, 1);
	lg_coro_free(co);
}

static void test_many(void **state)
{
	enum { N = 2000 };
	static struct lg_coro *cos[N];
	struct lg_err err = { 0 };
	int a = 0;

	ntrace = 0;
	for (int i = 0; i < N; i++) {
		cos[i] = lg_coro_new(LG_CORO_STACK_DEFAULT, fp_fn, &a, &err);
		assert_non_null(cos[i]);
	}
	for (int round = 0; round < 11; round++)
		for (int i = 0; i < N; i++)
			if (!lg_coro_done(cos[i]))
				lg_coro_resume(cos[i]);
	for (int i = 0; i < N; i++) {
		assert_true(lg_coro_done(cos[i]));
		lg_coro_free(cos[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_interleave),
		cmocka_unit_test(test_floating_point_survives_switches),
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_stack_lazily_committed),
		cmocka_unit_test(test_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
