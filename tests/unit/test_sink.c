/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests for src/metrics/registry.c and sink.c: built-ins, declaring,
 * concurrent reads; per-series aggregates, reset and reuse, gauge ordering.
 * The sink has no read API, so the tests look at its layout through the
 * subsystem's private header (white-box).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <malloc.h>
#include <pthread.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lg/metrics.h"

/* cmocka 1.1 has no assert_double_equal. */
#define assert_near(a, b, eps) assert_true(fabs((double)(a) - (double)(b)) <= (eps))
#include "../../src/metrics/metrics_int.h"

#define T(k, v) ((struct lg_tag){ (k), (v) })

/* ---- registry ---------------------------------------------------------- */

static void test_builtins(void **state)
{
	static const struct {
		int id;
		const char *name, *type, *contains;
	} want[] = {
		{ LG_M_VUS, "vus", "gauge", "default" },
		{ LG_M_VUS_MAX, "vus_max", "gauge", "default" },
		{ LG_M_ITERATIONS, "iterations", "counter", "default" },
		{ LG_M_ITERATION_DURATION, "iteration_duration", "trend", "time" },
		{ LG_M_DROPPED_ITERATIONS, "dropped_iterations", "counter", "default" },
		{ LG_M_DATA_SENT, "data_sent", "counter", "data" },
		{ LG_M_DATA_RECEIVED, "data_received", "counter", "data" },
		{ LG_M_CHECKS, "checks", "rate", "default" },
		{ LG_M_GROUP_DURATION, "group_duration", "trend", "time" },
		{ LG_M_HTTP_REQS, "http_reqs", "counter", "default" },
		{ LG_M_HTTP_REQ_DURATION, "http_req_duration", "trend", "time" },
		{ LG_M_HTTP_REQ_BLOCKED, "http_req_blocked", "trend", "time" },
		{ LG_M_HTTP_REQ_CONNECTING, "http_req_connecting", "trend", "time" },
		{ LG_M_HTTP_REQ_TLS_HANDSHAKING, "http_req_tls_handshaking", "trend", "time" },
		{ LG_M_HTTP_REQ_SENDING, "http_req_sending", "trend", "time" },
		{ LG_M_HTTP_REQ_WAITING, "http_req_waiting", "trend", "time" },
		{ LG_M_HTTP_REQ_RECEIVING, "http_req_receiving", "trend", "time" },
		{ LG_M_HTTP_REQ_FAILED, "http_req_failed", "rate", "default" },
		{ LG_M_WS_SESSIONS, "ws_sessions", "counter", "default" },
		{ LG_M_WS_MSGS_SENT, "ws_msgs_sent", "counter", "default" },
		{ LG_M_WS_MSGS_RECEIVED, "ws_msgs_received", "counter", "default" },
		{ LG_M_WS_CONNECTING, "ws_connecting", "trend", "time" },
		{ LG_M_WS_SESSION_DURATION, "ws_session_duration", "trend", "time" },
		{ LG_M_WS_PING, "ws_ping", "trend", "time" },
	};
	struct lg_registry *reg = lg_registry_new();

	assert_int_equal(LG_ARRAY_SIZE(want), LG_M__BUILTIN_COUNT);
	assert_int_equal(lg_metric_count(reg), LG_M__BUILTIN_COUNT);
	for (size_t i = 0; i < LG_ARRAY_SIZE(want); i++) {
		int id = want[i].id;

		assert_string_equal(lg_metric_name(reg, id), want[i].name);
		assert_string_equal(lg_metric_type_name(lg_metric_type(reg, id)), want[i].type);
		assert_string_equal(lg_metric_contains_name(lg_metric_contains(reg, id)),
		                    want[i].contains);
		assert_int_equal(lg_metric_find(reg, want[i].name), id);
	}
	assert_int_equal(lg_metric_find(reg, "nope"), -1);
	lg_registry_free(reg);
}

