/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mod_jslib.c - the natives of the built-in equivalents of jslib.k6.io's
 * k6-utils (mod_k6utils.js: a secure UUID) and k6-summary (mod_k6summary.js:
 * textSummary and jUnit through loadgate's own renderers of src/report).
 *
 * DESIGN: textSummary(data) and jUnit(data) render the handleSummary `data`
 * they are given, not the run's summary, as k6's jslib does (scripts often
 * drop metrics from data first): data is turned back into a struct
 * lg_summary (the shape of lg_report_handle_summary_data), in the order of
 * its keys, which is loadgate's order when data came from loadgate.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "js_int.h"
#include "lg/summary.h"

/* ---- k6-utils ------------------------------------------------------------- */

/* natives.secureUuid() -> a UUID v4 from OpenSSL's CSPRNG */
static duk_ret_t n_secure_uuid(duk_context *ctx)
{
	unsigned char b[16];
	char out[37];
	size_t o = 0;

	if (RAND_bytes(b, (int)sizeof(b)) != 1)
		return duk_error(ctx, DUK_ERR_ERROR, "uuidv4(true): no random bytes available");
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		snprintf(out + o, sizeof(out) - o, "%02x", b[i]);
		o += 2;
	}
	duk_push_lstring(ctx, out, o);
	return 1;
}

void lg__js_k6utils_natives(duk_context *ctx)
{
	duk_push_object(ctx);
	duk_push_c_function(ctx, n_secure_uuid, 0);
	duk_put_prop_literal(ctx, -2, "secureUuid");
}

/* ---- k6-summary: data -> struct lg_summary -------------------------------- */

static double num_prop(duk_context *ctx, duk_idx_t idx, const char *key)
{
	double v = NAN;

	idx = duk_normalize_index(ctx, idx);
	if (idx == DUK_INVALID_INDEX || !duk_is_object(ctx, idx))
		return v;
	if (duk_get_prop_string(ctx, idx, key))
		v = duk_to_number(ctx, -1);
	duk_pop(ctx);
	return v;
}

static char *str_prop(duk_context *ctx, duk_idx_t idx, const char *key)
{
	char *s = NULL;

	if (!duk_is_object(ctx, idx))
		return lg_xstrdup("");
	if (duk_get_prop_string(ctx, idx, key) && !duk_is_null_or_undefined(ctx, -1))
		s = lg_xstrdup(duk_safe_to_string(ctx, -1));
	duk_pop(ctx);
	return s ? s : lg_xstrdup("");
}

/* The group object at the stack top into g (recursively, bounded depth). */
static void group_from(duk_context *ctx, struct lg_summary *s, struct lg_summary_group *g,
                       int depth)
{
	duk_idx_t top = duk_get_top_index(ctx);

	g->name = str_prop(ctx, top, "name");
	g->path = str_prop(ctx, top, "path");
	g->id = str_prop(ctx, top, "id");
	if (duk_get_prop_literal(ctx, top, "checks") && duk_is_array(ctx, -1)) {
		duk_size_t n = duk_get_length(ctx, -1);
		g->checks = lg_xcalloc(n ? n : 1, sizeof(*g->checks));
		for (duk_size_t i = 0; i < n; i++) {
			struct lg_summary_check *c = &g->checks[g->n_checks++];
			duk_get_prop_index(ctx, -1, (duk_uarridx_t)i);
			c->name = str_prop(ctx, -1, "name");
			c->path = str_prop(ctx, -1, "path");
			c->id = str_prop(ctx, -1, "id");
			c->passes = num_prop(ctx, -1, "passes");
			c->fails = num_prop(ctx, -1, "fails");
			c->passes = isnan(c->passes) ? 0 : c->passes;
			c->fails = isnan(c->fails) ? 0 : c->fails;
			s->checks_passes += c->passes;
			s->checks_fails += c->fails;
			duk_pop(ctx);
		}
	}
	duk_pop(ctx);
	if (depth < 32 && duk_get_prop_literal(ctx, top, "groups") && duk_is_array(ctx, -1)) {
		duk_size_t n = duk_get_length(ctx, -1);
		g->groups = lg_xcalloc(n ? n : 1, sizeof(*g->groups));
		for (duk_size_t i = 0; i < n; i++) {
			duk_get_prop_index(ctx, -1, (duk_uarridx_t)i);
			group_from(ctx, s, &g->groups[g->n_groups++], depth + 1);
			duk_pop(ctx);
		}
	}
	duk_pop(ctx);
}

static int type_of(const char *t)
{
	static const char *const names[] = { "counter", "gauge", "rate", "trend" };

	for (int i = 0; i < 4; i++)
		if (strcmp(t, names[i]) == 0)
			return i;
	return -1;
}

/* k6: source.split(/[=><]/)[0].trim() -- the aggregation a threshold tests. */
static char *threshold_agg(const char *expr)
{
	size_t n = strcspn(expr, "=><");

	while (n > 0 && (expr[n - 1] == ' ' || expr[n - 1] == '\t'))
		n--;
	while (n > 0 && (*expr == ' ' || *expr == '\t')) {
		expr++;
		n--;
	}
	return lg_xstrndup(expr, n);
}

