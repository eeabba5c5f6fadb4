/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mod_ws.c - the native half of k6/ws and k6/websockets: WebSocket
 * connections (src/ws) owned by a VU, their events delivered through the
 * VU's event loop (mod_async.c), and the ws_* metrics.
 *
 * DESIGN: a connection lives on the VU's worker loop.  Its events arrive in
 * loop callbacks, where the metrics are recorded (so timings are those of
 * the wire, not of when the VU got round to them) and a copy of the event is
 * queued on the VU's event loop (lg__js_queue_call); running it calls
 * `obj.__lgEvent(type, ...)` on the socket's JavaScript object, kept in the
 * heap stash under "ws" so the collector sees it.  An open socket counts as
 * pending async work, so an iteration does not end while one is open
 * (k6/websockets); k6/ws's connect() runs the same loop until its socket
 * closed.  When the VU's loop is dropped (iteration cut short) every socket
 * is closed without further events.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "js_int.h"
#include "lg/clock.h"
#include "lg/log.h"
#include "lg/vu.h"
#include "lg/ws.h"

#define PING_RING 64
#define MAX_TAGS 48

struct jsws {
	struct jsws *next; /* vu->ws_sockets */
	struct lg_vu *vu;
	struct lg_ws *ws;
	unsigned id;
	bool opened; /* the handshake's outcome was handed to JavaScript */
	bool open_ok;
	int64_t start_ns;
	/* tags: base + user + url, then status and subproto (owned strings) */
	struct lg_tag tags[MAX_TAGS];
	size_t n_tags;
	char *owned[2 * MAX_TAGS];
	size_t n_owned;
	const struct lg_tagset *ts;
	uint64_t in_seen, out_seen;
	unsigned next_ping;
	int64_t ping_at[PING_RING];
	unsigned ping_id[PING_RING];
};

struct wsev {
	unsigned id;
	enum lg_ws_event_type type;
	bool binary;
	char *data;
	size_t len;
	int code;
	char *text; /* error text or close reason */
	/* OPEN/FAIL: the handshake response */
	int status;
	char *headers, *body, *protocol;
};

static struct jsws *find(struct lg_vu *vu, unsigned id)
{
	struct jsws *s = vu->ws_sockets;

	while (s && s->id != id)
		s = s->next;
	return s;
}

static char *own(struct jsws *s, const char *v)
{
	char *c = lg_xstrdup(v);

	if (s->n_owned < LG_ARRAY_SIZE(s->owned))
		s->owned[s->n_owned++] = c;
	return c;
}

static void add_tag(struct jsws *s, const char *k, const char *v)
{
	if (s->n_tags < MAX_TAGS)
		s->tags[s->n_tags++] = (struct lg_tag){ own(s, k), own(s, v) };
}

static void sample(struct jsws *s, int metric, double v)
{
	lg_vu_sample(s->vu, metric, s->ts, v);
}

/* data_sent / data_received: the wire bytes since the last event. */
static void account(struct jsws *s)
{
	uint64_t in = lg_ws_bytes_in(s->ws), out = lg_ws_bytes_out(s->ws);

	s->vu->data_received += (double)(in - s->in_seen);
	s->vu->data_sent += (double)(out - s->out_seen);
	s->in_seen = in;
	s->out_seen = out;
}

static void stash_ws(duk_context *ctx)
{
	duk_push_global_stash(ctx);
	if (!duk_get_prop_literal(ctx, -1, "ws")) {
		duk_pop(ctx);
		duk_push_object(ctx);
		duk_dup_top(ctx);
		duk_put_prop_literal(ctx, -3, "ws");
	}
	duk_remove(ctx, -2);
}

/* Forget the socket: stash entry, list, pending count; frees it. */
static void release(duk_context *ctx, struct jsws *s)
{
	struct lg_vu *vu = s->vu;
	struct jsws **pp = (struct jsws **)&vu->ws_sockets;

	for (; *pp; pp = &(*pp)->next) {
		if (*pp == s) {
			*pp = s->next;
			break;
		}
	}
	if (vu->pending_async > 0)
		vu->pending_async--;
	if (ctx) {
		stash_ws(ctx);
		duk_del_prop_index(ctx, -1, s->id);
		duk_pop(ctx);
	}
	lg_ws_free(s->ws);
	for (size_t i = 0; i < s->n_owned; i++)
		free(s->owned[i]);
	free(s);
}

