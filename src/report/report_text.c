/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report_text.c - k6 v1's compact end-of-test summary (reference 6.1, 6.2).
 *
 * DESIGN: k6 builds the text as a list of items per section, [title,
 * content..., "\n"], and joins them as acc + (item == "\n" ? "\n" : "\n" +
 * item).  The title item ends with " \n", so a blank line follows it; a
 * lone "\n" item closes a block and yields a blank line before the next one.
 * This file emits the same items in the same way into a scratch buffer (the
 * exact string k6's textSummary() returns) and hands the caller that string
 * without its first and last "\n" (see lg_report_text in summary.h).
 *
 * Column layout is k6's computeSummaryInfo: the name width is measured on
 * indent + name + display name (so the dots run long: a k6 quirk kept for
 * byte compatibility), dots = width - display width - indent + 3; value
 * columns are padded to the widest entry over every metric of the block,
 * not per section.  Widths count code points, never ANSI escapes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg/summary.h"
#include "report_int.h"

#define ANSI_BOLD "1"
#define ANSI_GREEN "32"
#define ANSI_RED "31"
#define ANSI_CYAN "36"
#define ANSI_WHITE "37"
#define ANSI_FAINT_WHITE "2;37"
#define ANSI_FAINT_CYAN "2;36"

#define MARK_OK "\xe2\x9c\x93"    /* ✓ */
#define MARK_FAIL "\xe2\x9c\x97"  /* ✗ */
#define MARK_TITLE "\xe2\x96\x88" /* █ */
#define MARK_SUB "\xe2\x86\xb3"   /* ↳ */

#define METRIC_INDENT 4 /* TOTAL RESULTS content: RenderContext level 1 */

struct ctx {
	const struct lg_summary *s;
	bool color;
	struct lg_buf k6;   /* what k6's ReportBuilder.build() returns */
	struct lg_buf line; /* scratch for one item */
};

/* ---- items and decoration --------------------------------------------- */

static void emit(struct ctx *c)
{
	lg_buf_putc(&c->k6, '\n');
	lg_buf_append(&c->k6, c->line.data ? c->line.data : "", c->line.len);
	lg_buf_reset(&c->line);
}

static void emit_nl(struct ctx *c)
{
	lg_buf_putc(&c->k6, '\n');
}

static void deco(struct ctx *c, const char *codes, const char *text)
{
	if (c->color)
		lg_buf_printf(&c->line, "\x1b[%sm%s\x1b[0m", codes, text);
	else
		lg_buf_puts(&c->line, text);
}

static void spaces(struct lg_buf *b, size_t n)
{
	while (n--)
		lg_buf_putc(b, ' ');
}

static void emit_title(struct ctx *c, const char *title)
{
	lg_buf_puts(&c->line, "  " MARK_TITLE " ");
	deco(c, ANSI_BOLD, title);
	lg_buf_puts(&c->line, " \n");
	emit(c);
}

/* ---- metric rows (k6's computeSummaryInfo / renderMetricLine) --------- */

struct row {
	const char *name;
	enum lg_metric_type type;
	char *main;      /* non-trend: first column */
	char *extras[2]; /* non-trend: the rest */
	size_t n_extras;
	char **cols; /* trend: one per summary trend stat */
};

struct table {
	struct row *rows;
	size_t n, cap;
	size_t max_name, max_main, extra_max[2];
	size_t *col_max;
	size_t n_cols;
};

static char *fmt_value(const struct lg_summary *s, const struct lg_summary_metric *m, double v)
{
	char buf[LG__JS_NUMBUF + 16];

	lg__humanize(v, m->type, m->contains, s->time_unit, buf, sizeof(buf));
	return lg_xstrdup(buf);
}

static char *js_num(double v)
{
	char buf[LG__JS_NUMBUF];

	lg__js_number(v, buf, sizeof(buf));
	return lg_xstrdup(buf);
}

/* "x{k:v}" -> "  { k:v }" (k6's renderMetricDisplayName), else the name. */
static char *display_name(const char *name)
{
	const char *brace = strchr(name, '{');
	size_t len = strlen(name);

	if (!brace)
		return lg_xstrdup(name);
	return lg_xasprintf("  { %.*s }", (int)(name + len - 1 - (brace + 1)), brace + 1);
}

static void table_init(struct table *t, size_t n_cols)
{
	memset(t, 0, sizeof(*t));
	t->n_cols = n_cols;
	t->col_max = lg_xcalloc(n_cols ? n_cols : 1, sizeof(size_t));
}

static void table_add(struct table *t, const struct lg_summary *s,
                      const struct lg_summary_metric *m)
{
	struct row *r;
	char *disp;
	size_t w;

	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 16;
		t->rows = lg_xrealloc(t->rows, t->cap * sizeof(*t->rows));
	}
	r = &t->rows[t->n++];
	memset(r, 0, sizeof(*r));
	r->name = m->name;
	r->type = m->type;

	disp = display_name(m->name);
	w = METRIC_INDENT + lg__str_width(m->name) + lg__str_width(disp);
	if (w > t->max_name)
		t->max_name = w;
	free(disp);

	switch (m->type) {
	case LG_COUNTER: {
		char *rate = fmt_value(s, m, m->rate);

		r->main = fmt_value(s, m, m->count);
		r->extras[r->n_extras++] = lg_xasprintf("%s/s", rate);
		free(rate);
		break;
	}
	case LG_GAUGE: {
		char *min = fmt_value(s, m, m->min), *max = fmt_value(s, m, m->max);

		r->main = fmt_value(s, m, m->value);
		r->extras[r->n_extras++] = lg_xasprintf("min=%s", min);
		r->extras[r->n_extras++] = lg_xasprintf("max=%s", max);
		free(min);
		free(max);
		break;
	}
	case LG_RATE: {
		char *p = js_num(m->passes), *total = js_num(m->passes + m->fails);

		r->main = fmt_value(s, m, m->rate);
		r->extras[r->n_extras++] = lg_xasprintf("%s out of %s", p, total);
		free(p);
		free(total);
		break;
	}
	case LG_TREND:
		r->cols = lg_xcalloc(t->n_cols ? t->n_cols : 1, sizeof(char *));
		for (size_t i = 0; i < t->n_cols; i++) {
			double v = m->stats ? m->stats[i] : 0;

			r->cols[i] = strcmp(s->trend_stats[i], "count") == 0 ? js_num(v)
			                                                     : fmt_value(s, m, v);
			w = lg__str_width(r->cols[i]);
			if (w > t->col_max[i])
				t->col_max[i] = w;
		}
		break;
	}
	if (r->main) {
		w = lg__str_width(r->main);
		if (w > t->max_main)
			t->max_main = w;
		for (size_t i = 0; i < r->n_extras; i++) {
			w = lg__str_width(r->extras[i]);
			if (w > t->extra_max[i])
				t->extra_max[i] = w;
		}
	}
}

