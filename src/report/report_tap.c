/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report_tap.c - the summary as TAP version 14 (testanything.org/tap-version-14-specification):
 *
 *   TAP version 14
 *   # loadgate 0.1.0: failed (exit code 99: thresholds have failed)
 *   # run time: 10.41s
 *   # vus: 10                            (one comment per run property)
 *   1..4
 *   ok 1 - http_req_duration: p(95)<500
 *     ---
 *     metric: "http_req_duration"
 *     ...
 *     ...
 *   not ok 3 - check: login::auth::body has id # TODO not fatal without --fail-on-check
 *
 * DESIGN
 *   One test point per threshold (summary order) and per check path (group
 *   tree order), then a "run" point when the run failed on its own (an exit
 *   code other than 0 and 99), so the TAP's pass/fail matches the exit code:
 *   a failed check without --fail-on-check carries a TODO directive, which
 *   TAP consumers report but do not count as a failure.
 *
 *   Descriptions escape '\' and '#' (TAP 14) and lose line breaks; YAML
 *   blocks use double-quoted strings for all text (escaped as YAML 1.2
 *   requires) and plain numbers, .nan/.inf for the non-finite ones.  Only
 *   constructs TAP 13 also has are used (no subtests, no pragmas), so TAP 13
 *   harnesses read it once told the version is 13; the tests run Perl's
 *   prove that way.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg/summary.h"
#include "report_int.h"

struct tap {
	struct lg_buf *out;
	struct lg_buf tmp;
	int n; /* test points written */
};

