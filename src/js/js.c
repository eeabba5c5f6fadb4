/* SPDX-License-Identifier: Apache-2.0 */
/*
 * js.c - compiling the script once and running it in one Duktape heap per
 * VU (see lg/js.h).
 *
 * DESIGN: the main script is wrapped as a CommonJS function
 * `function (exports, require, module, __filename, __dirname) {...}` on the
 * same first line, so Duktape's line numbers are the user's.  The wrapper,
 * the prelude (prelude.js) and each local module are compiled once to
 * bytecode; VUs load the bytecode (~3x faster than compiling, and no parser
 * memory per VU).  The probe heap (k6's __VU 0 "options VU") runs init on the
 * main thread to read `options` and the exported function names.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <malloc.h>
#include <sys/stat.h>
#include <unistd.h>

#include "js_int.h"
#include "lg/clock.h"
#include "lg/front.h"
#include "lg/log.h"
#include "lg/threshold.h"
#include "lg/polyfill.h"
#include "lg/vu.h"

/* Heap growth (beyond 1.25x the size after the last collection) that
 * triggers a mark-and-sweep pass at the end of an iteration. */
#define GC_SLACK_BYTES (32 * 1024)

int lg_duk_exec_timeout_check(void *udata);
int lg_duk_exec_timeout_check(void *udata)
{
	const struct lg_vu *vu = udata;

	return vu && vu->w && lg_vu_cut(vu);
}

static void fatal_handler(void *udata, const char *msg)
{
	lg_die("JavaScript engine fatal error: %s", msg ? msg : "(no message)");
}

/* Accounting allocator: a VU's heap_bytes is what its JS heap holds. */
static void *vu_alloc(void *udata, duk_size_t size)
{
	void *p = malloc(size);
	struct lg_vu *vu = udata;

	if (p && vu)
		vu->heap_bytes += malloc_usable_size(p);
	return p;
}

static void *vu_realloc(void *udata, void *ptr, duk_size_t size)
{
	struct lg_vu *vu = udata;
	size_t old = ptr && vu ? malloc_usable_size(ptr) : 0;
	void *p = realloc(ptr, size);

	if (vu && (p || size == 0)) {
		vu->heap_bytes -= old;
		if (p)
			vu->heap_bytes += malloc_usable_size(p);
	}
	return p;
}

static void vu_free(void *udata, void *ptr)
{
	struct lg_vu *vu = udata;

	if (ptr && vu)
		vu->heap_bytes -= malloc_usable_size(ptr);
	free(ptr);
}

static duk_context *new_heap(void *udata)
{
	duk_context *ctx = duk_create_heap(vu_alloc, vu_realloc, vu_free, udata, fatal_handler);

	lg_require(ctx != NULL);
	return ctx;
}

/*
 * Append one traceback line if it is the user's: Duktape's lines look like
 * "    at name (file:line) flags"; frames of the prelude, of C functions and
 * Duktape's flags (strict, preventsyield, tailcall...) are noise for a user.
 */
static void clean_stack_line(const char *line, size_t len, struct lg_buf *out)
{
	const char *open = memchr(line, '(', len), *close;

	if (!open)
		return;
	close = memchr(open, ')', len - (size_t)(open - line));
	if (!close || close == open + 1)
		return; /* native frame: "()" */
	if ((size_t)(close - open) > 20 &&
	    memmem(open, (size_t)(close - open), "loadgate-prelude.js", 19))
		return;
	if (memmem(open, (size_t)(close - open), ".c:", 3))
		return; /* a C function of ours */
	lg_buf_putc(out, '\n');
	lg_buf_append(out, line, (size_t)(close - line) + 1);
}

/* The message of the error at the stack top with the user's frames. */
static void describe_error(duk_context *ctx, const char *fallback_file, struct lg_buf *out)
{
	const char *stack = NULL;

	if (duk_is_error(ctx, -1)) {
		duk_get_prop_literal(ctx, -1, "stack");
		stack = duk_get_string(ctx, -1);
		if (stack) {
			const char *nl = strchr(stack, '\n');
			lg_buf_append(out, stack, nl ? (size_t)(nl - stack) : strlen(stack));
			while (nl) {
				const char *line = nl + 1;
				nl = strchr(line, '\n');
				clean_stack_line(line, nl ? (size_t)(nl - line) : strlen(line),
				                 out);
			}
			duk_pop(ctx);
			return;
		}
		duk_pop(ctx);
	}
	lg_buf_printf(out, "%s", duk_safe_to_string(ctx, -1));
	if (fallback_file)
		lg_buf_printf(out, " (in %s)", fallback_file);
}

static void source_line(const char *src, size_t len, long line, struct lg_buf *out)
{
	const char *p = src, *end = src + len;

	for (long l = 1; l < line && p < end; l++) {
		p = memchr(p, '\n', (size_t)(end - p));
		if (!p)
			return;
		p++;
	}
	if (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		lg_buf_printf(out, "\n    %ld | %.*s", line, (int)((nl ? nl : end) - p), p);
	}
}

int lg__js_compile(duk_context *ctx, const char *src, size_t len, const char *filename, void **bc,
                   size_t *bclen, struct lg_err *err)
{
	duk_size_t sz;
	void *p;

	duk_push_lstring(ctx, src, len);
	duk_push_string(ctx, filename);
	if (duk_pcompile(ctx, DUK_COMPILE_FUNCTION) != 0) {
		struct lg_buf msg = { 0 };
		long line = 0;

		if (duk_is_error(ctx, -1)) {
			duk_get_prop_literal(ctx, -1, "lineNumber");
			line = (long)duk_get_int_default(ctx, -1, 0);
			duk_pop(ctx);
		}
		lg_buf_printf(&msg, "%s:%ld: %s", filename, line, duk_safe_to_string(ctx, -1));
		source_line(src, len, line, &msg);
		lg_errf(err, LG_ESCRIPT, "%s", msg.data);
		lg_buf_free(&msg);
		duk_pop(ctx);
		return -LG_ESCRIPT;
	}
	duk_dump_function(ctx);
	p = duk_get_buffer(ctx, -1, &sz);
	*bc = lg_xmalloc(sz);
	memcpy(*bc, p, sz);
	*bclen = sz;
	duk_pop(ctx);
	return 0;
}

