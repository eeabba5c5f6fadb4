/* SPDX-License-Identifier: Apache-2.0 */
/*
 * metrics.h - the metrics engine.
 *
 *   registry  metric names -> ids, type, contains.  Built-ins have fixed ids.
 *             Custom metrics are declared during init (any thread, rare, so a
 *             mutex); ids are stable and lookups of an id never lock.
 *   tagpool   interns tag sets: a sorted, immutable list of key=value pairs
 *             with a precomputed hash.  One pool per thread (a worker's, the
 *             controller's), so interning never locks.  A tag set lives as
 *             long as its pool; pools live until the end of the run.
 *   hist      a Trend's distribution: exact values while there are at most
 *             LG_HIST_EXACT_MAX samples (so short runs report k6's
 *             interpolated percentiles exactly), then a mergeable log-bucketed
 *             histogram with relative error <= 0.5% on any quantile and
 *             bounded memory.
 *   sink      per-thread table (metric id, tag set) -> aggregate, updated in
 *             place: no lock, no allocation per sample once a series exists.
 *   agg       the controller's aggregate: sinks are merged into it
 *             periodically and at the end; summary and thresholds read it.
 *
 * Thread affinity: a sink and a tagpool belong to one thread.  A filled sink
 * may be handed to another thread (through a queue) and merged there; the
 * tag sets it references stay valid because pools outlive the run.
 */
#ifndef LG_METRICS_H
#define LG_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lg/base.h"

enum lg_metric_type { LG_COUNTER, LG_GAUGE, LG_RATE, LG_TREND };
enum lg_metric_contains { LG_CONTAINS_DEFAULT, LG_CONTAINS_TIME, LG_CONTAINS_DATA };

/* Built-in metrics, registered by lg_registry_new() with these ids. */
enum lg_builtin_metric {
	LG_M_VUS,
	LG_M_VUS_MAX,
	LG_M_ITERATIONS,
	LG_M_ITERATION_DURATION,
	LG_M_DROPPED_ITERATIONS,
	LG_M_DATA_SENT,
	LG_M_DATA_RECEIVED,
	LG_M_CHECKS,
	LG_M_GROUP_DURATION,
	LG_M_HTTP_REQS,
	LG_M_HTTP_REQ_DURATION,
	LG_M_HTTP_REQ_BLOCKED,
	LG_M_HTTP_REQ_CONNECTING,
	LG_M_HTTP_REQ_TLS_HANDSHAKING,
	LG_M_HTTP_REQ_SENDING,
	LG_M_HTTP_REQ_WAITING,
	LG_M_HTTP_REQ_RECEIVING,
	LG_M_HTTP_REQ_FAILED,
	LG_M_WS_SESSIONS,
	LG_M_WS_MSGS_SENT,
	LG_M_WS_MSGS_RECEIVED,
	LG_M_WS_CONNECTING,
	LG_M_WS_SESSION_DURATION,
	LG_M_WS_PING,
	LG_M__BUILTIN_COUNT
};

#define LG_METRICS_MAX 1024 /* registry capacity, built-ins included */

/* ---- registry ---------------------------------------------------------- */

struct lg_registry;

/* A registry holding the built-ins. Caller frees with lg_registry_free(). */
struct lg_registry *lg_registry_new(void);
void lg_registry_free(struct lg_registry *reg);

/*
 * Declare a metric (k6/metrics constructors).  The name must match
 * ^[a-zA-Z_][a-zA-Z0-9_]{1,128}$.  Declaring an existing name with the same
 * type returns its id; with another type it is an error.  Thread-safe.
 * Returns the id (>= 0) or -LG_ESCRIPT with the reason in *err.
 */
int lg_metric_declare(struct lg_registry *reg, const char *name, enum lg_metric_type type,
                      enum lg_metric_contains contains, struct lg_err *err);
/* The id of a name, or -1.  Thread-safe. */
int lg_metric_find(const struct lg_registry *reg, const char *name);
/* Number of registered metrics (ids are 0 .. count-1). */
int lg_metric_count(const struct lg_registry *reg);
const char *lg_metric_name(const struct lg_registry *reg, int id);
enum lg_metric_type lg_metric_type(const struct lg_registry *reg, int id);
enum lg_metric_contains lg_metric_contains(const struct lg_registry *reg, int id);
/* "counter", "gauge", "rate", "trend" / "default", "time", "data". */
const char *lg_metric_type_name(enum lg_metric_type t);
const char *lg_metric_contains_name(enum lg_metric_contains c);

/* ---- tag sets ---------------------------------------------------------- */

struct lg_tag {
	const char *key;
	const char *value;
};

struct lg_tagset; /* immutable, interned */
struct lg_tagpool;

struct lg_tagpool *lg_tagpool_new(void);
/* Frees the pool and every tag set it interned. */
void lg_tagpool_free(struct lg_tagpool *pool);
/*
 * Intern a tag set.  `tags` need not be sorted; when a key repeats, the last
 * value wins; an empty value is kept (k6's group tag of the root is "").
 * Strings are copied.  Returns the canonical tag set: equal content gives
 * the same pointer from the same pool.  Never fails (dies on OOM).
 */
