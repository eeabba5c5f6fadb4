/* SPDX-License-Identifier: Apache-2.0 */
/*
 * selector.c - CSS selectors compiled to a small tree and matched right to
 * left over libxml2's HTML tree (the way browsers and cascadia do it).
 *
 * DESIGN
 *   A selector list is a list of complex selectors; a complex selector is a
 *   list of compounds joined by combinators (descendant, >, +, ~); a compound
 *   is a list of simple selectors (type, #id, .class, [attr...], :pseudo).
 *   Matching starts at the rightmost compound on the candidate and walks to
 *   the left through parents and previous siblings, backtracking for the
 *   descendant and ~ combinators.  :not(), :has(), :is() hold a nested list
 *   (depth <= LG_SEL_MAX_DEPTH, so recursion is bounded).
 *
 *   libxml2's HTML parser lower-cases element and attribute names, so type
 *   selectors and attribute names are lower-cased at compile time; attribute
 *   values compare case-sensitively unless the [a=v i] flag is given.
 *   Errors name the selector and a 1-based byte position.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lg/html.h"

enum simple_kind {
	SK_TYPE,
	SK_ID,
	SK_CLASS,
	SK_ATTR,
	SK_NTH, /* nth-child family; flags below */
	SK_EMPTY,
	SK_ROOT,
	SK_CONTAINS,
	SK_CONTAINS_OWN,
	SK_NOT,
	SK_IS,
	SK_HAS,
	SK_CHECKED,
	SK_DISABLED,
	SK_ENABLED,
	SK_SELECTED,
};

enum attr_op {
	AO_EXISTS,
	AO_EQ,       /* = */
	AO_INCLUDES, /* ~= */
	AO_DASH,     /* |= */
	AO_PREFIX,   /* ^= */
	AO_SUFFIX,   /* $= */
	AO_SUBSTR,   /* *= */
	AO_NE,       /* != (jQuery, cascadia) */
};

struct simple {
	enum simple_kind kind;
	enum attr_op op;
	bool icase;
	bool last;    /* SK_NTH: count from the end */
	bool of_type; /* SK_NTH: among siblings of the same name */
	int a, b;     /* SK_NTH: an+b */
	char *name;   /* type, attribute name, id, class, :contains text */
	char *value;  /* attribute value */
	struct lg_sel *sub;
};

struct compound {
	struct simple *s;
	int n;
	char comb; /* how this compound relates to the one on its left: ' ', '>', '+', '~' */
};

struct complex {
	struct compound *c;
	int n;
};

struct lg_sel {
	struct complex *v;
	int n;
};

/* ---- node lists ---------------------------------------------------------- */

void lg_nodes_push(struct lg_nodes *l, xmlNodePtr node)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = lg_xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = node;
}

void lg_nodes_free(struct lg_nodes *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* ---- the parser ---------------------------------------------------------- */

struct parser {
	const char *src;
	size_t pos, len;
	int depth;
	struct lg_err *err;
	bool failed;
};

static int fail(struct parser *p, const char *what)
{
	if (!p->failed)
		lg_errf(p->err, LG_ESCRIPT, "invalid selector \"%s\": %s at position %zu", p->src,
		        what, p->pos + 1);
	p->failed = true;
	return -1;
}

static int peek(const struct parser *p)
{
	return p->pos < p->len ? (unsigned char)p->src[p->pos] : -1;
}

static bool is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool skip_ws(struct parser *p)
{
	size_t start = p->pos;
	while (is_ws(peek(p)))
		p->pos++;
	return p->pos > start;
}

static bool is_name_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c >= 0x80;
}

static void put_utf8(struct lg_buf *b, unsigned cp)
{
	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	lg_buf_put_utf8(b, cp);
}

