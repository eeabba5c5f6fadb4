/* SPDX-License-Identifier: Apache-2.0 */
/*
 * emit.c - lowering and printing in one walk: each ES2020 node is printed as
 * ES5.1 (docs/FRONTEND.md, "Lowering"), on its source line.
 *
 * Lines: the printer knows the output line; before a statement or an
 * expression node it adds newlines until the output is on the node's line
 * (never inside a restricted production: after `return`/`throw`).  It never
 * goes back, so code that lowering moves earlier (a class's constructor,
 * prologues) only ever shares a line.
 *
 * Functions print their body into their own buffer: temporaries, `this` and
 * `arguments` aliases are only known at the end, and go into a prologue
 * (`var t$1, this$2 = this;`) inserted after the directives.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "front_int.h"

/* Output precedence levels (higher binds tighter). */
enum {
	P_SEQ = 1,
	P_ASSIGN,
	P_COND,
	P_OR,
	P_AND,
	P_BOR,
	P_BXOR,
	P_BAND,
	P_EQ,
	P_REL,
	P_SHIFT,
	P_ADD,
	P_MUL,
	P_UNARY,
	P_POSTFIX,
	P_CALL,
	P_MEMBER,
	P_PRIMARY
};

struct cls {
	struct fr_atom *name;      /* the constructor function inside the class IIFE */
	struct fr_atom *super_var; /* IIFE parameter holding the superclass, NULL: base class */
	struct fr_atom *init;      /* instance fields initializer, or NULL */
	struct fr_atom *sinit;     /* static fields initializer, or NULL */
};

struct atoms {
	struct fr_atom **v;
	uint32_t n, cap;
};

/* A function being printed. */
struct fctx {
	struct fctx *up;
	bool arrow; /* this / arguments / super are the enclosing function's */
	bool program;
	bool derived;      /* derived constructor: this is this_alias, set by super() */
	bool is_static;    /* static class member: super is the superclass itself */
	struct cls *cls;   /* class of a method (super) */
	struct lg_buf buf; /* the body */
	size_t ins;        /* where the prologue goes */
	struct fr_atom *this_alias, *args_alias;
	struct atoms temps; /* reusable temporaries (a stack: used entries) */
	uint32_t used;
	struct atoms vars; /* other generated variables */
	struct lg_buf pre; /* prologue statements after the var declaration */
	int catch_depth;   /* inside blocks wrapped in try/catch (per-iteration bindings) */
};

struct emitter {
	struct fr_ctx *cx;
	struct fctx *f;
	struct fctx *root;
	struct lg_buf *out;
	uint32_t line;
	bool nonl;  /* no newline before the next token (return/throw argument) */
	bool no_in; /* printing a for-statement head: parenthesize `in` */
	struct lg_buf *stmt_buf;
	size_t stmt_start;   /* an expression statement starts here (function / { need parens) */
	bool hoist_requests; /* module requests go to the prologue (some follow other code) */
	struct lg_buf seal;  /* exports made data properties at the end ("a", "b") */
};

/* A value a destructuring piece reads from. */
struct val {
	struct fr_node *node;  /* print this expression */
	const char *text;      /* or this text */
	struct fr_atom *dtemp; /* with dflt: `dtemp === void 0 ? dflt : dtemp` */
	struct fr_node *dflt;
};

static void emit_expr(struct emitter *E, struct fr_node *n, int min);
static void emit_stmt(struct emitter *E, struct fr_node *n);
static void emit_function(struct emitter *E, struct fr_node *fn, struct fr_atom *name,
                          struct cls *cls, bool is_static, int ctor);
static void emit_class(struct emitter *E, struct fr_node *c, int min);
static void emit_call(struct emitter *E, struct fr_node *n, int min);
static void emit_chain(struct emitter *E, struct fr_node *n, int min);

/* ---- output ---------------------------------------------------------------------- */

static void put(struct emitter *E, const char *s, size_t n)
{
	E->nonl = false;
	lg_buf_append(E->out, s, n);
}

static void puts_(struct emitter *E, const char *s)
{
	put(E, s, strlen(s));
}

static void putc_(struct emitter *E, char c)
{
	E->nonl = false;
	lg_buf_putc(E->out, c);
}

static void put_atom(struct emitter *E, const struct fr_atom *a)
{
	put(E, a->s, a->len);
}

static char last_char(struct emitter *E)
{
	return E->out->len ? E->out->data[E->out->len - 1] : '\0';
}

/* An operator that must not glue to the previous one (a - -b, a + +b). */
static void put_op(struct emitter *E, const char *op)
{
	char c = last_char(E);

	if ((op[0] == '+' || op[0] == '-') && c == op[0])
		putc_(E, ' ');
	puts_(E, op);
}

static void sync(struct emitter *E, uint32_t line)
{
	if (E->nonl)
		return;
	while (E->line < line) {
		lg_buf_putc(E->out, '\n');
		E->line++;
	}
}

/* True when nothing but newlines was printed since the expression statement began. */
static bool at_stmt_start(struct emitter *E)
{
	if (E->stmt_buf != E->out || E->stmt_start > E->out->len)
		return false;
	for (size_t i = E->stmt_start; i < E->out->len; i++)
		if (E->out->data[i] != '\n')
			return false;
	return true;
}

static void buf_put_str16(struct lg_buf *b, const uint16_t *u, uint32_t n)
{
	char tmp[8];

	lg_buf_putc(b, '"');
	for (uint32_t i = 0; i < n; i++) {
		uint16_t c = u[i];
		switch (c) {
		case '"':
			lg_buf_puts(b, "\\\"");
			continue;
		case '\\':
			lg_buf_puts(b, "\\\\");
			continue;
		case '\n':
			lg_buf_puts(b, "\\n");
			continue;
		case '\r':
			lg_buf_puts(b, "\\r");
			continue;
		case '\t':
			lg_buf_puts(b, "\\t");
			continue;
		case '\b':
			lg_buf_puts(b, "\\b");
			continue;
		case '\f':
			lg_buf_puts(b, "\\f");
			continue;
		default:
			break;
		}
		if (c >= 0x20 && c < 0x7F) {
			lg_buf_putc(b, (char)c);
		} else if (c < 0x100) {
			snprintf(tmp, sizeof(tmp), "\\x%02X", c);
			lg_buf_puts(b, tmp);
		} else {
			snprintf(tmp, sizeof(tmp), "\\u%04X", c);
			lg_buf_puts(b, tmp);
		}
	}
	lg_buf_putc(b, '"');
}

static void put_str16(struct emitter *E, const uint16_t *u, uint32_t n)
{
	E->nonl = false;
	buf_put_str16(E->out, u, n);
}

/* An atom (UTF-8) as a string literal. */
static void buf_put_atom_str(struct lg_buf *b, const struct fr_atom *a)
{
	if (a->ascii) {
		bool plain = true;
		for (uint32_t i = 0; i < a->len; i++)
			if (a->s[i] == '"' || a->s[i] == '\\' || a->s[i] < 0x20 || a->s[i] == 0x7F)
				plain = false;
		if (plain) {
			lg_buf_putc(b, '"');
			lg_buf_append(b, a->s, a->len);
			lg_buf_putc(b, '"');
			return;
		}
	}
	{
		uint16_t stackbuf[256] = { 0 },
		         *u = a->len <= 128 ? stackbuf : lg_xmalloc(a->len * 2 * 2);
		uint32_t n = 0, i = 0;
		while (i < a->len) {
			uint32_t cp = lg__fr_utf8_next(a->s, a->len, &i);
			if (cp >= 0x10000) {
				cp -= 0x10000;
				u[n++] = (uint16_t)(0xD800 + (cp >> 10));
				u[n++] = (uint16_t)(0xDC00 + (cp & 0x3FF));
			} else {
				u[n++] = (uint16_t)cp;
			}
		}
		buf_put_str16(b, u, n);
		if (u != stackbuf)
			free(u);
	}
}

static void put_atom_str(struct emitter *E, const struct fr_atom *a)
{
	E->nonl = false;
	buf_put_atom_str(E->out, a);
}

static void put_num(struct emitter *E, struct fr_node *n)
{
	char tmp[64];
	double v = n->v.num;

	/* as written, unless Duktape would reject it (huge exponents) or it is long */
	if (n->extra && isfinite(v) && v != 0 && n->end - n->pos <= 32) {
		put(E, E->cx->src + n->pos, n->end - n->pos);
		return;
	}
	if (isinf(v)) {
		puts_(E, "1e400");
		return;
	}
	if (v == floor(v) && fabs(v) < 9007199254740992.0) {
		snprintf(tmp, sizeof(tmp), "%.0f", v);
	} else {
		for (int prec = 15; prec <= 17; prec++) {
			snprintf(tmp, sizeof(tmp), "%.*g", prec, v);
			if (strtod(tmp, NULL) == v)
				break;
		}
	}
	puts_(E, tmp);
}

/* ---- function contexts, temporaries ---------------------------------------------------- */

static void atoms_push(struct atoms *l, struct fr_atom *a)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = lg_xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = a;
}

static struct fctx *fctx_open(struct emitter *E, bool arrow)
{
	struct fctx *f = lg_xcalloc(1, sizeof(*f));

	f->up = E->f;
	f->arrow = arrow;
	E->cx->emit_state = f;
	if (arrow && f->up) {
		f->cls = f->up->cls;
		f->is_static = f->up->is_static;
	}
	E->f = f;
	E->out = &f->buf;
	return f;
}

static void fctx_free(struct fctx *f)
{
	lg_buf_free(&f->buf);
	lg_buf_free(&f->pre);
	free(f->temps.v);
	free(f->vars.v);
	free(f);
}

/* The prologue: `var temps..., this$1 = this, arguments$2 = arguments;` and pre. */
static void fctx_prologue(struct fctx *f, struct lg_buf *b)
{
	bool any = false;

#define SEP()                                        \
	do {                                         \
		lg_buf_puts(b, any ? ", " : "var "); \
		any = true;                          \
	} while (0)
	for (uint32_t i = 0; i < f->temps.n; i++) {
		SEP();
		lg_buf_append(b, f->temps.v[i]->s, f->temps.v[i]->len);
	}
	for (uint32_t i = 0; i < f->vars.n; i++) {
		SEP();
		lg_buf_append(b, f->vars.v[i]->s, f->vars.v[i]->len);
	}
	if (f->this_alias) {
		SEP();
		lg_buf_append(b, f->this_alias->s, f->this_alias->len);
		lg_buf_puts(b, " = this");
	}
	if (f->args_alias) {
		SEP();
		lg_buf_append(b, f->args_alias->s, f->args_alias->len);
		lg_buf_puts(b, " = arguments");
	}
#undef SEP
	if (any)
		lg_buf_puts(b, "; ");
	if (f->pre.len)
		lg_buf_append(b, f->pre.data, f->pre.len);
}

/* Close the current function: its body, with the prologue, goes to the parent's buffer. */
static void fctx_close(struct emitter *E)
{
	struct fctx *f = E->f;
	struct lg_buf *to = &f->up->buf;

	if (f->buf.data)
		lg_buf_append(to, f->buf.data, f->ins);
	fctx_prologue(f, to);
	if (f->buf.data)
		lg_buf_append(to, f->buf.data + f->ins, f->buf.len - f->ins);
	E->f = f->up;
	E->out = &E->f->buf;
	E->cx->emit_state = E->f;
	fctx_free(f);
}

static struct fr_atom *temp(struct emitter *E)
{
	struct fctx *f = E->f;

	if (f->used == f->temps.n)
		atoms_push(&f->temps, lg__fr_fresh(E->cx, "t"));
	return f->temps.v[f->used++];
}

static struct fr_atom *var_of(struct emitter *E, struct fctx *f, const char *base)
{
	struct fr_atom *a = lg__fr_fresh(E->cx, base);

	atoms_push(&f->vars, a);
	return a;
}

/* The nearest function whose `this` is its own. */
static struct fctx *this_owner(struct emitter *E)
{
	struct fctx *f = E->f;

	while (f->arrow && f->up)
		f = f->up;
	return f;
}

static void emit_this(struct emitter *E)
{
	struct fctx *o = this_owner(E);

	if (o->program && E->cx->is_module) {
		puts_(E, "(void 0)");
		return;
	}
	if (o == E->f && !o->derived) {
		puts_(E, "this");
		return;
	}
	if (!o->this_alias)
		o->this_alias = lg__fr_fresh(E->cx, "this");
	put_atom(E, o->this_alias);
}

