/* SPDX-License-Identifier: Apache-2.0 */
/*
 * scope.c - declarations and name resolution, in two walks over the AST.
 *
 * Pass 1 (declare) creates the scopes and their bindings, hoisting `var` and
 * function declarations to their function, and reports redeclarations.
 * Pass 2 (resolve) points every identifier at its binding (a stack of
 * visible bindings per atom makes each lookup O(1)) and records, per
 * function, the names used inside it that resolve outside it.
 *
 * When a function is left in pass 2 its block-scoped bindings are given
 * their printed names: ES5 has only function scope, so a `let x` that would
 * collide with another `x` visible in that function is renamed (x$1).  A
 * block-scoped binding captured by a closure marks the innermost loop that
 * declares it NF_WRAP: the printer gives that loop body a fresh function
 * scope per iteration.
 */
#include <string.h>

#include "front_int.h"

struct resolver {
	struct fr_ctx *cx;
	int pass;             /* 0 declare, 1 resolve */
	struct fr_scope *cur; /* current scope */
	struct fr_scope *fn;  /* current function scope */
	struct fr_node *loop; /* innermost loop of the current function (pass 1) */
	uint32_t serial;      /* atom stamps */
};

static void walk_stmt(struct resolver *R, struct fr_node *n);
static void walk_expr(struct resolver *R, struct fr_node *n);
static void walk_function(struct resolver *R, struct fr_node *fn);
static void walk_class(struct resolver *R, struct fr_node *c);

/* ---- scopes ------------------------------------------------------------------- */

static void add_through(struct resolver *R, struct fr_scope *f, struct fr_atom *a, int depth)
{
	struct fr_ctx *cx = R->cx;

	if (f->n_through && f->through[f->n_through - 1] == a)
		return;
	if (f->n_through == f->cap_through) {
		uint32_t cap = f->cap_through ? f->cap_through * 2 : 8;
		struct fr_atom **t = lg__fr_alloc(&cx->arena, cap * sizeof(*t));
		int *d = lg__fr_alloc(&cx->arena, cap * sizeof(*d));
		if (f->n_through) {
			memcpy(t, f->through, f->n_through * sizeof(*t));
			memcpy(d, f->through_depth, f->n_through * sizeof(*d));
		}
		f->through = t;
		f->through_depth = d;
		f->cap_through = cap;
	}
	f->through[f->n_through] = a;
	f->through_depth[f->n_through] = depth;
	f->n_through++;
}

static void add_catch(struct resolver *R, struct fr_scope *f, struct fr_atom *a)
{
	if (f->n_catches == f->cap_catches) {
		uint32_t cap = f->cap_catches ? f->cap_catches * 2 : 4;
		struct fr_atom **t = lg__fr_alloc(&R->cx->arena, cap * sizeof(*t));
		if (f->n_catches)
			memcpy(t, f->catches, f->n_catches * sizeof(*t));
		f->catches = t;
		f->cap_catches = cap;
	}
	f->catches[f->n_catches++] = a;
}

static struct fr_scope *scope_open(struct resolver *R, int kind, struct fr_node *node)
{
	struct fr_scope *s;

	if (R->pass == 0) {
		s = lg__fr_alloc(&R->cx->arena, sizeof(*s));
		s->kind = (uint8_t)kind;
		s->id = ++R->cx->scope_serial;
		s->parent = R->cur;
		s->node = node;
		if (kind == S_FUNC) {
			s->func = s;
			s->depth = R->cur ? R->cur->func->depth + 1 : 0;
		} else {
			s->func = R->cur->func;
			s->depth = s->func->depth;
			s->loop = kind == S_LOOP ? node : R->loop;
		}
		node->scope = s;
	} else {
		s = node->scope;
		for (struct fr_binding *b = s->bindings; b; b = b->next) {
			if (b->dead)
				continue;
			b->shadowed = b->name->ref_top;
			b->name->ref_top = b;
		}
	}
	R->cur = s;
	R->fn = s->func;
	return s;
}

