/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mod_html.c - k6/html's native half: documents parsed by libxml2, and the
 * node-set operations behind Selection and Element (mod_html.js).
 *
 * DESIGN
 *   A parsed document belongs to a "doc" object of the VU's heap whose
 *   finalizer frees it (xmlFreeDoc): Duktape's reference counting runs it as
 *   soon as the last Selection or Element of the document is dropped, so a
 *   loop that parses a page per iteration does not grow.  Selections and
 *   Elements keep, under hidden symbols that scripts cannot reach, the doc
 *   object (so the tree outlives them), their nodes (a fixed buffer of
 *   xmlNodePtr) and the page URL.  The tree is never modified, so a node
 *   pointer stays valid exactly as long as its doc object.
 *
 *   Natives are called as N.fn(...) with N the natives object, which holds the
 *   two prototypes (set once by mod_html.js).  Node lists follow goquery:
 *   results keep the order in which they are found, without duplicates.
 */
#include <stdlib.h>
#include <string.h>

#include "js_int.h"
#include "lg/html.h"

#define K_NODES DUK_HIDDEN_SYMBOL("n")
#define K_DOC DUK_HIDDEN_SYMBOL("d")
#define K_URL DUK_HIDDEN_SYMBOL("u")
#define K_PTR DUK_HIDDEN_SYMBOL("p")
#define K_SELPROTO DUK_HIDDEN_SYMBOL("S")
#define K_ELPROTO DUK_HIDDEN_SYMBOL("E")

/* ---- a set of node pointers (open addressing) ----------------------------- */

struct pset {
	xmlNodePtr *v;
	size_t cap, n;
};

static size_t phash(xmlNodePtr p, size_t cap)
{
	uintptr_t x = (uintptr_t)p;
	x ^= x >> 17;
	x *= 0x9e3779b97f4a7c15ULL;
	return (size_t)(x >> 7) & (cap - 1);
}

/* Add p; false when it was already there. */
static bool pset_add(struct pset *s, xmlNodePtr p)
{
	size_t i;

	if ((s->n + 1) * 2 > s->cap) {
		struct pset big = { lg_xcalloc(s->cap ? s->cap * 2 : 32, sizeof(xmlNodePtr)),
			            s->cap ? s->cap * 2 : 32, 0 };
		for (size_t k = 0; k < s->cap; k++)
			if (s->v[k])
				pset_add(&big, s->v[k]);
		free(s->v);
		*s = big;
	}
	for (i = phash(p, s->cap); s->v[i]; i = (i + 1) & (s->cap - 1))
		if (s->v[i] == p)
			return false;
	s->v[i] = p;
	s->n++;
	return true;
}

static bool pset_has(const struct pset *s, xmlNodePtr p)
{
	if (!s->cap)
		return false;
	for (size_t i = phash(p, s->cap); s->v[i]; i = (i + 1) & (s->cap - 1))
		if (s->v[i] == p)
			return true;
	return false;
}

/* A node list without duplicates. */
struct uniq {
	struct lg_nodes l;
	struct pset seen;
};

static void uniq_add(struct uniq *u, xmlNodePtr n)
{
	if (n && pset_add(&u->seen, n))
		lg_nodes_push(&u->l, n);
}

static void uniq_free(struct uniq *u)
{
	lg_nodes_free(&u->l);
	free(u->seen.v);
}

/* ---- selections ----------------------------------------------------------- */

/* The nodes of the Selection or Element at idx (TypeError otherwise). */
static xmlNodePtr *nodes_of(duk_context *ctx, duk_idx_t idx, size_t *n)
{
	duk_size_t len = 0;
	xmlNodePtr *v = NULL;

	*n = 0;
	if (duk_is_object(ctx, idx)) {
		duk_get_prop_literal(ctx, idx, K_NODES);
		if (duk_is_buffer_data(ctx, -1))
			v = duk_get_buffer_data(ctx, -1, &len);
		duk_pop(ctx);
		if (duk_has_prop_literal(ctx, idx, K_NODES)) {
			*n = len / sizeof(xmlNodePtr);
			return v;
		}
	}
	(void)duk_type_error(ctx, "expected a Selection or an Element");
	return NULL;
}