static void free_ev(struct wsev *e)
{
	free(e->data);
	free(e->text);
	free(e->headers);
	free(e->body);
	free(e->protocol);
	free(e);
}

/* ---- events: loop side -------------------------------------------------- */

static void run_ev(duk_context *ctx, struct lg_vu *vu, void *ud);

static void on_event(struct lg_ws *ws, const struct lg_ws_event *ev, void *ud)
{
	struct jsws *s = ud;
	struct wsev *e = lg_xcalloc(1, sizeof(*e));
	int64_t now = lg_now_ns();

	account(s);
	e->id = s->id;
	e->type = ev->type;
	e->binary = ev->binary;
	e->code = ev->code;
	if (ev->data) {
		e->data = lg_xmalloc(ev->len + 1);
		memcpy(e->data, ev->data, ev->len);
		e->data[ev->len] = '\0';
		e->len = ev->len;
	}
	if (ev->text || ev->reason)
		e->text = lg_xstrdup(ev->text ? ev->text : ev->reason);
	switch (ev->type) {
	case LG_WS_EV_OPEN:
	case LG_WS_EV_FAIL: {
		char st[16];
		e->status = lg_ws_status(ws);
		e->headers = lg_xstrdup(lg_ws_resp_headers(ws));
		e->body = lg_xstrdup(lg_ws_resp_body(ws));
		e->protocol = lg_xstrdup(lg_ws_protocol(ws));
		if (e->status) {
			snprintf(st, sizeof(st), "%d", e->status);
			add_tag(s, "status", st);
			add_tag(s, "subproto", e->protocol);
		}
		s->ts = lg_vu_tags(s->vu, s->tags, s->n_tags);
		s->open_ok = ev->type == LG_WS_EV_OPEN;
		sample(s, LG_M_WS_SESSIONS, 1);
		sample(s, LG_M_WS_CONNECTING, (double)(now - s->start_ns) / 1e6);
		break;
	}
	case LG_WS_EV_MESSAGE:
		sample(s, LG_M_WS_MSGS_RECEIVED, 1);
		break;
	case LG_WS_EV_PONG: {
		int64_t id;
		char *end = NULL;
		if (e->data && e->len > 0) {
			id = strtoll(e->data, &end, 10);
			if (end && *end == '\0' && id >= 0 && (uint64_t)id < s->next_ping &&
			    s->ping_id[id % PING_RING] == (unsigned)id &&
			    s->ping_at[id % PING_RING]) {
				sample(s, LG_M_WS_PING,
				       (double)(now - s->ping_at[id % PING_RING]) / 1e6);
				s->ping_at[id % PING_RING] = 0;
			}
		}
		break;
	}
	case LG_WS_EV_CLOSED:
		if (s->open_ok)
			sample(s, LG_M_WS_SESSION_DURATION, (double)(now - s->start_ns) / 1e6);
		break;
	default:
		break;
	}
	lg__js_queue_call(s->vu, run_ev, e);
}

/* ---- events: the VU side ------------------------------------------------ */

/* obj.__lgResp = {status, body, error, protocol} with the raw headers hidden. */
static void put_response(duk_context *ctx, duk_idx_t obj, const struct wsev *e)
{
	duk_push_object(ctx);
	duk_push_int(ctx, e->status);
	duk_put_prop_literal(ctx, -2, "status");
	duk_push_string(ctx, e->body ? e->body : "");
	duk_put_prop_literal(ctx, -2, "body");
	duk_push_string(ctx, e->type == LG_WS_EV_FAIL && e->text ? e->text : "");
	duk_put_prop_literal(ctx, -2, "error");
	duk_push_string(ctx, e->protocol ? e->protocol : "");
	duk_put_prop_literal(ctx, -2, "protocol");
	duk_push_string(ctx, e->headers ? e->headers : "");
	duk_put_prop_literal(ctx, -2, DUK_HIDDEN_SYMBOL("rh"));
	duk_put_prop_literal(ctx, obj, "__lgResp");
}

