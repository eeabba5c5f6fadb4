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
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <openssl/ssl.h>

#include "lg/clock.h"
#include "lg/http.h"
#include "lg/js.h"
#include "lg/log.h"
#include "lg/run.h"
#include "lg/runtime.h"
#include "lg/segment.h"
#include "lg/summary.h"
#include "lg/threshold.h"
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
    "      --summary-json FILE          write handleSummary's data plus the verdict and\n"
    "                                   histograms as JSON (- for stdout)\n"
    "      --junit FILE                 write thresholds and checks as JUnit XML (- for stdout)\n"
    "      --tap FILE                   write thresholds and checks as TAP 14 (- for stdout)\n"
    "      --fail-on-check              a failed check fails the run (exit 99)\n"
    "      --no-thresholds              do not evaluate thresholds\n"
    "      --summary-trend-stats LIST   e.g. avg,min,med,max,p(90),p(95),p(99)\n"
    "      --summary-time-unit U        s, ms or us\n"
    "      --no-summary                 do not print the end-of-test summary\n"
    "      --no-setup, --no-teardown    skip setup() / teardown()\n"
    "      --insecure-skip-tls-verify   do not verify TLS certificates\n"
    "      --offline                    load remote modules only from the module cache\n"
    "                                   (also LOADGATE_OFFLINE=1; see `loadgate fetch`)\n"
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
	bool quiet, no_color, verbose, no_summary, include_env, exec_requirements;
	bool no_thresholds, fail_on_check, offline;
	const char *summary_export, *summary_json, *junit, *tap;
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

static int usage_error(const char *fmt, ...) LG_PRINTF(1, 2);
static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "loadgate run: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
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
		{ "vus", 'u', "vus", true },
		{ "duration", 'd', "duration", true },
		{ "iterations", 'i', "iterations", true },
		{ "stage", 's', NULL, true },
		{ "env", 'e', NULL, true },
		{ "tag", 0, NULL, true },
		{ "threads", 0, NULL, true },
		{ "summary-export", 0, NULL, true },
		{ "summary-trend-stats", 0, "summaryTrendStats", true },
		{ "summary-time-unit", 0, "summaryTimeUnit", true },
		{ "no-summary", 0, NULL, false },
		{ "no-setup", 0, "noSetup", false },
		{ "no-teardown", 0, "noTeardown", false },
		{ "insecure-skip-tls-verify", 0, "insecureSkipTLSVerify", false },
		{ "max-redirects", 0, "maxRedirects", true },
		{ "user-agent", 0, "userAgent", true },
		{ "batch", 0, "batch", true },
		{ "batch-per-host", 0, "batchPerHost", true },
		{ "min-iteration-duration", 0, "minIterationDuration", true },
		{ "discard-response-bodies", 0, "discardResponseBodies", false },
		{ "no-connection-reuse", 0, "noConnectionReuse", false },
		{ "no-vu-connection-reuse", 0, "noVUConnectionReuse", false },
		{ "throw", 'w', "throw", false },
		{ "include-system-env-vars", 0, NULL, true },
		{ "quiet", 'q', NULL, false },
		{ "no-color", 0, NULL, false },
		{ "verbose", 'v', NULL, false },
		{ "execution-requirements", 0, NULL, false },
		{ "no-thresholds", 0, NULL, false },
		{ "execution-segment", 0, "executionSegment", true },
		{ "execution-segment-sequence", 0, "executionSegmentSequence", true },
		{ "summary-json", 0, NULL, true },
		{ "junit", 0, NULL, true },
		{ "tap", 0, NULL, true },
		{ "fail-on-check", 0, NULL, false },
		{ "offline", 0, NULL, false },
	};

	c->include_env = true;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL, *name;
		size_t f;
		bool found = false;

		if (a[0] != '-' || strcmp(a, "-") == 0) {
			if (c->script)
				return usage_error("only one script can be run, got also \"%s\"",
				                   a);
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
			cli_set(c, flags[f].key, flags[f].has_arg ? val : (val ? val : "true"), a);
		} else if (strcmp(name, "stage") == 0) {
			if (c->stages.len)
				lg_buf_putc(&c->stages, ',');
			lg_buf_puts(&c->stages, val);
		} else if (strcmp(name, "env") == 0) {
			const char *eq = strchr(val, '=');
			bool ok = eq && eq > val;
			for (const char *p = val; ok && p < eq; p++)
				ok = (*p == '_' || (*p >= 'a' && *p <= 'z') ||
				      (*p >= 'A' && *p <= 'Z') ||
				      (p > val && *p >= '0' && *p <= '9'));
			if (!ok)
				return usage_error(
				    "invalid --env \"%s\": expected NAME=value with a "
				    "name like MY_VAR",
				    val);
			c->env = lg_xrealloc(c->env, (size_t)(c->n_env + 1) * sizeof(char *));
			c->env[c->n_env++] = (char *)val;
		} else if (strcmp(name, "tag") == 0) {
			if (!strchr(val, '=') || val[0] == '=')
				return usage_error("invalid --tag \"%s\": expected name=value",
				                   val);
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
		} else if (strcmp(name, "summary-json") == 0) {
			c->summary_json = val;
		} else if (strcmp(name, "junit") == 0) {
			c->junit = val;
		} else if (strcmp(name, "tap") == 0) {
			c->tap = val;
		} else if (strcmp(name, "fail-on-check") == 0) {
			c->fail_on_check = true;
		} else if (strcmp(name, "offline") == 0) {
			c->offline = true;
		} else if (strcmp(name, "no-thresholds") == 0) {
			c->no_thresholds = true;
		} else if (strcmp(name, "include-system-env-vars") == 0) {
			c->include_env = strcmp(val, "false") != 0 && strcmp(val, "0") != 0;
		} else if (strcmp(name, "quiet") == 0) {
			c->quiet = true;
		} else if (strcmp(name, "no-color") == 0) {
			c->no_color = true;
		} else if (strcmp(name, "verbose") == 0) {
			c->verbose = true;
		} else if (strcmp(name, "execution-requirements") == 0) {
			c->exec_requirements = true;
		}
	}
	if (!c->script)
		return usage_error("%s", "missing the script to run (loadgate run script.js)");
	return 0;
}

/* ---- the controller ------------------------------------------------------ */

enum vu_state { VS_UNINIT, VS_INIT, VS_IDLE, VS_RUNNING, VS_STOPPING };

struct scen_rt {
	int first_vu, max_vus; /* VU ids first_vu .. first_vu+max_vus-1 */
	int init_vus;          /* how many are initialised before the test starts */
	enum vu_state *vus;
	int running;              /* VUs in VS_RUNNING or VS_STOPPING */
	int initialized;          /* VUs whose init code ran */
	int64_t start_ns, end_ns; /* absolute nominal start and end */
	bool started, stopped, interrupted, finished;
	int64_t finish_ns; /* when it finished (progress display) */
	int64_t *stop_at;  /* ramping-vus: when each VU was told to stop */
	int *free_idx;     /* idle VUs (indexes), a stack */
	int n_free;
	/* arrival-rate executors */
	int64_t next_iter;     /* index of the next scheduled iteration */
	int64_t next_start_ns; /* its start time (absolute), INT64_MAX when none is left */
	int seg;               /* current rate segment (stage) */
	double seg_n0;         /* iterations scheduled before the segment (exact) */
	int64_t seg_t0;        /* segment start, ns from the scenario start */
};

struct ctl {
	struct lg_run run;
	struct lg_stripe stripe; /* this instance's execution segment */
	struct cli cli;
	struct lg_options opts;
	struct lg_agg *agg;
	struct lg_sink *own_sink; /* the controller's samples: vus, vus_max */
	struct lg_tagpool *own_tags;
	struct scen_rt *sc;
	int total_vus;
	int vus_ready, vus_failed;
	struct lg_err init_err;
	bool fn_done;
	int fn_code;
	int flushed; /* LG_EV_FLUSHED acknowledgements */
	char *fn_msg, *fn_result;
	bool tty;
	int64_t last_progress_ns, last_gauge_ns, last_threshold_ns;
	int last_progress_len;
};

