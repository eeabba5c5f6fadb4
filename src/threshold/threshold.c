/* SPDX-License-Identifier: Apache-2.0 */
/*
 * threshold.c - a run's thresholds: the set of keys and expressions,
 * validation against the registry, evaluation over the aggregate, and the
 * results handed to the summary (k6 reference 5.4).
 *
 * DESIGN
 *   One entry per distinct key text, each with its expressions in order of
 *   addition.  Two keys that select the same tag set (`m{a:1}`, `m{ a:1 }`)
 *   stay two entries: they evaluate to the same values and both attach to
 *   the one summary metric (k6 would let one key's list replace the other's,
 *   in Go map order).
 *
 *   Evaluation reads the aggregate with lg_agg_value() (the metric's total,
 *   or the tag sets containing the selector for a sub-metric), so a
 *   sub-metric costs a pass over its parent's series: fine every 2 s.  The
 *   values are k6's sinks' (thresholds.go Run): a rate without samples has no
 *   "rate" value, which k6 treats as a pass; trend statistics of an empty
 *   metric are 0; a counter's rate divides by the elapsed seconds.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg/log.h"
#include "lg/threshold.h"

struct item {
	char *source;
	struct lg_th_expr expr;
	bool abort_on_fail;
	int64_t delay_ns; /* < 0: none */
	bool evaluated, failed;
	double observed;
};

struct entry {
	char *text; /* the key as given */
	struct lg_th_key key;
	int metric_id; /* -1 until validated */
	enum lg_metric_type type;
	struct item *items;
	size_t n_items;
};

struct lg_thresholds {
	struct entry *entries;
	size_t n_entries;
	bool validated;
	bool disabled; /* --no-thresholds */
	/* for lg_summary_opts: keys with a selector, plain metric names */
	const char **sub;
	size_t n_sub;
	const char **plain;
	size_t n_plain;
};

struct lg_thresholds *lg_thresholds_new(void)
{
	return lg_xcalloc(1, sizeof(struct lg_thresholds));
}

void lg_thresholds_free(struct lg_thresholds *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n_entries; i++) {
		struct entry *e = &t->entries[i];

		for (size_t j = 0; j < e->n_items; j++)
			free(e->items[j].source);
		free(e->items);
		free(e->text);
		lg_th_key_cleanup(&e->key);
	}
	free(t->entries);
	free(t->sub);
	free(t->plain);
	free(t);
}

size_t lg_thresholds_count(const struct lg_thresholds *t)
{
	size_t n = 0;

	for (size_t i = 0; i < t->n_entries; i++)
		n += t->entries[i].n_items;
	return n;
}

void lg_thresholds_disable(struct lg_thresholds *t)
{
	t->disabled = true;
}

int lg_thresholds_add(struct lg_thresholds *t, const char *key, const char *expr,
                      bool abort_on_fail, int64_t delay_abort_eval_ns, struct lg_err *err)
{
	struct lg_th_expr parsed;
	struct lg_th_key k;
	struct entry *e = NULL;
	struct item *it;
	int rc;

	if (t->disabled) {
		struct lg_err kerr = { 0 };

		for (size_t i = 0; i < t->n_entries; i++)
			if (strcmp(t->entries[i].text, key) == 0)
				return 0;
		if (lg_th_key_parse(key, &k, &kerr) < 0) {
			lg_warn("%s (ignored: --no-thresholds)", kerr.msg);
			return 0;
		}
		t->entries = lg_xrealloc(t->entries, (t->n_entries + 1) * sizeof(*t->entries));
		e = &t->entries[t->n_entries++];
		memset(e, 0, sizeof(*e));
		e->text = lg_xstrdup(key);
		e->key = k;
		e->metric_id = -1;
		t->validated = false;
		return 0;
	}
	{
		struct lg_err xerr = { 0 };

		rc = lg_th_expr_parse(expr, &parsed, &xerr);
		if (rc < 0)
			return lg_errf(err, xerr.code, "%s (in the thresholds of \"%s\")", xerr.msg,
			               key);
	}
	for (size_t i = 0; i < t->n_entries && !e; i++)
		if (strcmp(t->entries[i].text, key) == 0)
			e = &t->entries[i];
	if (!e) {
		rc = lg_th_key_parse(key, &k, err);
		if (rc < 0)
			return rc;
		t->entries = lg_xrealloc(t->entries, (t->n_entries + 1) * sizeof(*t->entries));
		e = &t->entries[t->n_entries++];
		memset(e, 0, sizeof(*e));
		e->text = lg_xstrdup(key);
		e->key = k;
		e->metric_id = -1;
		/* e->text is its own allocation: it does not move with t->entries */
		if (k.suffix) {
			t->sub = lg_xrealloc(t->sub, (t->n_sub + 1) * sizeof(char *));
			t->sub[t->n_sub++] = e->text;
		} else {
			t->plain = lg_xrealloc(t->plain, (t->n_plain + 1) * sizeof(char *));
			t->plain[t->n_plain++] = e->text;
		}
	}
	e->items = lg_xrealloc(e->items, (e->n_items + 1) * sizeof(*e->items));
	it = &e->items[e->n_items++];
	memset(it, 0, sizeof(*it));
	it->source = lg_xstrdup(expr);
	it->expr = parsed;
	it->abort_on_fail = abort_on_fail;
	it->delay_ns = delay_abort_eval_ns < 0 ? -1 : delay_abort_eval_ns;
	t->validated = false;
	return 0;
}

