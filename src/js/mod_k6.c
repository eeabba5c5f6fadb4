/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mod_k6.c - the native functions behind the prelude: console, open,
 * require's resolver, and the `k6`, `k6/metrics` and `k6/execution` modules.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "js_int.h"
#include "lg/clock.h"
#include "lg/front.h"
#include "lg/http.h"
#include "lg/log.h"
#include "lg/segment.h"
#include "lg/vu.h"

struct lg_vu *lg__js_vu(void)
{
	struct lg_vu *vu = lg_vu_current();

	lg_require(vu != NULL);
	return vu;
}

duk_ret_t lg__js_throw_interrupt(duk_context *ctx)
{
	duk_push_error_object(ctx, DUK_ERR_ERROR, "the iteration was interrupted");
	duk_push_true(ctx);
	duk_put_prop_literal(ctx, -2, "__lgInterrupt");
	return duk_throw(ctx);
}

static duk_ret_t not_in_init(duk_context *ctx, const char *what)
{
	return duk_error(ctx, DUK_ERR_ERROR, "%s in the init context is not supported", what);
}

size_t lg__js_tags(duk_context *ctx, duk_idx_t idx, struct lg_vu *vu, struct lg_tag *out,
                   size_t max, char **owned, size_t *n_owned)
{
	size_t n = lg_vu_base_tags(vu, out, max);

	if (!duk_is_object(ctx, idx))
		return n;
	duk_enum(ctx, idx, DUK_ENUM_OWN_PROPERTIES_ONLY);
	while (duk_next(ctx, -1, 1)) {
		if (n < max && *n_owned + 2 <= 64) {
			char *k = lg_xstrdup(duk_safe_to_string(ctx, -2));
			char *v = lg_xstrdup(duk_safe_to_string(ctx, -1));
			owned[(*n_owned)++] = k;
			owned[(*n_owned)++] = v;
			out[n++] = (struct lg_tag){ k, v };
		}
		duk_pop_2(ctx);
	}
	duk_pop(ctx);
	return n;
}

static void free_owned(char **owned, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(owned[i]);
}

static duk_ret_t json_encode_top(duk_context *ctx, void *udata)
{
	duk_json_encode(ctx, -1);
	return 1;
}

/*
 * console.log/info/warn/error/debug: the level is the function's magic (0 debug,
 * 1 info, 2 warn, 3 error).  Arguments are joined with spaces: strings as they
 * are, errors by their stack, other objects as JSON (String() if that fails).
 * With -Dduktape_rom the console object is ROM data naming this function
 * (src/duktape/rom-builtins.yaml); otherwise lg.makeConsole() builds it.
 */
duk_ret_t lg_js_console(duk_context *ctx);
duk_ret_t lg_js_console(duk_context *ctx)
{
	static const enum lg_log_level levels[] = { LG_LOG_DEBUG, LG_LOG_INFO, LG_LOG_WARN,
		                                    LG_LOG_ERROR };
	int l = duk_get_current_magic(ctx);
	duk_idx_t n = duk_get_top(ctx);

	for (duk_idx_t i = 0; i < n; i++) {
		if (duk_is_string(ctx, i))
			continue;
		if (duk_is_error(ctx, i)) {
			duk_get_prop_literal(ctx, i, "stack");
			if (!duk_is_string(ctx, -1) || duk_get_length(ctx, -1) == 0) {
				duk_pop(ctx);
				duk_dup(ctx, i);
			}
		} else if (duk_is_object(ctx, i) && !duk_is_function(ctx, i)) {
			duk_dup(ctx, i);
			if (duk_safe_call(ctx, json_encode_top, NULL, 1, 1) != 0 ||
			    !duk_is_string(ctx, -1)) {
				duk_pop(ctx);
				duk_dup(ctx, i);
			}
		} else {
			duk_dup(ctx, i);
		}
		duk_safe_to_string(ctx, -1);
		duk_replace(ctx, i);
	}
	duk_push_string(ctx, " ");
	duk_insert(ctx, 0);
	duk_join(ctx, n);
	if (l < 0 || l > 3)
		l = 1;
	lg_log(levels[l], "console", "%s", duk_get_string(ctx, -1));
	return 0;
}

