/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report_json.c - k6's legacy --summary-export file (reference 6.5).
 *
 * k6 produces it in summary-wrapper.js: JSON.stringify(results, null, 4) of
 * the handleSummary data with `options` and `state` removed, each metric
 * replaced by its `values` (plus `thresholds: {expr: failed}`), a Rate's
 * `rate` renamed `value`, and the groups/checks arrays turned into objects
 * keyed by name.  Numbers print as JavaScript prints them, NaN and Infinity
 * as null, and there is no trailing newline.
 *
 * Key order: k6 builds these objects from Go maps, whose order it does not
 * fix; this writer uses one stable order: root_group, metrics (summary
 * order), setup_data; group keys name, path, id, groups, checks; metric values
 * in k6's natural order (counter count, rate; gauge value, min, max; rate
 * passes, fails, value; trend summaryTrendStats order), `thresholds` placed
 * where the wrapper's assignments put it (after the values, before a Rate's
 * renamed `value`).
 *
 * The same file renders handleSummary's `data` (reference 6.4: groups and
 * checks as arrays, `options`, `state`, metrics as {type, contains, values,
 * thresholds {expr: {ok}}}) and --summary-json, which is that data plus a
 * "loadgate" member (verdict, thresholds with observed values, histogram
 * state for merging runs).  Same key-order policy: root_group, options,
 * state, metrics, setup_data, loadgate.
 *
 * setup_data is setup()'s JSON re-parsed and re-printed at the right depth,
 * as k6 does (json.Unmarshal then JSON.stringify): numbers are normalised
 * (1.0 -> 1, 1e2 -> 100), strings re-escaped; unparsable text or a number
 * out of double range drops the key, like k6's Unmarshal error path.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg/summary.h"
#include "report_int.h"

#define JSON_INDENT 4
#define SETUP_MAX_DEPTH 1000

void lg__jw_spaces(struct lg_buf *b, int depth)
{
	for (int i = 0; i < depth * JSON_INDENT; i++)
		lg_buf_putc(b, ' ');
}

/* Start a member of an object whose members sit at `depth`. */
void lg__jw_member(struct lg_buf *b, int depth, bool *first, const char *key)
{
	lg_buf_puts(b, *first ? "\n" : ",\n");
	*first = false;
	lg__jw_spaces(b, depth);
	lg__json_string(b, key);
	lg_buf_puts(b, ": ");
}

void lg__jw_element(struct lg_buf *b, int depth, bool *first)
{
	lg_buf_puts(b, *first ? "\n" : ",\n");
	*first = false;
	lg__jw_spaces(b, depth);
}

/* Close an object or array whose own line is at `depth`. */
void lg__jw_close(struct lg_buf *b, int depth, bool empty, char c)
{
	if (!empty) {
		lg_buf_putc(b, '\n');
		lg__jw_spaces(b, depth);
	}
	lg_buf_putc(b, c);
}

void lg__jw_number(struct lg_buf *b, double v)
{
	char buf[LG__JS_NUMBUF];

	if (!isfinite(v)) {
		lg_buf_puts(b, "null");
		return;
	}
	lg__js_number(v, buf, sizeof(buf));
	lg_buf_puts(b, buf);
}

void lg__jw_num_member(struct lg_buf *b, int depth, bool *first, const char *key, double v)
{
	lg__jw_member(b, depth, first, key);
	lg__jw_number(b, v);
}

void lg__jw_str_member(struct lg_buf *b, int depth, bool *first, const char *key, const char *v)
{
	lg__jw_member(b, depth, first, key);
	lg__json_string(b, v ? v : "");
}

void lg__jw_check(struct lg_buf *b, int depth, const struct lg_summary_check *c)
{
	bool first = true;

	lg_buf_putc(b, '{');
	lg__jw_str_member(b, depth + 1, &first, "name", c->name);
	lg__jw_str_member(b, depth + 1, &first, "path", c->path);
	lg__jw_str_member(b, depth + 1, &first, "id", c->id);
	lg__jw_num_member(b, depth + 1, &first, "passes", c->passes);
	lg__jw_num_member(b, depth + 1, &first, "fails", c->fails);
	lg__jw_close(b, depth, false, '}');
}

/* ---- groups ------------------------------------------------------------ */

static void write_group(struct lg_buf *b, const struct lg_summary_group *g, int depth)
{
	bool first = true, f2;

	lg_buf_putc(b, '{');
	lg__jw_str_member(b, depth + 1, &first, "name", g->name);
	lg__jw_str_member(b, depth + 1, &first, "path", g->path);
	lg__jw_str_member(b, depth + 1, &first, "id", g->id);

	lg__jw_member(b, depth + 1, &first, "groups");
	lg_buf_putc(b, '{');
	f2 = true;
	for (size_t i = 0; i < g->n_groups; i++) {
		lg__jw_member(b, depth + 2, &f2, g->groups[i].name);
		write_group(b, &g->groups[i], depth + 2);
	}
	lg__jw_close(b, depth + 1, f2, '}');

	lg__jw_member(b, depth + 1, &first, "checks");
	lg_buf_putc(b, '{');
	f2 = true;
	for (size_t i = 0; i < g->n_checks; i++) {
		lg__jw_member(b, depth + 2, &f2, g->checks[i].name);
		lg__jw_check(b, depth + 2, &g->checks[i]);
	}
	lg__jw_close(b, depth + 1, f2, '}');
	lg__jw_close(b, depth, false, '}');
}