static void emit_arguments(struct emitter *E)
{
	struct fctx *o = this_owner(E);

	if (o == E->f) {
		puts_(E, "arguments");
		return;
	}
	if (!o->args_alias)
		o->args_alias = lg__fr_fresh(E->cx, "arguments");
	put_atom(E, o->args_alias);
}

/* ---- identifiers ------------------------------------------------------------------------ */

static bool is_ident_name(const struct fr_str *s)
{
	if (s->n == 0)
		return false;
	for (uint32_t i = 0; i < s->n; i++) {
		uint16_t c = s->u[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '$' ||
		          c == '_' || (i > 0 && c >= '0' && c <= '9');
		if (!ok)
			return false;
	}
	return true;
}

/* `.name` or `["name"]` for an import / export name node (N_IDENT or N_STR). */
static void put_member_name(struct emitter *E, struct fr_node *n)
{
	if (n->type == N_IDENT) {
		putc_(E, '.');
		put_atom(E, n->name);
	} else if (is_ident_name(&n->v.str)) {
		putc_(E, '.');
		for (uint32_t i = 0; i < n->v.str.n; i++)
			putc_(E, (char)n->v.str.u[i]);
	} else {
		putc_(E, '[');
		put_str16(E, n->v.str.u, n->v.str.n);
		putc_(E, ']');
	}
}

static bool is_import_value(const struct fr_node *id)
{
	return id->type == N_IDENT && id->bind && id->bind->kind == B_IMPORT &&
	       id->bind->import_kind != 2;
}

static void emit_import_ref(struct emitter *E, struct fr_binding *b)
{
	struct fr_node *spec = b->decl;
	struct fr_atom *m = spec->aux;

	put_atom(E, m);
	if (b->import_kind == 1)
		puts_(E, ".default");
	else if (b->import_kind == 0)
		put_member_name(E, spec->b);
}

static void emit_ident(struct emitter *E, struct fr_node *id)
{
	struct fr_binding *b = id->bind;

	if (!b) {
		if (id->name->kw == FR_KW_arguments) {
			emit_arguments(E);
			return;
		}
		put_atom(E, id->name);
		return;
	}
	if (b->kind == B_IMPORT) {
		emit_import_ref(E, b);
		return;
	}
	put_atom(E, b->alias ? b->alias : b->out);
}

/* The name a declaration prints (bindings of declarations). */
static struct fr_atom *decl_name(struct fr_node *id)
{
	struct fr_binding *b = id->bind;

	if (!b)
		return id->name;
	return b->alias ? b->alias : b->out;
}

static bool is_const_binding(const struct fr_binding *b)
{
	return b && (b->kind == B_CONST || b->kind == B_IMPORT || b->kind == B_CLASS_INNER);
}

static void emit_const_error(struct emitter *E, struct fr_node *id)
{
	puts_(E, "__lg_rt.constErr(");
	put_atom_str(E, id->name);
	putc_(E, ')');
}

/* A simple value that may be read twice (no side effects, no temporary needed). */
static bool is_simple(const struct fr_node *n)
{
	return (n->type == N_IDENT && !is_import_value(n)) || n->type == N_THIS;
}

/* ---- destructuring --------------------------------------------------------------------- */

struct dest {
	bool decl;  /* pieces are declarators of a `var` */
	bool first; /* no separator before the next piece */
};

/* Text built in the arena (so an error while printing leaks nothing). */
struct sb {
	char *p;
	uint32_t n, cap;
};

static void sb_put(struct emitter *E, struct sb *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		uint32_t cap = (uint32_t)((b->n + n + 1) * 2);
		char *np = lg__fr_alloc(&E->cx->arena, cap < 64 ? 64 : cap);
		if (b->n)
			memcpy(np, b->p, b->n);
		b->p = np;
		b->cap = cap < 64 ? 64 : cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += (uint32_t)n;
	b->p[b->n] = '\0';
}

static void sb_puts(struct emitter *E, struct sb *b, const char *s)
{
	sb_put(E, b, s, strlen(s));
}

static void sb_atom(struct emitter *E, struct sb *b, const struct fr_atom *a)
{
	sb_put(E, b, a->s, a->len);
}

static void sb_lgbuf(struct emitter *E, struct sb *b, struct lg_buf *lb)
{
	sb_put(E, b, lb->data ? lb->data : "", lb->len);
	lg_buf_free(lb);
}

static void sb_str16(struct emitter *E, struct sb *b, const struct fr_str *s)
{
	struct lg_buf lb = { 0 };

	buf_put_str16(&lb, s->u, s->n);
	sb_lgbuf(E, b, &lb);
}

static void sb_num(struct emitter *E, struct sb *b, struct fr_node *num)
{
	struct lg_buf lb = { 0 }, *save = E->out;

	E->out = &lb;
	put_num(E, num);
	E->out = save;
	sb_lgbuf(E, b, &lb);
}

static const char *sb_text(struct sb *b)
{
	return b->p ? b->p : "";
}

static void piece(struct emitter *E, struct dest *d)
{
	if (!d->first)
		puts_(E, ", ");
	d->first = false;
}

static void put_val(struct emitter *E, const struct val *v)
{
	if (v->node) {
		emit_expr(E, v->node, P_ASSIGN);
	} else if (v->dflt) {
		put_atom(E, v->dtemp);
		puts_(E, " === void 0 ? ");
		emit_expr(E, v->dflt, P_ASSIGN);
		puts_(E, " : ");
		put_atom(E, v->dtemp);
	} else {
		puts_(E, v->text);
	}
}

/* Key text appended to a base: .name, ["str"], [12], [t$1]. */
static void key_text(struct emitter *E, struct sb *b, struct fr_node *key, uint16_t flags,
                     struct fr_atom *ktemp)
{
	if (flags & NF_COMPUTED) {
		sb_puts(E, b, "[");
		sb_atom(E, b, ktemp);
		sb_puts(E, b, "]");
	} else if (key->type == N_IDENT) {
		sb_puts(E, b, ".");
		sb_atom(E, b, key->name);
	} else if (key->type == N_STR) {
		sb_puts(E, b, "[");
		sb_str16(E, b, &key->v.str);
		sb_puts(E, b, "]");
	} else {
		sb_puts(E, b, "[");
		sb_num(E, b, key);
		sb_puts(E, b, "]");
	}
}

/* The key as a string value (for the exclusion list of an object rest). */
static void key_value_text(struct emitter *E, struct sb *b, struct fr_node *key, uint16_t flags,
                           struct fr_atom *ktemp)
{
	if (flags & NF_COMPUTED) {
		sb_atom(E, b, ktemp);
	} else if (key->type == N_IDENT) {
		struct lg_buf lb = { 0 };
		buf_put_atom_str(&lb, key->name);
		sb_lgbuf(E, b, &lb);
	} else if (key->type == N_STR) {
		sb_str16(E, b, &key->v.str);
	} else {
		sb_puts(E, b, "String(");
		sb_num(E, b, key);
		sb_puts(E, b, ")");
	}
}

static void destructure(struct emitter *E, struct dest *d, struct fr_node *p,
                        const struct val *src);

/* The source as a name that may be read repeatedly: itself or a temporary. */
static const char *src_base(struct emitter *E, struct dest *d, const struct val *src, bool force)
{
	struct fr_atom *t;

	if (!force && !src->node && !src->dflt && src->text && strchr(src->text, '.') == NULL &&
	    strchr(src->text, '[') == NULL && strchr(src->text, '(') == NULL)
		return src->text;
	t = temp(E);
	piece(E, d);
	put_atom(E, t);
	puts_(E, " = ");
	put_val(E, src);
	return t->s;
}

static void destructure_object(struct emitter *E, struct dest *d, struct fr_node *p,
                               const struct val *src)
{
	const char *base = src_base(E, d, src, p->n == 0);
	struct sb keys = { 0 };
	bool rest = p->n && p->list[p->n - 1]->type == N_REST;

	for (uint32_t i = 0; i < p->n; i++) {
		struct fr_node *q = p->list[i];
		struct fr_atom *kt = NULL;
		struct sb b = { 0 };
		struct val v = { 0 };
		if (q->type == N_REST) {
			sb_puts(E, &b, "__lg_rt.orest(");
			sb_puts(E, &b, base);
			sb_puts(E, &b, ", [");
			sb_puts(E, &b, sb_text(&keys));
			sb_puts(E, &b, "])");
			v.text = sb_text(&b);
			destructure(E, d, q->a, &v);
			continue;
		}
		if (q->flags & NF_COMPUTED) {
			kt = temp(E);
			piece(E, d);
			put_atom(E, kt);
			puts_(E, rest ? " = __lg_rt.key(" : " = ");
			emit_expr(E, q->a, P_ASSIGN);
			if (rest)
				putc_(E, ')');
		}
		if (rest) {
			if (keys.n)
				sb_puts(E, &keys, ", ");
			key_value_text(E, &keys, q->a, q->flags, kt);
		}
		sb_puts(E, &b, base);
		key_text(E, &b, q->a, q->flags, kt);
		v.text = sb_text(&b);
		destructure(E, d, q->b, &v);
	}
}

static void destructure_array(struct emitter *E, struct dest *d, struct fr_node *p,
                              const struct val *src)
{
	struct fr_atom *t = temp(E);
	uint32_t need = 0;
	bool rest = false;
	char num[32];

	for (uint32_t i = 0; i < p->n; i++) {
		if (p->list[i]->type == N_REST)
			rest = true;
		else
			need++;
	}
	piece(E, d);
	put_atom(E, t);
	puts_(E, " = __lg_rt.arr(");
	put_val(E, src);
	if (rest) {
		puts_(E, ", -1)");
	} else {
		snprintf(num, sizeof(num), ", %u)", need);
		puts_(E, num);
	}
	for (uint32_t i = 0; i < p->n; i++) {
		struct fr_node *q = p->list[i];
		struct sb b = { 0 };
		struct val v = { 0 };
		if (q->type == N_HOLE)
			continue;
		sb_atom(E, &b, t);
		snprintf(num, sizeof(num), q->type == N_REST ? ".slice(%u)" : "[%u]", i);
		sb_puts(E, &b, num);
		v.text = sb_text(&b);
		destructure(E, d, q->type == N_REST ? q->a : q, &v);
	}
}

static void destructure(struct emitter *E, struct dest *d, struct fr_node *p, const struct val *src)
{
	switch (p->type) {
	case N_IDENT:
		piece(E, d);
		if (!d->decl && (is_const_binding(p->bind))) {
			put_val(E, src);
			puts_(E, ", ");
			emit_const_error(E, p);
			return;
		}
		if (d->decl)
			put_atom(E, decl_name(p));
		else
			emit_ident(E, p);
		puts_(E, " = ");
		put_val(E, src);
		return;
	case N_MEMBER:
		piece(E, d);
		emit_expr(E, p, P_CALL);
		puts_(E, " = ");
		put_val(E, src);
		return;
	case N_ASSIGN_PAT: {
		struct fr_atom *t = temp(E);
		struct val v = { 0 };
		piece(E, d);
		put_atom(E, t);
		puts_(E, " = ");
		put_val(E, src);
		v.dtemp = t;
		v.dflt = p->b;
		destructure(E, d, p->a, &v);
		return;
	}
	case N_OBJ_PAT:
		destructure_object(E, d, p, src);
		return;
	case N_ARR_PAT:
		destructure_array(E, d, p, src);
		return;
	default:
		lg__fr_error(E->cx, p->pos, "Invalid destructuring assignment target");
	}
}

/* ---- expressions ------------------------------------------------------------------------- */

static int binary_prec(int op)
{
	switch (op) {
	case T_OR:
		return P_OR;
	case T_AND:
		return P_AND;
	case T_BAR:
		return P_BOR;
	case T_CARET:
		return P_BXOR;
	case T_AMP:
		return P_BAND;
	case T_EQ:
	case T_NE:
	case T_SEQ:
	case T_SNE:
		return P_EQ;
	case T_LT:
	case T_GT:
	case T_LE:
	case T_GE:
	case T_IN:
	case T_INSTANCEOF:
		return P_REL;
	case T_SHL:
	case T_SHR:
	case T_USHR:
		return P_SHIFT;
	case T_PLUS:
	case T_MINUS:
		return P_ADD;
	case T_STAR:
	case T_SLASH:
	case T_PERCENT:
		return P_MUL;
	default:
		return P_CALL; /* ** becomes Math.pow(...) */
	}
}

static const char *op_text(int op)
{
	return lg__fr_tok_text((enum fr_tok)op);
}

static bool open_paren(struct emitter *E, int prec, int min)
{
	if (prec >= min)
		return false;
	putc_(E, '(');
	return true;
}

static void close_paren(struct emitter *E, bool p)
{
	if (p)
		putc_(E, ')');
}

/* `"a" + x + "b"`; a template without substitutions is a string. */
static void emit_template(struct emitter *E, struct fr_node *n, int min)
{
	bool p;

	if (n->n == 1) {
		put_str16(E, n->list[0]->v.str.u, n->list[0]->v.str.n);
		return;
	}
	p = open_paren(E, P_ADD, min);
	for (uint32_t i = 0; i < n->n; i++) {
		struct fr_node *x = n->list[i];
		if (i % 2 == 0) {
			if (i > 0 && x->v.str.n == 0)
				continue;
			if (i > 0)
				puts_(E, " + ");
			put_str16(E, x->v.str.u, x->v.str.n);
		} else {
			puts_(E, " + ");
			emit_expr(E, x, P_MUL);
		}
	}
	close_paren(E, p);
}

/* tag`a${x}b` -> tag(t$1 || (t$1 = __lg_rt.tpl(["a", "b"], ["a", "b"])), x) */
static void emit_tagged(struct emitter *E, struct fr_node *n, int min)
{
	struct fr_node *t = n->b;
	struct fr_atom *site = var_of(E, E->root, "tpl");
	bool p = open_paren(E, P_CALL, min);

	if (n->a->type == N_MEMBER && n->a->a->type == N_SUPER)
		lg__fr_unsupported(E->cx, n->pos, "super in a tagged template");
	if (is_import_value(n->a)) {
		puts_(E, "(0, ");
		emit_expr(E, n->a, P_ASSIGN);
		putc_(E, ')');
	} else {
		emit_expr(E, n->a, P_CALL);
	}
	putc_(E, '(');
	put_atom(E, site);
	puts_(E, " || (");
	put_atom(E, site);
	puts_(E, " = __lg_rt.tpl([");
	for (uint32_t i = 0; i < t->n; i += 2) {
		if (i)
			puts_(E, ", ");
		if (t->list[i]->flags & NF_TPL_BAD)
			puts_(E, "void 0");
		else
			put_str16(E, t->list[i]->v.str.u, t->list[i]->v.str.n);
	}
	puts_(E, "], [");
	for (uint32_t i = 0; i < t->n; i += 2) {
		if (i)
			puts_(E, ", ");
		put_str16(E, t->list[i]->raw.u, t->list[i]->raw.n);
	}
	puts_(E, "]))");
	for (uint32_t i = 1; i < t->n; i += 2) {
		puts_(E, ", ");
		emit_expr(E, t->list[i], P_ASSIGN);
	}
	putc_(E, ')');
	close_paren(E, p);
}

static bool has_spread(struct fr_node **list, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (list[i]->type == N_SPREAD)
			return true;
	return false;
}

/* The non-spread elements list[*i..] up to the next spread, as an array literal. */
static void emit_bracket_group(struct emitter *E, struct fr_node **list, uint32_t *i, uint32_t n)
{
	bool first = true;

	putc_(E, '[');
	for (; *i < n && list[*i]->type != N_SPREAD; (*i)++) {
		if (!first)
			puts_(E, ", ");
		first = false;
		if (list[*i]->type != N_HOLE)
			emit_expr(E, list[*i], P_ASSIGN);
		else
			puts_(E, "void 0");
	}
	putc_(E, ']');
}

/* Elements with spreads as one array: [a, b].concat(__lg_rt.sp(c), [d]). */
static void emit_spread_list(struct emitter *E, struct fr_node **list, uint32_t n)
{
	uint32_t i = 0;
	bool first = true;

	if (n == 1) {
		/* apply() and concat() copy it */
		puts_(E, "__lg_rt.sp(");
		emit_expr(E, list[0]->a, P_ASSIGN);
		putc_(E, ')');
		return;
	}
	if (list[0]->type == N_SPREAD)
		puts_(E, "[].concat(");
	else {
		emit_bracket_group(E, list, &i, n);
		puts_(E, ".concat(");
	}
	while (i < n) {
		if (!first)
			puts_(E, ", ");
		first = false;
		if (list[i]->type == N_SPREAD) {
			puts_(E, "__lg_rt.sp(");
			emit_expr(E, list[i]->a, P_ASSIGN);
			putc_(E, ')');
			i++;
		} else {
			emit_bracket_group(E, list, &i, n);
		}
	}
	putc_(E, ')');
}

static void emit_array(struct emitter *E, struct fr_node *n, int min)
{
	if (has_spread(n->list, n->n)) {
		bool p = open_paren(E, P_CALL, min);
		if (n->n == 1) {
			puts_(E, "[].concat(__lg_rt.sp(");
			emit_expr(E, n->list[0]->a, P_ASSIGN);
			puts_(E, "))");
		} else {
			emit_spread_list(E, n->list, n->n);
		}
		close_paren(E, p);
		return;
	}
	putc_(E, '[');
	for (uint32_t i = 0; i < n->n; i++) {
		if (i)
			putc_(E, ',');
		if (n->list[i]->type != N_HOLE) {
			if (i)
				putc_(E, ' ');
			emit_expr(E, n->list[i], P_ASSIGN);
		}
	}
	if (n->n && n->list[n->n - 1]->type == N_HOLE)
		putc_(E, ',');
	putc_(E, ']');
}

/* A property key in an object literal. */
static void emit_prop_key(struct emitter *E, struct fr_node *k)
{
	sync(E, k->line);
	if (k->type == N_IDENT)
		put_atom(E, k->name);
	else if (k->type == N_STR)
		put_str16(E, k->v.str.u, k->v.str.n);
	else
		put_num(E, k);
}

/* A key as a value (class members, computed assignments). */
static void emit_key_value(struct emitter *E, struct fr_node *k, uint16_t flags)
{
	if (flags & NF_COMPUTED)
		emit_expr(E, k, P_ASSIGN);
	else if (k->type == N_IDENT)
		put_atom_str(E, k->name);
	else if (k->type == N_STR)
		put_str16(E, k->v.str.u, k->v.str.n);
	else
		put_num(E, k);
}

static void emit_prop_value(struct emitter *E, struct fr_node *p)
{
	if (p->op == PK_INIT && (p->flags & NF_SHORTHAND))
		emit_ident(E, p->b);
	else if (p->op == PK_INIT)
		emit_expr(E, p->b, P_ASSIGN);
	else
		emit_function(E, p->b, NULL, NULL, false, 0);
}

/*
 * An arrow function or a method as a property value: printed in Duktape's
 * own method shorthand (`key(a) {...}`), which makes it non-constructable as
 * the spec says, so it gets no .prototype object: a quarter of the cost of
 * creating the closure, and no function <-> prototype cycle left for the
 * mark-and-sweep (k6's `check(r, {'ok': (r) => ...})` makes two a call).
 */
static bool native_method(const struct fr_node *p)
{
	const struct fr_node *fn = p->b;

	if (p->op == PK_INIT && !(p->flags & NF_SHORTHAND))
		return fn->type == N_ARROW && !(fn->flags & (NF_ASYNC | NF_GENERATOR));
	return p->op == PK_METHOD && !(fn->flags & (NF_ASYNC | NF_GENERATOR));
}

/* Plain ES5 properties list[from..to) (no computed keys, no spreads). */
static void emit_plain_props(struct emitter *E, struct fr_node **list, uint32_t from, uint32_t to)
{
	for (uint32_t i = from; i < to; i++) {
		struct fr_node *p = list[i];
		if (i > from)
			puts_(E, ", ");
		sync(E, p->line);
		if (native_method(p)) {
			/* a quoted key: Duktape takes `get(` and `return(` for syntax */
			sync(E, p->a->line);
			emit_key_value(E, p->a, 0);
			emit_function(E, p->b, NULL, NULL, false, -1);
			continue;
		}
		if (p->op == PK_GET || p->op == PK_SET) {
			puts_(E, p->op == PK_GET ? "get " : "set ");
			emit_prop_key(E, p->a);
			emit_function(E, p->b, NULL, NULL, false, -1);
			continue;
		}
		emit_prop_key(E, p->a);
		puts_(E, ": ");
		emit_prop_value(E, p);
	}
}

/* `__proto__: v` sets the prototype (Duktape's literals do not). */
static bool is_proto_prop(const struct fr_node *p)
{
	const struct fr_node *k = p->a;

	if (p->op != PK_INIT || (p->flags & (NF_COMPUTED | NF_SHORTHAND)))
		return false;
	if (k->type == N_IDENT)
		return k->name->len == 9 && memcmp(k->name->s, "__proto__", 9) == 0;
	if (k->type == N_STR && k->v.str.n == 9) {
		for (int i = 0; i < 9; i++)
			if (k->v.str.u[i] != (uint16_t) "__proto__"[i])
				return false;
		return true;
	}
	return false;
}

/* Properties list[from..to) without spreads; computed keys make it a sequence. */
static void emit_object_group(struct emitter *E, struct fr_node **list, uint32_t from, uint32_t to)
{
	uint32_t k = from;
	struct fr_atom *t;

	while (k < to && !(list[k]->flags & NF_COMPUTED) && !is_proto_prop(list[k]))
		k++;
	if (k == to) {
		bool sp = at_stmt_start(E);
		if (sp)
			putc_(E, '(');
		putc_(E, '{');
		emit_plain_props(E, list, from, to);
		putc_(E, '}');
		if (sp)
			putc_(E, ')');
		return;
	}
	/* (t = {plain...}, t[k] = v, Object.defineProperty(t, ...), t): always parenthesized */
	t = temp(E);
	putc_(E, '(');
	put_atom(E, t);
	puts_(E, " = {");
	emit_plain_props(E, list, from, k);
	putc_(E, '}');
	for (uint32_t i = k; i < to; i++) {
		struct fr_node *q = list[i];
		puts_(E, ", ");
		sync(E, q->line);
		if (q->op == PK_GET || q->op == PK_SET) {
			puts_(E, "Object.defineProperty(");
			put_atom(E, t);
			puts_(E, ", ");
			emit_key_value(E, q->a, q->flags);
			puts_(E, q->op == PK_GET ? ", {get: " : ", {set: ");
			emit_function(E, q->b, NULL, NULL, false, 0);
			puts_(E, ", enumerable: true, configurable: true})");
			continue;
		}
		if (is_proto_prop(q)) {
			puts_(E, "__lg_rt.proto(");
			put_atom(E, t);
			puts_(E, ", ");
			emit_expr(E, q->b, P_ASSIGN);
			putc_(E, ')');
			continue;
		}
		put_atom(E, t);
		if (q->flags & NF_COMPUTED) {
			putc_(E, '[');
			emit_expr(E, q->a, P_SEQ);
			putc_(E, ']');
		} else if (q->a->type == N_IDENT) {
			putc_(E, '.');
			put_atom(E, q->a->name);
		} else {
			putc_(E, '[');
			emit_key_value(E, q->a, 0);
			putc_(E, ']');
		}
		puts_(E, " = ");
		emit_prop_value(E, q);
	}
	puts_(E, ", ");
	put_atom(E, t);
	putc_(E, ')');
}

static void emit_object(struct emitter *E, struct fr_node *n, int min)
{
	uint32_t i = 0;
	bool p;

	if (!has_spread(n->list, n->n)) {
		emit_object_group(E, n->list, 0, n->n);
		return;
	}
	/* __lg_rt.assign({...}, spread, {...}) */
	p = open_paren(E, P_CALL, min);
	puts_(E, "__lg_rt.assign(");
	if (n->list[0]->type == N_SPREAD)
		puts_(E, "{}");
	while (i < n->n) {
		if (n->list[i]->type == N_SPREAD) {
			puts_(E, ", ");
			emit_expr(E, n->list[i]->a, P_ASSIGN);
			i++;
		} else {
			uint32_t j = i;
			while (j < n->n && n->list[j]->type != N_SPREAD)
				j++;
			if (i > 0)
				puts_(E, ", ");
			emit_object_group(E, n->list, i, j);
			i = j;
		}
	}
	putc_(E, ')');
	close_paren(E, p);
}

/* super.x / super[x] as a reference base: the home object's prototype. */
static void emit_super_base(struct emitter *E, struct fr_node *at)
{
	struct fctx *o = this_owner(E);

	if (!o->cls)
		lg__fr_unsupported(E->cx, at->pos, "super outside class methods");
	if (o->cls->super_var) {
		put_atom(E, o->cls->super_var);
		if (!o->is_static)
			puts_(E, ".prototype");
	} else {
		puts_(E, o->is_static ? "Function.prototype" : "Object.prototype");
	}
}

/* super.x (not called): the property of the home object's prototype, read with this. */
static void emit_super_get(struct emitter *E, struct fr_node *n, int min)
{
	bool p = open_paren(E, P_CALL, min);

	puts_(E, "__lg_rt.sget(");
	emit_super_base(E, n->a);
	puts_(E, ", ");
	if (n->flags & NF_COMPUTED)
		emit_expr(E, n->b, P_ASSIGN);
	else
		put_atom_str(E, n->b->name);
	puts_(E, ", ");
	emit_this(E);
	putc_(E, ')');
	close_paren(E, p);
}

/* A member expression; super.m stays a plain reference when it is called. */
static void emit_member_ref(struct emitter *E, struct fr_node *n, int min)
{
	bool p = open_paren(E, P_MEMBER, min);

	if (n->a->type == N_SUPER) {
		emit_super_base(E, n->a);
	} else if (n->a->type == N_NUM) {
		putc_(E, '(');
		emit_expr(E, n->a, P_SEQ);
		putc_(E, ')');
	} else {
		emit_expr(E, n->a, P_CALL);
	}
	if (n->flags & NF_COMPUTED) {
		putc_(E, '[');
		emit_expr(E, n->b, P_SEQ);
		putc_(E, ']');
	} else {
		putc_(E, '.');
		put_atom(E, n->b->name);
	}
	close_paren(E, p);
}

static void emit_member(struct emitter *E, struct fr_node *n, int min)
{
	if (n->a->type == N_SUPER)
		emit_super_get(E, n, min);
	else
		emit_member_ref(E, n, min);
}

static void emit_args(struct emitter *E, struct fr_node **list, uint32_t n)
{
	putc_(E, '(');
	for (uint32_t i = 0; i < n; i++) {
		if (i)
			puts_(E, ", ");
		emit_expr(E, list[i], P_ASSIGN);
	}
	putc_(E, ')');
}

/* super(...) in a derived constructor. */
static void emit_super_call(struct emitter *E, struct fr_node *n, int min)
{
	struct fctx *o = this_owner(E);
	bool p;

	if (!o->derived || !o->cls || !o->cls->super_var)
		lg__fr_unsupported(E->cx, n->pos, "super() here");
	p = open_paren(E, P_ASSIGN, min);
	puts_(E, "(");
	put_atom(E, o->this_alias);
	puts_(E, " = __lg_rt.sup(");
	put_atom(E, o->this_alias);
	puts_(E, ", ");
	put_atom(E, o->cls->super_var);
	puts_(E, ", ");
	if (has_spread(n->list, n->n)) {
		emit_spread_list(E, n->list, n->n);
	} else {
		putc_(E, '[');
		for (uint32_t i = 0; i < n->n; i++) {
			if (i)
				puts_(E, ", ");
			emit_expr(E, n->list[i], P_ASSIGN);
		}
		putc_(E, ']');
	}
	puts_(E, "))");
	if (o->cls->init) {
		puts_(E, ", ");
		put_atom(E, o->cls->init);
		puts_(E, ".call(");
		put_atom(E, o->this_alias);
		puts_(E, "), ");
		put_atom(E, o->this_alias);
	}
	close_paren(E, p);
}

static void emit_call(struct emitter *E, struct fr_node *n, int min)
{
	struct fr_node *callee = n->a;
	bool spread = has_spread(n->list, n->n);
	bool p;

	if (callee->type == N_SUPER) {
		emit_super_call(E, n, min);
		return;
	}
	p = open_paren(E, P_CALL, min);
	if (callee->type == N_MEMBER && callee->a->type == N_SUPER) {
		/* super.m(args) -> Super.prototype.m.call(this, args) */
		emit_member_ref(E, callee, P_CALL);
		puts_(E, spread ? ".apply(" : ".call(");
		emit_this(E);
		if (spread) {
			puts_(E, ", ");
			emit_spread_list(E, n->list, n->n);
			putc_(E, ')');
		} else {
			for (uint32_t i = 0; i < n->n; i++) {
				puts_(E, ", ");
				emit_expr(E, n->list[i], P_ASSIGN);
			}
			putc_(E, ')');
		}
		close_paren(E, p);
		return;
	}
	if (spread) {
		if (callee->type == N_MEMBER) {
			/* o.m(...a) -> (t = o).m.apply(t, ...) */
			struct fr_atom *t = NULL;
			if (is_simple(callee->a)) {
				emit_expr(E, callee->a, P_CALL);
			} else {
				t = temp(E);
				putc_(E, '(');
				put_atom(E, t);
				puts_(E, " = ");
				emit_expr(E, callee->a, P_ASSIGN);
				putc_(E, ')');
			}
			if (callee->flags & NF_COMPUTED) {
				putc_(E, '[');
				emit_expr(E, callee->b, P_SEQ);
				putc_(E, ']');
			} else {
				putc_(E, '.');
				put_atom(E, callee->b->name);
			}
			puts_(E, ".apply(");
			if (t)
				put_atom(E, t);
			else
				emit_expr(E, callee->a, P_ASSIGN);
		} else {
			emit_expr(E, callee, P_CALL);
			puts_(E, ".apply(void 0");
		}
		puts_(E, ", ");
		emit_spread_list(E, n->list, n->n);
		putc_(E, ')');
		close_paren(E, p);
		return;
	}
	if (is_import_value(callee)) {
		puts_(E, "(0, ");
		emit_ident(E, callee);
		putc_(E, ')');
	} else if (callee->type == N_FUNC && at_stmt_start(E)) {
		/* keep it an expression: (function () {...})() */
		putc_(E, '(');
		emit_expr(E, callee, P_ASSIGN);
		putc_(E, ')');
	} else {
		emit_expr(E, callee, P_CALL);
	}
	emit_args(E, n->list, n->n);
	close_paren(E, p);
}

static void emit_new(struct emitter *E, struct fr_node *n, int min)
{
	bool p;

	if (has_spread(n->list, n->n)) {
		p = open_paren(E, P_CALL, min);
		puts_(E, "__lg_rt.construct(");
		emit_expr(E, n->a, P_ASSIGN);
		puts_(E, ", ");
		emit_spread_list(E, n->list, n->n);
		putc_(E, ')');
		close_paren(E, p);
		return;
	}
	p = open_paren(E, P_CALL, min);
	puts_(E, "new ");
	emit_expr(E, n->a, P_MEMBER);
	emit_args(E, n->list, n->n);
	close_paren(E, p);
}

/* A member reference evaluated once and used twice (o[k] **= v, o.x ??= v). */
struct ref {
	struct fr_node *m;
	struct fr_atom *ot, *kt; /* temporaries for the object and a computed key, or NULL */
};

static bool is_literal_key(const struct fr_node *k)
{
	return k->type == N_STR || k->type == N_NUM;
}

static void ref_first(struct emitter *E, struct ref *r, struct fr_node *m)
{
	r->m = m;
	r->ot = r->kt = NULL;
	if (m->a->type == N_SUPER)
		lg__fr_unsupported(E->cx, m->pos, "compound assignment to a super property");
	if (is_simple(m->a)) {
		emit_expr(E, m->a, P_CALL);
	} else {
		r->ot = temp(E);
		putc_(E, '(');
		put_atom(E, r->ot);
		puts_(E, " = ");
		emit_expr(E, m->a, P_ASSIGN);
		putc_(E, ')');
	}
	if (!(m->flags & NF_COMPUTED)) {
		putc_(E, '.');
		put_atom(E, m->b->name);
	} else if (is_literal_key(m->b)) {
		putc_(E, '[');
		emit_expr(E, m->b, P_SEQ);
		putc_(E, ']');
	} else {
		r->kt = temp(E);
		putc_(E, '[');
		put_atom(E, r->kt);
		puts_(E, " = ");
		emit_expr(E, m->b, P_ASSIGN);
		putc_(E, ']');
	}
}

static void ref_again(struct emitter *E, struct ref *r)
{
	struct fr_node *m = r->m;

	if (r->ot)
		put_atom(E, r->ot);
	else
		emit_expr(E, m->a, P_CALL);
	if (!(m->flags & NF_COMPUTED)) {
		putc_(E, '.');
		put_atom(E, m->b->name);
	} else {
		putc_(E, '[');
		if (r->kt)
			put_atom(E, r->kt);
		else
			emit_expr(E, m->b, P_SEQ);
		putc_(E, ']');
	}
}

static bool plain_assign_op(int op)
{
	return op != T_POW_A && op != T_LAND_A && op != T_LOR_A && op != T_NULLISH_A;
}

static void emit_assign(struct emitter *E, struct fr_node *n, int min)
{
	struct fr_node *t = n->a;
	int op = n->op;
	bool p;

	if (t->type == N_OBJ_PAT || t->type == N_ARR_PAT) {
		/* (t = rhs, a = t.a, ..., t) */
		struct fr_atom *tmp = temp(E);
		struct dest d = { .decl = false, .first = false };
		struct val v = { .text = tmp->s };
		p = open_paren(E, P_SEQ, min);
		put_atom(E, tmp);
		puts_(E, " = ");
		emit_expr(E, n->b, P_ASSIGN);
		destructure(E, &d, t, &v);
		puts_(E, ", ");
		put_atom(E, tmp);
		close_paren(E, p);
		return;
	}
	if (t->type == N_IDENT && is_const_binding(t->bind)) {
		p = open_paren(E, P_SEQ, min);
		emit_expr(E, n->b, P_ASSIGN);
		puts_(E, ", ");
		emit_const_error(E, t);
		close_paren(E, p);
		return;
	}
	if (plain_assign_op(op)) {
		if (t->type == N_MEMBER && t->a->type == N_SUPER) {
			/* super.x = v -> __lg_rt.sset(Super.prototype, "x", v, this) */
			if (op != T_ASSIGN)
				lg__fr_unsupported(E->cx, t->pos,
				                   "compound assignment to a super property");
			p = open_paren(E, P_CALL, min);
			puts_(E, "__lg_rt.sset(");
			emit_super_base(E, t->a);
			puts_(E, ", ");
			if (t->flags & NF_COMPUTED)
				emit_expr(E, t->b, P_ASSIGN);
			else
				put_atom_str(E, t->b->name);
			puts_(E, ", ");
			emit_expr(E, n->b, P_ASSIGN);
			puts_(E, ", ");
			emit_this(E);
			putc_(E, ')');
			close_paren(E, p);
			return;
		}
		p = open_paren(E, P_ASSIGN, min);
		emit_expr(E, t, P_CALL);
		putc_(E, ' ');
		puts_(E, op_text(op));
		putc_(E, ' ');
		emit_expr(E, n->b, P_ASSIGN);
		close_paren(E, p);
		return;
	}
	if (t->type == N_IDENT) {
		switch (op) {
		case T_POW_A:
			p = open_paren(E, P_ASSIGN, min);
			emit_ident(E, t);
			puts_(E, " = Math.pow(");
			emit_ident(E, t);
			puts_(E, ", ");
			emit_expr(E, n->b, P_ASSIGN);
			putc_(E, ')');
			break;
		case T_LAND_A:
		case T_LOR_A:
			p = open_paren(E, op == T_LAND_A ? P_AND : P_OR, min);
			emit_ident(E, t);
			puts_(E, op == T_LAND_A ? " && (" : " || (");
			emit_ident(E, t);
			puts_(E, " = ");
			emit_expr(E, n->b, P_ASSIGN);
			putc_(E, ')');
			break;
		default: /* ??= */
			p = open_paren(E, P_COND, min);
			emit_ident(E, t);
			puts_(E, " != null ? ");
			emit_ident(E, t);
			puts_(E, " : (");
			emit_ident(E, t);
			puts_(E, " = ");
			emit_expr(E, n->b, P_ASSIGN);
			putc_(E, ')');
			break;
		}
		close_paren(E, p);
		return;
	}
	/* a member target */
	{
		struct ref r;
		switch (op) {
		case T_POW_A:
			p = open_paren(E, P_ASSIGN, min);
			ref_first(E, &r, t);
			puts_(E, " = Math.pow(");
			ref_again(E, &r);
			puts_(E, ", ");
			emit_expr(E, n->b, P_ASSIGN);
			putc_(E, ')');
			break;
		case T_LAND_A:
		case T_LOR_A:
			p = open_paren(E, op == T_LAND_A ? P_AND : P_OR, min);
			ref_first(E, &r, t);
			puts_(E, op == T_LAND_A ? " && (" : " || (");
			ref_again(E, &r);
			puts_(E, " = ");
			emit_expr(E, n->b, P_ASSIGN);
			putc_(E, ')');
			break;
		default: { /* ??= */
			struct fr_atom *u = temp(E);
			p = open_paren(E, P_COND, min);
			putc_(E, '(');
			put_atom(E, u);
			puts_(E, " = ");
			ref_first(E, &r, t);
			puts_(E, ") != null ? ");
			put_atom(E, u);
			puts_(E, " : (");
			ref_again(E, &r);
			puts_(E, " = ");
			emit_expr(E, n->b, P_ASSIGN);
			putc_(E, ')');
			break;
		}
		}
		close_paren(E, p);
	}
}

static void emit_update(struct emitter *E, struct fr_node *n, int min)
{
	bool p;

	if (n->a->type == N_IDENT && is_const_binding(n->a->bind)) {
		p = open_paren(E, P_SEQ, min);
		putc_(E, '+');
		emit_ident(E, n->a);
		puts_(E, ", ");
		emit_const_error(E, n->a);
		close_paren(E, p);
		return;
	}
	if (n->a->type == N_MEMBER && n->a->a->type == N_SUPER)
		lg__fr_unsupported(E->cx, n->pos, "update of a super property");
	if (n->flags & NF_PREFIX) {
		p = open_paren(E, P_UNARY, min);
		put_op(E, op_text(n->op));
		emit_expr(E, n->a, P_UNARY);
	} else {
		p = open_paren(E, P_POSTFIX, min);
		emit_expr(E, n->a, P_CALL);
		puts_(E, op_text(n->op));
	}
	close_paren(E, p);
}

static void emit_unary(struct emitter *E, struct fr_node *n, int min)
{
	bool p = open_paren(E, P_UNARY, min);

	switch (n->op) {
	case T_TYPEOF:
		puts_(E, "typeof ");
		break;
	case T_VOID:
		puts_(E, "void ");
		break;
	case T_DELETE:
		puts_(E, "delete ");
		if (n->a->type == N_CHAIN)
			lg__fr_unsupported(E->cx, n->pos, "delete of an optional chain");
		break;
	default:
		put_op(E, op_text(n->op));
		break;
	}
	emit_expr(E, n->a, P_UNARY);
	close_paren(E, p);
}

static void emit_binary(struct emitter *E, struct fr_node *n, int min)
{
	int prec = binary_prec(n->op);
	bool p;

	if (n->op == T_STARSTAR) {
		p = open_paren(E, P_CALL, min);
		puts_(E, "Math.pow(");
		emit_expr(E, n->a, P_ASSIGN);
		puts_(E, ", ");
		emit_expr(E, n->b, P_ASSIGN);
		putc_(E, ')');
		close_paren(E, p);
		return;
	}
	if (n->op == T_IN && E->no_in)
		min = P_PRIMARY;
	p = open_paren(E, prec, min);
	emit_expr(E, n->a, prec);
	if (n->op == T_IN) {
		puts_(E, " in ");
	} else if (n->op == T_INSTANCEOF) {
		puts_(E, " instanceof ");
	} else {
		putc_(E, ' ');
		puts_(E, op_text(n->op));
		putc_(E, ' ');
	}
	emit_expr(E, n->b, prec + 1);
	close_paren(E, p);
}

static void emit_logical(struct emitter *E, struct fr_node *n, int min)
{
	bool p;

	if (n->op != T_NULLISH) {
		int prec = n->op == T_AND ? P_AND : P_OR;
		p = open_paren(E, prec, min);
		emit_expr(E, n->a, prec);
		puts_(E, n->op == T_AND ? " && " : " || ");
		emit_expr(E, n->b, prec + 1);
		close_paren(E, p);
		return;
	}
	/* a ?? b -> (t = a) != null ? t : b */
	p = open_paren(E, P_COND, min);
	if (is_simple(n->a)) {
		emit_expr(E, n->a, P_REL);
		puts_(E, " != null ? ");
		emit_expr(E, n->a, P_ASSIGN);
	} else {
		struct fr_atom *t = temp(E);
		putc_(E, '(');
		put_atom(E, t);
		puts_(E, " = ");
		emit_expr(E, n->a, P_ASSIGN);
		puts_(E, ") != null ? ");
		put_atom(E, t);
	}
	puts_(E, " : ");
	emit_expr(E, n->b, P_ASSIGN);
	close_paren(E, p);
}

/* A regular expression as written (invalid UTF-8 becomes \uFFFD, as Node reads it). */
static void emit_regex(struct emitter *E, struct fr_node *n)
{
	const char *s = E->cx->src;
	uint32_t i = n->pos;

	while (i < n->end) {
		uint32_t at = i, cp = lg__fr_utf8_next(s, n->end, &i);
		if (cp == '\\' && i < n->end && (unsigned char)s[i] < 0x20) {
			at = i;
			cp = lg__fr_utf8_next(s, n->end, &i);
		}
		if (cp < 0x20 || cp == 0x7F) {
			/* control characters (and escaped ones) as \xHH */
			char tmp[8];
			snprintf(tmp, sizeof(tmp), "\\x%02X", cp);
			puts_(E, tmp);
		} else if (cp == 0xFFFD && !(i - at == 3 && (unsigned char)s[at] == 0xEF)) {
			puts_(E, "\\uFFFD");
		} else {
			put(E, s + at, i - at);
		}
	}
}

static struct fr_node *synth_ident(struct emitter *E, struct fr_atom *a)
{
	struct fr_node *n = lg__fr_alloc(&E->cx->arena, sizeof(*n));

	n->type = N_IDENT;
	n->name = a;
	return n;
}

/*
 * An optional chain: the innermost ?. first.  a?.b.c -> (t = a) == null ? void 0 : t.b.c;
 * the rest of the chain (which may hold further ?.) is printed the same way.
 */
static void emit_chain(struct emitter *E, struct fr_node *top, int min)
{
	struct fr_node *j = NULL, *jparent = NULL, *x = top, *parent = NULL;
	struct fr_node *base;
	bool p;

	while (x->type == N_MEMBER || x->type == N_CALL) {
		if (x->flags & NF_OPTIONAL) {
			j = x;
			jparent = parent;
		}
		parent = x;
		x = x->a;
	}
	if (!j) {
		emit_expr(E, top, min);
		return;
	}
	base = j->a;
	p = open_paren(E, P_COND, min);
	if (j->type == N_CALL && base->type == N_MEMBER && base->a->type != N_SUPER) {
		/* o.m?.(args) -> (t = (u = o).m) == null ? void 0 : t.call(u, args) */
		struct fr_atom *t = temp(E), *u = NULL;
		struct fr_node *call, *mem, *thisarg, *saved_parent_a = NULL;
		putc_(E, '(');
		put_atom(E, t);
		puts_(E, " = ");
		if (is_simple(base->a)) {
			emit_expr(E, base->a, P_CALL);
			thisarg = base->a;
		} else {
			u = temp(E);
			putc_(E, '(');
			put_atom(E, u);
			puts_(E, " = ");
			emit_expr(E, base->a, P_ASSIGN);
			putc_(E, ')');
			thisarg = synth_ident(E, u);
		}
		if (base->flags & NF_COMPUTED) {
			putc_(E, '[');
			emit_expr(E, base->b, P_SEQ);
			putc_(E, ']');
		} else {
			putc_(E, '.');
			put_atom(E, base->b->name);
		}
		puts_(E, ") == null ? void 0 : ");
		mem = lg__fr_alloc(&E->cx->arena, sizeof(*mem));
		mem->type = N_MEMBER;
		mem->a = synth_ident(E, t);
		mem->b = synth_ident(E, lg__fr_atom(E->cx, "call", 4));
		call = lg__fr_alloc(&E->cx->arena, sizeof(*call));
		call->type = N_CALL;
		call->a = mem;
		call->n = j->n + 1;
		call->list = lg__fr_alloc(&E->cx->arena, call->n * sizeof(*call->list));
		call->list[0] = thisarg;
		for (uint32_t i = 0; i < j->n; i++)
			call->list[i + 1] = j->list[i];
		if (jparent) {
			saved_parent_a = jparent->a;
			jparent->a = call;
			emit_chain(E, top, P_ASSIGN);
			jparent->a = saved_parent_a;
		} else {
			emit_chain(E, call, P_ASSIGN);
		}
	} else {
		struct fr_node *saved = j->a;
		if (is_simple(base)) {
			emit_expr(E, base, P_REL);
			puts_(E, " == null ? void 0 : ");
		} else {
			struct fr_atom *t = temp(E);
			putc_(E, '(');
			put_atom(E, t);
			puts_(E, " = ");
			emit_expr(E, base, P_ASSIGN);
			puts_(E, ") == null ? void 0 : ");
			j->a = synth_ident(E, t);
		}
		j->flags &= (uint16_t)~NF_OPTIONAL;
		emit_chain(E, top, P_ASSIGN);
		j->flags |= NF_OPTIONAL;
		j->a = saved;
	}
	close_paren(E, p);
}

static void emit_expr(struct emitter *E, struct fr_node *n, int min)
{
	bool p;

	if (n->line)
		sync(E, n->line);
	switch (n->type) {
	case N_IDENT:
		emit_ident(E, n);
		return;
	case N_THIS:
		emit_this(E);
		return;
	case N_NUM:
		put_num(E, n);
		return;
	case N_STR:
		put_str16(E, n->v.str.u, n->v.str.n);
		return;
	case N_TEMPLATE:
		emit_template(E, n, min);
		return;
	case N_TAGGED:
		emit_tagged(E, n, min);
		return;
	case N_REGEX:
		emit_regex(E, n);
		return;
	case N_NULL:
		puts_(E, "null");
		return;
	case N_BOOL:
		puts_(E, n->v.bval ? "true" : "false");
		return;
	case N_ARRAY:
		emit_array(E, n, min);
		return;
	case N_OBJECT:
		emit_object(E, n, min);
		return;
	case N_FUNC:
	case N_ARROW: {
		bool sp = at_stmt_start(E);
		if (sp)
			putc_(E, '(');
		emit_function(E, n, n->type == N_FUNC ? n->name : NULL, NULL, false, 0);
		if (sp)
			putc_(E, ')');
		return;
	}
	case N_CLASS:
		emit_class(E, n, min);
		return;
	case N_MEMBER:
		emit_member(E, n, min);
		return;
	case N_CALL:
		emit_call(E, n, min);
		return;
	case N_NEW:
		emit_new(E, n, min);
		return;
	case N_UNARY:
		emit_unary(E, n, min);
		return;
	case N_UPDATE:
		emit_update(E, n, min);
		return;
	case N_BINARY:
		emit_binary(E, n, min);
		return;
	case N_LOGICAL:
		emit_logical(E, n, min);
		return;
	case N_ASSIGN:
		emit_assign(E, n, min);
		return;
	case N_COND:
		p = open_paren(E, P_COND, min);
		emit_expr(E, n->a, P_OR);
		puts_(E, " ? ");
		emit_expr(E, n->b, P_ASSIGN);
		puts_(E, " : ");
		emit_expr(E, n->c, P_ASSIGN);
		close_paren(E, p);
		return;
	case N_SEQ:
		p = open_paren(E, P_SEQ, min);
		for (uint32_t i = 0; i < n->n; i++) {
			if (i)
				puts_(E, ", ");
			emit_expr(E, n->list[i], P_ASSIGN);
		}
		close_paren(E, p);
		return;
	case N_AWAIT:
		p = open_paren(E, P_CALL, min);
		puts_(E, "__lg_await(");
		emit_expr(E, n->a, P_ASSIGN);
		putc_(E, ')');
		close_paren(E, p);
		return;
	case N_CHAIN:
		emit_chain(E, n->a, min);
		return;
	case N_IMPORT_CALL:
		p = open_paren(E, P_CALL, min);
		puts_(E, "__lg_rt.dimp(require, ");
		emit_expr(E, n->a, P_ASSIGN);
		putc_(E, ')');
		close_paren(E, p);
		return;
	case N_META:
		lg__fr_unsupported(E->cx, n->pos,
		                   n->name->kw == FR_KW_meta ? "import.meta" : "new.target");
	case N_SUPER:
		lg__fr_error(E->cx, n->pos, "'super' keyword unexpected here");
	case N_YIELD:
		lg__fr_unsupported(E->cx, n->pos, "yield (generators)");
	case N_SPREAD:
		lg__fr_error(E->cx, n->pos, "Unexpected token '...'");
	default:
		lg__fr_error(E->cx, n->pos, "Unexpected expression");
	}
}

/* ---- functions ----------------------------------------------------------------------------- */

/* Parameter defaults, patterns and rest, at the start of the body. */
static void emit_param_prologue(struct emitter *E, struct fr_node *fn, struct fr_atom **ptmp)
{
	for (uint32_t i = 0; i < fn->n; i++) {
		struct fr_node *p = fn->list[i];
		uint32_t mark = E->f->used;
		struct dest d = { .decl = true, .first = true };
		struct val v = { 0 };
		if (p->type == N_IDENT)
			continue;
		if (p->type == N_ASSIGN_PAT && p->a->type == N_IDENT) {
			struct fr_atom *a = decl_name(p->a);
			puts_(E, "if (");
			put_atom(E, a);
			puts_(E, " === void 0) ");
			put_atom(E, a);
			puts_(E, " = ");
			emit_expr(E, p->b, P_ASSIGN);
			puts_(E, "; ");
		} else if (p->type == N_REST) {
			struct sb b = { 0 };
			char num[48];
			snprintf(num, sizeof(num), "__lg_rt.rest(arguments, %u)", i);
			sb_puts(E, &b, num);
			v.text = sb_text(&b);
			puts_(E, "var ");
			destructure(E, &d, p->a, &v);
			puts_(E, "; ");
		} else {
			struct fr_node *pat = p;
			if (p->type == N_ASSIGN_PAT) {
				puts_(E, "if (");
				put_atom(E, ptmp[i]);
				puts_(E, " === void 0) ");
				put_atom(E, ptmp[i]);
				puts_(E, " = ");
				emit_expr(E, p->b, P_ASSIGN);
				puts_(E, "; ");
				pat = p->a;
			}
			v.text = ptmp[i]->s;
			puts_(E, "var ");
			destructure(E, &d, pat, &v);
			puts_(E, "; ");
		}
		E->f->used = mark;
	}
}

/*
 * A function, arrow or method as an ES5 function expression (or declaration:
 * the caller prints what comes before).  ctor: 0 plain, -1 accessor (no
 * `function` keyword), 1 base class constructor, 2 derived class constructor.
 */
static void emit_function(struct emitter *E, struct fr_node *fn, struct fr_atom *name,
                          struct cls *cls, bool is_static, int ctor)
{
	bool arrow = fn->type == N_ARROW, async = (fn->flags & NF_ASYNC) != 0;
	struct fr_atom **ptmp = fn->n ? lg__fr_alloc(&E->cx->arena, fn->n * sizeof(*ptmp)) : NULL;
	struct fctx *f;
	bool first = true;

	if (ctor != -1) {
		puts_(E, "function");
		if (name) {
			putc_(E, ' ');
			put_atom(E, name);
		} else {
			putc_(E, ' ');
		}
	}
	putc_(E, '(');
	for (uint32_t i = 0; i < fn->n; i++) {
		struct fr_node *p = fn->list[i];
		if (p->type == N_REST)
			break;
		if (!first)
			puts_(E, ", ");
		first = false;
		if (p->type == N_IDENT) {
			put_atom(E, decl_name(p));
		} else if (p->type == N_ASSIGN_PAT && p->a->type == N_IDENT) {
			put_atom(E, decl_name(p->a));
		} else {
			ptmp[i] = lg__fr_fresh(E->cx, "p");
			put_atom(E, ptmp[i]);
		}
	}
	puts_(E, ") {");
	f = fctx_open(E, arrow);
	if (!arrow) {
		f->cls = cls;
		f->is_static = is_static;
	}
	if (ctor == 2) {
		f->derived = true;
		f->this_alias = lg__fr_fresh(E->cx, "this");
	}
	if (async) {
		struct fctx *outer = f;
		puts_(E, " return __lg_rt.async(this, arguments, function () {");
		f = fctx_open(E, arrow);
		f->cls = outer->cls;
		f->is_static = outer->is_static;
	}
	if (fn->flags & NF_EXPR_BODY) {
		f->ins = E->out->len;
		emit_param_prologue(E, fn, ptmp);
		puts_(E, " return ");
		E->nonl = true;
		emit_expr(E, fn->a, P_ASSIGN);
		puts_(E, "; ");
		E->f->used = 0;
	} else {
		struct fr_node *body = fn->a;
		uint32_t i = 0;
		while (i < body->n && body->list[i]->type == N_DIRECTIVE)
			emit_stmt(E, body->list[i++]);
		f->ins = E->out->len;
		if (ctor == 1 && cls && cls->init) {
			lg_buf_append(&f->pre, cls->init->s, cls->init->len);
			lg_buf_puts(&f->pre, ".call(this); ");
		}
		emit_param_prologue(E, fn, ptmp);
		for (; i < body->n; i++)
			emit_stmt(E, body->list[i]);
		if (ctor == 2) {
			puts_(E, " return ");
			put_atom(E, f->this_alias);
			puts_(E, "; ");
		}
	}
	if (async) {
		fctx_close(E);
		puts_(E, "}); ");
	}
	fctx_close(E);
	putc_(E, '}');
}

/* ---- classes --------------------------------------------------------------------------------- */

static void emit_field_key(struct emitter *E, struct fr_node *m)
{
	if (m->flags & NF_COMPUTED) {
		putc_(E, '[');
		put_atom(E, m->aux);
		putc_(E, ']');
	} else if (m->a->type == N_IDENT) {
		putc_(E, '.');
		put_atom(E, m->a->name);
	} else {
		putc_(E, '[');
		emit_key_value(E, m->a, 0);
		putc_(E, ']');
	}
}

/* function init$1() { this.a = 1; this[key$2] = 2; } with the (static or not) fields. */
static void emit_field_init(struct emitter *E, struct fr_node *c, struct fr_atom *fname,
                            struct cls *K, bool statics)
{
	puts_(E, "function ");
	put_atom(E, fname);
	puts_(E, "() {");
	fctx_open(E, false);
	E->f->cls = K;
	E->f->is_static = statics;
	for (uint32_t i = 0; i < c->n; i++) {
		struct fr_node *m = c->list[i];
		uint32_t mark = E->f->used;
		if (m->type != N_FIELD || !(m->flags & NF_STATIC) != !statics)
			continue;
		sync(E, m->line);
		puts_(E, " this");
		emit_field_key(E, m);
		puts_(E, " = ");
		if (m->b)
			emit_expr(E, m->b, P_ASSIGN);
		else
			puts_(E, "void 0");
		puts_(E, ";");
		E->f->used = mark;
	}
	fctx_close(E);
	puts_(E, " } ");
}

/*
 * (function (super$1) { "use strict"; __lg_rt.ext(A, super$1); function A() {...}
 *   __lg_rt.m(A.prototype, "m", function () {...}, 0); ... return A; }(B))
 */
static void emit_class(struct emitter *E, struct fr_node *c, int min)
{
	struct cls K = { 0 };
	struct fr_node *ctor = NULL;
	bool derived = c->a != NULL, init_done = false, sinit_done = false;

	(void)min;
	K.name = c->name ? c->name : lg__fr_fresh(E->cx, "class");
	puts_(E, "(function (");
	if (derived) {
		K.super_var = lg__fr_fresh(E->cx, "super");
		put_atom(E, K.super_var);
	}
	puts_(E, ") {");
	fctx_open(E, true);
	puts_(E, " \"use strict\"; ");
	E->f->ins = E->out->len;
	for (uint32_t i = 0; i < c->n; i++) {
		struct fr_node *m = c->list[i];
		if (m->type == N_METHOD && (m->flags & NF_CTOR))
			ctor = m;
		if (m->type == N_FIELD) {
			if (m->flags & NF_STATIC) {
				if (!K.sinit)
					K.sinit = lg__fr_fresh(E->cx, "sinit");
			} else if (!K.init) {
				K.init = lg__fr_fresh(E->cx, "init");
			}
			if (m->flags & NF_COMPUTED)
				m->aux = var_of(E, E->f, "key");
		}
	}
	puts_(E, "__lg_rt.ext(");
	put_atom(E, K.name);
	if (derived) {
		puts_(E, ", ");
		put_atom(E, K.super_var);
	}
	puts_(E, "); ");
	if (!ctor) {
		puts_(E, "function ");
		put_atom(E, K.name);
		puts_(E, "() {");
		if (derived) {
			struct fr_atom *t = lg__fr_fresh(E->cx, "this");
			puts_(E, " var ");
			put_atom(E, t);
			puts_(E, " = __lg_rt.sup(this, ");
			put_atom(E, K.super_var);
			puts_(E, ", arguments);");
			if (K.init) {
				putc_(E, ' ');
				put_atom(E, K.init);
				puts_(E, ".call(");
				put_atom(E, t);
				puts_(E, ");");
			}
			puts_(E, " return ");
			put_atom(E, t);
			puts_(E, ";");
		} else if (K.init) {
			putc_(E, ' ');
			put_atom(E, K.init);
			puts_(E, ".call(this);");
		}
		puts_(E, " } ");
	}
	for (uint32_t i = 0; i < c->n; i++) {
		struct fr_node *m = c->list[i];
		uint32_t mark = E->f->used;
		sync(E, m->line);
		if (m == ctor) {
			emit_function(E, m->b, K.name, &K, false, derived ? 2 : 1);
			puts_(E, " ");
		} else if (m->type == N_METHOD) {
			bool st = (m->flags & NF_STATIC) != 0;
			puts_(E, "__lg_rt.m(");
			put_atom(E, K.name);
			if (!st)
				puts_(E, ".prototype");
			puts_(E, ", ");
			emit_key_value(E, m->a, m->flags);
			puts_(E, ", ");
			emit_function(E, m->b, NULL, &K, st, 0);
			puts_(E, m->op == PK_GET   ? ", 1); "
			         : m->op == PK_SET ? ", 2); "
			                           : ", 0); ");
		} else {
			if (m->flags & NF_COMPUTED) {
				put_atom(E, m->aux);
				puts_(E, " = __lg_rt.key(");
				emit_expr(E, m->a, P_ASSIGN);
				puts_(E, "); ");
			}
			if ((m->flags & NF_STATIC) && !sinit_done) {
				emit_field_init(E, c, K.sinit, &K, true);
				sinit_done = true;
			} else if (!(m->flags & NF_STATIC) && !init_done) {
				emit_field_init(E, c, K.init, &K, false);
				init_done = true;
			}
		}
		E->f->used = mark;
	}
	if (K.sinit) {
		put_atom(E, K.sinit);
		puts_(E, ".call(");
		put_atom(E, K.name);
		puts_(E, "); ");
	}
	puts_(E, "return ");
	put_atom(E, K.name);
	puts_(E, "; ");
	fctx_close(E);
	puts_(E, "}(");
	if (derived)
		emit_expr(E, c->a, P_ASSIGN);
	puts_(E, "))");
}

/* ---- statements ---------------------------------------------------------------------------- */

/* A block-scoped binding that closures capture inside a loop: one copy per iteration. */
static bool needs_fresh(const struct fr_binding *b)
{
	return !b->dead && b->lexical && b->captured && b->scope->loop && b->kind != B_CATCH &&
	       b->kind != B_CLASS_INNER && b->kind != B_IMPORT;
}

/* try { throw void 0; } catch (x) { ... per binding of the scope that needs it. */
static int open_block_wraps(struct emitter *E, struct fr_scope *s)
{
	int n = 0;

	if (!s)
		return 0;
	for (struct fr_binding *b = s->bindings; b; b = b->next) {
		if (!needs_fresh(b))
			continue;
		puts_(E, "try { throw void 0; } catch (");
		put_atom(E, b->out);
		puts_(E, ") { ");
		n++;
	}
	E->f->catch_depth += n;
	return n;
}

static void close_wraps(struct emitter *E, int n)
{
	for (int i = 0; i < n; i++)
		puts_(E, " }");
	E->f->catch_depth -= n;
}

static void emit_stmts(struct emitter *E, struct fr_node **list, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		emit_stmt(E, list[i]);
}

/* A `var` declaration list (no semicolon): let/const become var. */
static void emit_var(struct emitter *E, struct fr_node *v)
{
	struct dest d = { .decl = true, .first = true };

	puts_(E, "var ");
	for (uint32_t i = 0; i < v->n; i++) {
		struct fr_node *dl = v->list[i];
		sync(E, dl->line);
		if (dl->a->type == N_IDENT) {
			piece(E, &d);
			put_atom(E, decl_name(dl->a));
			if (dl->b) {
				puts_(E, " = ");
				emit_expr(E, dl->b, P_ASSIGN);
			} else if (v->op != VK_VAR) {
				puts_(E, " = void 0");
			}
		} else {
			struct val src = { .node = dl->b };
			destructure(E, &d, dl->a, &src);
		}
	}
}

/* The loop variable(s) of a for-in / for-of head from a value. */
static void emit_head_assign(struct emitter *E, struct fr_node *left, const char *value)
{
	struct val v = { .text = value };

	if (left->type == N_VAR) {
		struct dest d = { .decl = true, .first = true };
		puts_(E, "var ");
		destructure(E, &d, left->list[0]->a, &v);
	} else {
		struct dest d = { .decl = false, .first = true };
		destructure(E, &d, left, &v);
	}
	puts_(E, "; ");
}

/* Per-iteration copies of captured loop-head bindings around the body. */
struct head_wraps {
	struct fr_binding *b[16];
	int n;
	bool finally;
};

static void open_head_wraps(struct emitter *E, struct fr_node *loop, struct head_wraps *w)
{
	struct fr_scope *s = loop->scope;

	w->n = 0;
	w->finally = false;
	if (!s)
		return;
	for (struct fr_binding *b = s->bindings; b; b = b->next) {
		if (!needs_fresh(b))
			continue;
		if (w->n == (int)LG_ARRAY_SIZE(w->b))
			lg__fr_unsupported(E->cx, loop->pos,
			                   "more than 16 captured bindings in one loop head");
		w->b[w->n++] = b;
	}
	for (int i = 0; i < w->n; i++) {
		struct fr_binding *b = w->b[i];
		struct fr_atom *alias = lg__fr_fresh(E->cx, b->out->s);
		puts_(E, "try { throw ");
		put_atom(E, b->out);
		puts_(E, "; } catch (");
		put_atom(E, alias);
		puts_(E, ") { ");
		if (b->body_written && loop->type == N_FOR)
			w->finally = true;
		b->alias = alias;
	}
	if (w->finally)
		puts_(E, "try { ");
	E->f->catch_depth += w->n;
}

static void close_head_wraps(struct emitter *E, struct head_wraps *w)
{
	if (w->finally) {
		puts_(E, " } finally { ");
		for (int i = 0; i < w->n; i++) {
			put_atom(E, w->b[i]->out);
			puts_(E, " = ");
			put_atom(E, w->b[i]->alias);
			puts_(E, "; ");
		}
		putc_(E, '}');
	}
	for (int i = 0; i < w->n; i++) {
		w->b[i]->alias = NULL;
		puts_(E, " }");
	}
	E->f->catch_depth -= w->n;
}

static void emit_labels(struct emitter *E, struct fr_atom **labels, int nlabels)
{
	for (int i = 0; i < nlabels; i++) {
		put_atom(E, labels[i]);
		puts_(E, ": ");
	}
}

/*
 * for (x of v) body ->
 * { t$1 = __lg_rt.iter(v); try { for (; t$1.s(); ) { var x = t$1.v; body } } finally { t$1.c(); } }
 */
static void emit_for_of(struct emitter *E, struct fr_node *n, struct fr_atom **labels, int nlabels)
{
	struct fr_atom *it = temp(E);
	struct head_wraps w;
	struct sb vb = { 0 };

	puts_(E, "{ ");
	put_atom(E, it);
	puts_(E, " = __lg_rt.iter(");
	emit_expr(E, n->b, P_ASSIGN);
	puts_(E, "); try { ");
	emit_labels(E, labels, nlabels);
	puts_(E, "for (; ");
	put_atom(E, it);
	puts_(E, ".s(); ) { ");
	sb_atom(E, &vb, it);
	sb_puts(E, &vb, ".v");
	{
		uint32_t mark = E->f->used;
		emit_head_assign(E, n->a, sb_text(&vb));
		E->f->used = mark;
	}
	open_head_wraps(E, n, &w);
	emit_stmt(E, n->d);
	close_head_wraps(E, &w);
	puts_(E, " } } finally { ");
	put_atom(E, it);
	puts_(E, ".c(); } }");
}

static void emit_for_in(struct emitter *E, struct fr_node *n)
{
	struct fr_node *left = n->a;
	struct fr_node *target = left->type == N_VAR ? left->list[0]->a : left;
	struct head_wraps w;

	puts_(E, "for (");
	if (target->type == N_IDENT || target->type == N_MEMBER) {
		if (left->type == N_VAR) {
			puts_(E, "var ");
			put_atom(E, decl_name(target));
		} else if (target->type == N_IDENT && is_const_binding(target->bind)) {
			lg__fr_unsupported(E->cx, target->pos, "a constant as the for-in variable");
		} else {
			E->no_in = true;
			emit_expr(E, target, P_CALL);
			E->no_in = false;
		}
		puts_(E, " in ");
		emit_expr(E, n->b, P_SEQ);
		puts_(E, ") {");
		open_head_wraps(E, n, &w);
		emit_stmt(E, n->d);
		close_head_wraps(E, &w);
		putc_(E, '}');
		return;
	}
	{
		struct fr_atom *k = temp(E);
		puts_(E, "var ");
		put_atom(E, k);
		puts_(E, " in ");
		emit_expr(E, n->b, P_SEQ);
		puts_(E, ") { ");
		emit_head_assign(E, left, k->s);
		open_head_wraps(E, n, &w);
		emit_stmt(E, n->d);
		close_head_wraps(E, &w);
		puts_(E, " }");
	}
}

static void emit_for(struct emitter *E, struct fr_node *n)
{
	struct head_wraps w;

	puts_(E, "for (");
	E->no_in = true;
	if (n->a && n->a->type == N_VAR)
		emit_var(E, n->a);
	else if (n->a)
		emit_expr(E, n->a, P_SEQ);
	E->no_in = false;
	puts_(E, "; ");
	if (n->b)
		emit_expr(E, n->b, P_SEQ);
	puts_(E, "; ");
	if (n->c)
		emit_expr(E, n->c, P_SEQ);
	puts_(E, ") {");
	open_head_wraps(E, n, &w);
	emit_stmt(E, n->d);
	close_head_wraps(E, &w);
	putc_(E, '}');
}

static bool in_function_block(const struct fr_node *fn)
{
	const struct fr_binding *b = fn->b ? fn->b->bind : NULL;

	return b && b->lexical && b->scope != b->scope->func;
}

static void emit_func_decl(struct emitter *E, struct fr_node *n, struct fr_atom *name)
{
	if (in_function_block(n) && E->f->catch_depth > 0) {
		/* inside a per-iteration wrapper: a declaration would be hoisted out of it */
		puts_(E, "var ");
		put_atom(E, name);
		puts_(E, " = ");
		emit_function(E, n, NULL, NULL, false, 0);
		puts_(E, ";");
		return;
	}
	emit_function(E, n, name, NULL, false, 0);
}

/* The require() of an import, export-from or export-star statement. */
static void emit_request(struct emitter *E, struct fr_node *n)
{
	if (n->type == N_EXPORT_ALL && !n->b) {
		puts_(E, "__lg_rt.star(exports, require(");
		put_str16(E, n->c->v.str.u, n->c->v.str.n);
		puts_(E, ")); ");
		return;
	}
	if (!n->aux) {
		puts_(E, "require(");
		put_str16(E, n->c->v.str.u, n->c->v.str.n);
		puts_(E, "); ");
		return;
	}
	put_atom(E, n->aux);
	puts_(E, " = __lg_rt.imp(require(");
	put_str16(E, n->c->v.str.u, n->c->v.str.n);
	puts_(E, ")); ");
}

static void emit_stmt(struct emitter *E, struct fr_node *n)
{
	uint32_t mark = E->f->used;
	int wraps;

	sync(E, n->line);
	switch (n->type) {
	case N_VAR:
		emit_var(E, n);
		putc_(E, ';');
		break;
	case N_FUNC_DECL:
		emit_func_decl(E, n, decl_name(n->b));
		break;
	case N_CLASS_DECL:
		puts_(E, "var ");
		put_atom(E, decl_name(n->b));
		puts_(E, " = ");
		emit_class(E, n, P_ASSIGN);
		putc_(E, ';');
		break;
	case N_EXPR_STMT:
		E->stmt_buf = E->out;
		E->stmt_start = E->out->len;
		emit_expr(E, n->a, P_SEQ);
		E->stmt_buf = NULL;
		putc_(E, ';');
		break;
	case N_DIRECTIVE: {
		/* as written when it is plain ASCII ('use strict'), else as a string */
		const char *s = E->cx->src + n->a->pos;
		uint32_t len = n->a->end - n->a->pos;
		bool plain = true;
		for (uint32_t i = 0; i < len; i++)
			if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7F)
				plain = false;
		if (plain)
			put(E, s, len);
		else
			put_str16(E, n->a->v.str.u, n->a->v.str.n);
		putc_(E, ';');
		break;
	}
	case N_BLOCK:
		putc_(E, '{');
		wraps = open_block_wraps(E, n->scope);
		emit_stmts(E, n->list, n->n);
		close_wraps(E, wraps);
		putc_(E, '}');
		break;
	case N_EMPTY:
		putc_(E, ';');
		break;
	case N_IF:
		puts_(E, "if (");
		emit_expr(E, n->a, P_SEQ);
		puts_(E, ") ");
		if (n->c && n->b->type != N_BLOCK) {
			putc_(E, '{');
			emit_stmt(E, n->b);
			putc_(E, '}');
		} else {
			emit_stmt(E, n->b);
		}
		if (n->c) {
			puts_(E, " else ");
			emit_stmt(E, n->c);
		}
		break;
	case N_FOR:
		emit_for(E, n);
		break;
	case N_FOR_IN:
		emit_for_in(E, n);
		break;
	case N_FOR_OF:
		emit_for_of(E, n, NULL, 0);
		break;
	case N_WHILE:
		puts_(E, "while (");
		emit_expr(E, n->a, P_SEQ);
		puts_(E, ") ");
		emit_stmt(E, n->d);
		break;
	case N_DO_WHILE:
		puts_(E, "do ");
		emit_stmt(E, n->d);
		puts_(E, " while (");
		emit_expr(E, n->a, P_SEQ);
		puts_(E, ");");
		break;
	case N_RETURN: {
		struct fctx *o = this_owner(E);
		puts_(E, "return");
		if (n->a) {
			putc_(E, ' ');
			E->nonl = true;
			emit_expr(E, n->a, P_SEQ);
		} else if (o == E->f && o->derived) {
			putc_(E, ' ');
			put_atom(E, o->this_alias);
		}
		putc_(E, ';');
		break;
	}
	case N_BREAK:
	case N_CONTINUE:
		puts_(E, n->type == N_BREAK ? "break" : "continue");
		if (n->name) {
			putc_(E, ' ');
			put_atom(E, n->name);
		}
		putc_(E, ';');
		break;
	case N_THROW:
		puts_(E, "throw ");
		E->nonl = true;
		emit_expr(E, n->a, P_SEQ);
		putc_(E, ';');
		break;
	case N_TRY:
		puts_(E, "try ");
		emit_stmt(E, n->a);
		if (n->c) {
			struct fr_atom *param;
			puts_(E, " catch (");
			if (n->b && n->b->type == N_IDENT)
				param = decl_name(n->b);
			else
				param = lg__fr_fresh(E->cx, "e");
			put_atom(E, param);
			puts_(E, ") ");
			if (n->b && n->b->type != N_IDENT) {
				struct val v = { .text = param->s };
				struct dest d = { .decl = true, .first = true };
				puts_(E, "{var ");
				destructure(E, &d, n->b, &v);
				puts_(E, "; ");
				emit_stmt(E, n->c);
				putc_(E, '}');
			} else {
				emit_stmt(E, n->c);
			}
		}
		if (n->d) {
			puts_(E, " finally ");
			emit_stmt(E, n->d);
		}
		break;
	case N_SWITCH:
		wraps = open_block_wraps(E, n->scope);
		puts_(E, "switch (");
		emit_expr(E, n->a, P_SEQ);
		puts_(E, ") {");
		for (uint32_t i = 0; i < n->n; i++) {
			struct fr_node *c = n->list[i];
			sync(E, c->line);
			if (c->a) {
				puts_(E, " case ");
				emit_expr(E, c->a, P_SEQ);
				putc_(E, ':');
			} else {
				puts_(E, " default:");
			}
			emit_stmts(E, c->list, c->n);
		}
		puts_(E, " }");
		close_wraps(E, wraps);
		break;
	case N_LABELED: {
		struct fr_atom *labels[32];
		int nl = 0;
		struct fr_node *s = n;
		while (s->type == N_LABELED && nl < (int)LG_ARRAY_SIZE(labels)) {
			labels[nl++] = s->name;
			s = s->a;
		}
		if (s->type == N_FOR_OF) {
			emit_for_of(E, s, labels, nl);
		} else {
			emit_labels(E, labels, nl);
			emit_stmt(E, s);
		}
		break;
	}
	case N_DEBUGGER:
		puts_(E, "debugger;");
		break;
	case N_WITH:
		puts_(E, "with (");
		emit_expr(E, n->a, P_SEQ);
		puts_(E, ") ");
		emit_stmt(E, n->b);
		break;
	case N_IMPORT:
		if (!E->hoist_requests)
			emit_request(E, n);
		break;
	case N_EXPORT_NAMED:
		if (n->a)
			emit_stmt(E, n->a);
		else if (n->c && !E->hoist_requests)
			emit_request(E, n);
		break;
	case N_EXPORT_DEFAULT: {
		struct fr_node *a = n->a;
		if (a->type == N_FUNC_DECL) {
			emit_func_decl(E, a, a->b ? decl_name(a->b) : n->aux);
		} else if (a->type == N_CLASS_DECL) {
			puts_(E, "var ");
			put_atom(E, a->b ? decl_name(a->b) : (struct fr_atom *)n->aux);
			puts_(E, " = ");
			emit_class(E, a, P_ASSIGN);
			putc_(E, ';');
		} else {
			puts_(E, "exports.default = ");
			emit_expr(E, a, P_ASSIGN);
			putc_(E, ';');
		}
		break;
	}
	case N_EXPORT_ALL:
		if (!E->hoist_requests)
			emit_request(E, n);
		break;
	default:
		lg__fr_error(E->cx, n->pos, "Unexpected statement");
	}
	E->f->used = mark;
}