/* Leaving a function in pass 2: propagate free names, then rename. */
static void finish_function(struct resolver *R, struct fr_scope *f)
{
	struct fr_ctx *cx = R->cx;
	struct fr_scope *up = f->parent ? f->parent->func : NULL;
	uint32_t serial;

	if (up) {
		serial = ++R->serial;
		for (uint32_t i = 0; i < f->n_through; i++) {
			struct fr_atom *a = f->through[i];
			if (f->through_depth[i] < up->depth && a->stamp != serial) {
				a->stamp = serial;
				add_through(R, up, a, f->through_depth[i]);
			}
		}
	}
	serial = ++R->serial;
	for (uint32_t i = 0; i < f->n_through; i++)
		f->through[i]->stamp = serial;
	for (struct fr_binding *b = f->bindings; b; b = b->next)
		b->name->stamp = serial;
	for (uint32_t i = 0; i < f->n_catches; i++)
		f->catches[i]->stamp = serial;
	for (struct fr_binding *b = f->blocks; b; b = b->next_block) {
		if (b->name->stamp == serial)
			b->out = lg__fr_fresh(cx, b->name->s);
		b->out->stamp = serial;
		if (b->captured && b->scope->loop)
			b->scope->loop->flags |= NF_WRAP;
	}
}

static void scope_close(struct resolver *R, struct fr_scope *s)
{
	for (struct fr_binding *b = s->bindings; b; b = b->next) {
		if (b->dead)
			continue;
		if (R->pass == 0)
			b->name->decl_top = b->shadowed;
		else
			b->name->ref_top = b->shadowed;
	}
	if (R->pass == 1 && s->kind == S_FUNC)
		finish_function(R, s);
	R->cur = s->parent;
	R->fn = R->cur ? R->cur->func : NULL;
}

static bool kind_lexical(int kind)
{
	return kind == B_LET || kind == B_CONST || kind == B_CLASS || kind == B_IMPORT;
}

/* Strict functions, arrows, methods and non-simple parameter lists forbid duplicates. */
static bool dup_params_forbidden(const struct fr_scope *f)
{
	const struct fr_node *fn = f->node;

	if (!fn || fn->type == N_PROGRAM)
		return false;
	if ((fn->flags & (NF_STRICT | NF_METHOD)) || fn->type == N_ARROW)
		return true;
	for (uint32_t i = 0; i < fn->n; i++)
		if (fn->list[i]->type != N_IDENT)
			return true;
	return false;
}

/* Declare `a` (pass 1).  Function declarations in blocks are block-scoped. */
static struct fr_binding *declare(struct resolver *R, struct fr_atom *a, uint32_t pos, int kind,
                                  struct fr_node *decl)
{
	struct fr_scope *f = R->fn, *s;
	struct fr_binding *b, *replaced = NULL;
	bool lexical = kind_lexical(kind) || (kind == B_FUNC && R->cur != f) || kind == B_CATCH ||
	               kind == B_CLASS_INNER;
	bool varlike = !lexical;

	s = varlike ? f : R->cur;
	if ((a->kw == FR_KW_eval || a->kw == FR_KW_arguments) && f->node &&
	    (f->node->flags & NF_STRICT))
		lg__fr_error(R->cx, pos, "Unexpected eval or arguments in strict mode");
	for (b = a->decl_top; b; b = b->shadowed) {
		if (b->scope->func != f)
			break;
		if (b->scope == s) {
			if (b->kind == B_FNAME) {
				replaced = b;
				break;
			}
			if (varlike && !b->lexical) {
				if (kind == B_PARAM && b->kind == B_PARAM &&
				    dup_params_forbidden(f))
					lg__fr_error(
					    R->cx, pos,
					    "Duplicate parameter name not allowed in this context");
				if (kind == B_FUNC)
					b->kind = B_FUNC;
				return b;
			}
			if (kind == B_FUNC && b->kind == B_FUNC)
				return b; /* sloppy-mode duplicate function in a block */
			lg__fr_error(R->cx, pos, "Identifier '%s' has already been declared", a->s);
		}
		if (!varlike)
			break; /* a binding of an enclosing scope: shadowing is fine */
		if (b->kind == B_CATCH)
			continue; /* var e inside catch (e) is allowed (Annex B) */
		if (b->lexical)
			lg__fr_error(R->cx, pos, "Identifier '%s' has already been declared", a->s);
	}
	b = lg__fr_alloc(&R->cx->arena, sizeof(*b));
	b->name = a;
	b->out = a;
	b->kind = (uint8_t)kind;
	b->lexical = lexical;
	b->scope = s;
	b->decl = decl;
	if (replaced) {
		replaced->dead = true;
		b->shadowed = replaced->shadowed;
	} else {
		b->shadowed = a->decl_top;
	}
	a->decl_top = b;
	b->next = s->bindings;
	s->bindings = b;
	if (lexical && s != f && kind != B_CATCH && kind != B_CLASS_INNER) {
		if (f->blocks_last)
			f->blocks_last->next_block = b;
		else
			f->blocks = b;
		f->blocks_last = b;
	}
	if (kind == B_CATCH)
		add_catch(R, f, a);
	return b;
}

