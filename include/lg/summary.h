/* SPDX-License-Identifier: Apache-2.0 */
/*
 * summary.h - the immutable end-of-test summary, built once from the run's
 * aggregate, and the reports rendered from it.
 *
 * Every report (text on stdout, --summary-export, --summary-json, JUnit,
 * TAP, handleSummary's data) reads only this structure, so they cannot
 * disagree.  All strings and arrays are owned by the summary and freed by
 * lg_summary_free().
 *
 * Life: lg_summary_build() -> lg_thresholds_apply() (threshold.h) ->
 * lg_summary_set_exit_code() -> any number of lg_report_*() calls, which
 * only read it.  A summary may also be built by hand (tests do).
 */
#ifndef LG_SUMMARY_H
#define LG_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>

#include "lg/base.h"
#include "lg/metrics.h"

struct lg_summary_threshold {
	char *expr;      /* the source text, e.g. "p(95)<500" */
	bool ok;         /* passed */
	char *agg;       /* the aggregation shown, e.g. "p(95)"; NULL: from expr, as k6 */
	double observed; /* its value */
};

struct lg_summary_metric {
	char *name;   /* "http_req_duration" or "http_req_duration{expected_response:true}" */
	char *parent; /* NULL, or the parent metric's name for a sub-metric */
	char *suffix; /* NULL, or "expected_response:true" for a sub-metric */
	enum lg_metric_type type;
	enum lg_metric_contains contains;
	/* Values, by type:
	 *   counter: count (= sum), rate (count / run duration in s)
	 *   gauge:   value, min, max
	 *   rate:    rate, passes, fails
	 *   trend:   stats[i] for each of summary.trend_stats[i]; a percentile
	 *            a threshold uses but trend_stats lacks is that threshold's
	 *            `observed` */
	double count, rate;
	double value, min, max;
	double passes, fails;
	double *stats;        /* n = summary.n_trend_stats */
	struct lg_hist *hist; /* trend only: the distribution (owned) */
	struct lg_summary_threshold *thresholds;
	size_t n_thresholds;
};

struct lg_summary_check {
	char *name;
	char *path; /* group path + "::" + name, e.g. "::login::status is 200" */
	char *id;   /* md5 hex of path */
	double passes, fails;
};

struct lg_summary_group {
	char *name;                      /* "" for the root */
	char *path;                      /* "" for the root, "::a::b" below */
	char *id;                        /* md5 hex of path */
	struct lg_summary_group *groups; /* children, in order of first appearance */
	size_t n_groups;
	struct lg_summary_check *checks; /* in order of first appearance */
	size_t n_checks;
};

struct lg_summary {
	double duration_ms; /* test run duration, setup and teardown included */
	char **trend_stats; /* summaryTrendStats, e.g. "avg","min","med","max","p(90)","p(95)" */
	size_t n_trend_stats;
	char *time_unit; /* summaryTimeUnit: NULL (auto), "s", "ms" or "us" */
	bool no_color;
	bool stdout_tty, stderr_tty;
	struct lg_summary_metric
	    *metrics; /* sorted by name, each sub-metric right after its parent */
	size_t n_metrics;
	struct lg_summary_group root; /* checks and groups tree */
	char *setup_data_json;        /* JSON text of setup()'s return value, or NULL */
	bool thresholds_failed;
	/* totals over every check, for the TOTAL RESULTS block */
	double checks_passes, checks_fails;
	/* the verdict, for the CI reports (JUnit, TAP, --summary-json) */
	int exit_code;             /* the process exit code (lg_summary_set_exit_code) */
	bool fail_on_check;        /* --fail-on-check: a failed check fails the run */
	char *version;             /* loadgate's version, or NULL */
	struct lg_tag *properties; /* run metadata (vus, duration...), owned strings */
	size_t n_properties;
};

struct lg_summary_opts {
	double duration_ms;
	const char *const *trend_stats; /* NULL -> k6's default list */
	size_t n_trend_stats;
	const char *time_unit; /* NULL = auto */
	bool no_color;
	bool stdout_tty, stderr_tty;
	const char *setup_data_json; /* may be NULL */
	/* sub-metrics to list, "metric{k:v,...}" (from threshold keys); the
	 * http_req_duration{expected_response:true} one is always added when
	 * that tag was seen */
	const char *const *submetrics;
	size_t n_submetrics;
	/* plain metric names to list even without samples (they have
	 * thresholds); unknown names are skipped */
	const char *const *include;
	size_t n_include;
	bool fail_on_check;
	const char *version; /* may be NULL */
	/* run metadata for the CI reports, copied: JUnit <property>, TAP comments */
	const struct lg_tag *properties;
	size_t n_properties;
};