static bool is_set(duk_context *ctx, duk_idx_t idx)
{
	return duk_is_object(ctx, idx) && duk_has_prop_literal(ctx, idx, K_NODES);
}

/*
 * Push a new Selection (or Element) over nodes, of the same document and URL
 * as the object at from.
 */
static void push_set(duk_context *ctx, duk_idx_t from, xmlNodePtr *v, size_t n, bool element)
{
	void *buf;

	from = duk_normalize_index(ctx, from);
	duk_push_object(ctx);
	duk_push_this(ctx);
	duk_get_prop_string(ctx, -1, element ? K_ELPROTO : K_SELPROTO);
	duk_set_prototype(ctx, -3);
	duk_pop(ctx);
	buf = duk_push_fixed_buffer(ctx, n * sizeof(xmlNodePtr));
	if (n)
		memcpy(buf, v, n * sizeof(xmlNodePtr));
	duk_put_prop_literal(ctx, -2, K_NODES);
	duk_get_prop_literal(ctx, from, K_DOC);
	duk_put_prop_literal(ctx, -2, K_DOC);
	duk_get_prop_literal(ctx, from, K_URL);
	duk_put_prop_literal(ctx, -2, K_URL);
}

/* Push the selection from `from` over the list, freeing the list. */
static duk_ret_t ret_list(duk_context *ctx, duk_idx_t from, struct lg_nodes *l)
{
	struct lg_nodes copy = *l;

	*l = (struct lg_nodes){ 0 };
	push_set(ctx, from, copy.v, copy.n, false);
	lg_nodes_free(&copy);
	return 1;
}

static duk_ret_t ret_uniq(duk_context *ctx, duk_idx_t from, struct uniq *u)
{
	free(u->seen.v);
	u->seen = (struct pset){ 0 };
	return ret_list(ctx, from, &u->l);
}

/* Compile the selector string at idx, or throw a SyntaxError naming it. */
static struct lg_sel *compile_at(duk_context *ctx, duk_idx_t idx)
{
	struct lg_err err = { 0 };
	struct lg_sel *s;

	if (lg_sel_compile(duk_safe_to_string(ctx, idx), &s, &err) < 0)
		(void)duk_syntax_error(ctx, "%s", err.msg);
	return s;
}

/*
 * A matcher argument: a selector string, or a Selection/Element (a node set).
 */
struct matcher {
	struct lg_sel *sel;
	struct pset set;
};

static void matcher_get(duk_context *ctx, duk_idx_t idx, struct matcher *m)
{
	memset(m, 0, sizeof(*m));
	if (is_set(ctx, idx)) {
		size_t n;
		xmlNodePtr *v = nodes_of(ctx, idx, &n);
		for (size_t i = 0; i < n; i++)
			pset_add(&m->set, v[i]);
		return;
	}
	if (!duk_is_string(ctx, idx))
		(void)duk_type_error(ctx, "expected a selector string, a Selection or an Element");
	m->sel = compile_at(ctx, idx);
}

static bool matcher_test(const struct matcher *m, xmlNodePtr n)
{
	return m->sel ? lg_sel_match(m->sel, n) : pset_has(&m->set, n);
}

static void matcher_free(struct matcher *m)
{
	lg_sel_free(m->sel);
	free(m->set.v);
}

/* ---- the doc object ------------------------------------------------------- */

static duk_ret_t doc_finalize(duk_context *ctx)
{
	xmlDocPtr doc;

	duk_get_prop_literal(ctx, 0, K_PTR);
	doc = duk_get_pointer(ctx, -1);
	if (doc) {
		xmlFreeDoc(doc);
		duk_push_pointer(ctx, NULL);
		duk_put_prop_literal(ctx, 0, K_PTR);
	}
	return 0;
}

