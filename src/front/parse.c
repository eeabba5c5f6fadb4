/* SPDX-License-Identifier: Apache-2.0 */
/*
 * parse.c - recursive-descent parser for ES2020 (plus ??= ||= &&=, numeric
 * separators and class fields), producing the AST of front_int.h.
 *
 * Arrow parameters and destructuring assignment targets are parsed as
 * expressions first (the "cover grammar") and converted to patterns when `=>`
 * or `=` shows what they were (to_pattern).  Nesting is bounded
 * (FR_MAX_DEPTH), so no input can exhaust the C stack in this pass or the
 * later ones, which recurse over the tree.
 */
#include <string.h>

#include "front_int.h"

#define FR_MAX_DEPTH 1000

struct label {
	struct fr_atom *name;
	bool loop;
	struct label *up;
};

struct parser {
	struct fr_ctx *cx;
	struct fr_lexer L;
	int depth;
	bool in_function; /* return is allowed */
	bool in_async;    /* await is an operator */
	bool strict;
	bool allow_in;    /* `in` is an operator (false in a for-statement head) */
	bool super_prop;  /* super.x is allowed (methods, field initializers) */
	bool super_call;  /* super() is allowed (constructor of a derived class) */
	bool in_field;    /* class field initializer: arguments is not allowed */
	bool sloppy_seen; /* top-level code parsed before strictness was known */
	int loops, switches;
	struct label *labels;
};

/* The parser state that functions save and restore. */
struct fn_state {
	bool in_function, in_async, strict, allow_in, super_prop, super_call, in_field;
	int loops, switches;
	struct label *labels;
};

#define TOK (P->L.tok)

static struct fr_node *parse_assign(struct parser *P);
static struct fr_node *parse_expr(struct parser *P);
static struct fr_node *parse_statement(struct parser *P, bool list_item, bool top);
static struct fr_node *parse_binding_target(struct parser *P);
static struct fr_node *parse_unary(struct parser *P);
static struct fr_node *parse_class(struct parser *P, bool decl, bool name_optional);
static struct fr_node *parse_template(struct parser *P, bool tagged);
static struct fr_node *to_pattern(struct parser *P, struct fr_node *e, bool binding);
static struct fr_node *parse_subscripts(struct parser *P, struct fr_node *e, bool allow_call);
static struct fr_node *parse_block(struct parser *P);

/* ---- helpers ------------------------------------------------------------------ */

static void save_fn(struct parser *P, struct fn_state *s)
{
	s->in_function = P->in_function;
	s->in_async = P->in_async;
	s->strict = P->strict;
	s->allow_in = P->allow_in;
	s->super_prop = P->super_prop;
	s->super_call = P->super_call;
	s->in_field = P->in_field;
	s->loops = P->loops;
	s->switches = P->switches;
	s->labels = P->labels;
}

static void restore_fn(struct parser *P, const struct fn_state *s)
{
	P->in_function = s->in_function;
	P->in_async = s->in_async;
	P->strict = s->strict;
	P->allow_in = s->allow_in;
	P->super_prop = s->super_prop;
	P->super_call = s->super_call;
	P->in_field = s->in_field;
	P->loops = s->loops;
	P->switches = s->switches;
	P->labels = s->labels;
}

static void next(struct parser *P)
{
	lg__fr_lex_next(&P->L);
}

static struct fr_token peek(struct parser *P)
{
	struct fr_lexer copy = P->L;

	lg__fr_lex_next(&copy);
	return copy.tok;
}

static bool is(struct parser *P, enum fr_tok t)
{
	return TOK.type == t;
}

static bool is_word(struct parser *P, int kw)
{
	return TOK.type == T_NAME && TOK.atom->kw == kw && !TOK.escaped;
}

static bool tok_is_word(const struct fr_token *t, int kw)
{
	return t->type == T_NAME && t->atom->kw == kw && !t->escaped;
}

static bool is_reserved(const struct fr_atom *a)
{
	return a->kw > FR_KW_NONE && a->kw < FR_KW__LAST_RESERVED;
}

/* Reserved in strict mode only: let, static, yield, implements ... public. */
static bool is_strict_reserved(const struct fr_atom *a)
{
	return a->kw == FR_KW_let || a->kw == FR_KW_static || a->kw == FR_KW_yield ||
	       (a->kw >= FR_KW_implements && a->kw <= FR_KW_public);
}

static LG_NORETURN void unexpected(struct parser *P)
{
	struct fr_ctx *cx = P->cx;

	switch (TOK.type) {
	case T_EOF:
		lg__fr_error(cx, TOK.start, "Unexpected end of input");
	case T_NAME:
		if (TOK.escaped && is_reserved(TOK.atom))
			lg__fr_error(cx, TOK.start, "Keyword must not contain escaped characters");
		if (is_reserved(TOK.atom))
			lg__fr_error(cx, TOK.start, "Unexpected token '%s'", TOK.atom->s);
		if (P->strict && is_strict_reserved(TOK.atom))
			lg__fr_error(cx, TOK.start, "Unexpected strict mode reserved word");
		lg__fr_error(cx, TOK.start, "Unexpected identifier '%s'", TOK.atom->s);
	case T_NUM:
		lg__fr_error(cx, TOK.start, "Unexpected number");
	case T_STR:
		lg__fr_error(cx, TOK.start, "Unexpected string");
	case T_TEMPLATE:
		lg__fr_error(cx, TOK.start, "Unexpected template string");
	case T_REGEX:
		lg__fr_error(cx, TOK.start, "Unexpected regular expression");
	default:
		lg__fr_error(cx, TOK.start, "Unexpected token '%s'", lg__fr_tok_text(TOK.type));
	}
}

static void expect(struct parser *P, enum fr_tok t)
{
	if (TOK.type != t)
		unexpected(P);
	next(P);
}

static bool eat(struct parser *P, enum fr_tok t)
{
	if (TOK.type != t)
		return false;
	next(P);
	return true;
}

/* Automatic semicolon insertion at the end of a statement. */
static void semicolon(struct parser *P)
{
	if (eat(P, T_SEMI))
		return;
	if (is(P, T_RBRACE) || is(P, T_EOF) || TOK.nl_before)
		return;
	unexpected(P);
}

static void enter(struct parser *P)
{
	if (++P->depth > FR_MAX_DEPTH)
		lg__fr_error(P->cx, TOK.start,
		             "the code is nested too deeply (more than %d levels)", FR_MAX_DEPTH);
}

static struct fr_node *mk(struct parser *P, int type, uint32_t pos, uint32_t line)
{
	struct fr_node *n = lg__fr_alloc(&P->cx->arena, sizeof(*n));

	n->type = (uint8_t)type;
	n->pos = pos;
	n->line = line;
	return n;
}

static struct fr_node *mk_tok(struct parser *P, int type)
{
	return mk(P, type, TOK.start, TOK.line);
}

static struct fr_node *mk_at(struct parser *P, int type, const struct fr_node *at)
{
	return mk(P, type, at->pos, at->line);
}

static void push(struct parser *P, struct fr_node *n)
{
	struct fr_ctx *cx = P->cx;

	if (cx->sp == cx->stk_cap) {
		cx->stk_cap = cx->stk_cap ? cx->stk_cap * 2 : 256;
		cx->stk = lg_xrealloc(cx->stk, cx->stk_cap * sizeof(*cx->stk));
	}
	cx->stk[cx->sp++] = n;
}

static void take_list(struct parser *P, struct fr_node *n, uint32_t base)
{
	struct fr_ctx *cx = P->cx;
	uint32_t count = cx->sp - base;

	n->n = count;
	if (count) {
		n->list = lg__fr_alloc(&cx->arena, count * sizeof(*n->list));
		memcpy(n->list, cx->stk + base, count * sizeof(*n->list));
	}
	cx->sp = base;
}

static struct fr_node *ident_here(struct parser *P)
{
	struct fr_node *n = mk_tok(P, N_IDENT);

	n->name = TOK.atom;
	return n;
}

/* A binding or reference identifier: reserved words are rejected. */
static struct fr_node *parse_ident(struct parser *P)
{
	struct fr_node *n;

	if (!is(P, T_NAME) || is_reserved(TOK.atom))
		unexpected(P);
	if (P->strict && is_strict_reserved(TOK.atom))
		unexpected(P);
	n = ident_here(P);
	next(P);
	return n;
}

static struct fr_node *string_node(struct parser *P)
{
	struct fr_node *n = mk_tok(P, N_STR);

	if (TOK.legacy_octal && P->strict)
		lg__fr_error(P->cx, TOK.start,
		             "Octal escape sequences are not allowed in strict mode.");
	n->v.str = TOK.str;
	n->end = TOK.end;
	next(P);
	return n;
}

/* ---- patterns ------------------------------------------------------------------- */

static struct fr_node *parse_binding_element(struct parser *P)
{
	struct fr_node *t = parse_binding_target(P);

	if (is(P, T_ASSIGN)) {
		struct fr_node *ap = mk_at(P, N_ASSIGN_PAT, t);
		bool in = P->allow_in;
		next(P);
		P->allow_in = true;
		ap->a = t;
		ap->b = parse_assign(P);
		P->allow_in = in;
		return ap;
	}
	return t;
}

