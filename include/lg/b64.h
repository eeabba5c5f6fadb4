/* SPDX-License-Identifier: Apache-2.0 */
/*
 * b64.h - base64 (RFC 4648) in the four flavours Go and k6 name: std, rawstd
 * (no padding), url (the URL-safe alphabet "-_"), rawurl.  Pure functions,
 * thread-safe, no allocation: the caller sizes the output with the *_len
 * helpers.
 */
#ifndef LG_B64_H
#define LG_B64_H

#include <stdbool.h>
#include <stddef.h>

enum lg_b64 {
	LG_B64_STD,    /* "+/", padded with '=' */
	LG_B64_RAWSTD, /* "+/", no padding */
	LG_B64_URL,    /* "-_", padded */
	LG_B64_RAWURL, /* "-_", no padding */
};

/* The variant named by k6's encoding argument; false for any other name. */
bool lg_b64_variant(const char *name, enum lg_b64 *out);

/* Length of the encoding of n bytes (without a terminating NUL). */
size_t lg_b64_encoded_len(size_t n, enum lg_b64 v);

/*
 * Encode n bytes of src into dst, which has room for lg_b64_encoded_len(n, v)
 * + 1 bytes; dst is NUL-terminated.  Returns the length written (without the
 * NUL).
 */
size_t lg_b64_encode(const void *src, size_t n, char *dst, enum lg_b64 v);

/* An upper bound of the decoded length of n characters. */
size_t lg_b64_decoded_max(size_t n);

/*
 * Decode n characters of src into dst (room for lg_b64_decoded_max(n) bytes)
 * as Go's encoding/base64 does (non-strict): '\r' and '\n' are skipped
 * anywhere; padded variants need the input padded to a multiple of four and
 * nothing but newlines after the padding; raw variants reject '='.  Unused
 * trailing bits are ignored.  Returns 0 and *out_len, or -1 and *bad_at, the
 * offset of the offending input byte (n when input is missing), which is
 * Go's "illegal base64 data at input byte N".
 */
int lg_b64_decode(const char *src, size_t n, void *dst, size_t *out_len, enum lg_b64 v,
                  size_t *bad_at);

#endif