const struct lg_tagset *lg_tagpool_intern(struct lg_tagpool *pool, const struct lg_tag *tags,
                                          size_t n);
size_t lg_tagset_count(const struct lg_tagset *ts);
/* The i-th tag in key order. */
struct lg_tag lg_tagset_at(const struct lg_tagset *ts, size_t i);
/* The value of key, or NULL. */
const char *lg_tagset_get(const struct lg_tagset *ts, const char *key);
uint64_t lg_tagset_hash(const struct lg_tagset *ts);
/* Same content (works across pools). */
bool lg_tagset_equal(const struct lg_tagset *a, const struct lg_tagset *b);
/* True when every pair of `filter` is in `ts` (sub-metric selection). */
bool lg_tagset_matches(const struct lg_tagset *ts, const struct lg_tag *filter, size_t n);

/* ---- histogram (Trend storage) ---------------------------------------- */

#define LG_HIST_EXACT_MAX 1000
#define LG_HIST_REL_ERROR 0.005

struct lg_hist;

struct lg_hist *lg_hist_new(void);
void lg_hist_free(struct lg_hist *h);
void lg_hist_reset(struct lg_hist *h);
/* Record one value (any finite double; negatives and 0 are allowed). */
void lg_hist_add(struct lg_hist *h, double v);
/* dst += src (union of the samples); src is unchanged. */
void lg_hist_merge(struct lg_hist *dst, const struct lg_hist *src);
uint64_t lg_hist_count(const struct lg_hist *h);
double lg_hist_min(const struct lg_hist *h); /* 0 when empty */
double lg_hist_max(const struct lg_hist *h); /* 0 when empty */
double lg_hist_sum(const struct lg_hist *h);
/*
 * The p-th percentile, 0 <= p <= 100, with k6's definition: exact
 * interpolation between the two closest ranks while the histogram holds
 * exact values, relative error <= LG_HIST_REL_ERROR after.  0 when empty.
 */
double lg_hist_quantile(const struct lg_hist *h, double p);
/* True while the histogram still holds every sample exactly. */
bool lg_hist_is_exact(const struct lg_hist *h);
/* Bytes of memory the histogram holds (for the bounded-memory tests). */
size_t lg_hist_memory(const struct lg_hist *h);
/*
 * Serialise the state as JSON (for --summary-json, so runs can be merged):
 * {"exact":[...]} or {"gamma":g,"zero":n,"buckets":[[index,count],...],
 * "min":..,"max":..,"sum":..,"count":..}.  Appends to out.
 */
void lg_hist_to_json(const struct lg_hist *h, struct lg_buf *out);

/* ---- values ------------------------------------------------------------ */

/* The aggregate of one series, or of several merged (a metric's total). */
struct lg_mvalue {
	enum lg_metric_type type;
	uint64_t count;       /* samples seen (any type) */
	double sum;           /* counter: sum; trend: sum */
	double min, max;      /* gauge and trend */
	double last;          /* gauge: last value written */
	int64_t last_seq;     /* gauge: ordering of `last` across threads (ns timestamp) */
	uint64_t trues;       /* rate: non-zero samples */
	struct lg_hist *hist; /* trend only; owned */
};

/* ---- per-thread sink --------------------------------------------------- */

struct lg_sink;

struct lg_sink *lg_sink_new(const struct lg_registry *reg);
void lg_sink_free(struct lg_sink *s);
/*
 * Record a sample.  `ts` must come from a pool owned by the calling thread
 * (or be otherwise immutable for the run).  `now_ns` orders gauge values.
 * O(1) expected; allocates only the first time a (metric, tag set) is seen.
 */
void lg_sink_add(struct lg_sink *s, int metric_id, const struct lg_tagset *ts, double value,
                 int64_t now_ns);
/* True when nothing was recorded since the last reset. */
bool lg_sink_empty(const struct lg_sink *s);
/* Forget every sample, keeping allocated series for reuse. */
void lg_sink_reset(struct lg_sink *s);

/* ---- the run's aggregate ----------------------------------------------- */

struct lg_agg;

struct lg_agg *lg_agg_new(const struct lg_registry *reg);
void lg_agg_free(struct lg_agg *a);
/* Merge a sink into the aggregate (the sink is left unchanged; reset it after). */
void lg_agg_merge(struct lg_agg *a, const struct lg_sink *s);
/* True when the metric got at least one sample. */
bool lg_agg_has(const struct lg_agg *a, int metric_id);
/*
 * The metric's total over every tag set (filter == NULL), or over the tag
 * sets that contain every pair of the filter (a sub-metric).  Fills *out; the
 * caller frees out->hist with lg_hist_free().  An empty result has count 0.
 */
void lg_agg_value(const struct lg_agg *a, int metric_id, const struct lg_tag *filter, size_t n,
                  struct lg_mvalue *out);
/* Visit every series of a metric: (tag set, its aggregate). */
void lg_agg_foreach(const struct lg_agg *a, int metric_id,
                    void (*fn)(void *ud, const struct lg_tagset *ts, const struct lg_mvalue *v),
                    void *ud);

#endif