static struct fr_node *parse_prop_key(struct parser *P, uint16_t *flags)
{
	struct fr_node *k;

	switch (TOK.type) {
	case T_NAME:
		k = ident_here(P);
		next(P);
		return k;
	case T_STR:
		return string_node(P);
	case T_NUM:
		k = mk_tok(P, N_NUM);
		k->v.num = TOK.num;
		k->end = TOK.end;
		k->extra = TOK.num_plain;
		if (TOK.legacy_octal && P->strict)
			lg__fr_error(P->cx, TOK.start,
			             "Octal literals are not allowed in strict mode.");
		next(P);
		return k;
	case T_LBRACK: {
		bool in = P->allow_in;
		next(P);
		P->allow_in = true;
		k = parse_assign(P);
		P->allow_in = in;
		expect(P, T_RBRACK);
		*flags |= NF_COMPUTED;
		return k;
	}
	default:
		unexpected(P);
	}
}

static struct fr_node *parse_binding_target(struct parser *P)
{
	struct fr_node *n;
	uint32_t base = P->cx->sp;

	enter(P);
	if (is(P, T_LBRACK)) {
		n = mk_tok(P, N_ARR_PAT);
		next(P);
		for (;;) {
			if (eat(P, T_RBRACK))
				break;
			if (is(P, T_COMMA)) {
				push(P, mk_tok(P, N_HOLE));
				next(P);
				continue;
			}
			if (is(P, T_ELLIPSIS)) {
				struct fr_node *r = mk_tok(P, N_REST);
				next(P);
				r->a = parse_binding_target(P);
				push(P, r);
				if (!is(P, T_RBRACK))
					lg__fr_error(P->cx, TOK.start,
					             "Rest element must be last element");
				next(P);
				break;
			}
			push(P, parse_binding_element(P));
			if (!is(P, T_RBRACK))
				expect(P, T_COMMA);
		}
		take_list(P, n, base);
	} else if (is(P, T_LBRACE)) {
		n = mk_tok(P, N_OBJ_PAT);
		next(P);
		while (!eat(P, T_RBRACE)) {
			struct fr_node *p;
			if (is(P, T_ELLIPSIS)) {
				struct fr_node *r = mk_tok(P, N_REST);
				next(P);
				r->a = parse_ident(P);
				push(P, r);
				if (!is(P, T_RBRACE))
					lg__fr_error(P->cx, TOK.start,
					             "Rest element must be last element");
				continue;
			}
			p = mk_tok(P, N_PROP);
			p->op = PK_INIT;
			if (is(P, T_NAME) && !is(P, T_LBRACK)) {
				struct fr_token t = TOK;
				p->a = parse_prop_key(P, &p->flags);
				if (!is(P, T_COLON)) {
					/* shorthand {a} or {a = 1} */
					struct fr_node *id;
					if (is_reserved(t.atom))
						lg__fr_error(P->cx, t.start,
						             "Unexpected token '%s'", t.atom->s);
					id = mk(P, N_IDENT, t.start, t.line);
					id->name = t.atom;
					p->flags |= NF_SHORTHAND;
					if (is(P, T_ASSIGN)) {
						struct fr_node *ap = mk_at(P, N_ASSIGN_PAT, id);
						bool in = P->allow_in;
						next(P);
						P->allow_in = true;
						ap->a = id;
						ap->b = parse_assign(P);
						P->allow_in = in;
						p->b = ap;
					} else {
						p->b = id;
					}
					push(P, p);
					if (!is(P, T_RBRACE))
						expect(P, T_COMMA);
					continue;
				}
			} else {
				p->a = parse_prop_key(P, &p->flags);
			}
			expect(P, T_COLON);
			p->b = parse_binding_element(P);
			push(P, p);
			if (!is(P, T_RBRACE))
				expect(P, T_COMMA);
		}
		take_list(P, n, base);
	} else {
		n = parse_ident(P);
	}
	P->depth--;
	return n;
}

/* A pattern from the cover grammar may only hold binding identifiers. */
static void check_binding(struct parser *P, struct fr_node *n)
{
	if (!n)
		return;
	switch (n->type) {
	case N_IDENT:
		if (n->flags & NF_PAREN)
			lg__fr_error(P->cx, n->pos, "Invalid destructuring assignment target");
		return;
	case N_HOLE:
		return;
	case N_ASSIGN_PAT:
	case N_REST:
		check_binding(P, n->a);
		return;
	case N_PROP:
		check_binding(P, n->b);
		return;
	case N_OBJ_PAT:
	case N_ARR_PAT:
		for (uint32_t i = 0; i < n->n; i++)
			check_binding(P, n->list[i]);
		return;
	default:
		lg__fr_error(P->cx, n->pos, "Invalid destructuring assignment target");
	}
}

static struct fr_node *to_pattern_elem(struct parser *P, struct fr_node *e, bool binding)
{
	if (e->type == N_ASSIGN && e->op == T_ASSIGN && !(e->flags & NF_PAREN)) {
		e->type = N_ASSIGN_PAT;
		e->a = to_pattern(P, e->a, binding);
		return e;
	}
	return to_pattern(P, e, binding);
}

static struct fr_node *to_pattern(struct parser *P, struct fr_node *e, bool binding)
{
	switch (e->type) {
	case N_IDENT:
		if (binding && (e->flags & NF_PAREN))
			break;
		if (is_reserved(e->name))
			break;
		return e;
	case N_MEMBER:
		if (binding)
			break;
		return e;
	case N_OBJECT:
		if (e->flags & NF_PAREN)
			break;
		e->type = N_OBJ_PAT;
		for (uint32_t i = 0; i < e->n; i++) {
			struct fr_node *p = e->list[i];
			if (p->type == N_SPREAD) {
				if (i != e->n - 1)
					lg__fr_error(P->cx, p->pos,
					             "Rest element must be last element");
				p->type = N_REST;
				p->a = to_pattern(P, p->a, binding);
				if (p->a->type != N_IDENT && p->a->type != N_MEMBER)
					lg__fr_error(
					    P->cx, p->a->pos,
					    "`...` must be followed by an assignable reference in "
					    "assignment contexts");
				continue;
			}
			if (p->op != PK_INIT)
				lg__fr_error(P->cx, p->pos,
				             "Invalid destructuring assignment target");
			p->flags &= (uint16_t)~NF_COVER_INIT;
			p->b = to_pattern_elem(P, p->b, binding);
		}
		return e;
	case N_ARRAY:
		if (e->flags & NF_PAREN)
			break;
		e->type = N_ARR_PAT;
		for (uint32_t i = 0; i < e->n; i++) {
			struct fr_node *x = e->list[i];
			if (x->type == N_HOLE)
				continue;
			if (x->type == N_SPREAD) {
				if (i != e->n - 1 || x->extra)
					lg__fr_error(P->cx, x->pos,
					             "Rest element must be last element");
				x->type = N_REST;
				x->a = to_pattern(P, x->a, binding);
				continue;
			}
			e->list[i] = to_pattern_elem(P, x, binding);
		}
		return e;
	case N_OBJ_PAT:
	case N_ARR_PAT:
	case N_ASSIGN_PAT:
		if (binding)
			check_binding(P, e);
		return e;
	default:
		break;
	}
	lg__fr_error(P->cx, e->pos, "Invalid destructuring assignment target");
}

static bool simple_target(const struct fr_node *n)
{
	return n->type == N_IDENT || n->type == N_MEMBER;
}

/* ---- functions -------------------------------------------------------------------- */

static bool is_use_strict(struct parser *P, const struct fr_node *s)
{
	const char *src = P->cx->src;
	uint32_t len = s->end - s->pos;

	return len == 12 && (memcmp(src + s->pos, "'use strict'", 12) == 0 ||
	                     memcmp(src + s->pos, "\"use strict\"", 12) == 0);
}

/* Statements up to `end` (T_RBRACE or T_EOF), with a directive prologue. */
static void parse_body(struct parser *P, struct fr_node *owner, enum fr_tok end, bool top)
{
	uint32_t base = P->cx->sp;
	bool prologue = true;

	while (!is(P, end)) {
		struct fr_node *s;
		if (prologue && is(P, T_STR)) {
			s = parse_statement(P, true, top);
			if (s->type == N_EXPR_STMT && s->a->type == N_STR &&
			    !(s->a->flags & NF_PAREN)) {
				s->type = N_DIRECTIVE;
				s->v.str = s->a->v.str;
				if (is_use_strict(P, s->a)) {
					P->strict = true;
					owner->flags |= NF_STRICT;
				}
			} else {
				prologue = false;
			}
		} else {
			prologue = false;
			if (top && !P->strict && !is_word(P, FR_KW_import) &&
			    !is_word(P, FR_KW_export))
				P->sloppy_seen = true;
			s = parse_statement(P, true, top);
		}
		push(P, s);
	}
	take_list(P, owner, base);
}

static struct fr_node *parse_function_body(struct parser *P)
{
	struct fr_node *b = mk_tok(P, N_BLOCK);

	expect(P, T_LBRACE);
	parse_body(P, b, T_RBRACE, false);
	next(P);
	return b;
}

