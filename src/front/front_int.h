/* SPDX-License-Identifier: Apache-2.0 */
/*
 * front_int.h - shared only by the files of src/front (and its unit test).
 *
 * The front end is four passes over one arena (see docs/FRONTEND.md):
 *   lex.c    tokens on demand (the parser decides regex vs division and
 *            when a `}` continues a template);
 *   parse.c  recursive descent, ES2020 -> AST (ESTree-like nodes below);
 *   scope.c  declarations, resolution of every identifier, block-scoping
 *            renames, closures captured in loops;
 *   emit.c   lowering and printing in one walk: each ES2020 node is printed
 *            as ES5.1, every node on its source line.
 * Errors longjmp to lg_front_compile (front.c) with a position; everything
 * lives in the arena, so an error leaks nothing.
 */
#ifndef LG_FRONT_INT_H
#define LG_FRONT_INT_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lg/base.h"

/* ---- arena ------------------------------------------------------------- */

struct fr_chunk;
struct fr_arena {
	struct fr_chunk *head;
	char *p, *end;
	size_t total;
};
void *lg__fr_alloc(struct fr_arena *a, size_t n); /* zeroed, 8-aligned */
void lg__fr_arena_free(struct fr_arena *a);

/* ---- atoms: interned identifier names ------------------------------------ */

struct fr_binding;
struct fr_atom {
	const char *s; /* UTF-8, NUL-terminated (escapes decoded) */
	uint32_t len;
	uint32_t hash;
	int kw;                      /* FR_KW_* for reserved and contextual words, else 0 */
	bool ascii;                  /* all bytes < 0x80 */
	uint32_t stamp;              /* scratch for the rename pass */
	struct fr_binding *decl_top; /* declare pass: innermost declaration */
	struct fr_binding *ref_top;  /* resolve pass: innermost visible binding */
	struct fr_atom *next;
};

// clang-format off
#define FR_KEYWORDS(X)                                                                  \
	X(break) X(case) X(catch) X(class) X(const) X(continue) X(debugger) X(default)  \
	X(delete) X(do) X(else) X(export) X(extends) X(finally) X(for) X(function)      \
	X(if) X(import) X(in) X(instanceof) X(new) X(return) X(super) X(switch)         \
	X(this) X(throw) X(try) X(typeof) X(var) X(void) X(while) X(with) X(null)       \
	X(true) X(false) X(enum)
#define FR_CONTEXTUAL(X)                                                                \
	X(let) X(static) X(yield) X(await) X(async) X(of) X(get) X(set) X(from) X(as)   \
	X(target) X(meta) X(constructor) X(arguments) X(eval) X(undefined)              \
	X(implements) X(interface) X(package) X(private) X(protected) X(public)         \
	X(prototype)
// clang-format on

enum fr_kw {
	FR_KW_NONE = 0,
#define FR_X(w) FR_KW_##w,
	FR_KEYWORDS(FR_X) FR_KW__LAST_RESERVED,
	FR_CONTEXTUAL(FR_X)
#undef FR_X
	    FR_KW__COUNT
};

/* ---- tokens ---------------------------------------------------------------- */

// clang-format off
#define FR_PUNCT(X)                                                                     \
	X(LBRACE, "{") X(RBRACE, "}") X(LPAREN, "(") X(RPAREN, ")") X(LBRACK, "[")      \
	X(RBRACK, "]") X(SEMI, ";") X(COMMA, ",") X(LT, "<") X(GT, ">") X(LE, "<=")     \
	X(GE, ">=") X(EQ, "==") X(NE, "!=") X(SEQ, "===") X(SNE, "!==") X(PLUS, "+")    \
	X(MINUS, "-") X(STAR, "*") X(SLASH, "/") X(PERCENT, "%") X(STARSTAR, "**")      \
	X(INC, "++") X(DEC, "--") X(SHL, "<<") X(SHR, ">>") X(USHR, ">>>") X(AMP, "&")  \
	X(BAR, "|") X(CARET, "^") X(BANG, "!") X(TILDE, "~") X(AND, "&&") X(OR, "||")   \
	X(NULLISH, "?\?") X(QUESTION, "?") X(QDOT, "?.") X(COLON, ":") X(ASSIGN, "=")   \
	X(ADD_A, "+=") X(SUB_A, "-=") X(MUL_A, "*=") X(DIV_A, "/=") X(MOD_A, "%=")      \
	X(POW_A, "**=") X(SHL_A, "<<=") X(SHR_A, ">>=") X(USHR_A, ">>>=")               \
	X(AND_A, "&=") X(OR_A, "|=") X(XOR_A, "^=") X(LAND_A, "&&=") X(LOR_A, "||=")    \
	X(NULLISH_A, "?\?=") X(ARROW, "=>") X(ELLIPSIS, "...") X(DOT, ".")
