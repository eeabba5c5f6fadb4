/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for src/metrics/tags.c: interning, ordering, duplicates, matching. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lg/metrics.h"

#define T(k, v) ((struct lg_tag){ (k), (v) })

static void test_identity(void **state)
{
	struct lg_tagpool *pool = lg_tagpool_new();
	struct lg_tag a[] = { T("method", "GET"), T("status", "200"), T("name", "x") };
	struct lg_tag b[] = { T("status", "200"), T("name", "x"), T("method", "GET") };
	struct lg_tag c[] = { T("status", "201"), T("name", "x"), T("method", "GET") };
	const struct lg_tagset *ta = lg_tagpool_intern(pool, a, 3);
	const struct lg_tagset *tb = lg_tagpool_intern(pool, b, 3);
	const struct lg_tagset *tc = lg_tagpool_intern(pool, c, 3);
	const struct lg_tagset *e1 = lg_tagpool_intern(pool, NULL, 0);
	const struct lg_tagset *e2 = lg_tagpool_intern(pool, a, 0);

	assert_ptr_equal(ta, tb); /* order does not matter */
	assert_ptr_not_equal(ta, tc);
	assert_true(lg_tagset_equal(ta, tb));
	assert_false(lg_tagset_equal(ta, tc));
	assert_int_equal(lg_tagset_hash(ta), lg_tagset_hash(tb));
	assert_ptr_equal(e1, e2);
	assert_int_equal(lg_tagset_count(e1), 0);
	assert_ptr_not_equal(e1, ta);
	assert_null(lg_tagset_get(e1, "method"));
	lg_tagpool_free(pool);
}

static void test_ordering_and_copy(void **state)
{
	struct lg_tagpool *pool = lg_tagpool_new();
	char key[16] = "zeta", val[16] = "last";
	struct lg_tag in[] = { T(key, val), T("alpha", "1"), T("mid", "m"), T("beta", "2") };
	const struct lg_tagset *ts = lg_tagpool_intern(pool, in, 4);
	static const char *keys[] = { "alpha", "beta", "mid", "zeta" };
	static const char *vals[] = { "1", "2", "m", "last" };

	assert_int_equal(lg_tagset_count(ts), 4);
	for (size_t i = 0; i < 4; i++) {
		struct lg_tag t = lg_tagset_at(ts, i);

		assert_string_equal(t.key, keys[i]);
		assert_string_equal(t.value, vals[i]);
		assert_string_equal(lg_tagset_get(ts, keys[i]), vals[i]);
	}
	/* The strings were copied: changing the caller's buffers changes nothing. */
	memcpy(key, "ZZZ", 4);
	memcpy(val, "xxx", 4);
	assert_string_equal(lg_tagset_get(ts, "zeta"), "last");
	assert_null(lg_tagset_get(ts, "ZZZ"));
	assert_null(lg_tagset_get(ts, "aaa"));
	assert_null(lg_tagset_get(ts, "zzzz"));
	lg_tagpool_free(pool);
}

static void test_duplicates_and_empty(void **state)
{
	struct lg_tagpool *pool = lg_tagpool_new();
	struct lg_tag dup[] = { T("a", "1"), T("b", "2"), T("a", "3"), T("c", ""), T("a", "4") };
	struct lg_tag same[] = { T("c", ""), T("b", "2"), T("a", "4") };
	struct lg_tag nogroup[] = { T("scenario", "default") };
	struct lg_tag rootgroup[] = { T("scenario", "default"), T("group", "") };
	const struct lg_tagset *td = lg_tagpool_intern(pool, dup, 5);
	const struct lg_tagset *n1, *n2;

	assert_int_equal(lg_tagset_count(td), 3);
	assert_string_equal(lg_tagset_get(td, "a"), "4"); /* the last value wins */
	assert_string_equal(lg_tagset_get(td, "c"), "");  /* empty values are kept */
	assert_ptr_equal(td, lg_tagpool_intern(pool, same, 3));

	/* group="" (k6's root group) differs from no group tag at all. */
	n1 = lg_tagpool_intern(pool, nogroup, 1);
	n2 = lg_tagpool_intern(pool, rootgroup, 2);
	assert_ptr_not_equal(n1, n2);
	assert_false(lg_tagset_equal(n1, n2));
	assert_null(lg_tagset_get(n1, "group"));
	assert_string_equal(lg_tagset_get(n2, "group"), "");
	/* "a=bc" vs "ab=c": the separator makes them differ. */
	struct lg_tag x[] = { T("a", "bc") }, y[] = { T("ab", "c") };
	assert_ptr_not_equal(lg_tagpool_intern(pool, x, 1), lg_tagpool_intern(pool, y, 1));
	lg_tagpool_free(pool);
}

