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

struct lg_program {
	char *path; /* as given */
	char *abs;  /* absolute */
	char *dir;  /* directory of the script, for open() and require() */
	void *prelude_bc;
	size_t prelude_len;
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
	char **functions; /* exported function names, from the probe */
	int n_functions;
};

/* The native function table the prelude receives as `lg` (mod_k6.c). */
void lg__js_push_natives(duk_context *ctx);
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
struct lg_http_req;
/* Fill a request from (method, url, body, params, expected, contentType) at base. */
void lg__js_req_from_args(duk_context *ctx, duk_idx_t base, struct lg_vu *vu,
                          struct lg_http_req *r);
/* Push the Response of a finished request; proto_idx holds Response.prototype. */
void lg__js_push_response(duk_context *ctx, struct lg_http_req *r, duk_idx_t proto_idx);
/* The async natives (timers, asyncRequest, waitSettled), added to the table. */
void lg__js_put_async_natives(duk_context *ctx);
/*
 * Run the VU's event loop: microtasks, then completed timers and async
 * requests, parking the VU while something is pending, until the promise at
 * idx settles (idx >= 0) or nothing is left to do (idx < 0).  Returns 0,
 * -1 when the promise can never settle, -2 when the VU is being cut.
 */
int lg__js_run_events(duk_context *ctx, struct lg_vu *vu, duk_idx_t promise_idx);
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

#endif
