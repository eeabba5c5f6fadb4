/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests for src/threshold: the expression grammar (k6 reference 5.2),
 * Go's ParseFloat, the key selector (5.3), validation against the registry
 * and evaluation (5.4) over a real aggregate built from real sinks, and the
 * results carried into a real summary (lg_summary_build over the engine).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lg/metrics.h"
#include "lg/summary.h"
#include "lg/threshold.h"

#define assert_near(a, b, eps) assert_true(fabs((double)(a) - (double)(b)) <= (eps))
#define NS 1000000000LL

/* ---- the expression grammar --------------------------------------------- */

struct expr_case {
	const char *src;
	enum lg_th_agg agg;
	double pct;
	const char *op; /* as found */
	enum lg_th_op opv;
	double value; /* NAN: expect NaN */
	const char *agg_text;
};

static const struct expr_case good_exprs[] = {
	/* every aggregation */
	{ "count>=100", LG_TH_COUNT, 0, ">=", LG_TH_GE, 100, "count" },
	{ "rate<0.01", LG_TH_RATE, 0, "<", LG_TH_LT, 0.01, "rate" },
	{ "value<=5", LG_TH_VALUE, 0, "<=", LG_TH_LE, 5, "value" },
	{ "avg<300", LG_TH_AVG, 0, "<", LG_TH_LT, 300, "avg" },
	{ "min>0", LG_TH_MIN, 0, ">", LG_TH_GT, 0, "min" },
	{ "med<=200", LG_TH_MED, 0, "<=", LG_TH_LE, 200, "med" },
	{ "max<1000", LG_TH_MAX, 0, "<", LG_TH_LT, 1000, "max" },
	{ "p(95)<500", LG_TH_PCT, 95, "<", LG_TH_LT, 500, "p(95)" },
	{ "p(99.9) < 2000", LG_TH_PCT, 99.9, "<", LG_TH_LT, 2000, "p(99.9)" },
	{ "p(95.0)<500", LG_TH_PCT, 95, "<", LG_TH_LT, 500, "p(95.0)" },
	{ "p(0)<1", LG_TH_PCT, 0, "<", LG_TH_LT, 1, "p(0)" },
	{ "p(100)<1", LG_TH_PCT, 100, "<", LG_TH_LT, 1, "p(100)" },
	{ "p(1e1)<1", LG_TH_PCT, 10, "<", LG_TH_LT, 1, "p(1e1)" },
	{ "p(0x1p4)<1", LG_TH_PCT, 16, "<", LG_TH_LT, 1, "p(0x1p4)" },
	{ "p(1_0)<1", LG_TH_PCT, 10, "<", LG_TH_LT, 1, "p(1_0)" },
	{ "p<5", LG_TH_PCT, 0, "<", LG_TH_LT, 5, "p" }, /* k6: a bare p is p(0) */
	/* every operator, in k6's search order */
	{ "count==10", LG_TH_COUNT, 0, "==", LG_TH_EQ, 10, "count" },
	{ "count===10", LG_TH_COUNT, 0, "===", LG_TH_EQ, 10, "count" },
	{ "rate!=0", LG_TH_RATE, 0, "!=", LG_TH_NE, 0, "rate" },
	{ "avg>=5", LG_TH_AVG, 0, ">=", LG_TH_GE, 5, "avg" },
	{ "avg<=5", LG_TH_AVG, 0, "<=", LG_TH_LE, 5, "avg" },
	/* white space around the operator, Go's TrimSpace (Unicode) */
	{ "  avg   <   300  ", LG_TH_AVG, 0, "<", LG_TH_LT, 300, "avg" },
	{ "avg\t<\n300", LG_TH_AVG, 0, "<", LG_TH_LT, 300, "avg" },
	{ "avg\xc2\xa0<\xe2\x80\x83"
	  "5",
	  LG_TH_AVG, 0, "<", LG_TH_LT, 5, "avg" }, /* NBSP, EM SPACE */
	/* Go's ParseFloat on the right */
	{ "avg<1e3", LG_TH_AVG, 0, "<", LG_TH_LT, 1000, "avg" },
	{ "avg<-1", LG_TH_AVG, 0, "<", LG_TH_LT, -1, "avg" },
	{ "avg<+1", LG_TH_AVG, 0, "<", LG_TH_LT, 1, "avg" },
	{ "avg<.5", LG_TH_AVG, 0, "<", LG_TH_LT, 0.5, "avg" },
	{ "avg<5.", LG_TH_AVG, 0, "<", LG_TH_LT, 5, "avg" },
	{ "avg<0x1p-2", LG_TH_AVG, 0, "<", LG_TH_LT, 0.25, "avg" },
	{ "avg<0X1.8P1", LG_TH_AVG, 0, "<", LG_TH_LT, 3, "avg" },
	{ "avg<1_000", LG_TH_AVG, 0, "<", LG_TH_LT, 1000, "avg" },
	{ "avg<1_2.5_0e1_0", LG_TH_AVG, 0, "<", LG_TH_LT, 12.5e10, "avg" },
	{ "avg<1e-400", LG_TH_AVG, 0, "<", LG_TH_LT, 0, "avg" }, /* underflow is fine */
	{ "avg<Inf", LG_TH_AVG, 0, "<", LG_TH_LT, INFINITY, "avg" },
	{ "avg<-infinity", LG_TH_AVG, 0, "<", LG_TH_LT, -INFINITY, "avg" },
	{ "avg<+INF", LG_TH_AVG, 0, "<", LG_TH_LT, INFINITY, "avg" },
	{ "avg<NaN", LG_TH_AVG, 0, "<", LG_TH_LT, NAN, "avg" },
};

