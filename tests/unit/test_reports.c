/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests for the CI reports of src/report: JUnit XML, TAP 14,
 * --summary-json and handleSummary's data, plus the THRESHOLDS section of
 * the text summary and the thresholds of --summary-export, rendered from
 * hand-built summaries (passing and failing thresholds and checks, nested
 * groups, a run error, an empty run) and compared with golden files in
 * fixtures/golden/gate-*.
 *
 * Every JUnit document is validated against fixtures/junit/junit.xsd with
 * libxml2's xmlSchemaValidateDoc, and its counts are checked with XPath.
 * The TAP is checked structurally here; tests/integration/
 * test_report_goldens.py runs prove (and node's tap-parser, when installed)
 * on the golden files.
 *
 * LG_UPDATE_GOLDEN=1 rewrites the golden files instead of comparing.
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

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>

#include "lg/base.h"
#include "lg/metrics.h"
#include "lg/summary.h"

/* ---- helpers ----------------------------------------------------------- */

static char *source_path(const char *rel)
{
	const char *root = getenv("LG_SOURCE_ROOT");

	return lg_xasprintf("%s/%s", root ? root : ".", rel);
}

static void check_golden(const char *name, const struct lg_buf *out)
{
	char *rel = lg_xasprintf("fixtures/golden/%s", name);
	char *path = source_path(rel), *want;
	size_t len = 0, line = 1;
	const char *g, *w;

	free(rel);
	if (getenv("LG_UPDATE_GOLDEN")) {
		assert_int_equal(lg_write_file_atomic(path, out->data, out->len), 0);
		free(path);
		return;
	}
	want = lg_read_file(path, &len);
	if (!want)
		fail_msg("cannot read golden file %s", path);
	if (out->len != len || memcmp(out->data, want, len) != 0) {
		g = out->data;
		w = want;
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

static size_t count_substr(const char *s, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* ---- JUnit: schema validation and XPath counts --------------------------- */

static xmlSchemaPtr junit_schema(void)
{
	static xmlSchemaPtr schema;
	char *path;
	xmlSchemaParserCtxtPtr pc;

	if (schema)
		return schema;
	path = source_path("fixtures/junit/junit.xsd");
	pc = xmlSchemaNewParserCtxt(path);
	assert_non_null(pc);
	schema = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
	if (!schema)
		fail_msg("cannot parse the schema %s", path);
	free(path);
	return schema;
}

/* 0 when `xml` is well-formed and valid against junit.xsd. */
static int junit_validate(const char *xml, size_t len)
{
	xmlDocPtr doc = xmlReadMemory(xml, (int)len, "junit.xml", NULL, XML_PARSE_NONET);
	xmlSchemaValidCtxtPtr vc;
	int rc;

	if (!doc)
		return -1;
	vc = xmlSchemaNewValidCtxt(junit_schema());
	rc = xmlSchemaValidateDoc(vc, doc);
	xmlSchemaFreeValidCtxt(vc);
	xmlFreeDoc(doc);
	return rc;
}

static double xpath_num(const char *xml, size_t len, const char *expr)
{
	xmlDocPtr doc = xmlReadMemory(xml, (int)len, "junit.xml", NULL, XML_PARSE_NONET);
	xmlXPathContextPtr ctx;
	xmlXPathObjectPtr o;
	double v;

	assert_non_null(doc);
	ctx = xmlXPathNewContext(doc);
	o = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
	assert_non_null(o);
	v = xmlXPathCastToNumber(o);
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	xmlFreeDoc(doc);
	return v;
}

static char *xpath_str(const char *xml, size_t len, const char *expr)
{
	xmlDocPtr doc = xmlReadMemory(xml, (int)len, "junit.xml", NULL, XML_PARSE_NONET);
	xmlXPathContextPtr ctx;
	xmlXPathObjectPtr o;
	xmlChar *v;
	char *r;

	assert_non_null(doc);
	ctx = xmlXPathNewContext(doc);
	o = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
	assert_non_null(o);
	v = xmlXPathCastToString(o);
	r = lg_xstrdup((const char *)v);
	xmlFree(v);
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	xmlFreeDoc(doc);
	return r;
}

#define assert_xpath(buf, expr, want)                                               \
	do {                                                                        \
		double got_ = xpath_num((buf)->data, (buf)->len, (expr));           \
		if (got_ != (double)(want))                                         \
			fail_msg("%s = %g, want %g", (expr), got_, (double)(want)); \
	} while (0)

#define assert_xpath_str(buf, expr, want)                                           \
	do {                                                                        \
		char *got_ = xpath_str((buf)->data, (buf)->len, (expr));            \
		if (strcmp(got_, (want)) != 0)                                      \
			fail_msg("%s = \"%s\", want \"%s\"", (expr), got_, (want)); \
		free(got_);                                                         \
	} while (0)

/* ---- TAP: structure --------------------------------------------------------- */

struct tap_stats {
	int plan, points, not_ok, todo;
};

/* Parse our TAP: version line, plan, sequential points, YAML blocks. */
static struct tap_stats tap_check(const char *tap)
{
	struct tap_stats st = { -1, 0, 0, 0 };
	const char *p = tap;
	bool in_yaml = false;

	assert_true(strncmp(tap, "TAP version 14\n", 15) == 0);
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = lg_xstrndup(p, n);
		int id = 0;

		if (!nl)
			fail_msg("TAP does not end with a newline");
		if (in_yaml) {
			if (strcmp(line, "  ...") == 0)
				in_yaml = false;
			else if (strncmp(line, "  ", 2) != 0)
				fail_msg("YAML line not indented: %s", line);
		} else if (strcmp(line, "  ---") == 0) {
			in_yaml = true;
		} else if (strncmp(line, "1..", 3) == 0) {
			assert_int_equal(st.plan, -1);
			assert_int_equal(st.points, 0); /* the plan comes first */
			st.plan = (int)strtol(line + 3, NULL, 10);
		} else if (strncmp(line, "ok ", 3) == 0 || strncmp(line, "not ok ", 7) == 0) {
			bool bad = line[0] == 'n';
			const char *hash;

			id = (int)strtol(line + (bad ? 7 : 3), NULL, 10);
			assert_int_equal(id, ++st.points);
			st.not_ok += bad;
			/* an unescaped '#' starts a directive: only our TODO may have one */
			hash = line;
			while ((hash = strchr(hash, '#')) && hash[-1] == '\\')
				hash++;
			if (hash) {
				assert_true(bad);
				assert_non_null(strstr(hash, "# TODO "));
				st.todo++;
			}
		} else if (line[0] != '#' && strcmp(line, "TAP version 14") != 0) {
			fail_msg("unexpected TAP line: %s", line);
		}
		free(line);
		p = nl + 1;
	}
	assert_false(in_yaml);
	assert_int_equal(st.plan, st.points);
	return st;
}

/* ---- fixtures ----------------------------------------------------------- */

#define DURATION_MS 10412.345678
#define DURATION_S (DURATION_MS / 1000)

static char *trend_stats[] = { "avg", "min", "med", "max", "p(90)", "p(95)" };

static struct lg_tag properties[] = {
	{ "script", "script.js" },
	{ "vus", "10" },
	{ "duration", "10s" },
	{ "scenarios", "default" },
};

static double st_duration[] = { 139.602412, 104.503, 134.28, 256.138, 154.93312, 172.954111 };
static double st_expected[] = { 137.012, 104.503, 133.9, 201.27, 150.004, 160.1 };
static double st_iter[] = { 1141.2, 1104.65, 1134.61, 1350.4, 1160.9, 1201.33 };

static struct lg_summary_threshold th_duration[] = {
	{ .expr = "p(95)<500", .ok = true, .agg = "p(95)", .observed = 172.954111 },
	{ .expr = "avg < 200", .ok = true, .agg = "avg", .observed = 139.602412 },
};
static struct lg_summary_threshold th_expected_fail[] = {
	{ .expr = "p(99)<200", .ok = false, .agg = "p(99)", .observed = 201.0137 },
};
static struct lg_summary_threshold th_expected_ok[] = {
	{ .expr = "p(99)<300", .ok = true, .agg = "p(99)", .observed = 201.0137 },
};
static struct lg_summary_threshold th_failed_fail[] = {
	{ .expr = "rate<0.01", .ok = false, .agg = "rate", .observed = 2.0 / 45 },
};
static struct lg_summary_threshold th_failed_ok[] = {
	{ .expr = "rate<0.05", .ok = true, .agg = "rate", .observed = 2.0 / 45 },
};
static struct lg_summary_threshold th_checks_fail[] = {
	{ .expr = "rate>0.9", .ok = false, .agg = "rate", .observed = 42.0 / 50 },
};
static struct lg_summary_threshold th_reqs[] = {
	{ .expr = "count>10", .ok = true, .agg = "count", .observed = 45 },
	{ .expr = "rate>1", .ok = true, .agg = "rate", .observed = 45 / DURATION_S },
};

static struct lg_summary_check root_checks_fail[] = {
	{ "status is 200", "::status is 200", "6210a8cd14cd70477eba5c5e4cb3fb5f", 20, 0 },
	{ "body <b>\"ok\"</b> & # 100%\\done", "::body <b>\"ok\"</b> & # 100%\\done",
	  "00000000000000000000000000000001", 19, 1 },
};
static struct lg_summary_check auth_checks_fail[] = {
	{ "body has id", "::login::auth::body has id", "28410188b78c926882166a7168321244", 3, 7 },
	{ "status is 200", "::login::auth::status is 200", "4500732d54792b22eb2d0fe366b7b472", 10,
	  0 },
};
static struct lg_summary_check login_checks[] = {
	{ "token présent", "::login::token présent", "0c55c782143d7f0ba5b17a17b6f2a342", 10, 0 },
};
static struct lg_summary_group login_groups_fail[] = {
	{ "auth", "::login::auth", "596cc62023472ebd9ee768b736771709", NULL, 0, auth_checks_fail,
	  2 },
};
static struct lg_summary_group root_groups_fail[] = {
	{ "login", "::login", "a7d10b3a6c9a385ee254f0dbc7f9c8c9", login_groups_fail, 1,
	  login_checks, 1 },
	{ "logout", "::logout", "e7b2b17596a4f83d6bfb6e6e66df21aa", NULL, 0, NULL, 0 },
};

static struct lg_summary_check root_checks_ok[] = {
	{ "status is 200", "::status is 200", "6210a8cd14cd70477eba5c5e4cb3fb5f", 20, 0 },
};
static struct lg_summary_check auth_checks_ok[] = {
	{ "status is 200", "::login::auth::status is 200", "4500732d54792b22eb2d0fe366b7b472", 10,
	  0 },
};
static struct lg_summary_group login_groups_ok[] = {
	{ "auth", "::login::auth", "596cc62023472ebd9ee768b736771709", NULL, 0, auth_checks_ok, 1 },
};
static struct lg_summary_group root_groups_ok[] = {
	{ "login", "::login", "a7d10b3a6c9a385ee254f0dbc7f9c8c9", login_groups_ok, 1, login_checks,
	  1 },
};

static struct lg_summary_metric counter(char *name, enum lg_metric_contains c, double count)
{
	struct lg_summary_metric m = { .name = name, .type = LG_COUNTER, .contains = c };

	m.count = count;
	m.rate = count / DURATION_S;
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

static struct lg_summary_metric trend(char *name, double *stats)
{
	struct lg_summary_metric m = { .name = name,
		                       .type = LG_TREND,
		                       .contains = LG_CONTAINS_TIME };

	m.stats = stats;
	if (strchr(name, '{')) {
		m.parent = "http_req_duration";
		m.suffix = "expected_response:true";
	}
	return m;
}

struct fixture {
	struct lg_summary s;
	struct lg_summary_metric m[12];
	struct lg_hist *hist;
};

enum kind { FAILED, PASSED, RUN_ERROR, FAIL_ON_CHECK, EMPTY };

/* A run with thresholds and checks; `kind` picks outcomes and the exit code. */
static void make(struct fixture *f, enum kind kind)
{
	struct lg_summary *s = &f->s;
	bool fail = kind == FAILED;
	size_t i = 0;

	memset(f, 0, sizeof(*f));
	s->duration_ms = DURATION_MS;
	s->trend_stats = trend_stats;
	s->n_trend_stats = LG_ARRAY_SIZE(trend_stats);
	s->no_color = true;
	s->version = "0.1.0";
	s->properties = properties;
	s->n_properties = LG_ARRAY_SIZE(properties);
	s->root.name = "";
	s->root.path = "";
	s->root.id = "d41d8cd98f00b204e9800998ecf8427e";
	s->setup_data_json = "{\"token\": \"abc\", \"n\": 1.0}";
	if (kind == EMPTY) {
		f->m[i++] = counter("iterations", LG_CONTAINS_DEFAULT, 45);
		s->metrics = f->m;
		s->n_metrics = i;
		s->setup_data_json = NULL;
		return;
	}
	if (fail || kind == FAIL_ON_CHECK) {
		s->root.checks = root_checks_fail;
		s->root.n_checks = LG_ARRAY_SIZE(root_checks_fail);
		s->root.groups = root_groups_fail;
		s->root.n_groups = LG_ARRAY_SIZE(root_groups_fail);
		s->checks_passes = 62;
		s->checks_fails = 8;
	} else {
		s->root.checks = root_checks_ok;
		s->root.n_checks = LG_ARRAY_SIZE(root_checks_ok);
		s->root.groups = root_groups_ok;
		s->root.n_groups = LG_ARRAY_SIZE(root_groups_ok);
		s->checks_passes = 40;
		s->checks_fails = 0;
	}
	s->fail_on_check = kind == FAIL_ON_CHECK || kind == PASSED;

	f->m[i] = rate("checks", s->checks_passes, s->checks_fails);
	if (fail) {
		f->m[i].thresholds = th_checks_fail;
		f->m[i].n_thresholds = 1;
	}
	i++;
	f->m[i++] = counter("data_received", LG_CONTAINS_DATA, 23500);
	f->m[i] = trend("http_req_duration", st_duration);
	f->m[i].thresholds = th_duration;
	f->m[i].n_thresholds = LG_ARRAY_SIZE(th_duration);
	f->hist = lg_hist_new();
	for (int k = 1; k <= 5; k++)
		lg_hist_add(f->hist, 100.5 * k);
	f->m[i++].hist = f->hist;
	f->m[i] = trend("http_req_duration{expected_response:true}", st_expected);
	f->m[i].thresholds = fail ? th_expected_fail : th_expected_ok;
	f->m[i++].n_thresholds = 1;
	f->m[i] = rate("http_req_failed", 2, 43);
	f->m[i].thresholds = fail ? th_failed_fail : th_failed_ok;
	f->m[i++].n_thresholds = 1;
	f->m[i] = counter("http_reqs", LG_CONTAINS_DEFAULT, 45);
	f->m[i].thresholds = th_reqs;
	f->m[i++].n_thresholds = LG_ARRAY_SIZE(th_reqs);
	f->m[i++] = trend("iteration_duration", st_iter);
	f->m[i++] = counter("iterations", LG_CONTAINS_DEFAULT, 45);
	s->metrics = f->m;
	s->n_metrics = i;
	s->thresholds_failed = fail;
	lg_summary_set_exit_code(s, kind == RUN_ERROR ? lg_err_exit_code(LG_ESCRIPT) : 0);
}

static void unmake(struct fixture *f)
{
	lg_hist_free(f->hist);
}

/* ---- tests --------------------------------------------------------------------- */

static void test_exit_code(void **state)
{
	struct fixture f;

	make(&f, FAILED);
	assert_int_equal(f.s.exit_code, 99);
	assert_string_equal(lg_summary_verdict(&f.s), "failed");
	unmake(&f);
	make(&f, PASSED);
	assert_int_equal(f.s.exit_code, 0);
	assert_string_equal(lg_summary_verdict(&f.s), "passed");
	unmake(&f);
	make(&f, FAIL_ON_CHECK); /* thresholds pass, checks fail, --fail-on-check */
	assert_false(f.s.thresholds_failed);
	assert_int_equal(f.s.exit_code, 99);
	f.s.fail_on_check = false; /* the same run without the flag passes */
	assert_int_equal(lg_summary_set_exit_code(&f.s, 0), 0);
	assert_int_equal(lg_summary_set_exit_code(&f.s, 110), 110);
	unmake(&f);
	make(&f, RUN_ERROR);
	assert_int_equal(f.s.exit_code, 107);
	unmake(&f);
}

static void test_junit(void **state)
{
	static const struct {
		enum kind kind;
		const char *golden;
		int tests, failures, errors, th_fail, ck_fail;
	} cases[] = {
		{ FAILED, "gate-failed.junit.xml", 12, 5, 0, 3, 2 },
		{ PASSED, "gate-passed.junit.xml", 9, 0, 0, 0, 0 },
		{ RUN_ERROR, "gate-error.junit.xml", 10, 0, 1, 0, 0 },
		{ FAIL_ON_CHECK, "gate-failoncheck.junit.xml", 11, 2, 0, 0, 2 },
		{ EMPTY, "gate-empty.junit.xml", 0, 0, 0, 0, 0 },
	};

	for (size_t i = 0; i < LG_ARRAY_SIZE(cases); i++) {
		struct fixture f;
		struct lg_buf out = { 0 };

		make(&f, cases[i].kind);
		lg_report_junit(&f.s, &out);
		check_golden(cases[i].golden, &out);
		if (junit_validate(out.data, out.len) != 0)
			fail_msg("%s is not valid against fixtures/junit/junit.xsd",
			         cases[i].golden);
		assert_xpath(&out, "number(/testsuites/@tests)", cases[i].tests);
		assert_xpath(&out, "count(//testcase)", cases[i].tests);
		assert_xpath(&out, "number(/testsuites/@failures)", cases[i].failures);
		assert_xpath(&out, "count(//failure)", cases[i].failures);
		assert_xpath(&out, "number(/testsuites/@errors)", cases[i].errors);
		assert_xpath(&out, "count(//error)", cases[i].errors);
		assert_xpath(&out, "count(//testsuite[@name='thresholds']/testcase/failure)",
		             cases[i].th_fail);
		assert_xpath(&out, "number(//testsuite[@name='thresholds']/@failures)",
		             cases[i].th_fail);
		assert_xpath(&out, "count(//testsuite[@name='checks']/testcase/failure)",
		             cases[i].ck_fail);
		assert_xpath(&out, "number(//testsuite[@name='checks']/@failures)",
		             cases[i].ck_fail);
		assert_xpath(&out, "count(//testsuite[@name='run'])", cases[i].errors);
		assert_xpath_str(&out, "string(/testsuites/@time)", "10.412");
		unmake(&f);
		lg_buf_free(&out);
	}
}

static void test_junit_content(void **state)
{
	struct fixture f;
	struct lg_buf out = { 0 };

	make(&f, FAILED);
	lg_report_junit(&f.s, &out);
	assert_xpath_str(&out,
	                 "string(//testcase[@name='http_req_duration{expected_response:true}: "
	                 "p(99)<200']/failure/@message)",
	                 "p(99)=201.01ms, threshold p(99)<200");
	assert_xpath_str(&out,
	                 "string(//testcase[@name='http_req_duration{expected_response:true}: "
	                 "p(99)<200']/@classname)",
	                 "thresholds.http_req_duration{expected_response:true}");
	assert_xpath_str(&out,
	                 "string(//testcase[@name='http_req_failed: rate<0.01']/failure/@type)",
	                 "threshold");
	assert_xpath_str(&out, "string(//testcase[@name='http_reqs: rate>1']/@classname)",
	                 "thresholds.http_reqs");
	assert_xpath(&out, "count(//testcase[@name='http_reqs: rate>1']/*)", 0);
	assert_xpath_str(&out, "string(//testcase[@name='body has id']/failure/@message)",
	                 "7 of 10 failed (30.00% passed)");
	assert_xpath_str(&out, "string(//testcase[@name='body has id']/@classname)",
	                 "checks.login.auth");
	assert_xpath_str(&out, "string(//testcase[@name='token présent']/@classname)",
	                 "checks.login");
	assert_xpath(&out, "number(//testcase[@name='token présent']/@assertions)", 10);
	/* special characters survive the round trip through the XML */
	assert_xpath_str(&out, "string(//testsuite[@name='checks']/testcase[2]/@name)",
	                 "body <b>\"ok\"</b> & # 100%\\done");
	assert_xpath_str(&out, "string(//testsuite[@name='checks']/testcase[2]/@classname)",
	                 "checks");
	assert_xpath_str(&out, "string(//testsuite[@name='checks']/@time)", "10.412");
	assert_xpath_str(&out, "string(//testsuite[@name='thresholds']/@time)", "0.000");
	assert_xpath_str(&out,
	                 "string(//testsuite[@name='thresholds']/properties/"
	                 "property[@name='vus']/@value)",
	                 "10");
	assert_xpath_str(&out,
	                 "string(//testsuite[@name='checks']/properties/"
	                 "property[@name='loadgate.exit_code']/@value)",
	                 "99");
	assert_non_null(strstr(out.data, "Failed checks do not fail the run unless"));
	unmake(&f);
	lg_buf_free(&out);

	make(&f, FAIL_ON_CHECK);
	lg_report_junit(&f.s, &out);
	assert_non_null(strstr(out.data, "Failed checks fail the run (--fail-on-check)."));
	unmake(&f);
	lg_buf_free(&out);

	make(&f, RUN_ERROR);
	lg_report_junit(&f.s, &out);
	assert_xpath_str(&out, "string(//testsuite[@name='run']/testcase/error/@message)",
	                 "exit code 107: script error");
	unmake(&f);
	lg_buf_free(&out);
}

/* Text XML cannot carry is replaced; the document stays valid. */
static void test_junit_hostile_text(void **state)
{
	struct fixture f;
	struct lg_buf out = { 0 };
	struct lg_summary_check bad[] = {
		{ "ctl\x01\x1b[31m\x7f bell\x07", "::ctl", "x", 1, 1 },
		{ "bad utf8 \xff\xfe \xc3 end", "::bad", "y", 1, 0 },
		{ "]]> <![CDATA[ x", "::cdata", "z", 0, 1 },
	};

	make(&f, FAILED);
	f.s.root.checks = bad;
	f.s.root.n_checks = LG_ARRAY_SIZE(bad);
	f.s.version = "1.0 \"beta\" <&>";
	lg_report_junit(&f.s, &out);
	if (junit_validate(out.data, out.len) != 0)
		fail_msg("hostile names give invalid XML:\n%s", out.data);
	assert_xpath_str(&out, "string(//testsuite[@name='checks']/testcase[1]/@name)",
	                 "ctl\xef\xbf\xbd\xef\xbf\xbd[31m\xef\xbf\xbd bell\xef\xbf\xbd");
	assert_xpath_str(&out, "string(//testsuite[@name='checks']/testcase[2]/@name)",
	                 "bad utf8 \xef\xbf\xbd\xef\xbf\xbd \xef\xbf\xbd end");
	assert_xpath_str(&out, "string(//testsuite[@name='checks']/testcase[3]/@name)",
	                 "]]> <![CDATA[ x");
	unmake(&f);
	lg_buf_free(&out);

	/* the TAP of the same run is still well-formed */
	make(&f, FAILED);
	f.s.root.checks = bad;
	f.s.root.n_checks = LG_ARRAY_SIZE(bad);
	lg_report_tap(&f.s, &out);
	tap_check(out.data);
	assert_null(strchr(out.data, '\x01'));
	assert_null(strchr(out.data, '\x07'));
	unmake(&f);
	lg_buf_free(&out);
}

/* The schema is a real check: documents consumers would reject fail it. */
static void test_schema_rejects(void **state)
{
	static const char *const bad[] = {
		/* testcase without a name */
		"<testsuites><testsuite name=\"a\" tests=\"1\"><testcase/></testsuite></testsuites>",
		/* testsuite without tests */
		"<testsuites><testsuite name=\"a\"/></testsuites>",
		/* a time that is not plain seconds */
		"<testsuites><testsuite name=\"a\" tests=\"0\" time=\"1e3\"/></testsuites>",
		/* properties after the testcases */
		"<testsuites><testsuite name=\"a\" tests=\"1\"><testcase name=\"x\"/>"
		"<properties/></testsuite></testsuites>",
		/* a negative count */
		"<testsuites><testsuite name=\"a\" tests=\"-1\"/></testsuites>",
		/* an unknown element */
		"<testsuites><testsuite name=\"a\" tests=\"1\"><testcase name=\"x\">"
		"<failed/></testcase></testsuite></testsuites>",
		/* not well-formed */
		"<testsuites><testsuite name=\"a\" tests=\"1\">",
	};
	static const char good[] = "<testsuites><testsuite name=\"a\" tests=\"1\" time=\"0.5\">"
	                           "<properties><property name=\"k\" value=\"v\"/></properties>"
	                           "<testcase name=\"x\" classname=\"c\" time=\"0\"><failure "
	                           "message=\"m\" type=\"t\">text</failure><system-out>o"
	                           "</system-out></testcase></testsuite></testsuites>";

	assert_int_equal(junit_validate(good, sizeof(good) - 1), 0);
	for (size_t i = 0; i < LG_ARRAY_SIZE(bad); i++)
		if (junit_validate(bad[i], strlen(bad[i])) == 0)
			fail_msg("the schema accepts: %s", bad[i]);
}

static void test_tap(void **state)
{
	static const struct {
		enum kind kind;
		const char *golden;
		int points, not_ok, todo;
	} cases[] = {
		{ FAILED, "gate-failed.tap", 12, 5, 2 },
		{ PASSED, "gate-passed.tap", 9, 0, 0 },
		{ RUN_ERROR, "gate-error.tap", 10, 1, 0 },
		{ FAIL_ON_CHECK, "gate-failoncheck.tap", 11, 2, 0 },
		{ EMPTY, "gate-empty.tap", 0, 0, 0 },
	};

	for (size_t i = 0; i < LG_ARRAY_SIZE(cases); i++) {
		struct fixture f;
		struct lg_buf out = { 0 };
		struct tap_stats st;

		make(&f, cases[i].kind);
		lg_report_tap(&f.s, &out);
		check_golden(cases[i].golden, &out);
		st = tap_check(out.data);
		assert_int_equal(st.points, cases[i].points);
		assert_int_equal(st.not_ok, cases[i].not_ok);
		assert_int_equal(st.todo, cases[i].todo);
		assert_int_equal(count_substr(out.data, "\n  ---\n"),
		                 cases[i].points - (cases[i].kind == RUN_ERROR));
		unmake(&f);
		lg_buf_free(&out);
	}
}

static void test_tap_content(void **state)
{
	struct fixture f;
	struct lg_buf out = { 0 };

	make(&f, FAILED);
	lg_report_tap(&f.s, &out);
	assert_non_null(strstr(out.data,
	                       "# loadgate 0.1.0: failed (exit code 99: thresholds "
	                       "have failed)\n# run time: 10.41s\n# script: script.js\n"));
	assert_non_null(strstr(out.data, "\n1..12\nnot ok 1 - checks: rate>0.9\n"));
	assert_non_null(strstr(out.data, "not ok 4 - http_req_duration{expected_response:true}: "
	                                 "p(99)<200\n  ---\n  type: \"threshold\"\n"));
	assert_non_null(strstr(out.data, "  shown: \"p(99)=201.01ms\"\n"));
	assert_non_null(strstr(out.data, "  shown: \"rate=4.321793/s\"\n"));
	assert_non_null(strstr(out.data, "  observed: 0.044444444444444446\n"));
	/* '#' and '\' escaped in descriptions, quoted in YAML */
	assert_non_null(strstr(out.data, "check: body <b>\"ok\"</b> & \\# 100%\\\\done # TODO "));
	assert_non_null(strstr(out.data, "  name: \"body <b>\\\"ok\\\"</b> & # 100%\\\\done\"\n"));
	assert_non_null(strstr(out.data, "not ok 11 - check: login::auth::body has id # TODO not "
	                                 "fatal without --fail-on-check\n"));
	assert_non_null(strstr(out.data, "ok 10 - check: login::token présent\n"));
	unmake(&f);
	lg_buf_free(&out);
}

static void test_json(void **state)
{
	struct fixture f;
	struct lg_buf data = { 0 }, js = { 0 }, exp = { 0 }, txt = { 0 };

	make(&f, FAILED);
	lg_report_handle_summary_data(&f.s, &data);
	lg_report_summary_json(&f.s, &js);
	lg_report_summary_export(&f.s, &exp);
	lg_report_text(&f.s, &txt);
	check_golden("gate-failed.handle-summary.json", &data);
	check_golden("gate-failed.summary.json", &js);
	check_golden("gate-failed.summary-export.json", &exp);
	check_golden("gate-failed.txt", &txt);

	/* handleSummary's data is exactly the summary-json minus the loadgate member */
	assert_null(strstr(data.data, "\"loadgate\""));
	assert_true(js.len > data.len);
	assert_memory_equal(js.data, data.data, data.len - 2);
	assert_non_null(strstr(js.data, "\n    \"loadgate\": {\n        \"version\": \"0.1.0\",\n"
	                                "        \"verdict\": \"failed\",\n        \"exit_code\": "
	                                "99,\n"));
	assert_non_null(strstr(js.data, "\"http_req_duration\": {\"exact\":[100.5,201,301.5,402,"
	                                "502.5]}"));
	/* k6's shapes: {ok} in the data, true-when-FAILED in the export */
	assert_non_null(strstr(data.data, "\"p(99)<200\": {\n                    \"ok\": false\n"));
	assert_non_null(strstr(exp.data, "\"p(99)<200\": true"));
	assert_non_null(strstr(exp.data, "\"p(95)<500\": false"));
	assert_non_null(strstr(data.data, "\"groups\": [\n"));
	assert_non_null(strstr(data.data, "\"testRunDurationMs\": 10412.345678"));
	assert_non_null(strstr(data.data, "\"setup_data\": {\n        \"token\": \"abc\",\n"
	                                  "        \"n\": 1\n    }"));
	/* the text summary's THRESHOLDS section, k6 v1 compact layout */
	assert_non_null(strstr(txt.data,
	                       "  \xe2\x96\x88 THRESHOLDS \n\n    checks\n    \xe2\x9c\x97 "
	                       "'rate>0.9' rate=84.00%\n\n    http_req_duration\n"));
	assert_non_null(strstr(txt.data, "      {expected_response:true}\n      \xe2\x9c\x97 "
	                                 "'p(99)<200' p(99)=201.01ms\n"));
	assert_non_null(strstr(txt.data, "    \xe2\x9c\x93 'rate>1' rate=4.321793/s\n"));
	unmake(&f);
	lg_buf_free(&data);
	lg_buf_free(&js);
	lg_buf_free(&exp);
	lg_buf_free(&txt);
}

static int teardown_schema(void **state)
{
	xmlSchemaFree(junit_schema());
	xmlCleanupParser();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exit_code),      cmocka_unit_test(test_junit),
		cmocka_unit_test(test_junit_content),  cmocka_unit_test(test_junit_hostile_text),
		cmocka_unit_test(test_schema_rejects), cmocka_unit_test(test_tap),
		cmocka_unit_test(test_tap_content),    cmocka_unit_test(test_json),
	};

	return cmocka_run_group_tests(tests, NULL, teardown_schema);
}
