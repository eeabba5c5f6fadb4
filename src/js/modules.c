/* SPDX-License-Identifier: Apache-2.0 */
/*
 * modules.c - the built-in modules that load on first import.
 *
 * A VU pays only for the modules its script imports: each entry's JavaScript
 * is compiled to bytecode once per run (on the first import by any VU) and
 * loaded into a VU's heap when that VU first requires it.  An entry may also
 * have natives: a C function that pushes an object of native functions (built
 * per VU on that first import, so unused natives cost nothing either).
 *
 * To add a module: write mod_<name>.js (a `function (natives, global, lg)`
 * returning the exports) and/or the natives, add the .js file to meson.build
 * and one line to the table below.
 */
#include <string.h>

#include "js_int.h"
#include "lg/vu.h"
#include "mod_data_js.h"
#include "mod_execution_js.h"
#include "mod_html_js.h"
#include "mod_http_extra_js.h"
#include "mod_k6summary_js.h"
#include "mod_k6utils_js.h"
#include "mod_metrics_js.h"
#include "mod_websockets_js.h"
#include "mod_ws_js.h"

struct builtin {
	const char *name; /* the import specifier: "k6/http", or a URL */
	const char *js;   /* function (natives, global, lg) -> exports; or NULL */
	size_t js_len;
	/* push an object of natives; NULL: an empty object.  Without js the
	 * natives object is the module itself. */
	void (*natives)(duk_context *ctx);
	/* name is "host/path/" of a versioned URL: any http(s)://<name><version>/index.js
	 * matches (jslib.k6.io's layout) */
	bool any_version;
};

#define JS(sym) sym, sizeof(sym) - 1

static const struct builtin builtins[] = {
	{ "k6/http", NULL, 0, lg__js_push_http_module },
	{ "loadgate:http-extra", JS(lg_mod_http_extra_js), lg__js_push_http_extra_natives },
	{ "k6/metrics", JS(lg_mod_metrics_js), NULL },
	{ "k6/execution", JS(lg_mod_execution_js), NULL },
	{ "k6/ws", JS(lg_mod_ws_js), lg__js_push_ws_natives },
	{ "k6/websockets", JS(lg_mod_websockets_js), lg__js_push_ws_natives },
	{ "k6/experimental/websockets", JS(lg_mod_websockets_js),
	  lg__js_push_ws_natives_deprecated },
	{ "k6/html", JS(lg_mod_html_js), lg__js_push_html_natives },
	/* built-in equivalents of jslib.k6.io modules: no fetch (docs/modules/remote.md) */
	{ "jslib.k6.io/k6-utils/", JS(lg_mod_k6utils_js), lg__js_k6utils_natives, true },
	{ "jslib.k6.io/k6-summary/", JS(lg_mod_k6summary_js), lg__js_k6summary_natives, true },
	{ "k6/encoding", NULL, 0, lg__js_encoding_natives },
	{ "k6/crypto", NULL, 0, lg__js_crypto_natives },
	{ "k6/data", JS(lg_mod_data_js), lg__js_data_natives },
};

_Static_assert(LG_ARRAY_SIZE(builtins) <= LG_JS_MAX_BUILTINS, "raise LG_JS_MAX_BUILTINS");

/* http(s)://<b->name><version>/index.js, version a non-empty [0-9A-Za-z.+-]* */
static bool versioned_match(const struct builtin *b, const char *url)
{
	size_t n = strlen(b->name), v;

	if (strncmp(url, "https://", 8) == 0)
		url += 8;
	else if (strncmp(url, "http://", 7) == 0)
		url += 7;
	else
		return false;
	if (strncmp(url, b->name, n) != 0)
		return false;
	url += n;
	v = strspn(url, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.+-");
	return v > 0 && strcmp(url + v, "/index.js") == 0;
}

static int find(const char *name)
{
	for (size_t i = 0; i < LG_ARRAY_SIZE(builtins); i++)
		if (builtins[i].any_version ? versioned_match(&builtins[i], name)
		                            : strcmp(builtins[i].name, name) == 0)
			return (int)i;
	return -1;
}

bool lg__js_is_builtin(const char *name)
{
	return find(name) >= 0;
}

/* The module's bytecode, compiled by the first VU that imports it. */
static int module_bc(duk_context *ctx, struct lg_program *p, int i, struct lg_err *err)
{
	int rc = 0;

	pthread_mutex_lock(&p->mu);
	if (!p->builtin_bc[i]) {
		char file[128];
		snprintf(file, sizeof(file), "loadgate:%s", builtins[i].name);
		rc = lg__js_compile(ctx, builtins[i].js, builtins[i].js_len, file,
		                    &p->builtin_bc[i], &p->builtin_len[i], err);
	}
	pthread_mutex_unlock(&p->mu);
	return rc;
}

/* lg.builtin(name, global, lg) -> the module's exports, or undefined. */
static duk_ret_t n_builtin(duk_context *ctx)
{
	int i = find(duk_require_string(ctx, 0));
	struct lg_program *p = lg__js_vu()->run->prog;
	const struct builtin *b;
	struct lg_err err = { 0 };

	if (i < 0)
		return 0;
	b = &builtins[i];
	if (b->natives)
		b->natives(ctx);
	else
		duk_push_object(ctx);
	if (!b->js)
		return 1;
	if (module_bc(ctx, p, i, &err) < 0)
		return duk_error(ctx, DUK_ERR_ERROR, "built-in module %s: %s", b->name, err.msg);
	lg__js_load_bc(ctx, p->builtin_bc[i], p->builtin_len[i]);
	duk_dup(ctx, -2);
	duk_dup(ctx, 1);
	duk_dup(ctx, 2);
	duk_call(ctx, 3);
	return 1;
}

void lg__js_put_module_natives(duk_context *ctx)
{
	duk_push_c_function(ctx, n_builtin, 3);
	duk_put_prop_literal(ctx, -2, "builtin");
	lg__js_put_remote_natives(ctx);
}
