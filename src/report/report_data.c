/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report_data.c - handleSummary's `data` (k6 reference 6.4) and the
 * --summary-json file, which is that data plus a "loadgate" member.
 *
 * Shape of `data`: root_group {name, path, id, groups: [...], checks:
 * [{name, path, id, passes, fails}]}, options {summaryTrendStats,
 * summaryTimeUnit, noColor}, state {isStdOutTTY, isStdErrTTY,
 * testRunDurationMs}, metrics {name: {type, contains, values, thresholds:
 * {source: {ok}}}}, setup_data.  Key order (k6 leaves it to Go maps):
 * root_group, options, state, metrics, setup_data, loadgate; values in the
 * order of docs/REPORTS.md.  Written with report_json.c's 4-space writer.
 *
 * The loadgate member: version, verdict, exit_code, fail_on_check,
 * properties, thresholds [{metric, expr, ok, observed}] in summary order, and
 * histograms {metric: lg_hist_to_json()} for every trend that has one, so
 * that runs can later be merged and thresholds re-evaluated on the whole.
 * handleSummary does not get it: scripts see exactly k6's shape, and VU
 * heaps do not carry histogram state.
 */
#include <stdbool.h>
#include <string.h>

#include "lg/summary.h"
#include "report_int.h"

static void bool_member(struct lg_buf *b, int depth, bool *first, const char *key, bool v)
{
	lg__jw_member(b, depth, first, key);
	lg_buf_puts(b, v ? "true" : "false");
}

static void write_group_data(struct lg_buf *b, const struct lg_summary_group *g, int depth)
{
	bool first = true, f2;

	lg_buf_putc(b, '{');
	lg__jw_str_member(b, depth + 1, &first, "name", g->name);
	lg__jw_str_member(b, depth + 1, &first, "path", g->path);
	lg__jw_str_member(b, depth + 1, &first, "id", g->id);

	lg__jw_member(b, depth + 1, &first, "groups");
	lg_buf_putc(b, '[');
	f2 = true;
	for (size_t i = 0; i < g->n_groups; i++) {
		lg__jw_element(b, depth + 2, &f2);
		write_group_data(b, &g->groups[i], depth + 2);
	}
	lg__jw_close(b, depth + 1, f2, ']');

	lg__jw_member(b, depth + 1, &first, "checks");
	lg_buf_putc(b, '[');
	f2 = true;
	for (size_t i = 0; i < g->n_checks; i++) {
		lg__jw_element(b, depth + 2, &f2);
		lg__jw_check(b, depth + 2, &g->checks[i]);
	}
	lg__jw_close(b, depth + 1, f2, ']');
	lg__jw_close(b, depth, false, '}');
}

static void write_metric_data(struct lg_buf *b, const struct lg_summary *s,
                              const struct lg_summary_metric *m, int depth)
{
	bool first = true, f2 = true;

	lg_buf_putc(b, '{');
	lg__jw_str_member(b, depth + 1, &first, "type", lg_metric_type_name(m->type));
	lg__jw_str_member(b, depth + 1, &first, "contains", lg_metric_contains_name(m->contains));
	lg__jw_member(b, depth + 1, &first, "values");
	lg_buf_putc(b, '{');
	switch (m->type) {
	case LG_COUNTER:
		lg__jw_num_member(b, depth + 2, &f2, "count", m->count);
		lg__jw_num_member(b, depth + 2, &f2, "rate", m->rate);
		break;
	case LG_GAUGE:
		lg__jw_num_member(b, depth + 2, &f2, "value", m->value);
		lg__jw_num_member(b, depth + 2, &f2, "min", m->min);
		lg__jw_num_member(b, depth + 2, &f2, "max", m->max);
		break;
	case LG_RATE:
		lg__jw_num_member(b, depth + 2, &f2, "rate", m->rate);
		lg__jw_num_member(b, depth + 2, &f2, "passes", m->passes);
		lg__jw_num_member(b, depth + 2, &f2, "fails", m->fails);
		break;
	case LG_TREND:
		for (size_t i = 0; i < s->n_trend_stats; i++)
			lg__jw_num_member(b, depth + 2, &f2, s->trend_stats[i],
			                  m->stats ? m->stats[i] : 0);
		break;
	}
	lg__jw_close(b, depth + 1, f2, '}');
	if (m->n_thresholds) {
		lg__jw_member(b, depth + 1, &first, "thresholds");
		lg_buf_putc(b, '{');
		f2 = true;
		for (size_t i = 0; i < m->n_thresholds; i++) {
			bool f3 = true;

			lg__jw_member(b, depth + 2, &f2,
			              m->thresholds[i].expr ? m->thresholds[i].expr : "");
			lg_buf_putc(b, '{');
			bool_member(b, depth + 3, &f3, "ok", m->thresholds[i].ok);
			lg__jw_close(b, depth + 2, false, '}');
		}
		lg__jw_close(b, depth + 1, f2, '}');
	}
	lg__jw_close(b, depth, false, '}');
}