int lg_program_load(const char *path, struct lg_program **out, struct lg_err *err)
{
	struct lg_module_opts mo;
	int rc = lg_module_opts_from_env(&mo, err);

	return rc < 0 ? rc : lg_program_load_with(path, &mo, out, err);
}

int lg_program_load_with(const char *path, const struct lg_module_opts *mo, struct lg_program **out,
                         struct lg_err *err)
{
	struct lg_program *p = lg_xcalloc(1, sizeof(*p));
	duk_context *ctx = NULL;
	char *src = NULL, *wrapped = NULL;
	size_t len = 0, wlen = 0;
	char abs[PATH_MAX];
	int rc = 0;

	pthread_mutex_init(&p->mu, NULL);
	p->path = lg_xstrdup(path);
	p->mopts = *mo;
	src = lg_read_file(path, &len);
	if (!src) {
		rc = lg_errf(err, LG_ESCRIPT, "cannot read the script %s: %s", path,
		             errno == ENOENT ? "no such file" : strerror(errno));
		goto out;
	}
	if (!realpath(path, abs)) {
		rc = lg_errf(err, LG_ESCRIPT, "cannot resolve the script path %s: %s", path,
		             strerror(errno));
		goto out;
	}
	p->abs = lg_xstrdup(abs);
	{
		char *slash = strrchr(abs, '/');
		p->dir = slash == abs ? lg_xstrdup("/") : lg_xstrndup(abs, (size_t)(slash - abs));
	}
	ctx = new_heap(NULL);
	rc = lg__js_compile(ctx, lg_front_helpers_js(), strlen(lg_front_helpers_js()),
	                    "loadgate-helpers.js", &p->helpers_bc, &p->helpers_len, err);
	if (rc < 0) {
		err->code = LG_EINTERNAL;
		goto out;
	}
	/* ES2020 -> ES5.1 in the CommonJS wrapper (the front end reports syntax
	 * errors with file:line:col and a caret). */
	{
		struct lg_buf lowered = { 0 };
		rc = lg_front_compile(src, len, path, &lowered, err);
		if (rc < 0) {
			lg_buf_free(&lowered);
			goto out;
		}
		wlen = lowered.len;
		wrapped = lg_buf_steal(&lowered);
	}
	/* remote modules: fetched now, before any VU runs (remote.c) */
	rc = lg__js_remote_prefetch(p, wrapped, wlen, err);
	if (rc < 0)
		goto out;
	rc = lg__js_compile(ctx, wrapped, wlen, path, &p->main_bc, &p->main_len, err);
	if (rc < 0) {
		/* The message quotes the wrapped line 1; quote the user's source instead. */
		struct lg_buf msg = { 0 };
		char *bar = strstr(err->msg, "\n    ");
		long line = 0;
		const char *colon = strchr(err->msg + strlen(path), ':');

		if (bar)
			*bar = '\0';
		if (colon)
			line = strtol(colon + 1, NULL, 10);
		lg_buf_printf(&msg, "%s", err->msg);
		source_line(src, len, line, &msg);
		snprintf(err->msg, sizeof(err->msg), "%s", msg.data);
		lg_buf_free(&msg);
	}
out:
	if (ctx)
		duk_destroy_heap(ctx);
	free(src);
	free(wrapped);
	if (rc < 0) {
		lg_program_free(p);
		return rc;
	}
	*out = p;
	return 0;
}

void lg_program_free(struct lg_program *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->n_mods; i++) {
		free(p->mods[i].path);
		free(p->mods[i].bc);
	}
	for (int i = 0; i < p->n_files; i++) {
		free(p->files[i].path);
		free(p->files[i].data);
	}
	for (int i = 0; i < p->n_functions; i++)
		free(p->functions[i]);
	free(p->functions);
	free(p->mods);
	lg__js_remote_free(p);
	free(p->files);
	lg__js_shared_free(p->shared);
	free(p->helpers_bc);
	free(p->main_bc);
	for (int i = 0; i < LG_JS_MAX_BUILTINS; i++)
		free(p->builtin_bc[i]);
	free(p->path);
	free(p->abs);
	free(p->dir);
	pthread_mutex_destroy(&p->mu);
	free(p);
}

const char *lg_program_path(const struct lg_program *p)
{
	return p->path;
}

bool lg_program_has_function(const struct lg_program *p, const char *name)
{
	for (int i = 0; i < p->n_functions; i++)
		if (strcmp(p->functions[i], name) == 0)
			return true;
	return false;
}

char *lg__js_resolve(const char *dir, const char *spec)
{
	char joined[PATH_MAX * 2], real[PATH_MAX];
	static const char *const exts[] = { "", ".js", "/index.js" };
	struct stat st;

	if (strncmp(spec, "file://", 7) == 0)
		spec += 7;
	for (size_t i = 0; i < LG_ARRAY_SIZE(exts); i++) {
		if (spec[0] == '/')
			snprintf(joined, sizeof(joined), "%s%s", spec, exts[i]);
		else
			snprintf(joined, sizeof(joined), "%s/%s%s", dir, spec, exts[i]);
		if (stat(joined, &st) == 0 && S_ISREG(st.st_mode) && realpath(joined, real))
			return lg_xstrdup(real);
	}
	return NULL;
}

struct js_module *lg__js_module_find(struct lg_program *p, const char *id)
{
	for (int i = 0; i < p->n_mods; i++)
		if (strcmp(p->mods[i].path, id) == 0)
			return &p->mods[i];
	return NULL;
}