static const char *ev_name(const struct wsev *e)
{
	switch (e->type) {
	case LG_WS_EV_OPEN:
		return "open";
	case LG_WS_EV_FAIL:
		return "fail";
	case LG_WS_EV_MESSAGE:
		return e->binary ? "binaryMessage" : "message";
	case LG_WS_EV_PING:
		return "ping";
	case LG_WS_EV_PONG:
		return "pong";
	case LG_WS_EV_ERROR:
		return "error";
	default:
		return "close";
	}
}

static void run_ev(duk_context *ctx, struct lg_vu *vu, void *ud)
{
	struct wsev *e = ud;
	struct jsws *s = find(vu, e->id);
	bool final = e->type == LG_WS_EV_FAIL || e->type == LG_WS_EV_CLOSED;
	duk_idx_t obj;
	int nargs = 1;

	if (!ctx || !s) {
		free_ev(e);
		return;
	}
	stash_ws(ctx);
	duk_get_prop_index(ctx, -1, s->id);
	obj = duk_get_top_index(ctx);
	if (e->type == LG_WS_EV_OPEN || e->type == LG_WS_EV_FAIL) {
		s->opened = true;
		put_response(ctx, obj, e);
	}
	duk_push_string(ctx, "__lgEvent");
	duk_push_string(ctx, ev_name(e));
	switch (e->type) {
	case LG_WS_EV_MESSAGE:
		if (e->binary) {
			void *p = duk_push_fixed_buffer(ctx, e->len);
			if (e->len)
				memcpy(p, e->data, e->len);
			duk_push_buffer_object(ctx, -1, 0, e->len, DUK_BUFOBJ_ARRAYBUFFER);
			duk_remove(ctx, -2);
		} else {
			duk_push_lstring(ctx, e->data ? e->data : "", e->len);
		}
		nargs++;
		break;
	case LG_WS_EV_FAIL:
	case LG_WS_EV_ERROR:
		duk_push_string(ctx, e->text ? e->text : "");
		nargs++;
		break;
	case LG_WS_EV_OPEN:
		duk_push_string(ctx, e->protocol ? e->protocol : "");
		nargs++;
		break;
	case LG_WS_EV_CLOSED:
		duk_push_int(ctx, e->code);
		duk_push_string(ctx, e->text ? e->text : "");
		nargs += 2;
		break;
	default:
		break;
	}
	if (duk_is_object(ctx, obj) && duk_pcall_prop(ctx, obj, nargs) != 0) {
		if (!lg_vu_cut(vu)) {
			duk_get_prop_literal(ctx, -1, "stack");
			lg_log(LG_LOG_ERROR, "stacktrace",
			       "uncaught exception in a WebSocket event handler: %s",
			       duk_is_string(ctx, -1) ? duk_get_string(ctx, -1)
			                              : duk_safe_to_string(ctx, -2));
			duk_pop(ctx);
		}
	} else if (!duk_is_object(ctx, obj)) {
		duk_pop_n(ctx, nargs + 1);
		duk_push_undefined(ctx);
	}
	duk_pop_3(ctx); /* result, obj, stash.ws */
	/* s may have been closed by a handler, but is only freed here */
	if (final)
		release(ctx, s);
	free_ev(e);
}

void lg__js_ws_cancel(struct lg_vu *vu)
{
	if (!vu->ws_sockets)
		return;
	while (vu->ws_sockets)
		release(NULL, vu->ws_sockets);
	if (vu->js) {
		duk_context *ctx = vu->js;
		duk_push_global_stash(ctx);
		duk_push_object(ctx);
		duk_put_prop_literal(ctx, -2, "ws");
		duk_pop(ctx);
	}
}

/* ---- natives ------------------------------------------------------------ */

static struct jsws *require_socket(duk_context *ctx, struct lg_vu *vu)
{
	return find(vu, (unsigned)duk_to_uint32(ctx, 0));
}