static void test_expr_good(void **state)
{
	for (size_t i = 0; i < LG_ARRAY_SIZE(good_exprs); i++) {
		const struct expr_case *c = &good_exprs[i];
		struct lg_th_expr x;
		struct lg_err err = { 0 };

		if (lg_th_expr_parse(c->src, &x, &err) != 0)
			fail_msg("\"%s\" should parse: %s", c->src, err.msg);
		assert_int_equal(x.agg, c->agg);
		assert_int_equal(x.op, c->opv);
		assert_string_equal(x.op_text, c->op);
		if (x.agg == LG_TH_PCT)
			assert_true(x.pct == c->pct);
		if (isnan(c->value))
			assert_true(isnan(x.value));
		else if (x.value != c->value)
			fail_msg("\"%s\": value %.17g, want %.17g", c->src, x.value, c->value);
		if (strlen(c->agg_text) != x.agg_len ||
		    memcmp(c->src + x.agg_off, c->agg_text, x.agg_len) != 0)
			fail_msg("\"%s\": aggregation text \"%.*s\"", c->src, (int)x.agg_len,
			         c->src + x.agg_off);
	}
}

struct bad_case {
	const char *src;
	const char *needle; /* in the message, besides the quoted expression */
};

static const struct bad_case bad_exprs[] = {
	{ "p(95)>", "number after \">\" is missing" },
	{ "p( 95)<1", "no spaces are allowed inside p( )" },
	{ "p(95 )<1", "no spaces are allowed inside p( )" },
	{ "=", "a single = is not one" },
	{ "avg=5", "a single = is not one" },
	{ "P(95)<1", "lower case" },
	{ "AVG<1", "lower case" },
	{ "p(101)<1", "outside 0..100" },
	{ "p(-1)<1", "outside 0..100" },
	{ "p(100.0001)<1", "outside 0..100" },
	{ "p(NaN)<1", "outside 0..100" },
	{ "p(inf)<1", "outside 0..100" },
	{ "p(1e999)<1", "outside 0..100" },
	{ "p()<1", "is not a number" },
	{ "p(x)<1", "is not a number" },
	{ "p95<1", "unknown aggregation \"p95\"" },
	{ "count()<1", "unknown aggregation" },
	{ "avg<abc", "\"abc\" after \"<\" is not a number" },
	{ "avg<1e999", "out of range" },
	{ "avg<1__0", "not a number" },
	{ "avg<_1", "not a number" },
	{ "avg<1_", "not a number" },
	{ "avg<0x1", "not a number" }, /* a hex float needs its p exponent */
	{ "avg<1e", "not a number" },
	{ "avg<+nan", "not a number" },
	{ "avg<5 5", "not a number" },
	{ "avg<<5", "not a number" },
	{ "avg=>5", "unknown aggregation \"avg=\"" },
	{ "<5", "aggregation is missing" },
	{ "avg", "no comparison operator" },
	{ "", "no comparison operator" },
	{ "avg < 1,5", "not a number" },
};

static void test_expr_bad(void **state)
{
	for (size_t i = 0; i < LG_ARRAY_SIZE(bad_exprs); i++) {
		const struct bad_case *c = &bad_exprs[i];
		struct lg_th_expr x;
		struct lg_err err = { 0 };
		char *quoted = lg_xasprintf("\"%s\"", c->src);

		if (lg_th_expr_parse(c->src, &x, &err) != -LG_ECONFIG)
			fail_msg("\"%s\" should be refused", c->src);
		assert_int_equal(err.code, LG_ECONFIG);
		if (!strstr(err.msg, quoted) || !strstr(err.msg, c->needle))
			fail_msg("\"%s\": message \"%s\" lacks the expression or \"%s\"", c->src,
			         err.msg, c->needle);
		free(quoted);
	}
}

