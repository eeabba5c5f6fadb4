/* SPDX-License-Identifier: Apache-2.0 */
/*
 * threshold.h - k6's thresholds (reference 5): the expression grammar, the
 * sub-metric selector of threshold keys, validation against the metric
 * registry, periodic and final evaluation over the run's aggregate, and the
 * transfer of the results into the end-of-test summary.
 *
 *   options.thresholds = {
 *       http_req_duration: ['p(95)<500'],
 *       'http_req_duration{status:200}': [{threshold: 'avg<300', abortOnFail: true,
 *                                          delayAbortEval: '10s'}],
 *   }
 *
 * Life of a threshold set (all on the controller thread):
 *   lg_thresholds_new()
 *   lg_thresholds_add()        once per expression, while reading the options;
 *                              syntax errors are reported here
 *   lg_thresholds_validate()   after init, when custom metrics are declared:
 *                              unknown metrics and aggregations the metric
 *                              type does not have are reported here
 *   lg_thresholds_eval()       every 2 s during the run (final = false), then
 *                              once after the last sink merge (final = true)
 *   lg_thresholds_summary_opts() + lg_summary_build() + lg_thresholds_apply()
 *   lg_thresholds_free()
 *
 * Every error is -LG_ECONFIG (exit 104) with a message that quotes the key or
 * expression and says what is wrong.  docs/THRESHOLDS.md has the grammar and
 * every difference from k6.
 */
#ifndef LG_THRESHOLD_H
#define LG_THRESHOLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lg/base.h"
#include "lg/metrics.h"
#include "lg/summary.h"

/* ---- pure parsers (no metrics engine; fuzzed) --------------------------- */

enum lg_th_agg {
	LG_TH_COUNT, /* counter: sum */
	LG_TH_RATE,  /* counter: sum / seconds; rate: trues / total */
	LG_TH_VALUE, /* gauge: last value */
	LG_TH_AVG,   /* trend */
	LG_TH_MIN,
	LG_TH_MED,
	LG_TH_MAX,
	LG_TH_PCT, /* trend: p(N), 0 <= N <= 100 */
};

enum lg_th_op { LG_TH_LE, LG_TH_LT, LG_TH_GE, LG_TH_GT, LG_TH_EQ, LG_TH_NE };

/* One parsed expression "agg op number". */
struct lg_th_expr {
	enum lg_th_agg agg;
	double pct; /* LG_TH_PCT only: the percentile, 0..100 */
	enum lg_th_op op;
	double value;   /* the right side (may be +-Inf or NaN, as Go's ParseFloat gives) */
	size_t agg_off; /* the trimmed left side as written: src[agg_off .. +agg_len] */
	size_t agg_len;
	const char *op_text; /* "<=", "<", ">=", ">", "===", "==" or "!=" (static) */
};

/*
 * Parse a threshold expression with k6's rules (reference 5.2): the first
 * operator of <=, <, >=, >, ===, ==, != found in the text splits it; both
 * sides are trimmed of (Unicode) white space; the left side is exactly one of
 * count rate value avg min med max, p(N) with N a Go float literal in 0..100
 * (no spaces inside the parentheses), or a bare "p" (k6 reads it as p(0));
 * the right side is a Go float literal (strconv.ParseFloat: 1e3, -1, 0x1p-2,
 * 1_000, Inf, NaN...).  Needs no registry: whether the aggregation suits the
 * metric is lg_thresholds_validate()'s business.
 * Returns 0, or -LG_ECONFIG with a message quoting src.
 */
int lg_th_expr_parse(const char *src, struct lg_th_expr *out, struct lg_err *err);

/*
 * Go's strconv.ParseFloat(s[0..n), 64), minus the error text: 0, -1 for a
 * syntax error, -2 for a finite literal beyond double range.
 */
int lg_go_parse_float(const char *s, size_t n, double *out);

/* A parsed threshold key: "metric" or "metric{key:value,...}". */
struct lg_th_key {
	char *metric;        /* the text before the first '{' (not trimmed), or the whole key */
	char *name;          /* canonical name: metric, or metric{suffix} */
	char *suffix;        /* NULL, or the space-trimmed text between the braces */
	struct lg_tag *tags; /* the selector, owned strings; NULL for a plain metric */
	size_t n_tags;
};

/*
 * Parse a key with k6's rules (reference 5.3): the metric name is the text
 * before the first '{' (no trimming); the key must end with the only '}' that
 * follows; the inside is split on ','; each piece needs a ':' with a
 * non-empty right side; keys and values are split at the first ':', trimmed
 * of white space, then of surrounding quotes; a repeated key keeps its last
 * value.  Does not look the metric up.  Returns 0 (free with
 * lg_th_key_cleanup), or -LG_ECONFIG with a message quoting the key.
 */
