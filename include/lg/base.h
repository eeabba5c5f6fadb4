/* SPDX-License-Identifier: Apache-2.0 */
/*
 * base.h - what every subsystem uses: the error table, assertions, the
 * allocation policy of a CLI (die on out-of-memory), small helpers.
 *
 * Error policy: functions return 0 or -LG_E*; the human detail is written to
 * an error buffer owned by the caller (struct lg_err).  main.c is the only
 * place that turns an error class into a process exit code.
 */
#ifndef LG_BASE_H
#define LG_BASE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LG_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define LG_UNUSED(x) ((void)(x))
#define LG_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define LG_NORETURN __attribute__((noreturn))
#define LG_FALLTHROUGH __attribute__((fallthrough)) /* gcc and clang alike */
#define LG_LIKELY(x) __builtin_expect(!!(x), 1)
#define LG_UNLIKELY(x) __builtin_expect(!!(x), 0)

/*
 * The one error table: enum name, process exit code, message.  Exit codes are
 * k6's (reference section 7) except USAGE (2, the conventional usage error;
 * k6 exits 255 for an unknown command).
 */
#define LG_ERR_MAP(X)                                                \
	X(OK, 0, "success")                                          \
	X(USAGE, 2, "usage error")                                   \
	X(THRESHOLDS, 99, "thresholds have failed")                  \
	X(SETUP_TIMEOUT, 100, "setup() timed out")                   \
	X(TEARDOWN_TIMEOUT, 101, "teardown() timed out")             \
	X(CONFIG, 104, "invalid configuration")                      \
	X(INTERRUPTED, 105, "interrupted by a signal")               \
	X(SCRIPT, 107, "script error")                               \
	X(ABORTED, 108, "test aborted by the script")                \
	X(INTERNAL, 109, "internal error")                           \
	X(MARKED_FAILED, 110, "test marked as failed by the script") \
	X(IO, 255, "input/output error")

enum lg_errcode {
#define LG_X(name, code, msg) LG_E##name,
	LG_ERR_MAP(LG_X)
#undef LG_X
	    LG_E__COUNT
};

/* Process exit code of an error class (LG_EOK -> 0). */
int lg_err_exit_code(enum lg_errcode e);
/* Short English description of an error class; never NULL. */
const char *lg_err_name(enum lg_errcode e);

/* An error with its message, owned by the caller (usually on the stack). */
struct lg_err {
	enum lg_errcode code;
	char msg[1024];
};

/* Record an error (first one wins) and return -code, for `return lg_errf(...)`. */
int lg_errf(struct lg_err *err, enum lg_errcode code, const char *fmt, ...) LG_PRINTF(3, 4);

/* Always-on check: continuing would report wrong numbers, so abort. */
#define lg_require(x)                                                                \
	do {                                                                         \
		if (LG_UNLIKELY(!(x)))                                               \
			lg_die_at(__FILE__, __LINE__, "requirement failed: %s", #x); \
	} while (0)
#ifdef LG_DEBUG
#define LG_DASSERT(x) lg_require(x)
#else
#define LG_DASSERT(x) ((void)0)
#endif

/* Print "loadgate: fatal: ..." with the location and abort(). */
LG_NORETURN void lg_die_at(const char *file, int line, const char *fmt, ...) LG_PRINTF(3, 4);
#define lg_die(...) lg_die_at(__FILE__, __LINE__, __VA_ARGS__)

/* Allocation that never returns NULL: out of memory is fatal in a CLI. */
void *lg_xmalloc(size_t n);
void *lg_xcalloc(size_t n, size_t size);
void *lg_xrealloc(void *p, size_t n);
char *lg_xstrdup(const char *s);
char *lg_xstrndup(const char *s, size_t n);
/* asprintf that dies on OOM; caller frees. */
char *lg_xasprintf(const char *fmt, ...) LG_PRINTF(1, 2);

/*
 * A growable byte buffer with an optional cap.  Always NUL-terminated after a
 * successful append.  lg_buf_free() accepts a zeroed buffer.
 */
struct lg_buf {
	char *data;
	size_t len;
	size_t cap;
	size_t limit; /* 0 = unlimited; appends past it fail with -1 */
};
int lg_buf_append(struct lg_buf *b, const void *p, size_t n);
int lg_buf_puts(struct lg_buf *b, const char *s);
int lg_buf_printf(struct lg_buf *b, const char *fmt, ...) LG_PRINTF(2, 3);
int lg_buf_putc(struct lg_buf *b, char c);
/* Append code point cp (<= 0x10FFFF) as UTF-8 (1 to 4 bytes; no checks for
 * surrogates: callers that must reject them do so first). */
int lg_buf_put_utf8(struct lg_buf *b, uint32_t cp);
/* Write cp as UTF-8 into out; returns the length, 1 to 4. */
size_t lg_utf8_encode(uint32_t cp, char out[4]);
/* The value of hex digit c (0-9, a-f, A-F), or -1. */
int lg_hexval(int c);
void lg_buf_reset(struct lg_buf *b);
void lg_buf_free(struct lg_buf *b);
/* Take ownership of the data (NUL-terminated, possibly ""), leaving b empty. */
char *lg_buf_steal(struct lg_buf *b);

/* Strict number parsing: the whole string must be a number. 0 or -1. */
int lg_parse_i64(const char *s, int64_t *out);
int lg_parse_double(const char *s, double *out);

/* Read a whole file; caller frees. On error returns NULL and sets errno. */
char *lg_read_file(const char *path, size_t *len);

/*
 * Write a file atomically: to "<path>.tmp.<pid>" in the same directory, then
 * rename.  A reader never sees half a file.  0 or -1 with errno.
 */
int lg_write_file_atomic(const char *path, const void *data, size_t len);

#endif
