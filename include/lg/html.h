/* SPDX-License-Identifier: Apache-2.0 */
/*
 * html.h - HTML documents (libxml2's HTML parser) and CSS selectors over them,
 * for k6/html (src/js/mod_html.c).
 *
 * Selectors are compiled once (lg_sel_compile) and matched right to left
 * against libxml2's tree; nothing here allocates per match except :contains()
 * (the text of the candidate).  The grammar is in docs/modules/html.md.
 */
#ifndef LG_HTML_H
#define LG_HTML_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "lg/base.h"

/*
 * Longest selector accepted, in bytes; deepest :not()/:is()/:has() nesting;
 * most compounds in one complex selector ("a b > c" has 3).  The last two
 * bound the matcher's recursion (it runs on a VU's coroutine stack).
 */
#define LG_SEL_MAX_LEN 4096
#define LG_SEL_MAX_DEPTH 16
#define LG_SEL_MAX_COMPOUNDS 32

struct lg_sel;

/*
 * Compile a selector list ("ul > li.item:nth-child(2n+1), a[href^='/']").
 * On error returns -LG_ESCRIPT and err says 'invalid selector "SRC": WHAT
 * at position N' (N counts bytes from 1); *out is then NULL.
 */
int lg_sel_compile(const char *src, struct lg_sel **out, struct lg_err *err);
void lg_sel_free(struct lg_sel *s);

/* Whether the element node matches any selector of the list (false for non-elements). */
bool lg_sel_match(const struct lg_sel *s, xmlNodePtr node);

/* A growable list of nodes (the caller frees v with lg_nodes_free). */
struct lg_nodes {
	xmlNodePtr *v;
	size_t n, cap;
};
void lg_nodes_push(struct lg_nodes *l, xmlNodePtr node);
void lg_nodes_free(struct lg_nodes *l);

/*
 * Append to out the element descendants of root (root excluded) that match s,
 * in document order.  Combinators may look above root (as jQuery's find()).
 */
void lg_sel_find(const struct lg_sel *s, xmlNodePtr root, struct lg_nodes *out);

/*
 * Parse an HTML document (UTF-8; the document's own charset declaration is
 * ignored), never failing: bad markup is repaired the way libxml2 does, and
 * an empty or unusable input gives an empty document.  Free with xmlFreeDoc.
 * Call lg_html_init() once first (any thread; it is idempotent).
 */
void lg_html_init(void);
xmlDocPtr lg_html_parse(const char *src, size_t len);

/* Append the concatenated text of node and its descendants (text and CDATA). */
void lg_html_text(xmlNodePtr node, struct lg_buf *out);
/* Append the markup of node's children (innerHTML) or of node itself (outer). */
void lg_html_markup(xmlNodePtr node, bool outer, struct lg_buf *out);
/* The value of attribute name (lower-case) of an element, or NULL; not a copy. */
const char *lg_html_attr(xmlNodePtr node, const char *name);
/* The node's element name ("div"), "#text", "#comment", "#document"... */
const char *lg_html_node_name(xmlNodePtr node);

#endif
