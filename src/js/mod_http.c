/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mod_http.c - k6/http's native half: JS request arguments -> struct
 * lg_http_req, and finished requests -> Response objects (the prelude adds
 * the JS-side helpers such as json()).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "js_int.h"
#include "lg/clock.h"
#include "lg/http.h"
#include "lg/log.h"
#include "lg/vu.h"

/* Fill r from (method, url, body, params, expected, contentType) at base. */
void lg__js_req_from_args(duk_context *ctx, duk_idx_t base, struct lg_vu *vu, struct lg_http_req *r)
{
	const struct lg_options *o = vu->run->opts;
	duk_idx_t params = base + 3;
	bool has_ct = false;

	lg_http_req_init(r);
	r->max_redirects = (int)o->max_redirects.v;
	r->resp_type = o->discard_response_bodies.v ? LG_RESP_NONE : LG_RESP_TEXT;
	r->method = lg_xstrdup(duk_safe_to_string(ctx, base));
	/* url: a string, or http.url`...` ({url, name}) */
	if (duk_is_object(ctx, base + 1) && duk_get_prop_literal(ctx, base + 1, "__lgUrl")) {
		duk_pop(ctx);
		duk_get_prop_literal(ctx, base + 1, "url");
		r->url = lg_xstrdup(duk_safe_to_string(ctx, -1));
		duk_pop(ctx);
		duk_get_prop_literal(ctx, base + 1, "name");
		r->tags = lg_xcalloc(1, sizeof(*r->tags));
		r->tags[0].key = lg_xstrdup("name");
		r->tags[0].value = lg_xstrdup(duk_safe_to_string(ctx, -1));
		r->n_tags = 1;
		duk_pop(ctx);
	} else {
		if (duk_is_object(ctx, base + 1))
			duk_pop(ctx);
		r->url = lg_xstrdup(duk_safe_to_string(ctx, base + 1));
	}
	/* body */
	if (duk_is_string(ctx, base + 2)) {
		duk_size_t len;
		const char *s = duk_get_lstring(ctx, base + 2, &len);
		r->body = lg_xstrndup(s, len);
		r->body_len = len;
		r->has_body = true;
	} else if (duk_is_buffer_data(ctx, base + 2)) {
		duk_size_t len;
		void *p = duk_get_buffer_data(ctx, base + 2, &len);
		r->body = lg_xmalloc(len + 1);
		if (len)
			memcpy(r->body, p, len);
		r->body_len = len;
		r->has_body = true;
	}
	/* params */
	if (duk_is_object(ctx, params)) {
		if (duk_get_prop_literal(ctx, params, "headers") && duk_is_object(ctx, -1)) {
			duk_enum(ctx, -1, DUK_ENUM_OWN_PROPERTIES_ONLY);
			while (duk_next(ctx, -1, 1)) {
				const char *k = duk_safe_to_string(ctx, -2);
				char *line = lg_xasprintf("%s: %s", k, duk_safe_to_string(ctx, -1));
				if (strcasecmp(k, "content-type") == 0)
					has_ct = true;
				if (strcasecmp(k, "content-length") != 0)
					r->headers = curl_slist_append(r->headers, line);
				free(line);
				duk_pop_2(ctx);
			}
			duk_pop(ctx);
		}
		duk_pop(ctx);
		if (duk_get_prop_literal(ctx, params, "tags") && duk_is_object(ctx, -1)) {
			duk_enum(ctx, -1, DUK_ENUM_OWN_PROPERTIES_ONLY);
			while (duk_next(ctx, -1, 1)) {
				r->tags = lg_xrealloc(r->tags,
				                      (size_t)(r->n_tags + 1) * sizeof(*r->tags));
				r->tags[r->n_tags].key = lg_xstrdup(duk_safe_to_string(ctx, -2));
				r->tags[r->n_tags].value = lg_xstrdup(duk_safe_to_string(ctx, -1));
				r->n_tags++;
				duk_pop_2(ctx);
			}
			duk_pop(ctx);
		}
		duk_pop(ctx);
		if (duk_get_prop_literal(ctx, params, "timeout")) {
			int64_t ns;
			if (duk_is_number(ctx, -1))
				r->timeout_ms = (int64_t)duk_get_number(ctx, -1);
			else if (lg_duration_parse(duk_safe_to_string(ctx, -1), 1, &ns) == 0)
				r->timeout_ms = ns / LG_NS_PER_MS;
			else
				lg_warn("invalid request timeout \"%s\"; using 60s",
				        duk_safe_to_string(ctx, -1));
			if (r->timeout_ms <= 0)
				r->timeout_ms = 1;
		}
		duk_pop(ctx);
		if (duk_get_prop_literal(ctx, params, "redirects") && duk_is_number(ctx, -1))
			r->max_redirects = duk_get_int(ctx, -1);
		duk_pop(ctx);
		if (duk_get_prop_literal(ctx, params, "responseType") && duk_is_string(ctx, -1)) {
			const char *t = duk_get_string(ctx, -1);
			r->resp_type = strcmp(t, "binary") == 0 ? LG_RESP_BINARY
			               : strcmp(t, "none") == 0 ? LG_RESP_NONE
			                                        : LG_RESP_TEXT;
		}
		duk_pop(ctx);
		if (duk_get_prop_literal(ctx, params, "auth") && duk_is_string(ctx, -1))
			r->digest = strcmp(duk_get_string(ctx, -1), "digest") == 0;
		duk_pop(ctx);
		if (duk_get_prop_literal(ctx, params, "cookies") && duk_is_object(ctx, -1)) {
			struct lg_buf c = { 0 };
			duk_enum(ctx, -1, DUK_ENUM_OWN_PROPERTIES_ONLY);
			while (duk_next(ctx, -1, 1)) {
				const char *v;
				if (duk_is_object(ctx, -1)) {
					duk_get_prop_literal(ctx, -1, "value");
					v = duk_safe_to_string(ctx, -1);
				} else {
					duk_dup_top(ctx);
					v = duk_safe_to_string(ctx, -1);
				}
				lg_buf_printf(&c, "%s%s=%s", c.len ? "; " : "Cookie: ",
				              duk_safe_to_string(ctx, -3), v);
				duk_pop_3(ctx);
			}
			duk_pop(ctx);
			if (c.len)
				r->headers = curl_slist_append(r->headers, c.data);
			lg_buf_free(&c);
		}
		duk_pop(ctx);
	}
	/* expected statuses: undefined = default, null = callback off */
	if (duk_is_null(ctx, base + 4)) {
		r->callback_off = true;
	} else if (duk_is_array(ctx, base + 4)) {
		duk_size_t n = duk_get_length(ctx, base + 4);
		r->expected = lg_xcalloc(n ? n : 1, sizeof(*r->expected));
		for (duk_size_t i = 0; i < n; i++) {
			duk_get_prop_index(ctx, base + 4, (duk_uarridx_t)i);
			duk_get_prop_index(ctx, -1, 0);
			r->expected[i].min = duk_to_int(ctx, -1);
			duk_get_prop_index(ctx, -2, 1);
			r->expected[i].max = duk_to_int(ctx, -1);
			duk_pop_3(ctx);
		}
		r->n_expected = (int)n;
	}
	if (!has_ct && duk_is_string(ctx, base + 5)) {
		char *line = lg_xasprintf("Content-Type: %s", duk_get_string(ctx, base + 5));
		r->headers = curl_slist_append(r->headers, line);
		free(line);
	}
}

