/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mod_encoding.c - k6/encoding (b64encode, b64decode) and the byte helpers the
 * other binary-minded natives share (js_int.h): the bytes of a string or an
 * ArrayBuffer, strings from UTF-8, ArrayBuffers from bytes.
 *
 * Strings: Duktape keeps a string as CESU-8 (a non-BMP character from the
 * source is a surrogate pair, three bytes each), Go and k6 use UTF-8.  So the
 * bytes of a string are its UTF-8 (pairs joined, lone surrogates U+FFFD), and
 * a string made from bytes gets pairs for 4-byte sequences and U+FFFD for
 * invalid ones, as k6's runtime does.
 */
#include <string.h>

#include "js_int.h"
#include "lg/b64.h"

/* The code point of the 3-byte sequence at p if it is a surrogate (ED A0..BF xx), else 0. */
static unsigned surrogate_at(const unsigned char *p, size_t left)
{
	if (left < 3 || p[0] != 0xED || (p[1] & 0xE0) != 0xA0 || (p[2] & 0xC0) != 0x80)
		return 0;
	return 0xD000u | (unsigned)(p[1] & 0x3F) << 6 | (p[2] & 0x3Fu);
}

/* CESU-8 -> UTF-8: surrogate pairs joined, lone surrogates replaced by U+FFFD. */
static void cesu_to_utf8(const unsigned char *s, size_t n, struct lg_buf *out)
{
	size_t i = 0;

	while (i < n) {
		unsigned hi = surrogate_at(s + i, n - i), lo;

		if (!hi) {
			lg_buf_putc(out, (char)s[i++]);
			continue;
		}
		lo = hi < 0xDC00 ? surrogate_at(s + i + 3, n - i - 3) : 0;
		if (lo >= 0xDC00) {
			lg_buf_put_utf8(out, 0x10000u + ((hi - 0xD800u) << 10) + (lo - 0xDC00u));
			i += 6;
		} else {
			lg_buf_put_utf8(out, 0xFFFD);
			i += 3;
		}
	}
}

const void *lg__js_bytes(duk_context *ctx, duk_idx_t idx, size_t *len, const char *what)
{
	idx = duk_normalize_index(ctx, idx);
	if (duk_is_string(ctx, idx)) {
		duk_size_t n;
		const unsigned char *s = (const unsigned char *)duk_get_lstring(ctx, idx, &n);
		bool plain = true;

		for (duk_size_t i = 0; i < n && plain; i++)
			plain = s[i] != 0xED || !surrogate_at(s + i, n - i);
		if (!plain) {
			struct lg_buf b = { 0 };
			void *p;
			cesu_to_utf8(s, n, &b);
			p = duk_push_fixed_buffer(ctx, b.len);
			if (b.len)
				memcpy(p, b.data, b.len);
			lg_buf_free(&b);
			duk_replace(ctx, idx);
			return duk_get_buffer(ctx, idx, len);
		}
		*len = n;
		return s;
	}
	if (duk_is_buffer_data(ctx, idx)) {
		duk_size_t n = 0;
		const void *p = duk_get_buffer_data(ctx, idx, &n);
		*len = n;
		return p ? p : "";
	}
	(void)duk_type_error(ctx, "%s must be a string or an ArrayBuffer, got %s", what,
	                     duk_is_null_or_undefined(ctx, idx) ? duk_safe_to_string(ctx, idx)
	                                                        : "another type");
	return NULL;
}

/* The length of the valid UTF-8 sequence at s (1..4), or 0; *cp gets its code point. */
static size_t utf8_seq(const unsigned char *s, size_t left, unsigned *cp)
{
	unsigned c = s[0], lo = 0x80, hi = 0xBF;
	size_t n;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4;
	else
		return 0;
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F; /* no surrogates */
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	if (left < n || s[1] < lo || s[1] > hi)
		return 0;
	*cp = c & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
	for (size_t k = 1; k < n; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return 0;
		*cp = *cp << 6 | (s[k] & 0x3Fu);
	}
	return n;
}