struct js_module *lg__js_module_add(struct lg_program *p, const char *id, void *bc, size_t len)
{
	struct js_module *m;

	p->mods = lg_xrealloc(p->mods, (size_t)(p->n_mods + 1) * sizeof(*m));
	m = &p->mods[p->n_mods++];
	m->path = lg_xstrdup(id);
	m->bc = bc;
	m->len = len;
	return m;
}

void lg__js_load_bc(duk_context *ctx, const void *bc, size_t len)
{
	void *buf = duk_push_fixed_buffer(ctx, len);

	memcpy(buf, bc, len);
	duk_load_function(ctx);
}

/* The JavaScript half of __lg_rt, loaded by its first use (front/runtime.c). */
static void push_helpers(duk_context *ctx, void *ud)
{
	struct lg_program *p = ud;

	lg__js_load_bc(ctx, p->helpers_bc, p->helpers_len);
}

static duk_ret_t run_main(duk_context *ctx, void *ud)
{
	(void)ud;
	return lg__js_run_main(ctx) == 0 ? 1 : 0;
}

/* Set up globals, run the prelude and the main module; exports in the stash. */
static int run_init(struct lg_vu *vu, duk_context *ctx, struct lg_err *err)
{
	struct lg_program *p = vu->run->prog;
	int rc = 0;

	duk_push_global_object(ctx);
	/* __ENV */
	duk_push_object(ctx);
	for (int i = 0; i < vu->run->n_env; i++) {
		const char *kv = vu->run->env[i];
		const char *eq = strchr(kv, '=');
		if (!eq)
			continue;
		duk_push_string(ctx, eq + 1);
		duk_put_prop_lstring(ctx, -2, kv, (duk_size_t)(eq - kv));
	}
	duk_put_prop_literal(ctx, -2, "__ENV");
	duk_push_int(ctx, vu->id);
	duk_put_prop_literal(ctx, -2, "__VU");
	duk_push_int(ctx, 0);
	duk_put_prop_literal(ctx, -2, "__ITER");
	duk_pop(ctx);

	/* Promise, Map, URL... (stubs: each group loads on first use) */
	rc = lg_polyfill_install(ctx, err);
	if (rc < 0)
		return rc;
	/* the front end's runtime helpers (__lg_rt), used by lowered code */
	lg_front_install_runtime(ctx, push_helpers, p);

	/* the natives table (lg, kept in the stash), then the globals and
	 * require() built on it (prelude.c) */
	lg__js_push_natives(ctx);
	duk_pop(ctx);
	lg__js_prelude(ctx);

	/* the main module, run as CommonJS -> exports, kept in the stash */
	duk_push_global_stash(ctx);
	lg__js_load_bc(ctx, p->main_bc, p->main_len);
	duk_push_string(ctx, p->abs);
	vu->in_init = true;
	if (duk_safe_call(ctx, run_main, NULL, 2, 1) != 0) {
		struct lg_buf msg = { 0 };
		vu->in_init = false;
		describe_error(ctx, p->path, &msg);
		rc = lg_errf(err, LG_ESCRIPT, "the init code of %s failed: %s", p->path, msg.data);
		lg_buf_free(&msg);
		duk_pop_2(ctx);
		return rc;
	}
	vu->in_init = false;
	duk_put_prop_literal(ctx, -2, "exports");
	duk_pop(ctx);
	/* Init leaves garbage (compiler temporaries, prelude closures nobody
	 * kept) and growth slack in every object: collect and compact once. */
	duk_gc(ctx, DUK_GC_COMPACT);
	vu->gc_baseline = vu->heap_bytes;
	return 0;
}

int lg_js_vu_init(struct lg_vu *vu, struct lg_err *err)
{
	duk_context *ctx = new_heap(vu);
	size_t empty = vu->heap_bytes;
	int rc;

	vu->js = ctx;
	rc = run_init(vu, ctx, err);
	if (vu->id == 1 && getenv("LOADGATE_DEBUG_HEAP"))
		lg_log(LG_LOG_INFO, NULL, "VU 1 heap: %zu bytes empty, %zu after init", empty,
		       vu->heap_bytes);
	if (rc < 0) {
		duk_destroy_heap(ctx);
		vu->js = NULL;
	}
	return rc;
}

void lg_js_vu_free(struct lg_vu *vu)
{
	if (vu->w && (vu->pending_async || vu->tasks_head))
		lg__js_cancel_async(vu); /* setup/teardown may leave sockets, timers */
	if (vu->js)
		duk_destroy_heap(vu->js);
	vu->js = NULL;
}

/* Push exports[fn]; returns false (nothing pushed) when it is not a function. */
static bool push_export(duk_context *ctx, const char *fn)
{
	duk_push_global_stash(ctx);
	duk_get_prop_literal(ctx, -1, "exports");
	duk_get_prop_string(ctx, -1, fn);
	if (!duk_is_function(ctx, -1)) {
		duk_pop_3(ctx);
		return false;
	}
	duk_remove(ctx, -2);
	duk_remove(ctx, -2);
	return true;
}

/* Push the VU's copy of the setup data (parsed once per VU, as k6 does). */
static void push_data(struct lg_vu *vu, duk_context *ctx)
{
	duk_push_global_stash(ctx);
	if (!duk_get_prop_literal(ctx, -1, "data")) {
		duk_pop(ctx);
		if (vu->run->setup_data) {
			duk_push_string(ctx, vu->run->setup_data);
			duk_json_decode(ctx, -1);
		} else {
			duk_push_undefined(ctx);
		}
		duk_dup_top(ctx);
		duk_put_prop_literal(ctx, -3, "data");
	}
	duk_remove(ctx, -2);
}

static bool is_interrupt(duk_context *ctx)
{
	bool yes = false;

	if (duk_is_object(ctx, -1)) {
		yes = duk_get_prop_literal(ctx, -1, "__lgInterrupt") != 0;
		duk_pop(ctx);
	}
	return yes;
}