/* lg.makeConsole(): the console object when it is not in ROM. */
static duk_ret_t n_make_console(duk_context *ctx)
{
	static const struct {
		const char *name;
		int level;
	} fns[] = { { "log", 1 }, { "info", 1 }, { "warn", 2 }, { "error", 3 }, { "debug", 0 } };

	duk_push_object(ctx);
	for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
		duk_push_c_function(ctx, lg_js_console, DUK_VARARGS);
		duk_set_magic(ctx, -1, fns[i].level);
		duk_put_prop_string(ctx, -2, fns[i].name);
	}
	return 1;
}

/* open(path, mode): init only; files are read once per process. */
static duk_ret_t n_open(duk_context *ctx)
{
	struct lg_vu *vu = lg__js_vu();
	struct lg_program *p = vu->run->prog;
	const char *path = duk_require_string(ctx, 0);
	const char *mode = duk_is_string(ctx, 1) ? duk_get_string(ctx, 1) : "";
	char *abs;
	struct js_file *f = NULL;

	if (!vu->in_init)
		return duk_error(ctx, DUK_ERR_ERROR,
		                 "the \"open\" function is only available in the init stage");
	if (strncmp(path, "file://", 7) == 0)
		path += 7;
	abs = lg__js_resolve(p->dir, path);
	if (!abs)
		return duk_error(ctx, DUK_ERR_ERROR, "open(\"%s\"): no such file (looked in %s)",
		                 path, path[0] == '/' ? "/" : p->dir);
	pthread_mutex_lock(&p->mu);
	for (int i = 0; i < p->n_files; i++)
		if (strcmp(p->files[i].path, abs) == 0)
			f = &p->files[i];
	if (!f) {
		size_t len;
		char *data = lg_read_file(abs, &len);
		if (data) {
			p->files = lg_xrealloc(p->files, (size_t)(p->n_files + 1) * sizeof(*f));
			f = &p->files[p->n_files++];
			f->path = lg_xstrdup(abs);
			f->data = data;
			f->len = len;
		}
	}
	pthread_mutex_unlock(&p->mu);
	free(abs);
	if (!f)
		return duk_error(ctx, DUK_ERR_ERROR, "open(\"%s\"): cannot read the file", path);
	if (strcmp(mode, "b") == 0) {
		void *buf = duk_push_fixed_buffer(ctx, f->len);
		memcpy(buf, f->data, f->len);
		duk_push_buffer_object(ctx, -1, 0, f->len, DUK_BUFOBJ_ARRAYBUFFER);
	} else {
		duk_push_lstring(ctx, f->data, f->len);
	}
	return 1;
}

/* lg.resolve(dir, spec) -> absolute path of a local module */
static duk_ret_t n_resolve(duk_context *ctx)
{
	const char *dir = duk_require_string(ctx, 0);
	const char *spec = duk_require_string(ctx, 1);
	char *abs = lg__js_resolve(dir, spec);

	if (!abs)
		return duk_error(ctx, DUK_ERR_ERROR, "cannot find module \"%s\" (from %s)", spec,
		                 dir);
	duk_push_string(ctx, abs);
	free(abs);
	return 1;
}

/* lg.loadModule(path) -> the module's wrapper function, compiled once per process. */
static duk_ret_t n_load_module(duk_context *ctx)
{
	struct lg_vu *vu = lg__js_vu();
	struct lg_program *p = vu->run->prog;
	const char *path = duk_require_string(ctx, 0);
	struct js_module *m = NULL;
	struct lg_err err = { 0 };

	pthread_mutex_lock(&p->mu);
	m = lg__js_module_find(p, path);
	if (!m) {
		size_t len, wlen;
		char *src = lg_read_file(path, &len);
		struct lg_buf w = { 0 };
		void *bc = NULL;
		size_t bclen = 0;

		if (!src) {
			pthread_mutex_unlock(&p->mu);
			return duk_error(ctx, DUK_ERR_ERROR, "cannot read module %s", path);
		}
		if (lg_front_compile(src, len, path, &w, &err) < 0) {
			free(src);
			lg_buf_free(&w);
			pthread_mutex_unlock(&p->mu);
			return duk_error(ctx, DUK_ERR_SYNTAX_ERROR, "%s", err.msg);
		}
		wlen = w.len;
		free(src);
		if (lg__js_compile(ctx, w.data, wlen, path, &bc, &bclen, &err) < 0) {
			lg_buf_free(&w);
			pthread_mutex_unlock(&p->mu);
			return duk_error(ctx, DUK_ERR_SYNTAX_ERROR, "%s", err.msg);
		}
		lg_buf_free(&w);
		m = lg__js_module_add(p, path, bc, bclen);
	}
	lg__js_load_bc(ctx, m->bc, m->len);
	pthread_mutex_unlock(&p->mu);
	return 1;
}

