/* SPDX-License-Identifier: Apache-2.0 */
/*
 * js.h - the script on Duktape: compiled once, run in one heap per VU.
 *
 * The main script, the runtime prelude and every local module are compiled
 * once to Duktape bytecode (duk_dump_function) and loaded into each VU's own
 * heap (duk_load_function); each VU still runs its own init code, as k6
 * does, so VU state stays isolated.  Two VUs never share a heap: Duktape
 * longjmps across the C stack, and each VU has its own coroutine stack.
 */
#ifndef LG_JS_H
#define LG_JS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lg/base.h"
#include "lg/options.h"
#include "lg/runtime.h"

struct lg_program;

/* How remote modules (import ... from 'https://...') load: docs/modules/remote.md. */
struct lg_module_opts {
	bool offline;       /* read only the module cache, never the network */
	int64_t timeout_ns; /* bound of one fetch */
};

/*
 * Defaults from the environment: LOADGATE_OFFLINE (1/true: offline) and
 * LOADGATE_MODULE_TIMEOUT (seconds or a duration; 30 s).  -LG_ECONFIG on a
 * bad timeout.
 */
int lg_module_opts_from_env(struct lg_module_opts *o, struct lg_err *err);

/*
 * Read and compile the script at path (ES2020 through the front end), and
 * fetch the remote modules it imports (recursively, each once, before any
 * VU runs; cached on disk).  A missing or unreadable file, a syntax error or
 * a remote module that cannot be fetched (or, offline, is not cached) is
 * -LG_ESCRIPT with file:line in *err.  lg_program_load reads the module
 * options from the environment.
 */
int lg_program_load(const char *path, struct lg_program **out, struct lg_err *err);
int lg_program_load_with(const char *path, const struct lg_module_opts *mo, struct lg_program **out,
                         struct lg_err *err);

/*
 * `loadgate fetch`: resolve the script's imports recursively (static imports
 * and require() of string literals, through local modules too) and put every
 * remote module that is not built in into the cache, from the network unless
 * mo->offline.  One line per module on report (may be NULL).  Errors as
 * lg_program_load.
 */
int lg_modules_fetch(const char *path, const struct lg_module_opts *mo, FILE *report,
                     struct lg_err *err);
void lg_program_free(struct lg_program *p);
const char *lg_program_path(const struct lg_program *p);

/*
 * Run the init code once on this thread (k6's "options VU", __VU == 0):
 * apply the script's exported `options` to *opts and record the exported
 * functions.  Init errors are -LG_ESCRIPT, bad options -LG_ECONFIG.
 */
int lg_program_probe(struct lg_program *p, struct lg_run *run, struct lg_options *opts,
                     struct lg_err *err);
/* After the probe: does the script export a function of that name? */
bool lg_program_has_function(const struct lg_program *p, const char *name);

/* Create the VU's heap and run init (inside the VU's coroutine). */
int lg_js_vu_init(struct lg_vu *vu, struct lg_err *err);
/*
 * One iteration: call the exported function `fn` with the setup data.  An
 * exception is logged with its stack and returns -1 (the run goes on).
 */
int lg_js_iteration(struct lg_vu *vu, const char *fn);
/*
 * Call a lifecycle function (setup, teardown) with data_json (may be NULL)
 * and return its result as JSON in *result_json (NULL for undefined).  An
 * exception is -LG_ESCRIPT with the message and location in *err.
 */
int lg_js_call(struct lg_vu *vu, const char *fn, const char *data_json, char **result_json,
               struct lg_err *err);
/*
 * Call the script's handleSummary(data) with the summary data (JSON) and
 * write what it returns: "stdout", "stderr" or a file path -> string or
 * ArrayBuffer (files written atomically).  *printed_stdout tells whether the
 * default summary was replaced: true when the function returned an object
 * (with or without "stdout"), false when it returned null/undefined.  An
 * exception is -LG_ESCRIPT with the message (the caller logs it and prints
 * the default summary).
 */
int lg_js_handle_summary(struct lg_vu *vu, const char *data_json, bool *replaced,
                         struct lg_err *err);
/* Overlay a scenario's env on the VU's __ENV. */
void lg_js_set_env(struct lg_vu *vu, const struct lg_tag *env, int n);
/* Destroy the VU's heap (on the VU's coroutine stack). */
void lg_js_vu_free(struct lg_vu *vu);

#endif
