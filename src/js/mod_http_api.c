/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mod_http_api.c - the k6/http module object and Response.prototype, built in
 * C so that a VU importing k6/http pays a few hundred bytes of heap instead of
 * the bytecode of a JavaScript module (each JS function costs every VU ~1 KB),
 * and http.get does its argument work without running JavaScript.
 *
 * The hot surface is here: request/get/head/post/put/patch/del/options (light
 * functions: no allocation per VU), body encoding (form and multipart), the
 * expected-statuses lookup, Response.json() with gjson paths, the lazy
 * headers/cookies/request and toJSON.  The rest (batch, the cookie jar,
 * expectedStatuses, setResponseCallback, file, url, asyncRequest) is
 * mod_http_extra.js, loaded by the first read of one of those properties.
 */
#include <ctype.h>
#include <string.h>

#include "js_int.h"
#include "lg/base.h"
#include "lg/vu.h"

#define STASH_PROTO DUK_HIDDEN_SYMBOL("httpResp")
#define STASH_EXPECTED DUK_HIDDEN_SYMBOL("httpExpected")
#define STASH_EXTRA DUK_HIDDEN_SYMBOL("httpExtra")
#define RESP_JSON DUK_HIDDEN_SYMBOL("json")

/* ---- request arguments ------------------------------------------------------ */

/* encodeURIComponent's unreserved set */
static bool unreserved(unsigned char c)
{
	return isalnum(c) || strchr("-_.!~*'()", c) != NULL;
}

/* Append encodeURIComponent(value at idx) to b. */
static void put_uri_component(duk_context *ctx, duk_idx_t idx, struct lg_buf *b)
{
	static const char hex[] = "0123456789ABCDEF";
	duk_size_t len;
	const unsigned char *s = (const unsigned char *)duk_get_lstring(ctx, idx, &len);

	/* Duktape keeps non-BMP characters as surrogate pairs (CESU-8, lead byte
	 * 0xED): let the built-in encode those (it throws on lone surrogates). */
	if (memchr(s, 0xED, len)) {
		duk_get_global_literal(ctx, "encodeURIComponent");
		duk_dup(ctx, idx);
		duk_call(ctx, 1);
		lg_buf_puts(b, duk_get_string(ctx, -1));
		duk_pop(ctx);
		return;
	}
	for (duk_size_t i = 0; i < len; i++) {
		if (unreserved(s[i])) {
			lg_buf_putc(b, (char)s[i]);
		} else {
			lg_buf_putc(b, '%');
			lg_buf_putc(b, hex[s[i] >> 4]);
			lg_buf_putc(b, hex[s[i] & 15]);
		}
	}
}

/* One key=value of a form; the value at -1 (null/undefined -> ""). */
static void form_pair(duk_context *ctx, duk_idx_t key, struct lg_buf *b)
{
	if (b->len)
		lg_buf_putc(b, '&');
	put_uri_component(ctx, key, b);
	lg_buf_putc(b, '=');
	if (duk_is_null_or_undefined(ctx, -1)) {
		duk_pop(ctx);
		duk_push_string(ctx, "");
	} else {
		duk_to_string(ctx, -1);
	}
	put_uri_component(ctx, -1, b);
}

static bool is_file(duk_context *ctx, duk_idx_t idx)
{
	bool yes;

	if (!duk_is_object(ctx, idx))
		return false;
	duk_get_prop_literal(ctx, idx, "__lgFile");
	yes = duk_get_boolean_default(ctx, -1, false);
	duk_pop(ctx);
	return yes;
}

/* Append a part's data (string as UTF-8, buffer as bytes). */
static void put_data(duk_context *ctx, duk_idx_t idx, struct lg_buf *b)
{
	duk_size_t len;
	const void *p;

	if (duk_is_buffer_data(ctx, idx)) {
		p = duk_get_buffer_data(ctx, idx, &len);
	} else {
		duk_to_string(ctx, idx);
		p = duk_get_lstring(ctx, idx, &len);
	}
	if (len)
		lg_buf_append(b, p, len);
}

