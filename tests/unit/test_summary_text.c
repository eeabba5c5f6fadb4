/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests for src/report: the lg_fmt_* rules (k6 reference 6.1), the
 * summaryTrendStats validator, and the text and --summary-export renderers
 * against golden files in fixtures/golden/.
 *
 * The renderers are fed hand-built summaries (struct lg_summary is plain
 * data); lg_summary_build() runs over a small fake of the metrics engine
 * defined below, so this test links no code from src/metrics.
 * LG_UPDATE_GOLDEN=1 rewrites the golden files instead of comparing (for a
 * deliberate layout change; review the diff before committing).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include <cmocka.h>

#include "lg/base.h"
#include "lg/summary.h"

/* ---- helpers ----------------------------------------------------------- */

static char *golden_path(const char *name)
{
	const char *root = getenv("LG_SOURCE_ROOT");

	return lg_xasprintf("%s/fixtures/golden/%s", root ? root : ".", name);
}

/* Compare out with the golden file, reporting the first differing line. */
static void check_golden(const char *name, const struct lg_buf *out)
{
	char *path = golden_path(name), *want;
	const char *g, *w;
	size_t len = 0, line = 1;

	if (getenv("LG_UPDATE_GOLDEN")) {
		assert_int_equal(lg_write_file_atomic(path, out->data, out->len), 0);
		free(path);
		return;
	}
	want = lg_read_file(path, &len);
	if (!want)
		fail_msg("cannot read golden file %s", path);
	g = out->data;
	w = want;
	if (out->len != len || memcmp(g, w, len) != 0) {
		while (*g && *g == *w) {
			if (*g == '\n')
				line++;
			g++;
			w++;
		}
		fail_msg("%s differs from %s at line %zu:\n--- got ---\n%s\n--- want ---\n%s", name,
		         path, line, out->data, want);
	}
	free(want);
	free(path);
}

/* Drop ANSI CSI sequences (ESC [ ... final byte). */
static char *strip_ansi(const char *s)
{
	char *r = lg_xmalloc(strlen(s) + 1), *o = r;

	while (*s) {
		if (s[0] == '\x1b' && s[1] == '[') {
			s += 2;
			while (*s && !(*s >= 0x40 && *s <= 0x7e))
				s++;
			if (*s)
				s++;
			continue;
		}
		*o++ = *s++;
	}
	*o = '\0';
	return r;
}