static void test_go_parse_float(void **state)
{
	static const struct {
		const char *s;
		int rc;
		double v;
	} cases[] = {
		{ "0", 0, 0 },
		{ "-0", 0, -0.0 },
		{ "1.5", 0, 1.5 },
		{ "1e308", 0, 1e308 },
		{ "1e309", -2, 0 },
		{ "-1e309", -2, 0 },
		{ "0x1p1024", -2, 0 },
		{ "0x1p-1074", 0, 0x1p-1074 },
		{ "0x_1p0", 0, 1 },
		{ "0x1_p0", -1, 0 },
		{ "1_000_000", 0, 1e6 },
		{ "-_1", -1, 0 },
		{ "1._5", -1, 0 },
		{ "1_.5", -1, 0 },
		{ "1e_5", -1, 0 },
		{ "1e+_5", -1, 0 },
		{ "1e5_", -1, 0 },
		{ "infinity", 0, INFINITY },
		{ "infin", -1, 0 },
		{ "in", -1, 0 },
		{ "+", -1, 0 },
		{ ".", -1, 0 },
		{ "1..2", -1, 0 },
		{ "0b101", -1, 0 },
		{ "0o17", -1, 0 },
		{ " 1", -1, 0 },
		{ "1 ", -1, 0 },
		{ "0x", -1, 0 },
		{ "0xp1", -1, 0 },
		{ "0x.8p1", 0, 1 },
		{ "1e-4294967296", 0, 0 },
		{ "1e4294967296", -2, 0 },
		{ "0e99999", 0, 0 },
	};

	for (size_t i = 0; i < LG_ARRAY_SIZE(cases); i++) {
		double v = 12345;
		int rc = lg_go_parse_float(cases[i].s, strlen(cases[i].s), &v);

		if (rc != cases[i].rc)
			fail_msg("\"%s\": rc %d, want %d", cases[i].s, rc, cases[i].rc);
		if (rc == 0 && v != cases[i].v)
			fail_msg("\"%s\": %.17g, want %.17g", cases[i].s, v, cases[i].v);
	}
}

/* ---- keys ------------------------------------------------------------------ */

static void test_keys_good(void **state)
{
	static const struct {
		const char *key, *metric, *name, *suffix;
		size_t n;
		const char *k[2], *v[2];
	} cases[] = {
		{ "http_req_duration", "http_req_duration", "http_req_duration", NULL, 0 },
		{ "http_req_duration{status:200}",
		  "http_req_duration",
		  "http_req_duration{status:200}",
		  "status:200",
		  1,
		  { "status" },
		  { "200" } },
		{ "http_req_duration{status:200,method:GET}",
		  "http_req_duration",
		  "http_req_duration{status:200,method:GET}",
		  "status:200,method:GET",
		  2,
		  { "status", "method" },
		  { "200", "GET" } },
		/* split at the first ':' */
		{ "checks{group:::checkout}",
		  "checks",
		  "checks{group:::checkout}",
		  "group:::checkout",
		  1,
		  { "group" },
		  { "::checkout" } },
		/* trimmed, then unquoted; the suffix is only space-trimmed */
		{ "checks{ group : '::checkout' }",
		  "checks",
		  "checks{group : '::checkout'}",
		  "group : '::checkout'",
		  1,
		  { "group" },
		  { "::checkout" } },
		{ "m{\"a\":\"x y\"}",
		  "m",
		  "m{\"a\":\"x y\"}",
		  "\"a\":\"x y\"",
		  1,
		  { "a" },
		  { "x y" } },
		/* a repeated key keeps its last value */
		{ "m{a:1,a:2}", "m", "m{a:1,a:2}", "a:1,a:2", 1, { "a" }, { "2" } },
		/* the raw value is non-empty, so k6 accepts it; trimmed it is "" */
		{ "m{a: }", "m", "m{a:}", "a:", 1, { "a" }, { "" } },
		/* no trimming of the metric name: lookup fails later (validate) */
		{ "metric {a:b}", "metric ", "metric {a:b}", "a:b", 1, { "a" }, { "b" } },
	};

	for (size_t i = 0; i < LG_ARRAY_SIZE(cases); i++) {
		struct lg_th_key k;
		struct lg_err err = { 0 };

		if (lg_th_key_parse(cases[i].key, &k, &err) != 0)
			fail_msg("key \"%s\" should parse: %s", cases[i].key, err.msg);
		assert_string_equal(k.metric, cases[i].metric);
		assert_string_equal(k.name, cases[i].name);
		if (cases[i].suffix)
			assert_string_equal(k.suffix, cases[i].suffix);
		else
			assert_null(k.suffix);
		assert_int_equal(k.n_tags, cases[i].n);
		for (size_t j = 0; j < cases[i].n; j++) {
			assert_string_equal(k.tags[j].key, cases[i].k[j]);
			assert_string_equal(k.tags[j].value, cases[i].v[j]);
		}
		lg_th_key_cleanup(&k);
	}
}

