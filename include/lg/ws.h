/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ws.h - a WebSocket client (RFC 6455) on a worker's event loop.
 *
 * Two layers:
 *   codec       frames (encode with a mask, parse headers), a decoder that
 *               reassembles fragmented messages and validates what the
 *               protocol demands (reserved bits, control frame rules, UTF-8
 *               of text messages and close reasons, a size cap).  Pure: no
 *               I/O, so unit tests drive it byte by byte.
 *   connection  a non-blocking client bound to one struct lg_loop: TCP
 *               connect, TLS for wss:// (OpenSSL, verified against the CA
 *               file the HTTP client uses), the HTTP/1.1 upgrade handshake,
 *               then frames.  Every outcome is an event delivered from the
 *               loop (never from inside an lg_ws_* call).
 *
 * Thread affinity: a connection belongs to its loop's thread.  The codec is
 * thread-agnostic.
 */
#ifndef LG_WS_H
#define LG_WS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lg/base.h"
#include "lg/loop.h"

/* ---- codec ------------------------------------------------------------- */

enum lg_ws_opcode {
	LG_WS_OP_CONT = 0x0,
	LG_WS_OP_TEXT = 0x1,
	LG_WS_OP_BINARY = 0x2,
	LG_WS_OP_CLOSE = 0x8,
	LG_WS_OP_PING = 0x9,
	LG_WS_OP_PONG = 0xA,
};

/* Close codes of RFC 6455 section 7.4.1 that loadgate sends or reports. */
enum lg_ws_close_code {
	LG_WS_CLOSE_NORMAL = 1000,
	LG_WS_CLOSE_GOING_AWAY = 1001,
	LG_WS_CLOSE_PROTOCOL = 1002,
	LG_WS_CLOSE_NO_STATUS = 1005, /* never on the wire */
	LG_WS_CLOSE_ABNORMAL = 1006,  /* never on the wire */
	LG_WS_CLOSE_BAD_DATA = 1007,
	LG_WS_CLOSE_TOO_BIG = 1009,
};

/* Default cap on a reassembled message (bytes). */
#define LG_WS_DEFAULT_MAX_MESSAGE (64u * 1024u * 1024u)

/*
 * Append one frame to out: FIN bit, opcode, payload (n bytes).  With mask
 * (4 bytes) the payload is masked as a client must; NULL writes an unmasked
 * (server) frame.  Control frames must have n <= 125 (not checked here).
 */
void lg_ws_frame_encode(struct lg_buf *out, int opcode, bool fin, const void *payload, size_t n,
                        const uint8_t *mask);
/* XOR p[0..n) with the mask, starting at mask position `offset % 4`. */
void lg_ws_mask(uint8_t *p, size_t n, const uint8_t mask[4], size_t offset);
/* Whether p[0..n) is well-formed UTF-8 (no overlongs, surrogates, > U+10FFFF). */
bool lg_ws_utf8_valid(const uint8_t *p, size_t n);
/* Whether a close code may be sent on the wire (RFC 6455 7.4, IANA registry). */
bool lg_ws_close_code_valid(int code);

/* A message or control frame the decoder produced. */
struct lg_ws_msg {
	int opcode;          /* TEXT, BINARY, CLOSE, PING or PONG */
	const uint8_t *data; /* payload; valid until the next decoder call */
	size_t len;
	int close_code;     /* CLOSE: the code, or LG_WS_CLOSE_NO_STATUS */
	const char *reason; /* CLOSE: NUL-terminated reason (points into data's copy) */
};

struct lg_ws_decoder {
	size_t max_message; /* 0: LG_WS_DEFAULT_MAX_MESSAGE */
	bool server;        /* decoding client frames: they must be masked */
	/* private */
	struct lg_buf in;  /* received bytes not consumed yet */
	size_t pos;        /* consumed prefix of in */
	struct lg_buf msg; /* a fragmented message being reassembled */
	int msg_opcode;    /* its opcode, 0 when none is open */
	struct lg_buf ctl; /* the last control frame's payload (NUL-terminated) */
};

/* Add received bytes. */
void lg_ws_decoder_feed(struct lg_ws_decoder *d, const void *p, size_t n);
/*
 * The next complete message or control frame: 1 with *m filled, 0 when more
 * bytes are needed, or a negative close code (-1002 protocol error, -1007
 * invalid UTF-8, -1009 too big) with *why set to a static description.
 * After an error the decoder must not be used again (but may be freed).
 */