/* Parameters and body of fn (the current token is `(`). */
static void parse_function_rest(struct parser *P, struct fr_node *fn, bool method, bool ctor)
{
	struct fn_state s;
	uint32_t base = P->cx->sp;

	save_fn(P, &s);
	P->in_function = true;
	P->in_async = (fn->flags & NF_ASYNC) != 0;
	P->allow_in = true;
	P->in_field = false;
	P->loops = P->switches = 0;
	P->labels = NULL;
	if (!method)
		P->super_prop = false;
	if (!ctor)
		P->super_call = false;
	expect(P, T_LPAREN);
	while (!is(P, T_RPAREN)) {
		if (is(P, T_ELLIPSIS)) {
			struct fr_node *r = mk_tok(P, N_REST);
			next(P);
			r->a = parse_binding_target(P);
			push(P, r);
			if (!is(P, T_RPAREN))
				lg__fr_error(P->cx, TOK.start,
				             "Rest parameter must be last formal parameter");
			break;
		}
		push(P, parse_binding_element(P));
		if (!is(P, T_RPAREN))
			expect(P, T_COMMA);
	}
	take_list(P, fn, base);
	next(P);
	fn->a = parse_function_body(P);
	if (P->strict)
		fn->flags |= NF_STRICT;
	restore_fn(P, &s);
}

/* `function` [name] (...) {...}; the current token is `function`. */
static struct fr_node *parse_function(struct parser *P, uint32_t pos, uint32_t line, bool async,
                                      bool decl, bool name_optional)
{
	struct fr_node *fn = mk(P, decl ? N_FUNC_DECL : N_FUNC, pos, line);

	next(P);
	if (is(P, T_STAR))
		lg__fr_unsupported(P->cx, TOK.start, "generator functions (function*)");
	if (async)
		fn->flags |= NF_ASYNC;
	if (is(P, T_NAME)) {
		struct fr_node *id = parse_ident(P);
		fn->name = id->name;
		fn->b = id; /* the name, for its position */
	} else if (decl && !name_optional) {
		unexpected(P);
	}
	parse_function_rest(P, fn, false, false);
	return fn;
}

/* The cover grammar's items as arrow parameters. */
static void to_params(struct parser *P, struct fr_node *arrow, struct fr_node **items,
                      uint32_t count)
{
	struct fr_node **ps = count ? lg__fr_alloc(&P->cx->arena, count * sizeof(*ps)) : NULL;

	for (uint32_t i = 0; i < count; i++) {
		struct fr_node *e = items[i];
		if (e->type == N_SPREAD || e->type == N_REST) {
			if (i != count - 1)
				lg__fr_error(P->cx, e->pos,
				             "Rest parameter must be last formal parameter");
			e->type = N_REST;
			e->a = to_pattern(P, e->a, true);
		} else if (e->type == N_ASSIGN && e->op == T_ASSIGN && !(e->flags & NF_PAREN)) {
			e->type = N_ASSIGN_PAT;
			e->a = to_pattern(P, e->a, true);
		} else {
			e = to_pattern(P, e, true);
		}
		ps[i] = e;
	}
	arrow->list = ps;
	arrow->n = count;
}

/* The current token is `=>`. */
static struct fr_node *parse_arrow(struct parser *P, uint32_t pos, uint32_t line,
                                   struct fr_node **items, uint32_t count, bool async)
{
	struct fr_node *fn = mk(P, N_ARROW, pos, line);
	struct fn_state s;

	if (!is(P, T_ARROW) || TOK.nl_before)
		unexpected(P);
	to_params(P, fn, items, count);
	if (async)
		fn->flags |= NF_ASYNC;
	save_fn(P, &s);
	P->in_function = true;
	P->in_async = async;
	P->in_field = false;
	P->loops = P->switches = 0;
	P->labels = NULL;
	next(P);
	if (is(P, T_LBRACE)) {
		P->allow_in = true;
		fn->a = parse_function_body(P);
	} else {
		fn->a = parse_assign(P);
		fn->flags |= NF_EXPR_BODY;
	}
	if (P->strict)
		fn->flags |= NF_STRICT;
	restore_fn(P, &s);
	return fn;
}

/* ---- expressions ---------------------------------------------------------------------- */

static struct fr_node *parse_args(struct parser *P, struct fr_node *call)
{
	uint32_t base = P->cx->sp;
	bool in = P->allow_in;

	P->allow_in = true;
	expect(P, T_LPAREN);
	while (!is(P, T_RPAREN)) {
		if (is(P, T_ELLIPSIS)) {
			struct fr_node *sp = mk_tok(P, N_SPREAD);
			next(P);
			sp->a = parse_assign(P);
			push(P, sp);
		} else {
			push(P, parse_assign(P));
		}
		if (!is(P, T_RPAREN))
			expect(P, T_COMMA);
	}
	next(P);
	take_list(P, call, base);
	P->allow_in = in;
	return call;
}

static struct fr_node *parse_array(struct parser *P)
{
	struct fr_node *n = mk_tok(P, N_ARRAY);
	uint32_t base = P->cx->sp;
	bool in = P->allow_in;

	P->allow_in = true;
	next(P);
	while (!is(P, T_RBRACK)) {
		if (is(P, T_COMMA)) {
			push(P, mk_tok(P, N_HOLE));
			next(P);
			continue;
		}
		if (is(P, T_ELLIPSIS)) {
			struct fr_node *sp = mk_tok(P, N_SPREAD);
			next(P);
			sp->a = parse_assign(P);
			push(P, sp);
			/* a comma after a spread: not a valid rest element */
			if (is(P, T_COMMA))
				sp->extra = 1;
		} else {
			push(P, parse_assign(P));
		}
		if (!is(P, T_RBRACK))
			expect(P, T_COMMA);
	}
	next(P);
	take_list(P, n, base);
	P->allow_in = in;
	return n;
}

static bool ends_key(const struct fr_token *t)
{
	return t->type == T_COMMA || t->type == T_COLON || t->type == T_LPAREN ||
	       t->type == T_RBRACE || t->type == T_ASSIGN || t->type == T_SEMI || t->type == T_EOF;
}

static struct fr_node *parse_method(struct parser *P, struct fr_node *at, bool async, bool ctor)
{
	struct fr_node *fn = mk_at(P, N_FUNC, at);

	fn->flags |= NF_METHOD;
	if (async)
		fn->flags |= NF_ASYNC;
	if (!is(P, T_LPAREN))
		unexpected(P);
	parse_function_rest(P, fn, true, ctor);
	return fn;
}

static struct fr_node *parse_object(struct parser *P)
{
	struct fr_node *n = mk_tok(P, N_OBJECT);
	uint32_t base = P->cx->sp;
	bool in = P->allow_in;

	P->allow_in = true;
	next(P);
	while (!is(P, T_RBRACE)) {
		struct fr_node *p;
		struct fr_token t;
		int kind = PK_INIT;
		bool async = false;

		if (is(P, T_ELLIPSIS)) {
			struct fr_node *sp = mk_tok(P, N_SPREAD);
			next(P);
			sp->a = parse_assign(P);
			push(P, sp);
			if (!is(P, T_RBRACE))
				expect(P, T_COMMA);
			continue;
		}
		p = mk_tok(P, N_PROP);
		if (is_word(P, FR_KW_async) || is_word(P, FR_KW_get) || is_word(P, FR_KW_set)) {
			struct fr_token nx = peek(P);
			if (!ends_key(&nx) && !(is_word(P, FR_KW_async) && nx.nl_before)) {
				if (is_word(P, FR_KW_async))
					async = true;
				else
					kind = is_word(P, FR_KW_get) ? PK_GET : PK_SET;
				next(P);
			}
		}
		if (is(P, T_STAR))
			lg__fr_unsupported(P->cx, TOK.start, "generator methods (*name() {})");
		t = TOK;
		p->a = parse_prop_key(P, &p->flags);
		if (kind != PK_INIT || async) {
			p->op = (uint8_t)(kind == PK_INIT ? PK_METHOD : kind);
			p->b = parse_method(P, p, async, false);
		} else if (is(P, T_LPAREN)) {
			p->op = PK_METHOD;
			p->b = parse_method(P, p, false, false);
		} else if (eat(P, T_COLON)) {
			p->op = PK_INIT;
			p->b = parse_assign(P);
		} else if (t.type == T_NAME && !(p->flags & NF_COMPUTED)) {
			struct fr_node *id;
			if (is_reserved(t.atom))
				lg__fr_error(P->cx, t.start, "Unexpected token '%s'", t.atom->s);
			id = mk(P, N_IDENT, t.start, t.line);
			id->name = t.atom;
			p->op = PK_INIT;
			p->flags |= NF_SHORTHAND;
			if (is(P, T_ASSIGN)) {
				struct fr_node *as = mk(P, N_ASSIGN, TOK.start, TOK.line);
				next(P);
				as->op = T_ASSIGN;
				as->a = id;
				as->b = parse_assign(P);
				p->b = as;
				p->flags |= NF_COVER_INIT;
			} else {
				p->b = id;
			}
		} else {
			unexpected(P);
		}
		push(P, p);
		if (!is(P, T_RBRACE))
			expect(P, T_COMMA);
	}
	next(P);
	take_list(P, n, base);
	P->allow_in = in;
	return n;
}