static void put_prop_text(duk_context *ctx, duk_idx_t obj, const char *key, struct lg_buf *b)
{
	duk_get_prop_string(ctx, obj, key);
	lg_buf_puts(b, duk_safe_to_string(ctx, -1));
	duk_pop(ctx);
}

/* multipart/form-data of the object at obj; pushes the body and the type. */
static void push_multipart(duk_context *ctx, duk_idx_t obj)
{
	struct lg_buf b = { 0 };
	char boundary[64];

	snprintf(boundary, sizeof(boundary), "----loadgateFormBoundary%016llx",
	         (unsigned long long)(lg_duk_random_double(NULL) * 9007199254740992.0));
	duk_enum(ctx, obj, DUK_ENUM_OWN_PROPERTIES_ONLY);
	while (duk_next(ctx, -1, 1)) {
		const char *k = duk_safe_to_string(ctx, -2);
		lg_buf_printf(&b, "--%s\r\n", boundary);
		if (is_file(ctx, -1)) {
			lg_buf_printf(
			    &b, "Content-Disposition: form-data; name=\"%s\"; filename=\"", k);
			put_prop_text(ctx, -1, "filename", &b);
			lg_buf_puts(&b, "\"\r\nContent-Type: ");
			put_prop_text(ctx, -1, "content_type", &b);
			lg_buf_puts(&b, "\r\n\r\n");
			duk_get_prop_literal(ctx, -1, "data");
			put_data(ctx, -1, &b);
			duk_pop(ctx);
		} else {
			lg_buf_printf(&b, "Content-Disposition: form-data; name=\"%s\"\r\n\r\n", k);
			put_data(ctx, -1, &b);
		}
		lg_buf_puts(&b, "\r\n");
		duk_pop_2(ctx);
	}
	duk_pop(ctx);
	lg_buf_printf(&b, "--%s--\r\n", boundary);
	memcpy(duk_push_fixed_buffer(ctx, b.len), b.data, b.len);
	duk_push_buffer_object(ctx, -1, 0, b.len, DUK_BUFOBJ_ARRAYBUFFER);
	duk_remove(ctx, -2);
	duk_push_sprintf(ctx, "multipart/form-data; boundary=%s", boundary);
	lg_buf_free(&b);
}

/* Replace the body at idx by what is sent; push the content type (or undefined). */
static void norm_body(duk_context *ctx, duk_idx_t idx)
{
	struct lg_buf b = { 0 };
	bool multipart = false;

	if (duk_is_null_or_undefined(ctx, idx)) {
		duk_push_null(ctx);
		duk_replace(ctx, idx);
		duk_push_undefined(ctx);
		return;
	}
	if (duk_is_string(ctx, idx) || duk_is_buffer_data(ctx, idx)) {
		duk_push_undefined(ctx);
		return;
	}
	if (!duk_is_object(ctx, idx)) {
		duk_to_string(ctx, idx);
		duk_push_undefined(ctx);
		return;
	}
	duk_enum(ctx, idx, DUK_ENUM_OWN_PROPERTIES_ONLY);
	while (!multipart && duk_next(ctx, -1, 1)) {
		multipart = is_file(ctx, -1);
		duk_pop_2(ctx);
	}
	duk_pop(ctx);
	if (multipart) {
		push_multipart(ctx, idx);
		duk_swap_top(ctx, -2);
		duk_replace(ctx, idx);
		return;
	}
	duk_enum(ctx, idx, DUK_ENUM_OWN_PROPERTIES_ONLY);
	while (duk_next(ctx, -1, 1)) {
		if (duk_is_array(ctx, -1)) {
			duk_size_t n = duk_get_length(ctx, -1);
			for (duk_size_t i = 0; i < n; i++) {
				duk_get_prop_index(ctx, -1, (duk_uarridx_t)i);
				duk_to_string(ctx, -1);
				form_pair(ctx, -3, &b);
				duk_pop(ctx);
			}
		} else {
			form_pair(ctx, -2, &b);
		}
		duk_pop_2(ctx);
	}
	duk_pop(ctx);
	duk_push_lstring(ctx, b.data ? b.data : "", b.len);
	duk_replace(ctx, idx);
	duk_push_string(ctx, "application/x-www-form-urlencoded");
	lg_buf_free(&b);
}