static void test_declare(void **state)
{
	struct lg_registry *reg = lg_registry_new();
	struct lg_err err = { 0 };
	char longest[130], toolong[131];
	int id;

	id = lg_metric_declare(reg, "my_trend", LG_TREND, LG_CONTAINS_TIME, &err);
	assert_int_equal(id, LG_M__BUILTIN_COUNT);
	assert_int_equal(lg_metric_declare(reg, "my_trend", LG_TREND, LG_CONTAINS_TIME, &err), id);
	assert_int_equal(lg_metric_find(reg, "my_trend"), id);
	assert_int_equal(lg_metric_type(reg, id), LG_TREND);
	assert_int_equal(lg_metric_contains(reg, id), LG_CONTAINS_TIME);
	assert_int_equal(lg_metric_count(reg), LG_M__BUILTIN_COUNT + 1);
	/* Re-declaring a built-in with its own type returns the built-in. */
	assert_int_equal(lg_metric_declare(reg, "http_reqs", LG_COUNTER, LG_CONTAINS_DEFAULT, &err),
	                 LG_M_HTTP_REQS);
	assert_int_equal(err.code, LG_EOK);

	/* Type conflict, with k6's message. */
	assert_int_equal(lg_metric_declare(reg, "my_trend", LG_COUNTER, LG_CONTAINS_DEFAULT, &err),
	                 -LG_ESCRIPT);
	assert_string_equal(
	    err.msg, "metric 'my_trend' already exists but with type trend, instead of counter");
	err = (struct lg_err){ 0 };
	assert_int_equal(lg_metric_declare(reg, "my_trend", LG_TREND, LG_CONTAINS_DEFAULT, &err),
	                 -LG_ESCRIPT);
	assert_string_equal(
	    err.msg,
	    "metric 'my_trend' already exists but with a value type time, instead of default");

	/* Names: ^[a-zA-Z_][a-zA-Z0-9_]{1,128}$ */
	static const char *bad[] = { "", "a", "1abc", "my-metric", "my metric", "é_x", "a.b" };
	for (size_t i = 0; i < LG_ARRAY_SIZE(bad); i++) {
		err = (struct lg_err){ 0 };
		assert_int_equal(
		    lg_metric_declare(reg, bad[i], LG_COUNTER, LG_CONTAINS_DEFAULT, &err),
		    -LG_ESCRIPT);
		assert_int_equal(err.code, LG_ESCRIPT);
	}
	assert_string_equal(err.msg, "Invalid metric name: 'a.b'. Metric names should start with a "
	                             "letter or an underscore and only include up to 128 ASCII "
	                             "letters, numbers, or underscores.");
	memset(longest, 'x', 129);
	longest[129] = '\0';
	memset(toolong, 'x', 130);
	toolong[130] = '\0';
	err = (struct lg_err){ 0 };
	assert_true(lg_metric_declare(reg, longest, LG_GAUGE, LG_CONTAINS_DEFAULT, &err) >= 0);
	assert_true(lg_metric_declare(reg, toolong, LG_GAUGE, LG_CONTAINS_DEFAULT, &err) < 0);
	assert_true(lg_metric_declare(reg, "_9", LG_RATE, LG_CONTAINS_DEFAULT, NULL) >= 0);
	lg_registry_free(reg);
}

static void test_capacity(void **state)
{
	struct lg_registry *reg = lg_registry_new();
	struct lg_err err = { 0 };
	char name[32];

	for (int i = LG_M__BUILTIN_COUNT; i < LG_METRICS_MAX; i++) {
		snprintf(name, sizeof(name), "m_%d", i);
		assert_int_equal(
		    lg_metric_declare(reg, name, LG_COUNTER, LG_CONTAINS_DEFAULT, &err), i);
	}
	assert_int_equal(lg_metric_count(reg), LG_METRICS_MAX);
	assert_int_equal(lg_metric_declare(reg, "one_more", LG_COUNTER, LG_CONTAINS_DEFAULT, &err),
	                 -LG_ESCRIPT);
	/* An existing name is still found when full. */
	assert_int_equal(lg_metric_declare(reg, "m_100", LG_COUNTER, LG_CONTAINS_DEFAULT, NULL),
	                 100);
	lg_registry_free(reg);
}

/* Writers declare while readers look up: every published id must be consistent. */
struct race {
	struct lg_registry *reg;
	int tid;
	int ids[200];
	int shared;
};

