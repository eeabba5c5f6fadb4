/* SPDX-License-Identifier: Apache-2.0 */
/*
 * html.c - documents from libxml2's HTML parser: parsing, text, markup.
 *
 * DESIGN
 *   Input is always UTF-8 (the body as JavaScript saw it), so the document's
 *   own <meta charset> is ignored (HTML_PARSE_IGNORE_ENC) and no iconv is
 *   needed (the static build has none).  Parse errors are repaired silently
 *   (HTML_PARSE_RECOVER, no error output); no default DOCTYPE is invented and
 *   nothing is fetched (HTML_PARSE_NONET).  Markup is libxml2's HTML
 *   serialiser without added formatting.
 */
#include <pthread.h>
#include <string.h>

#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <libxml/xmlsave.h>

#include "lg/html.h"

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init(void)
{
	xmlInitParser();
}

void lg_html_init(void)
{
	pthread_once(&init_once, init);
}

xmlDocPtr lg_html_parse(const char *src, size_t len)
{
	const int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	                 HTML_PARSE_NONET | HTML_PARSE_NODEFDTD | HTML_PARSE_IGNORE_ENC;
	xmlDocPtr doc = NULL;

	lg_html_init();
	if (len > 0 && len <= (size_t)0x7fffffff)
		doc = htmlReadMemory(src, (int)len, NULL, "UTF-8", opts);
	if (!doc)
		doc = htmlNewDocNoDtD(NULL, NULL);
	lg_require(doc != NULL);
	return doc;
}

void lg_html_text(xmlNodePtr node, struct lg_buf *out)
{
	xmlNodePtr n;

	lg_buf_puts(out, "");
	if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
		if (node->content)
			lg_buf_puts(out, (const char *)node->content);
		return;
	}
	if (node->type != XML_ELEMENT_NODE && node->type != XML_HTML_DOCUMENT_NODE &&
	    node->type != XML_DOCUMENT_NODE)
		return;
	n = node->children;
	while (n && n != node) {
		if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content)
			lg_buf_puts(out, (const char *)n->content);
		if (n->children && n->type == XML_ELEMENT_NODE) {
			n = n->children;
			continue;
		}
		while (n && n != node && !n->next)
			n = n->parent;
		if (n && n != node)
			n = n->next;
	}
}

static void dump(xmlNodePtr node, struct lg_buf *out)
{
	xmlOutputBufferPtr ob = xmlAllocOutputBuffer(NULL);

	lg_require(ob != NULL);
	if (node->type == XML_DTD_NODE) {
		/* the HTML serialiser writes no DOCTYPE on its own node */
		xmlDtdPtr d = (xmlDtdPtr)node;
		lg_buf_printf(out, "<!DOCTYPE %s>", d->name ? (const char *)d->name : "html");
	} else {
		htmlNodeDumpFormatOutput(ob, node->doc, node, "UTF-8", 0);
		xmlOutputBufferFlush(ob);
		lg_buf_append(out, xmlOutputBufferGetContent(ob), xmlOutputBufferGetSize(ob));
	}
	xmlOutputBufferClose(ob);
}

void lg_html_markup(xmlNodePtr node, bool outer, struct lg_buf *out)
{
	lg_buf_puts(out, "");
	if (outer) {
		dump(node, out);
		return;
	}
	if (node->type != XML_ELEMENT_NODE && node->type != XML_HTML_DOCUMENT_NODE &&
	    node->type != XML_DOCUMENT_NODE)
		return;
	for (xmlNodePtr c = node->children; c; c = c->next)
		dump(c, out);
}

const char *lg_html_node_name(xmlNodePtr node)
{
	switch (node->type) {
	case XML_ELEMENT_NODE:
		return node->name ? (const char *)node->name : "";
	case XML_TEXT_NODE:
		return "#text";
	case XML_CDATA_SECTION_NODE:
		return "#text";
	case XML_COMMENT_NODE:
		return "#comment";
	case XML_HTML_DOCUMENT_NODE:
	case XML_DOCUMENT_NODE:
		return "#document";
	case XML_DTD_NODE:
		return "html";
	default:
		return "";
	}
}