/* Push a cookie object parsed from one Set-Cookie value; leaves name in *name. */
static void push_cookie(duk_context *ctx, const char *v, size_t len, struct lg_buf *name)
{
	const char *end = v + len, *p = v;
	bool first = true;

	duk_push_object(ctx);
	duk_push_string(ctx, "");
	duk_put_prop_literal(ctx, -2, "domain");
	duk_push_string(ctx, "");
	duk_put_prop_literal(ctx, -2, "path");
	duk_push_false(ctx);
	duk_put_prop_literal(ctx, -2, "http_only");
	duk_push_false(ctx);
	duk_put_prop_literal(ctx, -2, "secure");
	duk_push_int(ctx, 0);
	duk_put_prop_literal(ctx, -2, "max_age");
	duk_push_string(ctx, "");
	duk_put_prop_literal(ctx, -2, "expires");
	while (p < end) {
		const char *semi = memchr(p, ';', (size_t)(end - p));
		const char *stop = semi ? semi : end, *eq;
		while (p < stop && *p == ' ')
			p++;
		eq = memchr(p, '=', (size_t)(stop - p));
		if (first) {
			lg_buf_reset(name);
			lg_buf_append(name, p, eq ? (size_t)(eq - p) : (size_t)(stop - p));
			duk_push_lstring(ctx, name->data, name->len);
			duk_put_prop_literal(ctx, -2, "name");
			duk_push_lstring(ctx, eq ? eq + 1 : stop, eq ? (size_t)(stop - eq - 1) : 0);
			duk_put_prop_literal(ctx, -2, "value");
			first = false;
		} else {
			size_t klen = eq ? (size_t)(eq - p) : (size_t)(stop - p);
			const char *val = eq ? eq + 1 : stop;
			size_t vlen = eq ? (size_t)(stop - eq - 1) : 0;
			if (klen == 6 && strncasecmp(p, "domain", 6) == 0) {
				duk_push_lstring(ctx, val, vlen);
				duk_put_prop_literal(ctx, -2, "domain");
			} else if (klen == 4 && strncasecmp(p, "path", 4) == 0) {
				duk_push_lstring(ctx, val, vlen);
				duk_put_prop_literal(ctx, -2, "path");
			} else if (klen == 8 && strncasecmp(p, "httponly", 8) == 0) {
				duk_push_true(ctx);
				duk_put_prop_literal(ctx, -2, "http_only");
			} else if (klen == 6 && strncasecmp(p, "secure", 6) == 0) {
				duk_push_true(ctx);
				duk_put_prop_literal(ctx, -2, "secure");
			} else if (klen == 7 && strncasecmp(p, "max-age", 7) == 0) {
				duk_push_lstring(ctx, val, vlen);
				duk_put_prop_literal(ctx, -2, "max_age");
			} else if (klen == 7 && strncasecmp(p, "expires", 7) == 0) {
				duk_push_lstring(ctx, val, vlen);
				duk_put_prop_literal(ctx, -2, "expires");
			}
		}
		p = semi ? semi + 1 : end;
	}
}

