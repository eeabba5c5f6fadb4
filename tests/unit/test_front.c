/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests for src/front: the tokenizer (through front_int.h), the parser
 * and the printer (through lg_front_compile): regex vs division, ASI,
 * template nesting, Unicode escapes, line preservation, error positions with
 * their caret, and a speed measurement (printed, with a generous bound).
 * The differential tests against Node are tests/integration/test_front_diff.py.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "duktape.h"

#include "../../src/front/front_int.h"
#include "lg/base.h"
#include "lg/front.h"

/* ---- helpers ----------------------------------------------------------------------------- */

/* Compile; the output without the wrapper head and tail.  Fails the test on errors. */
static char *compile_ok(const char *src)
{
	static const char head[] = "function (exports, require, module, __filename, __dirname) {";
	struct lg_buf out = { 0 };
	struct lg_err err = { 0 };
	char *body;

	if (lg_front_compile(src, strlen(src), "t.js", &out, &err) != 0)
		fail_msg("compile failed: %s\n--- source\n%s", err.msg, src);
	assert_true(out.len >= sizeof(head) - 1 + 2);
	assert_memory_equal(out.data, head, sizeof(head) - 1);
	assert_memory_equal(out.data + out.len - 2, "\n}", 2);
	body = lg_xstrndup(out.data + sizeof(head) - 1, out.len - (sizeof(head) - 1) - 2);
	lg_buf_free(&out);
	return body;
}

static void assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("expected \"%s\" in:\n%s", needle, hay);
}

static void assert_not_contains(const char *hay, const char *needle)
{
	if (strstr(hay, needle))
		fail_msg("did not expect \"%s\" in:\n%s", needle, hay);
}

static void expect_out(const char *src, const char *needle)
{
	char *out = compile_ok(src);

	assert_contains(out, needle);
	free(out);
}

/* The compile error message for src (the test fails if it compiles). */
static void expect_error(const char *src, const char *want)
{
	struct lg_buf out = { 0 };
	struct lg_err err = { 0 };
	int rc = lg_front_compile(src, strlen(src), "e.js", &out, &err);

	if (rc == 0)
		fail_msg("should not compile:\n%s\n--- got\n%s", src, out.data);
	assert_int_equal(rc, -LG_ESCRIPT);
	assert_int_equal(err.code, LG_ESCRIPT);
	assert_int_equal(out.len, 0); /* nothing appended on errors */
	if (strcmp(err.msg, want) != 0)
		fail_msg("message\n%s\nexpected\n%s", err.msg, want);
	lg_buf_free(&out);
}

/* Line (1-based) of the first occurrence of needle in text, 0 if absent. */
static int line_of(const char *text, const char *needle)
{
	const char *p = strstr(text, needle);
	int line = 1;

	if (!p)
		return 0;
	for (const char *q = text; q < p; q++)
		if (*q == '\n')
			line++;
	return line;
}

/* ---- the tokenizer directly ------------------------------------------------------------ */

struct lexfix {
	struct fr_ctx cx;
	struct fr_lexer L;
};

static void lex_start(struct lexfix *f, const char *src)
{
	memset(f, 0, sizeof(*f));
	f->cx.src = src;
	f->cx.len = (uint32_t)strlen(src);
	f->cx.filename = "lex.js";
	f->cx.cap_atoms = 64;
	f->cx.atoms = lg_xcalloc(f->cx.cap_atoms, sizeof(*f->cx.atoms));
}

static void lex_end(struct lexfix *f)
{
	free(f->cx.atoms);
	free(f->cx.sb);
	free(f->cx.rb);
	free(f->cx.ib);
	lg__fr_arena_free(&f->cx.arena);
}