int lg_th_key_parse(const char *key, struct lg_th_key *out, struct lg_err *err);
void lg_th_key_cleanup(struct lg_th_key *k);
/* Same metric and same tag set (in any order)? */
bool lg_th_key_same(const struct lg_th_key *a, const struct lg_th_key *b);

/* ---- a run's thresholds ------------------------------------------------- */

struct lg_thresholds;

struct lg_thresholds *lg_thresholds_new(void);
/* Accepts NULL. */
void lg_thresholds_free(struct lg_thresholds *t);

/*
 * Add one expression for a key.  delay_abort_eval_ns < 0 means no
 * delayAbortEval.  The key is parsed (syntax only) and the expression too;
 * expressions keep their order of addition, which is the order reports use.
 * Returns 0 or -LG_ECONFIG (the set is unchanged then).
 */
int lg_thresholds_add(struct lg_thresholds *t, const char *key, const char *expr,
                      bool abort_on_fail, int64_t delay_abort_eval_ns, struct lg_err *err);

/*
 * --no-thresholds (k6's InitSubMetricsAndThresholds with onlyLogErrors):
 * from now on lg_thresholds_add() only parses the key (a malformed key is a
 * warning) and drops the expression unparsed, lg_thresholds_validate()
 * warns about unknown metrics instead of failing, evaluation does nothing,
 * and lg_thresholds_summary_opts() still lists the sub-metrics of the keys,
 * which k6 keeps showing in the summary.  Call before adding.
 */
void lg_thresholds_disable(struct lg_thresholds *t);

/* Number of expressions added. */
size_t lg_thresholds_count(const struct lg_thresholds *t);

/*
 * Resolve every key against the registry (call after init, when custom
 * metrics exist).  Unknown metric: -LG_ECONFIG naming it and suggesting
 * registered names within a small edit distance (k6 issue 1526: refused,
 * not ignored).  An aggregation the metric type does not support (rate on a
 * trend, value on a counter, count on a trend...): -LG_ECONFIG listing the
 * supported ones.  Sub-metrics on the `vu` or `iter` tags log a warning, as
 * in k6.  The registry must outlive the set.
 */
int lg_thresholds_validate(struct lg_thresholds *t, const struct lg_registry *reg,
                           struct lg_err *err);

/*
 * Evaluate over the aggregate.  elapsed_ns is the test-run duration so far
 * (for a counter's rate and for delayAbortEval).
 *   final = false (every 2 s): metrics and sub-metrics without samples are
 *     skipped (their previous result stands); a failing abortOnFail
 *     threshold sets *abort_now when it has no delayAbortEval or its delay is
 *     below elapsed_ns.  *abort_now is never cleared (it may be NULL).
 *   final = true (once, after the last merge): every threshold, empty metrics
 *     included (counter 0, gauge 0, trend statistics 0, and a rate without
 *     samples passes); never requests an abort.
 * Values: counter count = sum, rate = sum / (elapsed_ns / 1e9) (0 when
 * elapsed_ns <= 0); gauge value = last; rate = trues / total; trend avg =
 * sum / count, min, max, med = p(50), p(N) = lg_hist_quantile (k6's
 * interpolation).  Requires lg_thresholds_validate() to have succeeded.
 * Returns the number of expressions that failed in this evaluation.
 */
int lg_thresholds_eval(struct lg_thresholds *t, const struct lg_agg *agg, int64_t elapsed_ns,
                       bool final, bool *abort_now);

/* Did any expression fail in the evaluations so far (its last result)? */
bool lg_thresholds_failed(const struct lg_thresholds *t);

/*
 * The metrics whose thresholds failed, as k6 names them in "thresholds on
 * metrics '%s' have been crossed": canonical names, byte-sorted, unique,
 * joined with ", ".  NULL when none failed; caller frees.
 */
char *lg_thresholds_failed_metrics(const struct lg_thresholds *t);

/*
 * Point so->submetrics / so->include at the keys of the set so that
 * lg_summary_build() lists every metric and sub-metric that has thresholds,
 * even without samples.  The pointers stay valid until the set is freed.
 */
void lg_thresholds_summary_opts(const struct lg_thresholds *t, struct lg_summary_opts *so);

/*
 * Copy the last results into the summary: each summary metric gets its
 * thresholds (source text, ok, aggregation as written, observed value) in
 * order of addition, and s->thresholds_failed is set.  A key matches the
 * summary metric with the same name, or for a sub-metric the same parent and
 * tag set.  Call once per summary, after the final evaluation.
 */
void lg_thresholds_apply(const struct lg_thresholds *t, struct lg_summary *s);

#endif
