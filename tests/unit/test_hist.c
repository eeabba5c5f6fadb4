/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests for src/metrics/hist.c: k6's percentiles in exact mode, the
 * relative error bound in bucket mode, merge = union, negatives and zeros,
 * bounded memory, the JSON state.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lg/metrics.h"

/* cmocka 1.1 has no assert_double_equal. */
#define assert_near(a, b, eps) assert_true(fabs((double)(a) - (double)(b)) <= (eps))

/* The bound plus floating-point slack (log/exp rounding is ~1e-13 relative). */
#define BOUND (LG_HIST_REL_ERROR * (1 + 1e-9))

static const double pcts[] = { 0, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 100 };

/* ---- a deterministic RNG (splitmix64) and distributions ---------------- */

static uint64_t rng_state;

static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* Uniform in (0, 1). */
static double rng_unit(void)
{
	return ((double)(rng_next() >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

static double rng_normal(void)
{
	return sqrt(-2 * log(rng_unit())) * cos(2 * M_PI * rng_unit());
}

static double gen_uniform(void)
{
	return rng_unit() * 1000;
}

static double gen_lognormal(void)
{
	return exp(3 + 1.5 * rng_normal());
}

static double gen_pareto(void)
{
	return 1.0 * pow(rng_unit(), -1 / 1.2);
}

/* ---- reference: k6's percentile on a sorted array ---------------------- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double k6_percentile(const double *sorted, size_t n, double p)
{
	double i;

	if (n == 0)
		return 0;
	if (n == 1)
		return sorted[0];
	i = (p / 100.0) * ((double)n - 1.0);
	return sorted[(size_t)floor(i)] +
	       (sorted[(size_t)ceil(i)] - sorted[(size_t)floor(i)]) * (i - floor(i));
}

static struct lg_hist *hist_of(const double *v, size_t n)
{
	struct lg_hist *h = lg_hist_new();

	for (size_t i = 0; i < n; i++)
		lg_hist_add(h, v[i]);
	return h;
}

static double *sorted_copy(const double *v, size_t n)
{
	double *s = malloc(n * sizeof(*s));

	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	return s;
}

/*
 * Every percentile of pcts[] within the bound of k6's exact value: relative
 * when the two neighbouring ranks have the same sign, else relative to the
 * larger of them (see docs/internals/metrics.md).
 */
static void check_bound(const struct lg_hist *h, const double *sorted, size_t n, const char *what)
{
	assert_int_equal(lg_hist_count(h), n);
	for (size_t k = 0; k < LG_ARRAY_SIZE(pcts); k++) {
		double p = pcts[k], want = k6_percentile(sorted, n, p);
		double got = lg_hist_quantile(h, p);
		double i = (p / 100.0) * ((double)n - 1.0);
		double lo = sorted[(size_t)floor(i)], hi = sorted[(size_t)ceil(i)];
		double scale = (lo < 0) == (hi < 0) ? fabs(want) : fmax(fabs(lo), fabs(hi));

		if (fabs(got - want) > BOUND * scale)
			fail_msg("%s: p(%g) = %.17g, exact %.17g, relative error %.3g%%", what, p,
			         got, want, 100 * fabs(got - want) / fabs(want));
	}
	/* The ends are exact. */
	assert_true(lg_hist_quantile(h, 0) == sorted[0]);
	assert_true(lg_hist_quantile(h, 100) == sorted[n - 1]);
	assert_true(lg_hist_min(h) == sorted[0]);
	assert_true(lg_hist_max(h) == sorted[n - 1]);
}

/* ---- exact mode -------------------------------------------------------- */

static void test_exact_k6(void **state)
{
	static const double v[] = { 7, 3, 10, 1, 9, 2, 8, 5, 4, 6 };
	struct lg_hist *h = hist_of(v, LG_ARRAY_SIZE(v));
	double *s = sorted_copy(v, LG_ARRAY_SIZE(v));

	assert_true(lg_hist_is_exact(h));
	assert_int_equal(lg_hist_count(h), 10);
	assert_true(lg_hist_min(h) == 1);
	assert_true(lg_hist_max(h) == 10);
	assert_true(lg_hist_sum(h) == 55);
	/* The values k6 prints for 1..10. */
	assert_near(lg_hist_quantile(h, 90), 9.1, 1e-12);
	assert_near(lg_hist_quantile(h, 95), 9.55, 1e-12);
	assert_near(lg_hist_quantile(h, 50), 5.5, 1e-12);
	assert_near(lg_hist_quantile(h, 99), 9.91, 1e-12);
	assert_true(lg_hist_quantile(h, 0) == 1);
	assert_true(lg_hist_quantile(h, 100) == 10);
	assert_true(lg_hist_quantile(h, -5) == 1); /* p is clamped into [0, 100] */
	assert_true(lg_hist_quantile(h, 250) == 10);
	assert_true(lg_hist_quantile(h, NAN) == 1);
	/* Bit for bit the same arithmetic as k6, for every step of 0.1. */
	for (int k = 0; k <= 1000; k++) {
		double p = k / 10.0;

		assert_true(lg_hist_quantile(h, p) == k6_percentile(s, 10, p));
	}
	/* Adding after a quantile invalidates the sorted cache. */
	lg_hist_add(h, 0);
	assert_true(lg_hist_quantile(h, 0) == 0);
	assert_near(lg_hist_quantile(h, 50), 5, 1e-12);
	free(s);
	lg_hist_free(h);

	h = lg_hist_new();
	assert_true(lg_hist_quantile(h, 50) == 0); /* n = 0 */
	assert_true(lg_hist_min(h) == 0 && lg_hist_max(h) == 0 && lg_hist_sum(h) == 0);
	lg_hist_add(h, 42.5);
	for (size_t k = 0; k < LG_ARRAY_SIZE(pcts); k++)
		assert_true(lg_hist_quantile(h, pcts[k]) == 42.5); /* n = 1 */
	lg_hist_free(h);
}

static void test_exact_limit(void **state)
{
	double v[LG_HIST_EXACT_MAX + 1], *s;
	struct lg_hist *h = lg_hist_new();

	rng_state = 1;
	for (size_t i = 0; i < LG_ARRAY_SIZE(v); i++)
		v[i] = gen_lognormal();
	for (size_t i = 0; i < LG_HIST_EXACT_MAX; i++)
		lg_hist_add(h, v[i]);
	assert_true(lg_hist_is_exact(h));
	s = sorted_copy(v, LG_HIST_EXACT_MAX);
	for (int k = 0; k <= 1000; k++)
		assert_true(lg_hist_quantile(h, k / 10.0) ==
		            k6_percentile(s, LG_HIST_EXACT_MAX, k / 10.0));
	free(s);

	lg_hist_add(h, v[LG_HIST_EXACT_MAX]);
	assert_false(lg_hist_is_exact(h));
	s = sorted_copy(v, LG_ARRAY_SIZE(v));
	check_bound(h, s, LG_ARRAY_SIZE(v), "1001 samples");
	free(s);
	lg_hist_free(h);
}

/* ---- bucket mode: the error bound -------------------------------------- */

#define BIG 100000

static void check_distribution(double (*gen)(void), uint64_t seed, const char *what)
{
	double *v = malloc(BIG * sizeof(*v)), *s;
	struct lg_hist *h;
	double sum = 0;

	rng_state = seed;
	for (size_t i = 0; i < BIG; i++) {
		v[i] = gen();
		sum += v[i];
	}
	h = hist_of(v, BIG);
	assert_false(lg_hist_is_exact(h));
	assert_true(lg_hist_sum(h) == sum); /* same order of additions */
	s = sorted_copy(v, BIG);
	check_bound(h, s, BIG, what);
	/* Finer sweep of p, same bound. */
	for (int k = 0; k <= 1000; k++) {
		double p = k / 10.0, want = k6_percentile(s, BIG, p);

		if (fabs(lg_hist_quantile(h, p) - want) > BOUND * fabs(want))
			fail_msg("%s: p(%g) off by more than the bound", what, p);
	}
	free(s);
	free(v);
	lg_hist_free(h);
}

static void test_bound_uniform(void **state)
{
	check_distribution(gen_uniform, 11, "uniform");
}

static void test_bound_lognormal(void **state)
{
	check_distribution(gen_lognormal, 22, "lognormal");
}

static void test_bound_pareto(void **state)
{
	check_distribution(gen_pareto, 33, "pareto");
}

/* Values at the ends of the double range. */
static void test_bound_extremes(void **state)
{
	double v[3000], *s;
	struct lg_hist *h;

	for (size_t i = 0; i < LG_ARRAY_SIZE(v); i++) {
		switch (i % 6) {
		case 0:
			v[i] = 5e-324 * (double)(1 + i); /* subnormals */
			break;
		case 1:
			v[i] = DBL_MAX / (double)(1 + i);
			break;
		case 2:
			v[i] = 1e-300 * (double)i;
			break;
		case 3:
			v[i] = 1e300 / (double)i;
			break;
		case 4:
			v[i] = -1e200 / (double)i;
			break;
		default:
			v[i] = (double)i;
			break;
		}
	}
	h = hist_of(v, LG_ARRAY_SIZE(v));
	s = sorted_copy(v, LG_ARRAY_SIZE(v));
	assert_false(lg_hist_is_exact(h));
	check_bound(h, s, LG_ARRAY_SIZE(v), "extremes");
	free(s);
	lg_hist_free(h);
}

/* ---- negatives and zeros ----------------------------------------------- */

static void test_negatives_zeros(void **state)
{
	static const double small[] = { -5, 0, 3, -1, 0 };
	double *v = malloc(BIG * sizeof(*v)), *s;
	struct lg_hist *h = hist_of(small, LG_ARRAY_SIZE(small));

	/* Exact mode: sorted -5 -1 0 0 3. */
	assert_true(lg_hist_quantile(h, 0) == -5);
	assert_true(lg_hist_quantile(h, 25) == -1);
	assert_true(lg_hist_quantile(h, 50) == 0);
	assert_true(lg_hist_quantile(h, 100) == 3);
	assert_near(lg_hist_quantile(h, 10), -3.4, 1e-12);
	assert_true(lg_hist_sum(h) == -3);
	lg_hist_free(h);

	/* Bucket mode: a tenth zeros, the rest lognormal of either sign. */
	rng_state = 44;
	for (size_t i = 0; i < BIG; i++) {
		double x = gen_lognormal();

		v[i] = i % 10 == 0 ? 0 : (rng_next() & 1) ? x : -x;
	}
	h = hist_of(v, BIG);
	s = sorted_copy(v, BIG);
	check_bound(h, s, BIG, "mixed signs");
	/* The zeros come back as exactly 0: ranks 45k..55k are all zero. */
	assert_true(lg_hist_quantile(h, 50) == 0);
	free(s);
	lg_hist_free(h);

	/* Only zeros, only negatives. */
	h = lg_hist_new();
	for (size_t i = 0; i < 5000; i++)
		lg_hist_add(h, 0);
	assert_false(lg_hist_is_exact(h));
	for (size_t k = 0; k < LG_ARRAY_SIZE(pcts); k++)
		assert_true(lg_hist_quantile(h, pcts[k]) == 0);
	lg_hist_free(h);

	for (size_t i = 0; i < BIG; i++)
		v[i] = -gen_pareto();
	h = hist_of(v, BIG);
	s = sorted_copy(v, BIG);
	check_bound(h, s, BIG, "negatives");
	free(s);
	lg_hist_free(h);
	free(v);
}

/* ---- merge = union ----------------------------------------------------- */

static void merge_halves(size_t n, size_t cut, uint64_t seed)
{
	double *v = malloc(n * sizeof(*v)), *s;
	struct lg_hist *all, *a, *b, *e;

	rng_state = seed;
	for (size_t i = 0; i < n; i++)
		v[i] = gen_lognormal();
	all = hist_of(v, n);
	a = hist_of(v, cut);
	b = hist_of(v + cut, n - cut);
	lg_hist_merge(a, b);
	assert_int_equal(lg_hist_count(a), n);
	assert_int_equal(lg_hist_count(b), n - cut); /* src unchanged */
	assert_true(lg_hist_is_exact(a) == (n <= LG_HIST_EXACT_MAX));
	assert_true(lg_hist_is_exact(a) == lg_hist_is_exact(all));
	assert_true(lg_hist_min(a) == lg_hist_min(all));
	assert_true(lg_hist_max(a) == lg_hist_max(all));
	assert_near(lg_hist_sum(a), lg_hist_sum(all), 1e-9 * lg_hist_sum(all));
	/* Same samples, same buckets: the quantiles are identical, not just close. */
	for (int k = 0; k <= 1000; k++)
		assert_true(lg_hist_quantile(a, k / 10.0) == lg_hist_quantile(all, k / 10.0));
	s = sorted_copy(v, n);
	check_bound(a, s, n, "merged");
	/* Merging an empty histogram, and into an empty one. */
	e = lg_hist_new();
	lg_hist_merge(a, e);
	assert_int_equal(lg_hist_count(a), n);
	lg_hist_merge(e, a);
	for (size_t k = 0; k < LG_ARRAY_SIZE(pcts); k++)
		assert_true(lg_hist_quantile(e, pcts[k]) == lg_hist_quantile(all, pcts[k]));
	free(s);
	free(v);
	lg_hist_free(e);
	lg_hist_free(b);
	lg_hist_free(a);
	lg_hist_free(all);
}

static void test_merge(void **state)
{
	merge_halves(800, 400, 55);     /* exact + exact, stays exact */
	merge_halves(1000, 999, 56);    /* exactly at the limit */
	merge_halves(1200, 600, 57);    /* exact + exact over the limit -> buckets */
	merge_halves(BIG, 50000, 58);   /* buckets + buckets */
	merge_halves(BIG, 300, 59);     /* exact + buckets */
	merge_halves(BIG, BIG - 7, 60); /* buckets + exact */
}

/* ---- memory ------------------------------------------------------------ */

static void test_memory_bound(void **state)
{
	struct lg_hist *h = lg_hist_new();
	size_t first, exact_mem;

	for (int i = 0; i < LG_HIST_EXACT_MAX; i++)
		lg_hist_add(h, 1 + i);
	exact_mem = lg_hist_memory(h);
	assert_true(exact_mem < 9 * 1024);
	/* 12 decades, 1e-3 .. 1e9 ms: a full sweep first, then random log-uniform. */
	for (int i = 0; i <= 120000; i++)
		lg_hist_add(h, 1e-3 * pow(10, 12.0 * i / 120000));
	first = lg_hist_memory(h);
	rng_state = 66;
	for (int i = 0; i < 1000000; i++)
		lg_hist_add(h, 1e-3 * pow(10, 12 * rng_unit()));
	assert_true(lg_hist_memory(h) < 64 * 1024);
	assert_int_equal(lg_hist_memory(h), first); /* no growth with the count */
	/* Reset keeps the storage. */
	lg_hist_reset(h);
	assert_true(lg_hist_is_exact(h));
	assert_int_equal(lg_hist_count(h), 0);
	assert_true(lg_hist_quantile(h, 50) == 0);
	lg_hist_add(h, 3);
	lg_hist_add(h, 1);
	assert_true(lg_hist_is_exact(h));
	assert_near(lg_hist_quantile(h, 50), 2, 1e-12);
	lg_hist_free(h);
}

/* A reset bucket-mode histogram is exact again and fills buckets cleanly. */
static void test_reset(void **state)
{
	struct lg_hist *h = lg_hist_new(), *ref = lg_hist_new();
	double *v = malloc(5000 * sizeof(*v));

	rng_state = 77;
	for (int i = 0; i < 5000; i++)
		lg_hist_add(h, gen_pareto());
	lg_hist_reset(h);
	assert_int_equal(lg_hist_count(h), 0);
	assert_true(lg_hist_sum(h) == 0 && lg_hist_min(h) == 0 && lg_hist_max(h) == 0);
	for (int i = 0; i < 5000; i++) {
		v[i] = gen_uniform();
		lg_hist_add(h, v[i]);
		lg_hist_add(ref, v[i]);
	}
	for (int k = 0; k <= 100; k++)
		assert_true(lg_hist_quantile(h, k) == lg_hist_quantile(ref, k));
	free(v);
	lg_hist_free(ref);
	lg_hist_free(h);
}

/* ---- JSON -------------------------------------------------------------- */

static void test_json(void **state)
{
	struct lg_buf b = { 0 };
	struct lg_hist *h = lg_hist_new();

	lg_hist_to_json(h, &b);
	assert_string_equal(b.data, "{\"exact\":[]}");
	lg_buf_reset(&b);
	lg_hist_add(h, 3);
	lg_hist_add(h, 0.1);
	lg_hist_add(h, -2.5);
	lg_hist_to_json(h, &b);
	assert_string_equal(b.data, "{\"exact\":[-2.5,0.10000000000000001,3]}");
	lg_hist_free(h);

	h = lg_hist_new();
	for (int i = 0; i < 600; i++)
		lg_hist_add(h, 1);
	for (int i = 0; i < 500; i++)
		lg_hist_add(h, 0);
	lg_hist_add(h, -1);
	lg_hist_add(h, 1.02); /* ln(1.02)/ln(gamma) = 1.98 -> bucket 2 */
	lg_hist_add(h, 0.5);  /* ln(0.5)/ln(gamma) = -69.3 -> bucket -69 */
	lg_buf_reset(&b);
	lg_hist_to_json(h, &b);
	assert_string_equal(b.data, "{\"gamma\":1.0100502512562812,\"zero\":500,"
	                            "\"buckets\":[[-69,1],[0,600],[2,1]],\"neg\":[[0,1]],"
	                            "\"min\":-1,\"max\":1.02,\"sum\":600.51999999999998,"
	                            "\"count\":1103}");
	lg_buf_free(&b);
	lg_hist_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_k6),
		cmocka_unit_test(test_exact_limit),
		cmocka_unit_test(test_bound_uniform),
		cmocka_unit_test(test_bound_lognormal),
		cmocka_unit_test(test_bound_pareto),
		cmocka_unit_test(test_bound_extremes),
		cmocka_unit_test(test_negatives_zeros),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_memory_bound),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
