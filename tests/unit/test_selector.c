/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests for src/html: the CSS selector compiler (errors with their
 * positions) and matching over small documents parsed by libxml2, checked as
 * exact lists of the matched elements' ids in document order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lg/html.h"

/* Every element has an id, so a match list reads as "a,b,c". */
static const char page[] =
    "<!DOCTYPE html><html id=html><head id=head><title id=title>t</title></head>"
    "<body id=body>"
    "<div id=d1 class='box main' lang=en-GB data-x='Hello World'>"
    "<p id=p1 class=lead>first <b id=b1>bold</b></p>"
    "<p id=p2>second</p>"
    "<span id=s1></span>"
    "<p id=p3 title='a b c'>third</p>"
    "</div>"
    "<ul id=list>"
    "<li id=l1 class=item>1</li><li id=l2 class='item odd'>2</li><li id=l3 class=item>3</li>"
    "<li id=l4 class=item>4</li><li id=l5 class='item last'>5</li>"
    "</ul>"
    "<div id=d2><a id=a1 href='/x/y.html'>x</a><a id=a2 href='https://e.test/z'>z</a>"
    "<a id=a3 name=anchor>no href</a><!-- c --></div>"
    "<form id=f><input id=i1 type=checkbox checked><input id=i2 type=text disabled>"
    "<select id=sel><option id=o1>a</option><option id=o2 selected>b</option></select>"
    "<textarea id=ta></textarea></form>"
    "<p id=p4>  </p>"
    "</body></html>";

static xmlDocPtr doc;

static int setup(void **state)
{
	doc = lg_html_parse(page, sizeof(page) - 1);
	return doc ? 0 : -1;
}

static int teardown(void **state)
{
	xmlFreeDoc(doc);
	return 0;
}

/* The ids of the elements matching sel in the document, comma-separated. */
static char *ids(const char *sel)
{
	struct lg_sel *s = NULL;
	struct lg_err err = { 0 };
	struct lg_nodes found = { 0 };
	struct lg_buf b = { 0 };

	if (lg_sel_compile(sel, &s, &err) < 0)
		return lg_xstrdup("ERROR");
	lg_sel_find(s, (xmlNodePtr)doc, &found);
	lg_buf_puts(&b, "");
	for (size_t i = 0; i < found.n; i++) {
		const char *id = lg_html_attr(found.v[i], "id");
		lg_buf_printf(&b, "%s%s", i ? "," : "", id ? id : "?");
	}
	lg_nodes_free(&found);
	lg_sel_free(s);
	return lg_buf_steal(&b);
}

struct match_case {
	const char *sel;
	const char *want;
};