static void resolve_ref(struct resolver *R, struct fr_node *id, bool write)
{
	struct fr_atom *a = id->name;
	struct fr_binding *b = a->ref_top;
	struct fr_scope *f = R->fn;

	id->bind = b;
	if (!b) {
		if (a->kw != FR_KW_arguments)
			add_through(R, f, a, -1);
		return;
	}
	if (b->scope->func != f) {
		b->captured = true;
		add_through(R, f, a, b->scope->func->depth);
	}
	if (write && b->scope->kind == S_LOOP && b->scope->in_body)
		b->body_written = true;
}

/* ---- walks ------------------------------------------------------------------------- */

static void walk_decl_target(struct resolver *R, struct fr_node *n, int kind)
{
	switch (n->type) {
	case N_IDENT:
		if (R->pass == 0)
			declare(R, n->name, n->pos, kind, n);
		else
			n->bind = n->name->ref_top;
		return;
	case N_OBJ_PAT:
		for (uint32_t i = 0; i < n->n; i++) {
			struct fr_node *p = n->list[i];
			if (p->type == N_REST) {
				walk_decl_target(R, p->a, kind);
				continue;
			}
			if (p->flags & NF_COMPUTED)
				walk_expr(R, p->a);
			walk_decl_target(R, p->b, kind);
		}
		return;
	case N_ARR_PAT:
		for (uint32_t i = 0; i < n->n; i++) {
			struct fr_node *x = n->list[i];
			if (x->type == N_HOLE)
				continue;
			walk_decl_target(R, x, kind);
		}
		return;
	case N_ASSIGN_PAT:
		walk_decl_target(R, n->a, kind);
		walk_expr(R, n->b);
		return;
	case N_REST:
		walk_decl_target(R, n->a, kind);
		return;
	default:
		lg__fr_error(R->cx, n->pos, "Invalid destructuring assignment target");
	}
}

static void walk_target(struct resolver *R, struct fr_node *n)
{
	switch (n->type) {
	case N_IDENT:
		if (R->pass == 1)
			resolve_ref(R, n, true);
		return;
	case N_OBJ_PAT:
		for (uint32_t i = 0; i < n->n; i++) {
			struct fr_node *p = n->list[i];
			if (p->type == N_REST) {
				walk_target(R, p->a);
				continue;
			}
			if (p->flags & NF_COMPUTED)
				walk_expr(R, p->a);
			walk_target(R, p->b);
		}
		return;
	case N_ARR_PAT:
		for (uint32_t i = 0; i < n->n; i++) {
			struct fr_node *x = n->list[i];
			if (x->type == N_HOLE)
				continue;
			walk_target(R, x->type == N_REST ? x->a : x);
		}
		return;
	case N_ASSIGN_PAT:
		walk_target(R, n->a);
		walk_expr(R, n->b);
		return;
	default:
		walk_expr(R, n);
	}
}

static int var_kind(int vk)
{
	return vk == VK_VAR ? B_VAR : vk == VK_LET ? B_LET : B_CONST;
}

static void walk_var(struct resolver *R, struct fr_node *n)
{
	for (uint32_t i = 0; i < n->n; i++) {
		struct fr_node *d = n->list[i];
		walk_decl_target(R, d->a, var_kind(n->op));
		if (d->b)
			walk_expr(R, d->b);
	}
}

