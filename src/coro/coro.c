/* SPDX-License-Identifier: Apache-2.0 */
/*
 * coro.c - stackful coroutines (see lg/coro.h).
 *
 * DESIGN: on x86-64 a switch saves the six callee-saved registers plus
 * MXCSR/x87 control word on the current stack, stores the stack pointer and
 * loads the other one (lg__coro_switch in coro_x86_64.S): ~10 ns, no system
 * call.  ucontext's swapcontext costs ~250 ns because it saves the signal
 * mask with a sigprocmask system call; it is the portable fallback.
 * A coroutine's first switch "returns" into lg__coro_boot, which calls
 * coro_main(co).  coro_main never returns: when fn returns it marks the
 * coroutine done and switches back for the last time.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lg/coro.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LG_ASAN 1
#endif
#if __has_feature(thread_sanitizer)
#define LG_TSAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define LG_ASAN 1
#endif
#if defined(__SANITIZE_THREAD__)
#define LG_TSAN 1
#endif

#ifdef LG_ASAN
#include <sanitizer/asan_interface.h>
#endif
#ifdef LG_TSAN
#include <sanitizer/tsan_interface.h>
#endif
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define LG_VALGRIND 1
#endif
#endif

#if defined(__x86_64__) && !defined(LG_CORO_UCONTEXT)
#define LG_CORO_ASM 1
void lg__coro_switch(void **save_sp, void *load_sp);
void lg__coro_boot(void);
#else
#include <ucontext.h>
#endif

struct lg_coro {
	lg_coro_fn fn;
	void *arg;
	void *map; /* guard page + stack */
	size_t map_size;
	char *stack_lo; /* lowest usable address */
	size_t stack_size;
	bool done;
	struct lg_coro *prev; /* coroutine that resumed us (NULL = thread stack) */
#ifdef LG_CORO_ASM
	void *sp;
#else
	ucontext_t ctx;
#endif
#ifdef LG_TSAN
	void *tsan_fiber;
#endif
#ifdef LG_VALGRIND
	unsigned vg_id;
#endif
};

/* Per thread: the coroutine running now and the thread's own context. */
static _Thread_local struct lg_coro *cur;
static _Thread_local struct {
#ifdef LG_CORO_ASM
	void *sp;
#else
	ucontext_t ctx;
#endif
#ifdef LG_TSAN
	void *tsan_fiber;
#endif
#ifdef LG_ASAN
	const void *stack_bottom;
	size_t stack_size;
#endif
} thread_ctx;

static size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE); /* reads the aux vector: cheap, thread-safe */
}

static void coro_main(struct lg_coro *co);

#ifdef LG_CORO_ASM
/* Called by lg__coro_boot with the coroutine in %rdi. */
void lg__coro_entry(struct lg_coro *co);
void lg__coro_entry(struct lg_coro *co)
{
	coro_main(co);
}
#else
static void uctx_entry(unsigned hi, unsigned lo)
{
	coro_main((struct lg_coro *)(((uintptr_t)hi << 32) | (uintptr_t)lo));
}
#endif

struct lg_coro *lg_coro_new(size_t stack_size, lg_coro_fn fn, void *arg, struct lg_err *err)
{
	size_t ps = page_size();
	struct lg_coro *co;
	void *map;

