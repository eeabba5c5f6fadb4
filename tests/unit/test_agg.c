/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests for src/metrics/agg.c: sinks of different pools merge by tag
 * content, sub-metric filters, exact totals per type, gauge ordering.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lg/metrics.h"

/* cmocka 1.1 has no assert_double_equal. */
#define assert_near(a, b, eps) assert_true(fabs((double)(a) - (double)(b)) <= (eps))

#define T(k, v) ((struct lg_tag){ (k), (v) })

/* Two workers: each its own pool and sink. */
struct fixture {
	struct lg_registry *reg;
	struct lg_tagpool *pool[2];
	struct lg_sink *sink[2];
	struct lg_agg *agg;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->reg = lg_registry_new();
	for (int i = 0; i < 2; i++) {
		f->pool[i] = lg_tagpool_new();
		f->sink[i] = lg_sink_new(f->reg);
	}
	f->agg = lg_agg_new(f->reg);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	lg_agg_free(f->agg);
	for (int i = 0; i < 2; i++) {
		lg_sink_free(f->sink[i]);
		lg_tagpool_free(f->pool[i]);
	}
	lg_registry_free(f->reg);
	free(f);
	return 0;
}

struct visit {
	int n;
	uint64_t count;
	const struct lg_tagset *last;
};

static void count_series(void *ud, const struct lg_tagset *ts, const struct lg_mvalue *v)
{
	struct visit *vi = ud;

	vi->n++;
	vi->count += v->count;
	vi->last = ts;
}

static void test_merge_by_content(void **state)
{
	struct fixture *f = *state;
	struct lg_tag a[] = { T("method", "GET"), T("status", "200"), T("group", "") };
	struct lg_tag b[] = { T("group", ""), T("status", "200"), T("method", "GET") };
	const struct lg_tagset *t0 = lg_tagpool_intern(f->pool[0], a, 3);
	const struct lg_tagset *t1 = lg_tagpool_intern(f->pool[1], b, 3);
	struct visit vi = { 0 };
	struct lg_mvalue v;

	assert_ptr_not_equal(t0, t1);
	assert_false(lg_agg_has(f->agg, LG_M_HTTP_REQS));
	for (int i = 0; i < 1000; i++)
		lg_sink_add(f->sink[0], LG_M_HTTP_REQS, t0, 1, i);
	for (int i = 0; i < 777; i++)
		lg_sink_add(f->sink[1], LG_M_HTTP_REQS, t1, 1, i);
	lg_agg_merge(f->agg, f->sink[0]);
	lg_agg_merge(f->agg, f->sink[1]);
	assert_true(lg_agg_has(f->agg, LG_M_HTTP_REQS));
	assert_false(lg_agg_has(f->agg, LG_M_HTTP_REQ_DURATION));
	lg_agg_foreach(f->agg, LG_M_HTTP_REQS, count_series, &vi);
	assert_int_equal(vi.n, 1); /* one series, not two */
	assert_int_equal(vi.count, 1777);
	assert_true(lg_tagset_equal(vi.last, t0));
	lg_agg_value(f->agg, LG_M_HTTP_REQS, NULL, 0, &v);
	assert_int_equal(v.type, LG_COUNTER);
	assert_int_equal(v.count, 1777);
	assert_true(v.sum == 1777);
	assert_null(v.hist);

	/* The agg does not keep the workers' tag sets: free them and read again. */
	for (int i = 0; i < 2; i++) {
		lg_sink_free(f->sink[i]);
		lg_tagpool_free(f->pool[i]);
		f->pool[i] = lg_tagpool_new();
		f->sink[i] = lg_sink_new(f->reg);
	}
	vi = (struct visit){ 0 };
	lg_agg_foreach(f->agg, LG_M_HTTP_REQS, count_series, &vi);
	assert_int_equal(vi.n, 1);
	assert_string_equal(lg_tagset_get(vi.last, "method"), "GET");
	assert_string_equal(lg_tagset_get(vi.last, "group"), "");
}

/* Periodic flushes: merge, reset, merge again; empty series are skipped. */
static void test_periodic(void **state)
{
	struct fixture *f = *state;
	const struct lg_tagset *t = lg_tagpool_intern(f->pool[0], NULL, 0);
	struct lg_tag other[] = { T("scenario", "b") };
	const struct lg_tagset *t2 = lg_tagpool_intern(f->pool[0], other, 1);
	struct visit vi = { 0 };
	struct lg_mvalue v;

	for (int round = 0; round < 5; round++) {
		for (int i = 0; i < 100; i++)
			lg_sink_add(f->sink[0], LG_M_ITERATIONS, t, 1, 0);
		if (round == 0)
			lg_sink_add(f->sink[0], LG_M_DROPPED_ITERATIONS, t2, 1, 0);
		lg_agg_merge(f->agg, f->sink[0]);
		lg_sink_reset(f->sink[0]);
		assert_true(lg_sink_empty(f->sink[0]));
	}
	lg_agg_merge(f->agg, f->sink[0]); /* an empty sink changes nothing */
	lg_agg_value(f->agg, LG_M_ITERATIONS, NULL, 0, &v);
	assert_int_equal(v.count, 500);
	assert_true(v.sum == 500);
	lg_agg_value(f->agg, LG_M_DROPPED_ITERATIONS, NULL, 0, &v);
	assert_int_equal(v.count, 1);
	lg_agg_foreach(f->agg, LG_M_DROPPED_ITERATIONS, count_series, &vi);
	assert_int_equal(vi.n, 1);
}