static void test_lex_numbers(void **state)
{
	static const struct {
		const char *src;
		double v;
		bool plain;
	} cases[] = {
		{ "0", 0, true },
		{ "42", 42, true },
		{ "3.25", 3.25, true },
		{ ".5", 0.5, true },
		{ "1e3", 1000, true },
		{ "2E-2", 0.02, true },
		{ "0x1F", 31, true },
		{ "0o17", 15, false },
		{ "0b101", 5, false },
		{ "1_000", 1000, false },
		{ "017", 15, false },
		{ "089", 89, false },
		{ "0xFF_FF", 65535, false },
	};
	(void)state;
	for (size_t i = 0; i < LG_ARRAY_SIZE(cases); i++) {
		struct lexfix f;
		struct lg_err err = { 0 };
		lex_start(&f, cases[i].src);
		f.cx.err = &err;
		if (setjmp(f.cx.jmp) == 0) {
			lg__fr_lex_init(&f.L, &f.cx, f.cx.src, f.cx.len);
			assert_int_equal(f.L.tok.type, T_NUM);
			if (f.L.tok.num != cases[i].v)
				fail_msg("%s: %g", cases[i].src, f.L.tok.num);
			assert_int_equal(f.L.tok.num_plain, cases[i].plain);
			lg__fr_lex_next(&f.L);
			assert_int_equal(f.L.tok.type, T_EOF);
		} else {
			fail_msg("%s: %s", cases[i].src, err.msg);
		}
		lex_end(&f);
	}
}

static void test_lex_strings_and_escapes(void **state)
{
	struct lexfix f;
	struct lg_err err = { 0 };
	static const uint16_t want[] = { 'A', 'B', 0xD83D, 0xDE00, '\n', 0x00E9, 0 };

	(void)state;
	lex_start(&f, "'\\x41\\u0042\\u{1F600}\\n\xc3\xa9\\0' \\u0061bc caf\xc3\xa9");
	f.cx.err = &err;
	if (setjmp(f.cx.jmp) != 0)
		fail_msg("%s", err.msg);
	lg__fr_lex_init(&f.L, &f.cx, f.cx.src, f.cx.len);
	assert_int_equal(f.L.tok.type, T_STR);
	assert_int_equal(f.L.tok.str.n, LG_ARRAY_SIZE(want));
	assert_memory_equal(f.L.tok.str.u, want, sizeof(want));
	lg__fr_lex_next(&f.L);
	assert_int_equal(f.L.tok.type, T_NAME);
	assert_true(f.L.tok.escaped);
	assert_string_equal(f.L.tok.atom->s, "abc");
	lg__fr_lex_next(&f.L);
	assert_int_equal(f.L.tok.type, T_NAME);
	assert_false(f.L.tok.escaped);
	assert_string_equal(f.L.tok.atom->s, "caf\xc3\xa9");
	assert_false(f.L.tok.atom->ascii);
	lex_end(&f);
}

static void test_lex_lines(void **state)
{
	struct lexfix f;
	struct lg_err err = { 0 };

	(void)state;
	/* \n, \r\n, \r, U+2028, a comment with a newline, a template with one */
	lex_start(&f, "a\nb\r\nc\rd\xe2\x80\xa8"
	              "e /*\n*/ f `x\ny` g");
	f.cx.err = &err;
	if (setjmp(f.cx.jmp) != 0)
		fail_msg("%s", err.msg);
	lg__fr_lex_init(&f.L, &f.cx, f.cx.src, f.cx.len);
	static const uint32_t lines[] = { 1, 2, 3, 4, 5, 6, 6, 7 };
	static const bool nl[] = { false, true, true, true, true, true, false, false };
	for (size_t i = 0; i < LG_ARRAY_SIZE(lines); i++) {
		if (f.L.tok.line != lines[i])
			fail_msg("token %zu on line %u, expected %u", i, f.L.tok.line, lines[i]);
		assert_int_equal(f.L.tok.nl_before, nl[i]);
		lg__fr_lex_next(&f.L);
	}
	assert_int_equal(f.L.tok.type, T_EOF);
	lex_end(&f);
}