static struct lg_worker *worker_of(struct ctl *c, int vu_id)
{
	return c->run.workers[vu_id == 0 ? 0 : (vu_id - 1) % c->run.n_workers];
}

static int64_t scenario_length(const struct lg_scenario *s)
{
	int64_t sum = 0;

	switch (s->executor) {
	case LG_EXEC_CONSTANT_VUS:
	case LG_EXEC_CONSTANT_ARRIVAL_RATE:
		return s->duration_ns;
	case LG_EXEC_RAMPING_VUS:
	case LG_EXEC_RAMPING_ARRIVAL_RATE:
		for (int i = 0; i < s->n_stages; i++)
			sum += s->stages[i].duration_ns;
		return sum;
	default:
		return s->max_duration_ns;
	}
}

static bool is_arrival(const struct lg_scenario *s)
{
	return s->executor == LG_EXEC_CONSTANT_ARRIVAL_RATE ||
	       s->executor == LG_EXEC_RAMPING_ARRIVAL_RATE;
}

static int scenario_max_vus(const struct lg_scenario *s)
{
	int64_t m;

	if (is_arrival(s))
		return (int)s->max_vus;
	if (s->executor != LG_EXEC_RAMPING_VUS)
		return (int)s->vus;
	m = s->start_vus;
	for (int i = 0; i < s->n_stages; i++)
		if (s->stages[i].target > m)
			m = s->stages[i].target;
	return (int)m;
}

static double arrival_peak_per_s(const struct lg_scenario *s)
{
	double m = s->start_rate;

	for (int i = 0; i < s->n_stages; i++)
		if ((double)s->stages[i].target > m)
			m = (double)s->stages[i].target;
	return m * (double)LG_NS_PER_S / (double)s->time_unit_ns;
}

static void describe_scenario(const struct lg_scenario *s, char *buf, size_t size)
{
	char d1[32], d2[32], d3[32], extra[128] = "";

	lg_duration_format(s->graceful_stop_ns, d2, sizeof(d2));
	if (s->start_ns > 0) {
		lg_duration_format(s->start_ns, d3, sizeof(d3));
		snprintf(extra, sizeof(extra), "startTime: %s, ", d3);
	}
	if (strcmp(s->exec, "default") != 0) {
		size_t n = strlen(extra);
		snprintf(extra + n, sizeof(extra) - n, "exec: %s, ", s->exec);
	}
	switch (s->executor) {
	case LG_EXEC_SHARED_ITERATIONS:
		lg_duration_format(s->max_duration_ns, d1, sizeof(d1));
		snprintf(
		    buf, size,
		    "%lld iterations shared among %lld VUs (maxDuration: %s, %sgracefulStop: %s)",
		    (long long)s->iterations, (long long)s->vus, d1, extra, d2);
		break;
	case LG_EXEC_PER_VU_ITERATIONS:
		lg_duration_format(s->max_duration_ns, d1, sizeof(d1));
		snprintf(
		    buf, size,
		    "%lld iterations for each of %lld VUs (maxDuration: %s, %sgracefulStop: %s)",
		    (long long)s->iterations, (long long)s->vus, d1, extra, d2);
		break;
	case LG_EXEC_CONSTANT_VUS:
		lg_duration_format(s->duration_ns, d1, sizeof(d1));
		snprintf(buf, size, "%lld looping VUs for %s (%sgracefulStop: %s)",
		         (long long)s->vus, d1, extra, d2);
		break;
	case LG_EXEC_RAMPING_VUS:
		lg_duration_format(scenario_length(s), d1, sizeof(d1));
		lg_duration_format(s->graceful_ramp_down_ns, d3, sizeof(d3));
		snprintf(buf, size,
		         "Up to %d looping VUs for %s over %d stages (%sgracefulRampDown: %s, "
		         "gracefulStop: %s)",
		         scenario_max_vus(s), d1, s->n_stages, extra, d3, d2);
		break;
	case LG_EXEC_CONSTANT_ARRIVAL_RATE: {
		char tu[32];
		lg_duration_format(s->duration_ns, d1, sizeof(d1));
		lg_duration_format(s->time_unit_ns, tu, sizeof(tu));
		snprintf(buf, size,
		         "%.2f iterations/%s for %s (maxVUs: %lld-%lld, %sgracefulStop: %s)",
		         s->rate, strcmp(tu, "1s") == 0 ? "s" : tu, d1,
		         (long long)s->pre_allocated_vus, (long long)s->max_vus, extra, d2);
		break;
	}
	case LG_EXEC_RAMPING_ARRIVAL_RATE:
		lg_duration_format(scenario_length(s), d1, sizeof(d1));
		snprintf(buf, size,
		         "Up to %.2f iterations/s for %s over %d stages (maxVUs: %lld-%lld, "
		         "%sgracefulStop: %s)",
		         arrival_peak_per_s(s), d1, s->n_stages, (long long)s->pre_allocated_vus,
		         (long long)s->max_vus, extra, d2);
		break;
	}
}

static void print_banner(struct ctl *c)
{
	int64_t maxdur = 0;
	char d[32];

	for (int i = 0; i < c->opts.n_scenarios; i++) {
		const struct lg_scenario *s = &c->opts.scenarios[i];
		int64_t end = s->start_ns + scenario_length(s) + s->graceful_stop_ns;
		if (end > maxdur)
			maxdur = end;
	}
	lg_duration_format(maxdur, d, sizeof(d));
	printf("\n  execution: local\n     script: %s\n     output: -\n\n", c->cli.script);
	printf("  scenarios: (%.2f%%) %d scenario%s, %d max VUs, %s max duration (incl. "
	       "graceful stop):\n",
	       c->stripe.whole || !c->stripe.lcd
	           ? 100.0
	           : 100.0 * (double)c->stripe.n_owned / (double)c->stripe.lcd,
	       c->opts.n_scenarios, c->opts.n_scenarios == 1 ? "" : "s", c->total_vus, d);
	for (int i = 0; i < c->opts.n_scenarios; i++) {
		char desc[512];
		describe_scenario(&c->opts.scenarios[i], desc, sizeof(desc));
		printf("           * %s: %s\n", c->opts.scenarios[i].name, desc);
	}
	printf("\n");
	fflush(stdout);
}

static void handle_event(struct ctl *c, struct lg_msg *m)
{
	switch (m->type) {
	case LG_EV_SINK:
		lg_agg_merge(c->agg, m->sink);
		lg_worker_recycle_sink(c->run.workers[m->worker], m->sink);
		m->sink = NULL;
		break;
	case LG_EV_VU_READY:
		if (m->code) {
			c->vus_failed++;
			lg_errf(&c->init_err, (enum lg_errcode)m->code, "%s",
			        m->str ? m->str : "VU initialisation failed");
		} else {
			c->vus_ready++;
			for (int i = 0; i < c->opts.n_scenarios; i++) {
				struct scen_rt *sc = &c->sc[i];
				int idx = m->vu_id - sc->first_vu;
				if (idx < 0 || idx >= sc->max_vus)
					continue;
				sc->vus[idx] = VS_IDLE;
				sc->initialized++;
				sc->free_idx[sc->n_free++] = idx;
			}
		}
		break;
	case LG_EV_VU_DONE: {
		struct scen_rt *sc = &c->sc[m->scenario];
		int idx = m->vu_id - sc->first_vu;
		if (idx >= 0 && idx < sc->max_vus &&
		    (sc->vus[idx] == VS_RUNNING || sc->vus[idx] == VS_STOPPING)) {
			sc->vus[idx] = VS_IDLE;
			sc->running--;
			sc->free_idx[sc->n_free++] = idx;
		}
		break;
	}
	case LG_EV_FLUSHED:
		c->flushed++;
		break;
	case LG_EV_FN_DONE:
		c->fn_done = true;
		c->fn_code = m->code;
		free(c->fn_msg);
		free(c->fn_result);
		c->fn_msg = m->str;
		c->fn_result = m->data;
		m->str = m->data = NULL;
		break;
	default:
		break;
	}
	lg_msg_free(m);
}

