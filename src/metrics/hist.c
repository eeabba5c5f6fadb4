/* SPDX-License-Identifier: Apache-2.0 */
/*
 * hist.c - Trend storage: every sample exactly while there are at most
 * LG_HIST_EXACT_MAX of them, then a mergeable log-bucketed histogram.
 *
 * DESIGN (the proof sketch and the JSON format are in
 * docs/internals/metrics.md)
 *
 * Exact mode keeps the values in an array and answers quantiles with k6's
 * interpolation on the sorted array.  The array is sorted lazily: `sorted`
 * is a cache that lg_hist_quantile() and lg_hist_to_json() update through a
 * cast even though they take a const histogram.  This is defined behaviour
 * (a histogram is never allocated const) but it means those two functions
 * must not run concurrently on the same histogram; they only run on the
 * controller thread.
 *
 * Bucket mode (DDSketch-style, a = LG_HIST_REL_ERROR):
 *   gamma = (1 + a) / (1 - a), index(v) = ceil(ln v / ln gamma) for v > 0,
 *   so bucket i holds (gamma^(i-1), gamma^i] and its representative value
 *   2 gamma^i / (gamma + 1) = (1 - a) gamma^i is within a relative error a of
 *   every value in it.  Negative values go to a mirrored store indexed by
 *   |v|; exact zeros to a counter.  Every finite non-zero double has an index
 *   (-74443 .. 70978); the indexes are biased to be non-negative and split
 *   in pages of PAGE_LEN counters allocated on first use, under a directory
 *   that covers only the page range seen so far.  min, max, sum and count
 *   stay exact.
 *
 * Merging is a union of the samples: bucket counts add, and the bucket of a
 * value does not depend on the order of insertion, so merging the pieces of
 * a set gives the same buckets as adding the whole set to one histogram.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lg/metrics.h"

#define PAGE_SHIFT 7
#define PAGE_LEN (1u << PAGE_SHIFT) /* counters per page: 1 KiB */
#define IDX_BIAS (1 << 17)          /* index + IDX_BIAS >= 0 for every double */
#define EXACT_INITIAL 16

/* gamma = (1 + a) / (1 - a) and its logarithm, for a = LG_HIST_REL_ERROR = 0.005. */
#define GAMMA 1.0100502512562812
#define LN_GAMMA 0.010000083334583179
#define INV_LN_GAMMA 99.99916666111281

/* One sign's buckets: pages[k] holds biased indexes (lo + k) * PAGE_LEN .. + PAGE_LEN - 1. */
struct hstore {
	uint64_t **pages; /* NULL entries: pages never touched */
	uint32_t lo;      /* page number of pages[0] */
	uint32_t n;       /* length of pages[] */
};

struct lg_hist {
	uint64_t count;
	double min, max, sum;
	bool exact;        /* exact mode: vals[] holds every sample */
	bool sorted;       /* exact mode: vals[] is ascending (cache, see the header) */
	uint32_t nvals;    /* exact mode: samples in vals[] (== count) */
	uint32_t cap;      /* allocated length of vals[] */
	double *vals;      /* exact mode only; freed on the switch to buckets */
	uint64_t zero;     /* bucket mode: samples equal to 0 */
	struct hstore pos; /* bucket mode: v > 0 */
	struct hstore neg; /* bucket mode: v < 0, indexed by -v */
};

/* ---- bucket stores ----------------------------------------------------- */

static uint32_t bucket_of(double v)
{
	/* v > 0 and finite: the result is within [IDX_BIAS - 74443, IDX_BIAS + 70978]. */
	return (uint32_t)((int32_t)ceil(log(v) * INV_LN_GAMMA) + IDX_BIAS);
}

/* The representative of biased index u: (1 - a) * gamma^i. */
static double bucket_value(uint32_t u)
{
	int32_t i = (int32_t)u - IDX_BIAS;

	return exp((double)i * LN_GAMMA) * (1.0 - LG_HIST_REL_ERROR);
}