/* N.parse(src, url) -> Selection of the document node. */
static duk_ret_t n_parse(duk_context *ctx)
{
	duk_size_t len;
	const char *src = duk_safe_to_lstring(ctx, 0, &len);
	xmlDocPtr doc;
	xmlNodePtr root;

	duk_push_object(ctx); /* a stand-in `from` carrying doc and url */
	duk_push_object(ctx);
	duk_push_c_function(ctx, doc_finalize, 1);
	duk_set_finalizer(ctx, -2);
	doc = lg_html_parse(src, len);
	duk_push_pointer(ctx, doc);
	duk_put_prop_literal(ctx, -2, K_PTR);
	duk_put_prop_literal(ctx, -2, K_DOC);
	if (duk_is_string(ctx, 1)) {
		duk_dup(ctx, 1);
		duk_put_prop_literal(ctx, -2, K_URL);
	}
	root = (xmlNodePtr)doc;
	push_set(ctx, -1, &root, 1, false);
	return 1;
}

/* N.setup(SelectionProto, ElementProto) */
static duk_ret_t n_setup(duk_context *ctx)
{
	duk_push_this(ctx);
	duk_dup(ctx, 0);
	duk_put_prop_literal(ctx, -2, K_SELPROTO);
	duk_dup(ctx, 1);
	duk_put_prop_literal(ctx, -2, K_ELPROTO);
	return 0;
}

/* N.size(s) */
static duk_ret_t n_size(duk_context *ctx)
{
	size_t n;

	nodes_of(ctx, 0, &n);
	duk_push_uint(ctx, (duk_uint_t)n);
	return 1;
}

/* N.url(s) -> the page URL or undefined */
static duk_ret_t n_url(duk_context *ctx)
{
	nodes_of(ctx, 0, &(size_t){ 0 });
	duk_get_prop_literal(ctx, 0, K_URL);
	return 1;
}

/* N.slice(s, start, end) with 0 <= start <= end <= size (checked here). */
static duk_ret_t n_slice(duk_context *ctx)
{
	size_t n;
	xmlNodePtr *v = nodes_of(ctx, 0, &n);
	duk_int_t a = duk_to_int(ctx, 1), b = duk_to_int(ctx, 2);

	if (a < 0)
		a = 0;
	if (b > (duk_int_t)n)
		b = (duk_int_t)n;
	if (b < a)
		b = a;
	push_set(ctx, 0, v + a, (size_t)(b - a), false);
	return 1;
}

/* N.one(s, i, asElement) -> Element or Selection of node i, or undefined. */
static duk_ret_t n_one(duk_context *ctx)
{
	size_t n;
	xmlNodePtr *v = nodes_of(ctx, 0, &n);
	duk_int_t i = duk_to_int(ctx, 1);

	if (i < 0 || (size_t)i >= n)
		return 0;
	push_set(ctx, 0, &v[i], 1, duk_to_boolean(ctx, 2));
	return 1;
}

/* N.pick(s, [indices]) -> Selection of those nodes. */
static duk_ret_t n_pick(duk_context *ctx)
{
	size_t n, k;
	xmlNodePtr *v = nodes_of(ctx, 0, &n);
	duk_size_t m = duk_get_length(ctx, 1);
	xmlNodePtr *out;

	out = duk_push_fixed_buffer(ctx, (m ? m : 1) * sizeof(xmlNodePtr));
	k = 0;
	for (duk_size_t j = 0; j < m; j++) {
		duk_int_t i;
		duk_get_prop_index(ctx, 1, (duk_uarridx_t)j);
		i = duk_to_int(ctx, -1);
		duk_pop(ctx);
		if (i >= 0 && (size_t)i < n)
			out[k++] = v[i];
	}
	push_set(ctx, 0, out, k, false);
	return 1;
}

