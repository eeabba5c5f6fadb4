/* SPDX-License-Identifier: Apache-2.0 */
/* js_int.h - shared only by the files of src/js. */
#ifndef LG_JS_INT_H
#define LG_JS_INT_H

#include <pthread.h>

#include "duktape.h"
#include "lg/js.h"
#include "lg/runtime.h"

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
	void *main_bc;
	size_t main_len;
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
/* Tags object at idx (may be undefined) appended after base tags; returns count. */
size_t lg__js_tags(duk_context *ctx, duk_idx_t idx, struct lg_vu *vu, struct lg_tag *out,
                   size_t max, char **owned, size_t *n_owned);

#endif