/*
 * Build the summary from the run's aggregate. Caller frees.  Groups and
 * checks come out sorted by name (k6 keeps their first appearance, which the
 * aggregate does not record); docs/SUMMARY.md lists every such decision.
 */
struct lg_summary *lg_summary_build(const struct lg_agg *agg, const struct lg_registry *reg,
                                    const struct lg_summary_opts *opts);
void lg_summary_free(struct lg_summary *s);

/*
 * Settle the verdict: run_exit_code is the run's own outcome (0 when it ended
 * cleanly, else its exit code: a script error, an abort, test.fail()...,
 * which wins as in k6); otherwise 99 when a threshold failed or, with
 * fail_on_check, a check failed; else 0.  Stores it in s->exit_code and
 * returns it.
 */
int lg_summary_set_exit_code(struct lg_summary *s, int run_exit_code);

/* "passed" when s->exit_code is 0, else "failed". */
const char *lg_summary_verdict(const struct lg_summary *s);

/*
 * Is `stat` a valid summaryTrendStats entry (avg,min,med,max,count,p(N) 0<=N<=100)?
 * N is a plain decimal ("99.9", "1e1"), as Go's ParseFloat reads it; NaN,
 * Inf and hex are refused.  Needs no metrics engine.
 */
bool lg_trend_stat_valid(const char *stat);

/*
 * Render k6 v1's compact end-of-test summary (reference 6.1-6.2) into out,
 * without the leading/trailing blank lines k6 adds around it.  Colours
 * (ANSI) only when !s->no_color.  Appends from the first section title to the
 * last content line, every line ending in "\n"; k6's stdout bytes are
 * "\n\n" + that + "\n\n\n".
 */
void lg_report_text(const struct lg_summary *s, struct lg_buf *out);

/* k6's legacy --summary-export JSON (reference 6.5), 4-space indented. */
void lg_report_summary_export(const struct lg_summary *s, struct lg_buf *out);

/*
 * handleSummary's `data` (reference 6.4) as JSON text, for the caller to
 * JSON.parse in the VU that runs handleSummary(data): root_group (groups and
 * checks as arrays), options, state, metrics {type, contains, values,
 * thresholds {expr: {ok}}}, setup_data.  No loadgate section: scripts get
 * exactly k6's shape.  4-space indented, no trailing newline.
 */
void lg_report_handle_summary_data(const struct lg_summary *s, struct lg_buf *out);

/*
 * --summary-json: the handleSummary data plus a "loadgate" member:
 * {version, verdict, exit_code, fail_on_check, thresholds: [{metric, expr,
 * ok, observed}], histograms: {metric: lg_hist_to_json state}} (histograms
 * of every trend that has one, so runs can be merged).  Ends with "\n".
 */
void lg_report_summary_json(const struct lg_summary *s, struct lg_buf *out);

/*
 * JUnit XML (written with libxml2's xmlTextWriter): <testsuites name=
 * "loadgate"> holding <testsuite name="thresholds"> (a testcase per
 * threshold, <failure type="threshold"> when it failed) and <testsuite
 * name="checks"> (a testcase per check path, <failure type="check"> when any
 * evaluation failed), plus <testsuite name="run"> with an <error> when the
 * exit code is neither 0 nor 99 (the run itself failed).  Properties from
 * s->properties.  Text that XML 1.0 cannot carry (control characters,
 * invalid UTF-8) is replaced by U+FFFD.  docs/REPORTS.md has a sample.
 */
void lg_report_junit(const struct lg_summary *s, struct lg_buf *out);

/*
 * TAP version 14: "TAP version 14", "# loadgate ..." comments, the plan, one
 * test point per threshold and per check path (each with a YAML diagnostic
 * block), and a "run" test point when the exit code is neither 0 nor 99.  A
 * failed check is "not ok ... # TODO" (not counted as a failure by TAP
 * consumers) unless s->fail_on_check, matching the exit code.
 */
void lg_report_tap(const struct lg_summary *s, struct lg_buf *out);

/*
 * GitHub Actions: a Markdown job summary (verdict, thresholds table with the
 * observed values, key metrics) to append to $GITHUB_STEP_SUMMARY, and one
 * `::error title=...::...` workflow command per failed threshold.
 */
void lg_report_github_summary(const struct lg_summary *s, const char *script, struct lg_buf *out);
void lg_report_github_annotations(const struct lg_summary *s, struct lg_buf *out);

/* Value formatting shared by the reports (reference 6.1). */
void lg_fmt_duration_ms(double ms, const char *time_unit, char *buf, size_t size);
void lg_fmt_data(double bytes, char *buf, size_t size);
void lg_fmt_number(double v, char *buf, size_t size);      /* up to 6 decimals, zeros stripped */
void lg_fmt_rate_pct(double rate, char *buf, size_t size); /* "66.66%" truncated */

#endif