static struct fr_node *parse_template(struct parser *P, bool tagged)
{
	struct fr_node *n = mk_tok(P, N_TEMPLATE);
	uint32_t base = P->cx->sp;
	bool in = P->allow_in;

	P->allow_in = true;
	for (;;) {
		struct fr_node *chunk = mk_tok(P, N_TEMPLATE);
		chunk->v.str = TOK.str;
		chunk->raw = TOK.raw;
		if (TOK.tpl_bad) {
			if (!tagged)
				lg__fr_error(P->cx, TOK.start,
				             "Invalid escape sequence in template literal");
			chunk->flags |= NF_TPL_BAD;
		}
		push(P, chunk);
		if (TOK.tpl_tail) {
			next(P);
			break;
		}
		next(P);
		enter(P);
		push(P, parse_expr(P));
		P->depth--;
		if (!is(P, T_RBRACE))
			unexpected(P);
		lg__fr_lex_template_continue(&P->L);
	}
	take_list(P, n, base);
	P->allow_in = in;
	return n;
}

/* `(` ... `)`: a parenthesized expression or the parameters of an arrow. */
static struct fr_node *parse_paren(struct parser *P)
{
	uint32_t pos = TOK.start, line = TOK.line;
	uint32_t base = P->cx->sp;
	bool in = P->allow_in, trailing = false;
	struct fr_node *rest = NULL, *e;
	uint32_t count;

	next(P);
	P->allow_in = true;
	while (!is(P, T_RPAREN)) {
		if (is(P, T_ELLIPSIS)) {
			rest = mk_tok(P, N_REST);
			next(P);
			rest->a = parse_binding_target(P);
			push(P, rest);
			if (!is(P, T_RPAREN))
				lg__fr_error(P->cx, TOK.start,
				             "Rest parameter must be last formal parameter");
			break;
		}
		push(P, parse_assign(P));
		if (is(P, T_COMMA)) {
			next(P);
			if (is(P, T_RPAREN))
				trailing = true;
			continue;
		}
		if (!is(P, T_RPAREN))
			unexpected(P);
	}
	P->allow_in = in;
	count = P->cx->sp - base;
	next(P);
	if (is(P, T_ARROW) && !TOK.nl_before) {
		struct fr_node **items = lg__fr_alloc(&P->cx->arena, (count + 1) * sizeof(*items));
		if (count)
			memcpy(items, P->cx->stk + base, count * sizeof(*items));
		P->cx->sp = base;
		return parse_arrow(P, pos, line, items, count, false);
	}
	if (count == 0) {
		P->cx->sp = base;
		lg__fr_error(P->cx, P->L.prev_end - 1, "Unexpected token ')'");
	}
	if (rest)
		lg__fr_error(P->cx, rest->pos, "Unexpected token '...'");
	if (trailing)
		lg__fr_error(P->cx, P->L.prev_end - 1, "Unexpected token ')'");
	if (count == 1) {
		e = P->cx->stk[base];
		P->cx->sp = base;
	} else {
		e = mk(P, N_SEQ, P->cx->stk[base]->pos, P->cx->stk[base]->line);
		take_list(P, e, base);
	}
	e->flags |= NF_PAREN;
	return e;
}

static struct fr_node *parse_primary(struct parser *P)
{
	struct fr_node *n;

	switch (TOK.type) {
	case T_NAME: {
		struct fr_atom *a = TOK.atom;
		if (TOK.escaped && is_reserved(a))
			unexpected(P);
		switch (TOK.escaped ? 0 : a->kw) {
		case FR_KW_this:
			n = mk_tok(P, N_THIS);
			next(P);
			return n;
		case FR_KW_null:
			n = mk_tok(P, N_NULL);
			next(P);
			return n;
		case FR_KW_true:
		case FR_KW_false:
			n = mk_tok(P, N_BOOL);
			n->v.bval = a->kw == FR_KW_true;
			next(P);
			return n;
		case FR_KW_function:
			return parse_function(P, TOK.start, TOK.line, false, false, true);
		case FR_KW_class:
			return parse_class(P, false, true);
		case FR_KW_async: {
			struct fr_token nx = peek(P);
			uint32_t pos = TOK.start, line = TOK.line;
			if (tok_is_word(&nx, FR_KW_function) && !nx.nl_before) {
				next(P);
				return parse_function(P, pos, line, true, false, true);
			}
			if (nx.type == T_NAME && !nx.nl_before && !is_reserved(nx.atom)) {
				/* async x => ... */
				struct fr_node *param;
				next(P);
				param = parse_ident(P);
				return parse_arrow(P, pos, line, &param, 1, true);
			}
			break;
		}
		default:
			break;
		}
		if (is_reserved(a))
			unexpected(P);
		n = parse_ident(P);
		if (is(P, T_ARROW) && !TOK.nl_before) {
			struct fr_node **items = lg__fr_alloc(&P->cx->arena, sizeof(*items));
			items[0] = n;
			return parse_arrow(P, n->pos, n->line, items, 1, false);
		}
		return n;
	}
	case T_NUM:
		n = mk_tok(P, N_NUM);
		n->v.num = TOK.num;
		n->end = TOK.end;
		n->extra = TOK.num_plain;
		if (TOK.legacy_octal && P->strict)
			lg__fr_error(P->cx, TOK.start,
			             "Octal literals are not allowed in strict mode.");
		next(P);
		return n;
	case T_STR:
		return string_node(P);
	case T_TEMPLATE:
		return parse_template(P, false);
	case T_SLASH:
	case T_DIV_A:
		lg__fr_lex_regex(&P->L);
		n = mk_tok(P, N_REGEX);
		n->end = TOK.end;
		n->extra = TOK.re_flags;
		next(P);
		return n;
	case T_LPAREN:
		return parse_paren(P);
	case T_LBRACK:
		return parse_array(P);
	case T_LBRACE:
		return parse_object(P);
	default:
		unexpected(P);
	}
}

static bool is_bare_arrow(const struct fr_node *n)
{
	return n->type == N_ARROW && !(n->flags & NF_PAREN);
}

static struct fr_node *parse_subscripts(struct parser *P, struct fr_node *e, bool allow_call)
{
	int depth = P->depth;
	bool chain = false;
	bool async_call = allow_call && e->type == N_IDENT && e->name->kw == FR_KW_async &&
	                  !(e->flags & NF_PAREN) && is(P, T_LPAREN) && !TOK.nl_before;

	for (;;) {
		struct fr_node *m;
		if (is(P, T_DOT)) {
			m = mk_at(P, N_MEMBER, e);
			next(P);
			if (!is(P, T_NAME))
				unexpected(P);
			m->a = e;
			m->b = ident_here(P);
			next(P);
		} else if (is(P, T_QDOT)) {
			if (!allow_call)
				break;
			chain = true;
			next(P);
			if (is(P, T_LPAREN)) {
				m = mk_at(P, N_CALL, e);
				m->a = e;
				parse_args(P, m);
			} else if (is(P, T_LBRACK)) {
				bool in = P->allow_in;
				m = mk_at(P, N_MEMBER, e);
				next(P);
				P->allow_in = true;
				m->a = e;
				m->b = parse_expr(P);
				P->allow_in = in;
				m->flags |= NF_COMPUTED;
				expect(P, T_RBRACK);
			} else if (is(P, T_TEMPLATE)) {
				lg__fr_error(P->cx, TOK.start,
				             "Invalid tagged template on optional chain");
			} else {
				m = mk_at(P, N_MEMBER, e);
				if (!is(P, T_NAME))
					unexpected(P);
				m->a = e;
				m->b = ident_here(P);
				next(P);
			}
			m->flags |= NF_OPTIONAL;
		} else if (is(P, T_LBRACK)) {
			bool in = P->allow_in;
			m = mk_at(P, N_MEMBER, e);
			next(P);
			P->allow_in = true;
			m->a = e;
			m->b = parse_expr(P);
			P->allow_in = in;
			m->flags |= NF_COMPUTED;
			expect(P, T_RBRACK);
		} else if (is(P, T_LPAREN) && allow_call) {
			m = mk_at(P, N_CALL, e);
			m->a = e;
			parse_args(P, m);
			if (async_call && is(P, T_ARROW) && !TOK.nl_before) {
				P->depth = depth;
				return parse_arrow(P, e->pos, e->line, m->list, m->n, true);
			}
		} else if (is(P, T_TEMPLATE)) {
			if (chain)
				lg__fr_error(P->cx, TOK.start,
				             "Invalid tagged template on optional chain");
			m = mk_at(P, N_TAGGED, e);
			m->a = e;
			m->b = parse_template(P, true);
		} else {
			break;
		}
		async_call = false;
		e = m;
		enter(P);
	}
	P->depth = depth;
	if (chain) {
		struct fr_node *c = mk_at(P, N_CHAIN, e);
		c->a = e;
		return c;
	}
	return e;
}

static struct fr_node *parse_new(struct parser *P)
{
	struct fr_node *n = mk_tok(P, N_NEW), *callee;

