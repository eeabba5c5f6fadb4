/* SPDX-License-Identifier: Apache-2.0 */
/*
 * b64.c - base64 (RFC 4648 sections 4 and 5) with and without padding, with
 * Go's decoding rules, which are what k6 scripts see (lg/b64.h).
 */
#include <string.h>

#include "lg/b64.h"

static const char std_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char url_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static bool is_url(enum lg_b64 v)
{
	return v == LG_B64_URL || v == LG_B64_RAWURL;
}

static bool is_padded(enum lg_b64 v)
{
	return v == LG_B64_STD || v == LG_B64_URL;
}

bool lg_b64_variant(const char *name, enum lg_b64 *out)
{
	static const struct {
		const char *name;
		enum lg_b64 v;
	} names[] = {
		{ "std", LG_B64_STD },
		{ "rawstd", LG_B64_RAWSTD },
		{ "url", LG_B64_URL },
		{ "rawurl", LG_B64_RAWURL },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(names[i].name, name) == 0) {
			*out = names[i].v;
			return true;
		}
	}
	return false;
}

size_t lg_b64_encoded_len(size_t n, enum lg_b64 v)
{
	if (is_padded(v))
		return (n + 2) / 3 * 4;
	return n / 3 * 4 + (n % 3 ? n % 3 + 1 : 0);
}

size_t lg_b64_encode(const void *src, size_t n, char *dst, enum lg_b64 v)
{
	const unsigned char *s = src;
	const char *a = is_url(v) ? url_alphabet : std_alphabet;
	size_t i = 0, o = 0;

	for (; i + 3 <= n; i += 3) {
		unsigned w = (unsigned)s[i] << 16 | (unsigned)s[i + 1] << 8 | s[i + 2];
		dst[o++] = a[w >> 18];
		dst[o++] = a[(w >> 12) & 63];
		dst[o++] = a[(w >> 6) & 63];
		dst[o++] = a[w & 63];
	}
	if (i < n) {
		unsigned w = (unsigned)s[i] << 16 | (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0);
		dst[o++] = a[w >> 18];
		dst[o++] = a[(w >> 12) & 63];
		if (i + 1 < n)
			dst[o++] = a[(w >> 6) & 63];
		else if (is_padded(v))
			dst[o++] = '=';
		if (is_padded(v))
			dst[o++] = '=';
	}
	dst[o] = '\0';
	return o;
}

size_t lg_b64_decoded_max(size_t n)
{
	return n / 4 * 3 + 3;
}

/* The 6-bit value of c in the variant's alphabet, or -1. */
static int value_of(unsigned char c, bool url)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == (url ? '-' : '+'))
		return 62;
	if (c == (url ? '_' : '/'))
		return 63;
	return -1;
}

static bool is_newline(char c)
{
	return c == '\n' || c == '\r';
}

/* Write the j (2..4) values of a quantum as j - 1 bytes. */
static size_t put_quantum(const int *q, int j, unsigned char *out)
{
	unsigned w = (unsigned)q[0] << 18 | (unsigned)q[1] << 12 |
	             (j > 2 ? (unsigned)q[2] << 6 : 0) | (j > 3 ? (unsigned)q[3] : 0);

	out[0] = (unsigned char)(w >> 16);
	if (j > 2)
		out[1] = (unsigned char)(w >> 8);
	if (j > 3)
		out[2] = (unsigned char)w;
	return (size_t)(j - 1);
}

int lg_b64_decode(const char *src, size_t n, void *dst, size_t *out_len, enum lg_b64 v,
                  size_t *bad_at)
{
	unsigned char *out = dst;
	bool url = is_url(v), padded = is_padded(v);
	size_t si = 0, o = 0;

	for (;;) {
		int q[4], j = 0;

		while (j < 4) {
			char c;
			int d;

			if (si == n) {
				if (j == 0)
					goto done;
				if (j == 1 || padded) {
					*bad_at = si - (size_t)j;
					return -1;
				}
				o += put_quantum(q, j, out + o);
				goto done;
			}
			c = src[si++];
			d = value_of((unsigned char)c, url);
			if (d >= 0) {
				q[j++] = d;
				continue;
			}
			if (is_newline(c))
				continue;
			if (!padded || c != '=' || j < 2) {
				*bad_at = si - 1;
				return -1;
			}
			/* padding: "==" after two values, "=" after three */
			if (j == 2) {
				while (si < n && is_newline(src[si]))
					si++;
				if (si == n) {
					*bad_at = n;
					return -1;
				}
				if (src[si] != '=') {
					*bad_at = si - 1;
					return -1;
				}
				si++;
			}
			while (si < n && is_newline(src[si]))
				si++;
			if (si < n) {
				*bad_at = si;
				return -1;
			}
			o += put_quantum(q, j, out + o);
			goto done;
		}
		o += put_quantum(q, 4, out + o);
	}
done:
	*out_len = o;
	return 0;
}
