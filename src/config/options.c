/* SPDX-License-Identifier: Apache-2.0 */
/*
 * options.c - option values, their validation, and the shortcut -> scenario
 * derivation (reference 3.1-3.3).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg/clock.h"
#include "lg/options.h"

static const char *const default_trend_stats[] = { "avg", "min", "med", "max", "p(90)", "p(95)" };

void lg_options_init(struct lg_options *o)
{
	memset(o, 0, sizeof(*o));
	o->vus.v = 1;
	o->max_redirects.v = 10;
	o->batch.v = 20;
	o->batch_per_host.v = 6;
	o->setup_timeout_ns.v = 60 * LG_NS_PER_S;
	o->teardown_timeout_ns.v = 60 * LG_NS_PER_S;
	o->max_response_body.v = 64 * 1024 * 1024;
	o->user_agent = lg_xasprintf("loadgate/%s (k6 compatible)", "0.1.0");
	o->n_trend_stats = (int)LG_ARRAY_SIZE(default_trend_stats);
	o->trend_stats = lg_xcalloc((size_t)o->n_trend_stats, sizeof(char *));
	for (int i = 0; i < o->n_trend_stats; i++)
		o->trend_stats[i] = lg_xstrdup(default_trend_stats[i]);
}

static void free_tags(struct lg_tag *tags, int n)
{
	for (int i = 0; i < n; i++) {
		free((char *)tags[i].key);
		free((char *)tags[i].value);
	}
	free(tags);
}

void lg_options_free(struct lg_options *o)
{
	free(o->stages);
	free(o->user_agent);
	for (int i = 0; i < o->n_trend_stats; i++)
		free(o->trend_stats[i]);
	free(o->trend_stats);
	free(o->time_unit);
	free(o->segment);
	free(o->segment_sequence);
	free_tags(o->tags, o->n_tags);
	for (int i = 0; i < o->n_scenarios; i++) {
		struct lg_scenario *s = &o->scenarios[i];
		free(s->name);
		free(s->exec);
		free(s->stages);
		free_tags(s->tags, s->n_tags);
		free_tags(s->env, s->n_env);
	}
	free(o->scenarios);
	memset(o, 0, sizeof(*o));
}

const char *lg_executor_name(enum lg_executor e)
{
	switch (e) {
	case LG_EXEC_SHARED_ITERATIONS:
		return "shared-iterations";
	case LG_EXEC_PER_VU_ITERATIONS:
		return "per-vu-iterations";
	case LG_EXEC_CONSTANT_VUS:
		return "constant-vus";
	case LG_EXEC_RAMPING_VUS:
		return "ramping-vus";
	case LG_EXEC_CONSTANT_ARRIVAL_RATE:
		return "constant-arrival-rate";
	case LG_EXEC_RAMPING_ARRIVAL_RATE:
		return "ramping-arrival-rate";
	}
	return "?";
}

static int parse_int_opt(const char *key, const char *value, const char *origin, int64_t min,
                         int64_t *out, struct lg_err *err)
{
	double d;

	if (lg_parse_double(value, &d) < 0 || d != (double)(int64_t)d)
		return lg_errf(err, LG_ECONFIG,
		               "invalid %s \"%s\" (from %s): expected a whole number", key, value,
		               origin);
	if ((int64_t)d < min)
		return lg_errf(err, LG_ECONFIG, "invalid %s %s (from %s): must be at least %lld",
		               key, value, origin, (long long)min);
	*out = (int64_t)d;
	return 0;
}

static int parse_bool_opt(const char *key, const char *value, const char *origin, bool *out,
                          struct lg_err *err)
{
	if (strcmp(value, "true") == 0 || strcmp(value, "1") == 0) {
		*out = true;
		return 0;
	}
	if (strcmp(value, "false") == 0 || strcmp(value, "0") == 0 || value[0] == '\0') {
		*out = false;
		return 0;
	}
	return lg_errf(err, LG_ECONFIG, "invalid %s \"%s\" (from %s): expected true or false", key,
	               value, origin);
}

static int parse_dur_opt(const char *key, const char *value, int bare_ms, const char *origin,
                         int64_t *out, struct lg_err *err)
{
	if (lg_duration_parse(value, bare_ms, out) < 0)
		return lg_errf(err, LG_ECONFIG,
		               "invalid %s \"%s\" (from %s): expected a duration like \"30s\", "
		               "\"1m30s\" or \"250ms\"",
		               key, value, origin);
	return 0;
}

/* "30s:10,1m:0" (K6_STAGES, -s). */
static int parse_stages(const char *value, const char *origin, struct lg_stage **out, int *n,
                        struct lg_err *err)
{
	char *copy = lg_xstrdup(value), *p = copy, *save = NULL, *item;
	struct lg_stage *st = NULL;
	int count = 0, rc = 0;

