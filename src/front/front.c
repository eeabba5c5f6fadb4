/* SPDX-License-Identifier: Apache-2.0 */
/*
 * front.c - the front end's entry point (lg_front_compile), its arena, the
 * atom table and the error messages with a caret under the column.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "front_int.h"
#include "lg/front.h"
#include "helpers_js.h"

/* ---- arena ---------------------------------------------------------------- */

struct fr_chunk {
	struct fr_chunk *next;
	size_t size;
	char data[];
};

#define CHUNK_SIZE (64 * 1024)

void *lg__fr_alloc(struct fr_arena *a, size_t n)
{
	void *p;

	n = (n + 7) & ~(size_t)7;
	if ((size_t)(a->end - a->p) < n) {
		size_t size = n > CHUNK_SIZE / 4 ? n : CHUNK_SIZE;
		struct fr_chunk *c = lg_xmalloc(sizeof(*c) + size);
		c->size = size;
		c->next = a->head;
		a->head = c;
		a->total += size;
		if (size != CHUNK_SIZE && a->p) {
			/* a big block: keep filling the current chunk afterwards */
			memset(c->data, 0, n);
			return c->data;
		}
		a->p = c->data;
		a->end = c->data + size;
	}
	p = a->p;
	a->p += n;
	memset(p, 0, n);
	return p;
}

void lg__fr_arena_free(struct fr_arena *a)
{
	struct fr_chunk *c = a->head;

	while (c) {
		struct fr_chunk *next = c->next;
		free(c);
		c = next;
	}
	memset(a, 0, sizeof(*a));
}

/* ---- atoms ------------------------------------------------------------------- */

static uint32_t hash_bytes(const char *s, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static struct fr_atom *atom_find(struct fr_ctx *cx, const char *s, size_t len, uint32_t h)
{
	uint32_t mask = cx->cap_atoms - 1;

	for (uint32_t i = h & mask;; i = (i + 1) & mask) {
		struct fr_atom *a = cx->atoms[i];
		if (!a)
			return NULL;
		if (a->hash == h && a->len == len && memcmp(a->s, s, len) == 0)
			return a;
	}
}

static void atom_insert(struct fr_ctx *cx, struct fr_atom *a)
{
	uint32_t mask = cx->cap_atoms - 1;
	uint32_t i = a->hash & mask;

	while (cx->atoms[i])
		i = (i + 1) & mask;
	cx->atoms[i] = a;
}

struct fr_atom *lg__fr_atom(struct fr_ctx *cx, const char *s, size_t len)
{
	uint32_t h = hash_bytes(s, len);
	struct fr_atom *a = atom_find(cx, s, len, h);
	char *copy;

	if (a)
		return a;
	if ((cx->n_atoms + 1) * 2 > cx->cap_atoms) {
		struct fr_atom **old = cx->atoms;
		uint32_t oldcap = cx->cap_atoms;
		cx->cap_atoms *= 2;
		cx->atoms = lg_xcalloc(cx->cap_atoms, sizeof(*cx->atoms));
		for (uint32_t i = 0; i < oldcap; i++)
			if (old[i])
				atom_insert(cx, old[i]);
		free(old);
	}
	a = lg__fr_alloc(&cx->arena, sizeof(*a));
	copy = lg__fr_alloc(&cx->arena, len + 1);
	memcpy(copy, s, len);
	copy[len] = '\0';
	a->s = copy;
	a->len = (uint32_t)len;
	a->hash = h;
	a->ascii = true;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			a->ascii = false;
	atom_insert(cx, a);
	cx->n_atoms++;
	return a;
}

struct fr_atom *lg__fr_fresh(struct fr_ctx *cx, const char *base)
{
	char buf[128];

	for (;;) {
		int n = snprintf(buf, sizeof(buf), "%.100s$%u", base, ++cx->fresh_serial);
		if (!atom_find(cx, buf, (size_t)n, hash_bytes(buf, (size_t)n)))
			return lg__fr_atom(cx, buf, (size_t)n);
	}
}

static void atoms_init(struct fr_ctx *cx)
{
	static const char *const words[FR_KW__COUNT] = {
#define FR_X(w) [FR_KW_##w] = #w,
		FR_KEYWORDS(FR_X) FR_CONTEXTUAL(FR_X)
#undef FR_X
	};

	cx->cap_atoms = 1024;
	cx->atoms = lg_xcalloc(cx->cap_atoms, sizeof(*cx->atoms));
	for (int k = 1; k < FR_KW__COUNT; k++) {
		if (!words[k])
			continue;
		cx->kw[k] = lg__fr_atom(cx, words[k], strlen(words[k]));
		cx->kw[k]->kw = k;
	}
}

/* ---- errors ---------------------------------------------------------------------- */

/* Line (1-based), start of that line and column (1-based, in characters) of pos. */
static void locate(const struct fr_ctx *cx, uint32_t pos, uint32_t *line, uint32_t *lstart,
                   uint32_t *col)
{
	const char *s = cx->src;
	uint32_t l = 1, ls = 0, i = 0, c = 1;

	if (pos > cx->len)
		pos = cx->len;
	while (i < pos) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '\n') {
			l++;
			ls = ++i;
		} else if (ch == '\r') {
			i++;
			if (i < cx->len && s[i] == '\n') {
				if (i == pos)
					break;
				i++;
			}
			l++;
			ls = i;
		} else if (ch == 0xE2 && i + 2 < cx->len && (unsigned char)s[i + 1] == 0x80 &&
		           ((unsigned char)s[i + 2] & 0xFE) == 0xA8) {
			i += 3;
			l++;
			ls = i;
		} else {
			i++;
		}
	}
	for (i = ls; i < pos;) {
		(void)lg__fr_utf8_next(s, cx->len, &i);
		c++;
	}
	*line = l;
	*lstart = ls;
	*col = c;
}