void lg_js_set_env(struct lg_vu *vu, const struct lg_tag *env, int n)
{
	duk_context *ctx = vu->js;

	if (n <= 0)
		return;
	duk_push_global_object(ctx);
	duk_get_prop_literal(ctx, -1, "__ENV");
	for (int i = 0; i < n; i++) {
		duk_push_string(ctx, env[i].value);
		duk_put_prop_string(ctx, -2, env[i].key);
	}
	duk_pop_2(ctx);
}

/*
 * After an exported function returned (its result on the stack top): wait
 * for the promise it returned, if any, and drain the VU's event loop (k6: an
 * iteration ends when its event loop is empty).  On error the error replaces
 * the result and -1 is returned.
 */
static duk_ret_t await_top(duk_context *ctx, void *udata)
{
	duk_get_global_literal(ctx, "__lg_await");
	duk_dup(ctx, -2);
	duk_call(ctx, 1);
	return 1;
}

static int finish_async(struct lg_vu *vu, duk_context *ctx)
{
	int rc = 0;

	/* The common synchronous iteration: nothing to wait for, nothing to
	 * drain, no promise that could have been rejected (saves ~6k
	 * instructions an iteration). */
	if (!duk_is_object(ctx, -1) && (!vu->w || lg__js_events_idle(vu)) &&
	    !lg_polyfill_promise_loaded(ctx))
		return 0;
	if (duk_is_object(ctx, -1) && duk_has_prop_literal(ctx, -1, "then")) {
		rc = duk_safe_call(ctx, await_top, NULL, 1, 1) == 0 ? 0 : -1;
	}
	if (rc == 0 && vu->w) {
		int ev = lg__js_run_events(ctx, vu, -1);
		if (ev == -2)
			rc = -1;
	}
	if (duk_get_global_literal(ctx, "__lg_unhandled_rejections") && duk_is_function(ctx, -1) &&
	    duk_pcall(ctx, 0) == 0 && duk_is_array(ctx, -1)) {
		duk_size_t n = duk_get_length(ctx, -1);
		for (duk_size_t i = 0; i < n; i++) {
			duk_get_prop_index(ctx, -1, (duk_uarridx_t)i);
			if (duk_is_error(ctx, -1)) {
				duk_get_prop_literal(ctx, -1, "stack");
				lg_log(LG_LOG_ERROR, "stacktrace", "Uncaught (in promise) %s",
				       duk_safe_to_string(ctx, -1));
				duk_pop(ctx);
			} else {
				lg_log(LG_LOG_ERROR, "stacktrace", "Uncaught (in promise) %s",
				       duk_safe_to_string(ctx, -1));
			}
			duk_pop(ctx);
		}
	}
	duk_pop(ctx);
	return rc;
}

int lg_js_iteration(struct lg_vu *vu, const char *fn)
{
	duk_context *ctx = vu->js;
	int rc = 0;

	duk_push_global_object(ctx);
	duk_push_number(ctx, (double)vu->iter);
	duk_put_prop_literal(ctx, -2, "__ITER");
	duk_pop(ctx);
	if (!push_export(ctx, fn)) {
		lg_error("the script does not export a function named \"%s\"", fn);
		return -1;
	}
	push_data(vu, ctx);
	if (duk_pcall(ctx, 1) == 0)
		rc = finish_async(vu, ctx); /* replaces the result with its settled value */
	else
		rc = -1;
	if (rc != 0) {
		if (!is_interrupt(ctx) && !lg_vu_cut(vu)) {
			struct lg_buf msg = { 0 };
			describe_error(ctx, vu->run->prog->path, &msg);
			lg_log(LG_LOG_ERROR, "stacktrace", "%s", msg.data);
			lg_buf_free(&msg);
		}
		rc = -1;
	}
	duk_pop(ctx);
	if (vu->pending_async || vu->tasks_head)
		lg__js_cancel_async(vu); /* an interrupted iteration leaves work behind */
	/* Reference counting frees acyclic garbage at once; mark-and-sweep is
	 * for cycles, so run it when the heap has grown since the last one. */
	vu->gc_counter++;
	if (vu->heap_bytes > vu->gc_baseline + vu->gc_baseline / 4 + GC_SLACK_BYTES) {
		duk_gc(ctx, 0);
		vu->gc_baseline = vu->heap_bytes;
	}
	return rc;
}

int lg_js_call(struct lg_vu *vu, const char *fn, const char *data_json, char **result_json,
               struct lg_err *err)
{
	duk_context *ctx = vu->js;
	int rc = 0;

	*result_json = NULL;
	if (!push_export(ctx, fn))
		return 0;
	if (data_json) {
		duk_push_string(ctx, data_json);
		duk_json_decode(ctx, -1);
	} else {
		duk_push_undefined(ctx);
	}
	if (duk_pcall(ctx, 1) != 0 || finish_async(vu, ctx) != 0) {
		struct lg_buf msg = { 0 };
		describe_error(ctx, vu->run->prog->path, &msg);
		rc = lg_errf(err, is_interrupt(ctx) ? LG_EABORTED : LG_ESCRIPT, "%s() failed: %s",
		             fn, msg.data);
		lg_buf_free(&msg);
		duk_pop(ctx);
		return rc;
	}
	if (!duk_is_undefined(ctx, -1)) {
		const char *json;
		if (duk_is_function(ctx, -1)) {
			duk_pop(ctx);
			return lg_errf(
			    err, LG_ESCRIPT,
			    "%s() returned a function, which cannot be passed on as data", fn);
		}
		json = duk_json_encode(ctx, -1);
		if (json)
			*result_json = lg_xstrdup(json);
	}
	duk_pop(ctx);
	return 0;
}

/* ---- the probe: options and exports ------------------------------------- */

