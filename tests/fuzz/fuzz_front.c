/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_front - libFuzzer target for the JavaScript front end.
 *
 * Every input goes through lg_front_compile.  Whatever it accepts must come
 * out as ES5.1 that Duktape compiles (the oracle: a lowering bug that prints
 * invalid code aborts), except regular expressions, which are passed through
 * for Duktape to judge.  Errors must be well-formed "file:line:col: ...".
 *
 * Build (from the source root, after `meson setup build && ninja -C build`,
 * which generates helpers_js.h and copies the Duktape sources): Duktape once,
 * without coverage instrumentation (faster), then the target, then run:
 *
 *   clang -g -O1 -fsanitize=address -w -c -Ibuild/src/duktape \
 *     build/src/duktape/duktape.c -o build/fuzz_duktape.o
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE \
 *     -Iinclude -Ibuild -Ibuild/src/front -Ibuild/src/duktape \
 *     tests/fuzz/fuzz_front.c src/front/front.c src/front/lex.c \
 *     src/front/parse.c src/front/scope.c src/front/emit.c \
 *     src/js/polyfill_es.c src/js/polyfill_util.c \
 *     src/base/err.c src/base/mem.c build/fuzz_duktape.o -lm -o build/fuzz_front
 * (the two polyfill files: with ROM built-ins, the default, Duktape's image
 * names their functions; docs/DUKTAPE-ROM.md)
 *   mkdir -p build/fuzz-corpus
 *   build/fuzz_front -max_total_time=60 -max_len=4096 -artifact_prefix=build/ \
 *     build/fuzz-corpus tests/front/cases tests/front/cases/lib tests/front/errors
 *
 * FUZZ_FRONT_NO_DUKTAPE=1 in the environment skips the Duktape oracle.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duktape.h"
#include "lg/base.h"
#include "lg/front.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Math.random for the oracle's heaps (the runtime's is seeded per VU). */
double lg_duk_random_double(void *udata);
double lg_duk_random_double(void *udata)
{
	(void)udata;
	return 0.5;
}

/* With ROM built-ins Duktape's image names the runtime's console native. */
duk_ret_t lg_js_console(duk_context *ctx);
duk_ret_t lg_js_console(duk_context *ctx)
{
	return duk_error(ctx, DUK_ERR_ERROR, "fuzz_front: the runtime's console is not linked");
}

int lg_duk_exec_timeout_check(void *udata);
int lg_duk_exec_timeout_check(void *udata)
{
	(void)udata;
	return 0;
}

static duk_context *heap;
static int use_duktape = -1;

static duk_ret_t compile_safe(duk_context *ctx, void *udata)
{
	(void)udata;
	duk_compile(ctx, DUK_COMPILE_FUNCTION);
	return 1;
}

/* Duktape's regular expression compiler messages. */
static bool regexp_error(const char *msg)
{
	static const char *const words[] = {
		"regexp",        "quantifier",      "closing parenthesis", "end of pattern",
		"backreference", "character class", "invalid range",       "invalid escape"
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strstr(msg, words[i]))
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lg_buf out = { 0 };
	struct lg_err err = { 0 };
	int rc;

	if (use_duktape < 0) {
		use_duktape = getenv("FUZZ_FRONT_NO_DUKTAPE") == NULL;
		if (use_duktape)
			heap = duk_create_heap_default();
	}
	rc = lg_front_compile((const char *)data, size, "f.js", &out, &err);
	if (rc != 0) {
		/* f.js:LINE:COL: ... with a caret line */
		if (rc != -LG_ESCRIPT || strncmp(err.msg, "f.js:", 5) != 0 || !strchr(err.msg, '^'))
			abort();
		lg_require(out.len == 0);
		return 0;
	}
	if (use_duktape) {
		duk_push_lstring(heap, out.data, out.len);
		duk_push_string(heap, "f.js");
		if (duk_safe_call(heap, compile_safe, NULL, 2, 1) != 0) {
			const char *msg = duk_safe_to_string(heap, -1);
			/*
			 * Regular expressions are checked by Duktape, not by the front
			 * end, and so are the Unicode categories of identifier
			 * characters (non-ASCII output is only identifiers and regexps).
			 */
			bool ascii = true;
			for (size_t i = 0; i < out.len; i++)
				if ((unsigned char)out.data[i] >= 0x80)
					ascii = false;
			if (ascii && !regexp_error(msg)) {
				fprintf(stderr,
				        "lowered code does not compile: %s\n--- input\n%.*s\n--- "
				        "output\n%s\n",
				        msg, (int)size, (const char *)data, out.data);
				abort();
			}
		}
		duk_pop(heap);
	}
	lg_buf_free(&out);
	return 0;
}
