/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target for the threshold parsers (src/threshold/th_parse.c):
 * lg_th_expr_parse, lg_th_key_parse and lg_go_parse_float on arbitrary
 * bytes.  The input is split at its first newline: the part before is a
 * threshold key, the part after an expression; the whole input is also fed
 * to each parser.  Besides memory errors (ASan) and undefined behaviour
 * (UBSan) it checks the parsers' contracts: a parsed percentile is within
 * 0..100, the aggregation text lies inside the source, error messages are
 * set on failure, a parsed key round-trips through its canonical name, and
 * a parsed number reads back from its shortest decimal form.
 *
 * Build and run (from the repository root, with a configured build/ for
 * lg_config.h):
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
 *       -D_GNU_SOURCE -Iinclude -Ibuild tests/fuzz/fuzz_threshold.c \
 *       src/threshold/th_parse.c src/base/mem.c src/base/err.c -lm -o build/fuzz_threshold
 *   build/fuzz_threshold -max_total_time=60 -max_len=256 fixtures/fuzz/threshold
 *
 * fixtures/fuzz/threshold/ holds the seed corpus (one key and expression per
 * file); new corpus entries go to a scratch directory listed first.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg/threshold.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

#define CHECK(x)                                                                          \
	do {                                                                              \
		if (!(x)) {                                                               \
			fprintf(stderr, "contract broken: %s (line %d)\n", #x, __LINE__); \
			abort();                                                          \
		}                                                                         \
	} while (0)

static void expr(const char *s)
{
	struct lg_th_expr x;
	struct lg_err err = { 0 };

	if (lg_th_expr_parse(s, &x, &err) == 0) {
		CHECK(x.agg_off + x.agg_len <= strlen(s));
		CHECK(x.op_text && strstr(s, x.op_text));
		if (x.agg == LG_TH_PCT)
			CHECK(x.pct >= 0 && x.pct <= 100);
	} else {
		CHECK(err.code == LG_ECONFIG && err.msg[0]);
	}
}

static void key(const char *s)
{
	struct lg_th_key k, again;
	struct lg_err err = { 0 };

	if (lg_th_key_parse(s, &k, &err) != 0) {
		CHECK(err.code == LG_ECONFIG && err.msg[0]);
		return;
	}
	CHECK(k.metric && k.name);
	CHECK((k.suffix == NULL) == (k.n_tags == 0));
	/* the canonical name parses to the same selector */
	if (lg_th_key_parse(k.name, &again, &err) == 0) {
		CHECK(lg_th_key_same(&k, &again));
		lg_th_key_cleanup(&again);
	}
	lg_th_key_cleanup(&k);
}

static void number(const char *s, size_t n)
{
	double v, back;
	char buf[64];

	if (lg_go_parse_float(s, n, &v) != 0 || !isfinite(v))
		return;
	snprintf(buf, sizeof(buf), "%.17g", v);
	CHECK(lg_go_parse_float(buf, strlen(buf), &back) == 0 && back == v);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char *s = malloc(size + 1), *nl;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	number(s, strlen(s));
	expr(s);
	key(s);
	nl = strchr(s, '\n');
	if (nl) {
		*nl = '\0';
		key(s);
		expr(nl + 1);
	}
	free(s);
	return 0;
}
