/* SPDX-License-Identifier: Apache-2.0 */
/* The x86-64 System V coroutine switch (see coro.c). */
#if defined(__x86_64__) && !defined(LG_CORO_UCONTEXT)
	.text
/* void lg__coro_switch(void **save_sp, void *load_sp) */
	.globl lg__coro_switch
	.type lg__coro_switch, @function
lg__coro_switch:
	.cfi_startproc
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	subq $8, %rsp
	stmxcsr (%rsp)
	fnstcw 4(%rsp)
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	ldmxcsr (%rsp)
	fldcw 4(%rsp)
	addq $8, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
	.cfi_endproc
	.size lg__coro_switch, .-lg__coro_switch

/* First entry of a coroutine: %r12 holds the struct lg_coro pointer. */
	.globl lg__coro_boot
	.type lg__coro_boot, @function
lg__coro_boot:
	.cfi_startproc
	.cfi_undefined rip
	movq %r12, %rdi
	call lg__coro_entry
	ud2
	.cfi_endproc
	.size lg__coro_boot, .-lg__coro_boot
#endif
	.section .note.GNU-stack,"",@progbits