/*
 * xorshift64* for Math.random, seedable by randomSeed(): Duktape calls this
 * for Math.random (DUK_USE_GET_RANDOM_DOUBLE in the derived duk_config.h), so
 * Math stays Duktape's own (read-only with ROM built-ins).  Heaps without a
 * current VU (the compile heap) use a per-thread state.
 */
double lg_duk_random_double(void *udata);
double lg_duk_random_double(void *udata)
{
	static _Thread_local uint64_t no_vu_rng;
	struct lg_vu *vu = lg_vu_current();
	uint64_t *state = vu ? &vu->rng : &no_vu_rng;
	uint64_t x = *state ? *state : 0x9E3779B97F4A7C15ull;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return (double)((x * 0x2545F4914F6CDD1Dull) >> 11) * (1.0 / 9007199254740992.0);
}

static duk_ret_t n_random_seed(duk_context *ctx)
{
	struct lg_vu *vu = lg__js_vu();
	uint64_t s = (uint64_t)(int64_t)duk_require_number(ctx, 0);

	vu->rng = s * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull;
	if (!vu->rng)
		vu->rng = 1;
	return 0;
}

/* check(value, {name: fn|value}, [tags]) */
static duk_ret_t n_check(duk_context *ctx)
{
	struct lg_vu *vu = lg__js_vu();
	bool all = true;

	if (vu->in_init)
		return not_in_init(ctx, "Using check()");
	if (!duk_is_object(ctx, 1))
		return duk_error(ctx, DUK_ERR_TYPE_ERROR, "check() expects an object of checks");
	duk_enum(ctx, 1, DUK_ENUM_OWN_PROPERTIES_ONLY);
	while (duk_next(ctx, -1, 1)) {
		const char *name = duk_get_string(ctx, -2);
		struct lg_tag tags[48];
		char *owned[64];
		size_t n_owned = 0, n;
		bool ok;
		int threw = 0;

		if (strstr(name, "::")) {
			return duk_error(ctx, DUK_ERR_ERROR,
			                 "check name \"%s\" may not contain \"::\"", name);
		}
		if (duk_is_function(ctx, -1)) {
			duk_dup(ctx, 0);
			threw = duk_pcall(ctx, 1) != 0;
			ok = !threw && duk_to_boolean(ctx, -1);
		} else {
			ok = duk_to_boolean(ctx, -1);
		}
		n = lg__js_tags(ctx, 2, vu, tags, 44, owned, &n_owned);
		tags[n++] = (struct lg_tag){ "check", name };
		lg_vu_sample(vu, LG_M_CHECKS, lg_vu_tags(vu, tags, n), ok ? 1 : 0);
		free_owned(owned, n_owned);
		if (threw)
			return duk_throw(ctx);
		all = all && ok;
		duk_pop_2(ctx);
	}
	duk_pop(ctx);
	duk_push_boolean(ctx, all);
	return 1;
}

/* group(name, fn) -> fn() */
static duk_ret_t n_group(duk_context *ctx)
{
	struct lg_vu *vu = lg__js_vu();
	const char *name = duk_require_string(ctx, 0);
	char *saved, *path;
	int64_t start;
	int rc;

	if (vu->in_init)
		return not_in_init(ctx, "Using group()");
	if (strstr(name, "::"))
		return duk_error(ctx, DUK_ERR_ERROR, "group name \"%s\" may not contain \"::\"",
		                 name);
	duk_require_function(ctx, 1);
	saved = vu->group;
	path = lg_xasprintf("%s::%s", saved, name);
	vu->group = path;
	start = lg_now_ns();
	duk_dup(ctx, 1);
	rc = duk_pcall(ctx, 0);
	if (!lg_vu_cut(vu)) {
		struct lg_tag tags[40];
		size_t n = lg_vu_base_tags(vu, tags, LG_ARRAY_SIZE(tags));
		lg_vu_sample(vu, LG_M_GROUP_DURATION, lg_vu_tags(vu, tags, n),
		             (double)(lg_now_ns() - start) / (double)LG_NS_PER_MS);
	}
	vu->group = saved;
	free(path);
	if (rc != 0)
		return duk_throw(ctx);
	return 1;
}