/* The metric object at the stack top, named name, into m. */
static void metric_from(duk_context *ctx, struct lg_summary *s, struct lg_summary_metric *m,
                        const char *name)
{
	duk_idx_t top = duk_get_top_index(ctx);
	char *t = str_prop(ctx, top, "type"), *c = str_prop(ctx, top, "contains");
	const char *brace = strchr(name, '{');
	duk_idx_t values;

	m->name = lg_xstrdup(name);
	if (brace && name[strlen(name) - 1] == '}') {
		m->parent = lg_xstrndup(name, (size_t)(brace - name));
		m->suffix = lg_xstrndup(brace + 1, strlen(brace + 1) - 1);
	}
	m->type = type_of(t) < 0 ? LG_COUNTER : (enum lg_metric_type)type_of(t);
	m->contains = strcmp(c, "time") == 0   ? LG_CONTAINS_TIME
	              : strcmp(c, "data") == 0 ? LG_CONTAINS_DATA
	                                       : LG_CONTAINS_DEFAULT;
	free(t);
	free(c);
	duk_get_prop_literal(ctx, top, "values");
	values = duk_get_top_index(ctx);
	m->count = num_prop(ctx, values, "count");
	m->rate = num_prop(ctx, values, "rate");
	m->value = num_prop(ctx, values, "value");
	m->min = num_prop(ctx, values, "min");
	m->max = num_prop(ctx, values, "max");
	m->passes = num_prop(ctx, values, "passes");
	m->fails = num_prop(ctx, values, "fails");
	m->stats = lg_xcalloc(s->n_trend_stats ? s->n_trend_stats : 1, sizeof(double));
	for (size_t i = 0; i < s->n_trend_stats; i++)
		m->stats[i] = num_prop(ctx, values, s->trend_stats[i]);
	if (duk_get_prop_literal(ctx, top, "thresholds") && duk_is_object(ctx, -1)) {
		duk_enum(ctx, -1, DUK_ENUM_OWN_PROPERTIES_ONLY);
		while (duk_next(ctx, -1, 1)) {
			struct lg_summary_threshold *th;
			m->thresholds = lg_xrealloc(m->thresholds,
			                            (m->n_thresholds + 1) * sizeof(*m->thresholds));
			th = &m->thresholds[m->n_thresholds++];
			memset(th, 0, sizeof(*th));
			th->expr = lg_xstrdup(duk_safe_to_string(ctx, -2));
			if (duk_is_object(ctx, -1)) {
				duk_get_prop_literal(ctx, -1, "ok");
				th->ok = duk_to_boolean(ctx, -1);
				duk_pop(ctx);
			}
			th->agg = threshold_agg(th->expr);
			th->observed = num_prop(ctx, values, th->agg);
			if (!th->ok)
				s->thresholds_failed = true;
			duk_pop_2(ctx);
		}
		duk_pop(ctx);
	}
	duk_pop_2(ctx);
}

/*
 * data (handleSummary's argument) at idx into a new summary; opts at
 * opts_idx may override summaryTrendStats and summaryTimeUnit, as jslib's.
 */
static struct lg_summary *summary_from(duk_context *ctx, duk_idx_t idx, duk_idx_t opts_idx)
{
	struct lg_summary *s;
	duk_idx_t top;