static void walk_expr(struct resolver *R, struct fr_node *n)
{
	if (!n)
		return;
	switch (n->type) {
	case N_IDENT:
		if (R->pass == 1)
			resolve_ref(R, n, false);
		return;
	case N_TEMPLATE:
	case N_ARRAY:
	case N_SEQ:
		for (uint32_t i = 0; i < n->n; i++)
			walk_expr(R, n->list[i]);
		return;
	case N_TAGGED:
		walk_expr(R, n->a);
		walk_expr(R, n->b);
		return;
	case N_OBJECT:
		for (uint32_t i = 0; i < n->n; i++) {
			struct fr_node *p = n->list[i];
			if (p->type == N_SPREAD) {
				walk_expr(R, p->a);
				continue;
			}
			if (p->flags & NF_COVER_INIT)
				lg__fr_error(R->cx, p->b->pos,
				             "Invalid shorthand property initializer");
			if (p->flags & NF_COMPUTED)
				walk_expr(R, p->a);
			walk_expr(R, p->b);
		}
		return;
	case N_SPREAD:
	case N_AWAIT:
	case N_CHAIN:
	case N_IMPORT_CALL:
	case N_UNARY:
		walk_expr(R, n->a);
		return;
	case N_FUNC:
	case N_ARROW:
		walk_function(R, n);
		return;
	case N_CLASS:
		walk_class(R, n);
		return;
	case N_MEMBER:
		walk_expr(R, n->a);
		if (n->flags & NF_COMPUTED)
			walk_expr(R, n->b);
		return;
	case N_CALL:
	case N_NEW:
		walk_expr(R, n->a);
		for (uint32_t i = 0; i < n->n; i++)
			walk_expr(R, n->list[i]);
		return;
	case N_UPDATE:
		walk_target(R, n->a);
		return;
	case N_ASSIGN:
		walk_target(R, n->a);
		walk_expr(R, n->b);
		return;
	case N_BINARY:
	case N_LOGICAL:
		walk_expr(R, n->a);
		walk_expr(R, n->b);
		return;
	case N_COND:
		walk_expr(R, n->a);
		walk_expr(R, n->b);
		walk_expr(R, n->c);
		return;
	case N_OBJ_PAT:
	case N_ARR_PAT:
	case N_ASSIGN_PAT:
		walk_target(R, n);
		return;
	default:
		return;
	}
}

static void walk_function(struct resolver *R, struct fr_node *fn)
{
	struct fr_node *loop = R->loop;
	struct fr_scope *s;

	R->loop = NULL;
	s = scope_open(R, S_FUNC, fn);
	s->is_arrow = fn->type == N_ARROW;
	if (fn->type == N_FUNC && fn->b) {
		if (R->pass == 0)
			declare(R, fn->name, fn->b->pos, B_FNAME, fn->b);
		else
			fn->b->bind = fn->name->ref_top;
	}
	for (uint32_t i = 0; i < fn->n; i++) {
		struct fr_node *p = fn->list[i];
		walk_decl_target(R, p->type == N_REST ? p->a : p, B_PARAM);
	}
	if (fn->flags & NF_EXPR_BODY) {
		walk_expr(R, fn->a);
	} else {
		for (uint32_t i = 0; i < fn->a->n; i++)
			walk_stmt(R, fn->a->list[i]);
	}
	scope_close(R, s);
	R->loop = loop;
}

static void walk_class(struct resolver *R, struct fr_node *c)
{
	struct fr_scope *s;

	walk_expr(R, c->a);
	s = scope_open(R, S_CLASS, c);
	if (c->name && R->pass == 0)
		declare(R, c->name, c->pos, B_CLASS_INNER, c);
	for (uint32_t i = 0; i < c->n; i++) {
		struct fr_node *m = c->list[i];
		if (m->flags & NF_COMPUTED)
			walk_expr(R, m->a);
		if (m->type == N_METHOD) {
			walk_function(R, m->b);
		} else if (m->b) {
			struct fr_node *loop = R->loop;
			struct fr_scope *fs;
			R->loop = NULL;
			fs = scope_open(R, S_FUNC, m);
			walk_expr(R, m->b);
			scope_close(R, fs);
			R->loop = loop;
		}
	}
	scope_close(R, s);
}

static void walk_body(struct resolver *R, struct fr_node *n)
{
	struct fr_node *loop = R->loop;
	struct fr_scope *s = n->scope;

	R->loop = n;
	if (s)
		s->in_body = true;
	walk_stmt(R, n->d);
	if (s)
		s->in_body = false;
	R->loop = loop;
}