/* sleep(seconds) */
static duk_ret_t n_sleep(duk_context *ctx)
{
	struct lg_vu *vu = lg__js_vu();
	double s = duk_to_number(ctx, 0);

	if (vu->in_init)
		return not_in_init(ctx, "Using sleep()");
	if (!(s > 0))
		s = 0;
	if (s > 1e9)
		s = 1e9;
	if (lg_vu_sleep(vu, (int64_t)(s * 1e9)) < 0)
		return lg__js_throw_interrupt(ctx);
	return 0;
}

/* lg.metricDeclare(name, type, isTime) -> id */
static duk_ret_t n_metric_declare(duk_context *ctx)
{
	struct lg_vu *vu = lg__js_vu();
	const char *name = duk_require_string(ctx, 0);
	int type = duk_require_int(ctx, 1);
	bool is_time = duk_to_boolean(ctx, 2);
	struct lg_err err = { 0 };
	int id;

	if (!vu->in_init)
		return duk_error(ctx, DUK_ERR_ERROR,
		                 "metrics must be declared in the init context (new %s(\"%s\"))",
		                 type == 0   ? "Counter"
		                 : type == 1 ? "Gauge"
		                 : type == 2 ? "Rate"
		                             : "Trend",
		                 name);
	id = lg_metric_declare(vu->run->reg, name, (enum lg_metric_type)type,
	                       is_time ? LG_CONTAINS_TIME : LG_CONTAINS_DEFAULT, &err);
	if (id < 0)
		return duk_error(ctx, DUK_ERR_ERROR, "%s", err.msg);
	duk_push_int(ctx, id);
	return 1;
}

/* lg.metricAdd(id, value, tags) -> bool */
static duk_ret_t n_metric_add(duk_context *ctx)
{
	struct lg_vu *vu = lg__js_vu();
	int id = duk_require_int(ctx, 0);
	struct lg_tag tags[48];
	char *owned[64];
	size_t n_owned = 0, n;
	double v;

	if (vu->in_init)
		return not_in_init(ctx, "Adding to metrics");
	if (duk_is_boolean(ctx, 1))
		v = duk_get_boolean(ctx, 1) ? 1 : 0;
	else if (duk_is_null_or_undefined(ctx, 1))
		v = NAN;
	else
		v = duk_to_number(ctx, 1);
	if (isnan(v) || isinf(v)) {
		if (vu->run->opts->throw_errors.v)
			return duk_error(
			    ctx, DUK_ERR_TYPE_ERROR, "%s.add: the value must be a number, got %s",
			    lg_metric_name(vu->run->reg, id), duk_safe_to_string(ctx, 1));
		lg_warn("%s.add: the value must be a number, got %s; the sample is dropped",
		        lg_metric_name(vu->run->reg, id), duk_safe_to_string(ctx, 1));
		duk_push_false(ctx);
		return 1;
	}
	n = lg__js_tags(ctx, 2, vu, tags, 48, owned, &n_owned);
	lg_vu_sample(vu, id, lg_vu_tags(vu, tags, n), v);
	free_owned(owned, n_owned);
	duk_push_true(ctx);
	return 1;
}

