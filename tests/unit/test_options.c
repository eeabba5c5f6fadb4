/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for src/config: option values, env, precedence, scenario derivation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lg/clock.h"
#include "lg/options.h"

static void test_defaults(void **state)
{
	struct lg_options o;
	struct lg_err err = { 0 };

	lg_options_init(&o);
	assert_int_equal(o.vus.v, 1);
	assert_int_equal(o.max_redirects.v, 10);
	assert_int_equal(o.batch.v, 20);
	assert_int_equal(o.batch_per_host.v, 6);
	assert_int_equal(o.setup_timeout_ns.v, 60 * LG_NS_PER_S);
	assert_int_equal(o.n_trend_stats, 6);
	assert_string_equal(o.trend_stats[5], "p(95)");
	/* nothing set: 1 VU x 1 iteration */
	assert_int_equal(lg_options_finish(&o, &err), 0);
	assert_int_equal(o.n_scenarios, 1);
	assert_string_equal(o.scenarios[0].name, "default");
	assert_int_equal(o.scenarios[0].executor, LG_EXEC_PER_VU_ITERATIONS);
	assert_int_equal(o.scenarios[0].vus, 1);
	assert_int_equal(o.scenarios[0].iterations, 1);
	lg_options_free(&o);
}

/* script < env < flags, each layer a call to lg_options_set/from_env. */
static void test_precedence(void **state)
{
	struct lg_options o;
	struct lg_err err = { 0 };
	char *env[] = { "K6_VUS=5", "K6_DURATION=20s", "LOADGATE_DURATION=30s", "OTHER=1", NULL };

	lg_options_init(&o);
	assert_int_equal(lg_options_set(&o, "vus", "2", 1, "script", &err), 0);
	assert_int_equal(lg_options_set(&o, "duration", "10000", 1, "script", &err), 0);
	assert_int_equal(o.duration_ns.v, 10 * LG_NS_PER_S); /* bare number = ms in scripts */
	assert_int_equal(lg_options_from_env(&o, env, &err), 0);
	assert_int_equal(o.vus.v, 5);
	assert_int_equal(o.duration_ns.v, 30 * LG_NS_PER_S); /* LOADGATE_ wins over K6_ */
	assert_int_equal(lg_options_set(&o, "vus", "7", 0, "--vus", &err), 0);
	assert_int_equal(lg_options_finish(&o, &err), 0);
	assert_int_equal(o.scenarios[0].executor, LG_EXEC_CONSTANT_VUS);
	assert_int_equal(o.scenarios[0].vus, 7);
	assert_int_equal(o.scenarios[0].duration_ns, 30 * LG_NS_PER_S);
	lg_options_free(&o);
}

static void test_shortcuts(void **state)
{
	struct lg_options o;
	struct lg_err err = { 0 };

	lg_options_init(&o);
	lg_options_set(&o, "vus", "4", 1, "t", &err);
	lg_options_set(&o, "iterations", "40", 1, "t", &err);
	lg_options_set(&o, "duration", "2m", 1, "t", &err);
	assert_int_equal(lg_options_finish(&o, &err), 0);
	assert_int_equal(o.scenarios[0].executor, LG_EXEC_SHARED_ITERATIONS);
	assert_int_equal(o.scenarios[0].iterations, 40);
	assert_int_equal(o.scenarios[0].max_duration_ns, 120 * LG_NS_PER_S);
	lg_options_free(&o);

	lg_options_init(&o);
	assert_int_equal(lg_options_set(&o, "stages", "10s:5,20s:0", 0, "-s", &err), 0);
	assert_int_equal(lg_options_finish(&o, &err), 0);
	assert_int_equal(o.scenarios[0].executor, LG_EXEC_RAMPING_VUS);
	assert_int_equal(o.scenarios[0].n_stages, 2);
	assert_int_equal(o.scenarios[0].stages[0].target, 5);
	assert_int_equal(o.scenarios[0].stages[1].duration_ns, 20 * LG_NS_PER_S);
	lg_options_free(&o);
}

static void test_errors(void **state)
{
	static const struct {
		const char *key, *value, *needle;
	} bad[] = {
		{ "vus", "abc", "invalid vus \"abc\"" },
		{ "vus", "1.5", "whole number" },
		{ "duration", "10x", "invalid duration \"10x\"" },
		{ "insecureSkipTLSVerify", "maybe", "expected true or false" },
		{ "summaryTrendStats", "avg,p(101)", "p(101)" },
		{ "summaryTrendStats", "avg,p( 95)", "p( 95)" },
		{ "summaryTimeUnit", "h", "summaryTimeUnit" },
		{ "stages", "10s", "duration:target" },
		{ "stages", "10s:-1", "duration:target" },
	};

	for (size_t i = 0; i < LG_ARRAY_SIZE(bad); i++) {
		struct lg_options o;
		struct lg_err err = { 0 };

		lg_options_init(&o);
		assert_int_equal(lg_options_set(&o, bad[i].key, bad[i].value, 1, "the test", &err),
		                 -LG_ECONFIG);
		assert_int_equal(err.code, LG_ECONFIG);
		if (!strstr(err.msg, bad[i].needle))
			fail_msg("%s=%s: \"%s\" lacks \"%s\"", bad[i].key, bad[i].value, err.msg,
			         bad[i].needle);
		assert_non_null(strstr(err.msg, "the test"));
		lg_options_free(&o);
	}
}

static void test_conflicts(void **state)
{
	struct lg_options o;
	struct lg_err err = { 0 };

	lg_options_init(&o);
	lg_options_set(&o, "iterations", "10", 1, "t", &err);
	lg_options_set(&o, "stages", "10s:5", 1, "t", &err);
	assert_int_equal(lg_options_finish(&o, &err), -LG_ECONFIG);
	assert_non_null(strstr(err.msg, "cannot be used together"));
	lg_options_free(&o);

	memset(&err, 0, sizeof(err));
	lg_options_init(&o);
	lg_options_set(&o, "vus", "10", 1, "t", &err);
	lg_options_set(&o, "iterations", "5", 1, "t", &err);
	assert_int_equal(lg_options_finish(&o, &err), -LG_ECONFIG);
	assert_non_null(strstr(err.msg, "can't be less than the number of VUs"));
	lg_options_free(&o);

	memset(&err, 0, sizeof(err));
	lg_options_init(&o);
	lg_options_set(&o, "vus", "0", 1, "t", &err);
	assert_int_equal(lg_options_finish(&o, &err), -LG_ECONFIG);
	assert_non_null(strstr(err.msg, "at least 1"));
	lg_options_free(&o);
}

static void test_unknown_key(void **state)
{
	struct lg_options o;
	struct lg_err err = { 0 };

	lg_options_init(&o);
	assert_int_equal(lg_options_set(&o, "frobnicate", "1", 1, "t", &err), 1);
	assert_int_equal(err.code, LG_EOK);
	lg_options_free(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),  cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_shortcuts), cmocka_unit_test(test_errors),
		cmocka_unit_test(test_conflicts), cmocka_unit_test(test_unknown_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