/* Wait up to max_ns for events (and signals), handle them. */
static void pump(struct ctl *c, int64_t max_ns)
{
	struct pollfd pfd = { .fd = c->run.events_fd, .events = POLLIN };
	struct timespec ts;
	struct lg_msg *m;
	uint64_t v;

	if (max_ns < 0)
		max_ns = 0;
	ts.tv_sec = (time_t)(max_ns / LG_NS_PER_S);
	ts.tv_nsec = (long)(max_ns % LG_NS_PER_S);
	if (ppoll(&pfd, 1, &ts, NULL) > 0) {
		ssize_t n = read(c->run.events_fd, &v, sizeof(v));
		LG_UNUSED(n);
	}
	m = lg_mq_take(&c->run.events);
	while (m) {
		struct lg_msg *next = m->next;
		handle_event(c, m);
		m = next;
	}
	if (signals_seen && !atomic_load(&c->run.abort)) {
		if (!c->cli.quiet)
			fprintf(stderr,
			        "\nloadgate: stopping the test (Ctrl+C again to exit now)\n");
		atomic_store(&c->run.abort, 1);
		{
			int expected = 0;
			atomic_compare_exchange_strong(&c->run.abort_code, &expected,
			                               LG_EINTERRUPTED);
		}
	}
}

static void emit_gauges(struct ctl *c, int64_t now)
{
	struct lg_tag tags[32];
	size_t n = 0;
	const struct lg_tagset *ts;

	for (int i = 0; i < c->opts.n_tags && n < LG_ARRAY_SIZE(tags); i++)
		tags[n++] = c->opts.tags[i];
	ts = lg_tagpool_intern(c->own_tags, tags, n);
	{
		int active = 0;
		for (int i = 0; i < c->opts.n_scenarios; i++)
			active += c->sc[i].running;
		lg_sink_add(c->own_sink, LG_M_VUS, ts, active, now);
	}
	{
		int initialized = 0;
		for (int i = 0; i < c->opts.n_scenarios; i++)
			initialized += c->sc[i].initialized;
		lg_sink_add(c->own_sink, LG_M_VUS_MAX, ts, initialized, now);
	}
	lg_agg_merge(c->agg, c->own_sink);
	lg_sink_reset(c->own_sink);
	c->last_gauge_ns = now;
}

/* One scenario's progress line: name, bar, VUs, iterations or time. */
static void scenario_progress(struct ctl *c, int i, int64_t now, struct lg_buf *b)
{
	const struct lg_scenario *s = &c->opts.scenarios[i];
	const struct scen_rt *sc = &c->sc[i];
	int64_t len = scenario_length(s),
	        elapsed = sc->started ? (sc->finished ? sc->finish_ns : now) - sc->start_ns : 0;
	long long iters = (long long)atomic_load(&c->run.scen[i].iters);
	double frac;
	char el[32], tot[32], bar[41];
	int filled;

	if (is_arrival(s))
		iters = (long long)sc->next_iter;
	if (elapsed < 0)
		elapsed = 0;
	if (s->executor == LG_EXEC_SHARED_ITERATIONS && s->iterations > 0)
		frac = (double)iters / (double)s->iterations;
	else if (s->executor == LG_EXEC_PER_VU_ITERATIONS && s->iterations * s->vus > 0)
		frac = (double)iters / (double)(s->iterations * s->vus);
	else
		frac = len > 0 ? (double)elapsed / (double)len : 1;
	if (sc->finished)
		frac = 1;
	if (frac > 1)
		frac = 1;
	filled = (int)(frac * 40);
	for (int k = 0; k < 40; k++)
		bar[k] = k < filled ? '=' : (k == filled ? '>' : '-');
	bar[40] = '\0';
	if (filled >= 40)
		bar[39] = '=';
	lg_duration_format(elapsed / LG_NS_PER_MS * LG_NS_PER_MS, el, sizeof(el));
	lg_duration_format(len, tot, sizeof(tot));
	lg_buf_printf(b, "%-12s %s [%s] %d/%d VUs  %s/%s", s->name,
	              sc->finished ? "\xe2\x9c\x93" : " ", bar, sc->running, sc->max_vus, el, tot);
	if (s->executor == LG_EXEC_SHARED_ITERATIONS)
		lg_buf_printf(b, "  %lld/%lld shared iters", iters, (long long)s->iterations);
	else if (s->executor == LG_EXEC_PER_VU_ITERATIONS)
		lg_buf_printf(b, "  %lld/%lld iters, %lld per VU", iters,
		              (long long)(s->iterations * s->vus), (long long)s->iterations);
	else if (is_arrival(s))
		lg_buf_printf(b, "  %lld iters started", iters);
	lg_buf_putc(b, '\n');
}

/*
 * The live progress: on a terminal a block redrawn in place (at most 10 times
 * a second): the run's line and one bar per scenario; otherwise plain lines
 * every 5 s, so CI logs stay readable.  Nothing with -q.
 */
static void progress(struct ctl *c, int64_t now, bool final)
{
	struct lg_buf b = { 0 };
	double secs = (double)(now - c->run.start_ns) / 1e9;
	int active = 0;

	if (c->cli.quiet)
		return;
	if (!final && now - c->last_progress_ns < (c->tty ? 100 : 5000) * LG_NS_PER_MS)
		return;
	c->last_progress_ns = now;
	for (int i = 0; c->sc && i < c->opts.n_scenarios; i++)
		active += c->sc[i].running;
	lg_buf_printf(&b,
	              "running (%.1fs), %d/%d VUs, %lld complete and %lld interrupted iterations\n",
	              secs, active, c->total_vus, (long long)atomic_load(&c->run.iters_complete),
	              (long long)atomic_load(&c->run.iters_interrupted));
	for (int i = 0; c->sc && i < c->opts.n_scenarios; i++)
		scenario_progress(c, i, now, &b);
	if (c->tty) {
		lg_log_status(b.data);
		if (final)
			lg_log_status_keep();
	} else {
		fputs(b.data, stderr);
		fflush(stderr);
	}
	lg_buf_free(&b);
}

static void start_vu_at(struct ctl *c, int i, int idx, int64_t sched_ns);

/* Ask VU `id` of scenario i to start running it. */
static void start_vu(struct ctl *c, int i, int idx)
{
	start_vu_at(c, i, idx, 0);
}

static void start_vu_at(struct ctl *c, int i, int idx, int64_t sched_ns)
{
	struct scen_rt *sc = &c->sc[i];
	struct lg_msg *m = lg_msg_new(LG_CMD_START_VU);
	const struct lg_scenario *s = &c->opts.scenarios[i];

	m->vu_id = sc->first_vu + idx;
	m->scenario = i;
	m->deadline_ns = sc->start_ns + scenario_length(s);
	m->sched_ns = sched_ns;
	m->iter_index = sc->next_iter;
	sc->vus[idx] = VS_RUNNING;
	sc->running++;
	for (int k = sc->n_free - 1; k >= 0; k--) {
		if (sc->free_idx[k] == idx) {
			sc->free_idx[k] = sc->free_idx[--sc->n_free];
			break;
		}
	}
	lg_worker_send(worker_of(c, m->vu_id), m);
}

/* The start of iteration sc->next_iter of an arrival-rate scenario: the time
 * at which the integral of the (piecewise-linear) rate reaches it. */
static void arrival_advance(struct scen_rt *sc, const struct lg_scenario *s)
{
	bool constant = s->executor == LG_EXEC_CONSTANT_ARRIVAL_RATE;
	int nseg = constant ? 1 : s->n_stages;
	double unit = (double)s->time_unit_ns;

	for (;;) {
		double d, r0, r1, need, total, x;

		if (sc->seg >= nseg) {
			sc->next_start_ns = INT64_MAX;
			return;
		}
		if (constant) {
			d = (double)s->duration_ns;
			r0 = r1 = s->rate / unit;
		} else {
			d = (double)s->stages[sc->seg].duration_ns;
			r0 =
			    (sc->seg == 0 ? s->start_rate : (double)s->stages[sc->seg - 1].target) /
			    unit;
			r1 = (double)s->stages[sc->seg].target / unit;
		}
		need = (double)sc->next_iter - sc->seg_n0;
		total = (r0 + r1) / 2 * d;
		if (need < total - 1e-9) {
			double a = d > 0 ? (r1 - r0) / (2 * d) : 0;
			if (fabs(a) < 1e-30)
				x = need / r0;
			else
				x = (-r0 + sqrt(r0 * r0 + 4 * a * need)) / (2 * a);
			if (x < 0)
				x = 0;
			sc->next_start_ns = sc->start_ns + sc->seg_t0 + (int64_t)llround(x);
			return;
		}
		sc->seg_n0 += total;
		sc->seg_t0 += (int64_t)d;
		sc->seg++;
	}
}