	next(P);
	if (is(P, T_DOT)) {
		next(P);
		if (!is_word(P, FR_KW_target))
			unexpected(P);
		n->type = N_META;
		n->name = TOK.atom;
		if (!P->in_function)
			lg__fr_error(P->cx, n->pos, "new.target expression is not allowed here");
		next(P);
		return n;
	}
	enter(P);
	if (is_word(P, FR_KW_new)) {
		callee = parse_new(P);
	} else if (is_word(P, FR_KW_super)) {
		callee = mk_tok(P, N_SUPER);
		next(P);
		if (!is(P, T_DOT) && !is(P, T_LBRACK))
			lg__fr_error(P->cx, callee->pos, "'super' keyword unexpected here");
		if (!P->super_prop)
			lg__fr_error(P->cx, callee->pos, "'super' keyword unexpected here");
	} else if (is_word(P, FR_KW_import)) {
		lg__fr_error(P->cx, TOK.start, "Cannot use new with import");
	} else {
		callee = parse_primary(P);
		if (is_bare_arrow(callee))
			lg__fr_error(P->cx, callee->pos,
			             "Invalid left-hand side in new expression");
	}
	callee = parse_subscripts(P, callee, false);
	P->depth--;
	n->a = callee;
	if (is(P, T_LPAREN))
		parse_args(P, n);
	return n;
}

static struct fr_node *parse_lhs(struct parser *P)
{
	struct fr_node *e;

	if (is_word(P, FR_KW_new)) {
		e = parse_new(P);
		if (e->type == N_META)
			return parse_subscripts(P, e, true);
	} else if (is_word(P, FR_KW_super)) {
		e = mk_tok(P, N_SUPER);
		next(P);
		if (is(P, T_LPAREN)) {
			if (!P->super_call)
				lg__fr_error(P->cx, e->pos, "'super' keyword unexpected here");
		} else if (is(P, T_DOT) || is(P, T_LBRACK)) {
			if (!P->super_prop)
				lg__fr_error(P->cx, e->pos, "'super' keyword unexpected here");
		} else {
			lg__fr_error(P->cx, e->pos, "'super' keyword unexpected here");
		}
	} else if (is_word(P, FR_KW_import)) {
		e = mk_tok(P, N_IMPORT_CALL);
		next(P);
		if (is(P, T_DOT)) {
			next(P);
			if (!is_word(P, FR_KW_meta))
				unexpected(P);
			e->type = N_META;
			e->name = TOK.atom;
			next(P);
		} else {
			bool in = P->allow_in;
			expect(P, T_LPAREN);
			P->allow_in = true;
			e->a = parse_assign(P);
			P->allow_in = in;
			if (is(P, T_COMMA))
				lg__fr_unsupported(P->cx, TOK.start, "import() with options");
			expect(P, T_RPAREN);
		}
	} else {
		e = parse_primary(P);
		if (is_bare_arrow(e))
			return e;
	}
	return parse_subscripts(P, e, true);
}

static struct fr_node *parse_postfix(struct parser *P)
{
	struct fr_node *e = parse_lhs(P);

	if (is_bare_arrow(e))
		return e;
	if ((is(P, T_INC) || is(P, T_DEC)) && !TOK.nl_before) {
		struct fr_node *u = mk_at(P, N_UPDATE, e);
		if (!simple_target(e))
			lg__fr_error(P->cx, e->pos,
			             "Invalid left-hand side expression in postfix operation");
		u->op = (uint8_t)TOK.type;
		u->a = e;
		next(P);
		return u;
	}
	return e;
}

static struct fr_node *parse_unary(struct parser *P)
{
	struct fr_node *n;
	int op = 0;

	enter(P);
	switch (TOK.type) {
	case T_BANG:
	case T_TILDE:
	case T_PLUS:
	case T_MINUS:
		op = TOK.type;
		break;
	case T_INC:
	case T_DEC:
		n = mk_tok(P, N_UPDATE);
		n->op = (uint8_t)TOK.type;
		n->flags |= NF_PREFIX;
		next(P);
		n->a = parse_unary(P);
		if (!simple_target(n->a))
			lg__fr_error(P->cx, n->a->pos,
			             "Invalid left-hand side expression in prefix operation");
		P->depth--;
		return n;
	case T_NAME:
		if (TOK.escaped)
			break;
		if (TOK.atom->kw == FR_KW_typeof)
			op = T_TYPEOF;
		else if (TOK.atom->kw == FR_KW_void)
			op = T_VOID;
		else if (TOK.atom->kw == FR_KW_delete)
			op = T_DELETE;
		else if (TOK.atom->kw == FR_KW_await) {
			if (P->in_async || !P->in_function) {
				n = mk_tok(P, N_AWAIT);
				next(P);
				n->a = parse_unary(P);
				P->depth--;
				return n;
			} else {
				struct fr_token nx = peek(P);
				if (!nx.nl_before &&
				    ((nx.type == T_NAME && !is_reserved(nx.atom)) ||
				     nx.type == T_NUM || nx.type == T_STR || nx.type == T_TEMPLATE))
					lg__fr_error(
					    P->cx, TOK.start,
					    "await is only valid in async functions and the top "
					    "level bodies of modules");
			}
		} else if (TOK.atom->kw == FR_KW_yield && !P->strict) {
			/* an identifier outside generators (which are not supported) */
		}
		break;
	default:
		break;
	}
	if (op) {
		n = mk_tok(P, N_UNARY);
		n->op = (uint8_t)op;
		next(P);
		n->a = parse_unary(P);
		if (op == T_DELETE && P->strict && n->a->type == N_IDENT)
			lg__fr_error(P->cx, n->pos,
			             "Delete of an unqualified identifier in strict mode.");
		P->depth--;
		return n;
	}
	n = parse_postfix(P);
	P->depth--;
	return n;
}

static int binop_prec(struct parser *P, int *op)
{
	*op = TOK.type;
	switch (TOK.type) {
	case T_NULLISH:
		return 1;
	case T_OR:
		return 2;
	case T_AND:
		return 3;
	case T_BAR:
		return 4;
	case T_CARET:
		return 5;
	case T_AMP:
		return 6;
	case T_EQ:
	case T_NE:
	case T_SEQ:
	case T_SNE:
		return 7;
	case T_LT:
	case T_GT:
	case T_LE:
	case T_GE:
		return 8;
	case T_SHL:
	case T_SHR:
	case T_USHR:
		return 9;
	case T_PLUS:
	case T_MINUS:
		return 10;
	case T_STAR:
	case T_SLASH:
	case T_PERCENT:
		return 11;
	case T_STARSTAR:
		return 12;
	case T_NAME:
		if (TOK.escaped)
			return 0;
		if (TOK.atom->kw == FR_KW_instanceof) {
			*op = T_INSTANCEOF;
			return 8;
		}
		if (TOK.atom->kw == FR_KW_in && P->allow_in) {
			*op = T_IN;
			return 8;
		}
		return 0;
	default:
		return 0;
	}
}

static bool is_bare_logical(const struct fr_node *n, int a, int b)
{
	return n->type == N_LOGICAL && !(n->flags & NF_PAREN) && (n->op == a || n->op == b);
}

static struct fr_node *parse_binop(struct parser *P, int min)
{
	int depth = P->depth;
	struct fr_node *left = parse_unary(P);

	if (is_bare_arrow(left))
		return left;
	for (;;) {
		int op, prec = binop_prec(P, &op);
		struct fr_node *n, *right;
		uint32_t oppos = TOK.start;
		if (prec == 0 || prec < min)
			break;
		if (op == T_STARSTAR && (left->type == N_UNARY || left->type == N_AWAIT) &&
		    !(left->flags & NF_PAREN))
			lg__fr_error(
			    P->cx, oppos,
			    "Unary operator used immediately before exponentiation "
			    "expression. Parenthesis must be used to disambiguate operator "
			    "precedence");
		next(P);
		enter(P);
		right = parse_binop(P, op == T_STARSTAR ? prec : prec + 1);
		if (op == T_NULLISH) {
			if (is_bare_logical(left, T_OR, T_AND) ||
			    is_bare_logical(right, T_OR, T_AND))
				lg__fr_error(P->cx, oppos, "Unexpected token '?\?'");
		} else if (op == T_OR || op == T_AND) {
			if (is_bare_logical(left, T_NULLISH, T_NULLISH) ||
			    is_bare_logical(right, T_NULLISH, T_NULLISH))
				lg__fr_error(P->cx, oppos, "Unexpected token '%s'",
				             lg__fr_tok_text(op));
		}
		n = mk_at(P, (op == T_AND || op == T_OR || op == T_NULLISH) ? N_LOGICAL : N_BINARY,
		          left);
		n->op = (uint8_t)op;
		n->a = left;
		n->b = right;
		left = n;
	}
	P->depth = depth;
	return left;
}

static struct fr_node *parse_cond(struct parser *P)
{
	struct fr_node *test = parse_binop(P, 1), *n;
	bool in = P->allow_in;

	if (is_bare_arrow(test) || !is(P, T_QUESTION))
		return test;
	n = mk_at(P, N_COND, test);
	next(P);
	n->a = test;
	P->allow_in = true;
	n->b = parse_assign(P);
	P->allow_in = in;
	expect(P, T_COLON);
	n->c = parse_assign(P);
	return n;
}