/* ---- metrics ----------------------------------------------------------- */

static void thresholds_member(struct lg_buf *b, int depth, bool *first,
                              const struct lg_summary_metric *m)
{
	bool f2 = true;

	if (!m->n_thresholds)
		return;
	lg__jw_member(b, depth, first, "thresholds");
	lg_buf_putc(b, '{');
	for (size_t i = 0; i < m->n_thresholds; i++) {
		lg__jw_member(b, depth + 1, &f2,
		              m->thresholds[i].expr ? m->thresholds[i].expr : "");
		/* inverted on purpose: true means the threshold FAILED */
		lg_buf_puts(b, m->thresholds[i].ok ? "false" : "true");
	}
	lg__jw_close(b, depth, f2, '}');
}

static void write_metric(struct lg_buf *b, const struct lg_summary *s,
                         const struct lg_summary_metric *m, int depth)
{
	bool first = true;

	lg_buf_putc(b, '{');
	switch (m->type) {
	case LG_COUNTER:
		lg__jw_num_member(b, depth + 1, &first, "count", m->count);
		lg__jw_num_member(b, depth + 1, &first, "rate", m->rate);
		thresholds_member(b, depth + 1, &first, m);
		break;
	case LG_GAUGE:
		lg__jw_num_member(b, depth + 1, &first, "value", m->value);
		lg__jw_num_member(b, depth + 1, &first, "min", m->min);
		lg__jw_num_member(b, depth + 1, &first, "max", m->max);
		thresholds_member(b, depth + 1, &first, m);
		break;
	case LG_RATE:
		lg__jw_num_member(b, depth + 1, &first, "passes", m->passes);
		lg__jw_num_member(b, depth + 1, &first, "fails", m->fails);
		thresholds_member(b, depth + 1, &first, m);
		lg__jw_num_member(b, depth + 1, &first, "value", m->rate);
		break;
	case LG_TREND:
		for (size_t i = 0; i < s->n_trend_stats; i++)
			lg__jw_num_member(b, depth + 1, &first, s->trend_stats[i],
			                  m->stats ? m->stats[i] : 0);
		thresholds_member(b, depth + 1, &first, m);
		break;
	}
	lg__jw_close(b, depth, first, '}');
}

/* ---- setup_data: parse and re-print ------------------------------------ */

struct jp {
	const char *p, *end;
};