// clang-format on

enum fr_tok {
	T_EOF = 0,
	T_NAME, /* identifier or keyword: see atom->kw and escaped */
	T_NUM,
	T_STR,
	T_TEMPLATE, /* a template chunk: `...` or `...${ or }...${ or }...` */
	T_REGEX,
#define FR_X(n, s) T_##n,
	FR_PUNCT(FR_X)
#undef FR_X
	/* keyword operators: never produced by the lexer, used as node->op */
	T_IN,
	T_INSTANCEOF,
	T_TYPEOF,
	T_VOID,
	T_DELETE,
	T__COUNT
};

/* A JavaScript string value: UTF-16 code units. */
struct fr_str {
	uint16_t *u;
	uint32_t n;
};

struct fr_token {
	enum fr_tok type;
	uint32_t start, end; /* byte offsets in the source */
	uint32_t line;
	bool nl_before;       /* a line terminator between the previous token and this one */
	bool escaped;         /* identifier spelt with \u escapes */
	bool tpl_tail;        /* template chunk ends with ` (else with ${) */
	bool tpl_bad;         /* template chunk with an invalid escape (cooked undefined) */
	bool num_plain;       /* numeric literal printable as written */
	bool legacy_octal;    /* '0'-prefixed integer or \0-\7 escape: errors in strict code */
	struct fr_atom *atom; /* T_NAME */
	double num;           /* T_NUM */
	struct fr_str str;    /* T_STR cooked value; T_TEMPLATE cooked chunk */
	struct fr_str raw;    /* T_TEMPLATE raw chunk */
	uint32_t re_flags;    /* T_REGEX: offset of the flags (start+1 .. re_flags-1 is the body) */
};

struct fr_ctx;
struct fr_lexer {
	struct fr_ctx *cx;
	const char *src;
	uint32_t len;
	uint32_t pos;
	uint32_t line;
	struct fr_token tok; /* current token */
	uint32_t prev_end;   /* end of the previous token */
	uint32_t prev_line;  /* line where the previous token ended */
};

void lg__fr_lex_init(struct fr_lexer *L, struct fr_ctx *cx, const char *src, uint32_t len);
void lg__fr_lex_next(struct fr_lexer *L);
/* The current token is `/` or `/=`: rescan it as a regular expression literal. */
void lg__fr_lex_regex(struct fr_lexer *L);
/* The current token is `}` closing a template substitution: rescan the chunk after it. */
void lg__fr_lex_template_continue(struct fr_lexer *L);
/* The source text of a punctuator token type (for messages). */
const char *lg__fr_tok_text(enum fr_tok t);

/* ---- AST ------------------------------------------------------------------- */