static void emit_dropped(struct ctl *c, int i, int64_t now)
{
	struct lg_tag tags[40];
	size_t n = 0;
	const struct lg_scenario *s = &c->opts.scenarios[i];

	for (int k = 0; k < c->opts.n_tags && n < 30; k++)
		tags[n++] = c->opts.tags[k];
	for (int k = 0; k < s->n_tags && n < 38; k++)
		tags[n++] = s->tags[k];
	tags[n++] = (struct lg_tag){ "scenario", s->name };
	lg_sink_add(c->own_sink, LG_M_DROPPED_ITERATIONS, lg_tagpool_intern(c->own_tags, tags, n),
	            1, now);
}

/* Start the arrival-rate iterations that are due; a missing VU drops one. */
static void arrival_tick(struct ctl *c, int i, int64_t now)
{
	struct scen_rt *sc = &c->sc[i];

	while (sc->next_start_ns <= now && sc->next_start_ns < sc->end_ns) {
		if (!lg_stripe_owns(c->run.stripe, sc->next_iter)) {
			/* another instance's iteration (execution segments) */
		} else if (sc->n_free > 0) {
			start_vu_at(c, i, sc->free_idx[sc->n_free - 1], sc->next_start_ns);
		} else {
			emit_dropped(c, i, now);
			/* Grow the pool toward maxVUs, one VU per dropped iteration. */
			for (int k = 0; k < sc->max_vus; k++) {
				if (sc->vus[k] == VS_UNINIT) {
					struct lg_msg *m = lg_msg_new(LG_CMD_INIT_VU);
					m->vu_id = sc->first_vu + k;
					sc->vus[k] = VS_INIT;
					lg_worker_send(worker_of(c, m->vu_id), m);
					break;
				}
			}
		}
		sc->next_iter++;
		arrival_advance(sc, &c->opts.scenarios[i]);
	}
}

static int64_t ramp_target(const struct lg_scenario *s, int64_t elapsed)
{
	double from = (double)s->start_vus;
	int64_t t = 0;

	for (int k = 0; k < s->n_stages; k++) {
		const struct lg_stage *st = &s->stages[k];
		if (elapsed < t + st->duration_ns) {
			double frac = st->duration_ns > 0
			                  ? (double)(elapsed - t) / (double)st->duration_ns
			                  : 1.0;
			return (int64_t)floor(from + ((double)st->target - from) * frac);
		}
		t += st->duration_ns;
		from = (double)st->target;
	}
	return (int64_t)from;
}

/* One scheduling step for scenario i at time now. */
static void schedule(struct ctl *c, int i, int64_t now)
{
	struct scen_rt *sc = &c->sc[i];
	const struct lg_scenario *s = &c->opts.scenarios[i];
	struct lg_scen_state *st = &c->run.scen[i];
	bool aborting = atomic_load(&c->run.abort) != 0;

	if (sc->finished)
		return;
	if (!sc->started) {
		if (aborting) {
			sc->finished = true;
			sc->finish_ns = now;
			return;
		}
		if (now < sc->start_ns)
			return;
		sc->started = true;
		st->start_wall_ms = lg_wall_ns() / LG_NS_PER_MS;
		atomic_store(&st->start_mono_ns, now);
		if (is_arrival(s)) {
			sc->start_ns = now;
			sc->end_ns = now + scenario_length(s);
			arrival_advance(sc, s);
		} else if (s->executor != LG_EXEC_RAMPING_VUS)
			for (int k = 0; k < sc->max_vus; k++)
				start_vu(c, i, k);
	}
	if (s->executor == LG_EXEC_RAMPING_VUS) {
		/* VUs ramped down get gracefulRampDown to finish their iteration. */
		for (int k = 0; k < sc->max_vus; k++) {
			if (sc->vus[k] == VS_STOPPING && sc->stop_at[k] != INT64_MAX &&
			    now >= sc->stop_at[k] + s->graceful_ramp_down_ns) {
				struct lg_msg *m = lg_msg_new(LG_CMD_INTERRUPT);
				m->vu_id = sc->first_vu + k;
				lg_worker_send(worker_of(c, m->vu_id), m);
				sc->stop_at[k] = INT64_MAX;
			}
		}
	}
	if (s->executor == LG_EXEC_RAMPING_VUS && !sc->stopped) {
		int64_t target = ramp_target(s, now - sc->start_ns);
		int active = 0;
		for (int k = 0; k < sc->max_vus; k++)
			active += sc->vus[k] == VS_RUNNING;
		for (int k = 0; k < sc->max_vus && active < target; k++) {
			if (sc->vus[k] == VS_IDLE) {
				start_vu(c, i, k);
				active++;
			}
		}
		for (int k = sc->max_vus - 1; k >= 0 && active > target; k--) {
			if (sc->vus[k] == VS_RUNNING) {
				struct lg_msg *m = lg_msg_new(LG_CMD_STOP_VU);
				m->vu_id = sc->first_vu + k;
				lg_worker_send(worker_of(c, m->vu_id), m);
				sc->vus[k] = VS_STOPPING;
				sc->stop_at[k] = now;
				active--;
			}
		}
	}
	if (is_arrival(s) && !sc->stopped && !aborting)
		arrival_tick(c, i, now);
	if (!sc->stopped && (now >= sc->end_ns || aborting)) {
		sc->stopped = true;
		atomic_store(&st->stop, 1);
	}
	if (sc->stopped && !sc->interrupted && sc->running > 0 &&
	    (now >= sc->end_ns + s->graceful_stop_ns || atomic_load(&c->run.hard_stop))) {
		struct lg_msg *m;
		sc->interrupted = true;
		atomic_store(&st->interrupt, 1);
		for (int w = 0; w < c->run.n_workers; w++) {
			m = lg_msg_new(LG_CMD_INTERRUPT);
			m->scenario = i;
			lg_worker_send(c->run.workers[w], m);
		}
	}
	/* Iteration-based executors end as soon as their VUs are done. */
	if (sc->started && sc->running == 0 &&
	    (sc->stopped || s->executor == LG_EXEC_SHARED_ITERATIONS ||
	     s->executor == LG_EXEC_PER_VU_ITERATIONS)) {
		sc->finished = true;
		sc->finish_ns = now;
	}
}

/* Run exported fn on VU 0; waits for it (with a timeout). */
static int run_fn(struct ctl *c, const char *fn, const char *data, int64_t timeout_ns,
                  enum lg_errcode timeout_code, struct lg_err *err)
{
	struct lg_msg *m = lg_msg_new(LG_CMD_RUN_FN);
	int64_t deadline = lg_now_ns() + timeout_ns;

	m->vu_id = 0;
	m->str = lg_xstrdup(fn);
	m->data = data ? lg_xstrdup(data) : NULL;
	c->fn_done = false;
	lg_worker_send(c->run.workers[0], m);
	while (!c->fn_done) {
		int64_t now = lg_now_ns();
		if (now >= deadline) {
			char d[32];
			lg_duration_format(timeout_ns, d, sizeof(d));
			atomic_store(&c->run.hard_stop, 1);
			return lg_errf(err, timeout_code,
			               "%s() execution timed out after %s (raise %sTimeout in the "
			               "options)",
			               fn, d, fn);
		}
		pump(c, deadline - now < 100 * LG_NS_PER_MS ? deadline - now : 100 * LG_NS_PER_MS);
		progress(c, lg_now_ns(), false);
	}
	if (c->fn_code)
		return lg_errf(err, (enum lg_errcode)c->fn_code, "%s",
		               c->fn_msg ? c->fn_msg : "failed");
	return 0;
}