/* A backslash escape (p->pos is just past the backslash). */
static int escape(struct parser *p, struct lg_buf *b)
{
	int c = peek(p);

	if (c < 0)
		return fail(p, "unfinished escape");
	if (lg_hexval(c) >= 0) {
		unsigned cp = 0;
		for (int i = 0; i < 6 && lg_hexval(peek(p)) >= 0; i++)
			cp = cp * 16 + (unsigned)lg_hexval((unsigned char)p->src[p->pos++]);
		if (is_ws(peek(p)))
			p->pos++;
		put_utf8(b, cp);
		return 0;
	}
	p->pos++;
	lg_buf_putc(b, (char)c);
	return 0;
}

/* An identifier (name characters and escapes) into b; fails when empty. */
static int ident(struct parser *p, struct lg_buf *b, const char *what)
{
	lg_buf_reset(b);
	lg_buf_puts(b, "");
	for (;;) {
		int c = peek(p);
		if (c == '\\') {
			p->pos++;
			if (escape(p, b) < 0)
				return -1;
		} else if (is_name_char(c)) {
			lg_buf_putc(b, (char)c);
			p->pos++;
		} else {
			break;
		}
	}
	if (b->len == 0) {
		char msg[96];
		snprintf(msg, sizeof(msg), "expected %s", what);
		return fail(p, msg);
	}
	return 0;
}

/* A quoted string ('...' or "...") into b. */
static int quoted(struct parser *p, struct lg_buf *b)
{
	int q = peek(p);

	lg_buf_reset(b);
	lg_buf_puts(b, "");
	p->pos++;
	for (;;) {
		int c = peek(p);
		if (c < 0)
			return fail(p, "unterminated string");
		p->pos++;
		if (c == q)
			return 0;
		if (c == '\\') {
			if (peek(p) == '\n') {
				p->pos++;
				continue;
			}
			if (escape(p, b) < 0)
				return -1;
			continue;
		}
		lg_buf_putc(b, (char)c);
	}
}

static void lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

static char *take(struct lg_buf *b)
{
	char *s = lg_xstrndup(b->data ? b->data : "", b->len);
	return s;
}

static struct simple *add_simple(struct compound *c, enum simple_kind k)
{
	c->s = lg_xrealloc(c->s, (size_t)(c->n + 1) * sizeof(*c->s));
	memset(&c->s[c->n], 0, sizeof(c->s[c->n]));
	c->s[c->n].kind = k;
	return &c->s[c->n++];
}

static int parse_list(struct parser *p, struct lg_sel *out, bool nested);

static int parse_attr(struct parser *p, struct compound *c, struct lg_buf *b)
{
	struct simple *s;
	int ch;

	p->pos++; /* [ */
	skip_ws(p);
	if (ident(p, b, "an attribute name") < 0)
		return -1;
	s = add_simple(c, SK_ATTR);
	s->name = take(b);
	lower(s->name);
	skip_ws(p);
	ch = peek(p);
	if (ch == ']') {
		p->pos++;
		s->op = AO_EXISTS;
		return 0;
	}
	if (ch == '=') {
		s->op = AO_EQ;
		p->pos++;
	} else {
		static const char ops[] = "~|^$*!";
		static const enum attr_op codes[] = { AO_INCLUDES, AO_DASH,   AO_PREFIX,
			                              AO_SUFFIX,   AO_SUBSTR, AO_NE };
		const char *o = ch > 0 ? strchr(ops, ch) : NULL;
		if (!o || p->pos + 1 >= p->len || p->src[p->pos + 1] != '=')
			return fail(p,
			            "expected ']' or an attribute operator (= ~= |= ^= $= *= !=)");
		s->op = codes[o - ops];
		p->pos += 2;
	}
	skip_ws(p);
	ch = peek(p);
	if (ch == '"' || ch == '\'') {
		if (quoted(p, b) < 0)
			return -1;
	} else if (ident(p, b, "an attribute value (a name or a quoted string)") < 0) {
		return -1;
	}
	s->value = take(b);
	skip_ws(p);
	ch = peek(p);
	if (ch == 'i' || ch == 'I' || ch == 's' || ch == 'S') {
		s->icase = ch == 'i' || ch == 'I';
		p->pos++;
		skip_ws(p);
	}
	if (peek(p) != ']')
		return fail(p, "expected ']'");
	p->pos++;
	return 0;
}