/* lg.execInfo() -> a snapshot for k6/execution */
static duk_ret_t n_exec_info(duk_context *ctx)
{
	struct lg_vu *vu = lg__js_vu();
	struct lg_run *run = vu->run;
	const struct lg_scenario *s =
	    vu->scenario >= 0 ? &run->opts->scenarios[vu->scenario] : NULL;

	duk_push_object(ctx);
	duk_push_int(ctx, vu->id);
	duk_put_prop_literal(ctx, -2, "vu");
	duk_push_number(ctx, (double)vu->iter);
	duk_put_prop_literal(ctx, -2, "iter");
	duk_push_number(ctx, (double)vu->iter_in_scenario);
	duk_put_prop_literal(ctx, -2, "iterScenario");
	duk_push_number(ctx, (double)vu->scen_iter);
	duk_put_prop_literal(ctx, -2, "iterScenarioInstance");
	{
		/* In a split test (execution segments) the global numbers are the
		 * ones this segment owns; arrival-rate iterations are global already. */
		const struct lg_stripe *st = run->stripe;
		bool arrival = s && (s->executor == LG_EXEC_CONSTANT_ARRIVAL_RATE ||
		                     s->executor == LG_EXEC_RAMPING_ARRIVAL_RATE);
		duk_push_number(ctx, st && vu->id > 0 ? (double)lg_stripe_nth(st, vu->id - 1) + 1
		                                      : (double)vu->id);
		duk_put_prop_literal(ctx, -2, "vuInTest");
		duk_push_number(ctx, st && !arrival ? (double)lg_stripe_nth(st, vu->scen_iter)
		                                    : (double)vu->scen_iter);
		duk_put_prop_literal(ctx, -2, "iterInTest");
	}
	duk_push_string(ctx, s ? s->name : "");
	duk_put_prop_literal(ctx, -2, "scenario");
	duk_push_string(ctx, s ? lg_executor_name(s->executor) : "");
	duk_put_prop_literal(ctx, -2, "executor");
	duk_push_number(ctx, s ? (double)run->scen[vu->scenario].start_wall_ms : 0);
	duk_put_prop_literal(ctx, -2, "scenarioStart");
	{
		/* progress: share of the scenario's iterations or of its duration */
		double progress = 0;
		int64_t t0 = s ? atomic_load(&run->scen[vu->scenario].start_mono_ns) : 0;
		if (s && s->executor == LG_EXEC_SHARED_ITERATIONS && s->iterations > 0)
			progress = (double)atomic_load(&run->scen[vu->scenario].iters) /
			           (double)s->iterations;
		else if (s && s->executor == LG_EXEC_PER_VU_ITERATIONS && s->iterations > 0)
			progress = (double)vu->iter_in_scenario / (double)s->iterations;
		else if (s && t0) {
			int64_t len = s->duration_ns;
			if (!len)
				for (int k = 0; k < s->n_stages; k++)
					len += s->stages[k].duration_ns;
			if (len > 0)
				progress = (double)(lg_now_ns() - t0) / (double)len;
		}
		duk_push_number(ctx, progress < 0 ? 0 : progress > 1 ? 1 : progress);
		duk_put_prop_literal(ctx, -2, "progress");
	}
	duk_push_string(ctx, run->options_json ? run->options_json : "{}");
	duk_put_prop_literal(ctx, -2, "options");
	duk_push_number(ctx, (double)atomic_load(&run->iters_complete));
	duk_put_prop_literal(ctx, -2, "itersComplete");
	duk_push_number(ctx, (double)atomic_load(&run->iters_interrupted));
	duk_put_prop_literal(ctx, -2, "itersInterrupted");
	duk_push_int(ctx, atomic_load(&run->vus_active));
	duk_put_prop_literal(ctx, -2, "vusActive");
	duk_push_int(ctx, atomic_load(&run->vus_initialized));
	duk_put_prop_literal(ctx, -2, "vusInitialized");
	duk_push_number(ctx, run->start_ns ? (double)(lg_now_ns() - run->start_ns) / 1e6 : 0);
	duk_put_prop_literal(ctx, -2, "duration");
	return 1;
}

/* lg.vuTag(key, value): set (or with null, remove) a tag of exec.vu.tags */
static duk_ret_t n_vu_tag(duk_context *ctx)
{
	struct lg_vu *vu = lg__js_vu();
	const char *k = duk_require_string(ctx, 0);
	bool del = duk_is_null_or_undefined(ctx, 1);
	const char *v = del ? NULL : duk_safe_to_string(ctx, 1);

	for (int i = 0; i < vu->n_tags; i++) {
		if (strcmp(vu->tags[i].key, k) != 0)
			continue;
		free((char *)vu->tags[i].value);
		if (del) {
			free((char *)vu->tags[i].key);
			vu->tags[i] = vu->tags[--vu->n_tags];
		} else {
			vu->tags[i].value = lg_xstrdup(v);
		}
		return 0;
	}
	if (!del) {
		vu->tags = lg_xrealloc(vu->tags, (size_t)(vu->n_tags + 1) * sizeof(*vu->tags));
		vu->tags[vu->n_tags].key = lg_xstrdup(k);
		vu->tags[vu->n_tags].value = lg_xstrdup(v);
		vu->n_tags++;
	}
	return 0;
}

/* lg.abort(msg, code): exec.test.abort() (108) and exec.test.fail() (110) */
static duk_ret_t n_abort(duk_context *ctx)
{
	struct lg_vu *vu = lg__js_vu();
	const char *msg = duk_safe_to_string(ctx, 0);
	int code = duk_get_int(ctx, 1);

	if (code == 110) {
		lg_log(LG_LOG_ERROR, NULL, "test marked as failed%s%s", msg[0] ? ": " : "", msg);
		atomic_store(&vu->run->marked_failed, 1);
		return 0;
	}
	if (vu->in_init)
		return duk_error(ctx, DUK_ERR_ERROR, "test aborted in the init context%s%s",
		                 msg[0] ? ": " : "", msg);
	lg_log(LG_LOG_ERROR, NULL, "test aborted%s%s", msg[0] ? ": " : "", msg);
	{
		int expected = 0;
		atomic_compare_exchange_strong(&vu->run->abort_code, &expected, LG_EABORTED);
	}
	atomic_store(&vu->run->abort, 1);
	return lg__js_throw_interrupt(ctx);
}