static int build_env(struct ctl *c)
{
	int n = 0;

	if (c->cli.include_env)
		for (char **e = environ; *e; e++)
			n++;
	c->run.env = lg_xcalloc((size_t)(n + c->cli.n_env + 1), sizeof(char *));
	n = 0;
	if (c->cli.include_env)
		for (char **e = environ; *e; e++)
			c->run.env[n++] = *e;
	for (int i = 0; i < c->cli.n_env; i++)
		c->run.env[n++] = c->cli.env[i];
	c->run.n_env = n;
	return 0;
}

/*
 * Scale the scenarios to this instance's execution segment (reference 9.1):
 * VU counts and shared iterations are split with k6's striping, so the
 * instances of a split test add up to the unsplit one; arrival-rate
 * scenarios keep the whole schedule and start only the iterations this
 * segment owns (arrival_tick).
 */
static void apply_segment(struct ctl *c)
{
	const struct lg_stripe *st = &c->stripe;

	for (int i = 0; i < c->opts.n_scenarios; i++) {
		struct lg_scenario *s = &c->opts.scenarios[i];
		switch (s->executor) {
		case LG_EXEC_SHARED_ITERATIONS:
			s->iterations = lg_stripe_scale(st, s->iterations);
			s->vus = lg_stripe_scale(st, s->vus);
			break;
		case LG_EXEC_PER_VU_ITERATIONS:
		case LG_EXEC_CONSTANT_VUS:
			s->vus = lg_stripe_scale(st, s->vus);
			break;
		case LG_EXEC_RAMPING_VUS:
			s->start_vus = lg_stripe_scale(st, s->start_vus);
			for (int k = 0; k < s->n_stages; k++)
				s->stages[k].target = lg_stripe_scale(st, s->stages[k].target);
			break;
		case LG_EXEC_CONSTANT_ARRIVAL_RATE:
		case LG_EXEC_RAMPING_ARRIVAL_RATE:
			s->pre_allocated_vus = lg_stripe_scale(st, s->pre_allocated_vus);
			s->max_vus = lg_stripe_scale(st, s->max_vus);
			break;
		}
	}
}

static int configure(struct ctl *c, struct lg_err *err)
{
	struct lg_module_opts mo;
	int rc;

	rc = lg_module_opts_from_env(&mo, err);
	if (rc < 0)
		return rc;
	mo.offline = mo.offline || c->cli.offline;
	rc = lg_program_load_with(c->cli.script, &mo, &c->run.prog, err);
	if (rc < 0)
		return rc;
	rc = lg_program_probe(c->run.prog, &c->run, &c->opts, err);
	if (rc < 0)
		return rc;
	rc = lg_options_from_env(&c->opts, environ, err);
	if (rc < 0)
		return rc;
	for (int i = 0; i < c->cli.n_sets; i++) {
		rc = lg_options_set(&c->opts, c->cli.sets[i].key, c->cli.sets[i].value,
		                    c->cli.sets[i].bare_ms, c->cli.sets[i].origin, err);
		if (rc < 0)
			return rc;
	}
	if (c->cli.stages.len) {
		rc = lg_options_set(&c->opts, "stages", c->cli.stages.data, 0, "the --stage flag",
		                    err);
		if (rc < 0)
			return rc;
	}
	for (int i = 0; i < c->cli.n_tags; i++) {
		char *kv = lg_xstrdup(c->cli.tags[i]);
		char *eq = strchr(kv, '=');
		*eq = '\0';
		lg_options_add_tag(&c->opts, kv, eq + 1);
		free(kv);
	}
	/* A shortcut from the env or the CLI replaces scenarios from the script. */
	{
		bool shortcut = false;
		for (int i = 0; i < c->cli.n_sets; i++)
			if (!strcmp(c->cli.sets[i].key, "vus") ||
			    !strcmp(c->cli.sets[i].key, "duration") ||
			    !strcmp(c->cli.sets[i].key, "iterations"))
				shortcut = true;
		if ((shortcut || c->cli.stages.len) && c->opts.n_scenarios > 0) {
			lg_warn("the command-line options overrode the scenarios of the script "
			        "entirely");
			for (int i = 0; i < c->opts.n_scenarios; i++) {
				free(c->opts.scenarios[i].name);
				free(c->opts.scenarios[i].exec);
				free(c->opts.scenarios[i].stages);
			}
			free(c->opts.scenarios);
			c->opts.scenarios = NULL;
			c->opts.n_scenarios = 0;
		}
	}
	rc = lg_options_finish(&c->opts, err);
	if (rc < 0)
		return rc;
	for (int i = 0; i < c->opts.n_scenarios; i++) {
		const struct lg_scenario *s = &c->opts.scenarios[i];
		if (!lg_program_has_function(c->run.prog, s->exec))
			return lg_errf(err, LG_ECONFIG,
			               "executor %s: function '%s' not found in exports of %s",
			               s->name, s->exec, c->cli.script);
		if (scenario_max_vus(s) < 1 && s->executor != LG_EXEC_RAMPING_VUS)
			return lg_errf(err, LG_ECONFIG, "scenario %s: vus must be at least 1",
			               s->name);
	}
	rc = lg_stripe_init(&c->stripe, c->opts.segment, c->opts.segment_sequence, err);
	if (rc < 0)
		return rc;
	c->run.stripe = &c->stripe;
	apply_segment(c);
	/* custom metrics exist now (declared by the probe's init code) */
	return lg_thresholds_validate(c->run.thresholds, c->run.reg, err);
}

static int exit_code_of(struct ctl *c, enum lg_errcode run_err)
{
	int abort_code = atomic_load(&c->run.abort_code);

	if (abort_code == LG_EABORTED)
		return lg_err_exit_code(LG_EABORTED);
	if (run_err != LG_EOK)
		return lg_err_exit_code(run_err);
	if (abort_code == LG_EINTERRUPTED)
		return lg_err_exit_code(LG_EINTERRUPTED);
	if (abort_code == LG_ETHRESHOLDS) /* abortOnFail: the run's own error, as in k6 */
		return lg_err_exit_code(LG_ETHRESHOLDS);
	if (atomic_load(&c->run.marked_failed))
		return lg_err_exit_code(LG_EMARKED_FAILED);
	return 0;
}

/* Every 2 s: evaluate the thresholds, abort the run for a failing abortOnFail one. */
static void eval_thresholds(struct ctl *c, int64_t now)
{
	bool abort_now = false;
	char *names;
	int expected = 0;

	if (now - c->last_threshold_ns < 2 * LG_NS_PER_S)
		return;
	c->last_threshold_ns = now;
	lg_thresholds_eval(c->run.thresholds, c->agg, now - c->run.start_ns, false, &abort_now);
	if (!abort_now || atomic_load(&c->run.abort))
		return;
	names = lg_thresholds_failed_metrics(c->run.thresholds);
	lg_error("thresholds on metrics '%s' were crossed; at least one has abortOnFail enabled, "
	         "stopping test prematurely",
	         names ? names : "");
	free(names);
	atomic_compare_exchange_strong(&c->run.abort_code, &expected, LG_ETHRESHOLDS);
	atomic_store(&c->run.abort, 1);
}

/* A report to a file (atomically) or to stdout for "-". */
static void write_report(const char *path, const char *what, const struct lg_buf *b)
{
	if (!path)
		return;
	if (strcmp(path, "-") == 0) {
		fwrite(b->data ? b->data : "", 1, b->len, stdout);
		fflush(stdout);
		return;
	}
	if (lg_write_file_atomic(path, b->data ? b->data : "", b->len))
		lg_error("cannot write the %s %s: %s", what, path, strerror(errno));
}

/*
 * The final threshold evaluation, the summary, every report, and the exit
 * code: run_code is the run's own outcome (exit_code_of), which wins over
 * failed thresholds and checks (k6's order).
 */
/* Make every worker hand over its sink and wait until all did (5 s at most). */
static void flush_workers(struct ctl *c)
{
	int64_t deadline = lg_now_ns() + 5 * LG_NS_PER_S;

	c->flushed = 0;
	for (int i = 0; i < c->run.n_workers; i++)
		lg_worker_send(c->run.workers[i], lg_msg_new(LG_CMD_FLUSH));
	while (c->flushed < c->run.n_workers && lg_now_ns() < deadline)
		pump(c, 50 * LG_NS_PER_MS);
}

