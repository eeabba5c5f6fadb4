/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for the WebSocket codec (src/ws/frame.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lg/ws.h"

static const uint8_t MASK[4] = { 0x37, 0xfa, 0x21, 0x3d };

/* Decode everything in buf (fed in chunks of `step` bytes) into the decoder. */
static int next_after_feed(struct lg_ws_decoder *d, const struct lg_buf *b, size_t step,
                           struct lg_ws_msg *m, const char **why)
{
	size_t off = 0;
	int rc = 0;

	while (off < b->len) {
		size_t n = b->len - off < step ? b->len - off : step;
		lg_ws_decoder_feed(d, b->data + off, n);
		off += n;
		rc = lg_ws_decoder_next(d, m, why);
		if (rc != 0)
			return rc;
	}
	return rc;
}

static void test_accept_key(void **state)
{
	char out[29];

	/* RFC 6455 section 1.3 */
	lg_ws_accept_key("dGhlIHNhbXBsZSBub25jZQ==", out);
	assert_string_equal(out, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

static void test_encode_lengths(void **state)
{
	static const size_t sizes[] = { 0, 5, 125, 126, 65535, 65536, 70000 };
	static const size_t hdr[] = { 2, 2, 2, 4, 4, 10, 10 };

	for (size_t i = 0; i < LG_ARRAY_SIZE(sizes); i++) {
		struct lg_buf b = { 0 };
		uint8_t *p = malloc(sizes[i] + 1);
		for (size_t k = 0; k < sizes[i]; k++)
			p[k] = (uint8_t)(k * 7);
		lg_ws_frame_encode(&b, LG_WS_OP_BINARY, true, p, sizes[i], NULL);
		assert_int_equal(b.len, hdr[i] + sizes[i]);
		assert_int_equal((uint8_t)b.data[0], 0x82);
		assert_int_equal((uint8_t)b.data[1] & 0x80, 0);
		if (sizes[i])
			assert_memory_equal(b.data + hdr[i], p, sizes[i]);
		lg_buf_free(&b);
		/* masked: 4 more header bytes, payload XORed with the mask */
		lg_ws_frame_encode(&b, LG_WS_OP_TEXT, false, p, sizes[i], MASK);
		assert_int_equal(b.len, hdr[i] + 4 + sizes[i]);
		assert_int_equal((uint8_t)b.data[0], 0x01);
		assert_int_equal((uint8_t)b.data[1] & 0x80, 0x80);
		assert_memory_equal(b.data + hdr[i], MASK, 4);
		for (size_t k = 0; k < sizes[i]; k++)
			assert_int_equal((uint8_t)b.data[hdr[i] + 4 + k], p[k] ^ MASK[k % 4]);
		lg_buf_free(&b);
		free(p);
	}
}

static void test_mask_offset(void **state)
{
	uint8_t a[10] = "abcdefghi", b[10] = "abcdefghi";

	lg_ws_mask(a, 9, MASK, 0);
	lg_ws_mask(b, 3, MASK, 0);
	lg_ws_mask(b + 3, 6, MASK, 3); /* continuing where the first call stopped */
	assert_memory_equal(a, b, 9);
	lg_ws_mask(a, 9, MASK, 0);
	assert_memory_equal(a, "abcdefghi", 9);
}

/* Masked client frames decode in server mode, byte by byte and at once. */
static void test_roundtrip(void **state)
{
	static const size_t sizes[] = { 0, 1, 125, 126, 300, 65535, 65536, 100000 };

	for (size_t step = 1; step <= 100001; step += 100000) {
		for (size_t i = 0; i < LG_ARRAY_SIZE(sizes); i++) {
			struct lg_ws_decoder d = { .server = true };
			struct lg_buf b = { 0 };
			struct lg_ws_msg m;
			const char *why = NULL;
			char *p = malloc(sizes[i] + 1);

			memset(p, 'x', sizes[i]);
			lg_ws_frame_encode(&b, LG_WS_OP_TEXT, true, p, sizes[i], MASK);
			assert_int_equal(next_after_feed(&d, &b, step, &m, &why), 1);
			assert_int_equal(m.opcode, LG_WS_OP_TEXT);
			assert_int_equal(m.len, sizes[i]);
			if (sizes[i])
				assert_memory_equal(m.data, p, sizes[i]);
			assert_int_equal(lg_ws_decoder_next(&d, &m, &why), 0);
			lg_buf_free(&b);
			lg_ws_decoder_free(&d);
			free(p);
		}
	}
}

/* Fragments are reassembled; a ping between them is delivered first. */
static void test_fragments(void **state)
{
	struct lg_ws_decoder d = { 0 };
	struct lg_buf b = { 0 };
	struct lg_ws_msg m;
	const char *why = NULL;

	lg_ws_frame_encode(&b, LG_WS_OP_TEXT, false, "one-", 4, NULL);
	lg_ws_frame_encode(&b, LG_WS_OP_PING, true, "mid", 3, NULL);
	/* "é" (C3 A9) split across two fragments */
	lg_ws_frame_encode(&b, LG_WS_OP_CONT, false, "two-\xc3", 5, NULL);
	lg_ws_frame_encode(&b, LG_WS_OP_CONT, true, "\xa9", 1, NULL);
	lg_ws_frame_encode(&b, LG_WS_OP_BINARY, false, "\x01\x02", 2, NULL);
	lg_ws_frame_encode(&b, LG_WS_OP_PONG, true, "", 0, NULL);
	lg_ws_frame_encode(&b, LG_WS_OP_CONT, false, "", 0, NULL);
	lg_ws_frame_encode(&b, LG_WS_OP_CONT, true, "\x03", 1, NULL);
	lg_ws_decoder_feed(&d, b.data, b.len);

	assert_int_equal(lg_ws_decoder_next(&d, &m, &why), 1);
	assert_int_equal(m.opcode, LG_WS_OP_PING);
	assert_int_equal(m.len, 3);
	assert_memory_equal(m.data, "mid", 3);
	assert_int_equal(lg_ws_decoder_next(&d, &m, &why), 1);
	assert_int_equal(m.opcode, LG_WS_OP_TEXT);
	assert_int_equal(m.len, 10);
	assert_memory_equal(m.data, "one-two-\xc3\xa9", 10);
	assert_int_equal(lg_ws_decoder_next(&d, &m, &why), 1);
	assert_int_equal(m.opcode, LG_WS_OP_PONG);
	assert_int_equal(m.len, 0);
	assert_int_equal(lg_ws_decoder_next(&d, &m, &why), 1);
	assert_int_equal(m.opcode, LG_WS_OP_BINARY);
	assert_int_equal(m.len, 3);
	assert_memory_equal(m.data, "\x01\x02\x03", 3);
	assert_int_equal(lg_ws_decoder_next(&d, &m, &why), 0);
	lg_buf_free(&b);
	lg_ws_decoder_free(&d);
}

static void test_close_frames(void **state)
{
	struct lg_ws_decoder d = { 0 };
	struct lg_buf b = { 0 };
	struct lg_ws_msg m;
	const char *why = NULL;

	lg_ws_frame_encode(&b, LG_WS_OP_CLOSE, true,
	                   "\x0f\xa1"
	                   "bye",
	                   5, NULL);
	lg_ws_frame_encode(&b, LG_WS_OP_CLOSE, true, "", 0, NULL);
	lg_ws_decoder_feed(&d, b.data, b.len);
	assert_int_equal(lg_ws_decoder_next(&d, &m, &why), 1);
	assert_int_equal(m.opcode, LG_WS_OP_CLOSE);
	assert_int_equal(m.close_code, 4001);
	assert_string_equal(m.reason, "bye");
	assert_int_equal(lg_ws_decoder_next(&d, &m, &why), 1);
	assert_int_equal(m.close_code, LG_WS_CLOSE_NO_STATUS);
	assert_string_equal(m.reason, "");
	lg_buf_free(&b);
	lg_ws_decoder_free(&d);
}

/* A frame given as raw bytes must be rejected with the close code. */
static void expect_bad(const void *raw, size_t n, bool server, size_t max, int code)
{
	struct lg_ws_decoder d = { .server = server, .max_message = max };
	struct lg_ws_msg m;
	const char *why = NULL;
	int rc;

	lg_ws_decoder_feed(&d, raw, n);
	rc = lg_ws_decoder_next(&d, &m, &why);
	/* a message before the bad frame is fine: look at the next result */
	while (rc == 1)
		rc = lg_ws_decoder_next(&d, &m, &why);
	assert_int_equal(rc, -code);
	assert_non_null(why);
	lg_ws_decoder_free(&d);
}

static void test_bad_frames(void **state)
{
	/* reserved bits */
	expect_bad("\xc1\x00", 2, false, 0, 1002);
	expect_bad("\x91\x00", 2, false, 0, 1002);
	/* unknown opcodes (data 3, control 0xB) */
	expect_bad("\x83\x00", 2, false, 0, 1002);
	expect_bad("\x8b\x00", 2, false, 0, 1002);
	/* fragmented control frame, control frame > 125 bytes */
	expect_bad("\x09\x00", 2, false, 0, 1002);
	expect_bad("\x89\x7e\x00\x7e", 4, false, 0, 1002);
	/* continuation without a message, new message inside a fragmented one */
	expect_bad("\x80\x01x", 3, false, 0, 1002);
	expect_bad("\x01\x01x\x81\x01y", 6, false, 0, 1002);
	/* masking: a client must reject masked frames, a server unmasked ones */
	expect_bad("\x81\x81\x01\x02\x03\x04x", 7, false, 0, 1002);
	expect_bad("\x81\x01x", 3, true, 0, 1002);
	/* non-minimal lengths, 64-bit length with the top bit */
	expect_bad("\x82\x7e\x00\x05", 4, false, 0, 1002);
	expect_bad("\x82\x7f\x00\x00\x00\x00\x00\x00\xff\xff", 10, false, 0, 1002);
	expect_bad("\x82\x7f\x80\x00\x00\x00\x00\x00\x00\x00", 10, false, 0, 1002);
	/* too big: one frame, or fragments adding up */
	expect_bad("\x82\x0bhello world", 13, false, 10, 1009);
	expect_bad("\x02\x06hello \x80\x05world", 15, false, 10, 1009);
	/* close frames: one byte, invalid codes, reason not UTF-8 */
	expect_bad("\x88\x01\x03", 3, false, 0, 1002);
	expect_bad("\x88\x02\x03\xed", 4, false, 0, 1002); /* 1005 */
	expect_bad("\x88\x02\x03\xe7", 4, false, 0, 1002); /* 999 */
	expect_bad("\x88\x02\x07\xd0", 4, false, 0, 1002); /* 2000 */
	expect_bad("\x88\x03\x03\xe8\xff", 5, false, 0, 1007);
	/* text not UTF-8: whole, or only once reassembled */
	expect_bad("\x81\x02\xc3\x28", 4, false, 0, 1007);
	expect_bad("\x01\x01\xc3\x80\x01\x28", 6, false, 0, 1007);
}

static void test_incomplete(void **state)
{
	struct lg_ws_decoder d = { 0 };
	struct lg_ws_msg m;
	const char *why = NULL;

	/* header split in every way, then the payload trickling in */
	lg_ws_decoder_feed(&d, "\x81", 1);
	assert_int_equal(lg_ws_decoder_next(&d, &m, &why), 0);
	lg_ws_decoder_feed(&d, "\x7e\x00", 2);
	assert_int_equal(lg_ws_decoder_next(&d, &m, &why), 0);
	lg_ws_decoder_feed(&d, "\x80", 1);
	for (int i = 0; i < 128; i++) {
		assert_int_equal(lg_ws_decoder_next(&d, &m, &why), 0);
		lg_ws_decoder_feed(&d, "a", 1);
	}
	assert_int_equal(lg_ws_decoder_next(&d, &m, &why), 1);
	assert_int_equal(m.len, 128);
	lg_ws_decoder_free(&d);
}

static void test_utf8(void **state)
{
	static const struct {
		const char *s;
		size_t n;
		bool ok;
	} cases[] = {
		{ "", 0, true },
		{ "hello", 5, true },
		{ "\xc2\x80", 2, true },         /* U+0080 */
		{ "\xdf\xbf", 2, true },         /* U+07FF */
		{ "\xe0\xa0\x80", 3, true },     /* U+0800 */
		{ "\xef\xbf\xbf", 3, true },     /* U+FFFF */
		{ "\xed\x9f\xbf", 3, true },     /* U+D7FF */
		{ "\xee\x80\x80", 3, true },     /* U+E000 */
		{ "\xf0\x90\x80\x80", 4, true }, /* U+10000 */
		{ "\xf4\x8f\xbf\xbf", 4, true }, /* U+10FFFF */
		{ "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5", 11, true },
		{ "a\0b", 3, true },  /* NUL is valid */
		{ "\x80", 1, false }, /* lone continuation */
		{ "\xbf", 1, false },
		{ "\xc0\x80", 2, false },         /* overlong NUL */
		{ "\xc1\xbf", 2, false },         /* overlong */
		{ "\xe0\x80\x80", 3, false },     /* overlong */
		{ "\xe0\x9f\xbf", 3, false },     /* overlong U+07FF */
		{ "\xf0\x80\x80\x80", 4, false }, /* overlong */
		{ "\xf0\x8f\xbf\xbf", 4, false }, /* overlong U+FFFF */
		{ "\xed\xa0\x80", 3, false },     /* U+D800 surrogate */
		{ "\xed\xbf\xbf", 3, false },     /* U+DFFF surrogate */
		{ "\xf4\x90\x80\x80", 4, false }, /* U+110000 */
		{ "\xf5\x80\x80\x80", 4, false },
		{ "\xff", 1, false },
		{ "\xe2\x82", 2, false }, /* truncated */
		{ "\xc3", 1, false },
		{ "\xc3\x28", 2, false }, /* bad continuation */
		{ "\xe2\x28\xa1", 3, false },
		{ "ok\xf0\x9f\x98", 5, false }, /* truncated emoji at the end */
	};

	for (size_t i = 0; i < LG_ARRAY_SIZE(cases); i++) {
		if (lg_ws_utf8_valid((const uint8_t *)cases[i].s, cases[i].n) != cases[i].ok)
			fail_msg("case %zu: expected %s", i, cases[i].ok ? "valid" : "invalid");
	}
}

static void test_close_codes(void **state)
{
	static const int good[] = { 1000, 1001, 1002, 1003, 1007, 1008, 1009,
		                    1010, 1011, 1012, 1013, 1014, 3000, 4999 };
	static const int bad[] = { 0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535 };

	for (size_t i = 0; i < LG_ARRAY_SIZE(good); i++)
		assert_true(lg_ws_close_code_valid(good[i]));
	for (size_t i = 0; i < LG_ARRAY_SIZE(bad); i++)
		assert_false(lg_ws_close_code_valid(bad[i]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accept_key),  cmocka_unit_test(test_encode_lengths),
		cmocka_unit_test(test_mask_offset), cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_fragments),   cmocka_unit_test(test_close_frames),
		cmocka_unit_test(test_bad_frames),  cmocka_unit_test(test_incomplete),
		cmocka_unit_test(test_utf8),        cmocka_unit_test(test_close_codes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