/*
 * Parse a raw response header block into {Canonical-Name: "v1, v2"}
 * (want_cookies false) or {name: [cookie]} (true), pushed on the stack.
 */
void lg__js_push_header_block(duk_context *ctx, const char *p, size_t len, bool want_cookies)
{
	const char *end = p + len;
	struct lg_buf key = { 0 }, cname = { 0 };
	duk_idx_t obj;

	duk_push_object(ctx);
	obj = duk_get_top_index(ctx);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *colon, *v;
		size_t vlen;

		if (le > p && le[-1] == '\r')
			le--;
		if (!(le - p >= 5 && strncmp(p, "HTTP/", 5) == 0) &&
		    (colon = memchr(p, ':', (size_t)(le - p)))) {
			lg_buf_reset(&key);
			lg_buf_append(&key, p, (size_t)(colon - p));
			lg_http_canonical_key(key.data);
			v = colon + 1;
			while (v < le && (*v == ' ' || *v == '\t'))
				v++;
			vlen = (size_t)(le - v);
			if (!want_cookies) {
				if (duk_get_prop_lstring(ctx, obj, key.data, key.len)) {
					duk_push_string(ctx, ", ");
					duk_push_lstring(ctx, v, vlen);
					duk_concat(ctx, 3);
				} else {
					duk_pop(ctx);
					duk_push_lstring(ctx, v, vlen);
				}
				duk_put_prop_lstring(ctx, obj, key.data, key.len);
			} else if (strcmp(key.data, "Set-Cookie") == 0) {
				push_cookie(ctx, v, vlen, &cname);
				if (!duk_get_prop_lstring(ctx, obj, cname.data, cname.len)) {
					duk_pop(ctx);
					duk_push_array(ctx);
					duk_dup_top(ctx);
					duk_put_prop_lstring(ctx, obj, cname.data, cname.len);
				}
				duk_dup(ctx, -2);
				duk_put_prop_index(ctx, -2, (duk_uarridx_t)duk_get_length(ctx, -2));
				duk_pop_2(ctx);
			}
		}
		p = nl ? nl + 1 : end;
	}
	lg_buf_free(&key);
	lg_buf_free(&cname);
}

