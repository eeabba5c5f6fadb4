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
 * The ES5.1 source of the runtime helpers the lowered code calls, a function
 * expression `function (global) {...}` that installs the hidden global
 * __lg_rt.  Call it once per heap with the global object, after the runtime
 * polyfills (Promise, Symbol.iterator on built-ins) and before any script.
 * Lowered code also calls the global __lg_await(value), which the runtime
 * provides: it parks the VU until value (a promise or a plain value) settles
 * and returns its value or throws its reason.  Static storage, never NULL.
 */
const char *lg_front_helpers_js(void);

#endif
