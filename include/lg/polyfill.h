/* SPDX-License-Identifier: Apache-2.0 */
/*
 * polyfill.h - the standard library Duktape 2.7 lacks, installed lazily into
 * each VU heap: Promise (with a microtask queue), Map/Set/WeakMap/WeakSet,
 * iterators, Array/Object/String methods up to ES2022, URL/URLSearchParams,
 * structuredClone, queueMicrotask (src/js/polyfill.js; docs/POLYFILLS.md).
 *
 * Only what is missing is installed, non-enumerable like the built-ins.
 * Methods are C lightfuncs (no heap object each); Promise, Map/Set/WeakMap/
 * WeakSet, URL/URLSearchParams and structuredClone are installed into a heap
 * the first time a script reads their global (URL and structuredClone from
 * JavaScript bytecode compiled once per process).  Per-heap costs are in
 * docs/POLYFILLS.md.
 *
 * Hidden globals for the runtime (non-enumerable):
 *   __lg_drain_microtasks()     run queued Promise jobs until the queue is
 *                               empty; returns how many ran.  Afterwards the
 *                               rejected promises still without a handler are
 *                               recorded as unhandled.  An exception thrown by
 *                               a queueMicrotask() callback propagates (the
 *                               remaining jobs stay queued).
 *   __lg_unhandled_rejections() the reasons recorded so far (an array, oldest
 *                               first), and forget them.
 *   __lg_promise_state(p)       {state: 'pending'|'fulfilled'|'rejected',
 *                               value}; marks p as handled, as `await p` does.
 *                               TypeError if p is not a Promise of ours (pass
 *                               values through Promise.resolve first).
 */
#ifndef LG_POLYFILL_H
#define LG_POLYFILL_H

#include "lg/base.h"

struct duk_hthread; /* duk_context */

/* The embedded text of polyfill.js (NUL-terminated). */
const char *lg_polyfill_source(void);

/*
 * Install the polyfill stubs into a heap (before any script runs; a second
 * call on the same heap does nothing).  The chunks are compiled on the first
 * call in the process (thread-safe).  -LG_EINTERNAL if polyfill.js does not
 * compile, which is a build defect.
 */
int lg_polyfill_install(struct duk_hthread *ctx, struct lg_err *err);

/*
 * Whether this heap has loaded Promise (and with it queueMicrotask): until
 * it has, no microtask or promise rejection can be pending in it.
 */
bool lg_polyfill_promise_loaded(struct duk_hthread *ctx);

#endif