/* "200 OK" from the status line of a raw header block. */

const struct lg__js_resp *lg__js_resp_get(duk_context *ctx, duk_idx_t idx)
{
	const struct lg__js_resp *r = NULL;

	if (duk_is_object(ctx, idx)) {
		duk_size_t sz = 0;
		duk_get_prop_literal(ctx, idx, LG_JS_RESP_KEY);
		r = duk_get_buffer(ctx, -1, &sz);
		if (sz < sizeof(*r))
			r = NULL;
		duk_pop(ctx); /* the Response keeps the buffer alive */
	}
	return r;
}

void lg__js_resp_push_str(duk_context *ctx, const struct lg__js_resp *r, enum lg__js_resp_str f)
{
	duk_push_lstring(ctx, (const char *)(r + 1) + r->off[f], r->len[f]);
}

void lg__js_push_resp_headers(duk_context *ctx, duk_idx_t resp, bool cookies)
{
	const struct lg__js_resp *r = lg__js_resp_get(ctx, resp);

	if (r)
		lg__js_push_header_block(ctx, (const char *)(r + 1) + r->off[LG_RS_RH],
		                         r->len[LG_RS_RH], cookies);
	else
		duk_push_object(ctx);
}

void lg__js_push_resp_request(duk_context *ctx, duk_idx_t resp)
{
	const struct lg__js_resp *r = lg__js_resp_get(ctx, resp);
	const char *p, *end;

	duk_push_object(ctx);
	if (!r)
		return;
	lg__js_resp_push_str(ctx, r, LG_RS_QM);
	duk_put_prop_literal(ctx, -2, "method");
	lg__js_resp_push_str(ctx, r, LG_RS_QU);
	duk_put_prop_literal(ctx, -2, "url");
	duk_push_object(ctx);
	p = (const char *)(r + 1) + r->off[LG_RS_QH];
	for (end = p + r->len[LG_RS_QH]; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *colon = memchr(p, ':', (size_t)(le - p));
		if (colon) {
			const char *v = colon + 1 < le && colon[1] == ' ' ? colon + 2 : colon + 1;
			duk_push_lstring(ctx, v, (size_t)(le - v));
			duk_put_prop_lstring(ctx, -2, p, (duk_size_t)(colon - p));
		}
		p = nl ? nl + 1 : end;
	}
	duk_put_prop_literal(ctx, -2, "headers");
	lg__js_resp_push_str(ctx, r, LG_RS_QB);
	duk_put_prop_literal(ctx, -2, "body");
	duk_push_object(ctx);
	duk_put_prop_literal(ctx, -2, "cookies");
}