static void *declarer(void *arg)
{
	struct race *r = arg;
	char name[32];

	for (int i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "t%d_m%d", r->tid, i);
		r->ids[i] = lg_metric_declare(r->reg, name, LG_TREND, LG_CONTAINS_TIME, NULL);
		if (i == 100)
			r->shared = lg_metric_declare(r->reg, "shared_metric", LG_COUNTER,
			                              LG_CONTAINS_DEFAULT, NULL);
	}
	return NULL;
}

static void *reader(void *arg)
{
	struct lg_registry *reg = arg;
	long bad = 0;

	for (int round = 0; round < 300; round++) {
		int n = lg_metric_count(reg);

		for (int id = 0; id < n; id++) {
			const char *name = lg_metric_name(reg, id);

			if (lg_metric_find(reg, name) != id)
				bad++;
		}
	}
	return (void *)bad;
}

static void test_concurrent(void **state)
{
	struct lg_registry *reg = lg_registry_new();
	struct race r[3];
	pthread_t w[3], rd;
	void *bad;

	pthread_create(&rd, NULL, reader, reg);
	for (int t = 0; t < 3; t++) {
		r[t].reg = reg;
		r[t].tid = t;
		pthread_create(&w[t], NULL, declarer, &r[t]);
	}
	for (int t = 0; t < 3; t++)
		pthread_join(w[t], NULL);
	pthread_join(rd, &bad);
	assert_int_equal((long)bad, 0);
	assert_int_equal(lg_metric_count(reg), LG_M__BUILTIN_COUNT + 3 * 200 + 1);
	assert_int_equal(r[0].shared, r[1].shared);
	assert_int_equal(r[1].shared, r[2].shared);
	for (int t = 0; t < 3; t++)
		for (int i = 0; i < 200; i++) {
			char name[32];

			snprintf(name, sizeof(name), "t%d_m%d", t, i);
			assert_true(r[t].ids[i] >= LG_M__BUILTIN_COUNT);
			assert_int_equal(lg_metric_find(reg, name), r[t].ids[i]);
		}
	lg_registry_free(reg);
}

/* ---- sink -------------------------------------------------------------- */

static const struct lg_mvalue *find_series(const struct lg_sink *s, int metric,
                                           const struct lg_tagset *ts)
{
	for (size_t i = 0; i < s->nseries; i++)
		if (s->series[i].metric == metric && s->series[i].ts == ts)
			return &s->series[i].v;
	return NULL;
}

/* The series, which must exist. */
static const struct lg_mvalue *series_value(const struct lg_sink *s, int metric,
                                            const struct lg_tagset *ts)
{
	const struct lg_mvalue *v = find_series(s, metric, ts);

	if (!v) {
		fail_msg("no series for metric %d", metric);
		abort();
	}
	return v;
}

static void test_sink_counts(void **state)
{
	struct lg_registry *reg = lg_registry_new();
	struct lg_tagpool *pool = lg_tagpool_new();
	struct lg_sink *s = lg_sink_new(reg);
	struct lg_tag a[] = { T("status", "200") }, b[] = { T("status", "500") };
	const struct lg_tagset *ta = lg_tagpool_intern(pool, a, 1);
	const struct lg_tagset *tb = lg_tagpool_intern(pool, b, 1);
	const struct lg_mvalue *v;

	assert_true(lg_sink_empty(s));
	for (int i = 0; i < 1000; i++) {
		lg_sink_add(s, LG_M_HTTP_REQS, ta, 1, i);
		lg_sink_add(s, LG_M_DATA_SENT, ta, 1.5, i);
		if (i % 4 == 0)
			lg_sink_add(s, LG_M_HTTP_REQS, tb, 1, i);
		lg_sink_add(s, LG_M_HTTP_REQ_FAILED, ta, i % 10 == 0, i);
		lg_sink_add(s, LG_M_HTTP_REQ_DURATION, ta, i, i);
	}
	assert_false(lg_sink_empty(s));
	assert_int_equal(s->nseries, 5);
	v = series_value(s, LG_M_HTTP_REQS, ta);
	assert_int_equal(v->count, 1000);
	assert_true(v->sum == 1000);
	v = series_value(s, LG_M_HTTP_REQS, tb);
	assert_int_equal(v->count, 250);
	assert_true(v->sum == 250);
	v = series_value(s, LG_M_DATA_SENT, ta);
	assert_true(v->sum == 1500);
	v = series_value(s, LG_M_HTTP_REQ_FAILED, ta);
	assert_int_equal(v->type, LG_RATE);
	assert_int_equal(v->count, 1000);
	assert_int_equal(v->trues, 100);
	v = series_value(s, LG_M_HTTP_REQ_DURATION, ta);
	assert_int_equal(v->type, LG_TREND);
	assert_int_equal(v->count, 1000);
	assert_true(v->sum == 499500);
	assert_true(v->min == 0 && v->max == 999);
	assert_int_equal(lg_hist_count(v->hist), 1000);
	assert_true(lg_hist_is_exact(v->hist));
	assert_near(lg_hist_quantile(v->hist, 90), 899.1, 1e-9);
	assert_null(find_series(s, LG_M_DATA_SENT, tb));
	lg_sink_free(s);
	lg_tagpool_free(pool);
	lg_registry_free(reg);
}