static bool is_assign_op(enum fr_tok t)
{
	switch (t) {
	case T_ASSIGN:
	case T_ADD_A:
	case T_SUB_A:
	case T_MUL_A:
	case T_DIV_A:
	case T_MOD_A:
	case T_POW_A:
	case T_SHL_A:
	case T_SHR_A:
	case T_USHR_A:
	case T_AND_A:
	case T_OR_A:
	case T_XOR_A:
	case T_LAND_A:
	case T_LOR_A:
	case T_NULLISH_A:
		return true;
	default:
		return false;
	}
}

static struct fr_node *parse_assign(struct parser *P)
{
	struct fr_node *left, *n;

	enter(P);
	if (is_word(P, FR_KW_yield) && P->strict)
		unexpected(P);
	left = parse_cond(P);
	if (is_bare_arrow(left) || !is_assign_op(TOK.type)) {
		P->depth--;
		return left;
	}
	if (TOK.type == T_ASSIGN && (left->type == N_OBJECT || left->type == N_ARRAY) &&
	    !(left->flags & NF_PAREN))
		left = to_pattern(P, left, false);
	else if (!simple_target(left))
		lg__fr_error(P->cx, left->pos, "Invalid left-hand side in assignment");
	n = mk_at(P, N_ASSIGN, left);
	n->op = (uint8_t)TOK.type;
	next(P);
	n->a = left;
	n->b = parse_assign(P);
	P->depth--;
	return n;
}

static struct fr_node *parse_expr(struct parser *P)
{
	struct fr_node *e = parse_assign(P), *seq;
	uint32_t base;

	if (!is(P, T_COMMA))
		return e;
	seq = mk_at(P, N_SEQ, e);
	base = P->cx->sp;
	push(P, e);
	while (eat(P, T_COMMA))
		push(P, parse_assign(P));
	take_list(P, seq, base);
	return seq;
}

/* ---- classes ------------------------------------------------------------------------ */

static bool key_is(const struct fr_node *k, const char *name)
{
	size_t len = strlen(name);

	if (k->type == N_IDENT)
		return k->name->len == len && memcmp(k->name->s, name, len) == 0;
	if (k->type == N_STR) {
		if (k->v.str.n != len)
			return false;
		for (size_t i = 0; i < len; i++)
			if (k->v.str.u[i] != (unsigned char)name[i])
				return false;
		return true;
	}
	return false;
}

static struct fr_node *parse_class(struct parser *P, bool decl, bool name_optional)
{
	struct fr_node *c = mk_tok(P, decl ? N_CLASS_DECL : N_CLASS);
	uint32_t base;
	bool strict = P->strict, has_ctor = false;

	enter(P);
	next(P);
	P->strict = true;
	if (is(P, T_NAME) && !is_word(P, FR_KW_extends)) {
		struct fr_node *id = parse_ident(P);
		c->name = id->name;
		c->b = id;
	} else if (!name_optional) {
		unexpected(P);
	}
	if (is_word(P, FR_KW_extends)) {
		next(P);
		c->a = parse_lhs(P);
		c->flags |= NF_DERIVED;
	}
	expect(P, T_LBRACE);
	base = P->cx->sp;
	while (!is(P, T_RBRACE)) {
		struct fr_node *m, *key;
		uint16_t flags = 0;
		int kind = PK_METHOD;
		bool async = false;
		struct fr_token nx;

		if (eat(P, T_SEMI))
			continue;
		m = mk_tok(P, N_METHOD);
		if (is_word(P, FR_KW_static)) {
			nx = peek(P);
			if (!ends_key(&nx)) {
				flags |= NF_STATIC;
				next(P);
				if (is(P, T_LBRACE))
					lg__fr_unsupported(P->cx, TOK.start, "class static blocks");
			}
		}
		if (is_word(P, FR_KW_async) || is_word(P, FR_KW_get) || is_word(P, FR_KW_set)) {
			nx = peek(P);
			if (!ends_key(&nx) && !(is_word(P, FR_KW_async) && nx.nl_before)) {
				if (is_word(P, FR_KW_async))
					async = true;
				else
					kind = is_word(P, FR_KW_get) ? PK_GET : PK_SET;
				next(P);
			}
		}
		if (is(P, T_STAR))
			lg__fr_unsupported(P->cx, TOK.start, "generator methods (*name() {})");
		key = parse_prop_key(P, &flags);
		m->a = key;
		if (is(P, T_LPAREN) || kind != PK_METHOD || async) {
			bool ctor =
			    !(flags & (NF_STATIC | NF_COMPUTED)) && key_is(key, "constructor");
			struct fn_state s;
			if (ctor) {
				if (kind != PK_METHOD || async)
					lg__fr_error(P->cx, key->pos,
					             "Class constructor may not be a%s",
					             async ? "n async method" : "n accessor");
				if (has_ctor)
					lg__fr_error(P->cx, key->pos,
					             "A class may only have one constructor");
				has_ctor = true;
				flags |= NF_CTOR;
			}
			save_fn(P, &s);
			P->super_prop = true;
			P->super_call = ctor && (c->flags & NF_DERIVED);
			m->b = parse_method(P, m, async, P->super_call);
			restore_fn(P, &s);
			if (ctor) {
				m->b->flags |= NF_CTOR;
				if (c->flags & NF_DERIVED)
					m->b->flags |= NF_DERIVED;
			}
			m->op = (uint8_t)kind;
		} else {
			struct fn_state s;
			if (!(flags & NF_COMPUTED) && key_is(key, "constructor"))
				lg__fr_error(P->cx, key->pos,
				             "Classes may not have a field named 'constructor'");
			m->type = N_FIELD;
			if (eat(P, T_ASSIGN)) {
				save_fn(P, &s);
				P->in_function = true;
				P->in_async = false;
				P->super_prop = true;
				P->super_call = false;
				P->in_field = true;
				P->allow_in = true;
				m->b = parse_assign(P);
				restore_fn(P, &s);
			}
			semicolon(P);
		}
		m->flags |= flags;
		push(P, m);
	}
	next(P);
	take_list(P, c, base);
	P->strict = strict;
	P->depth--;
	return c;
}

/* ---- statements ------------------------------------------------------------------------ */

static struct fr_node *parse_var(struct parser *P, int kind, bool in_for)
{
	struct fr_node *v = mk_tok(P, N_VAR);
	uint32_t base = P->cx->sp;

	v->op = (uint8_t)kind;
	next(P);
	for (;;) {
		struct fr_node *d = mk_tok(P, N_DECLARATOR);
		d->a = parse_binding_target(P);
		if (kind != VK_VAR && d->a->type == N_IDENT && d->a->name->kw == FR_KW_let)
			lg__fr_error(P->cx, d->a->pos,
			             "let is disallowed as a lexically bound name");
		if (eat(P, T_ASSIGN)) {
			d->b = parse_assign(P);
		} else if (!in_for) {
			if (kind == VK_CONST)
				lg__fr_error(P->cx, P->L.prev_end,
				             "Missing initializer in const declaration");
			if (d->a->type != N_IDENT)
				lg__fr_error(P->cx, P->L.prev_end,
				             "Missing initializer in destructuring declaration");
		}
		push(P, d);
		if (!eat(P, T_COMMA))
			break;
	}
	take_list(P, v, base);
	return v;
}

/* `let` starts a declaration here (not an identifier named let). */
static bool let_declaration(struct parser *P)
{
	struct fr_token nx;

	if (!is_word(P, FR_KW_let))
		return false;
	nx = peek(P);
	return nx.type == T_LBRACK || nx.type == T_LBRACE ||
	       (nx.type == T_NAME && !(nx.atom->kw == FR_KW_in && !nx.escaped) &&
	        !(nx.atom->kw == FR_KW_instanceof && !nx.escaped) &&
	        !(nx.atom->kw == FR_KW_of && !nx.escaped && !nx.nl_before));
}

static struct fr_node *parse_loop_body(struct parser *P)
{
	struct fr_node *b;

	P->loops++;
	b = parse_statement(P, false, false);
	P->loops--;
	return b;
}

static struct fr_node *parse_for(struct parser *P)
{
	struct fr_node *n = mk_tok(P, N_FOR), *init = NULL;
	bool in = P->allow_in;

