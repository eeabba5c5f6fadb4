/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for execution segments: parsing, k6's striping, exact splits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lg/segment.h"

static void init_ok(struct lg_stripe *st, const char *seg, const char *seq)
{
	struct lg_err err = { 0 };

	if (lg_stripe_init(st, seg, seq, &err) != 0)
		fail_msg("%s in %s: %s", seg, seq ? seq : "-", err.msg);
}

static void test_three_equal(void **state)
{
	static const char *const segs[] = { "0:1/3", "1/3:2/3", "2/3:1" };
	struct lg_stripe st[3];

	for (int i = 0; i < 3; i++)
		init_ok(&st[i], segs[i], "0,1/3,2/3,1");
	/* the reference's example: 10 VUs -> 4, 3, 3 */
	assert_int_equal(lg_stripe_scale(&st[0], 10), 4);
	assert_int_equal(lg_stripe_scale(&st[1], 10), 3);
	assert_int_equal(lg_stripe_scale(&st[2], 10), 3);
	for (int i = 0; i < 3; i++)
		lg_stripe_cleanup(&st[i]);
}

/* Any sequence: every item is owned by exactly one segment, counts add up. */
static void check_partition(const char *seq, const char *const *segs, int n)
{
	struct lg_stripe st[8];

	for (int i = 0; i < n; i++)
		init_ok(&st[i], segs[i], seq);
	for (int64_t k = 0; k < 5000; k++) {
		int owners = 0;
		for (int i = 0; i < n; i++)
			owners += lg_stripe_owns(&st[i], k);
		assert_int_equal(owners, 1);
	}
	for (int64_t v = 0; v < 777; v += 7) {
		int64_t sum = 0;
		for (int i = 0; i < n; i++)
			sum += lg_stripe_scale(&st[i], v);
		assert_int_equal(sum, v);
	}
	for (int i = 0; i < n; i++) {
		int64_t prev = -1;
		for (int64_t j = 0; j < 200; j++) {
			int64_t g = lg_stripe_nth(&st[i], j);
			assert_true(g > prev);
			assert_true(lg_stripe_owns(&st[i], g));
			assert_int_equal(lg_stripe_scale(&st[i], g), j);
			prev = g;
		}
		lg_stripe_cleanup(&st[i]);
	}
}

static void test_partitions(void **state)
{
	static const char *const a[] = { "0:1/3", "1/3:2/3", "2/3:1" };
	static const char *const b[] = { "0:0.25", "0.25:1" };
	static const char *const c[] = { "0:10%", "10%:35%", "35%:1" };
	static const char *const d[] = { "0:1/5", "1/5:3/7", "3/7:1" };

	check_partition("0,1/3,2/3,1", a, 3);
	check_partition("0,0.25,1", b, 2);
	check_partition("0,10%,35%,1", c, 3);
	check_partition("0,1/5,3/7,1", d, 3);
}

static void test_defaults(void **state)
{
	struct lg_stripe st;

	init_ok(&st, NULL, NULL);
	assert_int_equal(lg_stripe_scale(&st, 123), 123);
	assert_true(lg_stripe_owns(&st, 5));
	assert_int_equal(lg_stripe_nth(&st, 9), 9);
	lg_stripe_cleanup(&st);
	/* "1/2" means 0:1/2; the sequence is filled from its borders */
	init_ok(&st, "1/2", NULL);
	assert_int_equal(lg_stripe_scale(&st, 10), 5);
	lg_stripe_cleanup(&st);
}

static void test_errors(void **state)
{
	static const struct {
		const char *seg, *seq, *needle;
	} bad[] = {
		{ "2/3:1/3", NULL, "start must be below its end" },
		{ "0:3/2", NULL, "invalid execution segment" },
		{ "a:b", NULL, "invalid execution segment" },
		{ "0:1/4", "0,1/3,1", "is not one of the segments" },
		{ "0:1/3", "0,2/3,1/3,1", "values must increase" },
		{ "0:1/3", "0", "invalid execution segment sequence" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct lg_stripe st;
		struct lg_err err = { 0 };
		assert_int_equal(lg_stripe_init(&st, bad[i].seg, bad[i].seq, &err), -LG_ECONFIG);
		if (!strstr(err.msg, bad[i].needle))
			fail_msg("%s / %s: \"%s\" lacks \"%s\"", bad[i].seg, bad[i].seq, err.msg,
			         bad[i].needle);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_three_equal),
		cmocka_unit_test(test_partitions),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
