/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sink.c - a thread's metric sink: (metric id, tag set) -> aggregate,
 * updated in place.
 *
 * The key is the tag set's pointer: tag sets come from the recording
 * thread's own pool, where equal content is one pointer, so pointer identity
 * is content identity within a sink.  The table is open addressing with
 * linear probing over (tag set, metric, series index) slots, hashed with a
 * Fibonacci multiply of the pointer and the id, kept at load <= 1/2.
 *
 * Hot path (an existing series): one hash, usually one slot compare, then
 * the update of the series in place; no lock, no allocation (a Trend's
 * histogram may grow while it fills: its exact array up to 1000 values, or
 * a bucket page on first use).  lg_sink_reset() zeroes every series but
 * keeps the table, the series and their histograms' storage for the next
 * period.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "metrics_int.h"

#define SINK_INITIAL_SLOTS 64
#define SINK_INITIAL_SERIES 16

static inline size_t slot_hash(const struct lg_sink *s, int metric, const struct lg_tagset *ts)
{
	uint64_t key = (uint64_t)(uintptr_t)ts ^ ((uint64_t)(uint32_t)metric << 48);

	return (size_t)((key * 0x9E3779B97F4A7C15ULL) >> s->shift);
}

static void slots_alloc(struct lg_sink *s, size_t n)
{
	unsigned bits = 0;

	while (((size_t)1 << bits) < n)
		bits++;
	s->nslots = (size_t)1 << bits;
	s->shift = 64 - bits;
	s->slots = lg_xcalloc(s->nslots, sizeof(*s->slots));
}

static void slots_grow(struct lg_sink *s)
{
	struct lg__sink_slot *old = s->slots;
	size_t nold = s->nslots;

	slots_alloc(s, nold * 2);
	for (size_t i = 0; i < nold; i++) {
		size_t j;

		if (!old[i].ts)
			continue;
		for (j = slot_hash(s, old[i].metric, old[i].ts); s->slots[j].ts;
		     j = (j + 1) & (s->nslots - 1))
			;
		s->slots[j] = old[i];
	}
	free(old);
}

struct lg_sink *lg_sink_new(const struct lg_registry *reg)
{
	struct lg_sink *s = lg_xcalloc(1, sizeof(*s));

	s->reg = reg;
	slots_alloc(s, SINK_INITIAL_SLOTS);
	return s;
}

void lg_sink_free(struct lg_sink *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nseries; i++)
		lg_hist_free(s->series[i].v.hist);
	free(s->series);
	free(s->slots);
	free(s);
}

/* A new series for (metric, ts) in empty slot j; returns it. */
static struct lg__sink_series *series_new(struct lg_sink *s, size_t j, int metric,
                                          const struct lg_tagset *ts)
{
	struct lg__sink_series *se;

	if (s->nseries == s->series_cap) {
		s->series_cap = s->series_cap ? s->series_cap * 2 : SINK_INITIAL_SERIES;
		s->series = lg_xrealloc(s->series, s->series_cap * sizeof(*s->series));
	}
	se = &s->series[s->nseries];
	memset(se, 0, sizeof(*se));
	se->ts = ts;
	se->metric = metric;
	se->v.type = lg_metric_type(s->reg, metric); /* checks the id */
	if (se->v.type == LG_TREND)
		se->v.hist = lg_hist_new();
	s->slots[j].ts = ts;
	s->slots[j].metric = metric;
	s->slots[j].idx = (uint32_t)s->nseries;
	s->nseries++;
	if (s->nseries * 2 > s->nslots)
		slots_grow(s);
	return se;
}

void lg_sink_add(struct lg_sink *s, int metric_id, const struct lg_tagset *ts, double value,
                 int64_t now_ns)
{
	size_t mask = s->nslots - 1, j = slot_hash(s, metric_id, ts);
	struct lg__sink_series *se;
	struct lg_mvalue *v;

	lg_require(ts != NULL); /* an empty slot has ts == NULL */
	for (;; j = (j + 1) & mask) {
		const struct lg__sink_slot *sl = &s->slots[j];

		if (LG_LIKELY(sl->ts == ts && sl->metric == metric_id)) {
			se = &s->series[sl->idx];
			break;
		}
		if (!sl->ts) {
			se = series_new(s, j, metric_id, ts);
			break;
		}
	}
	v = &se->v;
	switch (v->type) {
	case LG_COUNTER:
		v->sum += value;
		break;
	case LG_RATE:
		v->trues += value != 0;
		break;
	case LG_GAUGE:
		if (v->count == 0 || value < v->min)
			v->min = value;
		if (v->count == 0 || value > v->max)
			v->max = value;
		if (v->count == 0 || now_ns >= v->last_seq) {
			v->last = value;
			v->last_seq = now_ns;
		}
		break;
	case LG_TREND:
		if (v->count == 0 || value < v->min)
			v->min = value;
		if (v->count == 0 || value > v->max)
			v->max = value;
		v->sum += value;
		lg_hist_add(v->hist, value);
		break;
	}
	v->count++;
	s->samples++;
}

bool lg_sink_empty(const struct lg_sink *s)
{
	return s->samples == 0;
}

void lg_sink_reset(struct lg_sink *s)
{
	for (size_t i = 0; i < s->nseries; i++) {
		struct lg_mvalue *v = &s->series[i].v;

		v->count = 0;
		v->sum = v->min = v->max = v->last = 0;
		v->last_seq = 0;
		v->trues = 0;
		if (v->hist)
			lg_hist_reset(v->hist);
	}
	s->samples = 0;
}