enum fr_ntype {
	N_NONE = 0,
	/* statements */
	N_PROGRAM,
	N_VAR,
	N_DECLARATOR,
	N_FUNC_DECL,
	N_CLASS_DECL,
	N_EXPR_STMT,
	N_BLOCK,
	N_EMPTY,
	N_IF,
	N_FOR,
	N_FOR_IN,
	N_FOR_OF,
	N_WHILE,
	N_DO_WHILE,
	N_RETURN,
	N_BREAK,
	N_CONTINUE,
	N_THROW,
	N_TRY,
	N_SWITCH,
	N_CASE,
	N_LABELED,
	N_DEBUGGER,
	N_WITH,
	N_IMPORT,
	N_IMPORT_SPEC,
	N_EXPORT_NAMED,
	N_EXPORT_SPEC,
	N_EXPORT_DEFAULT,
	N_EXPORT_ALL,
	N_DIRECTIVE,
	/* expressions */
	N_IDENT,
	N_THIS,
	N_SUPER,
	N_NUM,
	N_STR,
	N_TEMPLATE,
	N_TAGGED,
	N_REGEX,
	N_NULL,
	N_BOOL,
	N_ARRAY,
	N_OBJECT,
	N_PROP,
	N_SPREAD,
	N_FUNC,
	N_ARROW,
	N_CLASS,
	N_MEMBER,
	N_CALL,
	N_NEW,
	N_UNARY,
	N_UPDATE,
	N_BINARY,
	N_LOGICAL,
	N_ASSIGN,
	N_COND,
	N_SEQ,
	N_YIELD,
	N_AWAIT,
	N_CHAIN,
	N_META,
	N_IMPORT_CALL,
	N_HOLE,
	/* patterns */
	N_OBJ_PAT,
	N_ARR_PAT,
	N_ASSIGN_PAT,
	N_REST,
	/* class members */
	N_METHOD,
	N_FIELD,
	N__COUNT
};

/* Node flags. */
#define NF_COMPUTED 0x0001   /* member [x], property [k]: v */
#define NF_OPTIONAL 0x0002   /* this link is ?. */
#define NF_ASYNC 0x0004      /* function */
#define NF_GENERATOR 0x0008  /* function */
#define NF_EXPR_BODY 0x0010  /* arrow with a concise body */
#define NF_STATIC 0x0020     /* class member */
#define NF_SHORTHAND 0x0040  /* property {a} (or {a = 1} with a value N_ASSIGN) */
#define NF_PAREN 0x0080      /* expression was parenthesized */
#define NF_PREFIX 0x0100     /* update ++x */
#define NF_METHOD 0x0200     /* function is a method (object or class) */
#define NF_WRAP 0x0400       /* loop: closures capture per-iteration bindings */
#define NF_DERIVED 0x0800    /* class has extends; method: constructor of such a class */
#define NF_CTOR 0x1000       /* method / function: class constructor */
#define NF_COVER_INIT 0x2000 /* property {a = 1} still an expression (error unless a pattern) */
#define NF_STRICT 0x4000     /* function body has 'use strict' */
#define NF_TPL_BAD 0x8000    /* template chunk with an invalid escape */

/* Property / method kinds (node->op for N_PROP, N_METHOD). */
enum { PK_INIT = 0, PK_GET, PK_SET, PK_METHOD };
/* Declaration kinds (node->op for N_VAR). */
enum { VK_VAR = 0, VK_LET, VK_CONST };

struct fr_scope;
struct fr_node {
	uint8_t type;                  /* enum fr_ntype */
	uint8_t op;                    /* operator token (enum fr_tok), or a kind (PK_*, VK_*) */
	uint16_t flags;                /* NF_* */
	uint32_t line;                 /* line of the first token */
	uint32_t pos;                  /* byte offset of the first token (for messages) */
	struct fr_node *a, *b, *c, *d; /* children; the meaning depends on the type */
	struct fr_node **list;         /* ordered children (statements, arguments, ...) */
	uint32_t n;                    /* entries in list */
	struct fr_atom *name;          /* identifiers, labels, function / class names */
	union {
		double num;        /* N_NUM */
		struct fr_str str; /* N_STR, N_TEMPLATE chunk (cooked) */
		bool bval;         /* N_BOOL */
	} v;
	struct fr_str raw; /* N_TEMPLATE chunk raw */
	uint32_t end;      /* N_NUM, N_STR, N_REGEX: byte offset after the token */
	uint32_t extra;    /* N_REGEX: offset of the flags; N_NUM: 1 if printable as written */
	struct fr_binding *bind; /* N_IDENT: the binding it resolves to (NULL: global) */
	struct fr_scope *scope;  /* scope introduced by this node, if any */
	void *aux;               /* emitter scratch */
};