static const struct match_case matches[] = {
	/* type, universal, id, class */
	{ "li", "l1,l2,l3,l4,l5" },
	{ "LI", "l1,l2,l3,l4,l5" },
	{ "#p2", "p2" },
	{ "p#p2", "p2" },
	{ "div#p2", "" },
	{ ".item.odd", "l2" },
	{ ".box", "d1" },
	{ "div.main > p", "p1,p2,p3" },
	{ "body > *", "d1,list,d2,f,p4" },
	/* attributes */
	{ "[href]", "a1,a2" },
	{ "a[name=anchor]", "a3" },
	{ "a[name='anchor']", "a3" },
	{ "a[name=\"ANCHOR\" i]", "a3" },
	{ "a[name=\"ANCHOR\"]", "" },
	{ "[title~=b]", "p3" },
	{ "[title~='a b']", "" },
	{ "[lang|=en]", "d1" },
	{ "[lang|=en-GB]", "d1" },
	{ "[lang|=e]", "" },
	{ "[href^='/x']", "a1" },
	{ "[href^=\"\"]", "" },
	{ "[href$='.html']", "a1" },
	{ "[href$=.html]", "ERROR" },
	{ "[href*='e.test']", "a2" },
	{ "[data-x*='lo Wo']", "d1" },
	{ "a[href!='/x/y.html']", "a2,a3" },
	{ "[ data-x = 'Hello World' ]", "d1" },
	/* combinators */
	{ "div p", "p1,p2,p3" },
	{ "body p", "p1,p2,p3,p4" },
	{ "div > b", "" },
	{ "p > b", "b1" },
	{ "#p1 + p", "p2" },
	{ "#p1 ~ p", "p2,p3" },
	{ "#p2 ~ *", "s1,p3" },
	{ "span + p", "p3" },
	{ "#d1 ~ div a", "a1,a2,a3" },
	{ "html > body > div > p > b", "b1" },
	/* lists */
	{ "#l2, #p1, #l1", "p1,l1,l2" },
	{ "b,b", "b1" },
	/* structural pseudo-classes */
	{ "li:first-child", "l1" },
	{ "li:last-child", "l5" },
	{ "#d1 > :first-child", "p1" },
	{ "#d1 > :last-child", "p3" },
	{ "b:only-child", "b1" }, /* text siblings do not count */
	{ "title:only-child", "title" },
	{ "li:nth-child(2)", "l2" },
	{ "li:nth-child(odd)", "l1,l3,l5" },
	{ "li:nth-child(even)", "l2,l4" },
	{ "li:nth-child(2n+1)", "l1,l3,l5" },
	{ "li:nth-child( 3n - 1 )", "l2,l5" },
	{ "li:nth-child(-n+2)", "l1,l2" },
	{ "li:nth-child(n+4)", "l4,l5" },
	{ "li:nth-child(0n+3)", "l3" },
	{ "li:nth-last-child(1)", "l5" },
	{ "li:nth-last-child(2n)", "l2,l4" },
	{ "#d1 > p:first-of-type", "p1" },
	{ "#d1 > p:last-of-type", "p3" },
	{ "#d1 > span:only-of-type", "s1" },
	{ "#d1 > p:nth-of-type(2)", "p2" },
	{ "#d1 > p:nth-last-of-type(1)", "p3" },
	{ "p:empty, span:empty", "s1" },
	{ ":root", "html" },
	/* :not, :is, :has, :contains */
	{ "li:not(.item)", "" },
	{ "li:not(.odd):not(.last)", "l1,l3,l4" },
	{ "#d1 > :not(p)", "s1" },
	{ "li:not(:nth-child(odd), #l2)", "l4" },
	{ "li:is(#l1, #l3)", "l1,l3" },
	{ "div:has(b)", "d1" },
	{ "div:has(> a)", "ERROR" },
	{ "div:has(a[name])", "d2" },
	{ "p:contains(\"bold\")", "p1" },
	{ "p:contains('second')", "p2" },
	{ "p:contains(Bold)", "" },
	{ "p:containsOwn(bold)", "" },
	/* form state */
	{ ":checked", "i1,o2" },
	{ "option:selected", "o2" },
	{ "input:disabled", "i2" },
	{ "input:enabled", "i1" },
	/* escapes */
	{ "#\\70 1", "p1" },
	{ "#p\\31", "p1" },
};

static void test_matching(void **state)
{
	int bad = 0;

	for (size_t i = 0; i < LG_ARRAY_SIZE(matches); i++) {
		char *got = ids(matches[i].sel);
		if (strcmp(got, matches[i].want) != 0) {
			fprintf(stderr, "selector %s: got \"%s\", want \"%s\"\n", matches[i].sel,
			        got, matches[i].want);
			bad++;
		}
		free(got);
	}
	assert_int_equal(bad, 0);
}