static size_t count_substr(const char *s, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* ---- fixtures ---------------------------------------------------------- */

#define DURATION_MS 10412.345678
#define DURATION_S (DURATION_MS / 1000)

static char *trend_stats[] = { "avg", "min", "med", "max", "p(90)", "p(95)" };

static struct lg_summary_metric counter(char *name, enum lg_metric_contains c, double count)
{
	struct lg_summary_metric m = { .name = name, .type = LG_COUNTER, .contains = c };

	m.count = count;
	m.rate = count / DURATION_S;
	return m;
}

static struct lg_summary_metric gauge(char *name, double value, double min, double max)
{
	struct lg_summary_metric m = { .name = name, .type = LG_GAUGE };

	m.value = value;
	m.min = min;
	m.max = max;
	return m;
}

static struct lg_summary_metric rate(char *name, double passes, double fails)
{
	struct lg_summary_metric m = { .name = name, .type = LG_RATE };

	m.passes = passes;
	m.fails = fails;
	m.rate = passes + fails > 0 ? passes / (passes + fails) : 0;
	return m;
}

static struct lg_summary_metric trend(char *name, enum lg_metric_contains c, double *stats)
{
	struct lg_summary_metric m = { .name = name, .type = LG_TREND, .contains = c };

	m.stats = stats;
	if (strchr(name, '{')) {
		m.parent = "http_req_duration";
		m.suffix = strchr(name, '{') + 1;
	}
	return m;
}

/* avg, min, med, max, p(90), p(95) */
static double st_duration[] = { 139.602412, 104.503, 134.28, 256.138, 154.93312, 172.954111 };
static double st_expected[] = { 137.012, 104.503, 133.9, 201.27, 150.004, 160.1 };
static double st_blocked[] = { 0.712, 0.002, 0.0045, 31.9, 0.006, 0.0071 };
static double st_iter[] = { 1141.2, 1104.65, 1134.61, 1350.4, 1160.9, 1201.33 };
static double st_login[] = { 0.61, 0.0009, 0.5, 2.75, 1.6, 2.1 };
static double st_group[] = { 530.5, 410.2, 520.1, 711.9, 650.3, 690.0 };

/* A plain HTTP run: no checks, no thresholds, one custom trend. */
static void basic_summary(struct lg_summary *s, struct lg_summary_metric *m, size_t *n)
{
	size_t i = 0;

	memset(s, 0, sizeof(*s));
	s->duration_ms = DURATION_MS;
	s->trend_stats = trend_stats;
	s->n_trend_stats = LG_ARRAY_SIZE(trend_stats);
	s->no_color = true;
	s->root.name = "";
	s->root.path = "";
	s->root.id = "d41d8cd98f00b204e9800998ecf8427e";

	m[i++] = counter("data_received", LG_CONTAINS_DATA, 1432100);
	m[i++] = counter("data_sent", LG_CONTAINS_DATA, 5400);
	m[i++] = trend("http_req_blocked", LG_CONTAINS_TIME, st_blocked);
	m[i++] = trend("http_req_duration", LG_CONTAINS_TIME, st_duration);
	m[i++] = trend("http_req_duration{expected_response:true}", LG_CONTAINS_TIME, st_expected);
	m[i++] = rate("http_req_failed", 2, 43);
	m[i++] = counter("http_reqs", LG_CONTAINS_DEFAULT, 45);
	m[i++] = trend("iteration_duration", LG_CONTAINS_TIME, st_iter);
	m[i++] = counter("iterations", LG_CONTAINS_DEFAULT, 45);
	m[i++] = trend("login_time", LG_CONTAINS_DEFAULT, st_login);
	m[i++] = gauge("vus", 1, 1, 10);
	m[i++] = gauge("vus_max", 10, 10, 10);
	*n = i;
	s->metrics = m;
	s->n_metrics = i;
}

static struct lg_summary_threshold th_duration[] = {
	{ .expr = "p(95)<500", .ok = true, .agg = "p(95)", .observed = 172.954111 },
	{ .expr = "avg < 200", .ok = true, .agg = "avg", .observed = 139.602412 },
};
static struct lg_summary_threshold th_expected[] = {
	{ .expr = "p(99)<200", .ok = false, .agg = "p(99)", .observed = 201.0137 },
};
static struct lg_summary_threshold th_failed[] = {
	{ .expr = "rate<0.01", .ok = false, .agg = "rate", .observed = 2.0 / 45 },
};
static struct lg_summary_threshold th_checks[] = {
	{ .expr = "rate>0.9", .ok = false, .agg = "rate", .observed = 42.0 / 50 },
};
static struct lg_summary_threshold th_iterations[] = {
	{ .expr = "count>10", .ok = true, .agg = "count", .observed = 45 },
	{ .expr = "rate>1", .ok = true, .agg = "rate", .observed = 45 / DURATION_S },
};

static struct lg_summary_check root_checks[] = {
	{ "status is 200", "::status is 200", "6210a8cd14cd70477eba5c5e4cb3fb5f", 20, 0 },
};
static struct lg_summary_check auth_checks[] = {
	{ "body has id", "::login::auth::body has id", "28410188b78c926882166a7168321244", 3, 7 },
	{ "status is 200", "::login::auth::status is 200", "4500732d54792b22eb2d0fe366b7b472", 10,
	  0 },
};
static struct lg_summary_check login_checks[] = {
	{ "token présent", "::login::token présent", "0c55c782143d7f0ba5b17a17b6f2a342", 9, 1 },
};
static struct lg_summary_group login_groups[] = {
	{ "auth", "::login::auth", "596cc62023472ebd9ee768b736771709", NULL, 0, auth_checks, 2 },
};
static struct lg_summary_group root_groups[] = {
	{ "login", "::login", "a7d10b3a6c9a385ee254f0dbc7f9c8c9", login_groups, 1, login_checks,
	  1 },
	{ "logout", "::logout", "e7b2b17596a4f83d6bfb6e6e66df21aa", NULL, 0, NULL, 0 },
};

/* Checks (passing and failing, nested groups), thresholds, hidden metrics. */
static void checks_summary(struct lg_summary *s, struct lg_summary_metric *m)
{
	size_t i = 0;

	memset(s, 0, sizeof(*s));
	s->duration_ms = DURATION_MS;
	s->trend_stats = trend_stats;
	s->n_trend_stats = LG_ARRAY_SIZE(trend_stats);
	s->no_color = true;
	s->root.name = "";
	s->root.path = "";
	s->root.id = "d41d8cd98f00b204e9800998ecf8427e";
	s->root.checks = root_checks;
	s->root.n_checks = LG_ARRAY_SIZE(root_checks);
	s->root.groups = root_groups;
	s->root.n_groups = LG_ARRAY_SIZE(root_groups);
	s->checks_passes = 42;
	s->checks_fails = 8;
	s->thresholds_failed = true;

	m[i] = rate("checks", 42, 8);
	m[i].thresholds = th_checks;
	m[i++].n_thresholds = LG_ARRAY_SIZE(th_checks);
	m[i++] = counter("data_received", LG_CONTAINS_DATA, 23500);
	m[i++] = counter("data_sent", LG_CONTAINS_DATA, 2620);
	m[i++] = trend("group_duration", LG_CONTAINS_TIME, st_group);
	m[i] = trend("http_req_duration", LG_CONTAINS_TIME, st_duration);
	m[i].thresholds = th_duration;
	m[i++].n_thresholds = LG_ARRAY_SIZE(th_duration);
	m[i] = trend("http_req_duration{expected_response:true}", LG_CONTAINS_TIME, st_expected);
	m[i].thresholds = th_expected;
	m[i++].n_thresholds = LG_ARRAY_SIZE(th_expected);
	m[i] = rate("http_req_failed", 2, 43);
	m[i].thresholds = th_failed;
	m[i++].n_thresholds = LG_ARRAY_SIZE(th_failed);
	m[i++] = counter("http_reqs", LG_CONTAINS_DEFAULT, 45);
	m[i++] = trend("iteration_duration", LG_CONTAINS_TIME, st_iter);
	m[i] = counter("iterations", LG_CONTAINS_DEFAULT, 45);
	m[i].thresholds = th_iterations;
	m[i++].n_thresholds = LG_ARRAY_SIZE(th_iterations);
	m[i++] = gauge("vus", 5, 1, 5);
	m[i++] = gauge("vus_max", 5, 5, 5);
	s->metrics = m;
	s->n_metrics = i;
}

/* ---- lg_fmt_* ---------------------------------------------------------- */

static void test_fmt_duration(void **state)
{
	static const struct {
		double ms;
		const char *unit, *want;
	} cases[] = {
		{ 0, NULL, "0s" },
		{ 0.0005, NULL, "500ns" },
		{ 0.0000019, NULL, "1ns" }, /* whole nanoseconds, truncated */
		{ 0.5, NULL, "500\xc2\xb5s" },
		{ 0.123456, NULL, "123.45\xc2\xb5s" }, /* truncated, not 123.46 */
		{ 1.5, NULL, "1.5ms" },
		{ 1.999, NULL, "1.99ms" },
		{ 120, NULL, "120ms" },
		{ 999.999, NULL, "999.99ms" },
		{ 1000, NULL, "1s" },
		{ 2012, NULL, "2.01s" },
		{ 59999, NULL, "59.99s" },
		{ 60000, NULL, "1m0s" },
		{ 61000, NULL, "1m1s" },
		{ 61999, NULL, "1m1s" }, /* seconds lose their decimals past a minute */
		{ 3599999, NULL, "59m59s" },
		{ 3723000, NULL, "1h2m3s" },
		{ 90061000, NULL, "25h1m1s" },
		{ 1234.5678, "s", "1.23s" },
		{ 1234.5678, "ms", "1234.57ms" }, /* fixed units round (toFixed) */
		{ 1234.5678, "us", "1234567.80\xc2\xb5s" },
		{ 0, "ms", "0.00ms" },
		{ 2012, "", "2.01s" },  /* empty unit = auto */
		{ 2012, "h", "2.01s" }, /* unknown unit = auto */
	};
	char buf[64];

	for (size_t i = 0; i < LG_ARRAY_SIZE(cases); i++) {
		lg_fmt_duration_ms(cases[i].ms, cases[i].unit, buf, sizeof(buf));
		if (strcmp(buf, cases[i].want) != 0)
			fail_msg("duration(%.9g, %s) = \"%s\", want \"%s\"", cases[i].ms,
			         cases[i].unit ? cases[i].unit : "auto", buf, cases[i].want);
	}
}

static void test_fmt_data(void **state)
{
	static const struct {
		double bytes;
		const char *want;
	} cases[] = {
		{ 0, "0 B" },       { 9, "9 B" },         { 9.5, "9.5 B" },
		{ 10, "10 B" },     { 999, "999 B" },     { 999.96, "1000 B" },
		{ 1000, "1.0 kB" }, { 4900, "4.9 kB" },   { 9949, "9.9 kB" },
		{ 9950, "10 kB" },  { 519000, "519 kB" }, { 1432100, "1.4 MB" },
		{ 1e9, "1.0 GB" },  { 2.5e12, "2.5 TB" }, { 1e24, "1.0 YB" },
	};
	char buf[64];

	for (size_t i = 0; i < LG_ARRAY_SIZE(cases); i++) {
		lg_fmt_data(cases[i].bytes, buf, sizeof(buf));
		if (strcmp(buf, cases[i].want) != 0)
			fail_msg("data(%.9g) = \"%s\", want \"%s\"", cases[i].bytes, buf,
			         cases[i].want);
	}
}

static void test_fmt_number(void **state)
{
	static const struct {
		double v;
		const char *want;
	} cases[] = {
		{ 0, "0" },
		{ -0.0, "0" },
		{ 45, "45" },
		{ 4.321808, "4.321808" },
		{ 1.0 / 3, "0.333333" },
		{ 2.0 / 3, "0.666667" },   /* rounded, unlike time and rates */
		{ 0.0078125, "0.007813" }, /* a tie rounds up (JS), not to even */
		{ 0.0000004, "0" },
		{ 123456789.5, "123456789.5" },
		{ -12.25, "-12.25" },
		{ 1e21, "1e+21" },
	};
	char buf[64];

	for (size_t i = 0; i < LG_ARRAY_SIZE(cases); i++) {
		lg_fmt_number(cases[i].v, buf, sizeof(buf));
		if (strcmp(buf, cases[i].want) != 0)
			fail_msg("number(%.17g) = \"%s\", want \"%s\"", cases[i].v, buf,
			         cases[i].want);
	}
}

static void test_fmt_rate(void **state)
{
	static const struct {
		double v;
		const char *want;
	} cases[] = {
		{ 0, "0.00%" },        { 1, "100.00%" },       { 0.66666, "66.66%" },
		{ 2.0 / 3, "66.66%" }, { 0.99999, "99.99%" },  { 0.5, "50.00%" },
		{ 0.00001, "0.00%" },  { 0.123456, "12.34%" }, { 2.0 / 45, "4.44%" },
	};
	char buf[64];

	for (size_t i = 0; i < LG_ARRAY_SIZE(cases); i++) {
		lg_fmt_rate_pct(cases[i].v, buf, sizeof(buf));
		if (strcmp(buf, cases[i].want) != 0)
			fail_msg("rate(%.17g) = \"%s\", want \"%s\"", cases[i].v, buf,
			         cases[i].want);
	}
}

static void test_trend_stat_valid(void **state)
{
	static const char *const ok[] = {
		"avg",   "min",   "med",     "max",    "count",   "p(0)",
		"p(50)", "p(95)", "p(99.9)", "p(100)", "p(95.0)", "p(1e1)"
	};
	static const char *const bad[] = { "",       "AVG",    "mean",   "p()",     "p(101)",
		                           "p(-1)",  "p(95",   "p95",    "p( 95)",  "p(95) ",
		                           "p(abc)", "p(NaN)", "p(inf)", "p(0x10)", "sum" };

	for (size_t i = 0; i < LG_ARRAY_SIZE(ok); i++)
		if (!lg_trend_stat_valid(ok[i]))
			fail_msg("\"%s\" should be a valid trend stat", ok[i]);
	for (size_t i = 0; i < LG_ARRAY_SIZE(bad); i++)
		if (lg_trend_stat_valid(bad[i]))
			fail_msg("\"%s\" should be rejected", bad[i]);
	assert_false(lg_trend_stat_valid(NULL));
}

/* ---- text report ------------------------------------------------------- */

static void test_text_basic(void **state)
{
	struct lg_summary s;
	struct lg_summary_metric m[16];
	struct lg_buf out = { 0 };
	size_t n;

	basic_summary(&s, m, &n);
	lg_report_text(&s, &out);
	check_golden("summary-basic.txt", &out);
	/* compact mode hides the HTTP timing trends but keeps the sub-metric */
	assert_null(strstr(out.data, "http_req_blocked"));
	assert_non_null(strstr(out.data, "  { expected_response:true }"));
	/* no checks and no thresholds: neither block */
	assert_null(strstr(out.data, "checks_total"));
	assert_null(strstr(out.data, "THRESHOLDS"));
	/* CUSTOM comes first, then HTTP, EXECUTION, NETWORK */
	assert_true(strstr(out.data, "CUSTOM") < strstr(out.data, "HTTP"));
	assert_true(strstr(out.data, "HTTP") < strstr(out.data, "EXECUTION"));
	assert_true(strstr(out.data, "EXECUTION") < strstr(out.data, "NETWORK"));
	lg_buf_free(&out);
}

static void test_text_checks(void **state)
{
	struct lg_summary s;
	struct lg_summary_metric m[16];
	struct lg_buf out = { 0 };

	checks_summary(&s, m);
	lg_report_text(&s, &out);
	check_golden("summary-checks.txt", &out);
	/* same-named checks of different groups are merged: 20 + 10 passes */
	assert_int_equal(count_substr(out.data, "status is 200"), 1);
	assert_non_null(strstr(out.data, "\xe2\x9c\x97 body has id\n"
	                                 "      \xe2\x86\xb3  30% \xe2\x80\x94 \xe2\x9c\x93 3 / "
	                                 "\xe2\x9c\x97 7\n"));
	/* hidden metrics are not listed, but a hidden metric's thresholds are */
	assert_null(strstr(out.data, "group_duration"));
	assert_non_null(strstr(out.data, "    checks\n    \xe2\x9c\x97 'rate>0.9' rate=84.00%\n"));
	/* a sub-metric with a thresholded parent nests under it */
	assert_non_null(strstr(out.data, "      {expected_response:true}\n"
	                                 "      \xe2\x9c\x97 'p(99)<200' p(99)=201.01ms\n"));
	lg_buf_free(&out);
}

static void test_text_colors(void **state)
{
	struct lg_summary s;
	struct lg_summary_metric m[16];
	struct lg_buf plain = { 0 }, color = { 0 };
	char *stripped;

	checks_summary(&s, m);
	lg_report_text(&s, &plain);
	assert_null(strchr(plain.data, '\x1b'));
	s.no_color = false;
	lg_report_text(&s, &color);
	/* colours are the only difference */
	stripped = strip_ansi(color.data);
	assert_string_equal(stripped, plain.data);
	free(stripped);
	/* k6's palette: bold titles, green/red marks, cyan values, faint dots */
	assert_non_null(strstr(color.data, "  \xe2\x96\x88 \x1b[1mTOTAL RESULTS\x1b[0m \n"));
	assert_non_null(strstr(color.data, "    \x1b[1mHTTP\x1b[0m\n"));
	assert_non_null(strstr(color.data, "\x1b[32m\xe2\x9c\x93 status is 200\x1b[0m"));
	assert_non_null(strstr(color.data, "\x1b[31m\xe2\x9c\x97 body has id\x1b[0m"));
	assert_non_null(
	    strstr(color.data, "    checks_total\x1b[2;37m.......................:\x1b[0m "));
	assert_non_null(strstr(color.data, "avg=\x1b[36m139.6ms\x1b[0m"));
	assert_non_null(strstr(color.data, "\x1b[36m45\x1b[0m"));
	assert_non_null(strstr(color.data, "\x1b[2;36m4.321793/s\x1b[0m"));
	assert_non_null(strstr(color.data, "\x1b[31m\xe2\x9c\x97\x1b[0m \x1b[37m'rate<0.01'\x1b[0m "
	                                   "\x1b[37mrate\x1b[0m=\x1b[36m4.44%\x1b[0m"));
	lg_buf_free(&plain);
	lg_buf_free(&color);
}

/* Every colon of a metric block sits in the same column. */
static void test_text_alignment(void **state)
{
	struct lg_summary s;
	struct lg_summary_metric m[16];
	struct lg_buf out = { 0 };
	const char *line;
	long col = -1;
	size_t rows = 0;

	basic_summary(&s, m, &(size_t){ 0 });
	s.time_unit = "ms"; /* also: fixed units for every time value */
	lg_report_text(&s, &out);
	for (line = out.data; line && *line;
	     line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		const char *colon = strstr(line, ".: ");
		const char *eol = strchr(line, '\n');

		if (!colon || (eol && colon > eol))
			continue;
		if (col < 0)
			col = colon - line;
		assert_int_equal(colon - line, col);
		rows++;
	}
	assert_int_equal(rows, 11); /* 12 metrics, http_req_blocked hidden */
	assert_non_null(strstr(out.data, "avg=139.60ms"));
	assert_null(strstr(out.data, "\xc2\xb5s")); /* no auto units left */
	lg_buf_free(&out);
}

/* ---- --summary-export -------------------------------------------------- */

static void test_export_basic(void **state)
{
	struct lg_summary s;
	struct lg_summary_metric m[16];
	struct lg_buf out = { 0 };
	size_t n;

	basic_summary(&s, m, &n);
	s.setup_data_json = " {\"token\":\"a\\u00e9\\/b\",\"n\":[1.0,2e2,-0.5e-7],\"o\":{},"
	                    "\"e\":[],\"t\":true,\"z\":null} ";
	lg_report_summary_export(&s, &out);
	check_golden("summary-export-basic.json", &out);
	assert_true(out.len > 0 && out.data[out.len - 1] == '}'); /* no trailing newline */
	lg_buf_free(&out);
}

static void test_export_checks(void **state)
{
	struct lg_summary s;
	struct lg_summary_metric m[16];
	struct lg_buf out = { 0 };

	checks_summary(&s, m);
	lg_report_summary_export(&s, &out);
	check_golden("summary-export-checks.json", &out);
	/* thresholds map to true when FAILED; a Rate's rate is renamed value */
	assert_non_null(strstr(out.data, "\"http_req_failed\": {\n"
	                                 "            \"passes\": 2,\n"
	                                 "            \"fails\": 43,\n"
	                                 "            \"thresholds\": {\n"
	                                 "                \"rate<0.01\": true\n"
	                                 "            },\n"
	                                 "            \"value\": 0.044444444444444446\n"));
	assert_non_null(strstr(out.data, "\"p(95)<500\": false"));
	assert_null(strstr(out.data, "setup_data"));
	lg_buf_free(&out);
}

static void test_export_edge_values(void **state)
{
	struct lg_summary s;
	struct lg_summary_metric m[2];
	struct lg_summary_check chk = { "say \"hi\"\n\x01", "::say", "id", 1, 0 };
	struct lg_buf out = { 0 };

	memset(&s, 0, sizeof(s));
	s.root.name = "";
	s.root.path = "";
	s.root.id = "d41d8cd98f00b204e9800998ecf8427e";
	s.root.checks = &chk;
	s.root.n_checks = 1;
	m[0] = gauge("g", 0.1 + 0.2, -1e-7, 1e21);
	m[1] = counter("c", LG_CONTAINS_DEFAULT, 3);
	m[1].rate = 0.0 / 0.0; /* NaN prints as null, as JSON.stringify does */
	s.metrics = m;
	s.n_metrics = 2;
	s.setup_data_json = "{\"a\": 1,}"; /* invalid: the key is dropped */
	lg_report_summary_export(&s, &out);
	assert_non_null(strstr(out.data, "\"say \\\"hi\\\"\\n\\u0001\": {"));
	assert_non_null(strstr(out.data, "\"value\": 0.30000000000000004,"));
	assert_non_null(strstr(out.data, "\"min\": -1e-7,"));
	assert_non_null(strstr(out.data, "\"max\": 1e+21\n"));
	assert_non_null(strstr(out.data, "\"rate\": null\n"));
	assert_null(strstr(out.data, "setup_data"));
	lg_buf_free(&out);

	s.setup_data_json = "\"only a string \\ud83d\\ude00\"";
	lg_report_summary_export(&s, &out);
	assert_non_null(strstr(out.data, "\"setup_data\": \"only a string \xf0\x9f\x98\x80\"\n}"));
	lg_buf_free(&out);
}

/* ---- lg_summary_build over a fake metrics engine ------------------------
 *
 * A small test double of the engine's read side (registry queries, tag sets,
 * aggregate, histogram), defined here so summary.c's logic is tested without
 * the real engine: the linker takes these definitions before looking in
 * liblg, and summary.c needs nothing else from src/metrics.
 */

#define FAKE_MAX_SERIES 32
#define FAKE_MAX_VALUES 16

struct lg_tagset {
	size_t n;
	struct lg_tag t[4];
};
struct lg_hist {
	size_t n;
	double v[FAKE_MAX_SERIES * FAKE_MAX_VALUES];
};
struct fake_series {
	int id;
	struct lg_tagset ts;
	double v[FAKE_MAX_VALUES];
	size_t nv;
};
struct lg_agg {
	const struct lg_registry *reg;
	struct fake_series s[FAKE_MAX_SERIES];
	size_t n;
};
struct lg_registry {
	int n;
	const char *name[32];
	enum lg_metric_type type[32];
	enum lg_metric_contains contains[32];
};

int lg_metric_count(const struct lg_registry *r)
{
	return r->n;
}

const char *lg_metric_name(const struct lg_registry *r, int id)
{
	return r->name[id];
}

enum lg_metric_type lg_metric_type(const struct lg_registry *r, int id)
{
	return r->type[id];
}

enum lg_metric_contains lg_metric_contains(const struct lg_registry *r, int id)
{
	return r->contains[id];
}

int lg_metric_find(const struct lg_registry *r, const char *name)
{
	for (int i = 0; i < r->n; i++)
		if (strcmp(r->name[i], name) == 0)
			return i;
	return -1;
}

const char *lg_tagset_get(const struct lg_tagset *ts, const char *key)
{
	for (size_t i = 0; i < ts->n; i++)
		if (strcmp(ts->t[i].key, key) == 0)
			return ts->t[i].value;
	return NULL;
}

void lg_hist_free(struct lg_hist *h)
{
	test_free(h);
}

uint64_t lg_hist_count(const struct lg_hist *h)
{
	return h->n;
}

double lg_hist_min(const struct lg_hist *h)
{
	return h->n ? h->v[0] : 0;
}

double lg_hist_max(const struct lg_hist *h)
{
	return h->n ? h->v[h->n - 1] : 0;
}

double lg_hist_sum(const struct lg_hist *h)
{
	double sum = 0;

	for (size_t i = 0; i < h->n; i++)
		sum += h->v[i];
	return sum;
}

/* k6's interpolation between the closest ranks (values kept sorted) */
double lg_hist_quantile(const struct lg_hist *h, double p)
{
	double i;
	size_t lo, hi;

	if (!h->n)
		return 0;
	i = p / 100 * (double)(h->n - 1);
	lo = (size_t)i;
	hi = lo + (i > (double)lo);
	return h->v[lo] + (h->v[hi] - h->v[lo]) * (i - (double)lo);
}

bool lg_agg_has(const struct lg_agg *a, int id)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->s[i].id == id && a->s[i].nv)
			return true;
	return false;
}