static void test_lex_template_chunks(void **state)
{
	struct lexfix f;
	struct lg_err err = { 0 };

	(void)state;
	lex_start(&f, "`a\\n${x}\\u{41}`");
	f.cx.err = &err;
	if (setjmp(f.cx.jmp) != 0)
		fail_msg("%s", err.msg);
	lg__fr_lex_init(&f.L, &f.cx, f.cx.src, f.cx.len);
	assert_int_equal(f.L.tok.type, T_TEMPLATE);
	assert_false(f.L.tok.tpl_tail);
	assert_int_equal(f.L.tok.str.n, 2); /* a, newline */
	assert_int_equal(f.L.tok.raw.n, 3); /* a \ n */
	lg__fr_lex_next(&f.L);
	assert_int_equal(f.L.tok.type, T_NAME);
	lg__fr_lex_next(&f.L);
	assert_int_equal(f.L.tok.type, T_RBRACE);
	lg__fr_lex_template_continue(&f.L);
	assert_int_equal(f.L.tok.type, T_TEMPLATE);
	assert_true(f.L.tok.tpl_tail);
	assert_int_equal(f.L.tok.str.n, 1);
	assert_int_equal(f.L.tok.str.u[0], 'A');
	assert_int_equal(f.L.tok.raw.n, 6);
	lex_end(&f);
}

/* ---- parsing and printing ------------------------------------------------------------------ */

static void test_regex_vs_division(void **state)
{
	(void)state;
	expect_out("var r = a / b / c;", "a / b / c");
	expect_out("var r = (a) / b / c;", "a / b / c");
	expect_out("var r = x[0] / 2 / y;", "x[0] / 2 / y");
	expect_out("var r = x /= 2;", "x /= 2");
	expect_out("var r = /ab+c/gi;", "/ab+c/gi");
	expect_out("var r = x ? /a/ : /b/;", "x ? /a/ : /b/");
	expect_out("f(/[/]/);", "f(/[/]/)");
	expect_out("{}\n/re/.test(s);", "/re/.test(s)");
	expect_out("if (x) /re/.exec(s);", "/re/.exec(s)");
	expect_out("return_ = typeof /x/;", "typeof /x/");
	expect_out("var a = b\n/c/g.exec(d);", "c / g.exec(d)");
	expect_out("var r = /=/.test(s);", "/=/.test(s)");
	expect_out("x = y++ / 2;", "y++ / 2");
}

static void test_asi(void **state)
{
	char *out;

	(void)state;
	/* return followed by a newline returns undefined */
	out = compile_ok("function f() {\n  return\n  42\n}");
	assert_contains(out, "return;");
	free(out);
	/* a line starting with ( continues the previous expression */
	out = compile_ok("var a = b\n(c)");
	assert_contains(out, "var a = b(\nc);");
	free(out);
	/* ++ on the next line is a prefix of the next statement */
	out = compile_ok("a\n++\nb");
	assert_contains(out, "a;");
	assert_contains(out, "++\nb;");
	free(out);
	/* no ASI needed before } and at the end */
	out = compile_ok("function f() { return 1 }\nvar x = 2");
	assert_contains(out, "return 1;");
	assert_contains(out, "var x = 2;");
	free(out);
	/* a restricted production keeps its argument on the line */
	out = compile_ok("function f() {\n  return (\n    1 + 2\n  );\n}");
	assert_contains(out, "return 1 + \n2;");
	free(out);
	out = compile_ok("function g() {\n  throw new Error(\n'x');\n}");
	assert_contains(out, "throw new Error(");
	free(out);
	expect_error("var a = 1 var b = 2;", "e.js:1:11: SyntaxError: Unexpected token 'var'\n"
	                                     "    1 | var a = 1 var b = 2;\n"
	                                     "                  ^");
}