static void test_keys_bad(void **state)
{
	static const char *const bad[] = {
		"metric{}",
		"metric{a}",
		"metric{a:}",
		"metric{a:b",
		"metric{a:b}x",
		"metric}a:b{",
		"metric{a:b,}",
		"metric{,a:b}",
		"{a:b}",
		"metric a:b}",
		"",
	};

	for (size_t i = 0; i < LG_ARRAY_SIZE(bad); i++) {
		struct lg_th_key k;
		struct lg_err err = { 0 };
		char *quoted = lg_xasprintf("\"%s\"", bad[i]);

		if (lg_th_key_parse(bad[i], &k, &err) != -LG_ECONFIG)
			fail_msg("key \"%s\" should be refused", bad[i]);
		if (!strstr(err.msg, quoted))
			fail_msg("key \"%s\": message \"%s\" does not quote it", bad[i], err.msg);
		free(quoted);
	}
}

static void test_keys_same(void **state)
{
	struct lg_th_key a, b, c;
	struct lg_err err;

	assert_int_equal(lg_th_key_parse("m{a:1,b:2}", &a, &err), 0);
	assert_int_equal(lg_th_key_parse("m{ b : '2' , a:1}", &b, &err), 0);
	assert_int_equal(lg_th_key_parse("m{a:1}", &c, &err), 0);
	assert_true(lg_th_key_same(&a, &b));
	assert_false(lg_th_key_same(&a, &c));
	lg_th_key_cleanup(&a);
	lg_th_key_cleanup(&b);
	lg_th_key_cleanup(&c);
}

/* ---- validation ------------------------------------------------------------ */

static struct lg_registry *test_registry(int *login, int *errors, int *empty_trend,
                                         int *temperature)
{
	struct lg_registry *reg = lg_registry_new();
	struct lg_err err;

	*login = lg_metric_declare(reg, "login_time", LG_TREND, LG_CONTAINS_TIME, &err);
	*errors = lg_metric_declare(reg, "errors", LG_COUNTER, LG_CONTAINS_DEFAULT, &err);
	*empty_trend = lg_metric_declare(reg, "empty_trend", LG_TREND, LG_CONTAINS_TIME, &err);
	*temperature = lg_metric_declare(reg, "temperature", LG_GAUGE, LG_CONTAINS_DEFAULT, &err);
	lg_require(*login >= 0 && *errors >= 0 && *empty_trend >= 0 && *temperature >= 0);
	return reg;
}

/* Add one threshold and validate; returns the rc of the first failing step. */
static int add_validate(struct lg_registry *reg, const char *key, const char *expr,
                        struct lg_err *err)
{
	struct lg_thresholds *t = lg_thresholds_new();
	int rc = lg_thresholds_add(t, key, expr, false, -1, err);

	if (rc == 0)
		rc = lg_thresholds_validate(t, reg, err);
	lg_thresholds_free(t);
	return rc;
}

static void test_validate(void **state)
{
	static const struct {
		const char *key, *expr;
		const char *needle; /* NULL: valid */
	} cases[] = {
		{ "http_req_duration", "p(95)<500", NULL },
		{ "http_req_duration{status:200}", "avg<300", NULL },
		{ "checks", "rate>0.99", NULL },
		{ "http_reqs", "count>=100", NULL },
		{ "http_reqs", "rate>10", NULL },
		{ "vus", "value<100", NULL },
		{ "login_time", "med<100", NULL },
		{ "login_time", "p<100", NULL },
		{ "errors", "count<1", NULL },
		{ "temperature", "value<40", NULL },
		/* unknown metrics, with suggestions */
		{ "http_req_duraton", "p(95)<500", "did you mean \"http_req_duration\"?" },
		{ "HTTP_REQS", "count>1", "did you mean \"http_reqs\"?" },
		{ "login_tme", "avg<1", "did you mean \"login_time\"?" },
		{ "no_such_metric_at_all", "avg<1", "no metric named \"no_such_metric_at_all\"" },
		{ "metric {a:b}", "avg<1", "no metric named \"metric \"" },
		{ "http_req_duration {status:200}", "avg<1",
		  "no metric named \"http_req_duration \"; did you mean \"http_req_duration\"?" },
		/* aggregations the type does not have */
		{ "http_req_duration", "rate<0.1", "\"rate\" is not supported on a trend metric" },
		{ "http_req_duration", "count>0", "\"count\" is not supported on a trend metric" },
		{ "http_req_duration", "value<1", "supported: avg, min, max, med, p(N)" },
		{ "http_reqs", "value<1", "\"value\" is not supported on a counter metric" },
		{ "http_reqs", "avg<1", "supported: count, rate" },
		{ "checks", "count>1", "\"count\" is not supported on a rate metric" },
		{ "vus", "max<10",
		  "\"max\" is not supported on a gauge metric (supported: value)" },
		{ "errors", "p(99)<1", "\"p(99)\" is not supported on a counter metric" },
	};
	int a, b, c, d;
	struct lg_registry *reg = test_registry(&a, &b, &c, &d);

	for (size_t i = 0; i < LG_ARRAY_SIZE(cases); i++) {
		struct lg_err err = { 0 };
		int rc = add_validate(reg, cases[i].key, cases[i].expr, &err);

		if (!cases[i].needle) {
			if (rc != 0)
				fail_msg("%s: %s should be valid: %s", cases[i].key, cases[i].expr,
				         err.msg);
			continue;
		}
		if (rc != -LG_ECONFIG)
			fail_msg("%s: %s should be refused", cases[i].key, cases[i].expr);
		if (!strstr(err.msg, cases[i].needle))
			fail_msg("%s: %s: message \"%s\" lacks \"%s\"", cases[i].key, cases[i].expr,
			         err.msg, cases[i].needle);
	}
	lg_registry_free(reg);
}