/* Digits at p into *v (bounded); false when there are none. */
static bool number(struct parser *p, int *v)
{
	long n = 0;
	bool any = false;

	while (peek(p) >= '0' && peek(p) <= '9') {
		if (n < 100000000)
			n = n * 10 + (p->src[p->pos] - '0');
		p->pos++;
		any = true;
	}
	*v = (int)n;
	return any;
}

/* an+b | odd | even, then ')'. */
static int parse_nth(struct parser *p, struct simple *s, struct lg_buf *b)
{
	int sign = 1, v;

	skip_ws(p);
	if (peek(p) == 'o' || peek(p) == 'O' || peek(p) == 'e' || peek(p) == 'E') {
		size_t at = p->pos;
		if (ident(p, b, "an+b") < 0)
			return -1;
		lower(b->data);
		if (strcmp(b->data, "odd") == 0) {
			s->a = 2;
			s->b = 1;
		} else if (strcmp(b->data, "even") == 0) {
			s->a = 2;
			s->b = 0;
		} else {
			p->pos = at;
			return fail(p, "expected an+b, odd or even");
		}
	} else {
		if (peek(p) == '+' || peek(p) == '-') {
			sign = peek(p) == '-' ? -1 : 1;
			p->pos++;
		}
		bool has_num = number(p, &v);
		if (peek(p) == 'n' || peek(p) == 'N') {
			p->pos++;
			s->a = sign * (has_num ? v : 1);
			skip_ws(p);
			if (peek(p) == '+' || peek(p) == '-') {
				int bs = peek(p) == '-' ? -1 : 1;
				p->pos++;
				skip_ws(p);
				if (!number(p, &v))
					return fail(p, "expected a number after the sign in an+b");
				s->b = bs * v;
			}
		} else if (has_num) {
			s->a = 0;
			s->b = sign * v;
		} else {
			return fail(p, "expected an+b, odd or even");
		}
	}
	skip_ws(p);
	if (peek(p) != ')')
		return fail(p, "expected ')'");
	p->pos++;
	return 0;
}

struct pseudo {
	const char *name;
	enum simple_kind kind;
	bool arg, last, of_type;
	int a, b;
};

static const struct pseudo pseudos[] = {
	{ "first-child", SK_NTH, false, false, false, 0, 1 },
	{ "last-child", SK_NTH, false, true, false, 0, 1 },
	{ "only-child", SK_NTH, false, false, false, -1, -1 },
	{ "first-of-type", SK_NTH, false, false, true, 0, 1 },
	{ "last-of-type", SK_NTH, false, true, true, 0, 1 },
	{ "only-of-type", SK_NTH, false, false, true, -1, -1 },
	{ "nth-child", SK_NTH, true, false, false, 0, 0 },
	{ "nth-last-child", SK_NTH, true, true, false, 0, 0 },
	{ "nth-of-type", SK_NTH, true, false, true, 0, 0 },
	{ "nth-last-of-type", SK_NTH, true, true, true, 0, 0 },
	{ "empty", SK_EMPTY, false, false, false, 0, 0 },
	{ "root", SK_ROOT, false, false, false, 0, 0 },
	{ "checked", SK_CHECKED, false, false, false, 0, 0 },
	{ "disabled", SK_DISABLED, false, false, false, 0, 0 },
	{ "enabled", SK_ENABLED, false, false, false, 0, 0 },
	{ "selected", SK_SELECTED, false, false, false, 0, 0 },
	{ "contains", SK_CONTAINS, true, false, false, 0, 0 },
	{ "containsown", SK_CONTAINS_OWN, true, false, false, 0, 0 },
	{ "not", SK_NOT, true, false, false, 0, 0 },
	{ "is", SK_IS, true, false, false, 0, 0 },
	{ "matches", SK_IS, true, false, false, 0, 0 },
	{ "where", SK_IS, true, false, false, 0, 0 },
	{ "has", SK_HAS, true, false, false, 0, 0 },
};