/* ---- the program and its module interface --------------------------------------------------- */

static void getter_head(struct lg_buf *b, struct fr_atom *exported)
{
	lg_buf_puts(b, "Object.defineProperty(exports, ");
	buf_put_atom_str(b, exported);
	/* a method-shorthand getter: no .prototype object per export */
	lg_buf_puts(b, ", {enumerable: true, \"get\"() { return ");
}

/* Remember an export whose binding never changes after the module ran. */
static void seal_name(struct emitter *E, struct fr_atom *exported)
{
	struct lg_buf *b = &E->seal;

	lg_buf_puts(b, b->len ? ", " : "");
	buf_put_atom_str(b, exported);
}

static void getter_local(struct emitter *E, struct fr_atom *exported, struct fr_atom *local)
{
	struct lg_buf *b = &E->root->pre;

	getter_head(b, exported);
	lg_buf_append(b, local->s, local->len);
	lg_buf_puts(b, "; }}); ");
}

static void getter_pattern(struct emitter *E, struct fr_node *p)
{
	switch (p->type) {
	case N_IDENT:
		getter_local(E, p->name, decl_name(p));
		return;
	case N_OBJ_PAT:
		for (uint32_t i = 0; i < p->n; i++)
			getter_pattern(E,
			               p->list[i]->type == N_REST ? p->list[i]->a : p->list[i]->b);
		return;
	case N_ARR_PAT:
		for (uint32_t i = 0; i < p->n; i++) {
			struct fr_node *x = p->list[i];
			if (x->type != N_HOLE)
				getter_pattern(E, x->type == N_REST ? x->a : x);
		}
		return;
	case N_ASSIGN_PAT:
		getter_pattern(E, p->a);
		return;
	default:
		return;
	}
}