static void fake_accumulate(const struct fake_series *s, struct lg_mvalue *o)
{
	for (size_t i = 0; i < s->nv; i++) {
		double v = s->v[i];
		size_t j;

		if (o->count == 0 || v < o->min)
			o->min = v;
		if (o->count == 0 || v > o->max)
			o->max = v;
		o->count++;
		o->sum += v;
		o->last = v;
		o->trues += v != 0;
		if (o->type != LG_TREND)
			continue;
		if (!o->hist)
			o->hist = test_calloc(1, sizeof(*o->hist));
		for (j = o->hist->n; j > 0 && o->hist->v[j - 1] > v; j--)
			o->hist->v[j] = o->hist->v[j - 1];
		o->hist->v[j] = v;
		o->hist->n++;
	}
}

void lg_agg_value(const struct lg_agg *a, int id, const struct lg_tag *filter, size_t n,
                  struct lg_mvalue *out)
{
	memset(out, 0, sizeof(*out));
	out->type = a->reg->type[id];
	for (size_t i = 0; i < a->n; i++) {
		bool match = a->s[i].id == id;

		for (size_t k = 0; match && k < n; k++) {
			const char *v = lg_tagset_get(&a->s[i].ts, filter[k].key);

			match = v && strcmp(v, filter[k].value) == 0;
		}
		if (match)
			fake_accumulate(&a->s[i], out);
	}
}