/* The status text of the last header block's status line ("200 OK"). */
static void status_text(const char *p, size_t len, const char **out, size_t *out_len)
{
	const char *nl = memchr(p, '\n', len), *sp;
	size_t n = nl ? (size_t)(nl - p) : len;

	if (n && p[n - 1] == '\r')
		n--;
	sp = n >= 5 && strncmp(p, "HTTP/", 5) == 0 ? memchr(p, ' ', n) : NULL;
	*out = sp ? sp + 1 : p;
	*out_len = sp ? n - (size_t)(sp + 1 - p) : 0;
}

/* Push a Response for a finished request; proto_idx holds Response.prototype. */
void lg__js_push_response(duk_context *ctx, struct lg_http_req *r, duk_idx_t proto_idx)
{
	const char *rh = r->resp_headers.data ? r->resp_headers.data : "";
	const char *src[LG_RS__COUNT];
	size_t len[LG_RS__COUNT], total = 0;
	struct lg__js_resp *b;
	char *bytes;
	struct curl_slist *l;

	proto_idx = duk_normalize_index(ctx, proto_idx);
	src[LG_RS_PROTO] = r->proto;
	src[LG_RS_URL] = r->final_url ? r->final_url : r->url;
	status_text(rh, r->resp_headers.len, &src[LG_RS_STATUS_TEXT], &len[LG_RS_STATUS_TEXT]);
	src[LG_RS_REMOTE_IP] = r->remote_ip;
	src[LG_RS_TLS_VERSION] = r->tls_version;
	src[LG_RS_ERROR] = r->error ? r->error : "";
	src[LG_RS_BODY] = r->body_out.data ? r->body_out.data : "";
	len[LG_RS_BODY] = r->body_out.len;
	src[LG_RS_RH] = rh;
	len[LG_RS_RH] = r->resp_headers.len;
	src[LG_RS_QM] = r->method;
	src[LG_RS_QU] = r->url;
	src[LG_RS_QH] = NULL; /* joined below */
	len[LG_RS_QH] = 0;
	for (l = r->headers; l; l = l->next)
		len[LG_RS_QH] += strlen(l->data) + 1;
	src[LG_RS_QB] = r->has_body && r->body ? r->body : "";
	len[LG_RS_QB] = r->has_body ? r->body_len : 0;
	for (int f = 0; f < LG_RS__COUNT; f++) {
		if (f != LG_RS_STATUS_TEXT && f != LG_RS_BODY && f != LG_RS_RH && f != LG_RS_QH &&
		    f != LG_RS_QB)
			len[f] = strlen(src[f]);
		total += len[f];
	}
	b = duk_push_fixed_buffer(ctx, sizeof(*b) + total); /* zeroed */
	bytes = (char *)(b + 1);
	total = 0;
	for (int f = 0; f < LG_RS__COUNT; f++) {
		b->off[f] = (uint32_t)total;
		b->len[f] = (uint32_t)len[f];
		if (f == LG_RS_QH) {
			for (l = r->headers; l; l = l->next) {
				size_t n = strlen(l->data);
				memcpy(bytes + total, l->data, n);
				bytes[total + n] = '\n';
				total += n + 1;
			}
		} else if (len[f]) {
			memcpy(bytes + total, src[f], len[f]);
			total += len[f];
		}
	}
	b->status = (double)r->status;
	b->remote_port = (double)r->remote_port;
	b->error_code = r->error_code;
	b->timings[0] = r->t_duration;
	b->timings[1] = r->t_blocked;
	b->timings[2] = 0; /* looking_up: part of blocked (docs/HTTP.md) */
	b->timings[3] = r->t_connecting;
	b->timings[4] = r->t_tls;
	b->timings[5] = r->t_sending;
	b->timings[6] = r->t_waiting;
	b->timings[7] = r->t_receiving;
	b->body_kind = r->status == 0 || r->resp_type == LG_RESP_NONE ? LG_RESP_BODY_NULL
	               : r->resp_type == LG_RESP_BINARY               ? LG_RESP_BODY_BINARY
	                                                              : LG_RESP_BODY_TEXT;
	b->has_qb = r->has_body;
	duk_push_object(ctx);
	duk_dup(ctx, proto_idx);
	duk_set_prototype(ctx, -2);
	duk_swap_top(ctx, -2);
	duk_put_prop_literal(ctx, -2, LG_JS_RESP_KEY);
}