/* More pairs than the stack buffer: the qsort path, duplicates included. */
static void test_many_pairs(void **state)
{
	struct lg_tagpool *pool = lg_tagpool_new();
	struct lg_tag in[100], rev[100];
	char keys[100][8], vals[100][8];
	const struct lg_tagset *ts;

	for (int i = 0; i < 100; i++) {
		snprintf(keys[i], sizeof(keys[i]), "k%02d", i % 50);
		snprintf(vals[i], sizeof(vals[i]), "v%d", i);
		in[i] = T(keys[i], vals[i]);
	}
	ts = lg_tagpool_intern(pool, in, 100);
	assert_int_equal(lg_tagset_count(ts), 50);
	for (int i = 0; i < 50; i++) {
		char v[8];

		snprintf(v, sizeof(v), "v%d", i + 50);
		assert_string_equal(lg_tagset_at(ts, (size_t)i).key, keys[i]);
		assert_string_equal(lg_tagset_at(ts, (size_t)i).value, v);
	}
	/* The same content as the 50 winners, reversed. */
	for (int i = 0; i < 50; i++)
		rev[i] = in[99 - i];
	assert_ptr_equal(ts, lg_tagpool_intern(pool, rev, 50));
	lg_tagpool_free(pool);
}

/* Across pools: equal content, equal hash, different pointers. */
static void test_cross_pool(void **state)
{
	struct lg_tagpool *p1 = lg_tagpool_new(), *p2 = lg_tagpool_new();
	struct lg_tag a[] = { T("url", "http://127.0.0.1/"), T("status", "200") };
	struct lg_tag b[] = { T("status", "200"), T("url", "http://127.0.0.1/") };
	const struct lg_tagset *t1 = lg_tagpool_intern(p1, a, 2);
	const struct lg_tagset *t2 = lg_tagpool_intern(p2, b, 2);

	assert_ptr_not_equal(t1, t2);
	assert_true(lg_tagset_equal(t1, t2));
	assert_int_equal(lg_tagset_hash(t1), lg_tagset_hash(t2));
	lg_tagpool_free(p2);
	lg_tagpool_free(p1);
}

/* Thousands of sets: the table grows and interning stays canonical. */
static void test_growth(void **state)
{
	enum { N = 20000 };
	struct lg_tagpool *pool = lg_tagpool_new();
	const struct lg_tagset **seen = calloc(N, sizeof(*seen));
	char buf[32];

	for (int i = 0; i < N; i++) {
		struct lg_tag t[2] = { T("scenario", "s"), T("url", buf) };

		snprintf(buf, sizeof(buf), "/item/%d", i);
		seen[i] = lg_tagpool_intern(pool, t, 2);
	}
	for (int i = N - 1; i >= 0; i--) {
		struct lg_tag t[2] = { T("url", buf), T("scenario", "s") };

		snprintf(buf, sizeof(buf), "/item/%d", i);
		assert_ptr_equal(lg_tagpool_intern(pool, t, 2), seen[i]);
		assert_string_equal(lg_tagset_get(seen[i], "url"), buf);
	}
	for (int i = 1; i < N; i++)
		assert_ptr_not_equal(seen[i], seen[i - 1]);
	free(seen);
	lg_tagpool_free(pool);
}

static void test_matches(void **state)
{
	struct lg_tagpool *pool = lg_tagpool_new();
	struct lg_tag in[] = { T("status", "200"), T("method", "GET"), T("group", "") };
	const struct lg_tagset *ts = lg_tagpool_intern(pool, in, 3);
	struct lg_tag f_ok[] = { T("method", "GET"), T("status", "200") };
	struct lg_tag f_val[] = { T("status", "201") };
	struct lg_tag f_missing[] = { T("status", "200"), T("name", "x") };
	struct lg_tag f_empty[] = { T("group", "") };
	struct lg_tag f_prefix[] = { T("status", "20") };

	assert_true(lg_tagset_matches(ts, f_ok, 2));
	assert_true(lg_tagset_matches(ts, f_ok, 1));
	assert_true(lg_tagset_matches(ts, NULL, 0)); /* no filter: everything */
	assert_false(lg_tagset_matches(ts, f_val, 1));
	assert_false(lg_tagset_matches(ts, f_missing, 2));
	assert_true(lg_tagset_matches(ts, f_empty, 1));
	assert_false(lg_tagset_matches(ts, f_prefix, 1));
	assert_false(lg_tagset_matches(lg_tagpool_intern(pool, NULL, 0), f_empty, 1));
	lg_tagpool_free(pool);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identity),
		cmocka_unit_test(test_ordering_and_copy),
		cmocka_unit_test(test_duplicates_and_empty),
		cmocka_unit_test(test_many_pairs),
		cmocka_unit_test(test_cross_pool),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_matches),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