static void test_add_errors(void **state)
{
	struct lg_thresholds *t = lg_thresholds_new();
	struct lg_err err = { 0 };

	assert_int_equal(lg_thresholds_add(t, "metric{}", "avg<1", false, -1, &err), -LG_ECONFIG);
	assert_non_null(strstr(err.msg, "\"metric{}\""));
	err = (struct lg_err){ 0 };
	assert_int_equal(lg_thresholds_add(t, "http_req_duration", "p(95)>", false, -1, &err),
	                 -LG_ECONFIG);
	assert_non_null(strstr(err.msg, "\"p(95)>\""));
	assert_non_null(strstr(err.msg, "(in the thresholds of \"http_req_duration\")"));
	assert_int_equal(lg_thresholds_count(t), 0); /* nothing was added */
	assert_int_equal(lg_thresholds_add(t, "http_req_duration", "p(95)<1", false, -1, &err), 0);
	assert_int_equal(lg_thresholds_add(t, "http_req_duration", "avg<1", false, -1, &err), 0);
	assert_int_equal(lg_thresholds_count(t), 2);
	lg_thresholds_free(t);
}

/* ---- evaluation over a real aggregate --------------------------------------- */

struct world {
	struct lg_registry *reg;
	struct lg_tagpool *pool;
	struct lg_sink *sink;
	struct lg_agg *agg;
	int login, errors, empty_trend, temperature;
};

static void tagged(struct world *w, int id, const char *k, const char *v, double value, int64_t ts)
{
	struct lg_tag t[] = { { "scenario", "default" }, { k, v } };

	lg_sink_add(w->sink, id, lg_tagpool_intern(w->pool, t, k ? 2 : 1), value, ts);
}

/*
 * http_req_duration: 1..100 ms, status 200 for 1..90 and 500 for 91..100;
 * http_reqs: 100; http_req_failed: 10 of 100; vus: 5 then 3 (last = 3);
 * login_time: 10 samples of 2.5; errors: none; empty_trend: none; checks:
 * none.  Merged in two halves, as periodic flushes would.
 */
static int world_setup(void **state)
{
	struct world *w = calloc(1, sizeof(*w));

	w->reg = test_registry(&w->login, &w->errors, &w->empty_trend, &w->temperature);
	w->pool = lg_tagpool_new();
	w->sink = lg_sink_new(w->reg);
	w->agg = lg_agg_new(w->reg);
	for (int i = 1; i <= 100; i++) {
		const char *status = i <= 90 ? "200" : "500";

		tagged(w, LG_M_HTTP_REQ_DURATION, "status", status, i, i);
		tagged(w, LG_M_HTTP_REQS, "status", status, 1, i);
		tagged(w, LG_M_HTTP_REQ_FAILED, "status", status, i > 90, i);
		if (i == 50) {
			lg_agg_merge(w->agg, w->sink);
			lg_sink_reset(w->sink);
		}
	}
	tagged(w, LG_M_VUS, NULL, NULL, 5, 1000);
	tagged(w, LG_M_VUS, NULL, NULL, 3, 2000);
	for (int i = 0; i < 10; i++)
		tagged(w, w->login, NULL, NULL, 2.5, i);
	lg_agg_merge(w->agg, w->sink);
	lg_sink_reset(w->sink);
	*state = w;
	return 0;
}

static int world_teardown(void **state)
{
	struct world *w = *state;

	lg_agg_free(w->agg);
	lg_sink_free(w->sink);
	lg_tagpool_free(w->pool);
	lg_registry_free(w->reg);
	free(w);
	return 0;
}

struct expect {
	const char *key, *expr;
	bool ok;
	double observed;
};

/* Build the summary the way run.c does and return its metric `name`. */
static const struct lg_summary_metric *summary_metric(const struct lg_summary *s, const char *name)
{
	for (size_t i = 0; i < s->n_metrics; i++)
		if (strcmp(s->metrics[i].name, name) == 0)
			return &s->metrics[i];
	fail_msg("metric %s is not in the summary", name);
	return NULL;
}

