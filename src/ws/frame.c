/* SPDX-License-Identifier: Apache-2.0 */
/*
 * frame.c - the RFC 6455 codec: frame encoding, the incremental decoder
 * (reassembly of fragments, control frames between fragments), UTF-8 and
 * close-code validation, the Sec-WebSocket-Accept computation.
 */
#include <string.h>

#include <openssl/evp.h>

#include "lg/ws.h"

#define WS_GUID "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

void lg_ws_mask(uint8_t *p, size_t n, const uint8_t mask[4], size_t offset)
{
	for (size_t i = 0; i < n; i++)
		p[i] ^= mask[(i + offset) & 3];
}

void lg_ws_frame_encode(struct lg_buf *out, int opcode, bool fin, const void *payload, size_t n,
                        const uint8_t *mask)
{
	uint8_t h[14];
	size_t hl = 2;
	size_t start;

	h[0] = (uint8_t)((fin ? 0x80 : 0) | (opcode & 0x0F));
	if (n < 126) {
		h[1] = (uint8_t)n;
	} else if (n <= 0xFFFF) {
		h[1] = 126;
		h[2] = (uint8_t)(n >> 8);
		h[3] = (uint8_t)n;
		hl = 4;
	} else {
		h[1] = 127;
		for (int i = 0; i < 8; i++)
			h[2 + i] = (uint8_t)((uint64_t)n >> (56 - 8 * i));
		hl = 10;
	}
	if (mask) {
		h[1] |= 0x80;
		memcpy(h + hl, mask, 4);
		hl += 4;
	}
	lg_require(lg_buf_append(out, h, hl) == 0);
	start = out->len;
	if (n)
		lg_require(lg_buf_append(out, payload, n) == 0);
	if (mask)
		lg_ws_mask((uint8_t *)out->data + start, n, mask, 0);
}

bool lg_ws_utf8_valid(const uint8_t *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint8_t c = p[i];
		size_t need;
		uint32_t cp, min;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			need = 1;
			cp = c & 0x1F;
			min = 0x80;
		} else if (c >= 0xE0 && c <= 0xEF) {
			need = 2;
			cp = c & 0x0F;
			min = 0x800;
		} else if (c >= 0xF0 && c <= 0xF4) {
			need = 3;
			cp = c & 0x07;
			min = 0x10000;
		} else {
			return false; /* continuation byte, overlong lead C0/C1, F5.. */
		}
		if (n - i <= need)
			return false;
		for (size_t k = 1; k <= need; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += need + 1;
	}
	return true;
}

bool lg_ws_close_code_valid(int code)
{
	if (code >= 3000 && code <= 4999)
		return true;
	if (code < 1000 || code > 1014)
		return false;
	return code != 1004 && code != 1005 && code != 1006;
}

