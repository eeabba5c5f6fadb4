/* SPDX-License-Identifier: Apache-2.0 */
/*
 * summary.c - build the immutable end-of-test summary from the run's
 * aggregate: the metric list (with sub-metrics), each metric's values, and
 * the groups/checks tree (k6 reference sections 4, 6.4).
 *
 * DESIGN
 *   Metrics: one entry per registered metric that got a sample, plus the
 *   sub-metrics: http_req_duration{expected_response:true} when any series of
 *   http_req_duration carries expected_response=true (k6 creates that one
 *   itself), then every "metric{k:v,...}" of opts->submetrics (they come from
 *   threshold keys, and k6 lists a metric with thresholds even without
 *   samples, so these are listed even when empty).  Two selectors with the
 *   same tag set are one sub-metric (the first name wins), as in k6's
 *   AddSubmetric.  Sorted as k6's sortMetricsByName (see report_int.h).
 *
 *   Checks: the tree is rebuilt from the series of the `checks` metric (tags
 *   `check` and `group`) and of `group_duration` (tag `group`, so a group
 *   without checks still appears, as in k6 where group() creates it).  k6
 *   orders groups and checks by first appearance; the aggregate does not keep
 *   that order, so both are sorted by name (same collation as the metrics).
 *
 *   Values follow k6's sinks: counter rate = count / run seconds (0 for a
 *   zero duration); gauge max starts at 0 (k6's GaugeSink quirk: an
 *   all-negative gauge reports max 0); rate = trues / total (0 when empty);
 *   trend avg = sum / count, med = p(50), min/max/count from the histogram.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "lg/summary.h"
#include "lg/threshold.h"
#include "report_int.h"

static const char *const default_trend_stats[] = { "avg", "min", "med", "max", "p(90)", "p(95)" };

/* ---- small helpers ----------------------------------------------------- */

static char *md5_hex(const char *s)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	char *hex;

	lg_require(EVP_Digest(s, strlen(s), md, &n, EVP_md5(), NULL) == 1);
	hex = lg_xmalloc(2 * n + 1);
	for (unsigned int i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	return hex;
}

/* ---- sub-metric selectors ---------------------------------------------- */

/*
 * A sub-metric selector "metric{k:v,...}", parsed with k6's rules by the
 * threshold key parser (lg_th_key_parse: the same text gives the same
 * sub-metric in the summary and in the thresholds).
 */
struct submetric_def {
	int parent_id;
	struct lg_th_key key;
};

static void submetric_def_free(struct submetric_def *d)
{
	lg_th_key_cleanup(&d->key);
}

/* 0, or -1 for a malformed selector, an unknown metric or a plain name. */
static int parse_submetric(const struct lg_registry *reg, const char *text, struct submetric_def *d)
{
	struct lg_err err;

	memset(d, 0, sizeof(*d));
	if (lg_th_key_parse(text, &d->key, &err) < 0)
		return -1;
	d->parent_id = d->key.suffix ? lg_metric_find(reg, d->key.metric) : -1;
	if (d->parent_id < 0) {
		lg_th_key_cleanup(&d->key);
		return -1;
	}
	return 0;
}

static bool same_tags(const struct submetric_def *a, const struct submetric_def *b)
{
	return a->parent_id == b->parent_id && lg_th_key_same(&a->key, &b->key);
}

struct expected_scan {
	bool seen;
};

static void scan_expected(void *ud, const struct lg_tagset *ts, const struct lg_mvalue *v)
{
	struct expected_scan *scan = ud;
	const char *er = lg_tagset_get(ts, "expected_response");

	if (v->count > 0 && er && strcmp(er, "true") == 0)
		scan->seen = true;
}

/* ---- metric values ----------------------------------------------------- */

static double trend_stat(const struct lg_hist *h, const char *stat)
{
	uint64_t n = h ? lg_hist_count(h) : 0;

	if (n == 0)
		return 0;
	if (strcmp(stat, "avg") == 0)
		return lg_hist_sum(h) / (double)n;
	if (strcmp(stat, "min") == 0)
		return lg_hist_min(h);
	if (strcmp(stat, "max") == 0)
		return lg_hist_max(h);
	if (strcmp(stat, "med") == 0)
		return lg_hist_quantile(h, 50);
	if (strcmp(stat, "count") == 0)
		return (double)n;
	if (strncmp(stat, "p(", 2) == 0)
		return lg_hist_quantile(h, strtod(stat + 2, NULL));
	return 0;
}

