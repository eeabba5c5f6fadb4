/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lex.c - the JavaScript tokenizer: one token at a time, on demand.
 *
 * The tokenizer never guesses between a regular expression and a division,
 * or between `}` and the rest of a template: the parser knows, and rescans
 * the current token (lg__fr_lex_regex, lg__fr_lex_template_continue).
 * Strings are cooked to UTF-16 code units (struct fr_str), so every escape,
 * including \u{...} and lone surrogates, survives to the printer exactly.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "front_int.h"

static const char *const punct_text[] = {
#define FR_X(n, s) [T_##n] = s,
	FR_PUNCT(FR_X)
#undef FR_X
};

const char *lg__fr_tok_text(enum fr_tok t)
{
	switch (t) {
	case T_IN:
		return "in";
	case T_INSTANCEOF:
		return "instanceof";
	case T_TYPEOF:
		return "typeof";
	case T_VOID:
		return "void";
	case T_DELETE:
		return "delete";
	default:
		if (t > T_REGEX && t < T_IN)
			return punct_text[t];
		return "?";
	}
}

uint32_t lg__fr_utf8_next(const char *s, uint32_t len, uint32_t *i)
{
	const unsigned char *p = (const unsigned char *)s + *i;
	uint32_t left = len - *i, cp, need;

	if (p[0] < 0x80) {
		(*i)++;
		return p[0];
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		cp = p[0] & 0x1F;
		need = 1;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		cp = p[0] & 0x0F;
		need = 2;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		cp = p[0] & 0x07;
		need = 3;
	} else {
		(*i)++;
		return 0xFFFD;
	}
	if (left < need + 1) {
		(*i)++;
		return 0xFFFD;
	}
	for (uint32_t k = 1; k <= need; k++) {
		if ((p[k] & 0xC0) != 0x80) {
			(*i)++;
			return 0xFFFD;
		}
		cp = (cp << 6) | (p[k] & 0x3F);
	}
	if ((need == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (need == 3 && (cp < 0x10000 || cp > 0x10FFFF))) {
		(*i)++;
		return 0xFFFD;
	}
	*i += need + 1;
	return cp;
}

/* ---- scratch buffers ------------------------------------------------------ */

static void sb_push(struct fr_ctx *cx, uint16_t u)
{
	if (cx->sb_n == cx->sb_cap) {
		cx->sb_cap = cx->sb_cap ? cx->sb_cap * 2 : 256;
		cx->sb = lg_xrealloc(cx->sb, cx->sb_cap * sizeof(uint16_t));
	}
	cx->sb[cx->sb_n++] = u;
}

static void rb_push(struct fr_ctx *cx, uint16_t u)
{
	if (cx->rb_n == cx->rb_cap) {
		cx->rb_cap = cx->rb_cap ? cx->rb_cap * 2 : 256;
		cx->rb = lg_xrealloc(cx->rb, cx->rb_cap * sizeof(uint16_t));
	}
	cx->rb[cx->rb_n++] = u;
}

static void sb_cp(struct fr_ctx *cx, uint32_t cp)
{
	if (cp >= 0x10000) {
		cp -= 0x10000;
		sb_push(cx, (uint16_t)(0xD800 + (cp >> 10)));
		sb_push(cx, (uint16_t)(0xDC00 + (cp & 0x3FF)));
	} else {
		sb_push(cx, (uint16_t)cp);
	}
}

static void rb_cp(struct fr_ctx *cx, uint32_t cp)
{
	if (cp >= 0x10000) {
		cp -= 0x10000;
		rb_push(cx, (uint16_t)(0xD800 + (cp >> 10)));
		rb_push(cx, (uint16_t)(0xDC00 + (cp & 0x3FF)));
	} else {
		rb_push(cx, (uint16_t)cp);
	}
}

static struct fr_str take(struct fr_ctx *cx, uint16_t *buf, uint32_t n)
{
	struct fr_str s;

	s.n = n;
	s.u = lg__fr_alloc(&cx->arena, (n ? n : 1) * sizeof(uint16_t));
	if (n)
		memcpy(s.u, buf, n * sizeof(uint16_t));
	return s;
}

static void ib_put(struct fr_ctx *cx, uint32_t cp)
{
	char tmp[4];
	size_t n = lg_utf8_encode(cp, tmp);

	if (cx->ib_n + n + 1 > cx->ib_cap) {
		cx->ib_cap = cx->ib_cap ? cx->ib_cap * 2 : 64;
		cx->ib = lg_xrealloc(cx->ib, cx->ib_cap);
	}
	memcpy(cx->ib + cx->ib_n, tmp, n);
	cx->ib_n += n;
}

/* ---- character classes ----------------------------------------------------- */

static bool is_id_start_ascii(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '$' || c == '_';
}

static bool is_id_part_ascii(int c)
{
	return is_id_start_ascii(c) || (c >= '0' && c <= '9');
}

/* Unicode white space other than line terminators (Zs, NBSP, BOM). */
static bool is_uspace(uint32_t cp)
{
	return cp == 0xA0 || cp == 0xFEFF || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
	       cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/*
 * Non-ASCII identifier characters: any code point that is not white space or
 * a line terminator (a superset of ID_Start/ID_Continue; see FRONTEND.md).
 */
static bool is_id_uchar(uint32_t cp)
{
	return cp >= 0x80 && !is_uspace(cp) && cp != 0x2028 && cp != 0x2029 && cp != 0xFFFD;
}

static LG_NORETURN void lex_error(struct fr_lexer *L, uint32_t pos, const char *msg)
{
	lg__fr_error(L->cx, pos, "%s", msg);
}

/* ---- white space and comments -------------------------------------------- */

/* Skip white space and comments; true if a line terminator was crossed. */
static bool skip_space(struct fr_lexer *L)
{
	const char *s = L->src;
	uint32_t len = L->len;
	bool nl = false;

	while (L->pos < len) {
		unsigned char c = (unsigned char)s[L->pos];
		if (c == ' ' || c == '\t' || c == '\v' || c == '\f') {
			L->pos++;
		} else if (c == '\n') {
			L->pos++;
			L->line++;
			nl = true;
		} else if (c == '\r') {
			L->pos++;
			if (L->pos < len && s[L->pos] == '\n')
				L->pos++;
			L->line++;
			nl = true;
		} else if (c == '/' && L->pos + 1 < len && s[L->pos + 1] == '/') {
			L->pos += 2;
			while (L->pos < len) {
				c = (unsigned char)s[L->pos];
				if (c == '\n' || c == '\r')
					break;
				if (c == 0xE2 && L->pos + 2 < len &&
				    (unsigned char)s[L->pos + 1] == 0x80 &&
				    ((unsigned char)s[L->pos + 2] == 0xA8 ||
				     (unsigned char)s[L->pos + 2] == 0xA9))
					break;
				L->pos++;
			}
		} else if (c == '/' && L->pos + 1 < len && s[L->pos + 1] == '*') {
			uint32_t start = L->pos;
			L->pos += 2;
			for (;;) {
				if (L->pos >= len)
					lex_error(L, start, "Unterminated comment");
				c = (unsigned char)s[L->pos];
				if (c == '*' && L->pos + 1 < len && s[L->pos + 1] == '/') {
					L->pos += 2;
					break;
				}
				if (c == '\n') {
					L->line++;
					nl = true;
				} else if (c == '\r') {
					if (!(L->pos + 1 < len && s[L->pos + 1] == '\n'))
						L->line++;
					nl = true;
				} else if (c == 0xE2 && L->pos + 2 < len &&
				           (unsigned char)s[L->pos + 1] == 0x80 &&
				           ((unsigned char)s[L->pos + 2] == 0xA8 ||
				            (unsigned char)s[L->pos + 2] == 0xA9)) {
					L->line++;
					nl = true;
				}
				L->pos++;
			}
		} else if (c >= 0x80) {
			uint32_t i = L->pos;
			uint32_t cp = lg__fr_utf8_next(s, len, &i);
			if (is_uspace(cp)) {
				L->pos = i;
			} else if (cp == 0x2028 || cp == 0x2029) {
				L->pos = i;
				L->line++;
				nl = true;
			} else {
				break;
			}
		} else {
			break;
		}
	}
	return nl;
}

/* ---- identifiers ------------------------------------------------------------ */

/* Read \uXXXX or \u{X...} at L->pos (pointing at the backslash). */
static uint32_t read_uescape(struct fr_lexer *L, const char *what)
{
	const char *s = L->src;
	uint32_t start = L->pos, cp = 0;

	if (L->pos + 1 >= L->len || s[L->pos + 1] != 'u')
		lex_error(L, start, what);
	L->pos += 2;
	if (L->pos < L->len && s[L->pos] == '{') {
		int digits = 0;
		L->pos++;
		while (L->pos < L->len && s[L->pos] != '}') {
			int h = lg_hexval((unsigned char)s[L->pos]);
			if (h < 0)
				lex_error(L, start, what);
			cp = cp * 16 + (uint32_t)h;
			if (cp > 0x10FFFF)
				lex_error(L, start, "Undefined Unicode code-point");
			L->pos++;
			digits++;
		}
		if (L->pos >= L->len || digits == 0)
			lex_error(L, start, what);
		L->pos++;
		return cp;
	}
	for (int k = 0; k < 4; k++) {
		int h = L->pos < L->len ? lg_hexval((unsigned char)s[L->pos]) : -1;
		if (h < 0)
			lex_error(L, start, what);
		cp = cp * 16 + (uint32_t)h;
		L->pos++;
	}
	return cp;
}

static void scan_ident(struct fr_lexer *L)
{
	struct fr_ctx *cx = L->cx;
	const char *s = L->src;
	uint32_t start = L->pos;
	bool slow = false;

	while (L->pos < L->len) {
		unsigned char c = (unsigned char)s[L->pos];
		if (is_id_part_ascii(c)) {
			L->pos++;
			continue;
		}
		if (c == '\\' || c >= 0x80)
			slow = true;
		break;
	}
	if (!slow) {
		L->tok.atom = lg__fr_atom(cx, s + start, L->pos - start);
		L->tok.type = T_NAME;
		return;
	}
	/* Escapes or non-ASCII characters: decode into the identifier buffer. */
	cx->ib_n = 0;
	L->pos = start;
	while (L->pos < L->len) {
		unsigned char c = (unsigned char)s[L->pos];
		uint32_t cp;
		bool first = cx->ib_n == 0;
		if (is_id_part_ascii(c)) {
			ib_put(cx, c);
			L->pos++;
			continue;
		}
		if (c == '\\') {
			uint32_t at = L->pos;
			cp = read_uescape(L, "Invalid Unicode escape sequence");
			if (cp < 0x80
			        ? !(first ? is_id_start_ascii((int)cp) : is_id_part_ascii((int)cp))
			        : !is_id_uchar(cp))
				lex_error(L, at, "Invalid Unicode escape sequence");
			L->tok.escaped = true;
			ib_put(cx, cp);
			continue;
		}
		if (c >= 0x80) {
			uint32_t i = L->pos;
			cp = lg__fr_utf8_next(s, L->len, &i);
			if (!is_id_uchar(cp))
				break;
			ib_put(cx, cp);
			L->pos = i;
			continue;
		}
		break;
	}
	L->tok.atom = lg__fr_atom(cx, cx->ib, cx->ib_n);
	L->tok.type = T_NAME;
}

/* ---- numbers ---------------------------------------------------------------- */

static void scan_number(struct fr_lexer *L)
{
	const char *s = L->src;
	uint32_t start = L->pos, len = L->len, n = 0;
	bool seps = false;
	char stackbuf[64], *buf;

	L->tok.type = T_NUM;
	L->tok.num_plain = true;
	if (s[L->pos] == '0' && L->pos + 1 < len && strchr("xXoObB", s[L->pos + 1]) != NULL &&
	    s[L->pos + 1] != '\0') {
		char k = (char)(s[L->pos + 1] | 0x20);
		int base = k == 'x' ? 16 : k == 'o' ? 8 : 2;
		double v = 0;
		int digits = 0;
		L->pos += 2;
		while (L->pos < len) {
			int c = (unsigned char)s[L->pos], h;
			if (c == '_') {
				if (digits == 0 || L->pos + 1 >= len ||
				    lg_hexval((unsigned char)s[L->pos + 1]) < 0 ||
				    lg_hexval((unsigned char)s[L->pos + 1]) >= base)
					lex_error(L, L->pos,
					          "Numeric separators are not allowed here");
				seps = true;
				L->pos++;
				continue;
			}
			h = lg_hexval(c);
			if (h < 0 || h >= base)
				break;
			v = v * base + h;
			digits++;
			L->pos++;
		}
		if (digits == 0)
			lex_error(L, start, "Invalid or unexpected token");
		L->tok.num = v;
		if (base != 16 || seps)
			L->tok.num_plain = false;
	} else if (s[L->pos] == '0' && L->pos + 1 < len && s[L->pos + 1] >= '0' &&
	           s[L->pos + 1] <= '9') {
		/* Legacy octal (017) or a decimal with a leading zero (089). */
		bool octal = true;
		double v = 0;
		uint32_t p = L->pos + 1;
		while (p < len && s[p] >= '0' && s[p] <= '9') {
			if (s[p] >= '8')
				octal = false;
			p++;
		}
		if (!octal && p < len && (s[p] == '.' || s[p] == 'e' || s[p] == 'E'))
			goto decimal;
		for (uint32_t q = L->pos + 1; q < p; q++)
			v = v * (octal ? 8 : 10) + (s[q] - '0');
		L->pos = p;
		L->tok.num = v;
		L->tok.num_plain = false;
		L->tok.legacy_octal = true;
	} else {
	decimal:
		L->pos = start;
		while (L->pos < len) {
			char c = s[L->pos];
			if ((c >= '0' && c <= '9') || c == '.') {
				L->pos++;
			} else if (c == '_') {
				seps = true;
				if (L->pos == start ||
				    !(s[L->pos - 1] >= '0' && s[L->pos - 1] <= '9') ||
				    L->pos + 1 >= len ||
				    !(s[L->pos + 1] >= '0' && s[L->pos + 1] <= '9'))
					lex_error(L, L->pos,
					          "Numeric separators are not allowed here");
				L->pos++;
			} else if ((c == 'e' || c == 'E') && L->pos + 1 < len) {
				uint32_t q = L->pos + 1;
				if (s[q] == '+' || s[q] == '-')
					q++;
				if (q >= len || !(s[q] >= '0' && s[q] <= '9'))
					lex_error(L, start, "Invalid or unexpected token");
				L->pos = q;
				while (L->pos < len &&
				       ((s[L->pos] >= '0' && s[L->pos] <= '9') ||
				        (s[L->pos] == '_' && L->pos + 1 < len &&
				         s[L->pos + 1] >= '0' && s[L->pos + 1] <= '9'))) {
					if (s[L->pos] == '_')
						seps = true;
					L->pos++;
				}
				break;
			} else {
				break;
			}
		}
		/* A second '.' ends the number: 1.2.3 is 1.2 then .3 (an error later). */
		{
			const char *dot = memchr(s + start, '.', L->pos - start);
			if (dot) {
				const char *dot2 =
				    memchr(dot + 1, '.', (size_t)(s + L->pos - dot - 1));
				if (dot2)
					L->pos = (uint32_t)(dot2 - s);
			}
		}
		buf = L->pos - start < sizeof(stackbuf)
		          ? stackbuf
		          : lg__fr_alloc(&L->cx->arena, L->pos - start + 1);
		for (uint32_t q = start; q < L->pos; q++)
			if (s[q] != '_')
				buf[n++] = s[q];
		buf[n] = '\0';
		L->tok.num = strtod(buf, NULL);
		if (seps)
			L->tok.num_plain = false;
	}
	if (L->pos < len && s[L->pos] == 'n')
		lg__fr_unsupported(L->cx, start, "BigInt literals (123n)");
	if (L->pos < len && (is_id_start_ascii((unsigned char)s[L->pos]) ||
	                     (s[L->pos] >= '0' && s[L->pos] <= '9') || s[L->pos] == '\\'))
		lex_error(L, start, "Invalid or unexpected token");
}

/* ---- strings and templates --------------------------------------------------- */

/*
 * One escape sequence after the backslash at L->pos.  Appends the cooked
 * value to sb; returns false when the escape is invalid in a template
 * (legacy octal, \8 \9, malformed \x \u) - in a string that is an error.
 */
static bool scan_escape(struct fr_lexer *L, bool tpl, bool *octal)
{
	struct fr_ctx *cx = L->cx;
	const char *s = L->src;
	uint32_t at = L->pos;
	unsigned char c;

	L->pos++;
	if (L->pos >= L->len)
		return true; /* the caller reports the unterminated literal */
	c = (unsigned char)s[L->pos];
	switch (c) {
	case 'n':
		sb_push(cx, '\n');
		L->pos++;
		return true;
	case 't':
		sb_push(cx, '\t');
		L->pos++;
		return true;
	case 'r':
		sb_push(cx, '\r');
		L->pos++;
		return true;
	case 'b':
		sb_push(cx, '\b');
		L->pos++;
		return true;
	case 'f':
		sb_push(cx, '\f');
		L->pos++;
		return true;
	case 'v':
		sb_push(cx, '\v');
		L->pos++;
		return true;
	case '\r':
		L->pos++;
		if (L->pos < L->len && s[L->pos] == '\n')
			L->pos++;
		L->line++;
		return true;
	case '\n':
		L->pos++;
		L->line++;
		return true;
	case 'x': {
		int h1 = L->pos + 1 < L->len ? lg_hexval((unsigned char)s[L->pos + 1]) : -1;
		int h2 = L->pos + 2 < L->len ? lg_hexval((unsigned char)s[L->pos + 2]) : -1;
		if (h1 < 0 || h2 < 0) {
			if (tpl) {
				L->pos++;
				return false;
			}
			lex_error(L, at, "Invalid hexadecimal escape sequence");
		}
		sb_push(cx, (uint16_t)(h1 * 16 + h2));
		L->pos += 3;
		return true;
	}
	case 'u': {
		uint32_t cp;
		if (tpl) {
			/* Validate without erroring: a bad escape makes the chunk undefined. */
			uint32_t p = L->pos + 1;
			if (p < L->len && s[p] == '{') {
				uint32_t v = 0;
				int digits = 0;
				p++;
				while (p < L->len && lg_hexval((unsigned char)s[p]) >= 0 &&
				       v <= 0x10FFFF) {
					v = v * 16 + (uint32_t)lg_hexval((unsigned char)s[p]);
					p++;
					digits++;
				}
				if (!digits || p >= L->len || s[p] != '}' || v > 0x10FFFF) {
					L->pos++;
					return false;
				}
			} else {
				for (int k = 0; k < 4; k++, p++)
					if (p >= L->len || lg_hexval((unsigned char)s[p]) < 0) {
						L->pos++;
						return false;
					}
			}
		}
		L->pos = at;
		cp = read_uescape(L, "Invalid Unicode escape sequence");
		sb_cp(cx, cp);
		return true;
	}
	case '0':
		if (!(L->pos + 1 < L->len && s[L->pos + 1] >= '0' && s[L->pos + 1] <= '9')) {
			sb_push(cx, 0);
			L->pos++;
			return true;
		}
		LG_FALLTHROUGH;
	case '1':
	case '2':
	case '3':
	case '4':
	case '5':
	case '6':
	case '7': {
		uint32_t v = 0;
		int k = 0;
		if (tpl) {
			L->pos++;
			return false;
		}
		while (k < 3 && L->pos < L->len && s[L->pos] >= '0' && s[L->pos] <= '7' &&
		       v * 8 + (uint32_t)(s[L->pos] - '0') <= 255) {
			v = v * 8 + (uint32_t)(s[L->pos] - '0');
			L->pos++;
			k++;
		}
		*octal = true;
		sb_push(cx, (uint16_t)v);
		return true;
	}
	case '8':
	case '9':
		if (tpl) {
			L->pos++;
			return false;
		}
		*octal = true;
		sb_push(cx, c);
		L->pos++;
		return true;
	default:
		if (c >= 0x80) {
			uint32_t i = L->pos;
			uint32_t cp = lg__fr_utf8_next(s, L->len, &i);
			L->pos = i;
			if (cp == 0x2028 || cp == 0x2029) {
				L->line++;
				return true; /* line continuation */
			}
			sb_cp(cx, cp);
			return true;
		}
		sb_push(cx, c);
		L->pos++;
		return true;
	}
}

static void scan_string(struct fr_lexer *L)
{
	struct fr_ctx *cx = L->cx;
	const char *s = L->src;
	uint32_t start = L->pos;
	char q = s[L->pos++];
	bool octal = false;

	cx->sb_n = 0;
	for (;;) {
		unsigned char c;
		if (L->pos >= L->len)
			lex_error(L, start, "Unterminated string constant");
		c = (unsigned char)s[L->pos];
		if (c == (unsigned char)q) {
			L->pos++;
			break;
		}
		if (c == '\\') {
			scan_escape(L, false, &octal);
			continue;
		}
		if (c == '\n' || c == '\r')
			lex_error(L, start, "Unterminated string constant");
		if (c >= 0x80) {
			uint32_t i = L->pos;
			sb_cp(cx, lg__fr_utf8_next(s, L->len, &i));
			L->pos = i;
			continue;
		}
		sb_push(cx, c);
		L->pos++;
	}
	L->tok.type = T_STR;
	L->tok.legacy_octal = octal;
	L->tok.str = take(cx, cx->sb, cx->sb_n);
}

/* A template chunk from L->pos (just after ` or }) to ` or ${. */
static void scan_template(struct fr_lexer *L, uint32_t tok_start)
{
	struct fr_ctx *cx = L->cx;
	const char *s = L->src;
	bool bad = false, octal = false;

	cx->sb_n = 0;
	cx->rb_n = 0;
	for (;;) {
		unsigned char c;
		if (L->pos >= L->len)
			lex_error(L, tok_start, "Unterminated template");
		c = (unsigned char)s[L->pos];
		if (c == '`') {
			L->pos++;
			L->tok.tpl_tail = true;
			break;
		}
		if (c == '$' && L->pos + 1 < L->len && s[L->pos + 1] == '{') {
			L->pos += 2;
			L->tok.tpl_tail = false;
			break;
		}
		if (c == '\\') {
			uint32_t from = L->pos;
			if (!scan_escape(L, true, &octal))
				bad = true;
			/* raw: the escape as written, line terminators normalized to \n */
			for (uint32_t p = from; p < L->pos;) {
				if (s[p] == '\r') {
					rb_push(cx, '\n');
					p++;
					if (p < L->pos && s[p] == '\n')
						p++;
				} else if ((unsigned char)s[p] >= 0x80) {
					rb_cp(cx, lg__fr_utf8_next(s, L->pos, &p));
				} else {
					rb_push(cx, (uint16_t)s[p++]);
				}
			}
			continue;
		}
		if (c == '\r') {
			L->pos++;
			if (L->pos < L->len && s[L->pos] == '\n')
				L->pos++;
			L->line++;
			sb_push(cx, '\n');
			rb_push(cx, '\n');
			continue;
		}
		if (c == '\n') {
			L->pos++;
			L->line++;
			sb_push(cx, '\n');
			rb_push(cx, '\n');
			continue;
		}
		if (c >= 0x80) {
			uint32_t i = L->pos;
			uint32_t cp = lg__fr_utf8_next(s, L->len, &i);
			L->pos = i;
			sb_cp(cx, cp);
			rb_cp(cx, cp);
			continue;
		}
		sb_push(cx, c);
		rb_push(cx, c);
		L->pos++;
	}
	L->tok.type = T_TEMPLATE;
	L->tok.tpl_bad = bad;
	L->tok.str = take(cx, cx->sb, cx->sb_n);
	L->tok.raw = take(cx, cx->rb, cx->rb_n);
}

/* ---- punctuators -------------------------------------------------------------- */

static void scan_punct(struct fr_lexer *L)
{
	const char *s = L->src + L->pos;
	uint32_t left = L->len - L->pos;
	enum fr_tok t;
	uint32_t n = 1;
#define AT(k) (left > (k) ? s[k] : '\0')

	switch (s[0]) {
	case '{':
		t = T_LBRACE;
		break;
	case '}':
		t = T_RBRACE;
		break;
	case '(':
		t = T_LPAREN;
		break;
	case ')':
		t = T_RPAREN;
		break;
	case '[':
		t = T_LBRACK;
		break;
	case ']':
		t = T_RBRACK;
		break;
	case ';':
		t = T_SEMI;
		break;
	case ',':
		t = T_COMMA;
		break;
	case ':':
		t = T_COLON;
		break;
	case '~':
		t = T_TILDE;
		break;
	case '.':
		if (AT(1) == '.' && AT(2) == '.') {
			t = T_ELLIPSIS;
			n = 3;
		} else {
			t = T_DOT;
		}
		break;
	case '?':
		if (AT(1) == '?') {
			if (AT(2) == '=') {
				t = T_NULLISH_A;
				n = 3;
			} else {
				t = T_NULLISH;
				n = 2;
			}
		} else if (AT(1) == '.' && !(AT(2) >= '0' && AT(2) <= '9')) {
			t = T_QDOT;
			n = 2;
		} else {
			t = T_QUESTION;
		}
		break;
	case '<':
		if (AT(1) == '<') {
			if (AT(2) == '=') {
				t = T_SHL_A;
				n = 3;
			} else {
				t = T_SHL;
				n = 2;
			}
		} else if (AT(1) == '=') {
			t = T_LE;
			n = 2;
		} else {
			t = T_LT;
		}
		break;
	case '>':
		if (AT(1) == '>') {
			if (AT(2) == '>') {
				if (AT(3) == '=') {
					t = T_USHR_A;
					n = 4;
				} else {
					t = T_USHR;
					n = 3;
				}
			} else if (AT(2) == '=') {
				t = T_SHR_A;
				n = 3;
			} else {
				t = T_SHR;
				n = 2;
			}
		} else if (AT(1) == '=') {
			t = T_GE;
			n = 2;
		} else {
			t = T_GT;
		}
		break;
	case '=':
		if (AT(1) == '=') {
			if (AT(2) == '=') {
				t = T_SEQ;
				n = 3;
			} else {
				t = T_EQ;
				n = 2;
			}
		} else if (AT(1) == '>') {
			t = T_ARROW;
			n = 2;
		} else {
			t = T_ASSIGN;
		}
		break;
	case '!':
		if (AT(1) == '=') {
			if (AT(2) == '=') {
				t = T_SNE;
				n = 3;
			} else {
				t = T_NE;
				n = 2;
			}
		} else {
			t = T_BANG;
		}
		break;
	case '+':
		if (AT(1) == '+') {
			t = T_INC;
			n = 2;
		} else if (AT(1) == '=') {
			t = T_ADD_A;
			n = 2;
		} else {
			t = T_PLUS;
		}
		break;
	case '-':
		if (AT(1) == '-') {
			t = T_DEC;
			n = 2;
		} else if (AT(1) == '=') {
			t = T_SUB_A;
			n = 2;
		} else {
			t = T_MINUS;
		}
		break;
	case '*':
		if (AT(1) == '*') {
			if (AT(2) == '=') {
				t = T_POW_A;
				n = 3;
			} else {
				t = T_STARSTAR;
				n = 2;
			}
		} else if (AT(1) == '=') {
			t = T_MUL_A;
			n = 2;
		} else {
			t = T_STAR;
		}
		break;
	case '/':
		if (AT(1) == '=') {
			t = T_DIV_A;
			n = 2;
		} else {
			t = T_SLASH;
		}
		break;
	case '%':
		if (AT(1) == '=') {
			t = T_MOD_A;
			n = 2;
		} else {
			t = T_PERCENT;
		}
		break;
	case '&':
		if (AT(1) == '&') {
			if (AT(2) == '=') {
				t = T_LAND_A;
				n = 3;
			} else {
				t = T_AND;
				n = 2;
			}
		} else if (AT(1) == '=') {
			t = T_AND_A;
			n = 2;
		} else {
			t = T_AMP;
		}
		break;
	case '|':
		if (AT(1) == '|') {
			if (AT(2) == '=') {
				t = T_LOR_A;
				n = 3;
			} else {
				t = T_OR;
				n = 2;
			}
		} else if (AT(1) == '=') {
			t = T_OR_A;
			n = 2;
		} else {
			t = T_BAR;
		}
		break;
	case '^':
		if (AT(1) == '=') {
			t = T_XOR_A;
			n = 2;
		} else {
			t = T_CARET;
		}
		break;
	case '#':
		lg__fr_unsupported(L->cx, L->pos, "private class members (#name)");
	default:
		lex_error(L, L->pos, "Invalid or unexpected token");
	}
#undef AT
	L->tok.type = t;
	L->pos += n;
}

/* ---- the driver ------------------------------------------------------------------ */

void lg__fr_lex_init(struct fr_lexer *L, struct fr_ctx *cx, const char *src, uint32_t len)
{
	memset(L, 0, sizeof(*L));
	L->cx = cx;
	L->src = src;
	L->len = len;
	L->line = 1;
	/* A hashbang line is a comment (the line itself still counts). */
	if (len >= 2 && src[0] == '#' && src[1] == '!') {
		while (L->pos < len && src[L->pos] != '\n' && src[L->pos] != '\r')
			L->pos++;
	}
	lg__fr_lex_next(L);
}

void lg__fr_lex_next(struct fr_lexer *L)
{
	unsigned char c;
	bool nl;

	L->prev_end = L->tok.end;
	L->prev_line = L->line;
	nl = skip_space(L);
	memset(&L->tok, 0, sizeof(L->tok));
	L->tok.nl_before = nl;
	L->tok.start = L->pos;
	L->tok.line = L->line;
	if (L->pos >= L->len) {
		L->tok.type = T_EOF;
		L->tok.end = L->pos;
		return;
	}
	c = (unsigned char)L->src[L->pos];
	if (is_id_start_ascii(c) || c == '\\') {
		scan_ident(L);
	} else if (c >= '0' && c <= '9') {
		scan_number(L);
	} else if (c == '.' && L->pos + 1 < L->len && L->src[L->pos + 1] >= '0' &&
	           L->src[L->pos + 1] <= '9') {
		scan_number(L);
	} else if (c == '"' || c == '\'') {
		scan_string(L);
	} else if (c == '`') {
		L->pos++;
		scan_template(L, L->tok.start);
	} else if (c >= 0x80) {
		uint32_t i = L->pos;
		uint32_t cp = lg__fr_utf8_next(L->src, L->len, &i);
		if (!is_id_uchar(cp))
			lex_error(L, L->pos, "Invalid or unexpected token");
		scan_ident(L);
	} else {
		scan_punct(L);
	}
	L->tok.end = L->pos;
}

void lg__fr_lex_regex(struct fr_lexer *L)
{
	const char *s = L->src;
	uint32_t start = L->tok.start;
	bool cls = false;
	uint32_t seen = 0;

	L->pos = start + 1;
	for (;;) {
		unsigned char c;
		if (L->pos >= L->len)
			lex_error(L, start, "Invalid regular expression: missing /");
		c = (unsigned char)s[L->pos];
		if (c == '\n' || c == '\r' ||
		    (c == 0xE2 && L->pos + 2 < L->len && (unsigned char)s[L->pos + 1] == 0x80 &&
		     ((unsigned char)s[L->pos + 2] & 0xFE) == 0xA8))
			lex_error(L, start, "Invalid regular expression: missing /");
		if (c == '\\') {
			L->pos++;
			if (L->pos >= L->len || s[L->pos] == '\n' || s[L->pos] == '\r')
				lex_error(L, start, "Invalid regular expression: missing /");
			if ((unsigned char)s[L->pos] >= 0x80)
				(void)lg__fr_utf8_next(s, L->len, &L->pos);
			else
				L->pos++;
			continue;
		}
		if (c == '[')
			cls = true;
		else if (c == ']')
			cls = false;
		else if (c == '/' && !cls)
			break;
		if (c >= 0x80)
			(void)lg__fr_utf8_next(s, L->len, &L->pos);
		else
			L->pos++;
	}
	L->pos++;
	L->tok.re_flags = L->pos;
	while (L->pos < L->len) {
		unsigned char c = (unsigned char)s[L->pos];
		const char *f;
		if (!is_id_part_ascii(c)) {
			if (c == '\\' || c >= 0x80)
				lex_error(L, start, "Invalid regular expression flags");
			break;
		}
		f = strchr("dgimsuy", c);
		if (!f || (seen & (1u << (f - "dgimsuy"))))
			lex_error(L, start, "Invalid regular expression flags");
		seen |= 1u << (f - "dgimsuy");
		if (c != 'g' && c != 'i' && c != 'm') {
			/* Duktape's regular expressions are ES5: g, i and m only */
			static const char *const what[] = {
				['d'] = "the regular expression flag d (indices)",
				['s'] = "the regular expression flag s (dotAll)",
				['u'] = "the regular expression flag u (unicode)",
				['y'] = "the regular expression flag y (sticky)",
			};
			lg__fr_unsupported(L->cx, L->pos, what[c]);
		}
		L->pos++;
	}
	L->tok.type = T_REGEX;
	L->tok.end = L->pos;
}

void lg__fr_lex_template_continue(struct fr_lexer *L)
{
	uint32_t start = L->tok.start;
	bool nl = L->tok.nl_before;

	LG_DASSERT(L->tok.type == T_RBRACE);
	L->pos = L->tok.end;
	memset(&L->tok, 0, sizeof(L->tok));
	L->tok.start = start;
	L->tok.line = L->line;
	L->tok.nl_before = nl;
	scan_template(L, start);
	L->tok.end = L->pos;
}