/* N.find(s, selectorOrSet) */
static duk_ret_t n_find(duk_context *ctx)
{
	size_t n;
	xmlNodePtr *v = nodes_of(ctx, 0, &n);
	struct uniq u = { 0 };

	if (is_set(ctx, 1)) {
		size_t m;
		xmlNodePtr *w = nodes_of(ctx, 1, &m);
		struct pset roots = { 0 };
		for (size_t i = 0; i < n; i++)
			pset_add(&roots, v[i]);
		for (size_t j = 0; j < m; j++)
			for (xmlNodePtr p = w[j]->parent; p; p = p->parent)
				if (pset_has(&roots, p)) {
					uniq_add(&u, w[j]);
					break;
				}
		free(roots.v);
	} else {
		struct lg_sel *sel;
		struct lg_nodes found = { 0 };
		if (!duk_is_string(ctx, 1))
			return duk_type_error(
			    ctx, "find() expects a selector string, a Selection or an Element");
		sel = compile_at(ctx, 1);
		for (size_t i = 0; i < n; i++) {
			found.n = 0;
			lg_sel_find(sel, v[i], &found);
			for (size_t j = 0; j < found.n; j++)
				uniq_add(&u, found.v[j]);
		}
		lg_nodes_free(&found);
		lg_sel_free(sel);
	}
	return ret_uniq(ctx, 0, &u);
}

/* N.filter(s, selectorOrSet, invert) -> the nodes that match (or do not). */
static duk_ret_t n_filter(duk_context *ctx)
{
	size_t n;
	xmlNodePtr *v = nodes_of(ctx, 0, &n);
	bool invert = duk_to_boolean(ctx, 2);
	struct matcher m;
	struct lg_nodes out = { 0 };

	matcher_get(ctx, 1, &m);
	for (size_t i = 0; i < n; i++)
		if (matcher_test(&m, v[i]) != invert)
			lg_nodes_push(&out, v[i]);
	matcher_free(&m);
	return ret_list(ctx, 0, &out);
}

/* N.is(s, selectorOrSet) -> whether any node matches. */
static duk_ret_t n_is(duk_context *ctx)
{
	size_t n;
	xmlNodePtr *v = nodes_of(ctx, 0, &n);
	struct matcher m;
	bool any = false;

	matcher_get(ctx, 1, &m);
	for (size_t i = 0; i < n && !any; i++)
		any = matcher_test(&m, v[i]);
	matcher_free(&m);
	duk_push_boolean(ctx, any);
	return 1;
}

static bool is_ancestor(xmlNodePtr a, xmlNodePtr n)
{
	for (n = n->parent; n; n = n->parent)
		if (n == a)
			return true;
	return false;
}

/* N.has(s, selectorOrSet) -> the nodes with a descendant that matches. */
static duk_ret_t n_has(duk_context *ctx)
{
	size_t n;
	xmlNodePtr *v = nodes_of(ctx, 0, &n);
	struct lg_nodes out = { 0 };

	if (is_set(ctx, 1)) {
		size_t m;
		xmlNodePtr *w = nodes_of(ctx, 1, &m);
		for (size_t i = 0; i < n; i++)
			for (size_t j = 0; j < m; j++)
				if (is_ancestor(v[i], w[j])) {
					lg_nodes_push(&out, v[i]);
					break;
				}
	} else {
		struct lg_sel *sel;
		struct lg_nodes found = { 0 };
		if (!duk_is_string(ctx, 1))
			return duk_type_error(
			    ctx, "has() expects a selector string, a Selection or an Element");
		sel = compile_at(ctx, 1);
		for (size_t i = 0; i < n; i++) {
			found.n = 0;
			lg_sel_find(sel, v[i], &found);
			if (found.n)
				lg_nodes_push(&out, v[i]);
		}
		lg_nodes_free(&found);
		lg_sel_free(sel);
	}
	return ret_list(ctx, 0, &out);
}

/* N.closest(s, selectorOrSet) -> for each node, itself or its nearest matching ancestor. */
static duk_ret_t n_closest(duk_context *ctx)
{
	size_t n;
	xmlNodePtr *v = nodes_of(ctx, 0, &n);
	struct matcher m;
	struct uniq u = { 0 };

	matcher_get(ctx, 1, &m);
	for (size_t i = 0; i < n; i++)
		for (xmlNodePtr p = v[i]; p && p->type == XML_ELEMENT_NODE; p = p->parent)
			if (matcher_test(&m, p)) {
				uniq_add(&u, p);
				break;
			}
	matcher_free(&m);
	return ret_uniq(ctx, 0, &u);
}