static int set_from_value(struct lg_options *o, duk_context *ctx, const char *key,
                          struct lg_err *err)
{
	int rc;

	if (duk_is_null_or_undefined(ctx, -1))
		return 0;
	if (duk_is_object(ctx, -1) && !duk_is_function(ctx, -1))
		return 1;
	rc = lg_options_set(o, key, duk_safe_to_string(ctx, -1), 1, "the script's options", err);
	return rc;
}

/* stages: [{duration, target}] -> "d:t,d:t" */
static int stages_from_array(struct lg_options *o, duk_context *ctx, const char *where,
                             struct lg_err *err, struct lg_stage **out, int *n_out)
{
	duk_size_t n;
	struct lg_stage *st;

	if (!duk_is_array(ctx, -1))
		return lg_errf(err, LG_ECONFIG, "%s must be an array of {duration, target}", where);
	n = duk_get_length(ctx, -1);
	st = lg_xcalloc(n ? n : 1, sizeof(*st));
	for (duk_size_t i = 0; i < n; i++) {
		int64_t ns;
		duk_get_prop_index(ctx, -1, (duk_uarridx_t)i);
		duk_get_prop_literal(ctx, -1, "duration");
		if (lg_duration_parse(duk_safe_to_string(ctx, -1), 1, &ns) < 0) {
			int rc = lg_errf(err, LG_ECONFIG,
			                 "%s[%u].duration \"%s\" is not a valid duration", where,
			                 (unsigned)i, duk_safe_to_string(ctx, -1));
			duk_pop_2(ctx);
			free(st);
			return rc;
		}
		duk_pop(ctx);
		duk_get_prop_literal(ctx, -1, "target");
		st[i].duration_ns = ns;
		st[i].target = (int64_t)duk_to_number(ctx, -1);
		if (st[i].target < 0 || !duk_is_number(ctx, -1)) {
			int rc =
			    lg_errf(err, LG_ECONFIG, "%s[%u].target must be a number of VUs >= 0",
			            where, (unsigned)i);
			duk_pop_2(ctx);
			free(st);
			return rc;
		}
		duk_pop_2(ctx);
	}
	*out = st;
	*n_out = (int)n;
	LG_UNUSED(o);
	return 0;
}

static int64_t get_int_prop(duk_context *ctx, const char *key, int64_t def, bool *bad)
{
	int64_t v = def;

	if (duk_get_prop_string(ctx, -1, key)) {
		double d = duk_to_number(ctx, -2 + 1);
		if (d != d || d != (double)(int64_t)d || d < 0)
			*bad = true;
		else
			v = (int64_t)d;
	}
	duk_pop(ctx);
	return v;
}

static int get_dur_prop(duk_context *ctx, const char *scen, const char *key, int64_t *v,
                        bool required, struct lg_err *err)
{
	int rc = 0;

	if (duk_get_prop_string(ctx, -1, key)) {
		if (lg_duration_parse(duk_safe_to_string(ctx, -1), 1, v) < 0)
			rc = lg_errf(err, LG_ECONFIG,
			             "scenario \"%s\": %s \"%s\" is not a valid duration", scen,
			             key, duk_safe_to_string(ctx, -1));
	} else if (required) {
		rc = lg_errf(err, LG_ECONFIG, "scenario \"%s\": %s is required", scen, key);
	}
	duk_pop(ctx);
	return rc;
}

/* obj[key] as a list of string pairs (scenario tags and env). */
static void read_pairs(duk_context *ctx, const char *key, struct lg_tag **out, int *n)
{
	if (duk_get_prop_string(ctx, -1, key) && duk_is_object(ctx, -1)) {
		duk_enum(ctx, -1, DUK_ENUM_OWN_PROPERTIES_ONLY);
		while (duk_next(ctx, -1, 1)) {
			*out = lg_xrealloc(*out, (size_t)(*n + 1) * sizeof(**out));
			(*out)[*n].key = lg_xstrdup(duk_safe_to_string(ctx, -2));
			(*out)[*n].value = lg_xstrdup(duk_safe_to_string(ctx, -1));
			(*n)++;
			duk_pop_2(ctx);
		}
		duk_pop(ctx);
	}
	duk_pop(ctx);
}

static int scenario_from_object(struct lg_options *o, duk_context *ctx, const char *name,
                                struct lg_err *err)
{
	static const struct {
		const char *name;
		enum lg_executor e;
	} execs[] = {
		{ "shared-iterations", LG_EXEC_SHARED_ITERATIONS },
		{ "per-vu-iterations", LG_EXEC_PER_VU_ITERATIONS },
		{ "constant-vus", LG_EXEC_CONSTANT_VUS },
		{ "ramping-vus", LG_EXEC_RAMPING_VUS },
		{ "constant-arrival-rate", LG_EXEC_CONSTANT_ARRIVAL_RATE },
		{ "ramping-arrival-rate", LG_EXEC_RAMPING_ARRIVAL_RATE },
	};
	struct lg_scenario *s;
	const char *ex;
	bool bad = false;
	int found = -1, rc;