void lg_agg_foreach(const struct lg_agg *a, int id,
                    void (*fn)(void *ud, const struct lg_tagset *ts, const struct lg_mvalue *v),
                    void *ud)
{
	for (size_t i = 0; i < a->n; i++) {
		struct lg_mvalue v;

		if (a->s[i].id != id)
			continue;
		memset(&v, 0, sizeof(v));
		v.type = a->reg->type[id];
		fake_accumulate(&a->s[i], &v);
		fn(ud, &a->s[i].ts, &v);
		if (v.hist)
			test_free(v.hist);
	}
}

/* Add a series: tags as "k=v" strings (at most 4), then values. */
static void series(struct lg_agg *a, int id, const char *const *tags, const double *v, size_t nv)
{
	struct fake_series *s = &a->s[a->n++];

	s->id = id;
	for (; tags && *tags; tags++) {
		const char *eq = strchr(*tags, '=');

		s->ts.t[s->ts.n].key = lg_xstrndup(*tags, (size_t)(eq - *tags));
		s->ts.t[s->ts.n].value = eq + 1;
		s->ts.n++;
	}
	memcpy(s->v, v, nv * sizeof(double));
	s->nv = nv;
}

static void fake_free(struct lg_agg *a)
{
	for (size_t i = 0; i < a->n; i++)
		for (size_t k = 0; k < a->s[i].ts.n; k++)
			free((char *)a->s[i].ts.t[k].key);
}