	stack_size = (stack_size + ps - 1) / ps * ps;
	map = mmap(NULL, stack_size + ps, PROT_READ | PROT_WRITE,
	           MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
	if (map == MAP_FAILED) {
		lg_errf(err, LG_EIO, "cannot map a %zu KiB VU stack: %s", stack_size / 1024,
		        strerror(errno));
		return NULL;
	}
	if (mprotect(map, ps, PROT_NONE) < 0) {
		int e = errno;
		munmap(map, stack_size + ps);
		if (e == ENOMEM)
			lg_errf(
			    err, LG_EIO,
			    "cannot create more VU stacks: the kernel's limit on memory mappings "
			    "per process was reached (each VU needs 2; raise it with sysctl "
			    "vm.max_map_count=262144, or run fewer VUs per process)");
		else
			lg_errf(err, LG_EIO, "cannot protect a VU stack guard page: %s",
			        strerror(e));
		return NULL;
	}
#ifdef LG_ASAN
	/* A mapping can reuse the addresses of a freed stack whose frames left
	 * redzones in the shadow memory. */
	__asan_unpoison_memory_region((char *)map + ps, stack_size);
#endif
	co = lg_xcalloc(1, sizeof(*co));
	co->fn = fn;
	co->arg = arg;
	co->map = map;
	co->map_size = stack_size + ps;
	co->stack_lo = (char *)map + ps;
	co->stack_size = stack_size;
#ifdef LG_CORO_ASM
	{
		/* Initial frame popped by lg__coro_switch: 6 registers and the
		 * control-word slot, then the return address lg__coro_boot.
		 * r12 carries the coroutine pointer into lg__coro_boot. */
		uintptr_t *sp = (uintptr_t *)(co->stack_lo + stack_size);
		uint32_t mxcsr;
		uint16_t fpucw;

		__asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
		__asm__ volatile("fnstcw %0" : "=m"(fpucw));
		/* After `ret` pops this, %rsp is 16-byte aligned at the
		 * `call` in lg__coro_boot, as the ABI wants. */
		*--sp = (uintptr_t)lg__coro_boot;
		*--sp = 0;             /* rbp */
		*--sp = 0;             /* rbx */
		*--sp = (uintptr_t)co; /* r12 */
		*--sp = 0;             /* r13 */
		*--sp = 0;             /* r14 */
		*--sp = 0;             /* r15 */
		*--sp = (uintptr_t)mxcsr | ((uintptr_t)fpucw << 32);
		co->sp = sp;
	}
#else
	getcontext(&co->ctx);
	co->ctx.uc_stack.ss_sp = co->stack_lo;
	co->ctx.uc_stack.ss_size = stack_size;
	co->ctx.uc_link = NULL;
	makecontext(&co->ctx, (void (*)(void))uctx_entry, 2, (unsigned)((uintptr_t)co >> 32),
	            (unsigned)(uintptr_t)co);
#endif
#ifdef LG_TSAN
	co->tsan_fiber = __tsan_create_fiber(0);
#endif
#ifdef LG_VALGRIND
	co->vg_id = VALGRIND_STACK_REGISTER(co->stack_lo, co->stack_lo + stack_size);
#endif
	return co;
}

void lg_coro_free(struct lg_coro *co)
{
	if (!co)
		return;
	lg_require(co != cur);
#ifdef LG_TSAN
	__tsan_destroy_fiber(co->tsan_fiber);
#endif
#ifdef LG_VALGRIND
	VALGRIND_STACK_DEREGISTER(co->vg_id);
#endif
#ifdef LG_ASAN
	__asan_unpoison_memory_region(co->stack_lo, co->stack_size);
#endif
	munmap(co->map, co->map_size);
	free(co);
}

/* Switch from the running context (cur, or the thread) to `to` (NULL = thread). */
static void switch_to(struct lg_coro *from, struct lg_coro *to)
{
#ifdef LG_ASAN
	void *fake = NULL;
	const void *bottom = to ? to->stack_lo : thread_ctx.stack_bottom;
	size_t size = to ? to->stack_size : thread_ctx.stack_size;

	/* A finished coroutine's fake stack is released (NULL save slot). */
	__sanitizer_start_switch_fiber(from && from->done ? NULL : &fake, bottom, size);
#endif
#ifdef LG_TSAN
	__tsan_switch_to_fiber(to ? to->tsan_fiber : thread_ctx.tsan_fiber, 0);
#endif
	cur = to;
#ifdef LG_CORO_ASM
	lg__coro_switch(from ? &from->sp : &thread_ctx.sp, to ? to->sp : thread_ctx.sp);
#else
	swapcontext(from ? &from->ctx : &thread_ctx.ctx, to ? &to->ctx : &thread_ctx.ctx);
#endif
#ifdef LG_ASAN
	{
		const void *old_bottom;
		size_t old_size;

		__sanitizer_finish_switch_fiber(fake, &old_bottom, &old_size);
		/* Resumed from the thread stack: remember its bounds. */
		if (from && !from->prev) {
			thread_ctx.stack_bottom = old_bottom;
			thread_ctx.stack_size = old_size;
		}
	}
#endif
}

static void coro_main(struct lg_coro *co)
{
#ifdef LG_ASAN
	{
		const void *bottom;
		size_t size;

		__sanitizer_finish_switch_fiber(NULL, &bottom, &size);
		if (!co->prev) {
			thread_ctx.stack_bottom = bottom;
			thread_ctx.stack_size = size;
		}
	}
#endif
	co->fn(co->arg);
	co->done = true;
	switch_to(co, co->prev);
	lg_die("a finished coroutine was resumed");
}

void lg_coro_resume(struct lg_coro *co)
{
	struct lg_coro *from = cur;

	lg_require(!co->done);
#ifdef LG_TSAN
	if (!thread_ctx.tsan_fiber)
		thread_ctx.tsan_fiber = __tsan_get_current_fiber();
#endif
	co->prev = from;
	switch_to(from, co);
}

void lg_coro_yield(void)
{
	struct lg_coro *co = cur;

	lg_require(co != NULL);
	switch_to(co, co->prev);
}

struct lg_coro *lg_coro_current(void)
{
	return cur;
}

bool lg_coro_done(const struct lg_coro *co)
{
	return co->done;
}

size_t lg_coro_stack_used(const struct lg_coro *co)
{
	size_t ps = page_size();
	size_t npages = co->stack_size / ps;
	unsigned char vec[1];
	size_t used = 0;

	/* mincore() tells which pages are resident: the touched part of the stack. */
	for (size_t i = 0; i < npages; i++) {
		if (mincore(co->stack_lo + i * ps, ps, vec) == 0 && (vec[0] & 1))
			used += ps;
	}
	return used;
}