void lg__js_push_utf8(duk_context *ctx, const void *data, size_t len)
{
	const unsigned char *s = data;
	struct lg_buf b = { 0 };
	size_t i = 0;
	bool plain = true;

	for (size_t k = 0; k < len && plain; k++)
		plain = s[k] < 0x80;
	if (plain) {
		duk_push_lstring(ctx, data, len);
		return;
	}
	while (i < len) {
		unsigned cp = 0;
		size_t n = utf8_seq(s + i, len - i, &cp);

		if (n == 0) {
			lg_buf_put_utf8(&b, 0xFFFD);
			i++;
		} else if (n == 4) {
			/* as a surrogate pair, three bytes each (CESU-8) */
			cp -= 0x10000;
			lg_buf_put_utf8(&b, 0xD800 + (cp >> 10));
			lg_buf_put_utf8(&b, 0xDC00 + (cp & 0x3FF));
			i += 4;
		} else {
			lg_buf_append(&b, s + i, n);
			i += n;
		}
	}
	duk_push_lstring(ctx, b.data ? b.data : "", b.len);
	lg_buf_free(&b);
}

void lg__js_push_arraybuffer(duk_context *ctx, const void *data, size_t len)
{
	void *p = duk_push_fixed_buffer(ctx, len);

	if (len)
		memcpy(p, data, len);
	duk_push_buffer_object(ctx, -1, 0, len, DUK_BUFOBJ_ARRAYBUFFER);
	duk_remove(ctx, -2);
}

/* The variant named by the argument at idx: undefined means std, and so does an
 * unknown name (as in k6). */
static enum lg_b64 variant_arg(duk_context *ctx, duk_idx_t idx)
{
	enum lg_b64 v = LG_B64_STD;

	if (duk_is_string(ctx, idx))
		(void)lg_b64_variant(duk_get_string(ctx, idx), &v);
	return v;
}

/* b64encode(input, [encoding]) -> string */
static duk_ret_t n_b64encode(duk_context *ctx)
{
	size_t n;
	const void *in = lg__js_bytes(ctx, 0, &n, "b64encode: the input");
	enum lg_b64 v = variant_arg(ctx, 1);
	size_t olen = lg_b64_encoded_len(n, v);
	char *out = duk_push_fixed_buffer(ctx, olen + 1);

	lg_b64_encode(in, n, out, v);
	duk_push_lstring(ctx, out, olen);
	return 1;
}

/* b64decode(input, [encoding], [format]) -> ArrayBuffer, or a string with format "s" */
static duk_ret_t n_b64decode(duk_context *ctx)
{
	size_t n, olen = 0, bad = 0;
	const char *in = lg__js_bytes(ctx, 0, &n, "b64decode: the input");
	enum lg_b64 v = variant_arg(ctx, 1);
	void *out = duk_push_fixed_buffer(ctx, lg_b64_decoded_max(n));
	bool as_string = duk_is_string(ctx, 2) && strcmp(duk_get_string(ctx, 2), "s") == 0;

	if (lg_b64_decode(in, n, out, &olen, v, &bad) < 0)
		return duk_error(
		    ctx, DUK_ERR_ERROR,
		    "b64decode: illegal base64 data at input byte %zu (encoding \"%s\")", bad,
		    duk_is_string(ctx, 1) ? duk_get_string(ctx, 1) : "std");
	if (as_string)
		lg__js_push_utf8(ctx, out, olen);
	else
		lg__js_push_arraybuffer(ctx, out, olen);
	return 1;
}

void lg__js_encoding_natives(duk_context *ctx)
{
	static const duk_function_list_entry natives[] = {
		{ "b64encode", n_b64encode, 2 },
		{ "b64decode", n_b64decode, 3 },
		{ NULL, NULL, 0 },
	};

	duk_push_object(ctx);
	lg__js_put_lightfuncs(ctx, natives);
}