/*
 * "file:line:col: <kind>message" then the source line and a caret under the
 * column.  Long lines (minified code) are cut to a window around the column.
 */
static void format_error(struct fr_ctx *cx, uint32_t pos, const char *kind, const char *msg)
{
	struct lg_buf b = { 0 };
	uint32_t line, lstart, col, lend, from, to, ccol = 0;
	const char *s = cx->src;
	char num[16];
	int w;

	locate(cx, pos, &line, &lstart, &col);
	lend = lstart;
	while (lend < cx->len && s[lend] != '\n' && s[lend] != '\r')
		lend++;
	from = lstart;
	to = lend;
	if (pos > from + 100) {
		from = pos - 60;
		while (from > lstart && ((unsigned char)s[from] & 0xC0) == 0x80)
			from--;
	}
	if (to > pos + 100) {
		to = pos + 60;
		while (to < lend && ((unsigned char)s[to] & 0xC0) == 0x80)
			to++;
	}
	lg_buf_printf(&b, "%s:%u:%u: %s%s", cx->filename, line, col, kind, msg);
	w = snprintf(num, sizeof(num), "%u", line);
	lg_buf_printf(&b, "\n    %s | %s", num, from > lstart ? "..." : "");
	/* the line as text: control characters and invalid UTF-8 become '?' */
	for (uint32_t i = from; i < to;) {
		uint32_t at = i, cp = lg__fr_utf8_next(s, cx->len, &i);
		if ((cp < 0x20 && cp != '\t') || cp == 0x7F ||
		    (cp == 0xFFFD && !(i - at == 3 && (unsigned char)s[at] == 0xEF)))
			lg_buf_putc(&b, '?');
		else
			lg_buf_append(&b, s + at, i - at);
	}
	if (to < lend)
		lg_buf_puts(&b, "...");
	lg_buf_puts(&b, "\n    ");
	for (int k = 0; k < w; k++)
		lg_buf_putc(&b, ' ');
	lg_buf_puts(&b, "   ");
	if (from > lstart)
		lg_buf_puts(&b, "   ");
	for (uint32_t i = from; i < pos && i < to;) {
		/* keep tabs so the caret lines up in a terminal */
		lg_buf_putc(&b, s[i] == '\t' ? '\t' : ' ');
		(void)lg__fr_utf8_next(s, cx->len, &i);
		ccol++;
	}
	lg_buf_putc(&b, '^');
	lg_errf(cx->err, LG_ESCRIPT, "%s", b.data);
	lg_buf_free(&b);
}

void lg__fr_error(struct fr_ctx *cx, uint32_t pos, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	format_error(cx, pos, "SyntaxError: ", msg);
	longjmp(cx->jmp, 1);
}

void lg__fr_unsupported(struct fr_ctx *cx, uint32_t pos, const char *what)
{
	char msg[512];

	snprintf(msg, sizeof(msg), "%s", what);
	format_error(cx, pos, "not supported yet: ", msg);
	longjmp(cx->jmp, 1);
}

/* ---- entry point -------------------------------------------------------------------- */

static void ctx_free(struct fr_ctx *cx)
{
	lg__fr_emit_free(cx);
	free(cx->atoms);
	free(cx->sb);
	free(cx->rb);
	free(cx->ib);
	free(cx->stk);
	lg_buf_free(&cx->ob);
	lg__fr_arena_free(&cx->arena);
}

int lg_front_compile(const char *src, size_t len, const char *filename, struct lg_buf *out,
                     struct lg_err *err)
{
	static const char head[] = "function (exports, require, module, __filename, __dirname) {";
	/* volatile: read after longjmp */
	struct fr_ctx *volatile cx = lg_xcalloc(1, sizeof(struct fr_ctx));
	int rc = 0;

	if (len >= 3 && (unsigned char)src[0] == 0xEF && (unsigned char)src[1] == 0xBB &&
	    (unsigned char)src[2] == 0xBF) {
		src += 3;
		len -= 3;
	}
	if (len > 0x7FFFFFFF) {
		rc = lg_errf(err, LG_ESCRIPT, "%s: the script is too large (%zu bytes)", filename,
		             len);
		goto out;
	}
	cx->src = src;
	cx->len = (uint32_t)len;
	cx->filename = filename ? filename : "<script>";
	cx->err = err;
	if (setjmp(cx->jmp)) {
		rc = -LG_ESCRIPT;
		goto out;
	}
	atoms_init(cx);
	lg__fr_parse(cx);
	lg__fr_resolve(cx);
	lg__fr_emit(cx, &cx->ob);
	if (lg_buf_append(out, head, sizeof(head) - 1) < 0 ||
	    lg_buf_append(out, cx->ob.data ? cx->ob.data : "", cx->ob.len) < 0 ||
	    lg_buf_append(out, "\n}", 2) < 0)
		rc = lg_errf(err, LG_ESCRIPT, "%s: the compiled script exceeds the size limit",
		             cx->filename);
out:
	ctx_free(cx);
	free(cx);
	return rc;
}

const char *lg_front_helpers_js(void)
{
	return lg_front_helpers_src;
}