static void fill_values(const struct lg_summary *s, struct lg_summary_metric *m,
                        struct lg_mvalue *v)
{
	/* k6 divides by the duration in seconds computed from nanoseconds */
	double dur_ns = round(s->duration_ms * 1e6);

	switch (m->type) {
	case LG_COUNTER:
		m->count = v->sum;
		m->rate = dur_ns > 0 ? v->sum / (dur_ns / 1e9) : 0;
		break;
	case LG_GAUGE:
		if (v->count > 0) {
			m->value = v->last;
			m->min = v->min;
			m->max = v->max > 0 ? v->max : 0;
		}
		break;
	case LG_RATE:
		m->passes = (double)v->trues;
		m->fails = (double)(v->count - v->trues);
		m->rate = v->count ? (double)v->trues / (double)v->count : 0;
		break;
	case LG_TREND:
		m->hist = v->hist; /* the summary owns it now */
		v->hist = NULL;
		m->stats = lg_xcalloc(s->n_trend_stats ? s->n_trend_stats : 1, sizeof(double));
		for (size_t i = 0; i < s->n_trend_stats; i++)
			m->stats[i] = trend_stat(m->hist, s->trend_stats[i]);
		break;
	}
}

static struct lg_summary_metric *push_metric(struct lg_summary *s, size_t *cap)
{
	if (s->n_metrics == *cap) {
		*cap = *cap ? 2 * *cap : 32;
		s->metrics = lg_xrealloc(s->metrics, *cap * sizeof(*s->metrics));
	}
	memset(&s->metrics[s->n_metrics], 0, sizeof(*s->metrics));
	return &s->metrics[s->n_metrics++];
}

static void add_metric(struct lg_summary *s, size_t *cap, const struct lg_agg *agg,
                       const struct lg_registry *reg, int id, const struct submetric_def *sub)
{
	struct lg_summary_metric *m = push_metric(s, cap);
	struct lg_mvalue v;

	memset(&v, 0, sizeof(v));
	m->type = lg_metric_type(reg, id);
	m->contains = lg_metric_contains(reg, id);
	if (sub) {
		m->name = lg_xstrdup(sub->key.name);
		m->parent = lg_xstrdup(lg_metric_name(reg, id));
		m->suffix = lg_xstrdup(sub->key.suffix);
		lg_agg_value(agg, id, sub->key.tags, sub->key.n_tags, &v);
	} else {
		m->name = lg_xstrdup(lg_metric_name(reg, id));
		lg_agg_value(agg, id, NULL, 0, &v);
	}
	fill_values(s, m, &v);
	if (v.hist)
		lg_hist_free(v.hist);
}

static int metric_cmp(const void *a, const void *b)
{
	const struct lg_summary_metric *ma = a, *mb = b;

	return lg__metric_name_cmp(ma->name, mb->name);
}

static void build_metrics(struct lg_summary *s, const struct lg_agg *agg,
                          const struct lg_registry *reg, const struct lg_summary_opts *opts)
{
	struct submetric_def *defs = NULL;
	size_t n_defs = 0, cap = 0;
	struct expected_scan scan = { false };

	for (int id = 0; id < lg_metric_count(reg); id++) {
		bool listed = lg_agg_has(agg, id);

		for (size_t i = 0; i < opts->n_include && !listed; i++)
			listed = opts->include[i] &&
			         strcmp(opts->include[i], lg_metric_name(reg, id)) == 0;
		if (listed)
			add_metric(s, &cap, agg, reg, id, NULL);
	}

	defs = lg_xcalloc(opts->n_submetrics + 1, sizeof(*defs));
	if (lg_agg_has(agg, LG_M_HTTP_REQ_DURATION))
		lg_agg_foreach(agg, LG_M_HTTP_REQ_DURATION, scan_expected, &scan);
	if (scan.seen) {
		lg_require(parse_submetric(reg, "http_req_duration{expected_response:true}",
		                           &defs[n_defs]) == 0);
		n_defs++;
	}
	for (size_t i = 0; i < opts->n_submetrics; i++) {
		struct submetric_def d = { 0 };
		bool dup = false;

		if (!opts->submetrics[i] || parse_submetric(reg, opts->submetrics[i], &d) != 0)
			continue;
		for (size_t j = 0; j < n_defs && !dup; j++)
			dup = same_tags(&d, &defs[j]);
		if (dup)
			submetric_def_free(&d);
		else
			defs[n_defs++] = d;
	}
	for (size_t i = 0; i < n_defs; i++) {
		add_metric(s, &cap, agg, reg, defs[i].parent_id, &defs[i]);
		submetric_def_free(&defs[i]);
	}
	free(defs);
	if (s->n_metrics > 1)
		qsort(s->metrics, s->n_metrics, sizeof(*s->metrics), metric_cmp);
}