static const struct lg_summary_threshold *find_th(const struct lg_summary *s, const char *name,
                                                  const char *expr)
{
	const struct lg_summary_metric *m = summary_metric(s, name);

	for (size_t i = 0; i < m->n_thresholds; i++)
		if (strcmp(m->thresholds[i].expr, expr) == 0)
			return &m->thresholds[i];
	fail_msg("metric %s has no threshold %s", name, expr);
	return NULL;
}

static void test_eval_aggregations(void **state)
{
	struct world *w = *state;
	/* observed values follow k6: p(N) interpolates 1..100 at N/100 * 99 */
	static const struct expect cases[] = {
		{ "http_req_duration", "avg==50.5", true, 50.5 },
		{ "http_req_duration", "min==1", true, 1 },
		{ "http_req_duration", "max==100", true, 100 },
		{ "http_req_duration", "med==50.5", true, 50.5 },
		{ "http_req_duration", "p(95)<95", false, 95.05 },
		{ "http_req_duration", "p(95.0)<=95.05", true, 95.05 },
		{ "http_req_duration", "p(90)>=90", true, 90.1 },
		{ "http_req_duration", "p(0)==1", true, 1 },
		{ "http_req_duration", "p<2", true, 1 },
		{ "http_req_duration", "p(100)!=100", false, 100 },
		{ "http_req_duration{status:200}", "p(95)<85.6", true, 85.55 },
		{ "http_req_duration{status:200}", "max===90", true, 90 },
		{ "http_req_duration{status:500}", "min>90", true, 91 },
		{ "http_reqs", "count==100", true, 100 },
		{ "http_reqs", "rate==10", true, 10 }, /* 100 over 10 s */
		{ "http_reqs{status:500}", "count<10", false, 10 },
		{ "http_req_failed", "rate<0.1", false, 0.1 },
		{ "http_req_failed", "rate<=0.1", true, 0.1 },
		{ "http_req_failed{status:200}", "rate==0", true, 0 },
		{ "vus", "value==3", true, 3 },
		{ "login_time", "avg==2.5", true, 2.5 },
		/* empty metrics at the final evaluation */
		{ "checks", "rate>0.99", true, 0 }, /* no samples: passes, as in k6 */
		{ "errors", "count<1", true, 0 },
		{ "errors", "rate>0", false, 0 },
		{ "empty_trend", "avg==0", true, 0 },
		{ "empty_trend", "p(99)>0", false, 0 },
		{ "temperature", "value==0", true, 0 },
		{ "http_req_duration{status:302}", "max>0", false, 0 },
	};
	struct lg_thresholds *t = lg_thresholds_new();
	struct lg_summary_opts so = { 0 };
	struct lg_summary *s;
	struct lg_err err = { 0 };
	int failed_want = 0, failed;
	bool abort_now = false;
	char *names;

	for (size_t i = 0; i < LG_ARRAY_SIZE(cases); i++) {
		assert_int_equal(lg_thresholds_add(t, cases[i].key, cases[i].expr, true, -1, &err),
		                 0);
		failed_want += !cases[i].ok;
	}
	assert_int_equal(lg_thresholds_validate(t, w->reg, &err), 0);
	failed = lg_thresholds_eval(t, w->agg, 10 * NS, true, &abort_now);
	assert_int_equal(failed, failed_want);
	assert_false(abort_now); /* the final evaluation never aborts */
	assert_true(lg_thresholds_failed(t));
	names = lg_thresholds_failed_metrics(t);
	assert_string_equal(names, "empty_trend, errors, http_req_duration, "
	                           "http_req_duration{status:302}, http_req_failed, "
	                           "http_reqs{status:500}");
	free(names);

	so.duration_ms = 10000;
	lg_thresholds_summary_opts(t, &so);
	s = lg_summary_build(w->agg, w->reg, &so);
	lg_thresholds_apply(t, s);
	assert_true(s->thresholds_failed);
	for (size_t i = 0; i < LG_ARRAY_SIZE(cases); i++) {
		const struct lg_summary_threshold *th = find_th(s, cases[i].key, cases[i].expr);

		if (th->ok != cases[i].ok)
			fail_msg("%s %s: ok=%d, want %d", cases[i].key, cases[i].expr, th->ok,
			         cases[i].ok);
		if (fabs(th->observed - cases[i].observed) > 1e-9)
			fail_msg("%s %s: observed %.17g, want %.17g", cases[i].key, cases[i].expr,
			         th->observed, cases[i].observed);
	}
	/* the aggregation as written, for the THRESHOLDS section */
	assert_string_equal(find_th(s, "http_req_duration", "p(95.0)<=95.05")->agg, "p(95.0)");
	/* metrics without samples are listed because they have thresholds */
	assert_int_equal(summary_metric(s, "errors")->count, 0);
	assert_int_equal(summary_metric(s, "empty_trend")->n_thresholds, 2);
	assert_int_equal(summary_metric(s, "http_req_duration")->n_thresholds, 10);
	assert_string_equal(summary_metric(s, "http_req_duration{status:302}")->parent,
	                    "http_req_duration");
	/* the summary shows the same numbers as the thresholds saw */
	assert_true(summary_metric(s, "http_reqs")->rate == 10);
	assert_int_equal(lg_summary_set_exit_code(s, 0), 99);
	assert_string_equal(lg_summary_verdict(s), "failed");
	assert_int_equal(lg_summary_set_exit_code(s, 107), 107); /* the run's error wins */
	lg_summary_free(s);
	lg_thresholds_free(t);
}