/* Make the directory cover page number pg. */
static void store_cover(struct hstore *st, uint32_t pg)
{
	uint32_t lo, hi, nn;
	uint64_t **pages;

	if (st->n == 0) {
		st->pages = lg_xcalloc(1, sizeof(*st->pages));
		st->lo = pg;
		st->n = 1;
		return;
	}
	lo = pg < st->lo ? pg : st->lo;
	hi = pg >= st->lo + st->n ? pg + 1 : st->lo + st->n;
	nn = hi - lo;
	pages = lg_xcalloc(nn, sizeof(*pages));
	memcpy(pages + (st->lo - lo), st->pages, st->n * sizeof(*pages));
	free(st->pages);
	st->pages = pages;
	st->lo = lo;
	st->n = nn;
}

/* The page holding biased index u, allocated (zeroed) on first use. */
static uint64_t *store_page(struct hstore *st, uint32_t u)
{
	uint32_t pg = u >> PAGE_SHIFT;
	uint64_t **slot;

	if (LG_UNLIKELY(st->n == 0 || pg < st->lo || pg - st->lo >= st->n))
		store_cover(st, pg);
	slot = &st->pages[pg - st->lo];
	if (LG_UNLIKELY(!*slot))
		*slot = lg_xcalloc(PAGE_LEN, sizeof(**slot));
	return *slot;
}

static inline void store_add(struct hstore *st, uint32_t u, uint64_t c)
{
	uint32_t pg = u >> PAGE_SHIFT;

	if (LG_LIKELY(pg - st->lo < st->n && st->pages[pg - st->lo])) {
		st->pages[pg - st->lo][u & (PAGE_LEN - 1)] += c;
		return;
	}
	store_page(st, u)[u & (PAGE_LEN - 1)] += c;
}

static void store_merge(struct hstore *dst, const struct hstore *src)
{
	for (uint32_t k = 0; k < src->n; k++) {
		const uint64_t *sp = src->pages[k];
		uint64_t *dp;

		if (!sp)
			continue;
		dp = store_page(dst, (src->lo + k) << PAGE_SHIFT);
		for (uint32_t j = 0; j < PAGE_LEN; j++)
			dp[j] += sp[j];
	}
}

static void store_clear(struct hstore *st)
{
	for (uint32_t k = 0; k < st->n; k++)
		if (st->pages[k])
			memset(st->pages[k], 0, PAGE_LEN * sizeof(uint64_t));
}

static void store_free(struct hstore *st)
{
	for (uint32_t k = 0; k < st->n; k++)
		free(st->pages[k]);
	free(st->pages);
	st->pages = NULL;
	st->n = 0;
	st->lo = 0;
}

static size_t store_memory(const struct hstore *st)
{
	size_t m = st->n * sizeof(*st->pages);

	for (uint32_t k = 0; k < st->n; k++)
		if (st->pages[k])
			m += PAGE_LEN * sizeof(uint64_t);
	return m;
}

static void store_json(const struct hstore *st, struct lg_buf *out)
{
	bool first = true;

	lg_buf_putc(out, '[');
	for (uint32_t k = 0; k < st->n; k++) {
		const uint64_t *p = st->pages[k];

		if (!p)
			continue;
		for (uint32_t j = 0; j < PAGE_LEN; j++) {
			int32_t idx;

			if (!p[j])
				continue;
			idx = (int32_t)(((st->lo + k) << PAGE_SHIFT) + j) - IDX_BIAS;
			lg_buf_printf(out, "%s[%d,%llu]", first ? "" : ",", (int)idx,
			              (unsigned long long)p[j]);
			first = false;
		}
	}
	lg_buf_putc(out, ']');
}

/* ---- the histogram ----------------------------------------------------- */

struct lg_hist *lg_hist_new(void)
{
	struct lg_hist *h = lg_xcalloc(1, sizeof(*h));

	h->exact = true;
	h->sorted = true;
	return h;
}

void lg_hist_free(struct lg_hist *h)
{
	if (!h)
		return;
	free(h->vals);
	store_free(&h->pos);
	store_free(&h->neg);
	free(h);
}