static void write_loadgate(struct lg_buf *b, const struct lg_summary *s, int depth)
{
	bool first = true, f2 = true;

	lg_buf_putc(b, '{');
	lg__jw_member(b, depth + 1, &first, "version");
	if (s->version)
		lg__json_string(b, s->version);
	else
		lg_buf_puts(b, "null");
	lg__jw_str_member(b, depth + 1, &first, "verdict", lg_summary_verdict(s));
	lg__jw_num_member(b, depth + 1, &first, "exit_code", s->exit_code);
	bool_member(b, depth + 1, &first, "fail_on_check", s->fail_on_check);

	lg__jw_member(b, depth + 1, &first, "properties");
	lg_buf_putc(b, '{');
	for (size_t i = 0; i < s->n_properties; i++)
		lg__jw_str_member(b, depth + 2, &f2, s->properties[i].key, s->properties[i].value);
	lg__jw_close(b, depth + 1, f2, '}');

	lg__jw_member(b, depth + 1, &first, "thresholds");
	lg_buf_putc(b, '[');
	f2 = true;
	for (size_t i = 0; i < s->n_metrics; i++) {
		const struct lg_summary_metric *m = &s->metrics[i];

		for (size_t j = 0; j < m->n_thresholds; j++) {
			bool f3 = true;

			lg__jw_element(b, depth + 2, &f2);
			lg_buf_putc(b, '{');
			lg__jw_str_member(b, depth + 3, &f3, "metric", m->name);
			lg__jw_str_member(b, depth + 3, &f3, "expr", m->thresholds[j].expr);
			bool_member(b, depth + 3, &f3, "ok", m->thresholds[j].ok);
			lg__jw_num_member(b, depth + 3, &f3, "observed", m->thresholds[j].observed);
			lg__jw_close(b, depth + 2, false, '}');
		}
	}
	lg__jw_close(b, depth + 1, f2, ']');

	lg__jw_member(b, depth + 1, &first, "histograms");
	lg_buf_putc(b, '{');
	f2 = true;
	for (size_t i = 0; i < s->n_metrics; i++) {
		if (!s->metrics[i].hist)
			continue;
		lg__jw_member(b, depth + 2, &f2, s->metrics[i].name);
		lg_hist_to_json(s->metrics[i].hist, b);
	}
	lg__jw_close(b, depth + 1, f2, '}');
	lg__jw_close(b, depth, false, '}');
}

static void write_data(const struct lg_summary *s, struct lg_buf *out, bool loadgate)
{
	bool first = true, f2 = true;

	lg_buf_putc(out, '{');
	lg__jw_member(out, 1, &first, "root_group");
	write_group_data(out, &s->root, 1);

	lg__jw_member(out, 1, &first, "options");
	lg_buf_putc(out, '{');
	lg__jw_member(out, 2, &f2, "summaryTrendStats");
	lg_buf_putc(out, '[');
	{
		bool f3 = true;

		for (size_t i = 0; i < s->n_trend_stats; i++) {
			lg__jw_element(out, 3, &f3);
			lg__json_string(out, s->trend_stats[i]);
		}
		lg__jw_close(out, 2, f3, ']');
	}
	lg__jw_str_member(out, 2, &f2, "summaryTimeUnit", s->time_unit ? s->time_unit : "");
	bool_member(out, 2, &f2, "noColor", s->no_color);
	lg__jw_close(out, 1, false, '}');

	lg__jw_member(out, 1, &first, "state");
	lg_buf_putc(out, '{');
	f2 = true;
	bool_member(out, 2, &f2, "isStdOutTTY", s->stdout_tty);
	bool_member(out, 2, &f2, "isStdErrTTY", s->stderr_tty);
	lg__jw_num_member(out, 2, &f2, "testRunDurationMs", s->duration_ms);
	lg__jw_close(out, 1, false, '}');

	lg__jw_member(out, 1, &first, "metrics");
	lg_buf_putc(out, '{');
	f2 = true;
	for (size_t i = 0; i < s->n_metrics; i++) {
		lg__jw_member(out, 2, &f2, s->metrics[i].name);
		write_metric_data(out, s, &s->metrics[i], 2);
	}
	lg__jw_close(out, 1, f2, '}');

	if (s->setup_data_json) {
		struct lg_buf v = { 0 };

		if (lg__jw_setup_data(&v, s->setup_data_json, 1)) {
			lg__jw_member(out, 1, &first, "setup_data");
			lg_buf_append(out, v.data, v.len);
		}
		lg_buf_free(&v);
	}
	if (loadgate) {
		lg__jw_member(out, 1, &first, "loadgate");
		write_loadgate(out, s, 1);
	}
	lg__jw_close(out, 0, false, '}');
}

void lg_report_handle_summary_data(const struct lg_summary *s, struct lg_buf *out)
{
	write_data(s, out, false);
}

void lg_report_summary_json(const struct lg_summary *s, struct lg_buf *out)
{
	write_data(s, out, true);
	lg_buf_putc(out, '\n');
}