	next(P);
	if (is_word(P, FR_KW_await))
		lg__fr_unsupported(P->cx, TOK.start, "for await...of");
	expect(P, T_LPAREN);
	if (is(P, T_SEMI)) {
		/* no init */
	} else if (is_word(P, FR_KW_var) || is_word(P, FR_KW_const) || let_declaration(P)) {
		int kind = is_word(P, FR_KW_var)     ? VK_VAR
		           : is_word(P, FR_KW_const) ? VK_CONST
		                                     : VK_LET;
		P->allow_in = false;
		init = parse_var(P, kind, true);
		P->allow_in = in;
		if ((is_word(P, FR_KW_of) || is_word(P, FR_KW_in)) && init->n == 1 &&
		    !init->list[0]->b) {
			n->type = is_word(P, FR_KW_of) ? N_FOR_OF : N_FOR_IN;
			n->a = init;
		} else {
			for (uint32_t i = 0; i < init->n; i++) {
				struct fr_node *d = init->list[i];
				if (!d->b && (kind == VK_CONST || d->a->type != N_IDENT))
					lg__fr_error(P->cx, d->pos,
					             "Missing initializer in %s declaration",
					             kind == VK_CONST ? "const" : "destructuring");
			}
			if (is_word(P, FR_KW_of) || is_word(P, FR_KW_in))
				lg__fr_error(P->cx, init->pos,
				             "for-%s loop variable declaration may not have an "
				             "initializer.",
				             is_word(P, FR_KW_of) ? "of" : "in");
		}
	} else {
		struct fr_node *e;
		P->allow_in = false;
		e = parse_expr(P);
		P->allow_in = in;
		if (is_word(P, FR_KW_of) || is_word(P, FR_KW_in)) {
			n->type = is_word(P, FR_KW_of) ? N_FOR_OF : N_FOR_IN;
			if ((e->type == N_OBJECT || e->type == N_ARRAY) && !(e->flags & NF_PAREN))
				e = to_pattern(P, e, false);
			else if (!simple_target(e))
				lg__fr_error(P->cx, e->pos, "Invalid left-hand side in for-%s loop",
				             n->type == N_FOR_OF ? "of" : "in");
			n->a = e;
		} else {
			init = e;
		}
	}
	if (n->type == N_FOR_OF) {
		next(P);
		P->allow_in = true;
		n->b = parse_assign(P);
		P->allow_in = in;
	} else if (n->type == N_FOR_IN) {
		next(P);
		P->allow_in = true;
		n->b = parse_expr(P);
		P->allow_in = in;
	} else {
		n->a = init;
		expect(P, T_SEMI);
		P->allow_in = true;
		if (!is(P, T_SEMI))
			n->b = parse_expr(P);
		expect(P, T_SEMI);
		if (!is(P, T_RPAREN))
			n->c = parse_expr(P);
		P->allow_in = in;
	}
	expect(P, T_RPAREN);
	n->d = parse_loop_body(P);
	return n;
}

static struct fr_node *parse_block(struct parser *P)
{
	struct fr_node *b = mk_tok(P, N_BLOCK);
	uint32_t base = P->cx->sp;

	expect(P, T_LBRACE);
	while (!is(P, T_RBRACE)) {
		if (is(P, T_EOF))
			unexpected(P);
		push(P, parse_statement(P, true, false));
	}
	next(P);
	take_list(P, b, base);
	return b;
}

static struct fr_node *module_source(struct parser *P)
{
	struct fr_node *s;

	if (!is_word(P, FR_KW_from))
		unexpected(P);
	next(P);
	if (!is(P, T_STR))
		unexpected(P);
	s = string_node(P);
	if (is_word(P, FR_KW_with) || (is(P, T_NAME) && !TOK.nl_before && TOK.atom->len == 6 &&
	                               memcmp(TOK.atom->s, "assert", 6) == 0))
		lg__fr_unsupported(P->cx, TOK.start, "import attributes (with { type: ... })");
	return s;
}

/* An export or import name: an identifier name or a string. */
static struct fr_node *module_name(struct parser *P)
{
	struct fr_node *n;

	if (is(P, T_STR))
		return string_node(P);
	if (!is(P, T_NAME))
		unexpected(P);
	n = ident_here(P);
	next(P);
	return n;
}

static struct fr_node *parse_import(struct parser *P, bool top)
{
	struct fr_node *n = mk_tok(P, N_IMPORT);
	uint32_t base = P->cx->sp;

	if (!top)
		lg__fr_error(P->cx, n->pos, "Cannot use import statement outside a module");
	P->cx->is_module = true;
	P->strict = true;
	next(P);
	if (is(P, T_STR)) {
		n->c = string_node(P);
		semicolon(P);
		return n;
	}
	if (is(P, T_NAME)) {
		struct fr_node *sp = mk_tok(P, N_IMPORT_SPEC);
		sp->op = 1;
		sp->a = parse_ident(P);
		sp->name = sp->a->name;
		push(P, sp);
		if (!eat(P, T_COMMA))
			goto from;
	}
	if (is(P, T_STAR)) {
		struct fr_node *sp = mk_tok(P, N_IMPORT_SPEC);
		next(P);
		if (!is_word(P, FR_KW_as))
			unexpected(P);
		next(P);
		sp->op = 2;
		sp->a = parse_ident(P);
		sp->name = sp->a->name;
		push(P, sp);
	} else if (eat(P, T_LBRACE)) {
		while (!eat(P, T_RBRACE)) {
			struct fr_node *sp = mk_tok(P, N_IMPORT_SPEC);
			struct fr_node *imported = module_name(P);
			sp->op = 0;
			sp->b = imported;
			if (is_word(P, FR_KW_as)) {
				next(P);
				sp->a = parse_ident(P);
			} else {
				if (imported->type != N_IDENT || is_reserved(imported->name))
					lg__fr_error(P->cx, imported->pos, "Unexpected token");
				sp->a = imported;
			}
			sp->name = sp->a->name;
			push(P, sp);
			if (!is(P, T_RBRACE))
				expect(P, T_COMMA);
		}
	} else {
		unexpected(P);
	}
from:
	take_list(P, n, base);
	n->c = module_source(P);
	semicolon(P);
	return n;
}

static struct fr_node *parse_export(struct parser *P, bool top)
{
	struct fr_node *n = mk_tok(P, N_EXPORT_NAMED);
	uint32_t base = P->cx->sp;

	if (!top)
		lg__fr_error(P->cx, n->pos, "Unexpected token 'export'");
	P->cx->is_module = true;
	P->strict = true;
	next(P);
	if (is_word(P, FR_KW_default)) {
		n->type = N_EXPORT_DEFAULT;
		next(P);
		if (is_word(P, FR_KW_function)) {
			n->a = parse_function(P, TOK.start, TOK.line, false, true, true);
		} else if (is_word(P, FR_KW_async)) {
			struct fr_token nx = peek(P);
			if (tok_is_word(&nx, FR_KW_function) && !nx.nl_before) {
				uint32_t pos = TOK.start, line = TOK.line;
				next(P);
				n->a = parse_function(P, pos, line, true, true, true);
			} else {
				n->a = parse_assign(P);
				semicolon(P);
			}
		} else if (is_word(P, FR_KW_class)) {
			n->a = parse_class(P, true, true);
		} else {
			n->a = parse_assign(P);
			semicolon(P);
		}
		return n;
	}
	if (is(P, T_STAR)) {
		n->type = N_EXPORT_ALL;
		next(P);
		if (is_word(P, FR_KW_as)) {
			next(P);
			n->b = module_name(P);
		}
		n->c = module_source(P);
		semicolon(P);
		return n;
	}
	if (eat(P, T_LBRACE)) {
		while (!eat(P, T_RBRACE)) {
			struct fr_node *sp = mk_tok(P, N_EXPORT_SPEC);
			sp->a = module_name(P);
			if (is_word(P, FR_KW_as)) {
				next(P);
				sp->b = module_name(P);
			} else {
				sp->b = sp->a;
			}
			push(P, sp);
			if (!is(P, T_RBRACE))
				expect(P, T_COMMA);
		}
		take_list(P, n, base);
		if (is_word(P, FR_KW_from)) {
			n->c = module_source(P);
		} else {
			for (uint32_t i = 0; i < n->n; i++) {
				struct fr_node *local = n->list[i]->a;
				if (local->type != N_IDENT || is_reserved(local->name))
					lg__fr_error(P->cx, local->pos, "Unexpected %s",
					             local->type == N_STR ? "string"
					                                  : "reserved word");
			}
		}
		semicolon(P);
		return n;
	}
	if (is_word(P, FR_KW_var) || is_word(P, FR_KW_const) || is_word(P, FR_KW_let)) {
		int kind = is_word(P, FR_KW_var)     ? VK_VAR
		           : is_word(P, FR_KW_const) ? VK_CONST
		                                     : VK_LET;
		n->a = parse_var(P, kind, false);
		semicolon(P);
		return n;
	}
	if (is_word(P, FR_KW_function)) {
		n->a = parse_function(P, TOK.start, TOK.line, false, true, false);
		return n;
	}
	if (is_word(P, FR_KW_async)) {
		uint32_t pos = TOK.start, line = TOK.line;
		next(P);
		if (!is_word(P, FR_KW_function) || TOK.nl_before)
			unexpected(P);
		n->a = parse_function(P, pos, line, true, true, false);
		return n;
	}
	if (is_word(P, FR_KW_class)) {
		n->a = parse_class(P, true, false);
		return n;
	}
	unexpected(P);
}

static struct fr_node *parse_statement(struct parser *P, bool list_item, bool top)
{
	struct fr_node *n;