static void test_templates(void **state)
{
	char *out;

	(void)state;
	expect_out("var t = `a${b}c`;", "\"a\" + b + \"c\"");
	expect_out("var t = `${a}${b}`;", "\"\" + a + b");
	expect_out("var t = `${a + b}`;", "\"\" + (a + b)");
	expect_out("var t = `plain`;", "\"plain\"");
	expect_out("var t = `x${`y${z}`}`;", "\"x\" + (\"y\" + z)");
	expect_out("var t = `${{a: 1}.a}`;", "{a: 1}.a");
	expect_out("var t = `${ {} }`;", "\"\" + {}");
	expect_out("var t = `a${'}'}b`;", "\"a\" + \"}\" + \"b\"");
	expect_out("var t = `\\u{1F600}`;", "\"\\uD83D\\uDE00\"");
	/* tagged: one cached strings array per call site, with raw */
	out = compile_ok("f`a${1}\\n`;\nf`a`;");
	assert_contains(out, "f(tpl$");
	assert_contains(out, "__lg_rt.tpl([\"a\", \"\\n\"], [\"a\", \"\\\\n\"])), 1)");
	assert_int_equal(line_of(out, "f(tpl$"), 1);
	assert_int_equal(line_of(out, "__lg_rt.tpl([\"a\"], [\"a\"])"), 2);
	free(out);
	/* an invalid escape is allowed in a tagged template: cooked undefined */
	expect_out("f`\\unicode`;", "__lg_rt.tpl([void 0], [\"\\\\unicode\"])");
	expect_error("var t = `\\unicode`;",
	             "e.js:1:9: SyntaxError: Invalid escape sequence in template literal\n"
	             "    1 | var t = `\\unicode`;\n"
	             "                ^");
}

static void test_unicode_escapes(void **state)
{
	char *out;

	(void)state;
	out = compile_ok("var \\u0061b\\u{63} = '\\u00e9\xc3\xa9';");
	assert_contains(out, "var abc = \"\\xE9\\xE9\";");
	free(out);
	/* non-ASCII identifiers stay UTF-8, strings become escapes */
	out = compile_ok("var caf\xc3\xa9 = '\xe2\x9c\x93';");
	assert_contains(out, "var caf\xc3\xa9 = \"\\u2713\";");
	free(out);
	expect_error("var \\u0030x = 1;", "e.js:1:5: SyntaxError: Invalid Unicode escape sequence\n"
	                                  "    1 | var \\u0030x = 1;\n"
	                                  "            ^");
	expect_error("var s = '\\u{110000}';",
	             "e.js:1:10: SyntaxError: Undefined Unicode code-point\n"
	             "    1 | var s = '\\u{110000}';\n"
	             "                 ^");
}

/* Every statement keeps its line: marker mN() must be on output line N. */
static void test_lines_preserved(void **state)
{
	static const char src[] =
	    "import { check } from 'k6';\n"                             /* 1 */
	    "m2();\n"                                                   /* 2 */
	    "const {a, b: [c = m3()] = []} = m3obj;\n"                  /* 3 */
	    "class K extends Object {\n"                                /* 4 */
	    "  x = m5();\n"                                             /* 5 */
	    "  constructor() {\n"                                       /* 6 */
	    "    super();\n"                                            /* 7 */
	    "    m8();\n"                                               /* 8 */
	    "  }\n"                                                     /* 9 */
	    "  async m() { return await m10(); }\n"                     /* 10 */
	    "}\n"                                                       /* 11 */
	    "for (const x of [1, 2]) {\n"                               /* 12 */
	    "  m13_(`t${x}`, ...rest);\n"                               /* 13 */
	    "}\n"                                                       /* 14 */
	    "export default function () {\n"                            /* 15 */
	    "  const o = {\n"                                           /* 16 */
	    "    a: m17(),\n"                                           /* 17 */
	    "    ...m18(),\n"                                           /* 18 */
	    "  };\n"                                                    /* 19 */
	    "  return o?.a ?? m20();\n"                                 /* 20 */
	    "}\n"                                                       /* 21 */
	    "for (let i = 0; i < 2; i++) { fns.push(() => m22(i)); }\n" /* 22 */
	    "check(m23(), {});\n";                                      /* 23 */
	static const int markers[] = { 2, 3, 5, 8, 10, 13, 17, 18, 20, 22, 23 };
	char *out = compile_ok(src);
	char needle[16];

	(void)state;
	for (size_t i = 0; i < LG_ARRAY_SIZE(markers); i++) {
		snprintf(needle, sizeof(needle), markers[i] == 13 ? "m%d_" : "m%d(", markers[i]);
		if (line_of(out, needle) != markers[i])
			fail_msg("%s on line %d, expected %d:\n%s", needle, line_of(out, needle),
			         markers[i], out);
	}
	/* the output has exactly the source's line count (no line added) */
	assert_int_equal(line_of(out, "m23("), 23);
	assert_null(strchr(strstr(out, "m23("), '\n'));
	free(out);
}