#define TAGS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define VALS(...) \
	((const double[]){ __VA_ARGS__ }), sizeof((double[]){ __VA_ARGS__ }) / sizeof(double)

static void fake_registry(struct lg_registry *r)
{
	static const char *const names[] = {
		"vus",
		"vus_max",
		"iterations",
		"iteration_duration",
		"dropped_iterations",
		"data_sent",
		"data_received",
		"checks",
		"group_duration",
		"http_reqs",
		"http_req_duration",
	};
	static const enum lg_metric_type types[] = {
		LG_GAUGE,   LG_GAUGE, LG_COUNTER, LG_TREND,   LG_COUNTER, LG_COUNTER,
		LG_COUNTER, LG_RATE,  LG_TREND,   LG_COUNTER, LG_TREND,
	};

	memset(r, 0, sizeof(*r));
	for (size_t i = 0; i < LG_ARRAY_SIZE(names); i++) {
		r->name[i] = names[i];
		r->type[i] = types[i];
		r->contains[i] = types[i] == LG_TREND ? LG_CONTAINS_TIME : LG_CONTAINS_DEFAULT;
	}
	r->contains[LG_M_DATA_SENT] = r->contains[LG_M_DATA_RECEIVED] = LG_CONTAINS_DATA;
	r->n = (int)LG_ARRAY_SIZE(names);
	r->name[r->n] = "my_trend";
	r->type[r->n++] = LG_TREND;
	r->name[r->n] = "Zed";
	r->type[r->n++] = LG_COUNTER;
}