	for (const char *c = name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '_' || *c == '-'))
			return lg_errf(err, LG_ECONFIG,
			               "invalid scenario name \"%s\": names may only contain "
			               "letters, digits, _ and -",
			               name);
	if (!name[0] || !duk_is_object(ctx, -1))
		return lg_errf(err, LG_ECONFIG, "scenario \"%s\" must be an object", name);
	duk_get_prop_literal(ctx, -1, "executor");
	ex = duk_get_string(ctx, -1);
	for (size_t i = 0; ex && i < LG_ARRAY_SIZE(execs); i++)
		if (strcmp(ex, execs[i].name) == 0)
			found = (int)i;
	if (found < 0) {
		rc = lg_errf(err, LG_ECONFIG,
		             "scenario \"%s\": %s executor \"%s\" (use shared-iterations, "
		             "per-vu-iterations, constant-vus, ramping-vus, constant-arrival-rate "
		             "or ramping-arrival-rate)",
		             name, ex ? "unknown" : "missing", ex ? ex : "");
		duk_pop(ctx);
		return rc;
	}
	duk_pop(ctx);
	o->scenarios = lg_xrealloc(o->scenarios, (size_t)(o->n_scenarios + 1) * sizeof(*s));
	s = &o->scenarios[o->n_scenarios++];
	memset(s, 0, sizeof(*s));
	s->name = lg_xstrdup(name);
	s->executor = execs[found].e;
	s->graceful_stop_ns = 30 * LG_NS_PER_S;
	s->graceful_ramp_down_ns = 30 * LG_NS_PER_S;
	s->max_duration_ns = 600 * LG_NS_PER_S;
	duk_get_prop_literal(ctx, -1, "exec");
	s->exec = lg_xstrdup(duk_is_string(ctx, -1) ? duk_get_string(ctx, -1) : "default");
	duk_pop(ctx);
	if (!s->exec[0])
		return lg_errf(err, LG_ECONFIG, "scenario \"%s\": exec must not be empty", name);
	s->time_unit_ns = LG_NS_PER_S;
	s->vus = get_int_prop(ctx, "vus", 1, &bad);
	s->pre_allocated_vus = get_int_prop(ctx, "preAllocatedVUs", -1, &bad);
	s->max_vus = get_int_prop(ctx, "maxVUs", -1, &bad);
	s->iterations = get_int_prop(ctx, "iterations", 1, &bad);
	s->start_vus = get_int_prop(ctx, "startVUs", 1, &bad);
	if (bad)
		return lg_errf(err, LG_ECONFIG,
		               "scenario \"%s\": vus, iterations, startVUs, preAllocatedVUs and "
		               "maxVUs must be whole numbers >= 0",
		               name);
	if (s->executor == LG_EXEC_CONSTANT_ARRIVAL_RATE ||
	    s->executor == LG_EXEC_RAMPING_ARRIVAL_RATE) {
		bool constant = s->executor == LG_EXEC_CONSTANT_ARRIVAL_RATE;
		const char *key = constant ? "rate" : "startRate";
		double r = 0;

		if (duk_get_prop_string(ctx, -1, key)) {
			r = duk_to_number(ctx, -1);
			if (!(r >= 0) || (constant && r <= 0)) {
				rc = lg_errf(err, LG_ECONFIG,
				             "scenario \"%s\": %s must be a number %s 0, got %s",
				             name, key, constant ? "above" : "at least",
				             duk_safe_to_string(ctx, -1));
				duk_pop(ctx);
				return rc;
			}
		} else if (constant) {
			duk_pop(ctx);
			return lg_errf(err, LG_ECONFIG, "scenario \"%s\": rate is required", name);
		}
		duk_pop(ctx);
		if (constant)
			s->rate = r;
		else
			s->start_rate = r;
		if (s->pre_allocated_vus < 0)
			return lg_errf(err, LG_ECONFIG,
			               "scenario \"%s\": preAllocatedVUs is required", name);
		if (s->max_vus < 0)
			s->max_vus = s->pre_allocated_vus;
		if (s->max_vus < s->pre_allocated_vus)
			return lg_errf(err, LG_ECONFIG,
			               "scenario \"%s\": maxVUs (%lld) must not be less than "
			               "preAllocatedVUs (%lld)",
			               name, (long long)s->max_vus,
			               (long long)s->pre_allocated_vus);
		if (s->max_vus < 1)
			return lg_errf(err, LG_ECONFIG,
			               "scenario \"%s\": maxVUs must be at least 1", name);
	}
	rc = get_dur_prop(ctx, name, "startTime", &s->start_ns, false, err);
	if (rc == 0)
		rc = get_dur_prop(ctx, name, "gracefulStop", &s->graceful_stop_ns, false, err);
	if (rc == 0)
		rc = get_dur_prop(ctx, name, "maxDuration", &s->max_duration_ns, false, err);
	if (rc == 0)
		rc = get_dur_prop(ctx, name, "gracefulRampDown", &s->graceful_ramp_down_ns, false,
		                  err);
	if (rc == 0)
		rc = get_dur_prop(ctx, name, "duration", &s->duration_ns,
		                  s->executor == LG_EXEC_CONSTANT_VUS ||
		                      s->executor == LG_EXEC_CONSTANT_ARRIVAL_RATE,
		                  err);
	if (rc == 0)
		rc = get_dur_prop(ctx, name, "timeUnit", &s->time_unit_ns, false, err);
	if (rc == 0 && s->time_unit_ns <= 0)
		rc =
		    lg_errf(err, LG_ECONFIG, "scenario \"%s\": timeUnit must be more than 0", name);
	if (rc == 0 &&
	    (s->executor == LG_EXEC_CONSTANT_VUS || s->executor == LG_EXEC_CONSTANT_ARRIVAL_RATE) &&
	    s->duration_ns <= 0)
		rc =
		    lg_errf(err, LG_ECONFIG, "scenario \"%s\": duration must be more than 0", name);
	if (rc < 0)
		return rc;
	if (s->executor == LG_EXEC_RAMPING_VUS || s->executor == LG_EXEC_RAMPING_ARRIVAL_RATE) {
		char where[200];
		snprintf(where, sizeof(where), "scenario \"%s\": stages", name);
		if (!duk_get_prop_literal(ctx, -1, "stages")) {
			duk_pop(ctx);
			return lg_errf(err, LG_ECONFIG, "%s are required", where);
		}
		rc = stages_from_array(o, ctx, where, err, &s->stages, &s->n_stages);
		duk_pop(ctx);
		if (rc < 0)
			return rc;
	}
	if (s->executor == LG_EXEC_SHARED_ITERATIONS && s->iterations < s->vus)
		return lg_errf(err, LG_ECONFIG,
		               "scenario \"%s\": the number of iterations (%lld) can't be less "
		               "than the number of VUs (%lld)",
		               name, (long long)s->iterations, (long long)s->vus);
	if ((s->executor == LG_EXEC_CONSTANT_VUS || s->executor == LG_EXEC_SHARED_ITERATIONS ||
	     s->executor == LG_EXEC_PER_VU_ITERATIONS) &&
	    s->vus < 1)
		return lg_errf(err, LG_ECONFIG, "scenario \"%s\": vus must be at least 1", name);
	read_pairs(ctx, "tags", &s->tags, &s->n_tags);
	read_pairs(ctx, "env", &s->env, &s->n_env);
	return 0;
}