static void test_lowering_shapes(void **state)
{
	char *out;

	(void)state;
	/* let in a block that shadows: renamed */
	out = compile_ok("var x = 1; { let x = 2; f(x); } f(x);");
	assert_contains(out, "var x$");
	assert_contains(out, "f(x);");
	free(out);
	/* a captured loop variable: one copy per iteration through catch */
	out = compile_ok("for (let i = 0; i < 3; i++) fns.push(() => i);");
	assert_contains(out, "try { throw i; } catch (i$");
	free(out);
	/* not captured: no wrapper */
	out = compile_ok("for (let i = 0; i < 3; i++) f(i);");
	assert_not_contains(out, "throw");
	free(out);
	/* const assignment throws at run time */
	expect_out("const c = 1; c = 2;", "__lg_rt.constErr(\"c\")");
	/* arrows take this and arguments from the enclosing function */
	out = compile_ok("function f() { return () => this.x + arguments[0]; }");
	assert_contains(out, "this$");
	assert_contains(out, "= this");
	assert_contains(out, "arguments$");
	free(out);
	expect_out("a ** b;", "Math.pow(a, b)");
	expect_out("a?.b;", "a == null ? void 0 : a.b");
	expect_out("a ?? b;", "a != null ? a : b");
	expect_out("f(...a);", "f.apply(void 0, __lg_rt.sp(a))");
	expect_out("async function f() { await g(); }",
	           "return __lg_rt.async(this, arguments, function () {");
	expect_out("await g();", "__lg_await(g())");
	/* ES modules */
	out = compile_ok("import http from 'k6/http';\nexport const options = {};\n"
	                 "export default function () { http.get('x'); }");
	assert_contains(out, "Object.defineProperty(exports, \"__esModule\", {value: true});");
	assert_contains(out, "Object.defineProperty(exports, \"options\", {enumerable: true, "
	                     "\"get\"() { return options; }});");
	/* const and function exports become data properties after the body */
	assert_contains(out, "__lg_rt.seal(exports, [\"options\", \"default\"]);");
	assert_contains(out, "= __lg_rt.imp(require(\"k6/http\"));");
	assert_contains(out, ".default.get(\"x\")");
	assert_contains(out, "\"use strict\";");
	free(out);
	/* a script stays a script: no __esModule, no strict mode added */
	out = compile_ok("const x = require('k6'); module.exports = { x };");
	assert_not_contains(out, "__esModule");
	assert_not_contains(out, "use strict");
	assert_contains(out, "module.exports = {x: x};");
	free(out);
}