/* ---- validation ----------------------------------------------------------- */

/* Levenshtein distance, capped: returns cap + 1 when larger. */
static size_t edit_distance(const char *a, const char *b, size_t cap)
{
	size_t la = strlen(a), lb = strlen(b), *row, best, r;

	if ((la > lb ? la - lb : lb - la) > cap)
		return cap + 1;
	row = lg_xmalloc((lb + 1) * sizeof(size_t));
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		best = row[0];
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t sub = diag + (a[i - 1] != b[j - 1]);
			size_t ins = row[j - 1] + 1, del = up + 1;

			row[j] = sub < ins ? (sub < del ? sub : del) : (ins < del ? ins : del);
			diag = up;
			if (row[j] < best)
				best = row[j];
		}
		if (best > cap) {
			free(row);
			return cap + 1;
		}
	}
	r = row[lb];
	free(row);
	return r;
}

static bool same_fold(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a, y = *b;

		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return false;
	}
	return *a == *b;
}

/* ", did you mean "x" or "y"?" for names close to `name`, or "". Caller frees. */
static char *suggest(const struct lg_registry *reg, const char *name)
{
	struct {
		const char *name;
		size_t d;
	} best[3];
	size_t n_best = 0, len = strlen(name);
	size_t cap = len <= 4 ? 1 : len <= 12 ? 2 : 3;
	struct lg_buf b = { 0 };

	for (int id = 0; id < lg_metric_count(reg); id++) {
		const char *cand = lg_metric_name(reg, id);
		size_t d = same_fold(cand, name) ? 0 : edit_distance(name, cand, cap);
		size_t k;

		if (d > cap)
			continue;
		/* insertion sort by distance, then name; keep the 3 best */
		for (k = n_best; k > 0; k--) {
			if (best[k - 1].d < d ||
			    (best[k - 1].d == d && strcmp(best[k - 1].name, cand) < 0))
				break;
			if (k < LG_ARRAY_SIZE(best))
				best[k] = best[k - 1];
		}
		if (k < LG_ARRAY_SIZE(best)) {
			best[k].name = cand;
			best[k].d = d;
			if (n_best < LG_ARRAY_SIZE(best))
				n_best++;
		}
	}
	for (size_t i = 0; i < n_best; i++)
		lg_buf_printf(&b, "%s\"%s\"",
		              i == 0            ? "; did you mean "
		              : i + 1 == n_best ? " or "
		                                : ", ",
		              best[i].name);
	if (n_best)
		lg_buf_putc(&b, '?');
	return lg_buf_steal(&b);
}

static const char *supported_list(enum lg_metric_type type)
{
	switch (type) {
	case LG_COUNTER:
		return "count, rate";
	case LG_GAUGE:
		return "value";
	case LG_RATE:
		return "rate";
	case LG_TREND:
		return "avg, min, max, med, p(N)";
	}
	return "";
}

static bool supports(enum lg_metric_type type, enum lg_th_agg agg)
{
	switch (type) {
	case LG_COUNTER:
		return agg == LG_TH_COUNT || agg == LG_TH_RATE;
	case LG_GAUGE:
		return agg == LG_TH_VALUE;
	case LG_RATE:
		return agg == LG_TH_RATE;
	case LG_TREND:
		return agg == LG_TH_AVG || agg == LG_TH_MIN || agg == LG_TH_MAX ||
		       agg == LG_TH_MED || agg == LG_TH_PCT;
	}
	return false;
}