/* lg_sel_match on single nodes, and find() below a sub-tree root. */
static void test_match_and_scope(void **state)
{
	struct lg_sel *s = NULL;
	struct lg_err err = { 0 };
	struct lg_nodes found = { 0 };
	xmlNodePtr d1 = NULL;

	assert_int_equal(lg_sel_compile("div", &s, &err), 0);
	lg_sel_find(s, (xmlNodePtr)doc, &found);
	assert_int_equal(found.n, 2);
	d1 = found.v[0];
	assert_true(lg_sel_match(s, d1));
	assert_false(lg_sel_match(s, d1->children));           /* p1 */
	assert_false(lg_sel_match(s, (xmlNodePtr)doc));        /* not an element */
	assert_false(lg_sel_match(s, d1->children->children)); /* a text node */
	lg_sel_free(s);
	lg_nodes_free(&found);

	/* ancestors above the root may satisfy the left part (jQuery's find) */
	assert_int_equal(lg_sel_compile("body p", &s, &err), 0);
	lg_sel_find(s, d1, &found);
	assert_int_equal(found.n, 3);
	lg_nodes_free(&found);
	lg_sel_free(s);
	/* the root itself is not a candidate */
	assert_int_equal(lg_sel_compile("div", &s, &err), 0);
	lg_sel_find(s, d1, &found);
	assert_int_equal(found.n, 0);
	lg_nodes_free(&found);
	lg_sel_free(s);
}

struct err_case {
	const char *sel;
	const char *msg; /* the whole message */
};

static const struct err_case errors[] = {
	{ "", "invalid selector \"\": unexpected end, expected a selector at position 1" },
	{ "li:foo", "invalid selector \"li:foo\": unknown pseudo-class \":foo\" at position 3" },
	{ "ul >", "invalid selector \"ul >\": unexpected end, expected a selector at position 5" },
	{ "a,", "invalid selector \"a,\": unexpected end, expected a selector at position 3" },
	{ "a[href",
	  "invalid selector \"a[href\": expected ']' or an attribute operator (= ~= |= ^= $= *= !=) at position 7" },
	{ "a[href=]",
	  "invalid selector \"a[href=]\": expected an attribute value (a name or a quoted string) at position 8" },
	{ "a[href='x]", "invalid selector \"a[href='x]\": unterminated string at position 11" },
	{ "a[=x]", "invalid selector \"a[=x]\": expected an attribute name at position 3" },
	{ "a[x=y z]", "invalid selector \"a[x=y z]\": expected ']' at position 7" },
	{ "p::before",
	  "invalid selector \"p::before\": pseudo-elements (::) are not supported at position 3" },
	{ "li:nth-child(x)",
	  "invalid selector \"li:nth-child(x)\": expected an+b, odd or even at position 14" },
	{ "li:nth-child(2n+)",
	  "invalid selector \"li:nth-child(2n+)\": expected a number after the sign in an+b at position 17" },
	{ "li:nth-child(2", "invalid selector \"li:nth-child(2\": expected ')' at position 15" },
	{ "li:first-child(1)",
	  "invalid selector \"li:first-child(1)\": this pseudo-class takes no argument at position 15" },
	{ "li:not(",
	  "invalid selector \"li:not(\": unexpected end, expected a selector at position 8" },
	{ "li:not(a", "invalid selector \"li:not(a\": expected ')' at position 9" },
	{ "#", "invalid selector \"#\": expected an id after '#' at position 2" },
	{ "a.", "invalid selector \"a.\": expected a class name after '.' at position 3" },
	{ "a $",
	  "invalid selector \"a $\": unexpected character, expected a selector at position 3" },
	{ "a)", "invalid selector \"a)\": unexpected character at position 2" },
	{ "p:contains()",
	  "invalid selector \"p:contains()\": expected a quoted string at position 12" },
	{ "> p",
	  "invalid selector \"> p\": unexpected character, expected a selector at position 1" },
};