static void table_free(struct table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		struct row *r = &t->rows[i];

		free(r->main);
		for (size_t j = 0; j < r->n_extras; j++)
			free(r->extras[j]);
		if (r->cols)
			for (size_t j = 0; j < t->n_cols; j++)
				free(r->cols[j]);
		free(r->cols);
	}
	free(t->rows);
	free(t->col_max);
}

static void emit_row(struct ctx *c, const struct table *t, const struct row *r)
{
	char *disp = display_name(r->name);
	size_t dw = lg__str_width(disp);
	/* k6: maxNameWidth - width(displayed name) - width(indent) + 3 */
	long want = (long)t->max_name - (long)dw - METRIC_INDENT + 3;
	size_t dots = want < 3 ? 3 : (size_t)want;
	char *leader = lg_xmalloc(dots + 2);

	memset(leader, '.', dots);
	leader[dots] = ':';
	leader[dots + 1] = '\0';
	spaces(&c->line, METRIC_INDENT);
	lg_buf_puts(&c->line, disp);
	deco(c, ANSI_FAINT_WHITE, leader);
	lg_buf_putc(&c->line, ' ');
	if (r->type == LG_TREND) {
		for (size_t i = 0; i < t->n_cols; i++) {
			if (i)
				lg_buf_putc(&c->line, ' ');
			lg_buf_printf(&c->line, "%s=", c->s->trend_stats[i]);
			deco(c, ANSI_CYAN, r->cols[i]);
			spaces(&c->line, t->col_max[i] - lg__str_width(r->cols[i]));
		}
	} else {
		deco(c, ANSI_CYAN, r->main);
		spaces(&c->line, t->max_main - lg__str_width(r->main));
		if (r->n_extras == 1) {
			lg_buf_putc(&c->line, ' ');
			deco(c, ANSI_FAINT_CYAN, r->extras[0]);
		} else {
			for (size_t i = 0; i < r->n_extras; i++) {
				lg_buf_putc(&c->line, ' ');
				deco(c, ANSI_FAINT_CYAN, r->extras[i]);
				spaces(&c->line, t->extra_max[i] - lg__str_width(r->extras[i]));
			}
		}
	}
	emit(c);
	free(leader);
	free(disp);
}