int lg_ws_decoder_next(struct lg_ws_decoder *d, struct lg_ws_msg *m, const char **why);
void lg_ws_decoder_free(struct lg_ws_decoder *d);

/* Sec-WebSocket-Accept for a key: base64(SHA-1(key + GUID)), 28 chars + NUL. */
void lg_ws_accept_key(const char *key, char out[29]);

/* ---- connection -------------------------------------------------------- */

struct lg_ws;

enum lg_ws_event_type {
	LG_WS_EV_OPEN,    /* handshake done (101, Accept valid) */
	LG_WS_EV_FAIL,    /* connect/TLS/handshake failed: text = error; final */
	LG_WS_EV_MESSAGE, /* data message: binary?, data/len */
	LG_WS_EV_PING,    /* the server pinged (already answered with a pong) */
	LG_WS_EV_PONG,    /* a pong arrived: data/len is its payload */
	LG_WS_EV_ERROR, /* an error before CLOSED: text (protocol error, EOF, unexpected close code) */
	LG_WS_EV_CLOSED, /* the connection is closed: code, reason; final */
};

struct lg_ws_event {
	enum lg_ws_event_type type;
	bool binary;
	const char *data; /* MESSAGE/PING/PONG payload; valid during the callback */
	size_t len;
	const char *text; /* FAIL/ERROR: the error message */
	int code;         /* CLOSED: close code (1005 none sent, 1006 abnormal) */
	const char *reason;
};

struct lg_ws_opts {
	const char *url;            /* ws:// or wss:// */
	const char *const *headers; /* extra request headers, "Name: value" */
	size_t n_headers;
	const char *protocols;        /* offered subprotocols, comma-separated, or NULL */
	const char *user_agent;       /* or NULL */
	const char *ca_file;          /* CA bundle for wss://, NULL: OpenSSL's default paths */
	bool insecure;                /* skip certificate verification */
	size_t max_message;           /* 0: LG_WS_DEFAULT_MAX_MESSAGE */
	int64_t handshake_timeout_ns; /* 0: 60 s */
	void (*on_event)(struct lg_ws *ws, const struct lg_ws_event *ev, void *ud);
	void *ud;
};

/*
 * Start connecting.  Never fails here: a bad URL, a refused connection or a
 * failed handshake arrive as LG_WS_EV_FAIL from the loop.  An IP literal is
 * connected without blocking; a host name is resolved and connected by
 * libcurl (CURLOPT_CONNECT_ONLY), which blocks the worker thread for the DNS
 * lookup and the TCP connect.  The options' strings are copied.
 */
struct lg_ws *lg_ws_connect(struct lg_loop *loop, const struct lg_ws_opts *o);
/*
 * Queue a frame (TEXT, BINARY, PING, PONG).  -1 when the connection is not
 * open (connecting, closing, closed); 0 otherwise.  Written from the loop.
 */
int lg_ws_send(struct lg_ws *ws, int opcode, const void *p, size_t n);
/*
 * Start the closing handshake with code (0: none) and reason.  The CLOSED
 * event follows once the server answered (or after a 2 s grace period).
 * No-op when already closing or closed; a connection still connecting is
 * abandoned (CLOSED with 1006).
 */
void lg_ws_close(struct lg_ws *ws, int code, const char *reason);
/* Close at once (no more events) and free.  Never from inside its callback. */
void lg_ws_free(struct lg_ws *ws);

/* The handshake response: status (0 when none), raw header block, body. */
int lg_ws_status(const struct lg_ws *ws);
const char *lg_ws_resp_headers(const struct lg_ws *ws);
const char *lg_ws_resp_body(const struct lg_ws *ws);
/* The subprotocol the server selected ("" when none). */
const char *lg_ws_protocol(const struct lg_ws *ws);
/* Bytes on the wire so far (TLS records included). */
uint64_t lg_ws_bytes_in(const struct lg_ws *ws);
uint64_t lg_ws_bytes_out(const struct lg_ws *ws);
/* Payload bytes queued but not yet written. */
size_t lg_ws_buffered(const struct lg_ws *ws);

#endif