static void walk_stmt(struct resolver *R, struct fr_node *n)
{
	struct fr_scope *s;

	if (!n)
		return;
	switch (n->type) {
	case N_VAR:
		walk_var(R, n);
		return;
	case N_FUNC_DECL:
		if (n->b) {
			if (R->pass == 0)
				declare(R, n->name, n->b->pos, B_FUNC, n);
			else
				n->b->bind = n->name->ref_top;
		}
		walk_function(R, n);
		return;
	case N_CLASS_DECL:
		if (n->b) {
			if (R->pass == 0)
				declare(R, n->name, n->b->pos, B_CLASS, n);
			else
				n->b->bind = n->name->ref_top;
		}
		walk_class(R, n);
		return;
	case N_EXPR_STMT:
	case N_THROW:
	case N_RETURN:
		walk_expr(R, n->a);
		return;
	case N_BLOCK:
		s = scope_open(R, S_BLOCK, n);
		for (uint32_t i = 0; i < n->n; i++)
			walk_stmt(R, n->list[i]);
		scope_close(R, s);
		return;
	case N_IF:
		walk_expr(R, n->a);
		walk_stmt(R, n->b);
		walk_stmt(R, n->c);
		return;
	case N_FOR:
		s = scope_open(R, S_LOOP, n);
		if (n->a && n->a->type == N_VAR)
			walk_var(R, n->a);
		else
			walk_expr(R, n->a);
		walk_expr(R, n->b);
		walk_expr(R, n->c);
		walk_body(R, n);
		scope_close(R, s);
		return;
	case N_FOR_IN:
	case N_FOR_OF:
		s = scope_open(R, S_LOOP, n);
		if (n->a->type == N_VAR)
			walk_decl_target(R, n->a->list[0]->a, var_kind(n->a->op));
		else
			walk_target(R, n->a);
		walk_expr(R, n->b);
		walk_body(R, n);
		scope_close(R, s);
		return;
	case N_WHILE:
	case N_DO_WHILE:
		walk_expr(R, n->a);
		walk_body(R, n);
		return;
	case N_TRY:
		walk_stmt(R, n->a);
		if (n->c) {
			s = scope_open(R, S_CATCH, n);
			if (n->b) {
				if (n->b->type == N_IDENT)
					walk_decl_target(R, n->b, B_CATCH);
				else
					walk_decl_target(R, n->b, B_LET);
			}
			walk_stmt(R, n->c);
			scope_close(R, s);
		}
		walk_stmt(R, n->d);
		return;
	case N_SWITCH:
		walk_expr(R, n->a);
		s = scope_open(R, S_BLOCK, n);
		for (uint32_t i = 0; i < n->n; i++) {
			struct fr_node *c = n->list[i];
			walk_expr(R, c->a);
			for (uint32_t k = 0; k < c->n; k++)
				walk_stmt(R, c->list[k]);
		}
		scope_close(R, s);
		return;
	case N_LABELED:
		walk_stmt(R, n->a);
		return;
	case N_WITH:
		walk_expr(R, n->a);
		walk_stmt(R, n->b);
		return;
	case N_IMPORT:
		for (uint32_t i = 0; i < n->n; i++) {
			struct fr_node *sp = n->list[i];
			if (R->pass == 0) {
				struct fr_binding *b =
				    declare(R, sp->a->name, sp->a->pos, B_IMPORT, sp);
				b->import_kind = sp->op;
			} else {
				sp->a->bind = sp->a->name->ref_top;
			}
		}
		return;
	case N_EXPORT_NAMED:
		if (n->a) {
			walk_stmt(R, n->a);
		} else if (!n->c) {
			for (uint32_t i = 0; i < n->n; i++)
				walk_expr(R, n->list[i]->a);
		}
		return;
	case N_EXPORT_DEFAULT:
		if (n->a->type == N_FUNC_DECL || n->a->type == N_CLASS_DECL)
			walk_stmt(R, n->a);
		else
			walk_expr(R, n->a);
		return;
	default:
		return;
	}
}

/* An exported name as an atom (string names are converted to UTF-8). */
static struct fr_atom *export_atom(struct fr_ctx *cx, struct fr_node *n)
{
	struct lg_buf b = { 0 };
	struct fr_atom *a;