static void jp_ws(struct jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static int hex4(const char *p, unsigned *out)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/* A JSON string literal at j->p, decoded to UTF-8 into *dec. */
static int jp_string(struct jp *j, struct lg_buf *dec)
{
	if (j->p >= j->end || *j->p != '"')
		return -1;
	j->p++;
	while (j->p < j->end && *j->p != '"') {
		unsigned char c = (unsigned char)*j->p;
		unsigned cp, lo;

		if (c < 0x20)
			return -1;
		if (c != '\\') {
			lg_buf_putc(dec, (char)c);
			j->p++;
			continue;
		}
		if (j->end - j->p < 2)
			return -1;
		switch (j->p[1]) {
		case '"':
		case '\\':
		case '/':
			lg_buf_putc(dec, j->p[1]);
			break;
		case 'b':
			lg_buf_putc(dec, '\b');
			break;
		case 'f':
			lg_buf_putc(dec, '\f');
			break;
		case 'n':
			lg_buf_putc(dec, '\n');
			break;
		case 'r':
			lg_buf_putc(dec, '\r');
			break;
		case 't':
			lg_buf_putc(dec, '\t');
			break;
		case 'u':
			if (j->end - j->p < 6 || hex4(j->p + 2, &cp) != 0)
				return -1;
			j->p += 4;
			if (cp >= 0xd800 && cp < 0xdc00 && j->end - j->p >= 8 && j->p[2] == '\\' &&
			    j->p[3] == 'u' && hex4(j->p + 4, &lo) == 0 && lo >= 0xdc00 &&
			    lo < 0xe000) {
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				j->p += 6;
			} else if (cp >= 0xd800 && cp < 0xe000) {
				cp = 0xfffd; /* lone surrogate, as Go decodes it */
			}
			lg_buf_put_utf8(dec, cp);
			break;
		default:
			return -1;
		}
		j->p += 2;
	}
	if (j->p >= j->end)
		return -1;
	j->p++;
	return 0;
}

static int jp_number(struct jp *j, struct lg_buf *out)
{
	const char *s = j->p, *p = s;
	char tmp[512];
	double v;

	if (p < j->end && *p == '-')
		p++;
	if (p < j->end && *p == '0') {
		p++;
	} else if (p < j->end && *p >= '1' && *p <= '9') {
		while (p < j->end && *p >= '0' && *p <= '9')
			p++;
	} else {
		return -1;
	}
	if (p < j->end && *p == '.') {
		p++;
		if (p >= j->end || *p < '0' || *p > '9')
			return -1;
		while (p < j->end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < j->end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < j->end && (*p == '+' || *p == '-'))
			p++;
		if (p >= j->end || *p < '0' || *p > '9')
			return -1;
		while (p < j->end && *p >= '0' && *p <= '9')
			p++;
	}
	if ((size_t)(p - s) >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, (size_t)(p - s));
	tmp[p - s] = '\0';
	v = strtod(tmp, NULL);
	if (isinf(v)) /* Go: "cannot unmarshal number ... into float64" */
		return -1;
	lg__jw_number(out, v);
	j->p = p;
	return 0;
}

static int jp_value(struct jp *j, struct lg_buf *out, int depth)
{
	struct lg_buf str = { 0 };
	bool first = true;
	int rc = -1;

	if (depth > SETUP_MAX_DEPTH)
		return -1;
	jp_ws(j);
	if (j->p >= j->end)
		return -1;
	switch (*j->p) {
	case '{':
		j->p++;
		lg_buf_putc(out, '{');
		jp_ws(j);
		if (j->p < j->end && *j->p == '}') {
			j->p++;
			lg_buf_putc(out, '}');
			return 0;
		}
		for (;;) {
			jp_ws(j);
			lg_buf_reset(&str);
			if (jp_string(j, &str) != 0)
				goto out;
			lg__jw_member(out, depth + 1, &first, str.data ? str.data : "");
			jp_ws(j);
			if (j->p >= j->end || *j->p != ':')
				goto out;
			j->p++;
			if (jp_value(j, out, depth + 1) != 0)
				goto out;
			jp_ws(j);
			if (j->p < j->end && *j->p == ',') {
				j->p++;
				continue;
			}
			if (j->p < j->end && *j->p == '}') {
				j->p++;
				break;
			}
			goto out;
		}
		lg__jw_close(out, depth, false, '}');
		break;
	case '[':
		j->p++;
		lg_buf_putc(out, '[');
		jp_ws(j);
		if (j->p < j->end && *j->p == ']') {
			j->p++;
			lg_buf_putc(out, ']');
			return 0;
		}
		for (;;) {
			lg_buf_puts(out, first ? "\n" : ",\n");
			first = false;
			lg__jw_spaces(out, depth + 1);
			if (jp_value(j, out, depth + 1) != 0)
				goto out;
			jp_ws(j);
			if (j->p < j->end && *j->p == ',') {
				j->p++;
				continue;
			}
			if (j->p < j->end && *j->p == ']') {
				j->p++;
				break;
			}
			goto out;
		}
		lg__jw_close(out, depth, false, ']');
		break;
	case '"':
		if (jp_string(j, &str) != 0)
			goto out;
		lg__json_string(out, str.data ? str.data : "");
		break;
	case 't':
	case 'f':
	case 'n': {
		static const char *const lits[] = { "true", "false", "null" };

		for (size_t i = 0; i < LG_ARRAY_SIZE(lits); i++) {
			size_t n = strlen(lits[i]);

			if ((size_t)(j->end - j->p) >= n && memcmp(j->p, lits[i], n) == 0) {
				lg_buf_puts(out, lits[i]);
				j->p += n;
				rc = 0;
				goto out;
			}
		}
		goto out;
	}
	default:
		if (jp_number(j, out) != 0)
			goto out;
	}
	rc = 0;
out:
	lg_buf_free(&str);
	return rc;
}

/* Re-print setup()'s JSON at `depth`; false (nothing written) if invalid. */
bool lg__jw_setup_data(struct lg_buf *out, const char *json, int depth)
{
	struct lg_buf tmp = { 0 };
	struct jp j = { json, json + strlen(json) };
	bool ok = jp_value(&j, &tmp, depth) == 0;

	if (ok) {
		jp_ws(&j);
		ok = j.p == j.end;
	}
	if (ok)
		lg_buf_append(out, tmp.data, tmp.len);
	lg_buf_free(&tmp);
	return ok;
}

/* ---- entry point ------------------------------------------------------- */

void lg_report_summary_export(const struct lg_summary *s, struct lg_buf *out)
{
	bool first = true, f2 = true;

	lg_buf_putc(out, '{');
	lg__jw_member(out, 1, &first, "root_group");
	write_group(out, &s->root, 1);

	lg__jw_member(out, 1, &first, "metrics");
	lg_buf_putc(out, '{');
	for (size_t i = 0; i < s->n_metrics; i++) {
		lg__jw_member(out, 2, &f2, s->metrics[i].name);
		write_metric(out, s, &s->metrics[i], 2);
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
	lg__jw_close(out, 0, false, '}');
}