static void test_errors(void **state)
{
	int bad = 0;

	for (size_t i = 0; i < LG_ARRAY_SIZE(errors); i++) {
		struct lg_sel *s = (struct lg_sel *)1;
		struct lg_err err = { 0 };
		int rc = lg_sel_compile(errors[i].sel, &s, &err);
		if (rc != -LG_ESCRIPT || s != NULL || strcmp(err.msg, errors[i].msg) != 0) {
			fprintf(stderr, "selector %s: rc %d, message \"%s\", want \"%s\"\n",
			        errors[i].sel, rc, err.msg, errors[i].msg);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

static void test_limits(void **state)
{
	struct lg_sel *s = NULL;
	struct lg_err err = { 0 };
	char deep[256], *big;
	size_t k = 0;

	/* nesting deeper than LG_SEL_MAX_DEPTH fails cleanly */
	for (int i = 0; i < LG_SEL_MAX_DEPTH + 1; i++) {
		memcpy(deep + k, ":not(", 5);
		k += 5;
	}
	deep[k++] = 'a';
	for (int i = 0; i < LG_SEL_MAX_DEPTH + 1; i++)
		deep[k++] = ')';
	deep[k] = 0;
	assert_int_equal(lg_sel_compile(deep, &s, &err), -LG_ESCRIPT);
	assert_non_null(strstr(err.msg, "too deeply nested"));
	/* exactly LG_SEL_MAX_DEPTH levels is fine: drop the outer :not( and one ) */
	deep[k - 1] = 0;
	assert_int_equal(lg_sel_compile(deep + 5, &s, &err), 0);
	lg_sel_free(s);
	/* at most LG_SEL_MAX_COMPOUNDS compounds in a complex selector */
	k = 0;
	for (int i = 0; i < LG_SEL_MAX_COMPOUNDS; i++) {
		memcpy(deep + k, "a ", 2);
		k += 2;
	}
	deep[k - 1] = 0;
	assert_int_equal(lg_sel_compile(deep, &s, &err), 0);
	lg_sel_free(s);
	deep[k - 1] = ' ';
	deep[k++] = 'b';
	deep[k] = 0;
	memset(&err, 0, sizeof(err));
	assert_int_equal(lg_sel_compile(deep, &s, &err), -LG_ESCRIPT);
	assert_string_equal(strstr(err.msg, "\": ") + 3,
	                    "too many combinators in one selector at position 65");
	big = lg_xcalloc(1, LG_SEL_MAX_LEN + 2);
	memset(big, 'a', LG_SEL_MAX_LEN + 1);
	memset(&err, 0, sizeof(err));
	assert_int_equal(lg_sel_compile(big, &s, &err), -LG_ESCRIPT);
	assert_non_null(strstr(err.msg, "longer than"));
	free(big);
}

/* Text and markup helpers over the same tree. */
static void test_text_markup(void **state)
{
	struct lg_sel *s = NULL;
	struct lg_err err = { 0 };
	struct lg_nodes found = { 0 };
	struct lg_buf b = { 0 };

	assert_int_equal(lg_sel_compile("#p1", &s, &err), 0);
	lg_sel_find(s, (xmlNodePtr)doc, &found);
	assert_int_equal(found.n, 1);
	lg_html_text(found.v[0], &b);
	assert_string_equal(b.data, "first bold");
	lg_buf_reset(&b);
	lg_html_markup(found.v[0], false, &b);
	assert_string_equal(b.data, "first <b id=\"b1\">bold</b>");
	lg_buf_reset(&b);
	lg_html_markup(found.v[0], true, &b);
	assert_string_equal(b.data, "<p id=\"p1\" class=\"lead\">first <b id=\"b1\">bold</b></p>");
	assert_string_equal(lg_html_node_name(found.v[0]), "p");
	assert_string_equal(lg_html_node_name(found.v[0]->children), "#text");
	assert_string_equal(lg_html_attr(found.v[0], "class"), "lead");
	assert_null(lg_html_attr(found.v[0], "title"));
	lg_buf_free(&b);
	lg_nodes_free(&found);
	lg_sel_free(s);
}

/* Empty and hostile inputs still give a document. */
static void test_parse_edges(void **state)
{
	xmlDocPtr d = lg_html_parse("", 0);
	assert_non_null(d);
	xmlFreeDoc(d);
	d = lg_html_parse("<<<>>>&&&\0zz", 12);
	assert_non_null(d);
	xmlFreeDoc(d);
	d = lg_html_parse("<p>caf\xc3\xa9 <meta charset=latin1>", 30);
	assert_non_null(d);
	xmlFreeDoc(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matching),    cmocka_unit_test(test_match_and_scope),
		cmocka_unit_test(test_errors),      cmocka_unit_test(test_limits),
		cmocka_unit_test(test_text_markup), cmocka_unit_test(test_parse_edges),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