static void test_eval_periodic_and_abort(void **state)
{
	struct world *w = *state;
	struct lg_thresholds *t = lg_thresholds_new();
	struct lg_err err = { 0 };
	bool abort_now = false;
	char *names;

	/* no samples: skipped periodically, failing at the end */
	assert_int_equal(lg_thresholds_add(t, "empty_trend", "avg>1", true, -1, &err), 0);
	assert_int_equal(lg_thresholds_validate(t, w->reg, &err), 0);
	assert_int_equal(lg_thresholds_eval(t, w->agg, 2 * NS, false, &abort_now), 0);
	assert_false(abort_now);
	assert_false(lg_thresholds_failed(t));
	assert_int_equal(lg_thresholds_eval(t, w->agg, 4 * NS, true, &abort_now), 1);
	assert_false(abort_now);
	assert_true(lg_thresholds_failed(t));
	lg_thresholds_free(t);

	/* abortOnFail without delayAbortEval: the first failing evaluation aborts */
	t = lg_thresholds_new();
	assert_int_equal(lg_thresholds_add(t, "http_req_duration", "p(95)<10", true, -1, &err), 0);
	assert_int_equal(lg_thresholds_validate(t, w->reg, &err), 0);
	assert_int_equal(lg_thresholds_eval(t, w->agg, 1, false, &abort_now), 1);
	assert_true(abort_now);
	lg_thresholds_free(t);

	/* with delayAbortEval 10s: only once more than 10 s have elapsed */
	t = lg_thresholds_new();
	abort_now = false;
	assert_int_equal(
	    lg_thresholds_add(t, "http_req_duration{status:200}", "avg<1", true, 10 * NS, &err), 0);
	assert_int_equal(lg_thresholds_add(t, "http_reqs", "count>1000", false, -1, &err), 0);
	assert_int_equal(lg_thresholds_validate(t, w->reg, &err), 0);
	assert_int_equal(lg_thresholds_eval(t, w->agg, 2 * NS, false, &abort_now), 2);
	assert_false(abort_now);
	assert_int_equal(lg_thresholds_eval(t, w->agg, 10 * NS, false, &abort_now), 2);
	assert_false(abort_now); /* k6: delay < elapsed, strictly */
	assert_int_equal(lg_thresholds_eval(t, w->agg, 10 * NS + 1, false, &abort_now), 2);
	assert_true(abort_now);
	lg_thresholds_free(t);

	/* a failing threshold without abortOnFail never aborts */
	t = lg_thresholds_new();
	abort_now = false;
	assert_int_equal(lg_thresholds_add(t, "http_reqs", "count>1000", false, -1, &err), 0);
	assert_int_equal(lg_thresholds_validate(t, w->reg, &err), 0);
	assert_int_equal(lg_thresholds_eval(t, w->agg, 60 * NS, false, &abort_now), 1);
	assert_false(abort_now);
	/* passing abortOnFail: no abort either */
	assert_int_equal(lg_thresholds_add(t, "http_reqs", "count==100", true, -1, &err), 0);
	assert_int_equal(lg_thresholds_validate(t, w->reg, &err), 0);
	assert_int_equal(lg_thresholds_eval(t, w->agg, 60 * NS, false, &abort_now), 1);
	assert_false(abort_now);
	names = lg_thresholds_failed_metrics(t);
	assert_string_equal(names, "http_reqs");
	free(names);
	lg_thresholds_free(t);
}

/* A later evaluation overwrites the earlier result (a metric recovers). */
static void test_eval_recovers(void **state)
{
	struct world *w = *state;
	struct lg_thresholds *t = lg_thresholds_new();
	struct lg_err err = { 0 };
	int id = w->login;
	char *names;

	assert_int_equal(lg_thresholds_add(t, "login_time", "max<3", false, -1, &err), 0);
	assert_int_equal(lg_thresholds_validate(t, w->reg, &err), 0);
	assert_int_equal(lg_thresholds_eval(t, w->agg, NS, false, NULL), 0);
	assert_null(lg_thresholds_failed_metrics(t));
	tagged(w, id, NULL, NULL, 7, 99);
	lg_agg_merge(w->agg, w->sink);
	lg_sink_reset(w->sink);
	assert_int_equal(lg_thresholds_eval(t, w->agg, 2 * NS, false, NULL), 1);
	assert_true(lg_thresholds_failed(t));
	names = lg_thresholds_failed_metrics(t);
	assert_string_equal(names, "login_time");
	free(names);
	lg_thresholds_free(t);
}