/* N.add(s, set) -> the union (the set must be of the same document). */
static duk_ret_t n_add(duk_context *ctx)
{
	size_t n, m;
	xmlNodePtr *v = nodes_of(ctx, 0, &n);
	xmlNodePtr *w = nodes_of(ctx, 1, &m);
	struct uniq u = { 0 };
	bool same;

	duk_get_prop_literal(ctx, 0, K_DOC);
	duk_get_prop_literal(ctx, 1, K_DOC);
	same = duk_strict_equals(ctx, -1, -2);
	duk_pop_2(ctx);
	if (!same)
		return duk_type_error(ctx, "add(): the nodes belong to another document");
	for (size_t i = 0; i < n; i++)
		uniq_add(&u, v[i]);
	for (size_t j = 0; j < m; j++)
		uniq_add(&u, w[j]);
	return ret_uniq(ctx, 0, &u);
}

enum rel {
	R_PARENT,
	R_PARENTS,
	R_PARENTS_UNTIL,
	R_CHILDREN,
	R_CONTENTS,
	R_NEXT,
	R_NEXT_ALL,
	R_NEXT_UNTIL,
	R_PREV,
	R_PREV_ALL,
	R_PREV_UNTIL,
	R_SIBLINGS,
};

static bool elem(xmlNodePtr n)
{
	return n && n->type == XML_ELEMENT_NODE;
}

static xmlNodePtr step(xmlNodePtr n, bool forward)
{
	do
		n = forward ? n->next : n->prev;
	while (n && !elem(n));
	return n;
}

/*
 * N.rel(s, kind, filter, until) -> related nodes.  filter: a selector string
 * or undefined; until: (the *Until kinds) a selector string, a set or undefined.
 */
static duk_ret_t n_rel(duk_context *ctx)
{
	size_t n;
	xmlNodePtr *v = nodes_of(ctx, 0, &n);
	enum rel kind = (enum rel)duk_to_int(ctx, 1);
	struct lg_sel *filter = NULL;
	struct matcher until = { 0 };
	bool has_until = false;
	struct uniq u = { 0 };
	struct lg_nodes out = { 0 };

	if (!duk_is_undefined(ctx, 3) && !duk_is_null(ctx, 3)) {
		matcher_get(ctx, 3, &until);
		has_until = true;
	}
	if (duk_is_string(ctx, 2)) {
		struct lg_err err = { 0 };
		if (lg_sel_compile(duk_get_string(ctx, 2), &filter, &err) < 0) {
			matcher_free(&until);
			return duk_syntax_error(ctx, "%s", err.msg);
		}
	}
	for (size_t i = 0; i < n; i++) {
		xmlNodePtr x = v[i], p;
		switch (kind) {
		case R_PARENT:
			if (elem(x->parent))
				uniq_add(&u, x->parent);
			break;
		case R_PARENTS:
		case R_PARENTS_UNTIL:
			for (p = x->parent; elem(p); p = p->parent) {
				if (has_until && matcher_test(&until, p))
					break;
				uniq_add(&u, p);
			}
			break;
		case R_CHILDREN:
		case R_CONTENTS:
			for (p = x->children; p; p = p->next)
				if (kind == R_CONTENTS || elem(p))
					uniq_add(&u, p);
			break;
		case R_NEXT:
		case R_PREV:
			uniq_add(&u, step(x, kind == R_NEXT));
			break;
		case R_NEXT_ALL:
		case R_NEXT_UNTIL:
		case R_PREV_ALL:
		case R_PREV_UNTIL: {
			bool fwd = kind == R_NEXT_ALL || kind == R_NEXT_UNTIL;
			for (p = step(x, fwd); p; p = step(p, fwd)) {
				if (has_until && matcher_test(&until, p))
					break;
				uniq_add(&u, p);
			}
			break;
		}
		case R_SIBLINGS:
			if (!x->parent)
				break;
			for (p = x->parent->children; p; p = p->next)
				if (p != x && elem(p))
					uniq_add(&u, p);
			break;
		}
	}
	matcher_free(&until);
	for (size_t i = 0; i < u.l.n; i++)
		if (!filter || lg_sel_match(filter, u.l.v[i]))
			lg_nodes_push(&out, u.l.v[i]);
	lg_sel_free(filter);
	uniq_free(&u);
	return ret_list(ctx, 0, &out);
}