	if (!duk_is_object(ctx, idx))
		(void)duk_type_error(ctx, "the summary data must be the object handleSummary gets");
	s = lg_xcalloc(1, sizeof(*s));
	duk_get_prop_literal(ctx, idx, "state");
	s->duration_ms = num_prop(ctx, -1, "testRunDurationMs");
	if (isnan(s->duration_ms))
		s->duration_ms = 0;
	duk_pop(ctx);
	/* trend stats and time unit: the options argument, else data.options */
	duk_get_prop_literal(ctx, idx, "options");
	top = duk_get_top_index(ctx);
	for (int pass = 0; pass < 2; pass++) {
		duk_idx_t from = pass == 0 ? opts_idx : top;
		if (from == DUK_INVALID_INDEX || !duk_is_object(ctx, from))
			continue;
		duk_get_prop_literal(ctx, from, "summaryTrendStats");
		if (!s->trend_stats && duk_is_array(ctx, -1)) {
			duk_size_t n = duk_get_length(ctx, -1);
			s->trend_stats = lg_xcalloc(n ? n : 1, sizeof(char *));
			for (duk_size_t i = 0; i < n && i < 64; i++) {
				duk_get_prop_index(ctx, -1, (duk_uarridx_t)i);
				s->trend_stats[s->n_trend_stats++] =
				    lg_xstrdup(duk_safe_to_string(ctx, -1));
				duk_pop(ctx);
			}
		}
		duk_pop(ctx);
		duk_get_prop_literal(ctx, from, "summaryTimeUnit");
		if (!s->time_unit && duk_is_string(ctx, -1) && duk_get_length(ctx, -1) > 0)
			s->time_unit = lg_xstrdup(duk_get_string(ctx, -1));
		duk_pop(ctx);
	}
	duk_pop(ctx);
	if (!s->trend_stats) {
		static const char *const def[] = { "avg", "min", "med", "max", "p(90)", "p(95)" };
		s->trend_stats = lg_xcalloc(LG_ARRAY_SIZE(def), sizeof(char *));
		for (size_t i = 0; i < LG_ARRAY_SIZE(def); i++)
			s->trend_stats[s->n_trend_stats++] = lg_xstrdup(def[i]);
	}
	if (duk_get_prop_literal(ctx, idx, "metrics") && duk_is_object(ctx, -1)) {
		duk_enum(ctx, -1, DUK_ENUM_OWN_PROPERTIES_ONLY);
		while (duk_next(ctx, -1, 1)) {
			if (duk_is_object(ctx, -1) && s->n_metrics < 100000) {
				s->metrics = lg_xrealloc(s->metrics,
				                         (s->n_metrics + 1) * sizeof(*s->metrics));
				memset(&s->metrics[s->n_metrics], 0, sizeof(*s->metrics));
				metric_from(ctx, s, &s->metrics[s->n_metrics++],
				            duk_safe_to_string(ctx, -2));
			}
			duk_pop_2(ctx);
		}
		duk_pop(ctx);
	}
	duk_pop(ctx);
	if (duk_get_prop_literal(ctx, idx, "root_group") && duk_is_object(ctx, -1))
		group_from(ctx, s, &s->root, 0);
	if (!s->root.name) {
		s->root.name = lg_xstrdup("");
		s->root.path = lg_xstrdup("");
		s->root.id = lg_xstrdup("");
	}
	duk_pop(ctx);
	lg_summary_set_exit_code(s, 0);
	return s;
}

/*
 * natives.textSummary(data, options, indent, colors) -> the text summary as
 * loadgate prints it ("\n\n" + summary + "\n\n\n"), each line's first
 * space replaced by indent (loadgate's own output is indent " ").
 */
static duk_ret_t n_text_summary(duk_context *ctx)
{
	const char *indent = duk_require_string(ctx, 2);
	struct lg_summary *s = summary_from(ctx, 0, 1);
	struct lg_buf text = { 0 }, out = { 0 };
	const char *p, *end;

	s->no_color = !duk_to_boolean(ctx, 3);
	lg_report_text(s, &text);
	lg_summary_free(s);
	lg_buf_puts(&out, "\n\n");
	p = text.data ? text.data : "";
	end = p + text.len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
		if (n > 1 && *p == ' ') {
			lg_buf_puts(&out, indent);
			lg_buf_append(&out, p + 1, n - 1);
		} else {
			lg_buf_append(&out, p, n);
		}
		p += n;
	}
	lg_buf_puts(&out, "\n\n\n");
	duk_push_lstring(ctx, out.data, out.len);
	lg_buf_free(&text);
	lg_buf_free(&out);
	return 1;
}

/* natives.jUnit(data, name) -> loadgate's JUnit XML; name replaces the
 * <testsuites> name "loadgate" when not empty. */
static duk_ret_t n_junit(duk_context *ctx)
{
	const char *name = duk_require_string(ctx, 1);
	struct lg_summary *s = summary_from(ctx, 0, DUK_INVALID_INDEX);
	struct lg_buf xml = { 0 };
	static const char mark[] = "<testsuites name=\"loadgate\"";
	char *at;

	lg_report_junit(s, &xml);
	lg_summary_free(s);
	at = xml.data ? strstr(xml.data, mark) : NULL;
	if (at && name[0]) {
		struct lg_buf out = { 0 };
		lg_buf_append(&out, xml.data, (size_t)(at - xml.data));
		lg_buf_puts(&out, "<testsuites name=\"");
		for (const char *c = name; *c; c++) {
			switch (*c) {
			case '&':
				lg_buf_puts(&out, "&amp;");
				break;
			case '<':
				lg_buf_puts(&out, "&lt;");
				break;
			case '>':
				lg_buf_puts(&out, "&gt;");
				break;
			case '"':
				lg_buf_puts(&out, "&quot;");
				break;
			default:
				if ((unsigned char)*c >= 0x20)
					lg_buf_putc(&out, *c);
			}
		}
		lg_buf_putc(&out, '"');
		lg_buf_puts(&out, at + sizeof(mark) - 1);
		duk_push_lstring(ctx, out.data, out.len);
		lg_buf_free(&out);
	} else {
		duk_push_lstring(ctx, xml.data ? xml.data : "", xml.len);
	}
	lg_buf_free(&xml);
	return 1;
}

void lg__js_k6summary_natives(duk_context *ctx)
{
	duk_push_object(ctx);
	duk_push_c_function(ctx, n_text_summary, 4);
	duk_put_prop_literal(ctx, -2, "textSummary");
	duk_push_c_function(ctx, n_junit, 2);
	duk_put_prop_literal(ctx, -2, "jUnit");
}
