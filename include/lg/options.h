/* SPDX-License-Identifier: Apache-2.0 */
/*
 * options.h - the consolidated options of a run: defaults < script
 * `options` < K6_* / LOADGATE_* environment < command-line flags
 * (reference 3.1), and the scenarios derived from them (reference 3.3).
 *
 * A plain-data struct: built on the main thread before the run, read-only
 * afterwards (workers read it without locks).
 */
#ifndef LG_OPTIONS_H
#define LG_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "lg/base.h"
#include "lg/metrics.h"

enum lg_executor {
	LG_EXEC_SHARED_ITERATIONS,
	LG_EXEC_PER_VU_ITERATIONS,
	LG_EXEC_CONSTANT_VUS,
	LG_EXEC_RAMPING_VUS,
	LG_EXEC_CONSTANT_ARRIVAL_RATE,
	LG_EXEC_RAMPING_ARRIVAL_RATE,
};

struct lg_stage {
	int64_t duration_ns;
	int64_t target;
};

struct lg_scenario {
	char *name;
	enum lg_executor executor;
	char *exec;       /* exported function, "default" by default */
	int64_t start_ns; /* startTime */
	int64_t graceful_stop_ns;
	int64_t vus;
	int64_t iterations;  /* shared: total; per-vu: per VU */
	int64_t duration_ns; /* constant-vus */
	int64_t max_duration_ns;
	struct lg_stage *stages;
	int n_stages;
	int64_t start_vus;
	int64_t graceful_ramp_down_ns;
	/* arrival-rate executors */
	double rate;          /* iterations per time_unit (constant-arrival-rate) */
	double start_rate;    /* ramping-arrival-rate; stages' targets are rates */
	int64_t time_unit_ns; /* default 1s */
	int64_t pre_allocated_vus;
	int64_t max_vus;     /* default pre_allocated_vus */
	struct lg_tag *tags; /* scenario tags (owned strings) */
	int n_tags;
	struct lg_tag *env; /* scenario env, overlaid on __ENV (owned strings) */
	int n_env;
};

/* A value set somewhere, with a flag saying whether it was. */
#define LG_OPT(type)      \
	struct {          \
		type v;   \
		bool set; \
	}

struct lg_options {
	LG_OPT(int64_t) vus;
	LG_OPT(int64_t) iterations;
	LG_OPT(int64_t) duration_ns;
	struct lg_stage *stages;
	int n_stages;
	bool stages_set;
	LG_OPT(int64_t) max_redirects;
	LG_OPT(int64_t) batch;
	LG_OPT(int64_t) batch_per_host;
	LG_OPT(int64_t) setup_timeout_ns;
	LG_OPT(int64_t) teardown_timeout_ns;
	LG_OPT(int64_t) min_iteration_duration_ns;
	LG_OPT(int64_t) max_response_body;
	LG_OPT(bool) insecure_skip_tls_verify;
	LG_OPT(bool) no_cookies_reset;
	LG_OPT(bool) no_connection_reuse;
	LG_OPT(bool) no_vu_connection_reuse;
	LG_OPT(bool) discard_response_bodies;
	LG_OPT(bool) throw_errors;
	LG_OPT(bool) no_setup;
	LG_OPT(bool) no_teardown;
	char *user_agent;
	char **trend_stats;
	int n_trend_stats;
	char *time_unit;
	char *segment;          /* executionSegment, e.g. "1/3:2/3" (NULL = 0:1) */
	char *segment_sequence; /* executionSegmentSequence, e.g. "0,1/3,2/3,1" */
	struct lg_tag *tags;    /* run tags */
	int n_tags;
	/* the scenarios to run (derived by lg_options_finish) */
	struct lg_scenario *scenarios;
	int n_scenarios;
};

/* Defaults (reference 3.2); call once on a zeroed struct. */
void lg_options_init(struct lg_options *o);
void lg_options_free(struct lg_options *o);

/*
 * Apply one option by its script/JSON key (e.g. "vus", "duration") from a
 * string value (numbers as text; durations with bare numbers in ms when
 * bare_ms).  `origin` names where it came from for the error message
 * ("script options", "K6_VUS", "--vus").  Unknown keys are ignored with 1.
 * Returns 0, 1 (unknown key) or -LG_ECONFIG with *err set.
 */
int lg_options_set(struct lg_options *o, const char *key, const char *value, int bare_ms,
                   const char *origin, struct lg_err *err);

/* Apply K6_* and LOADGATE_* environment variables from envp. */
int lg_options_from_env(struct lg_options *o, char **envp, struct lg_err *err);

/*
 * Validate and derive the scenarios from the shortcut options (reference
 * 3.3).  Returns 0 or -LG_ECONFIG with a message naming the option.
 */
int lg_options_finish(struct lg_options *o, struct lg_err *err);

/* Add or replace a run tag (options.tags, --tag). */
int lg_options_add_tag(struct lg_options *o, const char *key, const char *value);
/* Is `stat` a valid summaryTrendStats entry (avg,min,med,max,count,p(N) 0<=N<=100)? */
bool lg_options_trend_stat_ok(const char *stat);

/* The "executor" name of k6 ("shared-iterations", ...). */
const char *lg_executor_name(enum lg_executor e);

#endif
