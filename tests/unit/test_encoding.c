/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for src/base/b64.c: RFC 4648 vectors, the four variants, Go's decoding rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lg/b64.h"

static void check_encode(const char *in, size_t n, enum lg_b64 v, const char *want)
{
	char out[256];
	size_t len = lg_b64_encode(in, n, out, v);

	assert_int_equal(len, strlen(want));
	assert_int_equal(len, lg_b64_encoded_len(n, v));
	assert_string_equal(out, want);
}

static void check_decode(const char *in, enum lg_b64 v, const char *want, size_t want_len)
{
	unsigned char out[256];
	size_t len = 0, bad = 0;

	assert_true(lg_b64_decoded_max(strlen(in)) <= sizeof(out));
	assert_int_equal(lg_b64_decode(in, strlen(in), out, &len, v, &bad), 0);
	assert_int_equal(len, want_len);
	assert_memory_equal(out, want, want_len);
}

static void check_bad(const char *in, enum lg_b64 v, size_t want_at)
{
	unsigned char out[256];
	size_t len = 0, bad = 12345;

	assert_int_equal(lg_b64_decode(in, strlen(in), out, &len, v, &bad), -1);
	assert_int_equal(bad, want_at);
}

/* RFC 4648 section 10, both ways, padded and raw. */
static void test_rfc4648_vectors(void **state)
{
	static const struct {
		const char *plain, *padded, *raw;
	} vec[] = {
		{ "", "", "" },
		{ "f", "Zg==", "Zg" },
		{ "fo", "Zm8=", "Zm8" },
		{ "foo", "Zm9v", "Zm9v" },
		{ "foob", "Zm9vYg==", "Zm9vYg" },
		{ "fooba", "Zm9vYmE=", "Zm9vYmE" },
		{ "foobar", "Zm9vYmFy", "Zm9vYmFy" },
	};

	for (size_t i = 0; i < sizeof(vec) / sizeof(vec[0]); i++) {
		size_t n = strlen(vec[i].plain);
		check_encode(vec[i].plain, n, LG_B64_STD, vec[i].padded);
		check_encode(vec[i].plain, n, LG_B64_URL, vec[i].padded);
		check_encode(vec[i].plain, n, LG_B64_RAWSTD, vec[i].raw);
		check_encode(vec[i].plain, n, LG_B64_RAWURL, vec[i].raw);
		check_decode(vec[i].padded, LG_B64_STD, vec[i].plain, n);
		check_decode(vec[i].padded, LG_B64_URL, vec[i].plain, n);
		check_decode(vec[i].raw, LG_B64_RAWSTD, vec[i].plain, n);
		check_decode(vec[i].raw, LG_B64_RAWURL, vec[i].plain, n);
	}
}

/* The alphabets differ in 62 and 63: 0xfb 0xff -> "+/8" vs "-_8". */
static void test_alphabets(void **state)
{
	static const char bin[] = "\xfb\xff\xfe";

	check_encode(bin, 2, LG_B64_STD, "+/8=");
	check_encode(bin, 2, LG_B64_RAWSTD, "+/8");
	check_encode(bin, 2, LG_B64_URL, "-_8=");
	check_encode(bin, 2, LG_B64_RAWURL, "-_8");
	check_encode(bin, 3, LG_B64_STD, "+//+");
	check_decode("+//+", LG_B64_STD, bin, 3);
	check_decode("-__-", LG_B64_URL, bin, 3);
	check_bad("-__-", LG_B64_STD, 0);
	check_bad("+//+", LG_B64_URL, 0);
	/* every byte value survives a round trip */
	{
		unsigned char all[256], back[260];
		char enc[400];
		size_t len = 0, bad = 0;
		for (int i = 0; i < 256; i++)
			all[i] = (unsigned char)i;
		for (int v = LG_B64_STD; v <= LG_B64_RAWURL; v++) {
			size_t e = lg_b64_encode(all, sizeof(all), enc, (enum lg_b64)v);
			assert_int_equal(lg_b64_decode(enc, e, back, &len, (enum lg_b64)v, &bad),
			                 0);
			assert_int_equal(len, 256);
			assert_memory_equal(back, all, 256);
		}
	}
}

/* Go's rules: newlines skipped, padding required/forbidden, offsets of errors. */
static void test_decode_rules(void **state)
{
	check_decode("Zm9v\nYmFy\r\n", LG_B64_STD, "foobar", 6);
	check_decode("Zg=\n=", LG_B64_STD, "f", 1);
	check_decode("Zh==", LG_B64_STD, "f", 1); /* non-zero trailing bits: accepted */
	check_bad("Zg", LG_B64_STD, 0);           /* padded variant, padding missing */
	check_bad("Zm9vY", LG_B64_RAWSTD, 4);     /* a lone sixth of a byte */
	check_bad("Zg==", LG_B64_RAWSTD, 2);      /* raw variant: '=' is illegal */
	check_bad("Zm9v!", LG_B64_STD, 4);
	check_bad("Z===", LG_B64_STD, 1);
	check_bad("Zg=", LG_B64_STD, 3);      /* "==" expected, input ends */
	check_bad("Zg=a", LG_B64_STD, 2);     /* "==" expected */
	check_bad("Zg==Zg==", LG_B64_STD, 4); /* data after the padding */
	check_bad("=", LG_B64_STD, 0);
}

static void test_variant_names(void **state)
{
	enum lg_b64 v = LG_B64_STD;

	assert_true(lg_b64_variant("rawurl", &v));
	assert_int_equal(v, LG_B64_RAWURL);
	assert_true(lg_b64_variant("url", &v));
	assert_int_equal(v, LG_B64_URL);
	assert_true(lg_b64_variant("rawstd", &v));
	assert_int_equal(v, LG_B64_RAWSTD);
	assert_true(lg_b64_variant("std", &v));
	assert_int_equal(v, LG_B64_STD);
	assert_false(lg_b64_variant("base64", &v));
	assert_false(lg_b64_variant("", &v));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc4648_vectors),
		cmocka_unit_test(test_alphabets),
		cmocka_unit_test(test_decode_rules),
		cmocka_unit_test(test_variant_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