/* ---- metric sections --------------------------------------------------- */

enum section {
	SEC_CUSTOM,
	SEC_HTTP,
	SEC_EXECUTION,
	SEC_NETWORK,
	SEC_BROWSER,
	SEC_WEBVITALS,
	SEC_GRPC,
	SEC_WEBSOCKET,
	SEC__COUNT,
	SEC_HIDDEN = -1
};

static const char *const section_title[SEC__COUNT] = {
	"CUSTOM", "HTTP", "EXECUTION", "NETWORK", "BROWSER", "WEBVITALS", "GRPC", "WEBSOCKET",
};

static bool name_in(const char *name, size_t n, const char *const *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (strlen(list[i]) == n && memcmp(list[i], name, n) == 0)
			return true;
	return false;
}

/*
 * k6's isSkippedMetric (compact mode) and section predicates.  k6 tests the
 * built-in names with a prefix match, which also captures custom metrics
 * such as "vus_active"; here the parent name must match exactly (the
 * ws_/grpc_/browser_ families are prefixes by design, kept as such).
 */
static int section_of(const char *name)
{
	static const char *const hidden[] = { "checks",
		                              "group_duration",
		                              "http_req_blocked",
		                              "http_req_connecting",
		                              "http_req_receiving",
		                              "http_req_sending",
		                              "http_req_tls_handshaking",
		                              "http_req_waiting" };
	static const char *const http[] = {
		"http_reqs",        "http_req_failed",     "http_req_duration",
		"http_req_blocked", "http_req_connecting", "http_req_tls_handshaking",
		"http_req_sending", "http_req_waiting",    "http_req_receiving",
	};
	static const char *const execution[] = { "vus", "vus_max", "iterations",
		                                 "iteration_duration", "dropped_iterations" };
	static const char *const network[] = { "data_sent", "data_received" };
	size_t n = strcspn(name, "{");

	if (name_in(name, n, hidden, LG_ARRAY_SIZE(hidden)))
		return SEC_HIDDEN;
	if (name_in(name, n, http, LG_ARRAY_SIZE(http)))
		return SEC_HTTP;
	if (name_in(name, n, execution, LG_ARRAY_SIZE(execution)))
		return SEC_EXECUTION;
	if (name_in(name, n, network, LG_ARRAY_SIZE(network)))
		return SEC_NETWORK;
	if (strncmp(name, "browser_web_vital_", 18) == 0)
		return SEC_WEBVITALS;
	if (strncmp(name, "browser_", 8) == 0)
		return SEC_BROWSER;
	if (strncmp(name, "grpc_", 5) == 0)
		return SEC_GRPC;
	if (strncmp(name, "ws_", 3) == 0)
		return SEC_WEBSOCKET;
	return SEC_CUSTOM;
}