/* --no-thresholds: keep the keys of known metrics, warn about the others. */
static void validate_disabled(struct lg_thresholds *t, const struct lg_registry *reg)
{
	size_t kept = 0;

	for (size_t i = 0; i < t->n_entries; i++) {
		struct entry *e = &t->entries[i];
		int id = lg_metric_find(reg, e->key.metric);

		if (id < 0) {
			lg_warn("threshold key \"%s\": no metric named \"%s\" (ignored: "
			        "--no-thresholds)",
			        e->text, e->key.metric);
			free(e->text);
			lg_th_key_cleanup(&e->key);
			continue;
		}
		e->metric_id = id;
		e->type = lg_metric_type(reg, id);
		t->entries[kept++] = *e;
	}
	t->n_entries = kept;
	t->n_sub = 0;
	t->sub = lg_xrealloc(t->sub, (kept ? kept : 1) * sizeof(char *));
	for (size_t i = 0; i < kept; i++)
		if (t->entries[i].key.suffix)
			t->sub[t->n_sub++] = t->entries[i].text;
	t->validated = true;
}

int lg_thresholds_validate(struct lg_thresholds *t, const struct lg_registry *reg,
                           struct lg_err *err)
{
	if (t->disabled) {
		validate_disabled(t, reg);
		return 0;
	}
	for (size_t i = 0; i < t->n_entries; i++) {
		struct entry *e = &t->entries[i];
		int id = lg_metric_find(reg, e->key.metric);

		if (id < 0) {
			char *hint = suggest(reg, e->key.metric);
			int rc = lg_errf(err, LG_ECONFIG,
			                 "invalid threshold on \"%s\": no metric named \"%s\"%s "
			                 "(custom metrics must be created in the init context)",
			                 e->text, e->key.metric, hint);

			free(hint);
			return rc;
		}
		e->metric_id = id;
		e->type = lg_metric_type(reg, id);
		for (size_t j = 0; j < e->n_items; j++) {
			const struct item *it = &e->items[j];

			if (!supports(e->type, it->expr.agg))
				return lg_errf(
				    err, LG_ECONFIG,
				    "invalid threshold \"%s\" on metric %s: the aggregation "
				    "\"%.*s\" is not supported on a %s metric (supported: %s)",
				    it->source, e->text, (int)it->expr.agg_len,
				    it->source + it->expr.agg_off, lg_metric_type_name(e->type),
				    supported_list(e->type));
		}
		for (size_t j = 0; j < e->key.n_tags; j++)
			if (!strcmp(e->key.tags[j].key, "vu") ||
			    !strcmp(e->key.tags[j].key, "iter"))
				lg_warn(
				    "The high-cardinality '%s' metric tag is not indexable, so "
				    "thresholds like '%s' that are based on it won't work correctly.",
				    e->key.tags[j].key, e->text);
	}
	t->validated = true;
	return 0;
}

/* ---- evaluation ------------------------------------------------------------ */

static double trend_value(const struct lg_hist *h, const struct lg_th_expr *x)
{
	uint64_t n = h ? lg_hist_count(h) : 0;

	if (n == 0)
		return 0;
	switch (x->agg) {
	case LG_TH_AVG:
		return lg_hist_sum(h) / (double)n;
	case LG_TH_MIN:
		return lg_hist_min(h);
	case LG_TH_MAX:
		return lg_hist_max(h);
	case LG_TH_MED:
		return lg_hist_quantile(h, 50);
	case LG_TH_PCT:
		return lg_hist_quantile(h, x->pct);
	default:
		return 0;
	}
}

static bool compare(double lhs, enum lg_th_op op, double rhs)
{
	switch (op) {
	case LG_TH_LE:
		return lhs <= rhs;
	case LG_TH_LT:
		return lhs < rhs;
	case LG_TH_GE:
		return lhs >= rhs;
	case LG_TH_GT:
		return lhs > rhs;
	case LG_TH_EQ:
		return lhs == rhs;
	case LG_TH_NE:
		return lhs != rhs;
	}
	return false;
}

