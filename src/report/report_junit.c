/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report_junit.c - the summary as JUnit XML, for CI test-report views
 * (GitLab artifacts:reports:junit, Jenkins' junit step, dorny/test-reporter).
 *
 *   <testsuites name="loadgate" tests failures errors time=run seconds>
 *     <testsuite name="thresholds" ...>   one testcase per threshold
 *     <testsuite name="checks" ...>       one testcase per check path
 *     <testsuite name="run" ...>          only when the run itself failed
 *
 * DESIGN
 *   The XML is produced by libxml2's xmlTextWriter (escaping and
 *   well-formedness are libxml2's), into a memory buffer copied to `out`.
 *   Every string from the script (metric, check and group names, tag values)
 *   goes through lg__clean_text first: XML 1.0 cannot carry most control
 *   characters even as character references, and libxml2 would pass invalid
 *   UTF-8 through.
 *
 *   The element and attribute set is the common subset the three consumers
 *   read and fixtures/junit/junit.xsd describes: testsuite name, tests,
 *   failures, errors, skipped, time; testcase name, classname, assertions,
 *   time; failure/error message and type with a text body; properties first
 *   in each testsuite.  Times are seconds with millisecond precision.  The
 *   thresholds suite takes no time (it is evaluated at the end), the checks
 *   suite the whole run, so the suite times add up to the run.
 *
 *   A failed check is a <failure> whether or not it fails the run; with
 *   --fail-on-check its message says so.  Jenkins marks a build with test
 *   failures UNSTABLE; docs/REPORTS.md explains the options.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "lg/summary.h"
#include "report_int.h"

#define X(s) ((const xmlChar *)(s))

struct jw {
	xmlTextWriterPtr w;
	struct lg_buf tmp; /* cleaned text */
	int rc;            /* first negative libxml2 return, or 0 */
};

static const char *clean(struct jw *j, const char *s)
{
	lg_buf_reset(&j->tmp);
	lg__clean_text(&j->tmp, s ? s : "");
	lg_buf_putc(&j->tmp, '\0');
	return j->tmp.data;
}

static void check_rc(struct jw *j, int rc)
{
	if (rc < 0 && j->rc == 0)
		j->rc = rc;
}

static void start(struct jw *j, const char *name)
{
	check_rc(j, xmlTextWriterStartElement(j->w, X(name)));
}

static void end(struct jw *j)
{
	check_rc(j, xmlTextWriterEndElement(j->w));
}

static void attr(struct jw *j, const char *name, const char *value)
{
	check_rc(j, xmlTextWriterWriteAttribute(j->w, X(name), X(clean(j, value))));
}

static void attr_num(struct jw *j, const char *name, double v)
{
	char buf[LG__JS_NUMBUF];

	lg__js_number(v, buf, sizeof(buf));
	attr(j, name, buf);
}

static void attr_secs(struct jw *j, const char *name, double ms)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%.3f", ms > 0 ? ms / 1000 : 0);
	attr(j, name, buf);
}

static void text(struct jw *j, const char *s)
{
	check_rc(j, xmlTextWriterWriteString(j->w, X(clean(j, s))));
}

/* ---- counting ------------------------------------------------------------- */

struct counts {
	size_t thresholds, thresholds_failed, checks, checks_failed;
};

static void count_checks(const struct lg_summary_group *g, struct counts *c)
{
	for (size_t i = 0; i < g->n_checks; i++) {
		c->checks++;
		c->checks_failed += g->checks[i].fails > 0;
	}
	for (size_t i = 0; i < g->n_groups; i++)
		count_checks(&g->groups[i], c);
}

static void count(const struct lg_summary *s, struct counts *c)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < s->n_metrics; i++)
		for (size_t k = 0; k < s->metrics[i].n_thresholds; k++) {
			c->thresholds++;
			c->thresholds_failed += !s->metrics[i].thresholds[k].ok;
		}
	count_checks(&s->root, c);
}