/* Collect params.headers as "Name: value" lines (owned by the caller). */
static size_t header_lines(duk_context *ctx, duk_idx_t params, char ***out)
{
	size_t n = 0, cap = 0;
	char **lines = NULL;

	if (!duk_is_object(ctx, params))
		return 0;
	if (duk_get_prop_literal(ctx, params, "headers") && duk_is_object(ctx, -1)) {
		duk_enum(ctx, -1, DUK_ENUM_OWN_PROPERTIES_ONLY);
		while (duk_next(ctx, -1, 1)) {
			if (n == cap) {
				cap = cap ? cap * 2 : 8;
				lines = lg_xrealloc(lines, cap * sizeof(*lines));
			}
			lines[n++] = lg_xasprintf("%s: %s", duk_safe_to_string(ctx, -2),
			                          duk_safe_to_string(ctx, -1));
			duk_pop_2(ctx);
		}
		duk_pop(ctx);
	}
	duk_pop(ctx);
	*out = lines;
	return n;
}

/* natives.open(url, params, obj, protocols) -> id */
static duk_ret_t n_open(duk_context *ctx)
{
	struct lg_vu *vu = lg__js_vu();
	const struct lg_options *o = vu->run->opts;
	const char *url = duk_require_string(ctx, 0);
	struct jsws *s;
	struct lg_ws_opts wo = { 0 };
	char **lines = NULL;
	size_t n_lines;
	struct lg_tag base[MAX_TAGS];
	char *uowned[64];
	size_t n_uowned = 0, nb;

	if (vu->in_init || !vu->w)
		return duk_error(ctx, DUK_ERR_ERROR,
		                 "using websockets in the init context is not supported");
	if (lg_vu_cut(vu))
		return lg__js_throw_interrupt(ctx);
	s = lg_xcalloc(1, sizeof(*s));
	s->vu = vu;
	s->id = ++vu->next_async_id;
	s->start_ns = lg_now_ns();
	/* base tags (group, scenario, run tags) and params.tags */
	if (duk_is_object(ctx, 1))
		duk_get_prop_literal(ctx, 1, "tags");
	else
		duk_push_undefined(ctx);
	nb = lg__js_tags(ctx, -1, vu, base, MAX_TAGS - 3, uowned, &n_uowned);
	duk_pop(ctx);
	for (size_t i = 0; i < nb; i++)
		add_tag(s, base[i].key, base[i].value);
	for (size_t i = 0; i < n_uowned; i++)
		free(uowned[i]);
	add_tag(s, "url", url);
	n_lines = header_lines(ctx, 1, &lines);
	wo.url = url;
	wo.headers = (const char *const *)lines;
	wo.n_headers = n_lines;
	wo.protocols = duk_is_string(ctx, 3) ? duk_get_string(ctx, 3) : NULL;
	wo.user_agent = o->user_agent;
	wo.ca_file = vu->run->ca_file;
	wo.insecure = o->insecure_skip_tls_verify.v;
	wo.on_event = on_event;
	wo.ud = s;
	s->ws = lg_ws_connect(vu->w->loop, &wo);
	for (size_t i = 0; i < n_lines; i++)
		free(lines[i]);
	free(lines);
	s->next = vu->ws_sockets;
	vu->ws_sockets = s;
	vu->pending_async++;
	stash_ws(ctx);
	duk_dup(ctx, 2);
	duk_put_prop_index(ctx, -2, s->id);
	duk_pop(ctx);
	duk_push_uint(ctx, s->id);
	return 1;
}

struct wait_for {
	struct lg_vu *vu;
	unsigned id;
	bool until_closed;
};

static bool wait_done(void *ud)
{
	struct wait_for *w = ud;
	struct jsws *s = find(w->vu, w->id);

	return !s || (!w->until_closed && s->opened);
}

/* natives.wait(id, untilClosed): run the VU's event loop until the handshake
 * is over (k6/ws connect) or the socket is closed. */
static duk_ret_t n_wait(duk_context *ctx)
{
	struct lg_vu *vu = lg__js_vu();
	struct wait_for w = { vu, (unsigned)duk_to_uint32(ctx, 0), duk_to_boolean(ctx, 1) };

	if (lg__js_run_events_until(ctx, vu, wait_done, &w) == -2)
		return lg__js_throw_interrupt(ctx);
	return 0;
}