/* ---- groups and checks ------------------------------------------------- */

static struct lg_summary_group *child_group(struct lg_summary_group *g, const char *name, size_t n)
{
	struct lg_summary_group *c;

	for (size_t i = 0; i < g->n_groups; i++)
		if (strlen(g->groups[i].name) == n && memcmp(g->groups[i].name, name, n) == 0)
			return &g->groups[i];
	g->groups = lg_xrealloc(g->groups, (g->n_groups + 1) * sizeof(*g->groups));
	c = &g->groups[g->n_groups++];
	memset(c, 0, sizeof(*c));
	c->name = lg_xstrndup(name, n);
	c->path = lg_xasprintf("%s::%s", g->path, c->name);
	c->id = md5_hex(c->path);
	return c;
}

/* The node of a group tag: "" is the root, "::a::b" is a > b. */
static struct lg_summary_group *group_for_path(struct lg_summary_group *root, const char *path)
{
	struct lg_summary_group *g = root;
	const char *p = path;

	if (!p || !*p)
		return root;
	if (strncmp(p, "::", 2) == 0)
		p += 2;
	for (;;) {
		const char *sep = strstr(p, "::");

		g = child_group(g, p, sep ? (size_t)(sep - p) : strlen(p));
		if (!sep)
			return g;
		p = sep + 2;
	}
}

static struct lg_summary_check *group_check(struct lg_summary_group *g, const char *name)
{
	struct lg_summary_check *c;

	for (size_t i = 0; i < g->n_checks; i++)
		if (strcmp(g->checks[i].name, name) == 0)
			return &g->checks[i];
	g->checks = lg_xrealloc(g->checks, (g->n_checks + 1) * sizeof(*g->checks));
	c = &g->checks[g->n_checks++];
	memset(c, 0, sizeof(*c));
	c->name = lg_xstrdup(name);
	c->path = lg_xasprintf("%s::%s", g->path, name);
	c->id = md5_hex(c->path);
	return c;
}

static void on_check_series(void *ud, const struct lg_tagset *ts, const struct lg_mvalue *v)
{
	struct lg_summary *s = ud;
	const char *name = lg_tagset_get(ts, "check");
	struct lg_summary_check *c;

	if (!name || v->count == 0)
		return;
	c = group_check(group_for_path(&s->root, lg_tagset_get(ts, "group")), name);
	c->passes += (double)v->trues;
	c->fails += (double)(v->count - v->trues);
}

static void on_group_series(void *ud, const struct lg_tagset *ts, const struct lg_mvalue *v)
{
	struct lg_summary *s = ud;

	if (v->count > 0)
		group_for_path(&s->root, lg_tagset_get(ts, "group"));
}

static int group_cmp(const void *a, const void *b)
{
	return lg__name_cmp(((const struct lg_summary_group *)a)->name,
	                    ((const struct lg_summary_group *)b)->name);
}

static int check_cmp(const void *a, const void *b)
{
	return lg__name_cmp(((const struct lg_summary_check *)a)->name,
	                    ((const struct lg_summary_check *)b)->name);
}

static void sort_group(struct lg_summary_group *g)
{
	if (g->n_groups > 1)
		qsort(g->groups, g->n_groups, sizeof(*g->groups), group_cmp);
	if (g->n_checks > 1)
		qsort(g->checks, g->n_checks, sizeof(*g->checks), check_cmp);
	for (size_t i = 0; i < g->n_groups; i++)
		sort_group(&g->groups[i]);
}