/* The run failed on its own (not 0, not thresholds/checks): one <error>. */
static bool run_failed(const struct lg_summary *s)
{
	return s->exit_code != 0 && s->exit_code != lg_err_exit_code(LG_ETHRESHOLDS);
}

/* ---- elements --------------------------------------------------------------- */

static void properties(struct jw *j, const struct lg_summary *s)
{
	char code[16];

	start(j, "properties");
	for (size_t i = 0; i < s->n_properties; i++) {
		start(j, "property");
		attr(j, "name", s->properties[i].key);
		attr(j, "value", s->properties[i].value);
		end(j);
	}
	if (s->version) {
		start(j, "property");
		attr(j, "name", "loadgate.version");
		attr(j, "value", s->version);
		end(j);
	}
	start(j, "property");
	attr(j, "name", "loadgate.verdict");
	attr(j, "value", lg_summary_verdict(s));
	end(j);
	snprintf(code, sizeof(code), "%d", s->exit_code);
	start(j, "property");
	attr(j, "name", "loadgate.exit_code");
	attr(j, "value", code);
	end(j);
	end(j);
}

static void suite_start(struct jw *j, const struct lg_summary *s, const char *name, size_t tests,
                        size_t failures, size_t errors, double ms)
{
	start(j, "testsuite");
	attr(j, "name", name);
	attr_num(j, "tests", (double)tests);
	attr_num(j, "failures", (double)failures);
	attr_num(j, "errors", (double)errors);
	attr_num(j, "skipped", 0);
	attr_secs(j, "time", ms);
	properties(j, s);
}

static void threshold_case(struct jw *j, const struct lg_summary *s,
                           const struct lg_summary_metric *m, const struct lg_summary_threshold *th)
{
	char *expr = lg__threshold_expr(th), *agg = lg__threshold_agg(th);
	char *val = lg__threshold_value(s, m, agg, th->observed);
	char *name = lg_xasprintf("%s: %s", m->name, expr);
	char *cls = lg_xasprintf("thresholds.%s", m->name);

	start(j, "testcase");
	attr(j, "name", name);
	attr(j, "classname", cls);
	attr(j, "time", "0");
	if (!th->ok) {
		char *msg = lg_xasprintf("%s=%s, threshold %s", agg, val, expr);
		char num[LG__JS_NUMBUF];
		char *body;

		lg__js_number(th->observed, num, sizeof(num));
		body = lg_xasprintf("The threshold '%s' on metric %s failed: %s was %s (%s).", expr,
		                    m->name, agg, val, num);
		start(j, "failure");
		attr(j, "message", msg);
		attr(j, "type", "threshold");
		text(j, body);
		end(j);
		free(body);
		free(msg);
	}
	end(j);
	free(cls);
	free(name);
	free(val);
	free(agg);
	free(expr);
}

/* "checks" + the group path with "::" as ".": checks.login.auth */
static char *check_class(const struct lg_summary_group *g)
{
	struct lg_buf b = { 0 };
	const char *p = g->path;

	lg_buf_puts(&b, "checks");
	while (p && *p) {
		const char *sep = strstr(p, "::");

		if (sep == p) {
			p += 2;
			continue;
		}
		lg_buf_putc(&b, '.');
		lg_buf_append(&b, p, sep ? (size_t)(sep - p) : strlen(p));
		p = sep ? sep + 2 : p + strlen(p);
	}
	return lg_buf_steal(&b);
}

