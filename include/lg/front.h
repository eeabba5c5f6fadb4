/* SPDX-License-Identifier: Apache-2.0 */
/*
 * front.h - the JavaScript front end: ES2020 source (scripts and ES modules)
 * lowered to ES5.1 for Duktape, keeping every statement on its source line.
 * docs/FRONTEND.md describes the lowering, module interop and what is not
 * supported.
 */
#ifndef LG_FRONT_H
#define LG_FRONT_H

#include <stddef.h>

#include "lg/base.h"

struct duk_hthread; /* duk_context */

/*
 * Compile src (len bytes of UTF-8, an optional BOM) named filename (used in
 * messages only) and append to out:
 *
 *   function (exports, require, module, __filename, __dirname) {<body>\n}
 *
 * the CommonJS wrapper js.c compiles with DUK_COMPILE_FUNCTION.  The body
 * starts on line 1 and every statement stays on its source line.  An ES
 * module sets exports.__esModule and defines its exports as getters (live
 * bindings); a plain script keeps using module.exports / require.
 *
 * Returns 0, or -LG_ESCRIPT with err->msg
 *   "file:line:col: SyntaxError: message\n    <line> | <source line>\n           ^"
 * (the caret under the column); valid syntax that is not lowered yet reads
 * "file:line:col: not supported yet: <what>" with the same excerpt.  On error
 * nothing is appended to out.  Thread-safe: no global state.
 */
int lg_front_compile(const char *src, size_t len, const char *filename, struct lg_buf *out,
                     struct lg_err *err);

/*
 * The ES5.1 source of the JavaScript half of the runtime helpers the lowered
 * code calls: a function expression `function (global, rt) {...}` returning
 * the helpers to add to rt.  The caller compiles it (once per run, ideally to
 * bytecode) and hands lg_front_install_runtime a loader that pushes it.
 * Lowered code also calls the global __lg_await(value), which the runtime
 * provides: it parks the VU until value (a promise or a plain value) settles
 * and returns its value or throws its reason.  Static storage, never NULL.
 */
const char *lg_front_helpers_js(void);

/* Push the compiled lg_front_helpers_js() function (ud as given to install). */
typedef void (*lg_front_push_helpers_fn)(struct duk_hthread *ctx, void *ud);

/*
 * Install the hidden, read-only global __lg_rt in the heap of ctx: the common
 * helpers as light functions (no per-heap cost), the others as accessors that
 * call loader(ctx, ud) on first read and replace themselves by the functions
 * it returns.  Call once per heap, after the runtime polyfills (Promise,
 * Symbol.iterator on built-ins) and before any script; loader and ud must
 * outlive the heap.
 */
void lg_front_install_runtime(struct duk_hthread *ctx, lg_front_push_helpers_fn loader, void *ud);

/* Whether helpers.js returns exactly the names runtime.c expects (a self-test
 * for unit.front; loads the helpers into ctx's heap). */
bool lg_front_runtime_names_ok(struct duk_hthread *ctx);

#endif