static void build_checks(struct lg_summary *s, const struct lg_agg *agg)
{
	struct lg_mvalue v;

	s->root.name = lg_xstrdup("");
	s->root.path = lg_xstrdup("");
	s->root.id = md5_hex("");
	if (lg_agg_has(agg, LG_M_GROUP_DURATION))
		lg_agg_foreach(agg, LG_M_GROUP_DURATION, on_group_series, s);
	if (!lg_agg_has(agg, LG_M_CHECKS))
		return;
	lg_agg_foreach(agg, LG_M_CHECKS, on_check_series, s);

	memset(&v, 0, sizeof(v));
	lg_agg_value(agg, LG_M_CHECKS, NULL, 0, &v);
	s->checks_passes = (double)v.trues;
	s->checks_fails = (double)(v.count - v.trues);
	if (v.hist)
		lg_hist_free(v.hist);
}

/* ---- build / free ------------------------------------------------------ */

struct lg_summary *lg_summary_build(const struct lg_agg *agg, const struct lg_registry *reg,
                                    const struct lg_summary_opts *opts)
{
	struct lg_summary *s = lg_xcalloc(1, sizeof(*s));
	const char *const *stats = opts->trend_stats;
	size_t n_stats = opts->n_trend_stats;

	if (!stats) {
		stats = default_trend_stats;
		n_stats = LG_ARRAY_SIZE(default_trend_stats);
	}
	s->duration_ms = opts->duration_ms;
	s->trend_stats = lg_xcalloc(n_stats ? n_stats : 1, sizeof(char *));
	for (size_t i = 0; i < n_stats; i++)
		s->trend_stats[i] = lg_xstrdup(stats[i]);
	s->n_trend_stats = n_stats;
	s->time_unit = opts->time_unit ? lg_xstrdup(opts->time_unit) : NULL;
	s->no_color = opts->no_color;
	s->stdout_tty = opts->stdout_tty;
	s->stderr_tty = opts->stderr_tty;
	s->setup_data_json = opts->setup_data_json ? lg_xstrdup(opts->setup_data_json) : NULL;
	s->fail_on_check = opts->fail_on_check;
	s->version = opts->version ? lg_xstrdup(opts->version) : NULL;
	if (opts->n_properties) {
		s->properties = lg_xcalloc(opts->n_properties, sizeof(*s->properties));
		for (size_t i = 0; i < opts->n_properties; i++) {
			s->properties[i].key = lg_xstrdup(opts->properties[i].key);
			s->properties[i].value = lg_xstrdup(opts->properties[i].value);
		}
		s->n_properties = opts->n_properties;
	}

	build_metrics(s, agg, reg, opts);
	build_checks(s, agg);
	sort_group(&s->root);
	return s;
}

static void group_free(struct lg_summary_group *g)
{
	for (size_t i = 0; i < g->n_groups; i++)
		group_free(&g->groups[i]);
	for (size_t i = 0; i < g->n_checks; i++) {
		free(g->checks[i].name);
		free(g->checks[i].path);
		free(g->checks[i].id);
	}
	free(g->groups);
	free(g->checks);
	free(g->name);
	free(g->path);
	free(g->id);
}

void lg_summary_free(struct lg_summary *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n_metrics; i++) {
		struct lg_summary_metric *m = &s->metrics[i];

		free(m->name);
		free(m->parent);
		free(m->suffix);
		free(m->stats);
		if (m->hist)
			lg_hist_free(m->hist);
		for (size_t j = 0; j < m->n_thresholds; j++) {
			free(m->thresholds[j].expr);
			free(m->thresholds[j].agg);
		}
		free(m->thresholds);
	}
	free(s->metrics);
	for (size_t i = 0; i < s->n_trend_stats; i++)
		free(s->trend_stats[i]);
	free(s->trend_stats);
	free(s->time_unit);
	free(s->setup_data_json);
	free(s->version);
	for (size_t i = 0; i < s->n_properties; i++) {
		free((char *)s->properties[i].key);
		free((char *)s->properties[i].value);
	}
	free(s->properties);
	group_free(&s->root);
	free(s);
}

int lg_summary_set_exit_code(struct lg_summary *s, int run_exit_code)
{
	if (run_exit_code != 0)
		s->exit_code = run_exit_code;
	else if (s->thresholds_failed || (s->fail_on_check && s->checks_fails > 0))
		s->exit_code = lg_err_exit_code(LG_ETHRESHOLDS);
	else
		s->exit_code = 0;
	return s->exit_code;
}

const char *lg_summary_verdict(const struct lg_summary *s)
{
	return s->exit_code == 0 ? "passed" : "failed";
}
