/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for src/base: durations, buffers, number parsing, files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lg/base.h"
#include "lg/clock.h"

static void test_duration_parse(void **state)
{
	static const struct {
		const char *s;
		int bare_ms;
		int ok;
		int64_t ns;
	} cases[] = {
		{ "10s", 0, 1, 10 * LG_NS_PER_S },
		{ "1m30s", 0, 1, 90 * LG_NS_PER_S },
		{ "1h2m3.5s", 0, 1, 3723 * LG_NS_PER_S + 500 * LG_NS_PER_MS },
		{ "250ms", 0, 1, 250 * LG_NS_PER_MS },
		{ "10us", 0, 1, 10000 },
		{ "10\xc2\xb5s", 0, 1, 10000 },
		{ "7ns", 0, 1, 7 },
		{ "2d12h", 1, 1, 60 * 3600 * LG_NS_PER_S },
		{ "1.5s", 0, 1, 1500 * LG_NS_PER_MS },
		{ "500", 1, 1, 500 * LG_NS_PER_MS },
		{ "2.5", 1, 1, 2500000 },
		{ "0", 0, 1, 0 },
		{ "500", 0, 0, 0 },
		{ "10x", 0, 0, 0 },
		{ "10x", 1, 0, 0 },
		{ "", 1, 0, 0 },
		{ "-1s", 0, 0, 0 },
		{ "s", 0, 0, 0 },
		{ "1e3s", 0, 0, 0 },
		{ "0x10s", 0, 0, 0 },
		{ "-5", 1, 0, 0 },
	};
	for (size_t i = 0; i < LG_ARRAY_SIZE(cases); i++) {
		int64_t ns = -1;
		int rc = lg_duration_parse(cases[i].s, cases[i].bare_ms, &ns);
		if (cases[i].ok) {
			if (rc != 0)
				fail_msg("\"%s\" should parse", cases[i].s);
			assert_int_equal(ns, cases[i].ns);
		} else if (rc == 0) {
			fail_msg("\"%s\" should be rejected", cases[i].s);
		}
	}
}

static void test_duration_format(void **state)
{
	static const struct {
		int64_t ns;
		const char *s;
	} cases[] = {
		{ 0, "0s" },
		{ 10 * LG_NS_PER_S, "10s" },
		{ 90 * LG_NS_PER_S, "1m30s" },
		{ 3600 * LG_NS_PER_S, "1h0m0s" },
		{ 600 * LG_NS_PER_S, "10m0s" },
		{ 1500 * LG_NS_PER_MS, "1.5s" },
		{ 250 * LG_NS_PER_MS, "250ms" },
		{ 1500, "1.5\xc2\xb5s" },
		{ 7, "7ns" },
		{ 30 * LG_NS_PER_S, "30s" },
	};
	char buf[64];

	for (size_t i = 0; i < LG_ARRAY_SIZE(cases); i++) {
		lg_duration_format(cases[i].ns, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].s);
	}
}

static void test_buf_cap(void **state)
{
	struct lg_buf b = { 0 };

	b.limit = 8;
	assert_int_equal(lg_buf_puts(&b, "hello"), 0);
	assert_int_equal(lg_buf_puts(&b, "abc"), 0);
	assert_int_equal(lg_buf_puts(&b, "x"), -1);
	assert_int_equal(b.len, 8);
	assert_string_equal(b.data, "helloabc");
	lg_buf_reset(&b);
	assert_int_equal(lg_buf_printf(&b, "%d-%s", 42, "x"), 0);
	assert_string_equal(b.data, "42-x");
	lg_buf_free(&b);
	lg_buf_free(&b);
}

static void test_parse_numbers(void **state)
{
	int64_t i;
	double d;

	assert_int_equal(lg_parse_i64("42", &i), 0);
	assert_int_equal(i, 42);
	assert_int_equal(lg_parse_i64("-3", &i), 0);
	assert_int_equal(i, -3);
	assert_int_equal(lg_parse_i64("4x", &i), -1);
	assert_int_equal(lg_parse_i64("", &i), -1);
	assert_int_equal(lg_parse_double("0.25", &d), 0);
	assert_true(d == 0.25);
	assert_int_equal(lg_parse_double("nan", &d), -1);
}

static void test_atomic_write(void **state)
{
	char path[] = "/tmp/lg_test_atomicXXXXXX";
	int fd = mkstemp(path);
	size_t len;
	char *data;

	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(lg_write_file_atomic(path, "report", 6), 0);
	data = lg_read_file(path, &len);
	assert_non_null(data);
	assert_int_equal(len, 6);
	assert_string_equal(data, "report");
	free(data);
	unlink(path);
	assert_int_equal(lg_write_file_atomic("/nonexistent-dir/x/report.xml", "x", 1), -1);
}

static void test_err_table(void **state)
{
	struct lg_err err = { 0 };

	assert_int_equal(lg_err_exit_code(LG_ETHRESHOLDS), 99);
	assert_int_equal(lg_err_exit_code(LG_ECONFIG), 104);
	assert_int_equal(lg_err_exit_code(LG_ESCRIPT), 107);
	assert_int_equal(lg_err_exit_code(LG_EMARKED_FAILED), 110);
	assert_int_equal(lg_errf(&err, LG_ECONFIG, "bad %s", "vus"), -LG_ECONFIG);
	lg_errf(&err, LG_ESCRIPT, "second");
	assert_int_equal(err.code, LG_ECONFIG); /* first error wins */
	assert_string_equal(err.msg, "bad vus");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_duration_parse), cmocka_unit_test(test_duration_format),
		cmocka_unit_test(test_buf_cap),        cmocka_unit_test(test_parse_numbers),
		cmocka_unit_test(test_atomic_write),   cmocka_unit_test(test_err_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