/* N.contains(a, b) -> whether b's node is a descendant of a's (not itself). */
static duk_ret_t n_contains(duk_context *ctx)
{
	size_t n, m;
	xmlNodePtr *v = nodes_of(ctx, 0, &n);
	xmlNodePtr *w = nodes_of(ctx, 1, &m);

	duk_push_boolean(ctx, n && m && is_ancestor(v[0], w[0]));
	return 1;
}

/* N.same(a, b) -> whether both have the same first node. */
static duk_ret_t n_same(duk_context *ctx)
{
	size_t n, m;
	xmlNodePtr *v = nodes_of(ctx, 0, &n);
	xmlNodePtr *w;

	if (!is_set(ctx, 1)) {
		duk_push_false(ctx);
		return 1;
	}
	w = nodes_of(ctx, 1, &m);
	duk_push_boolean(ctx, n && m && v[0] == w[0]);
	return 1;
}

/* N.index(s, set) -> position of set's first node in s, or -1. */
static duk_ret_t n_index(duk_context *ctx)
{
	size_t n, m;
	xmlNodePtr *v = nodes_of(ctx, 0, &n);
	xmlNodePtr *w = nodes_of(ctx, 1, &m);

	for (size_t i = 0; m && i < n; i++)
		if (v[i] == w[0]) {
			duk_push_int(ctx, (duk_int_t)i);
			return 1;
		}
	duk_push_int(ctx, -1);
	return 1;
}

/* N.text(s) -> the text of every node, concatenated. */
static duk_ret_t n_text(duk_context *ctx)
{
	size_t n;
	xmlNodePtr *v = nodes_of(ctx, 0, &n);
	struct lg_buf b = { 0 };

	for (size_t i = 0; i < n; i++)
		lg_html_text(v[i], &b);
	duk_push_lstring(ctx, b.data ? b.data : "", b.len);
	lg_buf_free(&b);
	return 1;
}

/* N.html(s, outer) -> the inner (or outer) markup of the first node, or undefined. */
static duk_ret_t n_html(duk_context *ctx)
{
	size_t n;
	xmlNodePtr *v = nodes_of(ctx, 0, &n);
	struct lg_buf b = { 0 };

	if (!n)
		return 0;
	lg_html_markup(v[0], duk_to_boolean(ctx, 1), &b);
	duk_push_lstring(ctx, b.data ? b.data : "", b.len);
	lg_buf_free(&b);
	return 1;
}

/* N.attr(s, name) -> the first node's attribute, or undefined. */
static duk_ret_t n_attr(duk_context *ctx)
{
	size_t n;
	xmlNodePtr *v = nodes_of(ctx, 0, &n);
	const char *a;

	if (!n)
		return 0;
	a = lg_html_attr(v[0], duk_safe_to_string(ctx, 1));
	if (!a)
		return 0;
	duk_push_string(ctx, a);
	return 1;
}

/* N.attrs(s) -> [[name, value], ...] of the first node, in document order. */
static duk_ret_t n_attrs(duk_context *ctx)
{
	size_t n;
	xmlNodePtr *v = nodes_of(ctx, 0, &n);
	duk_uarridx_t k = 0;

	duk_push_array(ctx);
	if (!n || v[0]->type != XML_ELEMENT_NODE)
		return 1;
	for (xmlAttrPtr a = v[0]->properties; a; a = a->next) {
		const char *name = a->name ? (const char *)a->name : "";
		const char *val = lg_html_attr(v[0], name);
		duk_push_array(ctx);
		duk_push_string(ctx, name);
		duk_put_prop_index(ctx, -2, 0);
		duk_push_string(ctx, val ? val : "");
		duk_put_prop_index(ctx, -2, 1);
		duk_put_prop_index(ctx, -2, k++);
	}
	return 1;
}

