/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests for the URL resolution of remote modules (src/js/remote.c):
 * relative imports inside a remote module resolve against its URL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/js/js_int.h"

static void expect(const char *base, const char *spec, const char *want)
{
	char *got = lg__js_resolve_url(base, spec);

	if (!want) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_relative(void **state)
{
	(void)state;
	expect("https://h.io/lib/1.0/index.js", "./util.js", "https://h.io/lib/1.0/util.js");
	expect("https://h.io/lib/1.0/index.js", "util.js", "https://h.io/lib/1.0/util.js");
	expect("https://h.io/lib/1.0/index.js", "../2.0/a.js", "https://h.io/lib/2.0/a.js");
	expect("https://h.io/lib/index.js", "../../../x.js", "https://h.io/x.js");
	expect("https://h.io/lib/index.js?v=1#f", "./a.js?q=2", "https://h.io/lib/a.js?q=2");
	expect("http://127.0.0.1:8080/a/b.js", "./c/./d.js", "http://127.0.0.1:8080/a/c/d.js");
	expect("https://h.io", "./a.js", "https://h.io/a.js");
}

static void test_absolute(void **state)
{
	(void)state;
	expect("https://h.io/lib/index.js", "/root.js", "https://h.io/root.js");
	expect("https://h.io/lib/index.js", "//cdn.io/x/y.js", "https://cdn.io/x/y.js");
	expect("https://h.io/lib/index.js", "http://o.io/a/../b.js", "http://o.io/b.js");
	expect("/local/dir", "https://o.io/a.js", "https://o.io/a.js");
	expect("https://h.io/a/", "..", "https://h.io/");
}

static void test_not_urls(void **state)
{
	(void)state;
	expect("/local/dir", "./a.js", NULL);
	expect("https://h.io/a.js", "", NULL);
	assert_true(lg__js_is_url("https://x"));
	assert_true(lg__js_is_url("http://x"));
	assert_false(lg__js_is_url("ftp://x"));
	assert_false(lg__js_is_url("./https://x"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_relative),
		cmocka_unit_test(test_absolute),
		cmocka_unit_test(test_not_urls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