/* One item of options.thresholds[key]: "expr" or {threshold, abortOnFail, delayAbortEval}. */
static int threshold_item(struct lg_thresholds *th, duk_context *ctx, const char *key, unsigned i,
                          struct lg_err *err)
{
	bool abort_on_fail = false;
	int64_t delay = -1;
	char *expr;
	int rc;

	if (duk_is_string(ctx, -1))
		return lg_thresholds_add(th, key, duk_get_string(ctx, -1), false, -1, err);
	if (!duk_is_object(ctx, -1) || duk_is_array(ctx, -1) || duk_is_function(ctx, -1))
		return lg_errf(err, LG_ECONFIG,
		               "options.thresholds[\"%s\"][%u] must be a string such as "
		               "\"p(95)<500\" or a {threshold, abortOnFail, delayAbortEval} object",
		               key, i);
	duk_get_prop_literal(ctx, -1, "threshold");
	if (!duk_is_string(ctx, -1)) {
		duk_pop(ctx);
		return lg_errf(err, LG_ECONFIG,
		               "options.thresholds[\"%s\"][%u].threshold must be a string such as "
		               "\"p(95)<500\"",
		               key, i);
	}
	expr = lg_xstrdup(duk_get_string(ctx, -1));
	duk_pop(ctx);
	duk_get_prop_literal(ctx, -1, "abortOnFail");
	if (duk_is_boolean(ctx, -1)) {
		abort_on_fail = duk_get_boolean(ctx, -1);
	} else if (!duk_is_null_or_undefined(ctx, -1)) {
		duk_pop(ctx);
		free(expr);
		return lg_errf(err, LG_ECONFIG,
		               "options.thresholds[\"%s\"][%u].abortOnFail must be true or false",
		               key, i);
	}
	duk_pop(ctx);
	duk_get_prop_literal(ctx, -1, "delayAbortEval");
	if (!duk_is_null_or_undefined(ctx, -1) &&
	    lg_duration_parse(duk_safe_to_string(ctx, -1), 1, &delay) < 0) {
		rc = lg_errf(err, LG_ECONFIG,
		             "options.thresholds[\"%s\"][%u].delayAbortEval \"%s\" is not a valid "
		             "duration",
		             key, i, duk_safe_to_string(ctx, -1));
		duk_pop(ctx);
		free(expr);
		return rc;
	}
	duk_pop(ctx);
	rc = lg_thresholds_add(th, key, expr, abort_on_fail, delay, err);
	free(expr);
	return rc;
}

/* options.thresholds: {key: [item, ...]}, in declaration order. */
static int thresholds_from_object(struct lg_thresholds *th, duk_context *ctx, struct lg_err *err)
{
	int rc = 0;

	if (duk_is_null_or_undefined(ctx, -1))
		return 0;
	if (!duk_is_object(ctx, -1) || duk_is_array(ctx, -1) || duk_is_function(ctx, -1))
		return lg_errf(
		    err, LG_ECONFIG,
		    "options.thresholds must be an object mapping metric names to arrays "
		    "of thresholds");
	duk_enum(ctx, -1, DUK_ENUM_OWN_PROPERTIES_ONLY);
	while (rc >= 0 && duk_next(ctx, -1, 1)) {
		const char *key = duk_get_string(ctx, -2);

		if (!duk_is_array(ctx, -1)) {
			rc = lg_errf(err, LG_ECONFIG,
			             "options.thresholds[\"%s\"] must be an array of strings or "
			             "{threshold, abortOnFail, delayAbortEval} objects",
			             key);
		} else {
			duk_size_t n = duk_get_length(ctx, -1);

			for (duk_size_t i = 0; rc >= 0 && i < n; i++) {
				duk_get_prop_index(ctx, -1, (duk_uarridx_t)i);
				rc = threshold_item(th, ctx, key, (unsigned)i, err);
				duk_pop(ctx);
			}
		}
		duk_pop_2(ctx);
	}
	duk_pop(ctx);
	return rc;
}

static int options_from_script(struct lg_options *o, struct lg_thresholds *th, duk_context *ctx,
                               struct lg_err *err)
{
	int rc = 0;