/* An export / import name node (N_IDENT or N_STR) as an atom. */
static struct fr_atom *name_atom(struct emitter *E, struct fr_node *n)
{
	struct lg_buf b = { 0 };
	struct fr_atom *a;

	if (n->type == N_IDENT)
		return n->name;
	for (uint32_t i = 0; i < n->v.str.n; i++) {
		uint32_t u = n->v.str.u[i];
		char tmp[4];
		int k = 0;
		if (u >= 0xD800 && u < 0xDC00 && i + 1 < n->v.str.n &&
		    n->v.str.u[i + 1] >= 0xDC00 && n->v.str.u[i + 1] < 0xE000) {
			u = 0x10000 + ((u - 0xD800) << 10) + (n->v.str.u[i + 1] - 0xDC00);
			i++;
		}
		if (u < 0x80) {
			tmp[k++] = (char)u;
		} else if (u < 0x800) {
			tmp[k++] = (char)(0xC0 | (u >> 6));
			tmp[k++] = (char)(0x80 | (u & 0x3F));
		} else if (u < 0x10000) {
			tmp[k++] = (char)(0xE0 | (u >> 12));
			tmp[k++] = (char)(0x80 | ((u >> 6) & 0x3F));
			tmp[k++] = (char)(0x80 | (u & 0x3F));
		} else {
			tmp[k++] = (char)(0xF0 | (u >> 18));
			tmp[k++] = (char)(0x80 | ((u >> 12) & 0x3F));
			tmp[k++] = (char)(0x80 | ((u >> 6) & 0x3F));
			tmp[k++] = (char)(0x80 | (u & 0x3F));
		}
		lg_buf_append(&b, tmp, (size_t)k);
	}
	a = lg__fr_atom(E->cx, b.data ? b.data : "", b.len);
	lg_buf_free(&b);
	return a;
}