/* Push the expected statuses for params at idx: an array of [min, max], null
 * (callback off) or undefined (the default, 200-399). */
static void push_expected(duk_context *ctx, duk_idx_t params)
{
	if (duk_is_object(ctx, params)) {
		duk_push_string(ctx, "responseCallback");
		duk_get_prop_desc(ctx, params, 0);
		if (!duk_is_undefined(ctx, -1)) {
			duk_get_prop_literal(ctx, -1, "value");
			duk_remove(ctx, -2);
			if (duk_is_null(ctx, -1))
				return;
			if (duk_is_object(ctx, -1) &&
			    duk_get_prop_literal(ctx, -1, "__lgExpected")) {
				duk_remove(ctx, -2);
				return;
			}
			(void)duk_type_error(ctx, "responseCallback must be the result of "
			                          "http.expectedStatuses() or null");
		}
		duk_pop(ctx);
	}
	duk_push_global_stash(ctx);
	duk_get_prop_literal(ctx, -1, STASH_EXPECTED);
	duk_remove(ctx, -2);
}

static void push_proto(duk_context *ctx)
{
	duk_push_global_stash(ctx);
	duk_get_prop_literal(ctx, -1, STASH_PROTO);
	duk_remove(ctx, -2);
}

/* Stack 0..3 (method, url, body, params) -> the 7 arguments of a request. */
static void norm_args(duk_context *ctx)
{
	duk_set_top(ctx, 4);
	norm_body(ctx, 2);     /* [4] content type */
	push_expected(ctx, 3); /* [5] expected */
	duk_swap(ctx, 4, 5);   /* expected, content type */
	push_proto(ctx);       /* [6] */
}

/* natives.norm(method, url, body, params) -> [the 7 arguments] */
static duk_ret_t n_norm(duk_context *ctx)
{
	norm_args(ctx);
	duk_push_array(ctx);
	for (duk_idx_t i = 0; i < 7; i++) {
		duk_dup(ctx, i);
		duk_put_prop_index(ctx, -2, (duk_uarridx_t)i);
	}
	return 1;
}

/* natives.setDefaultExpected(ranges | null | undefined) */
static duk_ret_t n_set_default_expected(duk_context *ctx)
{
	duk_push_global_stash(ctx);
	duk_dup(ctx, 0);
	duk_put_prop_literal(ctx, -2, STASH_EXPECTED);
	return 0;
}

enum { M_GET, M_HEAD, M_POST, M_PUT, M_PATCH, M_DELETE, M_OPTIONS, M_REQUEST };
static const char *const method_names[] = { "GET",   "HEAD",   "POST",    "PUT",
	                                    "PATCH", "DELETE", "OPTIONS", NULL };

/* http.get(url, params), http.post(url, body, params), http.request(m, ...) */
static duk_ret_t n_method(duk_context *ctx)
{
	int m = duk_get_current_magic(ctx);

	if (m == M_REQUEST) {
		duk_size_t len;
		char *up;
		const char *s = duk_safe_to_lstring(ctx, 0, &len);

		up = lg_xstrndup(s, len);
		for (char *c = up; *c; c++)
			*c = (char)toupper((unsigned char)*c);
		duk_push_string(ctx, up);
		duk_replace(ctx, 0);
		free(up);
	} else {
		if (m == M_GET || m == M_HEAD) {
			duk_set_top(ctx, 2);
			duk_push_null(ctx);
			duk_insert(ctx, 1);
		}
		duk_push_string(ctx, method_names[m]);
		duk_insert(ctx, 0);
	}
	norm_args(ctx);
	return lg__js_http_request(ctx);
}

/* ---- Response.prototype ------------------------------------------------------ */

