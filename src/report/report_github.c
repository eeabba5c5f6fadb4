/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report_github.c - GitHub Actions: the job summary in Markdown (appended to
 * $GITHUB_STEP_SUMMARY) and `::error` workflow commands for failed
 * thresholds (printed on stdout, where the runner reads them).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg/summary.h"
#include "report_int.h"

/* Markdown table cells: no newlines, no unescaped pipes. */
static void md_cell(struct lg_buf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			lg_buf_puts(out, "\\|");
		else if (*s == '\n' || *s == '\r')
			lg_buf_putc(out, ' ');
		else
			lg_buf_putc(out, *s);
	}
}

static const struct lg_summary_metric *find_metric(const struct lg_summary *s, const char *name)
{
	for (size_t i = 0; i < s->n_metrics; i++)
		if (strcmp(s->metrics[i].name, name) == 0)
			return &s->metrics[i];
	return NULL;
}

static void metric_row(struct lg_buf *out, const struct lg_summary *s, const char *name,
                       const char *label)
{
	const struct lg_summary_metric *m = find_metric(s, name);
	char v[64], w[64];

	if (!m)
		return;
	switch (m->type) {
	case LG_COUNTER:
		lg__humanize(m->count, m->type, m->contains, s->time_unit, v, sizeof(v));
		lg__humanize(m->rate, m->type, m->contains, s->time_unit, w, sizeof(w));
		lg_buf_printf(out, "| %s | %s (%s/s) |\n", label, v, w);
		break;
	case LG_RATE:
		lg_fmt_rate_pct(m->rate, v, sizeof(v));
		lg_buf_printf(out, "| %s | %s (%.0f of %.0f) |\n", label, v, m->passes,
		              m->passes + m->fails);
		break;
	case LG_TREND:
		lg_buf_printf(out, "| %s |", label);
		for (size_t i = 0; i < s->n_trend_stats; i++) {
			lg__humanize(m->stats[i], m->type, m->contains, s->time_unit, v, sizeof(v));
			lg_buf_printf(out, "%s %s=%s", i ? "," : "", s->trend_stats[i], v);
		}
		lg_buf_puts(out, " |\n");
		break;
	case LG_GAUGE:
		lg__humanize(m->value, m->type, m->contains, s->time_unit, v, sizeof(v));
		lg_buf_printf(out, "| %s | %s |\n", label, v);
		break;
	}
}

void lg_report_github_summary(const struct lg_summary *s, const char *script, struct lg_buf *out)
{
	const char *why = lg__exit_code_name(s->exit_code);
	bool any = false;

	lg_buf_printf(out, "## %s loadgate: %s\n\n",
	              s->exit_code == 0 ? "\xe2\x9c\x85" : "\xe2\x9d\x8c",
	              s->exit_code == 0 ? "passed" : "failed");
	lg_buf_printf(out, "`%s` — exit code %d%s%s, %.1f s\n\n", script ? script : "",
	              s->exit_code, why ? ": " : "", why ? why : "", s->duration_ms / 1000.0);
	for (size_t i = 0; i < s->n_metrics; i++) {
		const struct lg_summary_metric *m = &s->metrics[i];
		for (size_t k = 0; k < m->n_thresholds; k++) {
			const struct lg_summary_threshold *th = &m->thresholds[k];
			char *expr = lg__threshold_expr(th), *agg = lg__threshold_agg(th);
			char *val = lg__threshold_value(s, m, agg, th->observed);

			if (!any) {
				lg_buf_puts(
				    out,
				    "| | Metric | Threshold | Observed |\n|---|---|---|---|\n");
				any = true;
			}
			lg_buf_printf(out, "| %s | ", th->ok ? "\xe2\x9c\x85" : "\xe2\x9d\x8c");
			md_cell(out, m->name);
			lg_buf_puts(out, " | `");
			md_cell(out, expr);
			lg_buf_puts(out, "` | ");
			md_cell(out, agg);
			lg_buf_putc(out, '=');
			md_cell(out, val);
			lg_buf_puts(out, " |\n");
			free(expr);
			free(agg);
			free(val);
		}
	}
	if (any)
		lg_buf_putc(out, '\n');
	lg_buf_puts(out, "| Metric | Value |\n|---|---|\n");
	if (s->checks_passes + s->checks_fails > 0) {
		char pct[32];
		lg_fmt_rate_pct(s->checks_passes / (s->checks_passes + s->checks_fails), pct,
		                sizeof(pct));
		lg_buf_printf(out, "| checks | %s (%.0f of %.0f passed) |\n", pct, s->checks_passes,
		              s->checks_passes + s->checks_fails);
	}
	metric_row(out, s, "http_reqs", "http_reqs");
	metric_row(out, s, "http_req_failed", "http_req_failed");
	metric_row(out, s, "http_req_duration", "http_req_duration");
	metric_row(out, s, "iterations", "iterations");
	metric_row(out, s, "iteration_duration", "iteration_duration");
	metric_row(out, s, "vus_max", "vus_max");
	lg_buf_putc(out, '\n');
}

/* Workflow command data: %, CR and LF are escaped (properties also : and ,). */
static void gh_escape(struct lg_buf *out, const char *s, bool property)
{
	for (; *s; s++) {
		if (*s == '%')
			lg_buf_puts(out, "%25");
		else if (*s == '\r')
			lg_buf_puts(out, "%0D");
		else if (*s == '\n')
			lg_buf_puts(out, "%0A");
		else if (property && *s == ':')
			lg_buf_puts(out, "%3A");
		else if (property && *s == ',')
			lg_buf_puts(out, "%2C");
		else
			lg_buf_putc(out, *s);
	}
}

void lg_report_github_annotations(const struct lg_summary *s, struct lg_buf *out)
{
	for (size_t i = 0; i < s->n_metrics; i++) {
		const struct lg_summary_metric *m = &s->metrics[i];
		for (size_t k = 0; k < m->n_thresholds; k++) {
			const struct lg_summary_threshold *th = &m->thresholds[k];
			char *expr, *agg, *val, *title;

			if (th->ok)
				continue;
			expr = lg__threshold_expr(th);
			agg = lg__threshold_agg(th);
			val = lg__threshold_value(s, m, agg, th->observed);
			title = lg_xasprintf("Threshold failed: %s", m->name);
			lg_buf_puts(out, "::error title=");
			gh_escape(out, title, true);
			lg_buf_puts(out, "::");
			{
				char *msg = lg_xasprintf("%s %s: %s=%s", m->name, expr, agg, val);
				gh_escape(out, msg, false);
				free(msg);
			}
			lg_buf_putc(out, '\n');
			free(expr);
			free(agg);
			free(val);
			free(title);
		}
	}
}