static void emit_metric_sections(struct ctx *c)
{
	const struct lg_summary *s = c->s;
	struct table t;
	int *sec = lg_xcalloc(s->n_metrics ? s->n_metrics : 1, sizeof(int));
	size_t *row_of = lg_xcalloc(s->n_metrics ? s->n_metrics : 1, sizeof(size_t));

	table_init(&t, s->n_trend_stats);
	for (size_t i = 0; i < s->n_metrics; i++) {
		sec[i] = section_of(s->metrics[i].name);
		if (sec[i] == SEC_HIDDEN)
			continue;
		row_of[i] = t.n;
		table_add(&t, s, &s->metrics[i]);
	}
	for (int k = 0; k < SEC__COUNT; k++) {
		bool any = false;

		for (size_t i = 0; i < s->n_metrics; i++) {
			if (sec[i] != k)
				continue;
			if (!any) {
				spaces(&c->line, METRIC_INDENT);
				deco(c, ANSI_BOLD, section_title[k]);
				emit(c);
				any = true;
			}
			emit_row(c, &t, &t.rows[row_of[i]]);
		}
		if (any)
			emit_nl(c);
	}
	table_free(&t);
	free(row_of);
	free(sec);
}

/* ---- checks ------------------------------------------------------------ */

struct flat_check {
	const char *name;
	double passes, fails;
};

struct flat_checks {
	struct flat_check *v;
	size_t n, cap;
};

static void collect_checks(const struct lg_summary_group *g, struct flat_checks *fc)
{
	for (size_t i = 0; i < g->n_checks; i++) {
		if (fc->n == fc->cap) {
			fc->cap = fc->cap ? 2 * fc->cap : 16;
			fc->v = lg_xrealloc(fc->v, fc->cap * sizeof(*fc->v));
		}
		fc->v[fc->n].name = g->checks[i].name;
		fc->v[fc->n].passes = g->checks[i].passes;
		fc->v[fc->n].fails = g->checks[i].fails;
		fc->n++;
	}
	for (size_t i = 0; i < g->n_groups; i++)
		collect_checks(&g->groups[i], fc);
}

static int flat_check_cmp(const void *a, const void *b)
{
	const struct flat_check *ca = a, *cb = b;
	int r = lg__name_cmp(ca->name, cb->name);

	return r ? r : strcmp(ca->name, cb->name);
}

static bool summary_has_checks(const struct lg_summary *s)
{
	if (s->checks_passes + s->checks_fails > 0)
		return true;
	for (size_t i = 0; i < s->n_metrics; i++)
		if (strcmp(s->metrics[i].name, "checks") == 0)
			return true;
	return false;
}

static void emit_check(struct ctx *c, const struct flat_check *fc)
{
	char *line, *p, *f;

	spaces(&c->line, METRIC_INDENT);
	if (fc->fails == 0) {
		line = lg_xasprintf(MARK_OK " %s", fc->name);
		deco(c, ANSI_GREEN, line);
		free(line);
		emit(c);
		return;
	}
	line = lg_xasprintf(MARK_FAIL " %s", fc->name);
	deco(c, ANSI_RED, line);
	free(line);
	lg_buf_putc(&c->line, '\n');
	spaces(&c->line, METRIC_INDENT + 2);
	p = js_num(fc->passes);
	f = js_num(fc->fails);
	line = lg_xasprintf(MARK_SUB "  %.0f%% \xe2\x80\x94 " MARK_OK " %s / " MARK_FAIL " %s",
	                    floor(100 * fc->passes / (fc->passes + fc->fails)), p, f);
	deco(c, ANSI_RED, line);
	free(line);
	free(p);
	free(f);
	emit(c);
}