static void test_submetrics(void **state)
{
	struct fixture *f = *state;
	static const char *status[] = { "200", "404", "500" };
	static const char *method[] = { "GET", "POST" };
	struct lg_tag f_200[] = { T("status", "200") };
	struct lg_tag f_200_get[] = { T("status", "200"), T("method", "GET") };
	struct lg_tag f_none[] = { T("status", "302") };
	struct lg_tag f_exp[] = { T("expected_response", "true") };
	struct lg_mvalue v;
	struct visit vi = { 0 };
	struct lg_hist *ref_200 = lg_hist_new(), *ref_all = lg_hist_new();

	for (int w = 0; w < 2; w++)
		for (int s = 0; s < 3; s++)
			for (int m = 0; m < 2; m++) {
				struct lg_tag t[] = {
					T("status", status[s]), T("method", method[m]),
					T("expected_response", s == 0 ? "true" : "false")
				};
				const struct lg_tagset *ts = lg_tagpool_intern(f->pool[w], t, 3);

				for (int i = 0; i < 10 * (s + 1); i++) {
					double d = 1 + w + s * 10 + m * 100 + i;

					lg_sink_add(f->sink[w], LG_M_HTTP_REQ_DURATION, ts, d, i);
					lg_sink_add(f->sink[w], LG_M_HTTP_REQS, ts, 1, i);
					lg_sink_add(f->sink[w], LG_M_HTTP_REQ_FAILED, ts, s != 0,
					            i);
					lg_hist_add(ref_all, d);
					if (s == 0)
						lg_hist_add(ref_200, d);
				}
			}
	lg_agg_merge(f->agg, f->sink[0]);
	lg_agg_merge(f->agg, f->sink[1]);
	lg_agg_foreach(f->agg, LG_M_HTTP_REQS, count_series, &vi);
	assert_int_equal(vi.n, 6); /* 3 statuses x 2 methods, both workers merged */

	/* Per status: 10/20/30 per (worker, method), so 40/80/120. */
	lg_agg_value(f->agg, LG_M_HTTP_REQS, f_200, 1, &v);
	assert_int_equal(v.count, 40);
	assert_true(v.sum == 40);
	lg_agg_value(f->agg, LG_M_HTTP_REQS, f_200_get, 2, &v);
	assert_int_equal(v.count, 20);
	lg_agg_value(f->agg, LG_M_HTTP_REQS, f_none, 1, &v);
	assert_int_equal(v.count, 0);
	assert_true(v.sum == 0);

	lg_agg_value(f->agg, LG_M_HTTP_REQ_FAILED, NULL, 0, &v);
	assert_int_equal(v.type, LG_RATE);
	assert_int_equal(v.count, 240);
	assert_int_equal(v.trues, 200);
	lg_agg_value(f->agg, LG_M_HTTP_REQ_FAILED, f_exp, 1, &v);
	assert_int_equal(v.count, 40);
	assert_int_equal(v.trues, 0);

	/* Trends: the merged hist holds exactly the samples of the selected series. */
	lg_agg_value(f->agg, LG_M_HTTP_REQ_DURATION, f_200, 1, &v);
	assert_int_equal(v.type, LG_TREND);
	assert_int_equal(v.count, 40);
	assert_int_equal(lg_hist_count(v.hist), 40);
	assert_true(lg_hist_is_exact(v.hist));
	assert_true(v.min == lg_hist_min(ref_200) && v.max == lg_hist_max(ref_200));
	assert_true(v.sum == lg_hist_sum(ref_200));
	for (int p = 0; p <= 100; p++)
		assert_true(lg_hist_quantile(v.hist, p) == lg_hist_quantile(ref_200, p));
	lg_hist_free(v.hist);
	lg_agg_value(f->agg, LG_M_HTTP_REQ_DURATION, NULL, 0, &v);
	assert_int_equal(v.count, 240);
	for (int p = 0; p <= 100; p++)
		assert_true(lg_hist_quantile(v.hist, p) == lg_hist_quantile(ref_all, p));
	lg_hist_free(v.hist);
	/* An empty trend result still has a (empty) histogram. */
	lg_agg_value(f->agg, LG_M_HTTP_REQ_DURATION, f_none, 1, &v);
	assert_int_equal(v.count, 0);
	assert_non_null(v.hist);
	assert_true(lg_hist_quantile(v.hist, 95) == 0);
	lg_hist_free(v.hist);
	lg_agg_value(f->agg, LG_M_WS_PING, NULL, 0, &v);
	assert_int_equal(v.count, 0);
	lg_hist_free(v.hist);
	lg_hist_free(ref_200);
	lg_hist_free(ref_all);
}