	if (n->type == N_IDENT)
		return n->name;
	for (uint32_t i = 0; i < n->v.str.n; i++) {
		uint32_t u = n->v.str.u[i];
		if (u >= 0xD800 && u < 0xDC00 && i + 1 < n->v.str.n &&
		    n->v.str.u[i + 1] >= 0xDC00 && n->v.str.u[i + 1] < 0xE000) {
			u = 0x10000 + ((u - 0xD800) << 10) + (n->v.str.u[i + 1] - 0xDC00);
			i++;
		}
		if (u < 0x80) {
			lg_buf_putc(&b, (char)u);
		} else if (u < 0x800) {
			lg_buf_putc(&b, (char)(0xC0 | (u >> 6)));
			lg_buf_putc(&b, (char)(0x80 | (u & 0x3F)));
		} else if (u < 0x10000) {
			lg_buf_putc(&b, (char)(0xE0 | (u >> 12)));
			lg_buf_putc(&b, (char)(0x80 | ((u >> 6) & 0x3F)));
			lg_buf_putc(&b, (char)(0x80 | (u & 0x3F)));
		} else {
			lg_buf_putc(&b, (char)(0xF0 | (u >> 18)));
			lg_buf_putc(&b, (char)(0x80 | ((u >> 12) & 0x3F)));
			lg_buf_putc(&b, (char)(0x80 | ((u >> 6) & 0x3F)));
			lg_buf_putc(&b, (char)(0x80 | (u & 0x3F)));
		}
	}
	a = lg__fr_atom(cx, b.data ? b.data : "", b.len);
	lg_buf_free(&b);
	return a;
}

static void check_export(struct resolver *R, struct fr_node *at, struct fr_atom *a)
{
	if (a->stamp == R->serial)
		lg__fr_error(R->cx, at->pos, "Duplicate export of '%s'", a->s);
	a->stamp = R->serial;
}

static void check_export_pattern(struct resolver *R, struct fr_node *p)
{
	switch (p->type) {
	case N_IDENT:
		check_export(R, p, p->name);
		return;
	case N_OBJ_PAT:
		for (uint32_t i = 0; i < p->n; i++)
			check_export_pattern(R, p->list[i]->type == N_REST ? p->list[i]->a
			                                                   : p->list[i]->b);
		return;
	case N_ARR_PAT:
		for (uint32_t i = 0; i < p->n; i++)
			if (p->list[i]->type != N_HOLE)
				check_export_pattern(R, p->list[i]->type == N_REST ? p->list[i]->a
				                                                   : p->list[i]);
		return;
	case N_ASSIGN_PAT:
		check_export_pattern(R, p->a);
		return;
	default:
		return;
	}
}

/* Duplicate exported names are a SyntaxError; exported locals must exist. */
static void check_exports(struct resolver *R)
{
	struct fr_ctx *cx = R->cx;
	struct fr_node *prog = cx->program;

	R->serial++;
	for (uint32_t i = 0; i < prog->n; i++) {
		struct fr_node *s = prog->list[i];
		if (s->type == N_EXPORT_DEFAULT) {
			check_export(R, s, cx->kw[FR_KW_default]);
		} else if (s->type == N_EXPORT_ALL && s->b) {
			check_export(R, s, export_atom(cx, s->b));
		} else if (s->type == N_EXPORT_NAMED && s->a) {
			struct fr_node *d = s->a;
			if (d->type == N_VAR) {
				for (uint32_t k = 0; k < d->n; k++)
					check_export_pattern(R, d->list[k]->a);
			} else if (d->b) {
				check_export(R, d, d->name);
			}
		} else if (s->type == N_EXPORT_NAMED) {
			for (uint32_t k = 0; k < s->n; k++) {
				struct fr_node *sp = s->list[k];
				check_export(R, sp->b, export_atom(cx, sp->b));
				if (!s->c && !sp->a->bind)
					lg__fr_error(cx, sp->a->pos, "Export '%s' is not defined",
					             sp->a->name->s);
			}
		}
	}
}

void lg__fr_resolve(struct fr_ctx *cx)
{
	struct resolver R = { .cx = cx };
	struct fr_scope *top;

	for (R.pass = 0; R.pass < 2; R.pass++) {
		R.cur = NULL;
		R.loop = NULL;
		top = scope_open(&R, S_FUNC, cx->program);
		for (uint32_t i = 0; i < cx->program->n; i++)
			walk_stmt(&R, cx->program->list[i]);
		scope_close(&R, top);
	}
	cx->top = top;
	if (cx->is_module)
		check_exports(&R);
}