void lg_hist_reset(struct lg_hist *h)
{
	h->count = 0;
	h->min = h->max = h->sum = 0;
	h->exact = true;
	h->sorted = true;
	h->nvals = 0;
	h->zero = 0;
	store_clear(&h->pos);
	store_clear(&h->neg);
}

static inline void bucket_add(struct lg_hist *h, double v, uint64_t c)
{
	if (v > 0)
		store_add(&h->pos, bucket_of(v), c);
	else if (v < 0)
		store_add(&h->neg, bucket_of(-v), c);
	else
		h->zero += c;
}

/* Exact mode -> bucket mode: move the values into buckets, free the array. */
static void to_buckets(struct lg_hist *h)
{
	if (!h->exact)
		return;
	for (uint32_t k = 0; k < h->nvals; k++)
		bucket_add(h, h->vals[k], 1);
	free(h->vals);
	h->vals = NULL;
	h->nvals = 0;
	h->cap = 0;
	h->exact = false;
}

/* Room for `extra` more exact values (the total stays <= LG_HIST_EXACT_MAX). */
static void exact_reserve(struct lg_hist *h, uint32_t extra)
{
	uint32_t need = h->nvals + extra, cap = h->cap ? h->cap : EXACT_INITIAL;

	if (need <= h->cap)
		return;
	while (cap < need)
		cap *= 2;
	if (cap > LG_HIST_EXACT_MAX)
		cap = LG_HIST_EXACT_MAX;
	h->vals = lg_xrealloc(h->vals, cap * sizeof(*h->vals));
	h->cap = cap;
}

void lg_hist_add(struct lg_hist *h, double v)
{
	lg_require(isfinite(v));
	if (LG_UNLIKELY(h->count == 0)) {
		h->min = h->max = v;
	} else {
		if (v < h->min)
			h->min = v;
		if (v > h->max)
			h->max = v;
	}
	h->count++;
	h->sum += v;
	if (LG_LIKELY(!h->exact)) {
		bucket_add(h, v, 1);
		return;
	}
	if (LG_UNLIKELY(h->nvals == LG_HIST_EXACT_MAX)) {
		to_buckets(h);
		bucket_add(h, v, 1);
		return;
	}
	if (LG_UNLIKELY(h->nvals == h->cap))
		exact_reserve(h, 1);
	h->vals[h->nvals++] = v;
	h->sorted = false;
}

void lg_hist_merge(struct lg_hist *dst, const struct lg_hist *src)
{
	lg_require(dst != src);
	if (src->count == 0)
		return;
	if (dst->count == 0) {
		dst->min = src->min;
		dst->max = src->max;
	} else {
		if (src->min < dst->min)
			dst->min = src->min;
		if (src->max > dst->max)
			dst->max = src->max;
	}
	dst->count += src->count;
	dst->sum += src->sum;

	if (dst->exact && src->exact && dst->nvals + src->nvals <= LG_HIST_EXACT_MAX) {
		exact_reserve(dst, src->nvals);
		memcpy(dst->vals + dst->nvals, src->vals, src->nvals * sizeof(*src->vals));
		dst->nvals += src->nvals;
		dst->sorted = false;
		return;
	}
	to_buckets(dst);
	if (src->exact) {
		for (uint32_t k = 0; k < src->nvals; k++)
			bucket_add(dst, src->vals[k], 1);
		return;
	}
	dst->zero += src->zero;
	store_merge(&dst->pos, &src->pos);
	store_merge(&dst->neg, &src->neg);
}

uint64_t lg_hist_count(const struct lg_hist *h)
{
	return h->count;
}

double lg_hist_min(const struct lg_hist *h)
{
	return h->count ? h->min : 0;
}

double lg_hist_max(const struct lg_hist *h)
{
	return h->count ? h->max : 0;
}

double lg_hist_sum(const struct lg_hist *h)
{
	return h->sum;
}

bool lg_hist_is_exact(const struct lg_hist *h)
{
	return h->exact;
}