/*
 * handleSummary(data) on VU 0 (while the workers still run).  Returns true
 * when its result replaces the default text summary.  Errors are logged and
 * the default summary printed, as in k6.
 */
static bool run_handle_summary(struct ctl *c, const struct lg_summary *s)
{
	struct lg_buf data = { 0 };
	struct lg_err err = { 0 };
	bool replaced = false;

	if (!lg_program_has_function(c->run.prog, "handleSummary") || !c->run.workers)
		return false;
	lg_report_handle_summary_data(s, &data);
	atomic_store(&c->run.hard_stop, 0);
	if (run_fn(c, "handleSummary", data.data ? data.data : "{}", 120 * LG_NS_PER_S,
	           LG_EINTERNAL, &err) < 0)
		lg_error("%s", err.msg);
	else
		replaced = c->fn_result && strcmp(c->fn_result, "replaced") == 0;
	lg_buf_free(&data);
	return replaced;
}

static int write_reports(struct ctl *c, int run_code)
{
	struct lg_summary_opts so = { 0 };
	struct lg_summary *s;
	struct lg_buf out = { 0 }, scen = { 0 };
	int64_t dur_ns = lg_now_ns() - c->run.start_ns;
	struct lg_tag props[6];
	char vus[32], dur[32], iters[32];
	size_t n_props = 0;
	int code;

	so.duration_ms = (double)dur_ns / 1e6;
	so.trend_stats = (const char *const *)c->opts.trend_stats;
	so.n_trend_stats = (size_t)c->opts.n_trend_stats;
	so.time_unit = c->opts.time_unit;
	so.no_color = c->cli.no_color || getenv("NO_COLOR") || !isatty(STDOUT_FILENO);
	so.stdout_tty = isatty(STDOUT_FILENO);
	so.stderr_tty = isatty(STDERR_FILENO);
	so.setup_data_json = c->run.setup_data;
	so.fail_on_check = c->cli.fail_on_check;
	so.version = LG_VERSION;
	/* run metadata for JUnit <properties> and TAP comments */
	props[n_props++] = (struct lg_tag){ "script", c->cli.script };
	snprintf(vus, sizeof(vus), "%d", c->total_vus);
	props[n_props++] = (struct lg_tag){ "vus_max", vus };
	if (c->opts.duration_ns.set) {
		lg_duration_format(c->opts.duration_ns.v, dur, sizeof(dur));
		props[n_props++] = (struct lg_tag){ "duration", dur };
	}
	if (c->opts.iterations.set) {
		snprintf(iters, sizeof(iters), "%lld", (long long)c->opts.iterations.v);
		props[n_props++] = (struct lg_tag){ "iterations", iters };
	}
	for (int i = 0; i < c->opts.n_scenarios; i++)
		lg_buf_printf(&scen, "%s%s", i ? "," : "", c->opts.scenarios[i].name);
	props[n_props++] = (struct lg_tag){ "scenarios", scen.data ? scen.data : "" };
	so.properties = props;
	so.n_properties = n_props;

	/* after the last sink merge: every threshold, empty metrics included */
	lg_thresholds_eval(c->run.thresholds, c->agg, dur_ns, true, NULL);
	lg_thresholds_summary_opts(c->run.thresholds, &so);
	s = lg_summary_build(c->agg, c->run.reg, &so);
	lg_thresholds_apply(c->run.thresholds, s);
	code = lg_summary_set_exit_code(s, run_code);

	if (!run_handle_summary(c, s) && !c->cli.no_summary) {
		lg_report_text(s, &out);
		printf("\n\n%s\n\n\n", out.data ? out.data : "");
		fflush(stdout);
	}
	if (c->cli.summary_export) {
		lg_buf_reset(&out);
		lg_report_summary_export(s, &out);
		write_report(c->cli.summary_export, "summary export", &out);
	}
	if (c->cli.summary_json) {
		lg_buf_reset(&out);
		lg_report_summary_json(s, &out);
		write_report(c->cli.summary_json, "JSON summary", &out);
	}
	if (c->cli.junit) {
		lg_buf_reset(&out);
		lg_report_junit(s, &out);
		write_report(c->cli.junit, "JUnit report", &out);
	}
	if (c->cli.tap) {
		lg_buf_reset(&out);
		lg_report_tap(s, &out);
		write_report(c->cli.tap, "TAP report", &out);
	}
	/* GitHub Actions: a job summary and annotations for failed thresholds. */
	{
		const char *gh = getenv("GITHUB_STEP_SUMMARY");
		if (gh && *gh) {
			FILE *f = fopen(gh, "a");
			lg_buf_reset(&out);
			lg_report_github_summary(s, c->cli.script, &out);
			if (!f || fwrite(out.data, 1, out.len, f) != out.len)
				lg_error("cannot append to GITHUB_STEP_SUMMARY (%s)", gh);
			if (f)
				fclose(f);
		}
		if (getenv("GITHUB_ACTIONS")) {
			lg_buf_reset(&out);
			lg_report_github_annotations(s, &out);
			if (out.len) {
				fwrite(out.data, 1, out.len, stdout);
				fflush(stdout);
			}
		}
	}

	if (run_code == 0 && code != 0) {
		char *names = lg_thresholds_failed_metrics(c->run.thresholds);

		if (names)
			lg_error("thresholds on metrics '%s' have been crossed", names);
		else
			lg_error("checks have failed (--fail-on-check)");
		free(names);
	}
	lg_buf_free(&scen);
	lg_buf_free(&out);
	lg_summary_free(s);
	return code;
}

/* Check, before the run, that report paths can be written. */
static int check_report_path(const char *path, struct lg_err *err)
{
	char tmp[4096];
	int fd;

	if (!path || strcmp(path, "-") == 0)
		return 0;
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0)
		return lg_errf(err, LG_ECONFIG, "cannot write the report %s: %s", path,
		               strerror(errno));
	close(fd);
	unlink(tmp);
	return 0;
}

static void json_str(struct lg_buf *b, const char *s)
{
	lg_buf_putc(b, '"');
	for (; s && *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			lg_buf_printf(b, "\\%c", ch);
		else if (ch < 0x20)
			lg_buf_printf(b, "\\u%04x", ch);
		else
			lg_buf_putc(b, (char)ch);
	}
	lg_buf_putc(b, '"');
}

static void json_dur(struct lg_buf *b, int64_t ns)
{
	char d[32];

	lg_duration_format(ns, d, sizeof(d));
	json_str(b, d);
}

static void json_pairs(struct lg_buf *b, const struct lg_tag *t, int n)
{
	lg_buf_putc(b, '{');
	for (int i = 0; i < n; i++) {
		if (i)
			lg_buf_puts(b, ", ");
		json_str(b, t[i].key);
		lg_buf_puts(b, ": ");
		json_str(b, t[i].value);
	}
	lg_buf_putc(b, '}');
}