	for (item = strtok_r(p, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(item, ':');
		struct lg_stage s;

		if (!colon) {
			rc = lg_errf(err, LG_ECONFIG,
			             "invalid stage \"%s\" (from %s): expected duration:target, "
			             "e.g. 30s:10",
			             item, origin);
			goto out;
		}
		*colon = '\0';
		if (lg_duration_parse(item, 1, &s.duration_ns) < 0 ||
		    lg_parse_i64(colon + 1, &s.target) < 0 || s.target < 0) {
			rc = lg_errf(err, LG_ECONFIG,
			             "invalid stage \"%s:%s\" (from %s): expected duration:target, "
			             "e.g. 30s:10",
			             item, colon + 1, origin);
			goto out;
		}
		st = lg_xrealloc(st, (size_t)(count + 1) * sizeof(*st));
		st[count++] = s;
	}
out:
	free(copy);
	if (rc < 0) {
		free(st);
		return rc;
	}
	*out = st;
	*n = count;
	return 0;
}

static int set_trend_stats(struct lg_options *o, const char *value, const char *origin,
                           struct lg_err *err)
{
	char *copy = lg_xstrdup(value), *save = NULL, *item;
	char **stats = NULL;
	int n = 0, rc = 0;

	for (item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		while (isspace((unsigned char)*item))
			item++;
		if (!lg_options_trend_stat_ok(item)) {
			rc =
			    lg_errf(err, LG_ECONFIG,
			            "invalid summaryTrendStats entry \"%s\" (from %s): allowed are "
			            "avg, min, med, max, count and p(N) with 0 <= N <= 100",
			            item, origin);
			break;
		}
		stats = lg_xrealloc(stats, (size_t)(n + 1) * sizeof(char *));
		stats[n++] = lg_xstrdup(item);
	}
	free(copy);
	if (rc < 0 || n == 0) {
		for (int i = 0; i < n; i++)
			free(stats[i]);
		free(stats);
		if (rc == 0)
			rc = lg_errf(err, LG_ECONFIG, "summaryTrendStats (from %s) is empty",
			             origin);
		return rc;
	}
	for (int i = 0; i < o->n_trend_stats; i++)
		free(o->trend_stats[i]);
	free(o->trend_stats);
	o->trend_stats = stats;
	o->n_trend_stats = n;
	return 0;
}

bool lg_options_trend_stat_ok(const char *s)
{
	static const char *const plain[] = { "avg", "min", "med", "max", "count" };
	double p;
	size_t n = strlen(s);
	char num[64];

	for (size_t i = 0; i < LG_ARRAY_SIZE(plain); i++)
		if (strcmp(s, plain[i]) == 0)
			return true;
	if (n < 4 || strncmp(s, "p(", 2) != 0 || s[n - 1] != ')' || n - 3 >= sizeof(num))
		return false;
	memcpy(num, s + 2, n - 3);
	num[n - 3] = '\0';
	return lg_parse_double(num, &p) == 0 && p >= 0 && p <= 100 &&
	       !isspace((unsigned char)num[0]);
}

int lg_options_add_tag(struct lg_options *o, const char *key, const char *value)
{
	for (int i = 0; i < o->n_tags; i++) {
		if (strcmp(o->tags[i].key, key) == 0) {
			free((char *)o->tags[i].value);
			o->tags[i].value = lg_xstrdup(value);
			return 0;
		}
	}
	o->tags = lg_xrealloc(o->tags, (size_t)(o->n_tags + 1) * sizeof(*o->tags));
	o->tags[o->n_tags].key = lg_xstrdup(key);
	o->tags[o->n_tags].value = lg_xstrdup(value);
	o->n_tags++;
	return 0;
}

int lg_options_set(struct lg_options *o, const char *key, const char *value, int bare_ms,
                   const char *origin, struct lg_err *err)
{
	int rc = 0;

#define INT_OPT(name, field, min)                                               \
	if (strcmp(key, name) == 0) {                                           \
		rc = parse_int_opt(name, value, origin, min, &o->field.v, err); \
		o->field.set = rc == 0;                                         \
		return rc;                                                      \
	}
#define BOOL_OPT(name, field)                                               \
	if (strcmp(key, name) == 0) {                                       \
		rc = parse_bool_opt(name, value, origin, &o->field.v, err); \
		o->field.set = rc == 0;                                     \
		return rc;                                                  \
	}
#define DUR_OPT(name, field)                                                        \
	if (strcmp(key, name) == 0) {                                               \
		rc = parse_dur_opt(name, value, bare_ms, origin, &o->field.v, err); \
		o->field.set = rc == 0;                                             \
		return rc;                                                          \
	}
	INT_OPT("vus", vus, 0)
	INT_OPT("iterations", iterations, 0)
	INT_OPT("maxRedirects", max_redirects, 0)
	INT_OPT("batch", batch, 1)
	INT_OPT("batchPerHost", batch_per_host, 0)
	INT_OPT("maxResponseBodySize", max_response_body, 0)
	DUR_OPT("duration", duration_ns)
	DUR_OPT("setupTimeout", setup_timeout_ns)
	DUR_OPT("teardownTimeout", teardown_timeout_ns)
	DUR_OPT("minIterationDuration", min_iteration_duration_ns)
	BOOL_OPT("insecureSkipTLSVerify", insecure_skip_tls_verify)
	BOOL_OPT("noCookiesReset", no_cookies_reset)
	BOOL_OPT("noConnectionReuse", no_connection_reuse)
	BOOL_OPT("noVUConnectionReuse", no_vu_connection_reuse)
	BOOL_OPT("discardResponseBodies", discard_response_bodies)
	BOOL_OPT("throw", throw_errors)
	BOOL_OPT("noSetup", no_setup)
	BOOL_OPT("noTeardown", no_teardown)
#undef INT_OPT
#undef BOOL_OPT
#undef DUR_OPT
	if (strcmp(key, "stages") == 0) {
		struct lg_stage *st;
		int n;

		rc = parse_stages(value, origin, &st, &n, err);
		if (rc == 0) {
			free(o->stages);
			o->stages = st;
			o->n_stages = n;
			o->stages_set = true;
		}
		return rc;
	}
	if (strcmp(key, "executionSegment") == 0 || strcmp(key, "executionSegmentSequence") == 0) {
		char **dst = key[16] == '\0' ? &o->segment : &o->segment_sequence;
		free(*dst);
		*dst = lg_xstrdup(value);
		return 0;
	}
	if (strcmp(key, "userAgent") == 0) {
		free(o->user_agent);
		o->user_agent = lg_xstrdup(value);
		return 0;
	}
	if (strcmp(key, "summaryTrendStats") == 0)
		return set_trend_stats(o, value, origin, err);
	if (strcmp(key, "summaryTimeUnit") == 0) {
		if (value[0] && strcmp(value, "s") != 0 && strcmp(value, "ms") != 0 &&
		    strcmp(value, "us") != 0)
			return lg_errf(err, LG_ECONFIG,
			               "invalid summaryTimeUnit \"%s\" (from %s): use s, ms or us",
			               value, origin);
		free(o->time_unit);
		o->time_unit = value[0] ? lg_xstrdup(value) : NULL;
		return 0;
	}
	return 1;
}

/* K6_FOO_BAR / LOADGATE_FOO_BAR -> fooBar option keys. */
static const struct {
	const char *env;
	const char *key;
} env_keys[] = {
	{ "VUS", "vus" },
	{ "DURATION", "duration" },
	{ "ITERATIONS", "iterations" },
	{ "STAGES", "stages" },
	{ "MAX_REDIRECTS", "maxRedirects" },
	{ "BATCH", "batch" },
	{ "BATCH_PER_HOST", "batchPerHost" },
	{ "SETUP_TIMEOUT", "setupTimeout" },
	{ "TEARDOWN_TIMEOUT", "teardownTimeout" },
	{ "MIN_ITERATION_DURATION", "minIterationDuration" },
	{ "INSECURE_SKIP_TLS_VERIFY", "insecureSkipTLSVerify" },
	{ "NO_COOKIES_RESET", "noCookiesReset" },
	{ "NO_CONNECTION_REUSE", "noConnectionReuse" },
	{ "NO_VU_CONNECTION_REUSE", "noVUConnectionReuse" },
	{ "DISCARD_RESPONSE_BODIES", "discardResponseBodies" },
	{ "THROW", "throw" },
	{ "NO_SETUP", "noSetup" },
	{ "NO_TEARDOWN", "noTeardown" },
	{ "USER_AGENT", "userAgent" },
	{ "SUMMARY_TREND_STATS", "summaryTrendStats" },
	{ "SUMMARY_TIME_UNIT", "summaryTimeUnit" },
	{ "MAX_RESPONSE_BODY_SIZE", "maxResponseBodySize" },
};

int lg_options_from_env(struct lg_options *o, char **envp, struct lg_err *err)
{
	/* K6_* first, then LOADGATE_*, so LOADGATE_* wins when both are set. */
	static const char *const prefixes[] = { "K6_", "LOADGATE_" };

	for (size_t p = 0; p < LG_ARRAY_SIZE(prefixes); p++) {
		size_t plen = strlen(prefixes[p]);
		for (char **e = envp; e && *e; e++) {
			const char *eq = strchr(*e, '=');
			if (!eq || strncmp(*e, prefixes[p], plen) != 0)
				continue;
			for (size_t i = 0; i < LG_ARRAY_SIZE(env_keys); i++) {
				size_t n = strlen(env_keys[i].env);
				char origin[128];
				int rc;

				if ((size_t)(eq - *e) != plen + n ||
				    strncmp(*e + plen, env_keys[i].env, n) != 0)
					continue;
				snprintf(origin, sizeof(origin), "environment variable %.*s",
				         (int)(eq - *e), *e);
				rc = lg_options_set(o, env_keys[i].key, eq + 1, 1, origin, err);
				if (rc < 0)
					return rc;
			}
		}
	}
	return 0;
}

static struct lg_scenario *add_scenario(struct lg_options *o, const char *name, enum lg_executor ex)
{
	struct lg_scenario *s;