/*
 * Children by node type (unused ones are NULL):
 *   N_PROGRAM        list = statements
 *   N_VAR            op = VK_*, list = N_DECLARATOR
 *   N_DECLARATOR     a = target (N_IDENT or pattern), b = init
 *   N_FUNC_DECL/N_FUNC/N_ARROW  name, list = params, a = body (N_BLOCK, or the
 *                    expression of a concise arrow body)
 *   N_CLASS_DECL/N_CLASS  name, a = superclass, list = N_METHOD / N_FIELD
 *   N_METHOD         op = PK_*, a = key, b = N_FUNC; N_FIELD a = key, b = value
 *   N_EXPR_STMT      a;  N_BLOCK list;  N_IF a ? b : c
 *   N_FOR            a = init (N_VAR or expression), b = test, c = update, d = body
 *   N_FOR_IN/OF      a = left (N_VAR with one declarator, or a target), b = right, d = body
 *   N_WHILE/DO_WHILE a = test, d = body
 *   N_RETURN/N_THROW a;  N_BREAK/N_CONTINUE name = label
 *   N_TRY            a = block, b = catch param (may be NULL), c = catch body, d = finally
 *   N_SWITCH         a = discriminant, list = N_CASE (a = test or NULL, list = body)
 *   N_LABELED        name, a = body
 *   N_IMPORT         v.str = source, list = N_IMPORT_SPEC (op 0 named, 1 default,
 *                    2 namespace; name = local, b = N_STR imported name or NULL)
 *   N_EXPORT_NAMED   a = declaration or NULL, list = N_EXPORT_SPEC (name = local,
 *                    b = N_STR exported name), c = N_STR source or NULL
 *   N_EXPORT_DEFAULT a = expression or declaration
 *   N_EXPORT_ALL     c = N_STR source, b = N_STR exported name (export * as x) or NULL
 *   N_DIRECTIVE      v.str ('use strict')
 *   N_TEMPLATE       list = chunks and expressions alternating: chunk, expr, chunk, ...
 *                    (each chunk is an N_TEMPLATE node with v.str and raw)
 *   N_TAGGED         a = tag, b = N_TEMPLATE
 *   N_REGEX          source slice pos..end, flags from extra
 *   N_ARRAY          list (N_HOLE for elisions, N_SPREAD)
 *   N_OBJECT         list = N_PROP / N_SPREAD
 *   N_PROP           op = PK_*, a = key, b = value
 *   N_MEMBER         a = object, b = property (N_IDENT name if not computed)
 *   N_CALL/N_NEW     a = callee, list = arguments
 *   N_UNARY/N_UPDATE op, a
 *   N_BINARY/N_LOGICAL/N_ASSIGN  op, a, b
 *   N_COND           a ? b : c;  N_SEQ list
 *   N_AWAIT/N_YIELD/N_SPREAD/N_REST/N_CHAIN  a
 *   N_META           name = meta property (new.target / import.meta), a = N_IDENT head
 *   N_IMPORT_CALL    a = specifier
 *   N_OBJ_PAT        list = N_PROP (b = target pattern) / N_REST
 *   N_ARR_PAT        list (N_HOLE, patterns, N_REST)
 *   N_ASSIGN_PAT     a = target, b = default value
 */

/* ---- scopes and bindings -------------------------------------------------- */

enum fr_bkind {
	B_VAR,
	B_PARAM,
	B_FUNC,
	B_FNAME,
	B_LET,
	B_CONST,
	B_CLASS,
	B_CATCH,
	B_CLASS_INNER,
	B_IMPORT
};

enum fr_skind { S_FUNC, S_BLOCK, S_CATCH, S_CLASS, S_LOOP };