static void test_error_positions(void **state)
{
	(void)state;
	expect_error("let a = 1;\nlet b = a +* 2;\n",
	             "e.js:2:12: SyntaxError: Unexpected token '*'\n"
	             "    2 | let b = a +* 2;\n"
	             "                   ^");
	expect_error("const s = \"h\xc3\xa9llo\"; )",
	             "e.js:1:20: SyntaxError: Unexpected token ')'\n"
	             "    1 | const s = \"h\xc3\xa9llo\"; )\n"
	             "                           ^");
	expect_error("if (x) {\n\tfoo(;\n}", "e.js:2:6: SyntaxError: Unexpected token ';'\n"
	                                     "    2 | \tfoo(;\n"
	                                     "        \t    ^");
	expect_error("function* g() {}",
	             "e.js:1:9: not supported yet: generator functions (function*)\n"
	             "    1 | function* g() {}\n"
	             "                ^");
	expect_error("async function f(x) {\n  for await (const a of x) {}\n}",
	             "e.js:2:7: not supported yet: for await...of\n"
	             "    2 |   for await (const a of x) {}\n"
	             "              ^");
	expect_error("let x;\nlet x;",
	             "e.js:2:5: SyntaxError: Identifier 'x' has already been declared\n"
	             "    2 | let x;\n"
	             "            ^");
	expect_error("x = 'abc\n", "e.js:1:5: SyntaxError: Unterminated string constant\n"
	                           "    1 | x = 'abc\n"
	                           "            ^");
	expect_error("a\r\nb\r\n)", "e.js:3:1: SyntaxError: Unexpected token ')'\n"
	                            "    3 | )\n"
	                            "        ^");
	expect_error("f(", "e.js:1:3: SyntaxError: Unexpected end of input\n"
	                   "    1 | f(\n"
	                   "          ^");
	/* a long line is cut around the column */
	{
		struct lg_buf src = { 0 };
		struct lg_err err = { 0 };
		struct lg_buf out = { 0 };
		lg_buf_puts(&src, "var x = [");
		for (int i = 0; i < 200; i++)
			lg_buf_puts(&src, "1, ");
		lg_buf_puts(&src, "@];");
		assert_int_equal(lg_front_compile(src.data, src.len, "e.js", &out, &err),
		                 -LG_ESCRIPT);
		assert_contains(err.msg, "e.js:1:610: SyntaxError: Invalid or unexpected token\n"
		                         "    1 | ...");
		assert_contains(err.msg, "@];\n");
		assert_true(strlen(strchr(err.msg, '\n') + 1) < 300);
		lg_buf_free(&src);
	}
}

static void test_wrapper_and_bom(void **state)
{
	struct lg_buf out = { 0 };
	struct lg_err err = { 0 };
	static const char src[] = "\xef\xbb\xbf"
	                          "var a = 1;";

	(void)state;
	lg_buf_puts(&out, "prefix:");
	assert_int_equal(lg_front_compile(src, sizeof(src) - 1, "b.js", &out, &err), 0);
	assert_string_equal(out.data, "prefix:function (exports, require, module, __filename, "
	                              "__dirname) {var a = 1;\n}");
	lg_buf_free(&out);
	/* the helper library is a function expression */
	assert_non_null(strstr(lg_front_helpers_js(), "function (global, rt) {"));
}

static void push_helpers(duk_context *ctx, void *ud)
{
	int *calls = ud;

	(*calls)++;
	duk_push_string(ctx, lg_front_helpers_js());
	duk_push_string(ctx, "helpers.js");
	duk_compile(ctx, DUK_COMPILE_FUNCTION);
}

/* __lg_rt: C helpers at once, the JavaScript ones loaded by the first read */
static void test_runtime_helpers(void **state)
{
	duk_context *ctx = duk_create_heap_default();
	int calls = 0;

	(void)state;
	lg_front_install_runtime(ctx, push_helpers, &calls);
	duk_eval_string(ctx, "var a = __lg_rt.rest([1, 2, 3], 1), n = __lg_rt.imp(7);"
	                     "JSON.stringify([a, n['default'], __lg_rt.key(5)])");
	assert_string_equal(duk_get_string(ctx, -1), "[[2,3],7,\"5\"]");
	duk_pop(ctx);
	assert_int_equal(calls, 0);
	duk_eval_string(ctx, "__lg_rt.arr('ab', -1).join('+') + __lg_rt.sp([1]).length");
	assert_string_equal(duk_get_string(ctx, -1), "a+b1");
	duk_pop(ctx);
	assert_int_equal(calls, 1); /* loaded once, the accessors replaced */
	assert_true(lg_front_runtime_names_ok(ctx));
	duk_destroy_heap(ctx);
}