/* import ... from, export ... from: statements that load a module. */
static bool is_module_request(const struct fr_node *s)
{
	return s->type == N_IMPORT || (s->type == N_EXPORT_NAMED && s->c) ||
	       s->type == N_EXPORT_ALL;
}

/*
 * Before the body: a variable per imported module, and the getters of every
 * export (live bindings), defined before any module code runs.
 */
static void module_prologue(struct emitter *E)
{
	struct fr_node *prog = E->cx->program;
	struct lg_buf *pre = &E->root->pre;

	for (uint32_t i = 0; i < prog->n; i++) {
		struct fr_node *s = prog->list[i];
		if (s->type == N_IMPORT && s->n) {
			s->aux = var_of(E, E->root, "m");
			for (uint32_t k = 0; k < s->n; k++)
				s->list[k]->aux = s->aux;
		} else if ((s->type == N_EXPORT_NAMED && s->c) ||
		           (s->type == N_EXPORT_ALL && s->b)) {
			s->aux = var_of(E, E->root, "m");
		} else if (s->type == N_EXPORT_DEFAULT &&
		           (s->a->type == N_FUNC_DECL || s->a->type == N_CLASS_DECL) && !s->a->b) {
			s->aux = lg__fr_fresh(E->cx, "default");
			if (s->a->type == N_CLASS_DECL)
				s->a->name = s->aux;
		}
	}
	if (!E->cx->is_module)
		return;
	lg_buf_puts(pre, "Object.defineProperty(exports, \"__esModule\", {value: true}); ");
	/* Module requests after other code run first: hoist them all (in order). */
	{
		bool code = false, late = false;
		for (uint32_t i = 0; i < prog->n; i++) {
			if (is_module_request(prog->list[i]))
				late |= code;
			else if (prog->list[i]->type != N_DIRECTIVE)
				code = true;
		}
		E->hoist_requests = late;
	}
	for (uint32_t i = 0; i < prog->n; i++) {
		struct fr_node *s = prog->list[i];
		if (s->type == N_EXPORT_DEFAULT) {
			struct fr_node *a = s->a;
			if (a->type == N_FUNC_DECL || a->type == N_CLASS_DECL) {
				getter_local(E, E->cx->kw[FR_KW_default],
				             a->b ? decl_name(a->b) : (struct fr_atom *)s->aux);
				seal_name(E, E->cx->kw[FR_KW_default]);
			}
		} else if (s->type == N_EXPORT_ALL && s->b) {
			getter_local(E, name_atom(E, s->b), s->aux);
		} else if (s->type == N_EXPORT_NAMED && s->a) {
			struct fr_node *d = s->a;
			if (d->type == N_VAR) {
				for (uint32_t k = 0; k < d->n; k++) {
					getter_pattern(E, d->list[k]->a);
					if (d->op == VK_CONST && d->list[k]->a->type == N_IDENT)
						seal_name(E, d->list[k]->a->name);
				}
			} else if (d->b) {
				getter_local(E, d->name, decl_name(d->b));
				seal_name(E, d->name);
			}
		} else if (s->type == N_EXPORT_NAMED) {
			for (uint32_t k = 0; k < s->n; k++) {
				struct fr_node *sp = s->list[k];
				struct lg_buf *save = E->out;
				getter_head(pre, name_atom(E, sp->b));
				E->out = pre;
				if (s->c) {
					/* export { a as b } from '...' */
					put_atom(E, s->aux);
					put_member_name(E, sp->a);
				} else {
					emit_ident(E, sp->a);
				}
				E->out = save;
				lg_buf_puts(pre, "; }}); ");
			}
		}
	}
}