static int parse_pseudo(struct parser *p, struct compound *c, struct lg_buf *b)
{
	const struct pseudo *ps = NULL;
	struct simple *s;
	size_t at = p->pos;

	p->pos++; /* : */
	if (peek(p) == ':')
		return fail(p, "pseudo-elements (::) are not supported");
	if (ident(p, b, "a pseudo-class name after ':'") < 0)
		return -1;
	lower(b->data);
	for (size_t i = 0; i < LG_ARRAY_SIZE(pseudos); i++)
		if (strcmp(pseudos[i].name, b->data) == 0)
			ps = &pseudos[i];
	if (!ps) {
		char msg[160];
		p->pos = at;
		snprintf(msg, sizeof(msg), "unknown pseudo-class \":%.100s\"", b->data);
		return fail(p, msg);
	}
	s = add_simple(c, ps->kind);
	s->last = ps->last;
	s->of_type = ps->of_type;
	s->a = ps->a;
	s->b = ps->b;
	if (!ps->arg) {
		if (peek(p) == '(')
			return fail(p, "this pseudo-class takes no argument");
		return 0;
	}
	if (peek(p) != '(')
		return fail(p, "expected '(' after the pseudo-class name");
	p->pos++;
	switch (ps->kind) {
	case SK_NTH:
		return parse_nth(p, s, b);
	case SK_CONTAINS:
	case SK_CONTAINS_OWN:
		skip_ws(p);
		if (peek(p) == '"' || peek(p) == '\'') {
			if (quoted(p, b) < 0)
				return -1;
		} else if (ident(p, b, "a quoted string") < 0) {
			return -1;
		}
		s->name = take(b);
		skip_ws(p);
		if (peek(p) != ')')
			return fail(p, "expected ')'");
		p->pos++;
		return 0;
	default:
		if (p->depth >= LG_SEL_MAX_DEPTH)
			return fail(p, "too deeply nested");
		s->sub = lg_xcalloc(1, sizeof(*s->sub));
		p->depth++;
		if (parse_list(p, s->sub, true) < 0)
			return -1;
		p->depth--;
		if (peek(p) != ')')
			return fail(p, "expected ')'");
		p->pos++;
		return 0;
	}
}

/* A compound selector; 0 when it has at least one simple selector. */
static int parse_compound(struct parser *p, struct compound *c, struct lg_buf *b)
{
	int ch = peek(p);

	if (ch == '*') {
		p->pos++;
	} else if (is_name_char(ch) || ch == '\\') {
		struct simple *s;
		if (ident(p, b, "an element name") < 0)
			return -1;
		s = add_simple(c, SK_TYPE);
		s->name = take(b);
		lower(s->name);
	} else if (ch != '#' && ch != '.' && ch != '[' && ch != ':') {
		return fail(p, ch < 0 ? "unexpected end, expected a selector"
		                      : "unexpected character, expected a selector");
	}
	for (;;) {
		ch = peek(p);
		if (ch == '#' || ch == '.') {
			struct simple *s;
			p->pos++;
			if (ident(p, b, ch == '#' ? "an id after '#'" : "a class name after '.'") <
			    0)
				return -1;
			s = add_simple(c, ch == '#' ? SK_ID : SK_CLASS);
			s->name = take(b);
		} else if (ch == '[') {
			if (parse_attr(p, c, b) < 0)
				return -1;
		} else if (ch == ':') {
			if (parse_pseudo(p, c, b) < 0)
				return -1;
		} else {
			return 0;
		}
	}
}

