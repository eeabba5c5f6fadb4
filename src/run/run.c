/* SPDX-License-Identifier: Apache-2.0 */
/*
 * run.c - `loadgate run`: the controller thread.
 *
 * DESIGN: the main thread owns the schedule and the clock.  It compiles the
 * script, runs the init code once to read the options (k6's "options VU"),
 * starts the worker pool, initialises every VU on its worker (in parallel),
 * runs setup() on VU 0, then drives the scenarios: it tells VUs to start
 * and stop, flips the per-scenario stop/interrupt flags at the nominal end
 * and at the end of gracefulStop, merges the workers' metric sinks as they
 * arrive, emits the vus/vus_max gauges and draws the progress line.  After
 * teardown() it builds the one summary every report is rendered from and
 * picks the exit code (lg/base.h has the table).
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <curl/curl.h>
#include <openssl/ssl.h>

#include "lg/clock.h"
#include "lg/http.h"
#include "lg/js.h"
#include "lg/log.h"
#include "lg/run.h"
#include "lg/runtime.h"
#include "lg/summary.h"
#include "lg_config.h"

extern char **environ;

static const char run_usage[] =
	"Usage: loadgate run [flags] script.js\n"
	"\n"
	"Runs a k6 test script and exits with k6's exit codes (0 ok, 99 thresholds failed,\n"
	"104 invalid options, 105 interrupted, 107 script error, 108 test.abort()).\n"
	"\n"
	"Flags (override the script's options and K6_* environment variables):\n"
	"  -u, --vus N                      number of VUs\n"
	"  -d, --duration D                 test duration, e.g. 30s, 1m30s\n"
	"  -i, --iterations N               total iterations, shared among the VUs\n"
	"  -s, --stage D:N                  a ramping stage (repeatable), e.g. -s 10s:20\n"
	"  -e, --env K=V                    set __ENV.K (repeatable)\n"
	"      --tag K=V                    add a tag to every sample (repeatable)\n"
	"      --threads N                  worker threads (default: online CPUs)\n"
	"      --summary-export FILE        write the end-of-test summary as k6's legacy JSON\n"
	"      --summary-trend-stats LIST   e.g. avg,min,med,max,p(90),p(95),p(99)\n"
	"      --summary-time-unit U        s, ms or us\n"
	"      --no-summary                 do not print the end-of-test summary\n"
	"      --no-setup, --no-teardown    skip setup() / teardown()\n"
	"      --insecure-skip-tls-verify   do not verify TLS certificates\n"
	"      --max-redirects N            default 10\n"
	"      --user-agent S               the User-Agent header\n"
	"      --batch N, --batch-per-host N  parallel requests in http.batch()\n"
	"      --min-iteration-duration D   minimum time an iteration takes\n"
	"      --discard-response-bodies    do not keep response bodies\n"
	"      --no-connection-reuse        disable keep-alive\n"
	"  -w, --throw                      throw on failed requests and metric errors\n"
	"      --include-system-env-vars B  pass the process environment in __ENV (default true)\n"
	"  -q, --quiet                      no banner and no progress\n"
	"      --no-color                   no colours (also NO_COLOR)\n"
	"  -v, --verbose                    debug logging\n";

const char *lg_run_usage(void)
{
	return run_usage;
}

/* ---- signals ------------------------------------------------------------ */

static volatile sig_atomic_t signals_seen;
static int signal_fd = -1;

static void on_signal(int sig)
{
	static const char msg[] = "\nloadgate: stopping again: exiting now\n";
	uint64_t one = 1;
	ssize_t n;

	LG_UNUSED(sig);
	if (++signals_seen >= 2) {
		n = write(STDERR_FILENO, msg, sizeof(msg) - 1);
		LG_UNUSED(n);
		_exit(105);
	}
	if (signal_fd >= 0) {
		n = write(signal_fd, &one, sizeof(one));
		LG_UNUSED(n);
	}
}

/* ---- command line ------------------------------------------------------- */

struct cli {
	const char *script;
	int threads;
	bool quiet, no_color, verbose, no_summary, include_env;
	const char *summary_export;
	char **env; /* -e K=V */
	int n_env;
	struct {
		char *key, *value;
		int bare_ms;
		char *origin;
	} * sets; /* option overrides, applied after the script and the env */
	int n_sets;
	char **tags;
	int n_tags;
	struct lg_buf stages;
};

static void cli_set(struct cli *c, const char *key, const char *value, const char *flag)
{
	c->sets = lg_xrealloc(c->sets, (size_t)(c->n_sets + 1) * sizeof(*c->sets));
	c->sets[c->n_sets].key = lg_xstrdup(key);
	c->sets[c->n_sets].value = lg_xstrdup(value);
	c->sets[c->n_sets].bare_ms = 0;
	c->sets[c->n_sets].origin = lg_xasprintf("the %s flag", flag);
	c->n_sets++;
}

static void cli_free(struct cli *c)
{
	for (int i = 0; i < c->n_sets; i++) {
		free(c->sets[i].key);
		free(c->sets[i].value);
		free(c->sets[i].origin);
	}
	free(c->sets);
	free(c->env);
	free(c->tags);
	lg_buf_free(&c->stages);
}

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "loadgate run: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n\n%s", run_usage);
	return -LG_EUSAGE;
}