/* ---- speed ------------------------------------------------------------------------------------ */

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* A k6-like script of about `lines` lines using most of the lowered syntax. */
static void gen_script(struct lg_buf *b, int lines)
{
	static int serial;

	lg_buf_printf(b,
	              "import http%d from 'k6/http';\nimport { check as check%d } from 'k6';\n"
	              "export const options%d = { vus: 10, duration: '30s' };\n",
	              serial, serial, serial);
	for (int i = serial * 1000; lines > 0; i++) {
		lg_buf_printf(
		    b,
		    "export function step%d({ base = 'http://x', n = %d } = {}, ...rest) {\n"
		    "  const url = `${base}/items/${n}?q=${rest.length}`;\n"
		    "  let total = 0;\n"
		    "  for (const [k, v] of Object.entries({ a: n, b: n * 2 })) {\n"
		    "    total += v ** 2;\n"
		    "  }\n"
		    "  const res = http%d.get(url, { headers: { 'X-Id': `${n}` }, ...rest[0] });\n"
		    "  check%d(res, { 'ok': (r) => r?.status === 200 ?? false });\n"
		    "  class C%d extends Object { m() { return super.toString(); } }\n"
		    "  return [total, ...rest].map((x) => x * 2 /* c */ / 3);\n"
		    "}\n",
		    i, i, serial, serial, i);
		lines -= 11;
	}
	serial++;
}

static void test_speed(void **state)
{
	struct lg_buf src = { 0 }, out = { 0 }, big = { 0 };
	struct lg_err err = { 0 };
	double t0, best = 1e9, mbs;
	int lines = 0;

	(void)state;
	gen_script(&src, 1000);
	for (const char *p = src.data; *p; p++)
		lines += *p == '\n';
	for (int rep = 0; rep < 20; rep++) {
		lg_buf_reset(&out);
		t0 = now_ms();
		if (lg_front_compile(src.data, src.len, "gen.js", &out, &err) != 0)
			fail_msg("%s", err.msg);
		if (now_ms() - t0 < best)
			best = now_ms() - t0;
	}
	while (big.len < 5 * 1024 * 1024)
		gen_script(&big, 1000);
	lg_buf_reset(&out);
	t0 = now_ms();
	if (lg_front_compile(big.data, big.len, "big.js", &out, &err) != 0)
		fail_msg("%s", err.msg);
	t0 = now_ms() - t0;
	mbs = big.len / 1048576.0 / (t0 / 1000.0);
	print_message("front speed: %d lines (%zu bytes) in %.3f ms (%.3f ms per 1,000 lines); "
	              "%.1f MB in %.1f ms = %.1f MB/s\n",
	              lines, src.len, best, best * 1000.0 / lines, big.len / 1048576.0, t0, mbs);
	/* generous: sanitizer builds are slow; the target (release) is well under 5 ms */
	assert_true(best * 1000.0 / lines < 100.0);
	lg_buf_free(&src);
	lg_buf_free(&out);
	lg_buf_free(&big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lex_numbers),
		cmocka_unit_test(test_lex_strings_and_escapes),
		cmocka_unit_test(test_lex_lines),
		cmocka_unit_test(test_lex_template_chunks),
		cmocka_unit_test(test_regex_vs_division),
		cmocka_unit_test(test_asi),
		cmocka_unit_test(test_templates),
		cmocka_unit_test(test_unicode_escapes),
		cmocka_unit_test(test_lines_preserved),
		cmocka_unit_test(test_lowering_shapes),
		cmocka_unit_test(test_error_positions),
		cmocka_unit_test(test_wrapper_and_bom),
		cmocka_unit_test(test_runtime_helpers),
		cmocka_unit_test(test_speed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