/* N.node(s) -> {name, type, value} of the first node, or undefined. */
static duk_ret_t n_node(duk_context *ctx)
{
	size_t n;
	xmlNodePtr *v = nodes_of(ctx, 0, &n);
	int type;

	if (!n)
		return 0;
	switch (v[0]->type) {
	case XML_ELEMENT_NODE:
		type = 1;
		break;
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		type = 3;
		break;
	case XML_COMMENT_NODE:
		type = 8;
		break;
	case XML_HTML_DOCUMENT_NODE:
	case XML_DOCUMENT_NODE:
		type = 9;
		break;
	case XML_DTD_NODE:
		type = 10;
		break;
	default:
		type = 0;
		break;
	}
	duk_push_object(ctx);
	duk_push_string(ctx, lg_html_node_name(v[0]));
	duk_put_prop_literal(ctx, -2, "name");
	duk_push_int(ctx, type);
	duk_put_prop_literal(ctx, -2, "type");
	if (type == 3 || type == 8) {
		duk_push_string(ctx, v[0]->content ? (const char *)v[0]->content : "");
		duk_put_prop_literal(ctx, -2, "value");
	}
	return 1;
}

/* N.link(s, kind) -> Element of a node next to the first one (DOM navigation). */
static duk_ret_t n_link(duk_context *ctx)
{
	size_t n;
	xmlNodePtr *v = nodes_of(ctx, 0, &n);
	const char *k = duk_require_string(ctx, 1);
	xmlNodePtr x, r = NULL;

	if (!n)
		return 0;
	x = v[0];
	if (strcmp(k, "firstChild") == 0)
		r = x->type == XML_ELEMENT_NODE || x->type == XML_HTML_DOCUMENT_NODE ? x->children
		                                                                     : NULL;
	else if (strcmp(k, "lastChild") == 0)
		r = x->type == XML_ELEMENT_NODE || x->type == XML_HTML_DOCUMENT_NODE ? x->last
		                                                                     : NULL;
	else if (strcmp(k, "previousSibling") == 0)
		r = x->prev;
	else if (strcmp(k, "nextSibling") == 0)
		r = x->next;
	else if (strcmp(k, "parentNode") == 0)
		r = x->parent;
	else if (strcmp(k, "ownerDocument") == 0)
		r = (xmlNodePtr)x->doc;
	if (!r || r == x)
		return 0;
	push_set(ctx, 0, &r, 1, true);
	return 1;
}

void lg__js_push_html_natives(duk_context *ctx)
{
	static const duk_function_list_entry fns[] = {
		{ "setup", n_setup, 2 }, { "parse", n_parse, 2 }, { "size", n_size, 1 },
		{ "url", n_url, 1 },     { "slice", n_slice, 3 }, { "one", n_one, 3 },
		{ "pick", n_pick, 2 },   { "find", n_find, 2 },   { "filter", n_filter, 3 },
		{ "is", n_is, 2 },       { "has", n_has, 2 },     { "closest", n_closest, 2 },
		{ "add", n_add, 2 },     { "rel", n_rel, 4 },     { "contains", n_contains, 2 },
		{ "same", n_same, 2 },   { "index", n_index, 2 }, { "text", n_text, 1 },
		{ "html", n_html, 2 },   { "attr", n_attr, 2 },   { "attrs", n_attrs, 1 },
		{ "node", n_node, 1 },   { "link", n_link, 2 },   { NULL, NULL, 0 },
	};

	lg_html_init();
	duk_push_object(ctx);
	duk_put_function_list(ctx, -1, fns);
}