void lg__fr_emit(struct fr_ctx *cx, struct lg_buf *out)
{
	struct emitter E = { .cx = cx, .line = 1 };
	struct fctx *root = lg_xcalloc(1, sizeof(*root));
	struct fr_node *prog = cx->program;
	uint32_t i = 0;

	root->program = true;
	cx->emit_state = root;
	E.f = E.root = root;
	E.out = &root->buf;
	module_prologue(&E);
	if (E.hoist_requests) {
		E.out = &root->pre;
		for (uint32_t k = 0; k < prog->n; k++)
			if (is_module_request(prog->list[k]))
				emit_request(&E, prog->list[k]);
		E.out = &root->buf;
	}
	if (cx->is_module)
		puts_(&E, "\"use strict\"; ");
	while (i < prog->n && prog->list[i]->type == N_DIRECTIVE)
		emit_stmt(&E, prog->list[i++]);
	root->ins = root->buf.len;
	for (; i < prog->n; i++)
		emit_stmt(&E, prog->list[i]);
	if (E.seal.len) {
		/* const, class and function exports become data properties once the
		 * body has run: the getters (a closure each) are garbage then */
		puts_(&E, " __lg_rt.seal(exports, [");
		lg_buf_append(E.out, E.seal.data, E.seal.len);
		puts_(&E, "]);");
	}
	lg_buf_free(&E.seal);
	lg_buf_append(out, root->buf.data ? root->buf.data : "", root->ins);
	fctx_prologue(root, out);
	lg_buf_append(out, root->buf.data ? root->buf.data + root->ins : "",
	              root->buf.len - root->ins);
	cx->emit_state = NULL;
	fctx_free(root);
}

void lg__fr_emit_free(struct fr_ctx *cx)
{
	struct fctx *f = cx->emit_state;

	while (f) {
		struct fctx *up = f->up;
		fctx_free(f);
		f = up;
	}
	cx->emit_state = NULL;
}
