/* SPDX-License-Identifier: Apache-2.0 */
/*
 * coro.h - stackful coroutines: each VU runs on one.
 *
 * A coroutine's stack is an mmap'd region with a PROT_NONE guard page below
 * it; pages are committed lazily by the kernel, so a VU that touches 12 KiB
 * costs 12 KiB of RSS whatever the reserved size.  Each stack costs two
 * kernel mappings (vm.max_map_count, 65530 by default, limits a process to
 * ~30k coroutines; lg_coro_new reports that case clearly).
 *
 * The switch is hand-written on x86-64 (callee-saved registers, MXCSR and the
 * x87 control word) and ucontext elsewhere.  ASan and TSan are told about
 * every switch, so sanitizer builds stay accurate.
 *
 * Thread affinity: a coroutine is resumed only by the thread that created it.
 */
#ifndef LG_CORO_H
#define LG_CORO_H

#include <stdbool.h>
#include <stddef.h>

#include "lg/base.h"

struct lg_coro;
typedef void (*lg_coro_fn)(void *arg);

#define LG_CORO_STACK_DEFAULT (256u * 1024u)

/*
 * Create a coroutine that will run fn(arg) on its own stack of stack_size
 * bytes (rounded up to pages) when first resumed.  Returns NULL with the
 * reason in *err (LG_EIO) when the stack cannot be mapped.
 */
struct lg_coro *lg_coro_new(size_t stack_size, lg_coro_fn fn, void *arg, struct lg_err *err);
/* Release a coroutine that has finished or was never resumed. NULL is fine. */
void lg_coro_free(struct lg_coro *co);
/* Switch into co until it yields or its function returns. */
void lg_coro_resume(struct lg_coro *co);
/* From inside a coroutine: switch back to whoever resumed it. */
void lg_coro_yield(void);
/* The coroutine running on this thread, or NULL on the thread's own stack. */
struct lg_coro *lg_coro_current(void);
/* True once the coroutine's function has returned. */
bool lg_coro_done(const struct lg_coro *co);
/* Bytes of the coroutine's stack that were ever touched (resident estimate). */
size_t lg_coro_stack_used(const struct lg_coro *co);

#endif