static int parse_complex(struct parser *p, struct complex *cx, struct lg_buf *b)
{
	char comb = 0;

	for (;;) {
		struct compound *c;
		cx->c = lg_xrealloc(cx->c, (size_t)(cx->n + 1) * sizeof(*cx->c));
		c = &cx->c[cx->n++];
		memset(c, 0, sizeof(*c));
		c->comb = comb;
		if (cx->n > LG_SEL_MAX_COMPOUNDS)
			return fail(p, "too many combinators in one selector");
		if (parse_compound(p, c, b) < 0)
			return -1;
		bool ws = skip_ws(p);
		int ch = peek(p);
		if (ch == '>' || ch == '+' || ch == '~') {
			comb = (char)ch;
			p->pos++;
			skip_ws(p);
		} else if (ws && ch >= 0 && ch != ',' && ch != ')') {
			comb = ' ';
		} else {
			return 0;
		}
	}
}

static int parse_list(struct parser *p, struct lg_sel *out, bool nested)
{
	struct lg_buf b = { 0 };
	int rc = 0;

	for (;;) {
		struct complex *cx;
		skip_ws(p);
		out->v = lg_xrealloc(out->v, (size_t)(out->n + 1) * sizeof(*out->v));
		cx = &out->v[out->n++];
		memset(cx, 0, sizeof(*cx));
		if (parse_complex(p, cx, &b) < 0) {
			rc = -1;
			goto done;
		}
		if (peek(p) != ',')
			break;
		p->pos++;
	}
	if (!nested && p->pos < p->len)
		rc = fail(p, "unexpected character");
done:
	lg_buf_free(&b);
	return rc;
}

void lg_sel_free(struct lg_sel *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->n; i++) {
		for (int j = 0; j < s->v[i].n; j++) {
			struct compound *c = &s->v[i].c[j];
			for (int k = 0; k < c->n; k++) {
				free(c->s[k].name);
				free(c->s[k].value);
				lg_sel_free(c->s[k].sub);
			}
			free(c->s);
		}
		free(s->v[i].c);
	}
	free(s->v);
	free(s);
}

int lg_sel_compile(const char *src, struct lg_sel **out, struct lg_err *err)
{
	struct parser p = { .src = src, .len = strlen(src), .err = err };
	struct lg_sel *s;

	*out = NULL;
	if (p.len > LG_SEL_MAX_LEN)
		return lg_errf(err, LG_ESCRIPT, "invalid selector: longer than %d bytes",
		               LG_SEL_MAX_LEN);
	s = lg_xcalloc(1, sizeof(*s));
	if (parse_list(&p, s, false) < 0) {
		lg_sel_free(s);
		return -LG_ESCRIPT;
	}
	*out = s;
	return 0;
}

/* ---- matching ------------------------------------------------------------ */

static bool is_elem(xmlNodePtr n)
{
	return n && n->type == XML_ELEMENT_NODE;
}

const char *lg_html_attr(xmlNodePtr node, const char *name)
{
	if (!is_elem(node))
		return NULL;
	for (xmlAttrPtr a = node->properties; a; a = a->next) {
		if (a->name && strcmp((const char *)a->name, name) == 0) {
			xmlNodePtr t = a->children;
			if (t && (t->type == XML_TEXT_NODE) && t->content)
				return (const char *)t->content;
			return "";
		}
	}
	return NULL;
}

static int cmp_n(const char *a, const char *b, size_t n, bool icase)
{
	return icase ? strncasecmp(a, b, n) : strncmp(a, b, n);
}

/* Whether the whitespace-separated list has word w. */
static bool has_word(const char *list, const char *w, bool icase)
{
	size_t wl = strlen(w);

	if (wl == 0)
		return false;
	for (const char *p = list; *p;) {
		while (*p && is_ws((unsigned char)*p))
			p++;
		const char *e = p;
		while (*e && !is_ws((unsigned char)*e))
			e++;
		if ((size_t)(e - p) == wl && cmp_n(p, w, wl, icase) == 0)
			return true;
		p = e;
	}
	return false;
}