/* Text for a description or a comment: one line, TAP-escaped. */
static void put_desc(struct tap *t, const char *s)
{
	lg_buf_reset(&t->tmp);
	lg__clean_text(&t->tmp, s ? s : "");
	for (size_t i = 0; i < t->tmp.len; i++) {
		char c = t->tmp.data[i];

		if (c == '\\' || c == '#')
			lg_buf_putc(t->out, '\\');
		lg_buf_putc(t->out, c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
	}
}

/* A YAML 1.2 double-quoted scalar. */
static void yaml_str(struct tap *t, const char *s)
{
	lg_buf_reset(&t->tmp);
	lg__clean_text(&t->tmp, s ? s : "");
	lg_buf_putc(t->out, '"');
	for (size_t i = 0; i < t->tmp.len; i++) {
		char c = t->tmp.data[i];

		switch (c) {
		case '"':
			lg_buf_puts(t->out, "\\\"");
			break;
		case '\\':
			lg_buf_puts(t->out, "\\\\");
			break;
		case '\n':
			lg_buf_puts(t->out, "\\n");
			break;
		case '\r':
			lg_buf_puts(t->out, "\\r");
			break;
		case '\t':
			lg_buf_puts(t->out, "\\t");
			break;
		default:
			lg_buf_putc(t->out, c);
		}
	}
	lg_buf_putc(t->out, '"');
}

static void yaml_num(struct tap *t, double v)
{
	char buf[LG__JS_NUMBUF];

	if (isnan(v)) {
		lg_buf_puts(t->out, ".nan");
		return;
	}
	if (isinf(v)) {
		lg_buf_puts(t->out, v > 0 ? ".inf" : "-.inf");
		return;
	}
	lg__js_number(v, buf, sizeof(buf));
	lg_buf_puts(t->out, buf);
}

static void key_str(struct tap *t, const char *key, const char *v)
{
	lg_buf_printf(t->out, "  %s: ", key);
	yaml_str(t, v);
	lg_buf_putc(t->out, '\n');
}

static void key_num(struct tap *t, const char *key, double v)
{
	lg_buf_printf(t->out, "  %s: ", key);
	yaml_num(t, v);
	lg_buf_putc(t->out, '\n');
}

static void key_bool(struct tap *t, const char *key, bool v)
{
	lg_buf_printf(t->out, "  %s: %s\n", key, v ? "true" : "false");
}

/* ---- test points ------------------------------------------------------------ */

static void threshold_point(struct tap *t, const struct lg_summary *s,
                            const struct lg_summary_metric *m,
                            const struct lg_summary_threshold *th)
{
	char *expr = lg__threshold_expr(th), *agg = lg__threshold_agg(th);
	char *val = lg__threshold_value(s, m, agg, th->observed);
	char *desc = lg_xasprintf("%s: %s", m->name, expr);
	char *shown = lg_xasprintf("%s=%s", agg, val);

	lg_buf_printf(t->out, "%s %d - ", th->ok ? "ok" : "not ok", ++t->n);
	put_desc(t, desc);
	lg_buf_puts(t->out, "\n  ---\n");
	key_str(t, "type", "threshold");
	key_str(t, "metric", m->name);
	key_str(t, "threshold", expr);
	key_bool(t, "ok", th->ok);
	key_str(t, "aggregation", agg);
	key_num(t, "observed", th->observed);
	key_str(t, "shown", shown);
	lg_buf_puts(t->out, "  ...\n");
	free(shown);
	free(desc);
	free(val);
	free(agg);
	free(expr);
}

static void check_points(struct tap *t, const struct lg_summary *s,
                         const struct lg_summary_group *g)
{
	for (size_t i = 0; i < g->n_checks; i++) {
		const struct lg_summary_check *c = &g->checks[i];
		double total = c->passes + c->fails;
		const char *path = c->path;
		char pct[32];

		if (strncmp(path, "::", 2) == 0)
			path += 2;
		lg_buf_printf(t->out, "%s %d - check: ", c->fails > 0 ? "not ok" : "ok", ++t->n);
		put_desc(t, path);
		if (c->fails > 0 && !s->fail_on_check)
			lg_buf_puts(t->out, " # TODO not fatal without --fail-on-check");
		lg_buf_puts(t->out, "\n  ---\n");
		lg_fmt_rate_pct(total > 0 ? c->passes / total : 0, pct, sizeof(pct));
		key_str(t, "type", "check");
		key_str(t, "name", c->name);
		key_str(t, "path", c->path);
		key_num(t, "passes", c->passes);
		key_num(t, "fails", c->fails);
		key_str(t, "passed", pct);
		key_bool(t, "fatal", s->fail_on_check);
		lg_buf_puts(t->out, "  ...\n");
	}
	for (size_t i = 0; i < g->n_groups; i++)
		check_points(t, s, &g->groups[i]);
}

static size_t count_checks(const struct lg_summary_group *g)
{
	size_t n = g->n_checks;

	for (size_t i = 0; i < g->n_groups; i++)
		n += count_checks(&g->groups[i]);
	return n;
}

void lg_report_tap(const struct lg_summary *s, struct lg_buf *out)
{
	struct tap t = { .out = out };
	size_t n = count_checks(&s->root);
	bool run_failed = s->exit_code != 0 && s->exit_code != lg_err_exit_code(LG_ETHRESHOLDS);
	const char *what = lg__exit_code_name(s->exit_code);
	char dur[64];

	for (size_t i = 0; i < s->n_metrics; i++)
		n += s->metrics[i].n_thresholds;
	n += run_failed;

	lg_buf_puts(out, "TAP version 14\n# loadgate");
	if (s->version) {
		lg_buf_putc(out, ' ');
		put_desc(&t, s->version);
	}
	lg_buf_printf(out, ": %s (exit code %d", lg_summary_verdict(s), s->exit_code);
	if (s->exit_code && what)
		lg_buf_printf(out, ": %s", what);
	lg_buf_puts(out, ")\n");
	lg_fmt_duration_ms(s->duration_ms, NULL, dur, sizeof(dur));
	lg_buf_printf(out, "# run time: %s\n", dur);
	for (size_t i = 0; i < s->n_properties; i++) {
		lg_buf_puts(out, "# ");
		put_desc(&t, s->properties[i].key);
		lg_buf_puts(out, ": ");
		put_desc(&t, s->properties[i].value);
		lg_buf_putc(out, '\n');
	}
	if (n == 0)
		lg_buf_puts(out, "1..0 # SKIP no thresholds and no checks\n");
	else
		lg_buf_printf(out, "1..%zu\n", n);

	for (size_t i = 0; i < s->n_metrics; i++)
		for (size_t k = 0; k < s->metrics[i].n_thresholds; k++)
			threshold_point(&t, s, &s->metrics[i], &s->metrics[i].thresholds[k]);
	check_points(&t, s, &s->root);
	if (run_failed) {
		lg_buf_printf(out, "not ok %d - run: exit code %d", ++t.n, s->exit_code);
		if (what)
			lg_buf_printf(out, " (%s)", what);
		lg_buf_putc(out, '\n');
	}
	LG_DASSERT((size_t)t.n == n);
	lg_buf_free(&t.tmp);
}