void lg_ws_accept_key(const char *key, char out[29])
{
	unsigned char sha[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	EVP_MD_CTX *c = EVP_MD_CTX_new();

	lg_require(c != NULL);
	lg_require(EVP_DigestInit_ex(c, EVP_sha1(), NULL) == 1);
	EVP_DigestUpdate(c, key, strlen(key));
	EVP_DigestUpdate(c, WS_GUID, sizeof(WS_GUID) - 1);
	EVP_DigestFinal_ex(c, sha, &n);
	EVP_MD_CTX_free(c);
	lg_require(n == 20);
	EVP_EncodeBlock((unsigned char *)out, sha, (int)n); /* 28 chars + NUL */
}

/* ---- decoder ----------------------------------------------------------- */

void lg_ws_decoder_feed(struct lg_ws_decoder *d, const void *p, size_t n)
{
	/* Drop the consumed prefix once it dominates, so the buffer stays small. */
	if (d->pos > 0 && (d->pos == d->in.len || d->pos > 65536)) {
		memmove(d->in.data, d->in.data + d->pos, d->in.len - d->pos);
		d->in.len -= d->pos;
		d->pos = 0;
	}
	lg_require(lg_buf_append(&d->in, p, n) == 0);
}

void lg_ws_decoder_free(struct lg_ws_decoder *d)
{
	lg_buf_free(&d->in);
	lg_buf_free(&d->msg);
	lg_buf_free(&d->ctl);
	d->pos = 0;
	d->msg_opcode = 0;
}

struct hdr {
	bool fin;
	int opcode;
	bool masked;
	uint8_t mask[4];
	uint64_t len;
	size_t hl;
};

/* 1 with *h, 0 need more bytes, <0 protocol error. */
static int parse_header(const uint8_t *p, size_t n, struct hdr *h, const char **why)
{
	size_t hl = 2;

	if (n < 2)
		return 0;
	h->fin = (p[0] & 0x80) != 0;
	h->opcode = p[0] & 0x0F;
	h->masked = (p[1] & 0x80) != 0;
	h->len = p[1] & 0x7F;
	if (p[0] & 0x70) {
		*why = "reserved bits set without a negotiated extension";
		return -LG_WS_CLOSE_PROTOCOL;
	}
	if (h->len == 126) {
		if (n < 4)
			return 0;
		h->len = ((uint64_t)p[2] << 8) | p[3];
		hl = 4;
		if (h->len < 126) {
			*why = "non-minimal payload length";
			return -LG_WS_CLOSE_PROTOCOL;
		}
	} else if (h->len == 127) {
		if (n < 10)
			return 0;
		h->len = 0;
		for (int i = 0; i < 8; i++)
			h->len = (h->len << 8) | p[2 + i];
		hl = 10;
		if (h->len >> 63) {
			*why = "payload length with the most significant bit set";
			return -LG_WS_CLOSE_PROTOCOL;
		}
		if (h->len <= 0xFFFF) {
			*why = "non-minimal payload length";
			return -LG_WS_CLOSE_PROTOCOL;
		}
	}
	if (h->masked) {
		if (n < hl + 4)
			return 0;
		memcpy(h->mask, p + hl, 4);
		hl += 4;
	}
	h->hl = hl;
	return 1;
}

static int check_frame(const struct lg_ws_decoder *d, const struct hdr *h, size_t max,
                       const char **why)
{
	switch (h->opcode) {
	case LG_WS_OP_CLOSE:
	case LG_WS_OP_PING:
	case LG_WS_OP_PONG:
		if (!h->fin) {
			*why = "fragmented control frame";
			return -LG_WS_CLOSE_PROTOCOL;
		}
		if (h->len > 125) {
			*why = "control frame payload longer than 125 bytes";
			return -LG_WS_CLOSE_PROTOCOL;
		}
		break;
	case LG_WS_OP_CONT:
		if (!d->msg_opcode) {
			*why = "continuation frame without a message to continue";
			return -LG_WS_CLOSE_PROTOCOL;
		}
		if (h->len > max - d->msg.len) {
			*why = "message larger than the maximum message size";
			return -LG_WS_CLOSE_TOO_BIG;
		}
		break;
	case LG_WS_OP_TEXT:
	case LG_WS_OP_BINARY:
		if (d->msg_opcode) {
			*why = "new data frame while a fragmented message is incomplete";
			return -LG_WS_CLOSE_PROTOCOL;
		}
		if (h->len > max) {
			*why = "message larger than the maximum message size";
			return -LG_WS_CLOSE_TOO_BIG;
		}
		break;
	default:
		*why = "unknown opcode";
		return -LG_WS_CLOSE_PROTOCOL;
	}
	if (d->server != h->masked) {
		*why = d->server ? "unmasked client frame" : "masked server frame";
		return -LG_WS_CLOSE_PROTOCOL;
	}
	return 0;
}

/* A control frame's payload, copied (NUL-terminated) into d->ctl. */
static int control(struct lg_ws_decoder *d, int opcode, uint8_t *p, size_t n, struct lg_ws_msg *m,
                   const char **why)
{
	lg_buf_reset(&d->ctl);
	lg_require(lg_buf_append(&d->ctl, p, n) == 0 && lg_buf_putc(&d->ctl, '\0') == 0);
	d->ctl.len = n;
	memset(m, 0, sizeof(*m));
	m->opcode = opcode;
	m->data = (const uint8_t *)d->ctl.data;
	m->len = n;
	if (opcode != LG_WS_OP_CLOSE)
		return 1;
	m->close_code = LG_WS_CLOSE_NO_STATUS;
	m->reason = "";
	if (n == 1) {
		*why = "close frame with a one-byte payload";
		return -LG_WS_CLOSE_PROTOCOL;
	}
	if (n >= 2) {
		m->close_code = (p[0] << 8) | p[1];
		m->reason = d->ctl.data + 2;
		if (!lg_ws_close_code_valid(m->close_code)) {
			*why = "invalid close code";
			return -LG_WS_CLOSE_PROTOCOL;
		}
		if (!lg_ws_utf8_valid(p + 2, n - 2)) {
			*why = "invalid UTF-8 in the close reason";
			return -LG_WS_CLOSE_BAD_DATA;
		}
	}
	return 1;
}

int lg_ws_decoder_next(struct lg_ws_decoder *d, struct lg_ws_msg *m, const char **why)
{
	size_t max = d->max_message ? d->max_message : LG_WS_DEFAULT_MAX_MESSAGE;

	/* Each round consumes one frame; a message needs at most as many rounds
	 * as there are frames in the buffer, so the loop ends with the bytes. */
	while (d->pos < d->in.len) {
		uint8_t *p = (uint8_t *)d->in.data + d->pos;
		size_t avail = d->in.len - d->pos;
		struct hdr h;
		int rc = parse_header(p, avail, &h, why);

		if (rc <= 0)
			return rc;
		rc = check_frame(d, &h, max, why);
		if (rc < 0)
			return rc;
		if (avail - h.hl < h.len)
			return 0;
		p += h.hl;
		d->pos += h.hl + (size_t)h.len;
		if (h.masked)
			lg_ws_mask(p, (size_t)h.len, h.mask, 0);
		if (h.opcode >= LG_WS_OP_CLOSE)
			return control(d, h.opcode, p, (size_t)h.len, m, why);
		if (h.opcode != LG_WS_OP_CONT && h.fin) {
			/* an unfragmented message: hand out the bytes in place */
			if (h.opcode == LG_WS_OP_TEXT && !lg_ws_utf8_valid(p, (size_t)h.len)) {
				*why = "invalid UTF-8 in a text message";
				return -LG_WS_CLOSE_BAD_DATA;
			}
			memset(m, 0, sizeof(*m));
			m->opcode = h.opcode;
			m->data = p;
			m->len = (size_t)h.len;
			return 1;
		}
		if (h.opcode != LG_WS_OP_CONT) {
			d->msg_opcode = h.opcode;
			lg_buf_reset(&d->msg);
		}
		if (h.len)
			lg_require(lg_buf_append(&d->msg, p, (size_t)h.len) == 0);
		if (!h.fin)
			continue;
		memset(m, 0, sizeof(*m));
		m->opcode = d->msg_opcode;
		m->data = (const uint8_t *)d->msg.data;
		m->len = d->msg.len;
		d->msg_opcode = 0;
		if (m->opcode == LG_WS_OP_TEXT && !lg_ws_utf8_valid(m->data, m->len)) {
			*why = "invalid UTF-8 in a text message";
			return -LG_WS_CLOSE_BAD_DATA;
		}
		if (!m->data)
			m->data = (const uint8_t *)"";
		return 1;
	}
	return 0;
}