static void test_sink_gauge(void **state)
{
	struct lg_registry *reg = lg_registry_new();
	struct lg_tagpool *pool = lg_tagpool_new();
	struct lg_sink *s = lg_sink_new(reg);
	const struct lg_tagset *ts = lg_tagpool_intern(pool, NULL, 0);
	const struct lg_mvalue *v;

	lg_sink_add(s, LG_M_VUS, ts, 5, 100);
	lg_sink_add(s, LG_M_VUS, ts, 3, 50); /* older: not the last value */
	v = series_value(s, LG_M_VUS, ts);
	assert_true(v->last == 5 && v->last_seq == 100);
	assert_true(v->min == 3 && v->max == 5);
	lg_sink_add(s, LG_M_VUS, ts, 7, 100); /* same time: the later write wins */
	assert_true(v->last == 7);
	lg_sink_add(s, LG_M_VUS, ts, -2, 200);
	assert_true(v->last == -2 && v->last_seq == 200 && v->min == -2 && v->max == 7);
	assert_int_equal(v->count, 4);
	lg_sink_free(s);
	lg_tagpool_free(pool);
	lg_registry_free(reg);
}

static void test_sink_reset_reuses(void **state)
{
	struct lg_registry *reg = lg_registry_new();
	struct lg_tagpool *pool = lg_tagpool_new();
	struct lg_sink *s = lg_sink_new(reg);
	const struct lg_tagset *ts[300];
	struct lg__sink_series *series = NULL;
	struct lg__sink_slot *slots = NULL;
	struct lg_hist *h0 = NULL;
	size_t hist_mem = 0, nseries = 0;
	char buf[16];
	int custom = lg_metric_declare(reg, "my_gauge", LG_GAUGE, LG_CONTAINS_DEFAULT, NULL);

	for (int i = 0; i < 300; i++) {
		struct lg_tag t[] = { T("name", buf) };

		snprintf(buf, sizeof(buf), "n%d", i);
		ts[i] = lg_tagpool_intern(pool, t, 1);
	}
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 300; i++) {
			lg_sink_add(s, LG_M_ITERATIONS, ts[i], 1, 0);
			lg_sink_add(s, custom, ts[i], i + round, round);
		}
		for (int i = 0; i < 5000; i++)
			lg_sink_add(s, LG_M_ITERATION_DURATION, ts[0], 1 + i % 97, 0);
		if (round == 0) {
			nseries = s->nseries;
			series = s->series;
			slots = s->slots;
			h0 = series_value(s, LG_M_ITERATION_DURATION, ts[0])->hist;
			hist_mem = lg_hist_memory(h0);
		}
		/* Same series, same storage, fresh numbers each period. */
		assert_int_equal(s->nseries, 601);
		assert_int_equal(s->nseries, nseries);
		assert_ptr_equal(s->series, series);
		assert_ptr_equal(s->slots, slots);
		assert_ptr_equal(series_value(s, LG_M_ITERATION_DURATION, ts[0])->hist, h0);
		for (int i = 0; i < 300; i++) {
			assert_int_equal(series_value(s, LG_M_ITERATIONS, ts[i])->count, 1);
			assert_true(series_value(s, custom, ts[i])->last == i + round);
		}
		assert_int_equal(lg_hist_count(h0), 5000);
		assert_false(lg_hist_is_exact(h0));
		assert_true(lg_hist_memory(h0) <= hist_mem);
		lg_sink_reset(s);
		assert_true(lg_sink_empty(s));
		for (size_t i = 0; i < s->nseries; i++) {
			const struct lg_mvalue *v = &s->series[i].v;

			assert_int_equal(v->count, 0);
			assert_true(v->sum == 0 && v->last == 0 && v->trues == 0);
			if (v->hist)
				assert_int_equal(lg_hist_count(v->hist), 0);
		}
	}
	lg_sink_free(s);
	lg_tagpool_free(pool);
	lg_registry_free(reg);
}