static bool attr_match(const struct simple *s, xmlNodePtr n)
{
	const char *v = lg_html_attr(n, s->name);
	size_t vl, wl;

	if (s->op == AO_NE)
		return !v || cmp_n(v, s->value, strlen(s->value) + 1, s->icase) != 0;
	if (!v)
		return false;
	vl = strlen(v);
	wl = s->value ? strlen(s->value) : 0;
	switch (s->op) {
	case AO_EXISTS:
		return true;
	case AO_EQ:
		return vl == wl && cmp_n(v, s->value, wl, s->icase) == 0;
	case AO_INCLUDES:
		return has_word(v, s->value, s->icase);
	case AO_DASH:
		return vl >= wl && cmp_n(v, s->value, wl, s->icase) == 0 &&
		       (vl == wl || v[wl] == '-');
	case AO_PREFIX:
		return wl > 0 && vl >= wl && cmp_n(v, s->value, wl, s->icase) == 0;
	case AO_SUFFIX:
		return wl > 0 && vl >= wl && cmp_n(v + vl - wl, s->value, wl, s->icase) == 0;
	case AO_SUBSTR:
		if (wl == 0)
			return false;
		for (size_t i = 0; i + wl <= vl; i++)
			if (cmp_n(v + i, s->value, wl, s->icase) == 0)
				return true;
		return false;
	default:
		return false;
	}
}

static bool same_name(xmlNodePtr a, xmlNodePtr b)
{
	return a->name && b->name && strcmp((const char *)a->name, (const char *)b->name) == 0;
}

/* 1-based position among element siblings (of the same name when of_type). */
static int position(xmlNodePtr n, bool last, bool of_type)
{
	int k = 1;

	for (xmlNodePtr m = last ? n->next : n->prev; m; m = last ? m->next : m->prev)
		if (is_elem(m) && (!of_type || same_name(m, n)))
			k++;
	return k;
}

static bool nth_match(const struct simple *s, xmlNodePtr n)
{
	int k;

	if (!is_elem(n->parent))
		return false;
	if (s->a == -1 && s->b == -1) /* only-child, only-of-type */
		return position(n, false, s->of_type) == 1 && position(n, true, s->of_type) == 1;
	k = position(n, s->last, s->of_type);
	if (s->a == 0)
		return k == s->b;
	return (k - s->b) % s->a == 0 && (k - s->b) / s->a >= 0;
}

static bool is_form_control(xmlNodePtr n)
{
	static const char *const names[] = { "button", "input",    "select",  "textarea",
		                             "option", "optgroup", "fieldset" };
	for (size_t i = 0; i < LG_ARRAY_SIZE(names); i++)
		if (strcmp((const char *)n->name, names[i]) == 0)
			return true;
	return false;
}

static bool text_contains(xmlNodePtr n, const char *needle, bool own)
{
	struct lg_buf b = { 0 };
	bool found;

	if (own) {
		for (xmlNodePtr c = n->children; c; c = c->next)
			if (c->type == XML_TEXT_NODE && c->content)
				lg_buf_puts(&b, (const char *)c->content);
	} else {
		lg_html_text(n, &b);
	}
	found = strstr(b.data ? b.data : "", needle) != NULL;
	lg_buf_free(&b);
	return found;
}