struct fr_binding {
	struct fr_atom *name; /* as written */
	struct fr_atom *out;  /* as printed (renamed when block scoping requires it) */
	uint8_t kind;         /* enum fr_bkind */
	bool captured;        /* referenced from a nested function */
	bool body_written;    /* loop-head binding assigned inside the loop body */
	bool lexical;         /* block-scoped (let, const, class, function in a block, ...) */
	bool dead;            /* replaced by a later declaration of the same scope */
	struct fr_scope *scope;
	struct fr_node *decl;          /* declaring node (N_IMPORT_SPEC for imports) */
	struct fr_binding *shadowed;   /* the declaration this one hides (declare/resolve passes) */
	struct fr_binding *next;       /* next binding of the same scope */
	struct fr_binding *next_block; /* next block binding of the same function */
	int import_kind;               /* B_IMPORT: 0 named, 1 default, 2 namespace */
	struct fr_atom *alias;         /* emitter: name printed instead of out (loop heads) */
};

struct fr_scope {
	uint8_t kind; /* enum fr_skind */
	bool in_body; /* S_LOOP: resolving the loop body */
	uint32_t id;
	int depth; /* function nesting depth (S_FUNC) */
	struct fr_scope *parent;
	struct fr_scope *func; /* nearest S_FUNC (self for S_FUNC) */
	struct fr_node *node;
	struct fr_node *loop; /* innermost loop enclosing this scope in its function */
	struct fr_binding *bindings, *last;
	/* S_FUNC only */
	struct fr_binding *blocks, *blocks_last; /* block-scoped bindings to hoist */
	struct fr_atom **through;                /* names referenced inside that resolve outside */
	int *through_depth; /* ... and the depth of the function they resolve in (-1: global) */
	uint32_t n_through, cap_through;
	struct fr_atom **catches; /* catch parameter names inside */
	uint32_t n_catches, cap_catches;
	bool is_arrow;
};

/* ---- the compilation context --------------------------------------------- */

struct fr_ctx {
	struct fr_arena arena;
	const char *src;
	uint32_t len;
	const char *filename;
	jmp_buf jmp;
	struct lg_err *err;
	/* atoms */
	struct fr_atom **atoms;
	uint32_t n_atoms, cap_atoms; /* cap is a power of two */
	struct fr_atom *kw[FR_KW__COUNT];
	uint32_t fresh_serial;
	/* results of the passes */
	struct fr_node *program;
	bool is_module;
	struct fr_scope *top;
	uint32_t scope_serial;
	/* scratch buffers (malloc'd, freed by lg_front_compile on every path) */
	uint16_t *sb, *rb; /* cooked / raw string being scanned */
	uint32_t sb_n, sb_cap, rb_n, rb_cap;
	char *ib; /* identifier with escapes being decoded */
	uint32_t ib_n, ib_cap;
	struct fr_node **stk; /* parser list stack */
	uint32_t sp, stk_cap;
	struct lg_buf ob; /* the emitted body */
	void *emit_state; /* emit.c: innermost open function context (freed on errors) */
};

struct fr_atom *lg__fr_atom(struct fr_ctx *cx, const char *s, size_t len);
/* A name that appears nowhere in the source and was never handed out: base$N. */
struct fr_atom *lg__fr_fresh(struct fr_ctx *cx, const char *base);

/* Record a SyntaxError at byte offset pos and unwind to lg_front_compile. */
LG_NORETURN void lg__fr_error(struct fr_ctx *cx, uint32_t pos, const char *fmt, ...)
    LG_PRINTF(3, 4);
/* The same for valid syntax that the front end does not lower yet. */
LG_NORETURN void lg__fr_unsupported(struct fr_ctx *cx, uint32_t pos, const char *what);

/* The passes; each reports errors through lg__fr_error. */
void lg__fr_parse(struct fr_ctx *cx);
void lg__fr_resolve(struct fr_ctx *cx);
void lg__fr_emit(struct fr_ctx *cx, struct lg_buf *out);
/* Free what lg__fr_emit had open when an error unwound it. */
void lg__fr_emit_free(struct fr_ctx *cx);

/* Decode one UTF-8 sequence at s[*i] (advancing *i); invalid bytes give U+FFFD. */
uint32_t lg__fr_utf8_next(const char *s, uint32_t len, uint32_t *i);

#endif