static const struct lg_summary_metric *find_metric(const struct lg_summary *s, const char *name)
{
	for (size_t i = 0; i < s->n_metrics; i++)
		if (strcmp(s->metrics[i].name, name) == 0)
			return &s->metrics[i];
	return NULL;
}

static const struct lg_summary_metric *get_metric(const struct lg_summary *s, const char *name)
{
	const struct lg_summary_metric *m = find_metric(s, name);

	if (!m) {
		fail_msg("metric %s is not in the summary", name);
		lg_die("unreachable");
	}
	return m;
}

static void test_build(void **state)
{
	static struct lg_registry reg;
	static struct lg_agg agg;
	static const char *const subs[] = {
		"http_req_duration{status:500}",
		"http_req_duration{ 'status' : \"500\" }",   /* same tags: not listed twice */
		"http_req_duration{expected_response:true}", /* the automatic one */
		"nope{a:b}",                                 /* unknown metric */
		"http_reqs{a:}",                             /* empty value */
		"http_reqs{a:b,}",                           /* empty piece */
		"http_reqs{a:b",                             /* no closing brace */
		"http_reqs",                                 /* not a sub-metric */
		"my_trend{x:1}",                             /* listed although nothing matched */
		"http_reqs{status:200, status:500}",         /* the last value wins */
	};
	static const char *const stats[] = { "avg", "med", "count", "p(99)" };
	static const char *const order[] = {
		"checks",
		"group_duration",
		"http_req_duration",
		"http_req_duration{expected_response:true}",
		"http_req_duration{status:500}",
		"http_reqs",
		"http_reqs{status:200, status:500}",
		"my_trend{x:1}",
		"vus",
		"Zed",
	};
	struct lg_summary_opts o = { 0 };
	const struct lg_summary_metric *m;
	const struct lg_summary_group *g;
	struct lg_summary *s;

	fake_registry(&reg);
	memset(&agg, 0, sizeof(agg));
	agg.reg = &reg;
	series(&agg, LG_M_HTTP_REQ_DURATION, TAGS("expected_response=true", "status=200"),
	       VALS(100, 300, 200));
	series(&agg, LG_M_HTTP_REQ_DURATION, TAGS("expected_response=false", "status=500"),
	       VALS(50));
	series(&agg, LG_M_HTTP_REQS, TAGS("status=200"), VALS(1, 1, 1));
	series(&agg, LG_M_HTTP_REQS, TAGS("status=500"), VALS(1));
	series(&agg, LG_M_CHECKS, TAGS("check=status is 200", "group=", "scenario=a"),
	       VALS(1, 1, 1));
	series(&agg, LG_M_CHECKS, TAGS("check=status is 200", "group=", "scenario=b"), VALS(1, 0));
	series(&agg, LG_M_CHECKS, TAGS("check=status is 200", "group=::login::auth"),
	       VALS(1, 1, 0));
	series(&agg, LG_M_CHECKS, TAGS("check=b check", "group=::login"), VALS(1));
	series(&agg, LG_M_CHECKS, TAGS("check=A check", "group=::login"), VALS(0));
	series(&agg, LG_M_CHECKS, TAGS("group=::login"), VALS(1)); /* no check tag: ignored */
	series(&agg, LG_M_GROUP_DURATION, TAGS("group=::logout"), VALS(12));
	series(&agg, LG_M_GROUP_DURATION, TAGS("group=::login"), VALS(30));
	series(&agg, LG_M_VUS, TAGS("x=y"), VALS(-5, -2, -7));
	series(&agg, reg.n - 1, TAGS("x=y"), VALS(7));

	o.duration_ms = 2000;
	o.trend_stats = stats;
	o.n_trend_stats = LG_ARRAY_SIZE(stats);
	o.time_unit = "ms";
	o.no_color = true;
	o.submetrics = subs;
	o.n_submetrics = LG_ARRAY_SIZE(subs);
	o.setup_data_json = "[1]";
	s = lg_summary_build(&agg, &reg, &o);

	/* listed metrics, in k6's order (case-blind, sub-metrics after parents) */
	assert_int_equal(s->n_metrics, LG_ARRAY_SIZE(order));
	for (size_t i = 0; i < LG_ARRAY_SIZE(order); i++)
		assert_string_equal(s->metrics[i].name, order[i]);
	m = get_metric(s, "http_req_duration{expected_response:true}");
	assert_string_equal(m->parent, "http_req_duration");
	assert_string_equal(m->suffix, "expected_response:true");
	assert_int_equal(m->type, LG_TREND);
	assert_int_equal(m->contains, LG_CONTAINS_TIME);
	/* avg, med, count, p(99) over 100, 200, 300 */
	assert_true(m->stats[0] == 200 && m->stats[1] == 200 && m->stats[2] == 3);
	assert_true(fabs(m->stats[3] - 298) < 1e-9);
	assert_non_null(m->hist);
	m = get_metric(s, "http_req_duration");
	assert_true(m->stats[0] == 162.5 && m->stats[1] == 150 && m->stats[2] == 4);
	assert_null(m->parent);
	m = get_metric(s, "http_reqs");
	assert_true(m->count == 4 && m->rate == 2);
	m = get_metric(s, "http_reqs{status:200, status:500}");
	assert_true(m->count == 1 && m->rate == 0.5);
	m = get_metric(s, "my_trend{x:1}");
	assert_true(m->stats[0] == 0 && m->stats[2] == 0);
	m = get_metric(s, "checks");
	/* the metric and the totals count every sample, the tree only tagged ones */
	assert_true(m->passes == 8 && m->fails == 3 && m->rate == 8.0 / 11);
	m = get_metric(s, "vus");
	assert_true(m->value == -7 && m->min == -7 && m->max == 0); /* k6's gauge max */
	assert_string_equal(s->time_unit, "ms");
	assert_string_equal(s->setup_data_json, "[1]");
	assert_int_equal(s->n_trend_stats, 4);
	assert_string_equal(s->trend_stats[3], "p(99)");

	/* the checks tree, sorted by name; ids are md5(path) */
	assert_true(s->checks_passes == 8 && s->checks_fails == 3);
	g = &s->root;
	assert_string_equal(g->id, "d41d8cd98f00b204e9800998ecf8427e");
	assert_int_equal(g->n_checks, 1);
	assert_string_equal(g->checks[0].path, "::status is 200");
	assert_string_equal(g->checks[0].id, "6210a8cd14cd70477eba5c5e4cb3fb5f");
	assert_true(g->checks[0].passes == 4 && g->checks[0].fails == 1); /* both scenarios */
	assert_int_equal(g->n_groups, 2);
	assert_string_equal(g->groups[0].name, "login");
	assert_string_equal(g->groups[0].id, "a7d10b3a6c9a385ee254f0dbc7f9c8c9");
	assert_string_equal(g->groups[1].path, "::logout"); /* from group_duration only */
	assert_int_equal(g->groups[1].n_checks, 0);
	g = &s->root.groups[0];
	assert_int_equal(g->n_checks, 2);
	assert_string_equal(g->checks[0].name, "A check");
	assert_string_equal(g->checks[1].path, "::login::b check");
	assert_int_equal(g->n_groups, 1);
	assert_string_equal(g->groups[0].path, "::login::auth");
	assert_string_equal(g->groups[0].id, "596cc62023472ebd9ee768b736771709");
	assert_string_equal(g->groups[0].checks[0].id, "4500732d54792b22eb2d0fe366b7b472");
	assert_true(g->groups[0].checks[0].passes == 2 && g->groups[0].checks[0].fails == 1);
	lg_summary_free(s);

	/* defaults: k6's summaryTrendStats, and no sub-metric without the tag */
	agg.s[0].ts.t[0].value = "false";
	memset(&o, 0, sizeof(o));
	o.duration_ms = 0;
	s = lg_summary_build(&agg, &reg, &o);
	assert_int_equal(s->n_trend_stats, 6);
	assert_string_equal(s->trend_stats[0], "avg");
	assert_string_equal(s->trend_stats[5], "p(95)");
	assert_null(find_metric(s, "http_req_duration{expected_response:true}"));
	assert_true(get_metric(s, "http_reqs")->rate == 0); /* zero duration */
	assert_null(s->time_unit);
	assert_null(s->setup_data_json);
	lg_summary_free(s);
	lg_summary_free(NULL);
	fake_free(&agg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fmt_duration),
		cmocka_unit_test(test_fmt_data),
		cmocka_unit_test(test_fmt_number),
		cmocka_unit_test(test_fmt_rate),
		cmocka_unit_test(test_trend_stat_valid),
		cmocka_unit_test(test_text_basic),
		cmocka_unit_test(test_text_checks),
		cmocka_unit_test(test_text_colors),
		cmocka_unit_test(test_text_alignment),
		cmocka_unit_test(test_export_basic),
		cmocka_unit_test(test_export_checks),
		cmocka_unit_test(test_export_edge_values),
		cmocka_unit_test(test_build),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