/* Response.json(selector): a subset of gjson paths (a.b.0.c, a.#, a.#.b, \.) */
static void walk(duk_context *ctx, char **parts, int n, int i)
{
	duk_idx_t v = duk_get_top_index(ctx);

	if (i >= n)
		return;
	if (duk_is_null_or_undefined(ctx, v)) {
		duk_pop(ctx);
		duk_push_undefined(ctx);
		return;
	}
	if (strcmp(parts[i], "#") == 0 && duk_is_array(ctx, v)) {
		duk_size_t len = duk_get_length(ctx, v);
		duk_uarridx_t k = 0;
		if (i == n - 1) {
			duk_pop(ctx);
			duk_push_number(ctx, (double)len);
			return;
		}
		duk_push_array(ctx);
		for (duk_size_t j = 0; j < len; j++) {
			duk_get_prop_index(ctx, v, (duk_uarridx_t)j);
			walk(ctx, parts, n, i + 1);
			if (duk_is_undefined(ctx, -1))
				duk_pop(ctx);
			else
				duk_put_prop_index(ctx, -2, k++);
		}
		duk_remove(ctx, v);
		return;
	}
	if (!duk_is_object(ctx, v)) {
		duk_pop(ctx);
		duk_push_undefined(ctx);
		return;
	}
	duk_push_string(ctx, parts[i]);
	duk_get_prop_desc(ctx, v, 0); /* own properties only */
	if (!duk_is_undefined(ctx, -1)) {
		duk_get_prop_literal(ctx, -1, "value");
		duk_remove(ctx, -2);
	}
	duk_remove(ctx, v);
	walk(ctx, parts, n, i + 1);
}

static duk_ret_t n_resp_json(duk_context *ctx)
{
	duk_push_this(ctx); /* [selector this] */
	if (!duk_get_prop_literal(ctx, 1, RESP_JSON)) {
		duk_pop(ctx);
		duk_get_prop_literal(ctx, 1, "body");
		if (duk_is_null_or_undefined(ctx, -1))
			return duk_error(
			    ctx, DUK_ERR_ERROR,
			    "the body is null so we can't transform it to JSON - this "
			    "likely was because of a request error getting the response");
		if (duk_is_buffer_data(ctx, -1))
			duk_buffer_to_string(ctx, -1);
		else
			duk_to_string(ctx, -1);
		duk_json_decode(ctx, -1);
		duk_dup_top(ctx);
		duk_put_prop_literal(ctx, 1, RESP_JSON);
	}
	if (duk_is_undefined(ctx, 0))
		return 1;
	{
		duk_size_t len;
		const char *path = duk_safe_to_lstring(ctx, 0, &len);
		char *buf = lg_xmalloc(len + 1), **parts = lg_xcalloc(len + 1, sizeof(*parts));
		int n = 0;
		size_t o = 0;

		parts[n++] = buf;
		for (size_t i = 0; i < len; i++) {
			if (path[i] == '\\' && i + 1 < len) {
				buf[o++] = path[++i];
			} else if (path[i] == '.') {
				buf[o++] = '\0';
				parts[n++] = buf + o;
			} else {
				buf[o++] = path[i];
			}
		}
		buf[o] = '\0';
		walk(ctx, parts, n, 0);
		free(parts);
		free(buf);
	}
	return 1;
}

/*
 * Response fields are getters on the prototype reading the Response's buffer
 * (struct lg__js_resp, filled by lg__js_push_response): nothing is built for
 * the fields a script never reads.  Objects and the body are kept as own
 * properties once built (res.timings === res.timings); assigning a field
 * makes it an own property too.
 */
enum {
	F_STATUS,
	F_STATUS_TEXT,
	F_PROTO,
	F_URL,
	F_BODY,
	F_TIMINGS,
	F_REMOTE_IP,
	F_REMOTE_PORT,
	F_TLS_VERSION,
	F_TLS_CIPHER_SUITE,
	F_ERROR,
	F_ERROR_CODE,
	F_HEADERS,
	F_COOKIES,
	F_REQUEST,
	F__COUNT
};
static const char *const resp_fields[F__COUNT] = {
	"status",  "status_text", "proto",       "url",         "body",
	"timings", "remote_ip",   "remote_port", "tls_version", "tls_cipher_suite",
	"error",   "error_code",  "headers",     "cookies",     "request",
};

/* Response.timings: r->timings[] in the order of mkTimings' parameters
 * (duration, blocked, looking_up, connecting, tls_handshaking, sending,
 * waiting, receiving). */