static bool simple_match(const struct simple *s, xmlNodePtr n)
{
	const char *v;

	switch (s->kind) {
	case SK_TYPE:
		return n->name && strcmp((const char *)n->name, s->name) == 0;
	case SK_ID:
		v = lg_html_attr(n, "id");
		return v && strcmp(v, s->name) == 0;
	case SK_CLASS:
		v = lg_html_attr(n, "class");
		return v && has_word(v, s->name, false);
	case SK_ATTR:
		return attr_match(s, n);
	case SK_NTH:
		return nth_match(s, n);
	case SK_EMPTY:
		for (xmlNodePtr c = n->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE ||
			    ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
			     c->content && c->content[0]))
				return false;
		return true;
	case SK_ROOT:
		return n->parent && !is_elem(n->parent);
	case SK_CONTAINS:
		return text_contains(n, s->name, false);
	case SK_CONTAINS_OWN:
		return text_contains(n, s->name, true);
	case SK_NOT:
		return !lg_sel_match(s->sub, n);
	case SK_IS:
		return lg_sel_match(s->sub, n);
	case SK_HAS: {
		struct lg_nodes found = { 0 };
		bool any;
		lg_sel_find(s->sub, n, &found);
		any = found.n > 0;
		lg_nodes_free(&found);
		return any;
	}
	case SK_CHECKED:
		if (strcmp((const char *)n->name, "option") == 0)
			return lg_html_attr(n, "selected") != NULL;
		if (strcmp((const char *)n->name, "input") != 0 || !lg_html_attr(n, "checked"))
			return false;
		v = lg_html_attr(n, "type");
		return v && (strcasecmp(v, "checkbox") == 0 || strcasecmp(v, "radio") == 0);
	case SK_SELECTED:
		return strcmp((const char *)n->name, "option") == 0 &&
		       lg_html_attr(n, "selected") != NULL;
	case SK_DISABLED:
		return is_form_control(n) && lg_html_attr(n, "disabled") != NULL;
	case SK_ENABLED:
		return is_form_control(n) && lg_html_attr(n, "disabled") == NULL;
	}
	return false;
}

static bool compound_match(const struct compound *c, xmlNodePtr n)
{
	if (!is_elem(n))
		return false;
	for (int i = 0; i < c->n; i++)
		if (!simple_match(&c->s[i], n))
			return false;
	return true;
}

static xmlNodePtr prev_elem(xmlNodePtr n)
{
	for (n = n->prev; n && !is_elem(n); n = n->prev)
		;
	return n;
}

/* Whether compounds 0..i of cx match with compound i on n. */
static bool complex_match(const struct complex *cx, int i, xmlNodePtr n)
{
	if (!compound_match(&cx->c[i], n))
		return false;
	if (i == 0)
		return true;
	switch (cx->c[i].comb) {
	case '>':
		return complex_match(cx, i - 1, n->parent);
	case '+': {
		xmlNodePtr m = prev_elem(n);
		return m && complex_match(cx, i - 1, m);
	}
	case '~':
		for (xmlNodePtr m = prev_elem(n); m; m = prev_elem(m))
			if (complex_match(cx, i - 1, m))
				return true;
		return false;
	default:
		for (xmlNodePtr m = n->parent; is_elem(m); m = m->parent)
			if (complex_match(cx, i - 1, m))
				return true;
		return false;
	}
}

bool lg_sel_match(const struct lg_sel *s, xmlNodePtr node)
{
	if (!is_elem(node))
		return false;
	for (int i = 0; i < s->n; i++)
		if (complex_match(&s->v[i], s->v[i].n - 1, node))
			return true;
	return false;
}

void lg_sel_find(const struct lg_sel *s, xmlNodePtr root, struct lg_nodes *out)
{
	xmlNodePtr n = root->children;

	/* pre-order walk of root's subtree, without recursion */
	while (n && n != root) {
		if (lg_sel_match(s, n))
			lg_nodes_push(out, n);
		if (n->children &&
		    (n->type == XML_ELEMENT_NODE || n->type == XML_HTML_DOCUMENT_NODE)) {
			n = n->children;
			continue;
		}
		while (n && n != root && !n->next)
			n = n->parent;
		if (n && n != root)
			n = n->next;
	}
}
