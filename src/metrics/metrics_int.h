/* SPDX-License-Identifier: Apache-2.0 */
/*
 * metrics_int.h - definitions shared by the src/metrics files only: the sink's
 * layout, which the agg reads when it merges a sink.
 */
#ifndef LG_METRICS_INT_H
#define LG_METRICS_INT_H

#include "lg/metrics.h"

/* One (metric, tag set) series of a sink. */
struct lg__sink_series {
	const struct lg_tagset *ts; /* from the recording thread's pool */
	int metric;
	struct lg_mvalue v; /* v.count == 0: nothing since the last reset */
};

/* A slot of the sink's open-addressing table. */
struct lg__sink_slot {
	const struct lg_tagset *ts; /* NULL: empty */
	int32_t metric;
	uint32_t idx; /* into series[] */
};

struct lg_sink {
	const struct lg_registry *reg;
	struct lg__sink_slot *slots; /* power-of-two length, load <= 1/2 */
	size_t nslots;
	unsigned shift;                 /* 64 - log2(nslots), for Fibonacci hashing */
	struct lg__sink_series *series; /* in creation order; kept across resets */
	size_t nseries, series_cap;
	uint64_t samples; /* recorded since the last reset */
};

#endif