/* Define an own data property name = value (at -1, popped) on this (at obj). */
static void own_value(duk_context *ctx, duk_idx_t obj, const char *name)
{
	duk_push_string(ctx, name);
	duk_insert(ctx, -2);
	duk_def_prop(ctx, obj,
	             DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_WRITABLE |
	                 DUK_DEFPROP_SET_ENUMERABLE | DUK_DEFPROP_SET_CONFIGURABLE);
}

/* Push field f of the Response at idx. */
static void push_field(duk_context *ctx, duk_idx_t idx, int f)
{
	const struct lg__js_resp *r = lg__js_resp_get(ctx, idx);
	bool keep = false;

	if (!r) {
		duk_push_undefined(ctx);
		return;
	}
	switch (f) {
	case F_STATUS:
		duk_push_number(ctx, r->status);
		break;
	case F_REMOTE_PORT:
		duk_push_number(ctx, r->remote_port);
		break;
	case F_ERROR_CODE:
		duk_push_number(ctx, r->error_code);
		break;
	case F_STATUS_TEXT:
		lg__js_resp_push_str(ctx, r, LG_RS_STATUS_TEXT);
		break;
	case F_PROTO:
		lg__js_resp_push_str(ctx, r, LG_RS_PROTO);
		break;
	case F_URL:
		lg__js_resp_push_str(ctx, r, LG_RS_URL);
		break;
	case F_REMOTE_IP:
		lg__js_resp_push_str(ctx, r, LG_RS_REMOTE_IP);
		break;
	case F_TLS_VERSION:
		lg__js_resp_push_str(ctx, r, LG_RS_TLS_VERSION);
		break;
	case F_TLS_CIPHER_SUITE:
		duk_push_string(ctx, "");
		break;
	case F_ERROR:
		lg__js_resp_push_str(ctx, r, LG_RS_ERROR);
		break;
	case F_BODY:
		keep = true;
		if (r->body_kind == LG_RESP_BODY_NULL) {
			duk_push_null(ctx);
		} else if (r->body_kind == LG_RESP_BODY_TEXT) {
			lg__js_resp_push_str(ctx, r, LG_RS_BODY);
		} else {
			void *buf = duk_push_fixed_buffer(ctx, r->len[LG_RS_BODY]);
			if (r->len[LG_RS_BODY])
				memcpy(buf, (const char *)(r + 1) + r->off[LG_RS_BODY],
				       r->len[LG_RS_BODY]);
			duk_push_buffer_object(ctx, -1, 0, r->len[LG_RS_BODY],
			                       DUK_BUFOBJ_ARRAYBUFFER);
			duk_remove(ctx, -2);
		}
		break;
	case F_TIMINGS:
		keep = true;
		/* one compiled object literal: its properties are allocated at
		 * once (8 puts from C grow the object 4 times; 2.5x the cost) */
		duk_get_prop_literal(ctx, idx, DUK_HIDDEN_SYMBOL("mkTimings"));
		for (size_t i = 0; i < LG_ARRAY_SIZE(r->timings); i++)
			duk_push_number(ctx, r->timings[i]);
		duk_call(ctx, (duk_idx_t)LG_ARRAY_SIZE(r->timings));
		break;
	case F_HEADERS:
	case F_COOKIES:
		keep = true;
		lg__js_push_resp_headers(ctx, idx, f == F_COOKIES);
		break;
	default:
		keep = true;
		lg__js_push_resp_request(ctx, idx);
		break;
	}
	if (keep) {
		duk_dup_top(ctx);
		own_value(ctx, idx, resp_fields[f]);
	}
}

/* The index of name in names[n], or -1. */
static int name_index(const char *const *names, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (names[i][0] == name[0] && strcmp(names[i], name) == 0)
			return i;
	return -1;
}

/* One getter and one setter serve every field: Duktape passes accessors the
 * property's key (a light function would become a full function object per
 * accessor anyway).  get(key), set(value, key). */
static duk_ret_t n_resp_get(duk_context *ctx)
{
	int f = name_index(resp_fields, F__COUNT, duk_require_string(ctx, 0));

	duk_push_this(ctx);
	if (f < 0)
		return 0;
	push_field(ctx, 1, f);
	return 1;
}