int lg_thresholds_eval(struct lg_thresholds *t, const struct lg_agg *agg, int64_t elapsed_ns,
                       bool final, bool *abort_now)
{
	int failed = 0;

	if (t->disabled)
		return 0;
	lg_require(t->validated);
	for (size_t i = 0; i < t->n_entries; i++) {
		struct entry *e = &t->entries[i];
		struct lg_mvalue v;

		memset(&v, 0, sizeof(v));
		lg_agg_value(agg, e->metric_id, e->key.tags, e->key.n_tags, &v);
		if (!final && v.count == 0) {
			if (v.hist)
				lg_hist_free(v.hist);
			continue;
		}
		for (size_t j = 0; j < e->n_items; j++) {
			struct item *it = &e->items[j];
			double lhs = 0;
			bool pass;

			switch (e->type) {
			case LG_COUNTER:
				if (it->expr.agg == LG_TH_COUNT)
					lhs = v.sum;
				else
					lhs =
					    elapsed_ns > 0 ? v.sum / ((double)elapsed_ns / 1e9) : 0;
				break;
			case LG_GAUGE:
				lhs = v.count ? v.last : 0;
				break;
			case LG_RATE:
				lhs = v.count ? (double)v.trues / (double)v.count : 0;
				break;
			case LG_TREND:
				lhs = trend_value(v.hist, &it->expr);
				break;
			}
			/* k6: a rate without samples has no value, and that passes */
			pass = (e->type == LG_RATE && v.count == 0) ||
			       compare(lhs, it->expr.op, it->expr.value);
			it->evaluated = true;
			it->failed = !pass;
			it->observed = lhs;
			if (pass)
				continue;
			failed++;
			if (!final && it->abort_on_fail && abort_now &&
			    (it->delay_ns < 0 || it->delay_ns < elapsed_ns))
				*abort_now = true;
		}
		if (v.hist)
			lg_hist_free(v.hist);
	}
	return failed;
}

bool lg_thresholds_failed(const struct lg_thresholds *t)
{
	for (size_t i = 0; i < t->n_entries; i++)
		for (size_t j = 0; j < t->entries[i].n_items; j++)
			if (t->entries[i].items[j].failed)
				return true;
	return false;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

char *lg_thresholds_failed_metrics(const struct lg_thresholds *t)
{
	const char **names = lg_xcalloc(t->n_entries + 1, sizeof(char *));
	size_t n = 0;
	struct lg_buf b = { 0 };

	for (size_t i = 0; i < t->n_entries; i++) {
		bool failed = false;

		for (size_t j = 0; j < t->entries[i].n_items; j++)
			failed = failed || t->entries[i].items[j].failed;
		if (failed)
			names[n++] = t->entries[i].key.name;
	}
	if (n == 0) {
		free(names);
		return NULL;
	}
	qsort(names, n, sizeof(*names), str_cmp);
	for (size_t i = 0; i < n; i++) {
		if (i && strcmp(names[i], names[i - 1]) == 0)
			continue;
		lg_buf_printf(&b, "%s%s", b.len ? ", " : "", names[i]);
	}
	free(names);
	return lg_buf_steal(&b);
}

/* ---- into the summary ------------------------------------------------------ */

void lg_thresholds_summary_opts(const struct lg_thresholds *t, struct lg_summary_opts *so)
{
	so->submetrics = t->sub;
	so->n_submetrics = t->n_sub;
	/* k6 lists an empty metric for its thresholds, not for a bare key */
	so->include = t->disabled ? NULL : t->plain;
	so->n_include = t->disabled ? 0 : t->n_plain;
}

static bool matches(const struct entry *e, const struct lg_summary_metric *m)
{
	struct lg_th_key mk;
	struct lg_err err;
	bool same;

	if (!e->key.suffix)
		return !m->parent && strcmp(m->name, e->key.metric) == 0;
	if (!m->parent || strcmp(m->parent, e->key.metric) != 0)
		return false;
	if (lg_th_key_parse(m->name, &mk, &err) < 0)
		return false;
	same = lg_th_key_same(&e->key, &mk);
	lg_th_key_cleanup(&mk);
	return same;
}

void lg_thresholds_apply(const struct lg_thresholds *t, struct lg_summary *s)
{
	bool any_failed = false;

	for (size_t i = 0; i < t->n_entries; i++) {
		const struct entry *e = &t->entries[i];
		struct lg_summary_metric *m = NULL;

		for (size_t k = 0; k < s->n_metrics && !m; k++)
			if (matches(e, &s->metrics[k]))
				m = &s->metrics[k];
		for (size_t j = 0; j < e->n_items; j++)
			any_failed = any_failed || e->items[j].failed;
		if (!m)
			continue; /* not listed: the caller did not use lg_thresholds_summary_opts */
		m->thresholds = lg_xrealloc(m->thresholds, (m->n_thresholds + e->n_items) *
		                                               sizeof(*m->thresholds));
		for (size_t j = 0; j < e->n_items; j++) {
			const struct item *it = &e->items[j];
			struct lg_summary_threshold *th = &m->thresholds[m->n_thresholds++];

			th->expr = lg_xstrdup(it->source);
			th->ok = !it->failed;
			th->agg = lg_xstrndup(it->source + it->expr.agg_off, it->expr.agg_len);
			th->observed = it->observed;
		}
	}
	s->thresholds_failed = any_failed;
}