/* natives.send(id, data, binary) -> false when the socket is not open */
static duk_ret_t n_send(duk_context *ctx)
{
	struct lg_vu *vu = lg__js_vu();
	struct jsws *s = require_socket(ctx, vu);
	const void *p;
	duk_size_t len;
	bool binary = duk_to_boolean(ctx, 2);

	if (binary)
		p = duk_require_buffer_data(ctx, 1, &len);
	else
		p = duk_to_lstring(ctx, 1, &len);
	if (!s || lg_ws_send(s->ws, binary ? LG_WS_OP_BINARY : LG_WS_OP_TEXT, p, len) < 0) {
		duk_push_false(ctx);
		return 1;
	}
	sample(s, LG_M_WS_MSGS_SENT, 1);
	duk_push_true(ctx);
	return 1;
}

/* natives.ping(id) -> false when the socket is not open */
static duk_ret_t n_ping(duk_context *ctx)
{
	struct lg_vu *vu = lg__js_vu();
	struct jsws *s = require_socket(ctx, vu);
	char payload[24];
	unsigned id;

	if (!s) {
		duk_push_false(ctx);
		return 1;
	}
	id = s->next_ping;
	snprintf(payload, sizeof(payload), "%u", id);
	if (lg_ws_send(s->ws, LG_WS_OP_PING, payload, strlen(payload)) < 0) {
		duk_push_false(ctx);
		return 1;
	}
	s->next_ping++;
	s->ping_id[id % PING_RING] = id;
	s->ping_at[id % PING_RING] = lg_now_ns();
	duk_push_true(ctx);
	return 1;
}

/* natives.close(id, code, reason) */
static duk_ret_t n_close(duk_context *ctx)
{
	struct lg_vu *vu = lg__js_vu();
	struct jsws *s = require_socket(ctx, vu);
	int code = duk_is_number(ctx, 1) ? duk_get_int(ctx, 1) : 0;

	if (s)
		lg_ws_close(s->ws, code, duk_is_string(ctx, 2) ? duk_get_string(ctx, 2) : "");
	return 0;
}

/* natives.buffered(id) -> bytes queued, not yet written */
static duk_ret_t n_buffered(duk_context *ctx)
{
	struct lg_vu *vu = lg__js_vu();
	struct jsws *s = require_socket(ctx, vu);

	duk_push_number(ctx, s ? (double)lg_ws_buffered(s->ws) : 0);
	return 1;
}

/* natives.throwErrors() -> options.throw */
static duk_ret_t n_throw_errors(duk_context *ctx)
{
	duk_push_boolean(ctx, lg__js_vu()->run->opts->throw_errors.v);
	return 1;
}

/* natives.warn(msg, error) */
static duk_ret_t n_warn(duk_context *ctx)
{
	lg_log(LG_LOG_WARN, NULL, "%s error=\"%s\"", duk_safe_to_string(ctx, 0),
	       duk_safe_to_string(ctx, 1));
	return 0;
}

/* natives.headers(resp): the headers of a handshake response (hidden rh) */
static duk_ret_t n_headers(duk_context *ctx)
{
	duk_size_t len = 0;
	const char *raw;

	duk_get_prop_literal(ctx, 0, DUK_HIDDEN_SYMBOL("rh"));
	raw = duk_get_lstring(ctx, -1, &len);
	lg__js_push_header_block(ctx, raw ? raw : "", raw ? len : 0, false);
	return 1;
}

static const duk_function_list_entry ws_natives[] = {
	{ "headers", n_headers, 1 },   { "open", n_open, 4 },
	{ "wait", n_wait, 2 },         { "send", n_send, 3 },
	{ "ping", n_ping, 1 },         { "close", n_close, 3 },
	{ "buffered", n_buffered, 1 }, { "throwErrors", n_throw_errors, 0 },
	{ "warn", n_warn, 2 },         { NULL, NULL, 0 },
};

void lg__js_push_ws_natives(duk_context *ctx)
{
	duk_push_object(ctx);
	lg__js_put_lightfuncs(ctx, ws_natives);
}

void lg__js_push_ws_natives_deprecated(duk_context *ctx)
{
	static atomic_int warned;

	if (atomic_exchange(&warned, 1) == 0)
		lg_warn("k6/experimental/websockets is deprecated: import k6/websockets instead "
		        "(the API is the same)");
	lg__js_push_ws_natives(ctx);
}