static void warn_failed(struct lg_vu *vu, struct lg_http_req *r)
{
	if (r->status == 0 && r->error && !lg_vu_cut(vu))
		lg_warn("Request Failed: %s %s: %s", r->method, r->url, r->error);
}

duk_ret_t lg__js_http_request(duk_context *ctx)
{
	struct lg_vu *vu = lg__js_vu();
	struct lg_http_req r;
	struct lg_http_req *list[1] = { &r };

	if (vu->in_init || !vu->w)
		return duk_error(ctx, DUK_ERR_ERROR,
		                 "Making http requests in the init context is not supported");
	if (lg_vu_cut(vu))
		return lg__js_throw_interrupt(ctx);
	lg__js_req_from_args(ctx, 0, vu, &r);
	lg_http_do(vu, list, 1, 1);
	if (lg_vu_cut(vu)) {
		lg_http_req_cleanup(&r);
		return lg__js_throw_interrupt(ctx);
	}
	warn_failed(vu, &r);
	if (r.status == 0 && vu->run->opts->throw_errors.v) {
		char *msg = lg_xstrdup(r.error ? r.error : "request failed");
		lg_http_req_cleanup(&r);
		duk_push_error_object(ctx, DUK_ERR_ERROR, "%s", msg);
		free(msg);
		return duk_throw(ctx);
	}
	lg__js_push_response(ctx, &r, 6);
	lg_http_req_cleanup(&r);
	return 1;
}

/* lg.batch([[method, url, body, params, expected, contentType], ...], proto) */
static duk_ret_t n_batch(duk_context *ctx)
{
	struct lg_vu *vu = lg__js_vu();
	duk_size_t n;
	struct lg_http_req *reqs, **list;

	if (vu->in_init || !vu->w)
		return duk_error(ctx, DUK_ERR_ERROR,
		                 "Making http requests in the init context is not supported");
	if (lg_vu_cut(vu))
		return lg__js_throw_interrupt(ctx);
	n = duk_get_length(ctx, 0);
	reqs = lg_xcalloc(n ? n : 1, sizeof(*reqs));
	list = lg_xcalloc(n ? n : 1, sizeof(*list));
	for (duk_size_t i = 0; i < n; i++) {
		duk_idx_t base;
		duk_get_prop_index(ctx, 0, (duk_uarridx_t)i);
		base = duk_get_top(ctx);
		for (int k = 0; k < 6; k++)
			duk_get_prop_index(ctx, base - 1, (duk_uarridx_t)k);
		lg__js_req_from_args(ctx, base, vu, &reqs[i]);
		duk_set_top(ctx, base - 1);
		list[i] = &reqs[i];
	}
	lg_http_do(vu, list, (int)n, (int)vu->run->opts->batch.v);
	if (lg_vu_cut(vu)) {
		for (duk_size_t i = 0; i < n; i++)
			lg_http_req_cleanup(&reqs[i]);
		free(reqs);
		free(list);
		return lg__js_throw_interrupt(ctx);
	}
	duk_push_array(ctx);
	for (duk_size_t i = 0; i < n; i++) {
		warn_failed(vu, &reqs[i]);
		lg__js_push_response(ctx, &reqs[i], 1);
		duk_put_prop_index(ctx, -2, (duk_uarridx_t)i);
		lg_http_req_cleanup(&reqs[i]);
	}
	free(reqs);
	free(list);
	return 1;
}

static const duk_function_list_entry http_natives[] = {
	{ "batch", n_batch, 2 },
	{ NULL, NULL, 0 },
};

void lg__js_put_http_natives(duk_context *ctx)
{
	lg__js_put_lightfuncs(ctx, http_natives);
}
