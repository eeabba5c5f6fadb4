/* SPDX-License-Identifier: Apache-2.0 */
/* js_int.h - shared only by the files of src/js. */
#ifndef LG_JS_INT_H
#define LG_JS_INT_H

#include <pthread.h>

#include "duktape.h"
#include "lg/js.h"
#include "lg/runtime.h"

/* Room for the built-in modules of modules.c. */
#define LG_JS_MAX_BUILTINS 32

struct js_module {
	char *path;
	void *bc;
	size_t len;
};

struct js_file {
	char *path;
	char *data;
	size_t len;
};

/* A remote module fetched at start-up (remote.c): its URL and lowered source. */
struct js_remote {
	char *url;
	char *code;
	size_t len;
};

struct lg_program {
	char *path;       /* as given */
	char *abs;        /* absolute */
	char *dir;        /* directory of the script, for open() and require() */
	void *helpers_bc; /* the front end's runtime helpers (lg_front_helpers_js) */
	size_t helpers_len;
	void *main_bc;
	size_t main_len;
	/* built-in modules (modules.c), compiled on first import; guarded by mu */
	void *builtin_bc[LG_JS_MAX_BUILTINS];
	size_t builtin_len[LG_JS_MAX_BUILTINS];
	pthread_mutex_t mu; /* guards mods and files (init time only) */
	struct js_module *mods;
	int n_mods;
	struct js_file *files;
	int n_files;
	/* remote modules (remote.c): fetched by lg_program_load, guarded by mu */
	struct lg_module_opts mopts;
	struct js_remote *remotes;
	int n_remotes;
	/* k6/data SharedArrays (mod_data.c) */
	struct lg_shared_arrays *shared;
	char **functions; /* exported function names, from the probe */
	int n_functions;
};

/* Like duk_put_function_list on the object at -1, as light functions (no
 * heap object per function; nargs <= 14 or DUK_VARARGS). */
void lg__js_put_lightfuncs(duk_context *ctx, const duk_function_list_entry *list);
/* The native function table the prelude receives as `lg` (mod_k6.c). */
void lg__js_push_natives(duk_context *ctx);
/* Set up the globals and require() of a fresh VU heap (prelude.c); the
 * natives table must be in the stash (lg__js_push_natives). */
void lg__js_prelude(duk_context *ctx);
/* [fn filename] -> [exports]: run the main module as CommonJS (throws). */
int lg__js_run_main(duk_context *ctx);
/* The compiled module id (a path or URL), or NULL; the caller holds p->mu. */
struct js_module *lg__js_module_find(struct lg_program *p, const char *id);
/* Add a compiled module (takes bc); the caller holds p->mu. */
struct js_module *lg__js_module_add(struct lg_program *p, const char *id, void *bc, size_t len);
/* Load bytecode, leaving the function on the stack. */
void lg__js_load_bc(duk_context *ctx, const void *bc, size_t len);
/* Add lg.builtin(name, global, lg), which loads a built-in module (modules.c). */
void lg__js_put_module_natives(duk_context *ctx);
/* Whether name is a built-in module of modules.c. */
bool lg__js_is_builtin(const char *name);
/* http natives are added to the same table (mod_http.c). */
void lg__js_put_http_natives(duk_context *ctx);
/* The running VU (dies if none: a native was called outside a VU). */
struct lg_vu *lg__js_vu(void);
/* Throw the error that ends an interrupted iteration quietly. */
duk_ret_t lg__js_throw_interrupt(duk_context *ctx);
/* Compile source to bytecode (function form); -LG_ESCRIPT with file:line. */
int lg__js_compile(duk_context *ctx, const char *src, size_t len, const char *filename, void **bc,
                   size_t *bclen, struct lg_err *err);
/* Resolve a module specifier against a directory; NULL if no such file. */
char *lg__js_resolve(const char *dir, const char *spec);
/* Is s an http:// or https:// URL? */
bool lg__js_is_url(const char *s);
/* spec resolved against the module URL base (or spec itself if absolute),
 * dot segments removed; NULL when base is no URL.  Caller frees. */
char *lg__js_resolve_url(const char *base, const char *spec);
/* Fetch the remote modules the lowered main script imports, recursively, into
 * p->remotes; -LG_ESCRIPT naming the importing file:line, the URL and why. */
int lg__js_remote_prefetch(struct lg_program *p, const char *lowered, size_t len,
                           struct lg_err *err);
void lg__js_remote_free(struct lg_program *p);
/* lg.resolveUrl(base, spec) and lg.loadRemote(url) (remote.c). */
void lg__js_put_remote_natives(duk_context *ctx);
/* Natives of the built-in k6-utils and k6-summary (mod_jslib.c). */
void lg__js_k6utils_natives(duk_context *ctx);
void lg__js_k6summary_natives(duk_context *ctx);
struct lg_http_req;
/* Fill a request from (method, url, body, params, expected, contentType) at base. */
void lg__js_req_from_args(duk_context *ctx, duk_idx_t base, struct lg_vu *vu,
                          struct lg_http_req *r);
/*
 * The blocking request behind http.get & co: stack 0..6 hold (method, url,
 * body, params, expected, contentType, Response.prototype) as normalised by
 * the k6/http module (mod_http_api.c); returns 1 with the Response pushed.
 */
duk_ret_t lg__js_http_request(duk_context *ctx);
/* Push the headers (or the cookies) of a raw response header block as k6's
 * Response.headers / .cookies objects. */