	if (!duk_is_object(ctx, -1))
		return 0;
	duk_enum(ctx, -1, DUK_ENUM_OWN_PROPERTIES_ONLY);
	while (rc >= 0 && duk_next(ctx, -1, 1)) {
		const char *key = duk_get_string(ctx, -2);

		if (strcmp(key, "stages") == 0) {
			rc = stages_from_array(o, ctx, "options.stages", err, &o->stages,
			                       &o->n_stages);
			if (rc == 0)
				o->stages_set = true;
		} else if (strcmp(key, "summaryTrendStats") == 0 && duk_is_array(ctx, -1)) {
			duk_get_prop_literal(ctx, -1, "join");
			duk_dup(ctx, -2);
			duk_push_string(ctx, ",");
			duk_call_method(ctx, 1);
			rc = lg_options_set(o, key, duk_safe_to_string(ctx, -1), 1,
			                    "the script's options", err);
			duk_pop(ctx);
		} else if (strcmp(key, "tags") == 0 && duk_is_object(ctx, -1)) {
			duk_enum(ctx, -1, DUK_ENUM_OWN_PROPERTIES_ONLY);
			while (duk_next(ctx, -1, 1)) {
				lg_options_add_tag(o, duk_safe_to_string(ctx, -2),
				                   duk_safe_to_string(ctx, -1));
				duk_pop_2(ctx);
			}
			duk_pop(ctx);
		} else if (strcmp(key, "scenarios") == 0 && duk_is_object(ctx, -1)) {
			duk_enum(ctx, -1, DUK_ENUM_OWN_PROPERTIES_ONLY);
			while (rc >= 0 && duk_next(ctx, -1, 1)) {
				char *name = lg_xstrdup(duk_safe_to_string(ctx, -2));
				rc = scenario_from_object(o, ctx, name, err);
				free(name);
				duk_pop_2(ctx);
			}
			duk_pop(ctx);
		} else if (strcmp(key, "thresholds") == 0) {
			if (th)
				rc = thresholds_from_object(th, ctx, err);
		} else if (strcmp(key, "ext") == 0 || strcmp(key, "cloud") == 0 ||
		           strcmp(key, "hosts") == 0 || strcmp(key, "dns") == 0 ||
		           strcmp(key, "systemTags") == 0 || strcmp(key, "tlsVersion") == 0 ||
		           strcmp(key, "tlsCipherSuites") == 0) {
			/* Accepted; not acted on yet. */
		} else {
			rc = set_from_value(o, ctx, key, err);
			if (rc == 1) {
				lg_warn("There were unknown fields in the options exported in the "
				        "script: \"%s\" is ignored",
				        key);
				rc = 0;
			}
		}
		duk_pop_2(ctx);
	}
	duk_pop(ctx);
	return rc < 0 ? rc : 0;
}

int lg_program_probe(struct lg_program *p, struct lg_run *run, struct lg_options *opts,
                     struct lg_err *err)
{
	struct lg_vu vu;
	duk_context *ctx;
	struct lg_vu *prev = lg_vu_current();
	int rc;

	memset(&vu, 0, sizeof(vu));
	vu.id = 0;
	vu.run = run;
	vu.scenario = -1;
	ctx = new_heap(NULL);
	vu.js = ctx;
	lg_vu_set_current(&vu);
	rc = run_init(&vu, ctx, err);
	if (rc < 0)
		goto out;
	duk_push_global_stash(ctx);
	duk_get_prop_literal(ctx, -1, "exports");
	if (duk_is_object(ctx, -1)) {
		duk_enum(ctx, -1, DUK_ENUM_OWN_PROPERTIES_ONLY);
		while (duk_next(ctx, -1, 1)) {
			if (duk_is_function(ctx, -1)) {
				p->functions = lg_xrealloc(
				    p->functions, (size_t)(p->n_functions + 1) * sizeof(char *));
				p->functions[p->n_functions++] =
				    lg_xstrdup(duk_get_string(ctx, -2));
			}
			duk_pop_2(ctx);
		}
		duk_pop(ctx);
		duk_get_prop_literal(ctx, -1, "options");
		rc = options_from_script(opts, run->thresholds, ctx, err);
		duk_pop(ctx);
	}
	duk_pop_2(ctx);
	if (rc == 0 && p->n_functions == 0)
		rc = lg_errf(err, LG_ESCRIPT,
		             "%s exports no functions: export a default function (exports.default "
		             "= function () {...}) or the functions your scenarios run",
		             p->path);
out:
	lg_vu_set_current(prev);
	duk_destroy_heap(ctx);
	return rc;
}

int lg_js_handle_summary(struct lg_vu *vu, const char *data_json, bool *replaced,
                         struct lg_err *err)
{
	duk_context *ctx = vu->js;
	int rc = 0;

	*replaced = false;
	if (!push_export(ctx, "handleSummary"))
		return 0;
	duk_push_string(ctx, data_json);
	duk_json_decode(ctx, -1);
	if (duk_pcall(ctx, 1) != 0 || finish_async(vu, ctx) != 0) {
		struct lg_buf msg = { 0 };
		describe_error(ctx, vu->run->prog->path, &msg);
		rc = lg_errf(err, LG_ESCRIPT, "handleSummary() failed: %s", msg.data);
		lg_buf_free(&msg);
		duk_pop(ctx);
		return rc;
	}
	if (duk_is_null_or_undefined(ctx, -1)) {
		duk_pop(ctx);
		return 0;
	}
	if (!duk_is_object(ctx, -1) || duk_is_array(ctx, -1) || duk_is_function(ctx, -1)) {
		rc = lg_errf(err, LG_ESCRIPT,
		             "handleSummary() must return an object like {stdout: text, "
		             "\"report.json\": text}, got %s",
		             duk_safe_to_string(ctx, -1));
		duk_pop(ctx);
		return rc;
	}
	*replaced = true;
	duk_enum(ctx, -1, DUK_ENUM_OWN_PROPERTIES_ONLY);
	while (duk_next(ctx, -1, 1)) {
		const char *dest = duk_get_string(ctx, -2);
		duk_size_t len = 0;
		const char *data;

		if (duk_is_buffer_data(ctx, -1))
			data = duk_get_buffer_data(ctx, -1, &len);
		else
			data = duk_safe_to_lstring(ctx, -1, &len);
		if (!data)
			data = "";
		if (strcmp(dest, "stdout") == 0 || strcmp(dest, "stderr") == 0) {
			FILE *f = dest[3] == 'o' ? stdout : stderr;
			fwrite(data, 1, len, f);
			fflush(f);
		} else if (lg_write_file_atomic(dest, data, len) < 0) {
			lg_error("handleSummary: cannot write %s: %s", dest, strerror(errno));
		}
		duk_pop_2(ctx);
	}
	duk_pop_2(ctx);
	return rc;
}