size_t lg_hist_memory(const struct lg_hist *h)
{
	return sizeof(*h) + h->cap * sizeof(*h->vals) + store_memory(&h->pos) +
	       store_memory(&h->neg);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The sorted-values cache of exact mode (see the header comment). */
static void exact_sort(const struct lg_hist *ch)
{
	struct lg_hist *h = (struct lg_hist *)ch;

	if (h->sorted)
		return;
	qsort(h->vals, h->nvals, sizeof(*h->vals), cmp_double);
	h->sorted = true;
}

/*
 * Bucket mode: the value of the k-th smallest sample (0-based, k < count),
 * within a relative error a.  Rank 0 is min and rank count-1 is max exactly;
 * every other result is clamped into [min, max].
 */
static double rank_value(const struct lg_hist *h, uint64_t k)
{
	uint64_t cum = 0;
	double r = h->max;

	if (k == 0)
		return h->min;
	if (k >= h->count - 1)
		return h->max;
	/* Most negative first: the mirrored store from its top index down. */
	for (uint32_t pk = h->neg.n; pk-- > 0;) {
		const uint64_t *p = h->neg.pages[pk];

		if (!p)
			continue;
		for (uint32_t j = PAGE_LEN; j-- > 0;) {
			cum += p[j];
			if (k < cum) {
				r = -bucket_value(((h->neg.lo + pk) << PAGE_SHIFT) + j);
				goto out;
			}
		}
	}
	cum += h->zero;
	if (k < cum) {
		r = 0;
		goto out;
	}
	for (uint32_t pk = 0; pk < h->pos.n; pk++) {
		const uint64_t *p = h->pos.pages[pk];

		if (!p)
			continue;
		for (uint32_t j = 0; j < PAGE_LEN; j++) {
			cum += p[j];
			if (k < cum) {
				r = bucket_value(((h->pos.lo + pk) << PAGE_SHIFT) + j);
				goto out;
			}
		}
	}
out:
	if (r < h->min)
		r = h->min;
	if (r > h->max)
		r = h->max;
	return r;
}

double lg_hist_quantile(const struct lg_hist *h, double p)
{
	double i, f, lo, hi;
	uint64_t ilo, ihi;

	if (h->count == 0)
		return 0;
	if (!(p > 0))
		p = 0; /* also NaN */
	if (p > 100)
		p = 100;
	/* k6: i = pct * (n - 1) with pct = p / 100; v[floor i] + (v[ceil i] - v[floor i]) * frac. */
	i = (p / 100.0) * ((double)h->count - 1.0);
	ilo = (uint64_t)floor(i);
	ihi = (uint64_t)ceil(i);
	if (ihi >= h->count)
		ihi = h->count - 1;
	if (ilo > ihi)
		ilo = ihi;
	f = i - floor(i);
	if (h->exact) {
		exact_sort(h);
		lo = h->vals[ilo];
		hi = h->vals[ihi];
	} else {
		lo = rank_value(h, ilo);
		hi = ihi == ilo ? lo : rank_value(h, ihi);
	}
	return lo + (hi - lo) * f;
}

void lg_hist_to_json(const struct lg_hist *h, struct lg_buf *out)
{
	if (h->exact) {
		exact_sort(h);
		lg_buf_puts(out, "{\"exact\":[");
		for (uint32_t k = 0; k < h->nvals; k++)
			lg_buf_printf(out, "%s%.17g", k ? "," : "", h->vals[k]);
		lg_buf_puts(out, "]}");
		return;
	}
	lg_buf_printf(out, "{\"gamma\":%.17g,\"zero\":%llu,\"buckets\":", GAMMA,
	              (unsigned long long)h->zero);
	store_json(&h->pos, out);
	lg_buf_puts(out, ",\"neg\":");
	store_json(&h->neg, out);
	lg_buf_printf(out, ",\"min\":%.17g,\"max\":%.17g,\"sum\":%.17g,\"count\":%llu}", h->min,
	              h->max, h->sum, (unsigned long long)h->count);
}