/* The three check metrics, then the flat list of checks merged by name. */
static void emit_checks(struct ctx *c)
{
	const struct lg_summary *s = c->s;
	double total = s->checks_passes + s->checks_fails;
	double dur_ns = round(s->duration_ms * 1e6);
	struct lg_summary_metric cm[3];
	struct flat_checks fc = { 0 };
	struct table t;

	memset(cm, 0, sizeof(cm));
	cm[0].name = "checks_total";
	cm[0].type = LG_COUNTER;
	cm[0].count = total;
	cm[0].rate = dur_ns > 0 ? total / (dur_ns / 1e9) : 0;
	cm[1].name = "checks_succeeded";
	cm[1].type = LG_RATE;
	cm[1].rate = total > 0 ? s->checks_passes / total : 0;
	cm[1].passes = s->checks_passes;
	cm[1].fails = s->checks_fails;
	cm[2].name = "checks_failed";
	cm[2].type = LG_RATE;
	cm[2].rate = total > 0 ? s->checks_fails / total : 0;
	cm[2].passes = s->checks_fails;
	cm[2].fails = s->checks_passes;

	table_init(&t, 0);
	for (size_t i = 0; i < 3; i++)
		table_add(&t, s, &cm[i]);
	for (size_t i = 0; i < 3; i++)
		emit_row(c, &t, &t.rows[i]);
	table_free(&t);
	emit_nl(c);

	collect_checks(&s->root, &fc);
	if (fc.n > 1)
		qsort(fc.v, fc.n, sizeof(*fc.v), flat_check_cmp);
	for (size_t i = 0; i < fc.n;) {
		struct flat_check merged = fc.v[i];
		size_t j = i + 1;

		for (; j < fc.n && strcmp(fc.v[j].name, merged.name) == 0; j++) {
			merged.passes += fc.v[j].passes;
			merged.fails += fc.v[j].fails;
		}
		emit_check(c, &merged);
		i = j;
	}
	free(fc.v);
	emit_nl(c);
}

/* ---- thresholds -------------------------------------------------------- */

static bool has_thresholds(const struct lg_summary *s, const char *name, size_t n)
{
	for (size_t i = 0; i < s->n_metrics; i++)
		if (s->metrics[i].n_thresholds && strlen(s->metrics[i].name) == n &&
		    memcmp(s->metrics[i].name, name, n) == 0)
			return true;
	return false;
}

static void emit_thresholds(struct ctx *c)
{
	const struct lg_summary *s = c->s;

	emit_title(c, "THRESHOLDS");
	for (size_t i = 0; i < s->n_metrics; i++) {
		const struct lg_summary_metric *m = &s->metrics[i];
		size_t plen = strcspn(m->name, "{");
		bool nested = m->name[plen] && has_thresholds(s, m->name, plen);
		size_t indent = nested ? METRIC_INDENT + 2 : METRIC_INDENT;

		if (!m->n_thresholds)
			continue;
		spaces(&c->line, indent);
		lg_buf_puts(&c->line, nested ? m->name + plen : m->name);
		emit(c);
		for (size_t j = 0; j < m->n_thresholds; j++) {
			const struct lg_summary_threshold *th = &m->thresholds[j];
			char *e = lg__threshold_expr(th), *agg = lg__threshold_agg(th);
			char *quoted = lg_xasprintf("'%s'", e);
			char *val = lg__threshold_value(s, m, agg, th->observed);

			spaces(&c->line, indent);
			deco(c, th->ok ? ANSI_GREEN : ANSI_RED, th->ok ? MARK_OK : MARK_FAIL);
			lg_buf_putc(&c->line, ' ');
			deco(c, ANSI_WHITE, quoted);
			lg_buf_putc(&c->line, ' ');
			deco(c, ANSI_WHITE, agg);
			lg_buf_putc(&c->line, '=');
			deco(c, ANSI_CYAN, val);
			emit(c);
			free(quoted);
			free(agg);
			free(val);
			free(e);
		}
		emit_nl(c);
	}
	emit_nl(c);
}

/* ---- entry point ------------------------------------------------------- */

void lg_report_text(const struct lg_summary *s, struct lg_buf *out)
{
	struct ctx c;
	bool any_thresholds = false;

	memset(&c, 0, sizeof(c));
	c.s = s;
	c.color = !s->no_color;

	for (size_t i = 0; i < s->n_metrics; i++)
		any_thresholds = any_thresholds || s->metrics[i].n_thresholds > 0;
	if (any_thresholds)
		emit_thresholds(&c);

	emit_title(&c, "TOTAL RESULTS");
	if (summary_has_checks(s))
		emit_checks(&c);
	emit_metric_sections(&c);
	emit_nl(&c);

	/* k6's string starts with "\n" and ends with "\n\n": drop one of each */
	LG_DASSERT(c.k6.len >= 2 && c.k6.data[0] == '\n');
	lg_buf_append(out, c.k6.data + 1, c.k6.len - 2);
	lg_buf_free(&c.k6);
	lg_buf_free(&c.line);
}