static duk_ret_t n_resp_set(duk_context *ctx)
{
	duk_push_this(ctx);
	duk_dup(ctx, 0);
	own_value(ctx, 2, duk_require_string(ctx, 1));
	return 0;
}

/* toJSON: every field (built now if not yet) and the script's own additions */
static duk_ret_t n_resp_to_json(duk_context *ctx)
{
	duk_push_this(ctx);
	duk_push_object(ctx);
	for (int f = 0; f < F__COUNT; f++) {
		duk_get_prop_string(ctx, 0, resp_fields[f]);
		duk_put_prop_string(ctx, 1, resp_fields[f]);
	}
	duk_enum(ctx, 0, DUK_ENUM_OWN_PROPERTIES_ONLY);
	while (duk_next(ctx, -1, 1))
		duk_put_prop(ctx, 1);
	duk_pop(ctx);
	return 1;
}

/* Define names[n] on obj as accessors, all with the same get and set. */
static void put_accessors(duk_context *ctx, duk_idx_t obj, const char *const *names, int n,
                          duk_c_function get, duk_c_function set)
{
	duk_push_c_function(ctx, get, 1);
	duk_push_c_function(ctx, set, 2);
	for (int i = 0; i < n; i++) {
		duk_push_string(ctx, names[i]);
		duk_dup(ctx, -3);
		duk_dup(ctx, -3);
		duk_def_prop(ctx, obj,
		             DUK_DEFPROP_HAVE_GETTER | DUK_DEFPROP_HAVE_SETTER |
		                 DUK_DEFPROP_SET_ENUMERABLE | DUK_DEFPROP_SET_CONFIGURABLE);
	}
	duk_pop_2(ctx);
}

/* Response.html/submitForm/clickLink: k6/html's helpers (mod_html.js, loaded on first use). */
static const char *const resp_html_names[] = { "html", "submitForm", "clickLink" };

static duk_ret_t n_resp_html(duk_context *ctx)
{
	duk_push_global_object(ctx);
	duk_get_prop_literal(ctx, -1, "require");
	duk_push_string(ctx, "k6/html");
	duk_call(ctx, 1);
	duk_get_prop_literal(ctx, -1, "__response");
	duk_get_prop_string(ctx, -1, resp_html_names[duk_get_current_magic(ctx)]);
	duk_push_this(ctx);
	duk_dup(ctx, 0);
	duk_call(ctx, 2);
	return 1;
}

static void push_response_proto(duk_context *ctx)
{
	duk_idx_t p;

	duk_push_object(ctx);
	p = duk_get_top_index(ctx);
	duk_push_string(ctx, "json");
	duk_push_c_lightfunc(ctx, n_resp_json, 1, 1, 0);
	duk_def_prop(ctx, p,
	             DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_WRITABLE |
	                 DUK_DEFPROP_SET_CONFIGURABLE);
	duk_push_string(ctx, "toJSON");
	duk_push_c_lightfunc(ctx, n_resp_to_json, 0, 0, 0);
	duk_def_prop(ctx, p,
	             DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_WRITABLE |
	                 DUK_DEFPROP_SET_CONFIGURABLE);
	for (int i = 0; i < (int)LG_ARRAY_SIZE(resp_html_names); i++) {
		duk_push_string(ctx, resp_html_names[i]);
		duk_push_c_lightfunc(ctx, n_resp_html, 1, 1, i);
		duk_def_prop(ctx, p,
		             DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_WRITABLE |
		                 DUK_DEFPROP_SET_CONFIGURABLE);
	}
	put_accessors(ctx, p, resp_fields, F__COUNT, n_resp_get, n_resp_set);
	/* the maker of Response.timings (see push_field), in r->timings' order */
	duk_push_string(ctx, DUK_HIDDEN_SYMBOL("mkTimings"));
	duk_eval_string(ctx, "(function (a, b, c, d, e, f, g, h) { return {duration: a, "
	                     "blocked: b, looking_up: c, connecting: d, tls_handshaking: e, "
	                     "sending: f, waiting: g, receiving: h}; })");
	duk_def_prop(ctx, p, DUK_DEFPROP_HAVE_VALUE);
}