void lg__js_push_header_block(duk_context *ctx, const char *p, size_t len, bool want_cookies);
/* Push the parsed headers (or cookies) of the Response at resp. */
void lg__js_push_resp_headers(duk_context *ctx, duk_idx_t resp, bool cookies);
/* Push the Response's request object ({method, url, headers, body, cookies}). */
void lg__js_push_resp_request(duk_context *ctx, duk_idx_t resp);
/* Push the k6/http module object (mod_http_api.c). */
void lg__js_push_http_module(duk_context *ctx);
/* Push the natives of the lazily loaded rest of k6/http (mod_http_extra.js). */
void lg__js_push_http_extra_natives(duk_context *ctx);
/*
 * What a Response holds, in one fixed buffer (the hidden property RESP_KEY):
 * the prototype's getters (mod_http_api.c) build JS values from it when a
 * script reads them, so a Response nobody inspects costs three allocations.
 */
#define LG_JS_RESP_KEY DUK_HIDDEN_SYMBOL("r")
enum lg__js_resp_str {
	LG_RS_PROTO,
	LG_RS_URL,
	LG_RS_STATUS_TEXT,
	LG_RS_REMOTE_IP,
	LG_RS_TLS_VERSION,
	LG_RS_ERROR,
	LG_RS_BODY,
	LG_RS_RH, /* raw response header block(s) */
	LG_RS_QM, /* request method, url, header lines, body */
	LG_RS_QU,
	LG_RS_QH,
	LG_RS_QB,
	LG_RS__COUNT
};
enum { LG_RESP_BODY_NULL, LG_RESP_BODY_TEXT, LG_RESP_BODY_BINARY };
struct lg__js_resp {
	double status, remote_port, error_code;
	/* duration, blocked, looking_up, connecting, tls_handshaking, sending,
	 * waiting, receiving (ms) */
	double timings[8];
	int body_kind;
	bool has_qb;
	uint32_t off[LG_RS__COUNT], len[LG_RS__COUNT]; /* into the bytes after the struct */
};
/* The resp struct of the Response at idx, or NULL. */
const struct lg__js_resp *lg__js_resp_get(duk_context *ctx, duk_idx_t idx);
/* Push string field f of r (as a JS string). */
void lg__js_resp_push_str(duk_context *ctx, const struct lg__js_resp *r, enum lg__js_resp_str f);
/* Push the Response of a finished request; proto_idx holds Response.prototype. */
void lg__js_push_response(duk_context *ctx, struct lg_http_req *r, duk_idx_t proto_idx);
/* Push the natives object of k6/html (mod_html.c). */
void lg__js_push_html_natives(duk_context *ctx);
/* The async natives (timers, asyncRequest, waitSettled), added to the table. */
void lg__js_put_async_natives(duk_context *ctx);
/*
 * Run the VU's event loop: microtasks, then completed timers and async
 * requests, parking the VU while something is pending, until the promise at
 * idx settles (idx >= 0) or nothing is left to do (idx < 0).  Returns 0,
 * -1 when the promise can never settle, -2 when the VU is being cut.
 */
int lg__js_run_events(duk_context *ctx, struct lg_vu *vu, duk_idx_t promise_idx);
/* No task queued and nothing (timer, request, socket) that could queue one. */
bool lg__js_events_idle(const struct lg_vu *vu);
/*
 * A function queued on the VU's event loop by lg__js_queue_call (from a loop
 * callback on the worker thread): it runs in order with timers and request
 * completions, or with ctx NULL when the loop's work is dropped (then it
 * only frees ud).  Wakes the VU.
 */
typedef void (*lg_js_task_fn)(duk_context *ctx, struct lg_vu *vu, void *ud);
void lg__js_queue_call(struct lg_vu *vu, lg_js_task_fn fn, void *ud);
/* lg__js_run_events until done(ud) is true; -1 if nothing can make it true. */
int lg__js_run_events_until(duk_context *ctx, struct lg_vu *vu, bool (*done)(void *ud), void *ud);
/* WebSockets (mod_ws.c): the natives of k6/ws and k6/websockets; close
 * every socket of the VU without events (its event loop is dropped). */
void lg__js_push_ws_natives(duk_context *ctx);
/* The same for k6/experimental/websockets, with k6's deprecation warning (once). */
void lg__js_push_ws_natives_deprecated(duk_context *ctx);
void lg__js_ws_cancel(struct lg_vu *vu);
/* Drop every pending timer and async request of the VU (iteration cut short). */
void lg__js_cancel_async(struct lg_vu *vu);
/* Tags object at idx (may be undefined) appended after base tags; returns count. */
size_t lg__js_tags(duk_context *ctx, duk_idx_t idx, struct lg_vu *vu, struct lg_tag *out,
                   size_t max, char **owned, size_t *n_owned);
/*
 * The bytes of the string or buffer (ArrayBuffer, typed array, DataView) at
 * idx: a string's UTF-8.  May replace the value at idx by a buffer holding
 * them; the pointer lives as long as that stack slot.  TypeError naming
 * `what` for other values (mod_encoding.c).
 */
const void *lg__js_bytes(duk_context *ctx, duk_idx_t idx, size_t *len, const char *what);
/* Push a string made from UTF-8 bytes (invalid sequences become U+FFFD). */
void lg__js_push_utf8(duk_context *ctx, const void *data, size_t len);
/* Push an ArrayBuffer holding a copy of the bytes. */
void lg__js_push_arraybuffer(duk_context *ctx, const void *data, size_t len);
/* The natives of k6/encoding, k6/crypto, k6/data (modules.c's table). */
void lg__js_encoding_natives(duk_context *ctx);
void lg__js_crypto_natives(duk_context *ctx);
void lg__js_data_natives(duk_context *ctx);
/* Free the program's SharedArrays (mod_data.c); accepts NULL. */
struct lg_shared_arrays;
void lg__js_shared_free(struct lg_shared_arrays *reg);
/* Define the global `crypto` (getRandomValues, randomUUID): polyfill.c's lazy group. */
void lg__js_install_crypto_global(duk_context *ctx);

#endif