	enter(P);
	switch (TOK.type) {
	case T_LBRACE:
		n = parse_block(P);
		goto done;
	case T_SEMI:
		n = mk_tok(P, N_EMPTY);
		next(P);
		goto done;
	case T_NAME:
		break;
	default:
		goto expression;
	}
	if (TOK.escaped)
		goto expression;
	switch (TOK.atom->kw) {
	case FR_KW_var:
		n = parse_var(P, VK_VAR, false);
		semicolon(P);
		goto done;
	case FR_KW_const:
		if (!list_item)
			lg__fr_error(
			    P->cx, TOK.start,
			    "Lexical declaration cannot appear in a single-statement context");
		n = parse_var(P, VK_CONST, false);
		semicolon(P);
		goto done;
	case FR_KW_let:
		if (!let_declaration(P))
			goto expression;
		if (!list_item)
			lg__fr_error(
			    P->cx, TOK.start,
			    "Lexical declaration cannot appear in a single-statement context");
		n = parse_var(P, VK_LET, false);
		semicolon(P);
		goto done;
	case FR_KW_function:
		n = parse_function(P, TOK.start, TOK.line, false, true, false);
		goto done;
	case FR_KW_async: {
		struct fr_token nx = peek(P);
		if (tok_is_word(&nx, FR_KW_function) && !nx.nl_before) {
			uint32_t pos = TOK.start, line = TOK.line;
			next(P);
			n = parse_function(P, pos, line, true, true, false);
			goto done;
		}
		goto expression;
	}
	case FR_KW_class:
		if (!list_item)
			lg__fr_error(
			    P->cx, TOK.start,
			    "Class declaration cannot appear in a single-statement context");
		n = parse_class(P, true, false);
		goto done;
	case FR_KW_if:
		n = mk_tok(P, N_IF);
		next(P);
		expect(P, T_LPAREN);
		n->a = parse_expr(P);
		expect(P, T_RPAREN);
		n->b = parse_statement(P, false, false);
		if (is_word(P, FR_KW_else)) {
			next(P);
			n->c = parse_statement(P, false, false);
		}
		goto done;
	case FR_KW_for:
		n = parse_for(P);
		goto done;
	case FR_KW_while:
		n = mk_tok(P, N_WHILE);
		next(P);
		expect(P, T_LPAREN);
		n->a = parse_expr(P);
		expect(P, T_RPAREN);
		n->d = parse_loop_body(P);
		goto done;
	case FR_KW_do:
		n = mk_tok(P, N_DO_WHILE);
		next(P);
		n->d = parse_loop_body(P);
		if (!is_word(P, FR_KW_while))
			unexpected(P);
		next(P);
		expect(P, T_LPAREN);
		n->a = parse_expr(P);
		expect(P, T_RPAREN);
		eat(P, T_SEMI);
		goto done;
	case FR_KW_return:
		n = mk_tok(P, N_RETURN);
		if (!P->in_function)
			lg__fr_error(P->cx, n->pos, "Illegal return statement");
		next(P);
		if (!is(P, T_SEMI) && !is(P, T_RBRACE) && !is(P, T_EOF) && !TOK.nl_before)
			n->a = parse_expr(P);
		semicolon(P);
		goto done;
	case FR_KW_break:
	case FR_KW_continue: {
		bool brk = TOK.atom->kw == FR_KW_break;
		n = mk_tok(P, brk ? N_BREAK : N_CONTINUE);
		next(P);
		if (is(P, T_NAME) && !TOK.nl_before && !is_reserved(TOK.atom)) {
			struct label *l;
			for (l = P->labels; l; l = l->up)
				if (l->name == TOK.atom)
					break;
			if (!l)
				lg__fr_error(P->cx, TOK.start, "Undefined label '%s'", TOK.atom->s);
			if (!brk && !l->loop)
				lg__fr_error(P->cx, TOK.start,
				             "Illegal continue statement: '%s' does "
				             "not denote an iteration statement",
				             TOK.atom->s);
			n->name = TOK.atom;
			next(P);
		} else if (brk ? (P->loops == 0 && P->switches == 0) : P->loops == 0) {
			lg__fr_error(P->cx, n->pos,
			             brk ? "Illegal break statement"
			                 : "Illegal continue statement: no surrounding iteration "
			                   "statement");
		}
		semicolon(P);
		goto done;
	}
	case FR_KW_throw:
		n = mk_tok(P, N_THROW);
		next(P);
		if (TOK.nl_before)
			lg__fr_error(P->cx, TOK.start, "Illegal newline after throw");
		n->a = parse_expr(P);
		semicolon(P);
		goto done;
	case FR_KW_try:
		n = mk_tok(P, N_TRY);
		next(P);
		n->a = parse_block(P);
		if (is_word(P, FR_KW_catch)) {
			n->flags |= NF_COMPUTED; /* has a catch clause */
			next(P);
			if (eat(P, T_LPAREN)) {
				n->b = parse_binding_target(P);
				expect(P, T_RPAREN);
			}
			n->c = parse_block(P);
		}
		if (is_word(P, FR_KW_finally)) {
			next(P);
			n->d = parse_block(P);
		}
		if (!n->c && !n->d)
			lg__fr_error(P->cx, TOK.start, "Missing catch or finally after try");
		goto done;
	case FR_KW_switch: {
		uint32_t base;
		bool has_default = false;
		n = mk_tok(P, N_SWITCH);
		next(P);
		expect(P, T_LPAREN);
		n->a = parse_expr(P);
		expect(P, T_RPAREN);
		expect(P, T_LBRACE);
		base = P->cx->sp;
		P->switches++;
		while (!eat(P, T_RBRACE)) {
			struct fr_node *c = mk_tok(P, N_CASE);
			uint32_t cbase;
			if (is_word(P, FR_KW_case)) {
				next(P);
				c->a = parse_expr(P);
			} else if (is_word(P, FR_KW_default)) {
				if (has_default)
					lg__fr_error(
					    P->cx, TOK.start,
					    "More than one default clause in switch statement");
				has_default = true;
				next(P);
			} else {
				unexpected(P);
			}
			expect(P, T_COLON);
			push(P, c);
			cbase = P->cx->sp;
			while (!is(P, T_RBRACE) && !is_word(P, FR_KW_case) &&
			       !is_word(P, FR_KW_default)) {
				if (is(P, T_EOF))
					unexpected(P);
				push(P, parse_statement(P, true, false));
			}
			take_list(P, c, cbase);
		}
		P->switches--;
		take_list(P, n, base);
		goto done;
	}
	case FR_KW_with:
		n = mk_tok(P, N_WITH);
		if (P->strict)
			lg__fr_error(P->cx, n->pos,
			             "Strict mode code may not include a with statement");
		next(P);
		expect(P, T_LPAREN);
		n->a = parse_expr(P);
		expect(P, T_RPAREN);
		n->b = parse_statement(P, false, false);
		goto done;
	case FR_KW_debugger:
		n = mk_tok(P, N_DEBUGGER);
		next(P);
		semicolon(P);
		goto done;
	case FR_KW_import: {
		struct fr_token nx = peek(P);
		if (nx.type == T_LPAREN || nx.type == T_DOT)
			goto expression;
		n = parse_import(P, top);
		goto done;
	}
	case FR_KW_export:
		n = parse_export(P, top);
		goto done;
	default:
		break;
	}
	/* a label? */
	if (!is_reserved(TOK.atom)) {
		struct fr_token nx = peek(P);
		if (nx.type == T_COLON) {
			struct label l;
			struct fr_token nx2;
			n = mk_tok(P, N_LABELED);
			n->name = TOK.atom;
			for (struct label *u = P->labels; u; u = u->up)
				if (u->name == n->name)
					lg__fr_error(P->cx, n->pos,
					             "Label '%s' has already been declared",
					             n->name->s);
			next(P);
			next(P);
			nx2 = TOK;
			l.name = n->name;
			l.loop = tok_is_word(&nx2, FR_KW_for) || tok_is_word(&nx2, FR_KW_while) ||
			         tok_is_word(&nx2, FR_KW_do);
			/* labels of the same statement: `a: b: for (...)` */
			if (!l.loop && nx2.type == T_NAME) {
				struct fr_lexer save = P->L;
				while (P->L.tok.type == T_NAME && !is_reserved(P->L.tok.atom) &&
				       peek(P).type == T_COLON) {
					next(P);
					next(P);
				}
				l.loop = is_word(P, FR_KW_for) || is_word(P, FR_KW_while) ||
				         is_word(P, FR_KW_do);
				P->L = save;
			}
			l.up = P->labels;
			P->labels = &l;
			if (is_word(P, FR_KW_function))
				n->a = parse_function(P, TOK.start, TOK.line, false, true, false);
			else
				n->a = parse_statement(P, false, false);
			P->labels = l.up;
			goto done;
		}
	}
expression:
	n = mk_tok(P, N_EXPR_STMT);
	n->a = parse_expr(P);
	semicolon(P);
done:
	P->depth--;
	return n;
}

void lg__fr_parse(struct fr_ctx *cx)
{
	struct parser *P = lg__fr_alloc(&cx->arena, sizeof(*P));
	struct fr_node *prog;

	P->cx = cx;
	P->allow_in = true;
	lg__fr_lex_init(&P->L, cx, cx->src, cx->len);
	prog = mk(P, N_PROGRAM, 0, 1);
	parse_body(P, prog, T_EOF, true);
	if (cx->is_module && P->sloppy_seen) {
		/* an ES module is strict from its first line: parse it again as such */
		memset(P, 0, sizeof(*P));
		P->cx = cx;
		P->allow_in = true;
		P->strict = true;
		cx->sp = 0;
		lg__fr_lex_init(&P->L, cx, cx->src, cx->len);
		prog = mk(P, N_PROGRAM, 0, 1);
		parse_body(P, prog, T_EOF, true);
	}
	if (P->strict)
		prog->flags |= NF_STRICT;
	cx->program = prog;
}