/* Two spellings of one sub-metric: one summary entry carrying both lists. */
static void test_apply_same_submetric(void **state)
{
	struct world *w = *state;
	struct lg_thresholds *t = lg_thresholds_new();
	struct lg_summary_opts so = { 0 };
	struct lg_summary *s;
	struct lg_err err = { 0 };
	const struct lg_summary_metric *m;
	size_t n_sub = 0;

	assert_int_equal(
	    lg_thresholds_add(t, "http_req_duration{status:200}", "avg<100", false, -1, &err), 0);
	assert_int_equal(
	    lg_thresholds_add(t, "http_req_duration{ status : '200' }", "max<100", false, -1, &err),
	    0);
	assert_int_equal(lg_thresholds_validate(t, w->reg, &err), 0);
	assert_int_equal(lg_thresholds_eval(t, w->agg, NS, true, NULL), 0);
	so.duration_ms = 1000;
	lg_thresholds_summary_opts(t, &so);
	assert_int_equal(so.n_submetrics, 2);
	assert_int_equal(so.n_include, 0);
	s = lg_summary_build(w->agg, w->reg, &so);
	lg_thresholds_apply(t, s);
	for (size_t i = 0; i < s->n_metrics; i++)
		n_sub += s->metrics[i].parent != NULL;
	assert_int_equal(n_sub, 1);
	m = summary_metric(s, "http_req_duration{status:200}");
	assert_int_equal(m->n_thresholds, 2);
	assert_string_equal(m->thresholds[0].expr, "avg<100");
	assert_string_equal(m->thresholds[1].expr, "max<100");
	assert_false(s->thresholds_failed);
	assert_int_equal(lg_summary_set_exit_code(s, 0), 0);
	assert_string_equal(lg_summary_verdict(s), "passed");
	lg_summary_free(s);
	lg_thresholds_free(t);
}

/* --no-thresholds: keys still make sub-metrics; nothing is parsed or evaluated. */
static void test_disabled(void **state)
{
	struct world *w = *state;
	struct lg_thresholds *t = lg_thresholds_new();
	struct lg_summary_opts so = { 0 };
	struct lg_summary *s;
	struct lg_err err = { 0 };
	const struct lg_summary_metric *m;

	lg_thresholds_disable(t);
	assert_int_equal(lg_thresholds_add(t, "metric{}", "avg<1", false, -1, &err), 0);
	assert_int_equal(
	    lg_thresholds_add(t, "http_req_duration{status:200}", "p(95)>", false, -1, &err), 0);
	assert_int_equal(
	    lg_thresholds_add(t, "http_req_duration{status:200}", "avg<0", false, -1, &err), 0);
	assert_int_equal(lg_thresholds_add(t, "no_such_metric{a:b}", "avg<1", false, -1, &err), 0);
	assert_int_equal(lg_thresholds_add(t, "empty_trend", "avg>1", true, -1, &err), 0);
	assert_int_equal(err.code, LG_EOK);
	assert_int_equal(lg_thresholds_count(t), 0);
	assert_int_equal(lg_thresholds_validate(t, w->reg, &err), 0);
	assert_int_equal(lg_thresholds_eval(t, w->agg, NS, true, NULL), 0);
	assert_false(lg_thresholds_failed(t));
	assert_null(lg_thresholds_failed_metrics(t));
	so.duration_ms = 1000;
	lg_thresholds_summary_opts(t, &so);
	assert_int_equal(so.n_submetrics, 1);
	assert_string_equal(so.submetrics[0], "http_req_duration{status:200}");
	assert_int_equal(so.n_include, 0);
	s = lg_summary_build(w->agg, w->reg, &so);
	lg_thresholds_apply(t, s);
	m = summary_metric(s, "http_req_duration{status:200}");
	assert_int_equal(m->n_thresholds, 0);
	for (size_t i = 0; i < s->n_metrics; i++)
		assert_string_not_equal(s->metrics[i].name, "empty_trend");
	assert_false(s->thresholds_failed);
	assert_int_equal(lg_summary_set_exit_code(s, 0), 0);
	lg_summary_free(s);
	lg_thresholds_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expr_good),
		cmocka_unit_test(test_expr_bad),
		cmocka_unit_test(test_go_parse_float),
		cmocka_unit_test(test_keys_good),
		cmocka_unit_test(test_keys_bad),
		cmocka_unit_test(test_keys_same),
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_add_errors),
		cmocka_unit_test_setup_teardown(test_eval_aggregations, world_setup,
		                                world_teardown),
		cmocka_unit_test_setup_teardown(test_eval_periodic_and_abort, world_setup,
		                                world_teardown),
		cmocka_unit_test_setup_teardown(test_eval_recovers, world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_apply_same_submetric, world_setup,
		                                world_teardown),
		cmocka_unit_test_setup_teardown(test_disabled, world_setup, world_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