/* The consolidated options as JSON (`loadgate inspect`). */
static void inspect_json(struct ctl *c, struct lg_buf *b)
{
	const struct lg_options *o = &c->opts;

	lg_buf_puts(b, "{\n");
	lg_buf_printf(b, "  \"vus\": %lld,\n", (long long)o->vus.v);
	if (o->duration_ns.set) {
		lg_buf_puts(b, "  \"duration\": ");
		json_dur(b, o->duration_ns.v);
		lg_buf_puts(b, ",\n");
	} else {
		lg_buf_puts(b, "  \"duration\": null,\n");
	}
	if (o->iterations.set)
		lg_buf_printf(b, "  \"iterations\": %lld,\n", (long long)o->iterations.v);
	else
		lg_buf_puts(b, "  \"iterations\": null,\n");
	lg_buf_puts(b, "  \"executionSegment\": ");
	if (o->segment)
		json_str(b, o->segment);
	else
		lg_buf_puts(b, "null");
	lg_buf_puts(b, ",\n  \"executionSegmentSequence\": ");
	if (o->segment_sequence)
		json_str(b, o->segment_sequence);
	else
		lg_buf_puts(b, "null");
	lg_buf_puts(b, ",\n  \"summaryTrendStats\": [");
	for (int i = 0; i < o->n_trend_stats; i++) {
		if (i)
			lg_buf_puts(b, ", ");
		json_str(b, o->trend_stats[i]);
	}
	lg_buf_puts(b, "],\n  \"tags\": ");
	json_pairs(b, o->tags, o->n_tags);
	lg_buf_puts(b, ",\n  \"scenarios\": {");
	for (int i = 0; i < o->n_scenarios; i++) {
		const struct lg_scenario *s = &o->scenarios[i];
		lg_buf_puts(b, i ? ",\n    " : "\n    ");
		json_str(b, s->name);
		lg_buf_puts(b, ": {\n      \"executor\": ");
		json_str(b, lg_executor_name(s->executor));
		lg_buf_puts(b, ",\n      \"exec\": ");
		json_str(b, s->exec);
		lg_buf_puts(b, ",\n      \"startTime\": ");
		json_dur(b, s->start_ns);
		lg_buf_puts(b, ",\n      \"gracefulStop\": ");
		json_dur(b, s->graceful_stop_ns);
		switch (s->executor) {
		case LG_EXEC_SHARED_ITERATIONS:
		case LG_EXEC_PER_VU_ITERATIONS:
			lg_buf_printf(b, ",\n      \"vus\": %lld,\n      \"iterations\": %lld",
			              (long long)s->vus, (long long)s->iterations);
			lg_buf_puts(b, ",\n      \"maxDuration\": ");
			json_dur(b, s->max_duration_ns);
			break;
		case LG_EXEC_CONSTANT_VUS:
			lg_buf_printf(
			    b, ",\n      \"vus\": %lld,\n      \"duration\": ", (long long)s->vus);
			json_dur(b, s->duration_ns);
			break;
		case LG_EXEC_CONSTANT_ARRIVAL_RATE:
		case LG_EXEC_RAMPING_ARRIVAL_RATE:
			if (s->executor == LG_EXEC_CONSTANT_ARRIVAL_RATE) {
				lg_buf_printf(
				    b, ",\n      \"rate\": %.17g,\n      \"duration\": ", s->rate);
				json_dur(b, s->duration_ns);
			} else {
				lg_buf_printf(b, ",\n      \"startRate\": %.17g", s->start_rate);
			}
			lg_buf_puts(b, ",\n      \"timeUnit\": ");
			json_dur(b, s->time_unit_ns);
			lg_buf_printf(b,
			              ",\n      \"preAllocatedVUs\": %lld,\n      \"maxVUs\": %lld",
			              (long long)s->pre_allocated_vus, (long long)s->max_vus);
			break;
		case LG_EXEC_RAMPING_VUS:
			lg_buf_printf(b, ",\n      \"startVUs\": %lld", (long long)s->start_vus);
			lg_buf_puts(b, ",\n      \"gracefulRampDown\": ");
			json_dur(b, s->graceful_ramp_down_ns);
			break;
		}
		if (s->n_stages) {
			lg_buf_puts(b, ",\n      \"stages\": [");
			for (int k = 0; k < s->n_stages; k++) {
				lg_buf_puts(b, k ? ", {\"duration\": " : "{\"duration\": ");
				json_dur(b, s->stages[k].duration_ns);
				lg_buf_printf(b, ", \"target\": %lld}",
				              (long long)s->stages[k].target);
			}
			lg_buf_putc(b, ']');
		}
		if (s->n_tags) {
			lg_buf_puts(b, ",\n      \"tags\": ");
			json_pairs(b, s->tags, s->n_tags);
		}
		if (s->n_env) {
			lg_buf_puts(b, ",\n      \"env\": ");
			json_pairs(b, s->env, s->n_env);
		}
		lg_buf_puts(b, "\n    }");
	}
	lg_buf_puts(b, o->n_scenarios ? "\n  }" : "}");
	if (c->cli.exec_requirements) {
		int64_t total = 0;
		int maxvus = 0;
		for (int i = 0; i < o->n_scenarios; i++) {
			const struct lg_scenario *s = &o->scenarios[i];
			int64_t end = s->start_ns + scenario_length(s) + s->graceful_stop_ns;
			if (s->executor == LG_EXEC_RAMPING_VUS)
				end += s->graceful_ramp_down_ns;
			if (end > total)
				total = end;
			maxvus += scenario_max_vus(s);
		}
		lg_buf_puts(b, ",\n  \"totalDuration\": ");
		json_dur(b, total);
		lg_buf_printf(b, ",\n  \"maxVUs\": %d", maxvus);
	}
	lg_buf_puts(b, "\n}\n");
}

/* `loadgate inspect [--execution-requirements] script.js` */
int lg_inspect_main(int argc, char **argv)
{
	struct ctl *c = lg_xcalloc(1, sizeof(*c));
	struct lg_err err = { 0 };
	struct lg_buf out = { 0 };
	int code = 0;

	if (parse_cli(argc, argv, &c->cli) < 0) {
		code = lg_err_exit_code(LG_EUSAGE);
		goto out;
	}
	lg_log_init(LG_LOG_WARN, isatty(STDERR_FILENO), 0);
	c->cli.include_env = false; /* as k6 inspect */
	c->run.opts = &c->opts;
	c->run.reg = lg_registry_new();
	c->run.thresholds = lg_thresholds_new();
	if (c->cli.no_thresholds)
		lg_thresholds_disable(c->run.thresholds);
	lg_options_init(&c->opts);
	build_env(c);
	if (configure(c, &err) < 0) {
		fprintf(stderr, "loadgate: %s\n", err.msg);
		code = lg_err_exit_code(err.code);
		goto out;
	}
	inspect_json(c, &out);
	fputs(out.data, stdout);
out:
	lg_buf_free(&out);
	lg_program_free(c->run.prog);
	lg_thresholds_free(c->run.thresholds);
	lg_registry_free(c->run.reg);
	lg_options_free(&c->opts);
	lg_stripe_cleanup(&c->stripe);
	free(c->run.env);
	cli_free(&c->cli);
	free(c);
	return code;
}

