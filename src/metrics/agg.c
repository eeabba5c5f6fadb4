/* SPDX-License-Identifier: Apache-2.0 */
/*
 * agg.c - the run's aggregate, owned by the controller thread.
 *
 * Sinks of different workers intern their tag sets in different pools, so
 * the agg keys its series by tag-set CONTENT (lg_tagset_hash/equal).  The
 * first time a content is seen it is re-interned in the agg's own pool and
 * the series keeps that copy: the agg never points into a worker's pool, so
 * it does not depend on how long the workers' pools live.
 *
 * Each metric id has its own table (open addressing on the content hash,
 * slots hold series index + 1) and its series array in creation order, so
 * lg_agg_value() and lg_agg_foreach() visit one metric's series only, in a
 * deterministic order.
 */
#include <stdlib.h>
#include <string.h>

#include "metrics_int.h"

#define AGG_INITIAL_SLOTS 16

struct agg_series {
	const struct lg_tagset *ts; /* interned in the agg's pool */
	struct lg_mvalue v;         /* v.hist owned by the agg (trends) */
};

struct agg_metric {
	struct agg_series *series;
	size_t nseries, series_cap;
	uint32_t *slots; /* series index + 1; 0 = empty */
	size_t nslots;   /* power of two, load <= 1/2 */
	uint64_t count;  /* samples over every series */
};

struct lg_agg {
	const struct lg_registry *reg;
	struct lg_tagpool *pool;
	struct agg_metric *metrics[LG_METRICS_MAX]; /* NULL: no sample yet */
};

/* dst += src, for two aggregates of the same metric. */
static void mvalue_merge(struct lg_mvalue *dst, const struct lg_mvalue *src)
{
	if (src->count == 0)
		return;
	if (dst->count == 0 || src->min < dst->min)
		dst->min = src->min;
	if (dst->count == 0 || src->max > dst->max)
		dst->max = src->max;
	if (dst->count == 0 || src->last_seq >= dst->last_seq) {
		dst->last = src->last;
		dst->last_seq = src->last_seq;
	}
	dst->count += src->count;
	dst->sum += src->sum;
	dst->trues += src->trues;
	if (src->hist) {
		if (!dst->hist)
			dst->hist = lg_hist_new();
		lg_hist_merge(dst->hist, src->hist);
	}
}

static void slots_insert(uint32_t *slots, size_t nslots, uint64_t hash, uint32_t val)
{
	size_t j;

	for (j = hash & (nslots - 1); slots[j]; j = (j + 1) & (nslots - 1))
		;
	slots[j] = val;
}

static struct agg_series *metric_series(struct lg_agg *a, struct agg_metric *m, int metric,
                                        const struct lg_tagset *ts)
{
	uint64_t hash = lg_tagset_hash(ts);
	size_t mask = m->nslots - 1, j;
	struct agg_series *se;
	size_t ntags = lg_tagset_count(ts);
	struct lg_tag stack[16], *tags;

	for (j = hash & mask; m->slots[j]; j = (j + 1) & mask) {
		se = &m->series[m->slots[j] - 1];
		if (lg_tagset_equal(se->ts, ts))
			return se;
	}
	if (m->nseries == m->series_cap) {
		m->series_cap = m->series_cap ? m->series_cap * 2 : 8;
		m->series = lg_xrealloc(m->series, m->series_cap * sizeof(*m->series));
	}
	se = &m->series[m->nseries];
	memset(se, 0, sizeof(*se));
	tags = ntags <= LG_ARRAY_SIZE(stack) ? stack : lg_xmalloc(ntags * sizeof(*tags));
	for (size_t i = 0; i < ntags; i++)
		tags[i] = lg_tagset_at(ts, i);
	se->ts = lg_tagpool_intern(a->pool, tags, ntags);
	if (tags != stack)
		free(tags);
	se->v.type = lg_metric_type(a->reg, metric);
	m->slots[j] = (uint32_t)++m->nseries;
	if (m->nseries * 2 > m->nslots) {
		size_t n = m->nslots * 2;
		uint32_t *slots = lg_xcalloc(n, sizeof(*slots));

		for (size_t i = 0; i < m->nseries; i++)
			slots_insert(slots, n, lg_tagset_hash(m->series[i].ts), (uint32_t)(i + 1));
		free(m->slots);
		m->slots = slots;
		m->nslots = n;
	}
	return se;
}

struct lg_agg *lg_agg_new(const struct lg_registry *reg)
{
	struct lg_agg *a = lg_xcalloc(1, sizeof(*a));

	a->reg = reg;
	a->pool = lg_tagpool_new();
	return a;
}

void lg_agg_free(struct lg_agg *a)
{
	if (!a)
		return;
	for (size_t k = 0; k < LG_METRICS_MAX; k++) {
		struct agg_metric *m = a->metrics[k];

		if (!m)
			continue;
		for (size_t i = 0; i < m->nseries; i++)
			lg_hist_free(m->series[i].v.hist);
		free(m->series);
		free(m->slots);
		free(m);
	}
	lg_tagpool_free(a->pool);
	free(a);
}

void lg_agg_merge(struct lg_agg *a, const struct lg_sink *s)
{
	for (size_t i = 0; i < s->nseries; i++) {
		const struct lg__sink_series *ss = &s->series[i];
		struct agg_metric *m;

		if (ss->v.count == 0)
			continue;
		lg_require(ss->metric >= 0 && ss->metric < LG_METRICS_MAX);
		m = a->metrics[ss->metric];
		if (!m) {
			m = lg_xcalloc(1, sizeof(*m));
			m->nslots = AGG_INITIAL_SLOTS;
			m->slots = lg_xcalloc(m->nslots, sizeof(*m->slots));
			a->metrics[ss->metric] = m;
		}
		mvalue_merge(&metric_series(a, m, ss->metric, ss->ts)->v, &ss->v);
		m->count += ss->v.count;
	}
}

static const struct agg_metric *metric_of(const struct lg_agg *a, int metric_id)
{
	lg_require(metric_id >= 0 && metric_id < LG_METRICS_MAX);
	return a->metrics[metric_id];
}

bool lg_agg_has(const struct lg_agg *a, int metric_id)
{
	const struct agg_metric *m = metric_of(a, metric_id);

	return m && m->count > 0;
}

void lg_agg_value(const struct lg_agg *a, int metric_id, const struct lg_tag *filter, size_t n,
                  struct lg_mvalue *out)
{
	const struct agg_metric *m = metric_of(a, metric_id);

	memset(out, 0, sizeof(*out));
	out->type = lg_metric_type(a->reg, metric_id);
	if (out->type == LG_TREND)
		out->hist = lg_hist_new();
	if (!m)
		return;
	for (size_t i = 0; i < m->nseries; i++) {
		const struct agg_series *se = &m->series[i];

		if (filter && !lg_tagset_matches(se->ts, filter, n))
			continue;
		mvalue_merge(out, &se->v);
	}
}

void lg_agg_foreach(const struct lg_agg *a, int metric_id,
                    void (*fn)(void *ud, const struct lg_tagset *ts, const struct lg_mvalue *v),
                    void *ud)
{
	const struct agg_metric *m = metric_of(a, metric_id);

	if (!m)
		return;
	for (size_t i = 0; i < m->nseries; i++)
		fn(ud, m->series[i].ts, &m->series[i].v);
}