/* Big trends in bucket mode: the agg's hist equals one hist of every sample. */
static void test_trend_totals(void **state)
{
	struct fixture *f = *state;
	const struct lg_tagset *ta = lg_tagpool_intern(f->pool[0], NULL, 0);
	const struct lg_tagset *tb = lg_tagpool_intern(f->pool[1], NULL, 0);
	struct lg_hist *ref = lg_hist_new();
	uint64_t x = 12345;
	struct lg_mvalue v;

	for (int round = 0; round < 4; round++) {
		for (int i = 0; i < 30000; i++) {
			double d;

			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			d = (double)(x >> 40) / 1000.0;
			lg_sink_add(f->sink[i & 1], LG_M_ITERATION_DURATION, i & 1 ? tb : ta, d, 0);
			lg_hist_add(ref, d);
		}
		lg_agg_merge(f->agg, f->sink[1]);
		lg_agg_merge(f->agg, f->sink[0]);
		lg_sink_reset(f->sink[0]);
		lg_sink_reset(f->sink[1]);
	}
	lg_agg_value(f->agg, LG_M_ITERATION_DURATION, NULL, 0, &v);
	assert_int_equal(v.count, 120000);
	assert_false(lg_hist_is_exact(v.hist));
	assert_true(v.min == lg_hist_min(ref) && v.max == lg_hist_max(ref));
	assert_near(v.sum, lg_hist_sum(ref), 1e-9 * lg_hist_sum(ref));
	for (int p = 0; p <= 1000; p++)
		assert_true(lg_hist_quantile(v.hist, p / 10.0) == lg_hist_quantile(ref, p / 10.0));
	lg_hist_free(v.hist);
	lg_hist_free(ref);
}

static void test_gauge(void **state)
{
	struct fixture *f = *state;
	const struct lg_tagset *ta = lg_tagpool_intern(f->pool[0], NULL, 0);
	const struct lg_tagset *tb = lg_tagpool_intern(f->pool[1], NULL, 0);
	struct lg_tag sa[] = { T("scenario", "a") };
	const struct lg_tagset *tc = lg_tagpool_intern(f->pool[1], sa, 1);
	struct lg_mvalue v;

	/* Worker 1 wrote last (t=300) but is merged first. */
	lg_sink_add(f->sink[0], LG_M_VUS, ta, 10, 100);
	lg_sink_add(f->sink[0], LG_M_VUS, ta, 2, 200);
	lg_sink_add(f->sink[1], LG_M_VUS, tb, 7, 300);
	lg_sink_add(f->sink[1], LG_M_VUS, tc, 50, 250);
	lg_agg_merge(f->agg, f->sink[1]);
	lg_agg_merge(f->agg, f->sink[0]);
	lg_agg_value(f->agg, LG_M_VUS, NULL, 0, &v);
	assert_int_equal(v.type, LG_GAUGE);
	assert_true(v.last == 7);
	assert_int_equal(v.last_seq, 300);
	assert_true(v.min == 2 && v.max == 50);
	assert_int_equal(v.count, 4);
	lg_agg_value(f->agg, LG_M_VUS, sa, 1, &v);
	assert_true(v.last == 50 && v.min == 50 && v.max == 50);
	/* A later period with an older timestamp does not replace it. */
	lg_sink_reset(f->sink[0]);
	lg_sink_add(f->sink[0], LG_M_VUS, ta, 99, 150);
	lg_agg_merge(f->agg, f->sink[0]);
	lg_agg_value(f->agg, LG_M_VUS, NULL, 0, &v);
	assert_true(v.last == 7);
	assert_true(v.max == 99);
	lg_sink_reset(f->sink[0]);
	lg_sink_add(f->sink[0], LG_M_VUS, ta, 1, 400);
	lg_agg_merge(f->agg, f->sink[0]);
	lg_agg_value(f->agg, LG_M_VUS, NULL, 0, &v);
	assert_true(v.last == 1 && v.last_seq == 400);
}

/* A custom metric declared after the agg and sinks were created. */
static void test_custom_metric(void **state)
{
	struct fixture *f = *state;
	int id = lg_metric_declare(f->reg, "my_rate", LG_RATE, LG_CONTAINS_DEFAULT, NULL);
	const struct lg_tagset *t = lg_tagpool_intern(f->pool[0], NULL, 0);
	struct lg_mvalue v;

	for (int i = 0; i < 10; i++)
		lg_sink_add(f->sink[0], id, t, i < 3 ? 1 : 0, 0);
	lg_agg_merge(f->agg, f->sink[0]);
	assert_true(lg_agg_has(f->agg, id));
	lg_agg_value(f->agg, id, NULL, 0, &v);
	assert_int_equal(v.count, 10);
	assert_int_equal(v.trues, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_merge_by_content, setup, teardown),
		cmocka_unit_test_setup_teardown(test_periodic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_submetrics, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trend_totals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gauge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_custom_metric, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