static int parse_cli(int argc, char **argv, struct cli *c)
{
	static const struct {
		const char *lng;
		char shrt;
		const char *key; /* option key, or NULL for special handling */
		bool has_arg;
	} flags[] = {
		{"vus", 'u', "vus", true},
		{"duration", 'd', "duration", true},
		{"iterations", 'i', "iterations", true},
		{"stage", 's', NULL, true},
		{"env", 'e', NULL, true},
		{"tag", 0, NULL, true},
		{"threads", 0, NULL, true},
		{"summary-export", 0, NULL, true},
		{"summary-trend-stats", 0, "summaryTrendStats", true},
		{"summary-time-unit", 0, "summaryTimeUnit", true},
		{"no-summary", 0, NULL, false},
		{"no-setup", 0, "noSetup", false},
		{"no-teardown", 0, "noTeardown", false},
		{"insecure-skip-tls-verify", 0, "insecureSkipTLSVerify", false},
		{"max-redirects", 0, "maxRedirects", true},
		{"user-agent", 0, "userAgent", true},
		{"batch", 0, "batch", true},
		{"batch-per-host", 0, "batchPerHost", true},
		{"min-iteration-duration", 0, "minIterationDuration", true},
		{"discard-response-bodies", 0, "discardResponseBodies", false},
		{"no-connection-reuse", 0, "noConnectionReuse", false},
		{"no-vu-connection-reuse", 0, "noVUConnectionReuse", false},
		{"throw", 'w', "throw", false},
		{"include-system-env-vars", 0, NULL, true},
		{"quiet", 'q', NULL, false},
		{"no-color", 0, NULL, false},
		{"verbose", 'v', NULL, false},
		{"no-thresholds", 0, NULL, false},
	};

	c->include_env = true;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL, *name;
		size_t f;
		bool found = false;

		if (a[0] != '-' || strcmp(a, "-") == 0) {
			if (c->script)
				return usage_error("only one script can be run, got also \"%s\"", a);
			c->script = a;
			continue;
		}
		for (f = 0; f < LG_ARRAY_SIZE(flags); f++) {
			size_t n = strlen(flags[f].lng);
			if (a[1] == '-' && strncmp(a + 2, flags[f].lng, n) == 0 &&
			    (a[2 + n] == '\0' || a[2 + n] == '=')) {
				if (a[2 + n] == '=')
					val = a + 3 + n;
				found = true;
				break;
			}
			if (a[1] != '-' && flags[f].shrt && a[1] == flags[f].shrt) {
				if (a[2])
					val = a + 2;
				found = true;
				break;
			}
		}
		if (!found)
			return usage_error("unknown flag \"%s\"", a);
		name = flags[f].lng;
		if (flags[f].has_arg && !val) {
			if (i + 1 >= argc)
				return usage_error("the flag --%s needs a value", name);
			val = argv[++i];
		}
		if (flags[f].key) {
			cli_set(c, flags[f].key, flags[f].has_arg ? val : (val ? val : "true"),
				a);
		} else if (strcmp(name, "stage") == 0) {
			if (c->stages.len)
				lg_buf_putc(&c->stages, ',');
			lg_buf_puts(&c->stages, val);
		} else if (strcmp(name, "env") == 0) {
			const char *eq = strchr(val, '=');
			bool ok = eq && eq > val;
			for (const char *p = val; ok && p < eq; p++)
				ok = (*p == '_' || (*p >= 'a' && *p <= 'z') ||
				      (*p >= 'A' && *p <= 'Z') || (p > val && *p >= '0' && *p <= '9'));
			if (!ok)
				return usage_error("invalid --env \"%s\": expected NAME=value with a "
						   "name like MY_VAR",
						   val);
			c->env = lg_xrealloc(c->env, (size_t)(c->n_env + 1) * sizeof(char *));
			c->env[c->n_env++] = (char *)val;
		} else if (strcmp(name, "tag") == 0) {
			if (!strchr(val, '=') || val[0] == '=')
				return usage_error("invalid --tag \"%s\": expected name=value", val);
			c->tags = lg_xrealloc(c->tags, (size_t)(c->n_tags + 1) * sizeof(char *));
			c->tags[c->n_tags++] = (char *)val;
		} else if (strcmp(name, "threads") == 0) {
			int64_t t;
			if (lg_parse_i64(val, &t) < 0 || t < 1 || t > 1024)
				return usage_error("invalid --threads \"%s\": expected 1 to 1024",
						   val);
			c->threads = (int)t;
		} else if (strcmp(name, "summary-export") == 0) {
			c->summary_export = val;
		} else if (strcmp(name, "no-summary") == 0) {
			c->no_summary = true;
		} else if (strcmp(name, "include-system-env-vars") == 0) {
			c->include_env = strcmp(val, "false") != 0 && strcmp(val, "0") != 0;
		} else if (strcmp(name, "quiet") == 0) {
			c->quiet = true;
		} else if (strcmp(name, "no-color") == 0) {
			c->no_color = true;
		} else if (strcmp(name, "verbose") == 0) {
			c->verbose = true;
		}
	}
	if (!c->script)
		return usage_error("%s", "missing the script to run (loadgate run script.js)");
	return 0;
}