/* lg.bufferToString(buf, latin1): bytes -> string */
static duk_ret_t n_buffer_to_string(duk_context *ctx)
{
	duk_size_t len;
	const unsigned char *p = duk_get_buffer_data(ctx, 0, &len);

	if (!p) {
		duk_push_string(ctx, "");
		return 1;
	}
	if (duk_to_boolean(ctx, 1)) {
		struct lg_buf b = { 0 };
		for (duk_size_t i = 0; i < len; i++) {
			if (p[i] < 0x80) {
				lg_buf_putc(&b, (char)p[i]);
			} else {
				lg_buf_putc(&b, (char)(0xC0 | (p[i] >> 6)));
				lg_buf_putc(&b, (char)(0x80 | (p[i] & 0x3F)));
			}
		}
		duk_push_lstring(ctx, b.data ? b.data : "", b.len);
		lg_buf_free(&b);
	} else {
		duk_push_lstring(ctx, (const char *)p, len);
	}
	return 1;
}

static duk_ret_t n_jar_list(duk_context *ctx)
{
	struct lg_vu *vu = lg__js_vu();
	struct lg_buf b = { 0 };

	if (vu->in_init || !vu->w)
		return not_in_init(ctx, "Using http.cookieJar()");
	lg_http_jar_list(vu, &b);
	duk_push_lstring(ctx, b.data ? b.data : "", b.len);
	lg_buf_free(&b);
	return 1;
}

static duk_ret_t n_jar_set(duk_context *ctx)
{
	struct lg_vu *vu = lg__js_vu();

	if (vu->in_init || !vu->w)
		return not_in_init(ctx, "Using http.cookieJar()");
	lg_http_jar_set(vu, duk_require_string(ctx, 0));
	return 0;
}

static duk_ret_t n_jar_reset(duk_context *ctx)
{
	struct lg_vu *vu = lg__js_vu();

	if (vu->in_init || !vu->w)
		return not_in_init(ctx, "Using http.cookieJar()");
	lg_http_jar_reset(vu, duk_require_string(ctx, 0));
	return 0;
}

static const duk_function_list_entry natives[] = {
	{ "makeConsole", n_make_console, 0 },
	{ "open", n_open, 2 },
	{ "resolve", n_resolve, 2 },
	{ "loadModule", n_load_module, 1 },
	{ "randomSeed", n_random_seed, 1 },
	{ "check", n_check, 3 },
	{ "group", n_group, 2 },
	{ "sleep", n_sleep, 1 },
	{ "metricDeclare", n_metric_declare, 3 },
	{ "metricAdd", n_metric_add, 3 },
	{ "execInfo", n_exec_info, 0 },
	{ "abort", n_abort, 2 },
	{ "vuTag", n_vu_tag, 2 },
	{ "bufferToString", n_buffer_to_string, 2 },
	{ "jarList", n_jar_list, 0 },
	{ "jarSet", n_jar_set, 1 },
	{ "jarReset", n_jar_reset, 1 },
	{ NULL, NULL, 0 },
};

void lg__js_put_lightfuncs(duk_context *ctx, const duk_function_list_entry *list)
{
	for (; list->key; list++) {
		duk_push_c_lightfunc(ctx, list->value, list->nargs,
		                     list->nargs == DUK_VARARGS ? 0 : list->nargs, 0);
		duk_put_prop_string(ctx, -2, list->key);
	}
}

void lg__js_push_natives(duk_context *ctx)
{
	duk_push_object(ctx);
	lg__js_put_lightfuncs(ctx, natives);
	lg__js_put_http_natives(ctx);
	lg__js_put_async_natives(ctx);
	lg__js_put_module_natives(ctx);
	/* kept for natives that load built-in modules (mod_http_api.c) */
	duk_push_global_stash(ctx);
	duk_dup(ctx, -2);
	duk_put_prop_literal(ctx, -2, DUK_HIDDEN_SYMBOL("lg"));
	duk_pop(ctx);
}