int lg_run_main(int argc, char **argv)
{
	struct ctl *c = lg_xcalloc(1, sizeof(*c));
	struct lg_err err = { 0 };
	enum lg_errcode run_err = LG_EOK;
	int rc, code = 0, vu_id = 1, init_expected = 0;
	bool workers_started = false;

	c->tty = isatty(STDERR_FILENO);
	rc = parse_cli(argc, argv, &c->cli);
	if (rc < 0) {
		code = lg_err_exit_code(LG_EUSAGE);
		goto out_early;
	}
	lg_log_init(c->cli.verbose ? LG_LOG_DEBUG : LG_LOG_INFO, c->tty, 0);
	OPENSSL_init_ssl(OPENSSL_INIT_NO_LOAD_CONFIG, NULL);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	lg_mq_init(&c->run.events);
	c->run.events_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	signal_fd = c->run.events_fd;
	c->run.opts = &c->opts;
	c->run.reg = lg_registry_new();
	c->run.thresholds = lg_thresholds_new();
	if (c->cli.no_thresholds)
		lg_thresholds_disable(c->run.thresholds);
	c->run.ca_file = lg_http_ca_bundle();
	c->run.lag_metric = -1;
	if (getenv("LOADGATE_MEASURE_START_LAG")) {
		/* How late arrival-rate iterations start versus their schedule (ms). */
		c->run.lag_metric = lg_metric_declare(c->run.reg, "loadgate_start_lag", LG_TREND,
		                                      LG_CONTAINS_TIME, &err);
	}
	lg_options_init(&c->opts);
	build_env(c);

	rc = configure(c, &err);
	if (rc == 0)
		rc = check_report_path(c->cli.summary_export, &err);
	if (rc == 0)
		rc = check_report_path(c->cli.summary_json, &err);
	if (rc == 0)
		rc = check_report_path(c->cli.junit, &err);
	if (rc == 0)
		rc = check_report_path(c->cli.tap, &err);
	if (rc < 0) {
		fprintf(stderr, "loadgate: %s\n", err.msg);
		code = lg_err_exit_code(err.code);
		goto out;
	}
	{
		/* exec.test.options: the consolidated options, as `inspect` prints them */
		struct lg_buf oj = { 0 };
		inspect_json(c, &oj);
		c->run.options_json = lg_buf_steal(&oj);
	}
	c->agg = lg_agg_new(c->run.reg);
	c->own_sink = lg_sink_new(c->run.reg);
	c->own_tags = lg_tagpool_new();
	c->sc = lg_xcalloc((size_t)c->opts.n_scenarios, sizeof(*c->sc));
	c->run.scen = lg_xcalloc((size_t)c->opts.n_scenarios, sizeof(*c->run.scen));
	for (int i = 0; i < c->opts.n_scenarios; i++) {
		const struct lg_scenario *s = &c->opts.scenarios[i];
		c->sc[i].first_vu = vu_id;
		c->sc[i].max_vus = scenario_max_vus(s);
		c->sc[i].vus = lg_xcalloc((size_t)c->sc[i].max_vus + 1, sizeof(enum vu_state));
		c->sc[i].free_idx = lg_xcalloc((size_t)c->sc[i].max_vus + 1, sizeof(int));
		c->sc[i].stop_at = lg_xcalloc((size_t)c->sc[i].max_vus + 1, sizeof(int64_t));
		c->sc[i].init_vus = is_arrival(s) ? (int)s->pre_allocated_vus : c->sc[i].max_vus;
		c->sc[i].next_start_ns = INT64_MAX;
		vu_id += c->sc[i].max_vus;
		atomic_store(&c->run.scen[i].remaining,
		             s->executor == LG_EXEC_SHARED_ITERATIONS ? s->iterations : 0);
	}
	c->total_vus = vu_id - 1;
	if (!c->cli.threads) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		c->cli.threads = n > 0 ? (int)n : 1;
	}
	if (c->cli.threads > c->total_vus + 1)
		c->cli.threads = c->total_vus + 1;
	if (!c->cli.quiet)
		print_banner(c);

	{
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		signal(SIGPIPE, SIG_IGN);
	}
	rc = lg_workers_start(&c->run, c->cli.threads, &err);
	workers_started = true;
	if (rc < 0) {
		fprintf(stderr, "loadgate: %s\n", err.msg);
		code = lg_err_exit_code(err.code);
		goto out;
	}
	/* Initialise the VUs (and VU 0 for setup/teardown) on their workers, in
	 * parallel; arrival-rate scenarios start with preAllocatedVUs. */
	{
		struct lg_msg *m = lg_msg_new(LG_CMD_INIT_VU);
		m->vu_id = 0;
		lg_worker_send(worker_of(c, 0), m);
		init_expected = 1;
	}
	for (int i = 0; i < c->opts.n_scenarios; i++) {
		for (int k = 0; k < c->sc[i].init_vus; k++) {
			struct lg_msg *m = lg_msg_new(LG_CMD_INIT_VU);
			m->vu_id = c->sc[i].first_vu + k;
			c->sc[i].vus[k] = VS_INIT;
			lg_worker_send(worker_of(c, m->vu_id), m);
			init_expected++;
		}
	}
	c->run.start_ns = lg_now_ns();
	while (c->vus_ready + c->vus_failed < init_expected && !c->vus_failed) {
		pump(c, 100 * LG_NS_PER_MS);
		if (signals_seen)
			break;
	}
	if (c->vus_failed) {
		fprintf(stderr, "loadgate: %s\n", c->init_err.msg);
		code = lg_err_exit_code(c->init_err.code ? c->init_err.code : LG_ESCRIPT);
		goto out;
	}
	if (signals_seen) {
		code = lg_err_exit_code(LG_EINTERRUPTED);
		goto out;
	}
	/* setup() */
	c->run.start_ns = lg_now_ns();
	if (lg_program_has_function(c->run.prog, "setup") && !c->opts.no_setup.v) {
		rc = run_fn(c, "setup", NULL, c->opts.setup_timeout_ns.v, LG_ESETUP_TIMEOUT, &err);
		if (rc < 0) {
			fprintf(stderr, "loadgate: %s\n", err.msg);
			run_err = err.code;
			goto finish;
		}
		c->run.setup_data = c->fn_result;
		c->fn_result = NULL;
	}
	/* The scenarios. */
	{
		int64_t t0 = lg_now_ns();
		for (int i = 0; i < c->opts.n_scenarios; i++) {
			c->sc[i].start_ns = t0 + c->opts.scenarios[i].start_ns;
			c->sc[i].end_ns =
			    c->sc[i].start_ns + scenario_length(&c->opts.scenarios[i]);
		}
		for (int i = 0; i < c->opts.n_scenarios; i++)
			schedule(c, i, t0);
		emit_gauges(c, t0);
		for (;;) {
			int64_t now = lg_now_ns();
			bool all_done = true;

			for (int i = 0; i < c->opts.n_scenarios; i++) {
				schedule(c, i, now);
				all_done = all_done && c->sc[i].finished;
			}
			if (all_done)
				break;
			if (now - c->last_gauge_ns >= LG_NS_PER_S)
				emit_gauges(c, now);
			eval_thresholds(c, now);
			progress(c, now, false);
			if (c->vus_failed && !atomic_load(&c->run.abort)) {
				fprintf(stderr, "loadgate: %s\n", c->init_err.msg);
				run_err = c->init_err.code ? c->init_err.code : LG_ESCRIPT;
				atomic_store(&c->run.abort, 1);
			}
			{
				/* Sleep until the next arrival-rate start, at most 50 ms. */
				int64_t wait = 50 * LG_NS_PER_MS;
				for (int i = 0; i < c->opts.n_scenarios; i++)
					if (c->sc[i].next_start_ns - now < wait)
						wait = c->sc[i].next_start_ns - now;
				pump(c, wait);
			}
		}
		/* Samples the controller recorded since the last gauge tick. */
		lg_agg_merge(c->agg, c->own_sink);
		lg_sink_reset(c->own_sink);
	}
finish:
	/* teardown(data) runs even after an abort, as in k6. */
	if (run_err != LG_ESETUP_TIMEOUT && run_err != LG_ESCRIPT &&
	    lg_program_has_function(c->run.prog, "teardown") && !c->opts.no_teardown.v) {
		atomic_store(&c->run.hard_stop, 0);
		rc = run_fn(c, "teardown", c->run.setup_data, c->opts.teardown_timeout_ns.v,
		            LG_ETEARDOWN_TIMEOUT, &err);
		if (rc < 0) {
			fprintf(stderr, "loadgate: %s\n", err.msg);
			if (run_err == LG_EOK)
				run_err = err.code;
		}
	}
	progress(c, lg_now_ns(), true);
	flush_workers(c);
	if (atomic_load(&c->run.iters_complete) == 0 && run_err == LG_EOK)
		lg_warn("No script iterations fully finished, consider making the test duration "
		        "longer");
	code = write_reports(c, exit_code_of(c, run_err));
	atomic_store(&c->run.hard_stop, 1);
	lg_workers_stop(&c->run);
	workers_started = false;
	pump(c, 0);
out:
	if (workers_started)
		lg_workers_stop(&c->run);
	pump(c, 0);
	lg_workers_free(&c->run);
	signal_fd = -1;
	if (c->run.events_fd >= 0)
		close(c->run.events_fd);
	lg_mq_destroy(&c->run.events);
	for (int i = 0; c->sc && i < c->opts.n_scenarios; i++) {
		free(c->sc[i].vus);
		free(c->sc[i].free_idx);
		free(c->sc[i].stop_at);
	}
	free(c->sc);
	free(c->run.scen);
	lg_agg_free(c->agg);
	lg_sink_free(c->own_sink);
	lg_tagpool_free(c->own_tags);
	lg_program_free(c->run.prog);
	lg_stripe_cleanup(&c->stripe);
	lg_thresholds_free(c->run.thresholds);
	lg_registry_free(c->run.reg);
	lg_options_free(&c->opts);
	free((char *)c->run.setup_data);
	free((char *)c->run.options_json);
	free(c->run.env);
	free(c->fn_msg);
	free(c->fn_result);
	curl_global_cleanup();
out_early:
	cli_free(&c->cli);
	free(c);
	return code;
}