/* ---- the module object ------------------------------------------------------- */

/* Properties of mod_http_extra.js, loaded by the first read of any of them. */
static const char *const extra_names[] = {
	"batch", "expectedStatuses", "setResponseCallback", "file",
	"url",   "cookieJar",        "asyncRequest"
};

static duk_ret_t n_extra_get(duk_context *ctx)
{
	int which =
	    name_index(extra_names, (int)LG_ARRAY_SIZE(extra_names), duk_require_string(ctx, 0));

	if (which < 0)
		return 0;
	duk_set_top(ctx, 0);
	duk_push_this(ctx); /* [this] */
	duk_push_global_stash(ctx);
	if (!duk_get_prop_literal(ctx, -1, STASH_EXTRA)) {
		duk_pop(ctx);
		/* lg.builtin('loadgate:http-extra', global, lg) */
		duk_get_prop_literal(ctx, -1, DUK_HIDDEN_SYMBOL("lg"));
		duk_get_prop_literal(ctx, -1, "builtin");
		duk_push_string(ctx, "loadgate:http-extra");
		duk_push_global_object(ctx);
		duk_dup(ctx, -4);
		duk_call(ctx, 3);
		duk_remove(ctx, -2);
		duk_dup_top(ctx);
		duk_put_prop_literal(ctx, 1, STASH_EXTRA);
	}
	/* [this stash extra]: replace every accessor by its value */
	if (duk_is_object(ctx, 0)) {
		for (size_t i = 0; i < LG_ARRAY_SIZE(extra_names); i++) {
			duk_get_prop_string(ctx, 2, extra_names[i]);
			own_value(ctx, 0, extra_names[i]);
		}
	}
	duk_get_prop_string(ctx, 2, extra_names[which]);
	return 1;
}

static void put_const(duk_context *ctx, const char *k, const char *v)
{
	duk_push_string(ctx, v);
	duk_put_prop_string(ctx, -2, k);
}

void lg__js_push_http_module(duk_context *ctx)
{
	static const struct {
		const char *name;
		int magic, nargs;
	} methods[] = {
		{ "get", M_GET, 2 },         { "head", M_HEAD, 2 },       { "post", M_POST, 3 },
		{ "put", M_PUT, 3 },         { "patch", M_PATCH, 3 },     { "del", M_DELETE, 3 },
		{ "options", M_OPTIONS, 3 }, { "request", M_REQUEST, 4 },
	};
	duk_idx_t h;

	duk_push_global_stash(ctx);
	push_response_proto(ctx);
	duk_put_prop_literal(ctx, -2, STASH_PROTO);
	duk_pop(ctx);

	duk_push_object(ctx);
	h = duk_get_top_index(ctx);
	put_const(ctx, "TLS_1_0", "tls1.0");
	put_const(ctx, "TLS_1_1", "tls1.1");
	put_const(ctx, "TLS_1_2", "tls1.2");
	put_const(ctx, "TLS_1_3", "tls1.3");
	put_const(ctx, "OCSP_STATUS_GOOD", "good");
	put_const(ctx, "OCSP_STATUS_REVOKED", "revoked");
	put_const(ctx, "OCSP_STATUS_UNKNOWN", "unknown");
	for (size_t i = 0; i < LG_ARRAY_SIZE(methods); i++) {
		duk_push_c_lightfunc(ctx, n_method, methods[i].nargs, methods[i].nargs,
		                     methods[i].magic);
		duk_put_prop_string(ctx, h, methods[i].name);
	}
	put_accessors(ctx, h, extra_names, (int)LG_ARRAY_SIZE(extra_names), n_extra_get,
	              n_resp_set);
}

void lg__js_push_http_extra_natives(duk_context *ctx)
{
	static const duk_function_list_entry natives[] = {
		{ "norm", n_norm, 4 },
		{ "setDefaultExpected", n_set_default_expected, 1 },
		{ NULL, NULL, 0 },
	};

	duk_push_object(ctx);
	lg__js_put_lightfuncs(ctx, natives);
}