	o->scenarios = lg_xrealloc(o->scenarios, (size_t)(o->n_scenarios + 1) * sizeof(*s));
	s = &o->scenarios[o->n_scenarios++];
	memset(s, 0, sizeof(*s));
	s->name = lg_xstrdup(name);
	s->exec = lg_xstrdup("default");
	s->executor = ex;
	s->graceful_stop_ns = 30 * LG_NS_PER_S;
	s->graceful_ramp_down_ns = 30 * LG_NS_PER_S;
	s->max_duration_ns = 600 * LG_NS_PER_S;
	return s;
}

int lg_options_finish(struct lg_options *o, struct lg_err *err)
{
	struct lg_scenario *s;

	if (o->n_scenarios > 0)
		return 0;
	if (o->vus.set && o->vus.v < 1 && !(o->stages_set && o->n_stages > 0))
		return lg_errf(err, LG_ECONFIG,
		               "invalid vus %lld: the number of VUs must be at least 1",
		               (long long)o->vus.v);
	if (o->iterations.set && o->iterations.v > 0) {
		if (o->stages_set && o->n_stages > 0)
			return lg_errf(err, LG_ECONFIG,
			               "\"iterations\" and \"stages\" cannot be used together: use "
			               "scenarios for a combination");
		if (o->iterations.v < o->vus.v)
			return lg_errf(err, LG_ECONFIG,
			               "the number of iterations (%lld) can't be less than the "
			               "number of VUs (%lld)",
			               (long long)o->iterations.v, (long long)o->vus.v);
		s = add_scenario(o, "default", LG_EXEC_SHARED_ITERATIONS);
		s->vus = o->vus.v;
		s->iterations = o->iterations.v;
		if (o->duration_ns.set && o->duration_ns.v > 0)
			s->max_duration_ns = o->duration_ns.v;
		return 0;
	}
	if (o->duration_ns.set) {
		if (o->stages_set && o->n_stages > 0)
			return lg_errf(err, LG_ECONFIG,
			               "\"duration\" and \"stages\" cannot be used together: use "
			               "one of them, or scenarios");
		if (o->duration_ns.v <= 0)
			return lg_errf(err, LG_ECONFIG, "invalid duration: it must be more than 0");
		s = add_scenario(o, "default", LG_EXEC_CONSTANT_VUS);
		s->vus = o->vus.v;
		s->duration_ns = o->duration_ns.v;
		return 0;
	}
	if (o->stages_set && o->n_stages > 0) {
		s = add_scenario(o, "default", LG_EXEC_RAMPING_VUS);
		s->start_vus = o->vus.set ? o->vus.v : 1;
		s->stages = lg_xcalloc((size_t)o->n_stages, sizeof(*s->stages));
		memcpy(s->stages, o->stages, (size_t)o->n_stages * sizeof(*s->stages));
		s->n_stages = o->n_stages;
		return 0;
	}
	s = add_scenario(o, "default", LG_EXEC_PER_VU_ITERATIONS);
	s->vus = 1;
	s->iterations = 1;
	return 0;
}