/* No allocation per sample once the series exist (mallinfo2 is 0 under ASan: trivially true). */
static void test_sink_no_alloc(void **state)
{
	struct lg_registry *reg = lg_registry_new();
	struct lg_tagpool *pool = lg_tagpool_new();
	struct lg_sink *s = lg_sink_new(reg);
	const struct lg_tagset *ts = lg_tagpool_intern(pool, NULL, 0);
	size_t before;

	/* Warm up: the series exist and the trend's bucket pages for 1..1e4 are there. */
	for (int i = 0; i < 20000; i++) {
		lg_sink_add(s, LG_M_HTTP_REQS, ts, 1, i);
		lg_sink_add(s, LG_M_HTTP_REQ_WAITING, ts, 1 + i % 10000, i);
	}
	before = mallinfo2().uordblks;
	for (int i = 0; i < 200000; i++) {
		lg_sink_add(s, LG_M_HTTP_REQS, ts, 1, i);
		lg_sink_add(s, LG_M_HTTP_REQ_WAITING, ts, 1 + (i * 7) % 10000, i);
	}
	assert_int_equal(mallinfo2().uordblks, before);
	assert_int_equal(series_value(s, LG_M_HTTP_REQS, ts)->count, 220000);
	lg_sink_free(s);
	lg_tagpool_free(pool);
	lg_registry_free(reg);
}

/* Many series: the table grows and every series keeps its own numbers. */
static void test_sink_many(void **state)
{
	enum { N = 5000 };
	struct lg_registry *reg = lg_registry_new();
	struct lg_tagpool *pool = lg_tagpool_new();
	struct lg_sink *s = lg_sink_new(reg);
	const struct lg_tagset **ts = calloc(N, sizeof(*ts));
	char buf[32];

	for (int i = 0; i < N; i++) {
		struct lg_tag t[] = { T("url", buf) };

		snprintf(buf, sizeof(buf), "/u/%d", i);
		ts[i] = lg_tagpool_intern(pool, t, 1);
	}
	for (int r = 0; r < 3; r++)
		for (int i = 0; i < N; i++) {
			lg_sink_add(s, LG_M_HTTP_REQS, ts[i], i, 0);
			lg_sink_add(s, LG_M_DATA_RECEIVED, ts[i], 2 * i, 0);
			lg_sink_add(s, LG_M_CHECKS, ts[i], r == 0, 0);
		}
	assert_int_equal(s->nseries, 3 * N);
	for (int i = 0; i < N; i++) {
		assert_true(series_value(s, LG_M_HTTP_REQS, ts[i])->sum == 3.0 * i);
		assert_true(series_value(s, LG_M_DATA_RECEIVED, ts[i])->sum == 6.0 * i);
		assert_int_equal(series_value(s, LG_M_CHECKS, ts[i])->trues, 1);
		assert_int_equal(series_value(s, LG_M_CHECKS, ts[i])->count, 3);
	}
	free(ts);
	lg_sink_free(s);
	lg_tagpool_free(pool);
	lg_registry_free(reg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtins),          cmocka_unit_test(test_declare),
		cmocka_unit_test(test_capacity),          cmocka_unit_test(test_concurrent),
		cmocka_unit_test(test_sink_counts),       cmocka_unit_test(test_sink_gauge),
		cmocka_unit_test(test_sink_reset_reuses), cmocka_unit_test(test_sink_no_alloc),
		cmocka_unit_test(test_sink_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