static void check_cases(struct jw *j, const struct lg_summary *s, const struct lg_summary_group *g)
{
	char *cls = check_class(g);

	for (size_t i = 0; i < g->n_checks; i++) {
		const struct lg_summary_check *c = &g->checks[i];
		double total = c->passes + c->fails;

		start(j, "testcase");
		attr(j, "name", c->name);
		attr(j, "classname", cls);
		attr_num(j, "assertions", total);
		attr(j, "time", "0");
		if (c->fails > 0) {
			char pf[LG__JS_NUMBUF], tt[LG__JS_NUMBUF], pct[32], pp[LG__JS_NUMBUF];
			char *msg, *body;

			lg__js_number(c->fails, pf, sizeof(pf));
			lg__js_number(total, tt, sizeof(tt));
			lg__js_number(c->passes, pp, sizeof(pp));
			lg_fmt_rate_pct(total > 0 ? c->passes / total : 0, pct, sizeof(pct));
			msg = lg_xasprintf("%s of %s failed (%s passed)", pf, tt, pct);
			body = lg_xasprintf("%s: %s passed, %s failed. %s", c->path, pp, pf,
			                    s->fail_on_check
			                        ? "Failed checks fail the run (--fail-on-check)."
			                        : "Failed checks do not fail the run unless "
			                          "--fail-on-check is given.");
			start(j, "failure");
			attr(j, "message", msg);
			attr(j, "type", "check");
			text(j, body);
			end(j);
			free(body);
			free(msg);
		}
		end(j);
	}
	free(cls);
	for (size_t i = 0; i < g->n_groups; i++)
		check_cases(j, s, &g->groups[i]);
}

static void run_suite(struct jw *j, const struct lg_summary *s)
{
	const char *what = lg__exit_code_name(s->exit_code);
	char *msg = lg_xasprintf("exit code %d: %s", s->exit_code, what ? what : "error");

	suite_start(j, s, "run", 1, 0, 1, 0);
	start(j, "testcase");
	attr(j, "name", "exit code");
	attr(j, "classname", "run");
	attr(j, "time", "0");
	start(j, "error");
	attr(j, "message", msg);
	attr(j, "type", what ? what : "error");
	text(j, "The run ended with an error of its own; see the log of the run.");
	end(j);
	end(j);
	end(j);
	free(msg);
}

void lg_report_junit(const struct lg_summary *s, struct lg_buf *out)
{
	xmlBufferPtr xb = xmlBufferCreate();
	struct jw j = { 0 };
	struct counts c;
	bool err = run_failed(s);

	lg_require(xb);
	j.w = xmlNewTextWriterMemory(xb, 0);
	lg_require(j.w);
	count(s, &c);
	check_rc(&j, xmlTextWriterSetIndent(j.w, 1));
	check_rc(&j, xmlTextWriterSetIndentString(j.w, X("  ")));
	check_rc(&j, xmlTextWriterStartDocument(j.w, NULL, "UTF-8", NULL));

	start(&j, "testsuites");
	attr(&j, "name", "loadgate");
	attr_num(&j, "tests", (double)(c.thresholds + c.checks + err));
	attr_num(&j, "failures", (double)(c.thresholds_failed + c.checks_failed));
	attr_num(&j, "errors", err);
	attr_secs(&j, "time", s->duration_ms);

	suite_start(&j, s, "thresholds", c.thresholds, c.thresholds_failed, 0, 0);
	for (size_t i = 0; i < s->n_metrics; i++)
		for (size_t k = 0; k < s->metrics[i].n_thresholds; k++)
			threshold_case(&j, s, &s->metrics[i], &s->metrics[i].thresholds[k]);
	end(&j);

	suite_start(&j, s, "checks", c.checks, c.checks_failed, 0, s->duration_ms);
	check_cases(&j, s, &s->root);
	end(&j);

	if (err)
		run_suite(&j, s);
	end(&j);
	check_rc(&j, xmlTextWriterEndDocument(j.w));
	xmlFreeTextWriter(j.w); /* flushes into xb */
	/* libxml2 fails only on out-of-memory or a writer misuse: both are bugs */
	lg_require(j.rc == 0);
	lg_buf_append(out, xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
	xmlBufferFree(xb);
	lg_buf_free(&j.tmp);
}
