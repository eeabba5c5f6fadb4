/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ws.c - the WebSocket client connection on a worker's loop (see lg/ws.h).
 *
 * DESIGN: one state machine per connection, driven only by the loop (the
 * fd's readiness and two timers), so no event is ever delivered from inside
 * an lg_ws_* call and the JS binding can treat every event the same way.
 *
 *   START -> CONNECTING (non-blocking connect, next address on failure)
 *         -> TLS (wss://: SSL_connect until done)
 *         -> HANDSHAKE (request written, response read and validated)
 *         -> OPEN -> CLOSING (our close frame sent) -> DONE
 *
 * Writes are appended to one output buffer and written when the socket is
 * writable; reads are bounded per callback (level-triggered epoll calls
 * again; bytes OpenSSL already decrypted are picked up by the kick timer).
 * The close handshake: whoever closes first sends a close frame, the other
 * side answers with one; once both were seen (or after a grace period) the
 * buffered output is flushed and the TCP connection closed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <curl/curl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "lg/clock.h"
#include "lg/ws.h"

enum state { ST_START, ST_CONNECTING, ST_TLS, ST_HANDSHAKE, ST_OPEN, ST_CLOSING, ST_DONE };

#define HANDSHAKE_MAX 65536         /* response header block cap */
#define BODY_MAX 1024               /* non-101 body kept (gorilla keeps 1 KiB) */
#define CLOSE_GRACE_NS 2000000000LL /* wait for the server's close frame */
#define READ_CHUNK 16384
#define READS_PER_EVENT 16

struct lg_ws {
	struct lg_loop *loop;
	void (*on_event)(struct lg_ws *ws, const struct lg_ws_event *ev, void *ud);
	void *ud;
	enum state st;
	int fd;
	unsigned io_events;
	SSL *ssl;
	bool tls, insecure, ssl_want_write;
	/* the request */
	char *url_error; /* a URL that cannot be used: the FAIL message */
	char *host, *port, *path, *host_hdr;
	char **headers;
	size_t n_headers;
	char *protocols, *user_agent, *ca_file;
	int64_t hs_timeout;
	char key[32];
	/* the response */
	struct lg_buf hs;
	size_t hs_header_len; /* bytes of the header block, 0 until complete */
	size_t body_want;
	int status;
	char *resp_headers, *resp_body, *protocol;
	/* frames */
	struct lg_ws_decoder dec;
	struct lg_buf out;
	size_t out_pos;
	bool close_sent, close_received, finishing;
	int close_code;
	char *close_reason;
	uint64_t bytes_in, bytes_out;
	struct lg_timer timer; /* start, handshake deadline, close grace */
	struct lg_timer kick;  /* continue reading decrypted bytes */
};

/* ---- helpers ------------------------------------------------------------ */

static void on_io(struct lg_loop *loop, int fd, unsigned events, void *ud);

static void emit(struct lg_ws *ws, struct lg_ws_event *ev)
{
	ws->on_event(ws, ev, ws->ud);
}

static void update_io(struct lg_ws *ws)
{
	unsigned want = 0;

	if (ws->fd < 0 || ws->st == ST_DONE)
		return;
	if (ws->st == ST_CONNECTING)
		want = LG_IO_WRITE;
	else
		want = LG_IO_READ;
	if (ws->ssl_want_write || ws->out_pos < ws->out.len)
		want |= LG_IO_WRITE;
	if (want != ws->io_events) {
		lg_loop_io(ws->loop, ws->fd, want, on_io, ws);
		ws->io_events = want;
	}
}

static void close_fd(struct lg_ws *ws)
{
	if (ws->ssl) {
		ws->bytes_in = BIO_number_read(SSL_get_rbio(ws->ssl));
		ws->bytes_out = BIO_number_written(SSL_get_wbio(ws->ssl));
		SSL_free(ws->ssl);
		ws->ssl = NULL;
	}
	if (ws->fd >= 0) {
		lg_loop_io(ws->loop, ws->fd, 0, NULL, NULL);
		close(ws->fd);
		ws->fd = -1;
	}
	ws->io_events = 0;
}

static void fail(struct lg_ws *ws, const char *msg)
{
	struct lg_ws_event ev = { .type = LG_WS_EV_FAIL, .text = msg };

	lg_timer_stop(ws->loop, &ws->timer);
	lg_timer_stop(ws->loop, &ws->kick);
	close_fd(ws);
	ws->st = ST_DONE;
	emit(ws, &ev);
}

/* The end: flush what is queued (bounded by the grace timer), close, report. */
static void finish_now(struct lg_ws *ws)
{
	struct lg_ws_event ev = { .type = LG_WS_EV_CLOSED };

	lg_timer_stop(ws->loop, &ws->timer);
	lg_timer_stop(ws->loop, &ws->kick);
	close_fd(ws);
	ws->st = ST_DONE;
	ev.code = ws->close_code;
	ev.reason = ws->close_reason ? ws->close_reason : "";
	emit(ws, &ev);
}

static void finish(struct lg_ws *ws, int code, const char *reason)
{
	if (ws->finishing)
		return;
	ws->finishing = true;
	ws->close_code = code;
	free(ws->close_reason);
	ws->close_reason = lg_xstrdup(reason ? reason : "");
	if (ws->out_pos >= ws->out.len || ws->fd < 0) {
		finish_now(ws);
		return;
	}
	ws->st = ST_CLOSING;
	lg_timer_start(ws->loop, &ws->timer, lg_now_ns() + CLOSE_GRACE_NS);
}

static void error_event(struct lg_ws *ws, const char *msg)
{
	struct lg_ws_event ev = { .type = LG_WS_EV_ERROR, .text = msg };

	emit(ws, &ev);
}

static void queue_frame(struct lg_ws *ws, int opcode, const void *p, size_t n)
{
	uint8_t mask[4];

	if (ws->out_pos > 0 && ws->out_pos == ws->out.len) {
		lg_buf_reset(&ws->out);
		ws->out_pos = 0;
	}
	if (RAND_bytes(mask, sizeof(mask)) != 1)
		lg_die("RAND_bytes failed");
	lg_ws_frame_encode(&ws->out, opcode, true, p, n, mask);
}

static void queue_close(struct lg_ws *ws, int code, const char *reason)
{
	uint8_t p[125];
	size_t n = 0;

	if (ws->close_sent)
		return;
	ws->close_sent = true;
	if (code > 0) {
		size_t rl = reason ? strlen(reason) : 0;
		if (rl > sizeof(p) - 2)
			rl = sizeof(p) - 2;
		p[0] = (uint8_t)(code >> 8);
		p[1] = (uint8_t)code;
		if (rl)
			memcpy(p + 2, reason, rl);
		n = 2 + rl;
	}
	queue_frame(ws, LG_WS_OP_CLOSE, p, n);
}

/* gorilla/websocket's CloseError text, which k6 scripts see. */
static char *close_error_text(int code, const char *reason)
{
	static const struct {
		int code;
		const char *what;
	} names[] = {
		{ 1000, " (normal)" },
		{ 1001, " (going away)" },
		{ 1002, " (protocol error)" },
		{ 1003, " (unsupported data)" },
		{ 1005, " (no status)" },
		{ 1006, " (abnormal closure)" },
		{ 1007, " (invalid payload data)" },
		{ 1008, " (policy violation)" },
		{ 1009, " (message too big)" },
		{ 1010, " (mandatory extension missing)" },
		{ 1011, " (internal server error)" },
		{ 1015, " (TLS handshake error)" },
	};
	const char *what = "";

	for (size_t i = 0; i < LG_ARRAY_SIZE(names); i++)
		if (names[i].code == code)
			what = names[i].what;
	return lg_xasprintf("websocket: close %d%s%s%s", code, what, reason && *reason ? ": " : "",
	                    reason ? reason : "");
}

/* ---- I/O ---------------------------------------------------------------- */

static char *ssl_error_text(const char *prefix)
{
	char buf[256];
	unsigned long e = ERR_peek_last_error();

	if (e == 0)
		return lg_xasprintf("%s%s", prefix, errno ? strerror(errno) : "connection closed");
	ERR_error_string_n(e, buf, sizeof(buf));
	ERR_clear_error();
	return lg_xasprintf("%s%s", prefix, buf);
}

/* >0 bytes, 0 EOF, -1 try again later, -2 error (*err set, caller frees). */
static ssize_t io_read(struct lg_ws *ws, void *buf, size_t n, char **err)
{
	ssize_t r;

	if (ws->ssl) {
		int rc, e;
		ERR_clear_error();
		rc = SSL_read(ws->ssl, buf, (int)n);
		if (rc > 0)
			return rc;
		e = SSL_get_error(ws->ssl, rc);
		if (e == SSL_ERROR_WANT_READ)
			return -1;
		if (e == SSL_ERROR_WANT_WRITE) {
			ws->ssl_want_write = true;
			return -1;
		}
		if (e == SSL_ERROR_ZERO_RETURN || (e == SSL_ERROR_SYSCALL && ERR_peek_error() == 0))
			return 0;
		*err = ssl_error_text("read: ");
		return -2;
	}
	r = recv(ws->fd, buf, n, 0);
	if (r > 0) {
		ws->bytes_in += (uint64_t)r;
		return r;
	}
	if (r == 0)
		return 0;
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
		return -1;
	*err = lg_xasprintf("read: %s", strerror(errno));
	return -2;
}

static ssize_t io_write(struct lg_ws *ws, const void *buf, size_t n, char **err)
{
	ssize_t r;

	if (ws->ssl) {
		int rc, e;
		ERR_clear_error();
		rc = SSL_write(ws->ssl, buf, (int)(n > READ_CHUNK ? READ_CHUNK : n));
		if (rc > 0)
			return rc;
		e = SSL_get_error(ws->ssl, rc);
		if (e == SSL_ERROR_WANT_WRITE) {
			ws->ssl_want_write = true;
			return -1;
		}
		if (e == SSL_ERROR_WANT_READ)
			return -1;
		*err = ssl_error_text("write: ");
		return -2;
	}
	r = send(ws->fd, buf, n, MSG_NOSIGNAL);
	if (r >= 0) {
		ws->bytes_out += (uint64_t)r;
		return r;
	}
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
		return -1;
	*err = lg_xasprintf("write: %s", strerror(errno));
	return -2;
}

/* Write what is queued; -1 after a write error (reported, connection finished). */
static int flush(struct lg_ws *ws)
{
	ws->ssl_want_write = false;
	/* Bounded: each round writes at least one byte or stops. */
	while (ws->out_pos < ws->out.len) {
		char *err = NULL;
		ssize_t w =
		    io_write(ws, ws->out.data + ws->out_pos, ws->out.len - ws->out_pos, &err);
		if (w == -1)
			break;
		if (w == -2) {
			ws->out_pos = ws->out.len = 0;
			if (ws->st == ST_OPEN || ws->st == ST_CLOSING) {
				error_event(ws, err);
				free(err);
				finish(ws, LG_WS_CLOSE_ABNORMAL, "");
			} else {
				fail(ws, err);
				free(err);
			}
			return -1;
		}
		ws->out_pos += (size_t)w;
	}
	if (ws->out_pos == ws->out.len) {
		lg_buf_reset(&ws->out);
		ws->out_pos = 0;
		if (ws->finishing && ws->st != ST_DONE)
			finish_now(ws);
	}
	return 0;
}

/* ---- URL and connect ---------------------------------------------------- */

static void parse_url(struct lg_ws *ws, const char *url)
{
	const char *p, *auth, *auth_end, *at, *host_end, *colon = NULL;
	bool v6 = false;

	if (strncasecmp(url, "ws://", 5) == 0) {
		p = url + 5;
	} else if (strncasecmp(url, "wss://", 6) == 0) {
		p = url + 6;
		ws->tls = true;
	} else {
		ws->url_error = lg_xasprintf("malformed ws or wss URL: %s", url);
		return;
	}
	auth = p;
	auth_end = auth + strcspn(auth, "/?#");
	at = NULL;
	for (const char *q = auth; q < auth_end; q++)
		if (*q == '@')
			at = q;
	if (at)
		auth = at + 1; /* credentials are not sent (k6 does not either) */
	if (*auth == '[') {
		host_end = memchr(auth, ']', (size_t)(auth_end - auth));
		if (!host_end) {
			ws->url_error = lg_xasprintf("malformed ws or wss URL: %s", url);
			return;
		}
		ws->host = lg_xstrndup(auth + 1, (size_t)(host_end - auth - 1));
		v6 = true;
		if (host_end + 1 < auth_end && host_end[1] == ':')
			colon = host_end + 1;
	} else {
		colon = memchr(auth, ':', (size_t)(auth_end - auth));
		host_end = colon ? colon : auth_end;
		ws->host = lg_xstrndup(auth, (size_t)(host_end - auth));
	}
	if (!*ws->host) {
		ws->url_error = lg_xasprintf("malformed ws or wss URL: %s", url);
		return;
	}
	if (colon && colon + 1 < auth_end)
		ws->port = lg_xstrndup(colon + 1, (size_t)(auth_end - colon - 1));
	else
		ws->port = lg_xstrdup(ws->tls ? "443" : "80");
	if (colon && colon + 1 < auth_end)
		ws->host_hdr = lg_xstrndup(auth, (size_t)(auth_end - auth));
	else
		ws->host_hdr = v6 ? lg_xasprintf("[%s]", ws->host) : lg_xstrdup(ws->host);
	/* path and query, without the fragment */
	if (*auth_end == '/' || *auth_end == '?') {
		size_t n = strcspn(auth_end, "#");
		ws->path = *auth_end == '?' ? lg_xasprintf("/%.*s", (int)n, auth_end)
		                            : lg_xstrndup(auth_end, n);
	} else {
		ws->path = lg_xstrdup("/");
	}
}

static void send_request(struct lg_ws *ws);
static void tls_step(struct lg_ws *ws);

/* "host:port" as Go prints it in a dial error ("[::1]:80" for IPv6). */
static char *addr_text(const struct lg_ws *ws)
{
	return strchr(ws->host, ':') ? lg_xasprintf("[%s]:%s", ws->host, ws->port)
	                             : lg_xasprintf("%s:%s", ws->host, ws->port);
}

static void dial_failed(struct lg_ws *ws, int e)
{
	char *a = addr_text(ws);
	char *msg = lg_xasprintf("dial tcp %s: connect: %s", a, strerror(e));
	char *lower = strstr(msg, "connect: ") + 9;

	/* Go's error texts are lower case ("connection refused") */
	if (*lower >= 'A' && *lower <= 'Z')
		*lower = (char)(*lower - 'A' + 'a');
	fail(ws, msg);
	free(msg);
	free(a);
}

/* A connected socket: on to TLS or the upgrade request. */
static void connected(struct lg_ws *ws)
{
	int one = 1;

	setsockopt(ws->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (ws->tls) {
		ws->st = ST_TLS;
		tls_step(ws);
	} else {
		send_request(ws);
	}
}

/* An IP literal: a non-blocking connect, no resolver involved. */
static bool dial_numeric(struct lg_ws *ws, uint16_t port)
{
	struct sockaddr_storage ss = { 0 };
	struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
	socklen_t len;

	if (inet_pton(AF_INET, ws->host, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons(port);
		len = sizeof(*a4);
	} else if (inet_pton(AF_INET6, ws->host, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons(port);
		len = sizeof(*a6);
	} else {
		return false;
	}
	ws->fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (ws->fd < 0) {
		dial_failed(ws, errno);
		return true;
	}
	if (connect(ws->fd, (struct sockaddr *)&ss, len) == 0) {
		connected(ws);
	} else if (errno == EINPROGRESS) {
		ws->st = ST_CONNECTING;
		update_io(ws);
	} else {
		dial_failed(ws, errno);
	}
	return true;
}

/*
 * A host name: libcurl resolves it and connects (CURLOPT_CONNECT_ONLY), and
 * the socket is taken over.  This blocks the worker for the DNS lookup and
 * the TCP connect, but uses curl's resolver (c-ares in the static build), so
 * loadgate itself never calls getaddrinfo (docs/BUILDING.md).
 */
static void dial_name(struct lg_ws *ws)
{
	CURL *e = curl_easy_init();
	char *url = lg_xasprintf("http://%s:%s/", ws->host, ws->port);
	curl_socket_t sock = CURL_SOCKET_BAD;
	CURLcode rc;

	lg_require(e != NULL);
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_CONNECT_ONLY, 1L);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_PROXY, "");
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, (long)(ws->hs_timeout / LG_NS_PER_MS));
	rc = curl_easy_perform(e);
	if (rc == CURLE_OK && curl_easy_getinfo(e, CURLINFO_ACTIVESOCKET, &sock) == CURLE_OK &&
	    sock != CURL_SOCKET_BAD) {
		ws->fd = fcntl(sock, F_DUPFD_CLOEXEC, 0);
		if (ws->fd >= 0)
			fcntl(ws->fd, F_SETFL, fcntl(ws->fd, F_GETFL) | O_NONBLOCK);
	}
	if (rc == CURLE_COULDNT_RESOLVE_HOST) {
		char *msg = lg_xasprintf("dial tcp: lookup %s: no such host", ws->host);
		fail(ws, msg);
		free(msg);
	} else if (ws->fd < 0) {
		long oserr = 0;
		curl_easy_getinfo(e, CURLINFO_OS_ERRNO, &oserr);
		dial_failed(ws, oserr
		                    ? (int)oserr
		                    : (rc == CURLE_OPERATION_TIMEDOUT ? ETIMEDOUT : ECONNREFUSED));
	}
	curl_easy_cleanup(e); /* closes curl's descriptor; ours is a duplicate */
	free(url);
	if (ws->fd >= 0)
		connected(ws);
}

static void start(struct lg_ws *ws)
{
	int64_t port = 0;

	if (ws->url_error) {
		fail(ws, ws->url_error);
		return;
	}
	if (lg_parse_i64(ws->port, &port) < 0 || port < 1 || port > 65535) {
		char *msg = lg_xasprintf("malformed ws or wss URL: invalid port \"%s\"", ws->port);
		fail(ws, msg);
		free(msg);
		return;
	}
	lg_timer_start(ws->loop, &ws->timer, lg_now_ns() + ws->hs_timeout);
	if (!dial_numeric(ws, (uint16_t)port))
		dial_name(ws);
}

static void connect_done(struct lg_ws *ws)
{
	int e = 0;
	socklen_t len = sizeof(e);

	if (getsockopt(ws->fd, SOL_SOCKET, SO_ERROR, &e, &len) < 0)
		e = errno;
	if (e == EINPROGRESS)
		return;
	if (e != 0)
		dial_failed(ws, e);
	else
		connected(ws);
}

/* ---- TLS ---------------------------------------------------------------- */

static pthread_mutex_t ctx_mu = PTHREAD_MUTEX_INITIALIZER;
static SSL_CTX *ctx_cache[2]; /* [insecure]; the CA file is run-wide */

static SSL_CTX *tls_ctx(const char *ca_file, bool insecure, char **err)
{
	SSL_CTX *c;

	pthread_mutex_lock(&ctx_mu);
	c = ctx_cache[insecure];
	if (!c) {
		c = SSL_CTX_new(TLS_client_method());
		if (!c)
			goto fail;
		SSL_CTX_set_min_proto_version(c, TLS1_2_VERSION);
		SSL_CTX_set_options(c, SSL_OP_IGNORE_UNEXPECTED_EOF);
		SSL_CTX_set_mode(c, SSL_MODE_ENABLE_PARTIAL_WRITE |
		                        SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
		if (!insecure) {
			int ok = ca_file ? SSL_CTX_load_verify_locations(c, ca_file, NULL)
			                 : SSL_CTX_set_default_verify_paths(c);
			if (ok != 1) {
				SSL_CTX_free(c);
				c = NULL;
				goto fail;
			}
			SSL_CTX_set_verify(c, SSL_VERIFY_PEER, NULL);
		} else {
			SSL_CTX_set_verify(c, SSL_VERIFY_NONE, NULL);
		}
		ctx_cache[insecure] = c;
	}
	SSL_CTX_up_ref(c);
	pthread_mutex_unlock(&ctx_mu);
	return c;
fail:
	pthread_mutex_unlock(&ctx_mu);
	*err = ssl_error_text("tls: cannot load the CA file: ");
	return NULL;
}

static bool is_ip(const char *host)
{
	unsigned char buf[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, host, buf) == 1 || inet_pton(AF_INET6, host, buf) == 1;
}

static void tls_step(struct lg_ws *ws)
{
	int rc;

	if (!ws->ssl) {
		char *err = NULL;
		SSL_CTX *c = tls_ctx(ws->ca_file, ws->insecure, &err);
		static const unsigned char alpn[] = "\x08http/1.1";

		if (!c) {
			fail(ws, err);
			free(err);
			return;
		}
		ws->ssl = SSL_new(c);
		SSL_CTX_free(c);
		lg_require(ws->ssl != NULL);
		SSL_set_fd(ws->ssl, ws->fd);
		SSL_set_alpn_protos(ws->ssl, alpn, sizeof(alpn) - 1);
		if (is_ip(ws->host)) {
			X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ws->ssl), ws->host);
		} else {
			SSL_set_tlsext_host_name(ws->ssl, ws->host);
			SSL_set1_host(ws->ssl, ws->host);
		}
	}
	ws->ssl_want_write = false;
	ERR_clear_error();
	rc = SSL_connect(ws->ssl);
	if (rc == 1) {
		send_request(ws);
		return;
	}
	switch (SSL_get_error(ws->ssl, rc)) {
	case SSL_ERROR_WANT_READ:
		break;
	case SSL_ERROR_WANT_WRITE:
		ws->ssl_want_write = true;
		break;
	default: {
		long v = SSL_get_verify_result(ws->ssl);
		char *msg = v != X509_V_OK ? lg_xasprintf("tls: failed to verify certificate: %s",
		                                          X509_verify_cert_error_string(v))
		                           : ssl_error_text("tls: handshake failed: ");
		fail(ws, msg);
		free(msg);
		return;
	}
	}
	update_io(ws);
}

/* ---- the opening handshake ---------------------------------------------- */

static bool has_header(struct lg_ws *ws, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < ws->n_headers; i++)
		if (strncasecmp(ws->headers[i], name, n) == 0 && ws->headers[i][n] == ':')
			return true;
	return false;
}

static void send_request(struct lg_ws *ws)
{
	unsigned char raw[16];
	struct lg_buf *b = &ws->out;

	if (RAND_bytes(raw, sizeof(raw)) != 1)
		lg_die("RAND_bytes failed");
	EVP_EncodeBlock((unsigned char *)ws->key, raw, sizeof(raw));
	lg_buf_printf(b, "GET %s HTTP/1.1\r\n", ws->path);
	if (!has_header(ws, "Host"))
		lg_buf_printf(b, "Host: %s\r\n", ws->host_hdr);
	if (ws->user_agent && !has_header(ws, "User-Agent"))
		lg_buf_printf(b, "User-Agent: %s\r\n", ws->user_agent);
	lg_buf_printf(b,
	              "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
	              "Sec-WebSocket-Version: 13\r\n",
	              ws->key);
	if (ws->protocols && *ws->protocols && !has_header(ws, "Sec-WebSocket-Protocol"))
		lg_buf_printf(b, "Sec-WebSocket-Protocol: %s\r\n", ws->protocols);
	for (size_t i = 0; i < ws->n_headers; i++)
		lg_buf_printf(b, "%s\r\n", ws->headers[i]);
	lg_buf_puts(b, "\r\n");
	ws->st = ST_HANDSHAKE;
	if (flush(ws) == 0)
		update_io(ws);
}

/* The value of the first header `name` in a raw block, or NULL; *len set. */
static const char *find_header(const char *block, const char *name, size_t *len)
{
	size_t n = strlen(name);
	const char *line = strstr(block, "\r\n");

	/* One round per header line. */
	while (line && line[2] != '\r' && line[2] != '\0') {
		const char *p = line + 2;
		const char *end = strstr(p, "\r\n");
		if (!end)
			break;
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			p += n + 1;
			while (p < end && (*p == ' ' || *p == '\t'))
				p++;
			*len = (size_t)(end - p);
			while (*len > 0 && (p[*len - 1] == ' ' || p[*len - 1] == '\t'))
				(*len)--;
			return p;
		}
		line = end;
	}
	return NULL;
}

/* Whether a comma-separated list contains token (case-insensitive). */
static bool list_has(const char *list, size_t len, const char *token)
{
	size_t tl = strlen(token);
	size_t i = 0;

	while (i < len) {
		size_t s, e;
		while (i < len && (list[i] == ' ' || list[i] == ','))
			i++;
		s = i;
		while (i < len && list[i] != ',')
			i++;
		e = i;
		while (e > s && list[e - 1] == ' ')
			e--;
		if (e - s == tl && strncasecmp(list + s, token, tl) == 0)
			return true;
	}
	return false;
}

/* The offered subprotocols: the option, or a Sec-WebSocket-Protocol header. */
static const char *offered(struct lg_ws *ws)
{
	for (size_t i = 0; i < ws->n_headers; i++)
		if (strncasecmp(ws->headers[i], "Sec-WebSocket-Protocol:", 23) == 0)
			return ws->headers[i] + 23;
	return ws->protocols ? ws->protocols : "";
}

static void process_frames(struct lg_ws *ws);

static void handshake_done(struct lg_ws *ws)
{
	const char *v;
	size_t len;
	char accept[29];
	struct lg_ws_event ev = { .type = LG_WS_EV_OPEN };
	size_t extra = ws->hs.len - ws->hs_header_len;

	if (ws->status != 101) {
		ws->resp_body = lg_xstrndup(ws->hs.data + ws->hs_header_len,
		                            extra < BODY_MAX ? extra : BODY_MAX);
		fail(ws, "websocket: bad handshake");
		return;
	}
	lg_ws_accept_key(ws->key, accept);
	v = find_header(ws->resp_headers, "Upgrade", &len);
	if (!v || !list_has(v, len, "websocket"))
		goto bad;
	v = find_header(ws->resp_headers, "Connection", &len);
	if (!v || !list_has(v, len, "upgrade"))
		goto bad;
	v = find_header(ws->resp_headers, "Sec-WebSocket-Accept", &len);
	if (!v || len != 28 || memcmp(v, accept, 28) != 0)
		goto bad;
	if (find_header(ws->resp_headers, "Sec-WebSocket-Extensions", &len) && len > 0) {
		fail(ws, "websocket: the server accepted an extension that was not offered");
		return;
	}
	v = find_header(ws->resp_headers, "Sec-WebSocket-Protocol", &len);
	if (v && len > 0) {
		char *proto = lg_xstrndup(v, len);
		const char *off = offered(ws);
		if (!list_has(off, strlen(off), proto)) {
			free(proto);
			fail(ws,
			     "websocket: the server selected a subprotocol that was not offered");
			return;
		}
		free(ws->protocol);
		ws->protocol = proto;
	}
	lg_timer_stop(ws->loop, &ws->timer);
	ws->st = ST_OPEN;
	if (extra)
		lg_ws_decoder_feed(&ws->dec, ws->hs.data + ws->hs_header_len, extra);
	lg_buf_free(&ws->hs);
	emit(ws, &ev);
	if (ws->st == ST_OPEN && extra)
		process_frames(ws);
	return;
bad:
	fail(ws, "websocket: bad handshake");
}

/* Parse the header block once it is complete; 1 when the response is whole. */
static int parse_response(struct lg_ws *ws, bool eof)
{
	if (!ws->hs_header_len) {
		const char *end = strstr(ws->hs.data, "\r\n\r\n");
		const char *sp;
		size_t len;

		if (!end)
			return ws->hs.len > HANDSHAKE_MAX || eof ? -1 : 0;
		ws->hs_header_len = (size_t)(end - ws->hs.data) + 4;
		ws->resp_headers = lg_xstrndup(ws->hs.data, ws->hs_header_len);
		sp = strchr(ws->resp_headers, ' ');
		if (strncmp(ws->resp_headers, "HTTP/1.", 7) != 0 || !sp)
			return -1;
		ws->status = (int)strtol(sp + 1, NULL, 10);
		if (ws->status == 101)
			return 1;
		ws->body_want = BODY_MAX;
		sp = find_header(ws->resp_headers, "Content-Length", &len);
		if (sp) {
			long cl = strtol(sp, NULL, 10);
			if (cl >= 0 && (size_t)cl < ws->body_want)
				ws->body_want = (size_t)cl;
		}
	}
	return eof || ws->hs.len - ws->hs_header_len >= ws->body_want ? 1 : 0;
}

/* ---- frames ------------------------------------------------------------- */

static void handle(struct lg_ws *ws, const struct lg_ws_msg *m)
{
	struct lg_ws_event ev = { .data = (const char *)m->data, .len = m->len };

	switch (m->opcode) {
	case LG_WS_OP_TEXT:
	case LG_WS_OP_BINARY:
		if (ws->close_sent)
			return; /* closing: data is dropped */
		ev.type = LG_WS_EV_MESSAGE;
		ev.binary = m->opcode == LG_WS_OP_BINARY;
		emit(ws, &ev);
		return;
	case LG_WS_OP_PING:
		if (ws->close_sent)
			return;
		queue_frame(ws, LG_WS_OP_PONG, m->data, m->len);
		ev.type = LG_WS_EV_PING;
		emit(ws, &ev);
		return;
	case LG_WS_OP_PONG:
		ev.type = LG_WS_EV_PONG;
		emit(ws, &ev);
		return;
	default: /* CLOSE */
		ws->close_received = true;
		if (!ws->close_sent) {
			/* the server closes: echo its code, report an unexpected one */
			queue_close(ws, m->close_code == LG_WS_CLOSE_NO_STATUS ? 0 : m->close_code,
			            m->reason);
			if (m->close_code != LG_WS_CLOSE_NORMAL &&
			    m->close_code != LG_WS_CLOSE_GOING_AWAY) {
				char *t = close_error_text(m->close_code, m->reason);
				error_event(ws, t);
				free(t);
			}
		}
		finish(ws, m->close_code, m->reason);
		return;
	}
}

static void process_frames(struct lg_ws *ws)
{
	/* Bounded by the bytes buffered: each message consumes at least a header. */
	while (ws->st == ST_OPEN || (ws->st == ST_CLOSING && !ws->finishing)) {
		struct lg_ws_msg m;
		const char *why = NULL;
		int rc = lg_ws_decoder_next(&ws->dec, &m, &why);

		if (rc == 0)
			return;
		if (rc < 0) {
			char *t = lg_xasprintf("websocket: %s", why);
			error_event(ws, t);
			free(t);
			queue_close(ws, -rc, "");
			finish(ws, -rc, "");
			return;
		}
		handle(ws, &m);
	}
}

static void on_eof(struct lg_ws *ws)
{
	if (ws->st == ST_HANDSHAKE) {
		if (parse_response(ws, true) == 1 && ws->status != 101)
			handshake_done(ws);
		else
			fail(ws, "websocket: bad handshake (unexpected EOF)");
		return;
	}
	if (ws->finishing) {
		finish_now(ws);
		return;
	}
	if (!ws->close_sent) {
		char *t = close_error_text(LG_WS_CLOSE_ABNORMAL, "unexpected EOF");
		error_event(ws, t);
		free(t);
	}
	ws->out_pos = ws->out.len = 0; /* nobody to write to */
	finish(ws, LG_WS_CLOSE_ABNORMAL, "");
}

static void read_some(struct lg_ws *ws)
{
	char buf[READ_CHUNK];

	for (int i = 0; i < READS_PER_EVENT && ws->st != ST_DONE && !ws->finishing; i++) {
		char *err = NULL;
		ssize_t r = io_read(ws, buf, sizeof(buf), &err);

		if (r == -1)
			return;
		if (r == 0) {
			on_eof(ws);
			return;
		}
		if (r == -2) {
			if (ws->st == ST_HANDSHAKE) {
				fail(ws, err);
			} else {
				error_event(ws, err);
				ws->out_pos = ws->out.len = 0;
				finish(ws, LG_WS_CLOSE_ABNORMAL, "");
			}
			free(err);
			return;
		}
		if (ws->st == ST_HANDSHAKE) {
			int rc;
			lg_buf_append(&ws->hs, buf, (size_t)r);
			rc = parse_response(ws, false);
			if (rc < 0)
				fail(ws, "websocket: bad handshake");
			else if (rc == 1)
				handshake_done(ws);
			continue;
		}
		lg_ws_decoder_feed(&ws->dec, buf, (size_t)r);
		process_frames(ws);
	}
	/* More may be waiting (in the socket: epoll says so again; inside
	 * OpenSSL: it does not, so come back from a timer). */
	if (ws->ssl && ws->st != ST_DONE && SSL_pending(ws->ssl) > 0)
		lg_timer_start(ws->loop, &ws->kick, lg_now_ns());
}

static void on_io(struct lg_loop *loop, int fd, unsigned events, void *ud)
{
	struct lg_ws *ws = ud;

	LG_UNUSED(loop);
	LG_UNUSED(fd);
	switch (ws->st) {
	case ST_CONNECTING:
		connect_done(ws);
		break;
	case ST_TLS:
		tls_step(ws);
		break;
	case ST_DONE:
		return;
	default:
		if ((events & LG_IO_WRITE) || ws->ssl_want_write)
			if (flush(ws) < 0 || ws->st == ST_DONE)
				return;
		if (events & (LG_IO_READ | LG_IO_ERROR))
			read_some(ws);
		break;
	}
	update_io(ws);
}

static void kick_cb(struct lg_loop *loop, struct lg_timer *t)
{
	struct lg_ws *ws = t->ud;

	LG_UNUSED(loop);
	if (ws->st == ST_DONE)
		return;
	if (ws->fd < 0) { /* abandoned while connecting (lg_ws_close) */
		finish_now(ws);
		return;
	}
	read_some(ws);
	update_io(ws);
}

static void timer_cb(struct lg_loop *loop, struct lg_timer *t)
{
	struct lg_ws *ws = t->ud;

	LG_UNUSED(loop);
	switch (ws->st) {
	case ST_START:
		start(ws);
		return;
	case ST_CONNECTING:
	case ST_TLS:
	case ST_HANDSHAKE:
		fail(ws, "websocket: handshake timed out");
		return;
	case ST_CLOSING:
		if (!ws->finishing) /* the server never answered our close frame */
			ws->close_code = LG_WS_CLOSE_ABNORMAL;
		finish_now(ws);
		return;
	default:
		return;
	}
}

/* ---- public ------------------------------------------------------------- */

struct lg_ws *lg_ws_connect(struct lg_loop *loop, const struct lg_ws_opts *o)
{
	struct lg_ws *ws = lg_xcalloc(1, sizeof(*ws));

	ws->loop = loop;
	ws->on_event = o->on_event;
	ws->ud = o->ud;
	ws->fd = -1;
	ws->insecure = o->insecure;
	ws->hs_timeout = o->handshake_timeout_ns > 0 ? o->handshake_timeout_ns : 60 * LG_NS_PER_S;
	ws->dec.max_message = o->max_message;
	ws->protocols = o->protocols ? lg_xstrdup(o->protocols) : NULL;
	ws->user_agent = o->user_agent ? lg_xstrdup(o->user_agent) : NULL;
	ws->ca_file = o->ca_file ? lg_xstrdup(o->ca_file) : NULL;
	ws->protocol = lg_xstrdup("");
	if (o->n_headers) {
		ws->headers = lg_xcalloc(o->n_headers, sizeof(char *));
		for (size_t i = 0; i < o->n_headers; i++) {
			static const char *const reserved[] = {
				"Upgrade:", "Connection:", "Sec-WebSocket-Key:",
				"Sec-WebSocket-Version:", "Sec-WebSocket-Extensions:"
			};
			for (size_t k = 0; k < LG_ARRAY_SIZE(reserved); k++)
				if (!ws->url_error && strncasecmp(o->headers[i], reserved[k],
				                                  strlen(reserved[k])) == 0)
					ws->url_error = lg_xasprintf(
					    "websocket: duplicate header not allowed: %.*s",
					    (int)strlen(reserved[k]) - 1, reserved[k]);
			if (!ws->url_error && strpbrk(o->headers[i], "\r\n"))
				ws->url_error = lg_xstrdup(
				    "websocket: invalid header: a line break in a name or value");
			ws->headers[i] = lg_xstrdup(o->headers[i]);
		}
		ws->n_headers = o->n_headers;
	}
	if (!ws->url_error)
		parse_url(ws, o->url);
	ws->timer.cb = timer_cb;
	ws->timer.ud = ws;
	ws->kick.cb = kick_cb;
	ws->kick.ud = ws;
	lg_timer_start(loop, &ws->timer, lg_now_ns());
	return ws;
}

int lg_ws_send(struct lg_ws *ws, int opcode, const void *p, size_t n)
{
	if (ws->st != ST_OPEN || ws->close_sent)
		return -1;
	queue_frame(ws, opcode, p, n);
	update_io(ws);
	return 0;
}

void lg_ws_close(struct lg_ws *ws, int code, const char *reason)
{
	if (ws->st == ST_DONE || ws->close_sent || ws->finishing)
		return;
	if (ws->st != ST_OPEN) {
		/* still connecting: abandon; CLOSED comes from the loop */
		lg_timer_stop(ws->loop, &ws->timer);
		close_fd(ws);
		ws->st = ST_CLOSING;
		ws->finishing = true;
		ws->close_code = LG_WS_CLOSE_ABNORMAL;
		lg_timer_start(ws->loop, &ws->kick, lg_now_ns());
		return;
	}
	queue_close(ws, code, reason);
	ws->st = ST_CLOSING;
	lg_timer_start(ws->loop, &ws->timer, lg_now_ns() + CLOSE_GRACE_NS);
	update_io(ws);
}

void lg_ws_free(struct lg_ws *ws)
{
	if (!ws)
		return;
	lg_timer_stop(ws->loop, &ws->timer);
	lg_timer_stop(ws->loop, &ws->kick);
	close_fd(ws);
	for (size_t i = 0; i < ws->n_headers; i++)
		free(ws->headers[i]);
	free(ws->headers);
	free(ws->url_error);
	free(ws->host);
	free(ws->port);
	free(ws->path);
	free(ws->host_hdr);
	free(ws->protocols);
	free(ws->user_agent);
	free(ws->ca_file);
	free(ws->resp_headers);
	free(ws->resp_body);
	free(ws->protocol);
	free(ws->close_reason);
	lg_buf_free(&ws->hs);
	lg_buf_free(&ws->out);
	lg_ws_decoder_free(&ws->dec);
	free(ws);
}

int lg_ws_status(const struct lg_ws *ws)
{
	return ws->status;
}

const char *lg_ws_resp_headers(const struct lg_ws *ws)
{
	return ws->resp_headers ? ws->resp_headers : "";
}

const char *lg_ws_resp_body(const struct lg_ws *ws)
{
	return ws->resp_body ? ws->resp_body : "";
}

const char *lg_ws_protocol(const struct lg_ws *ws)
{
	return ws->protocol;
}

uint64_t lg_ws_bytes_in(const struct lg_ws *ws)
{
	return ws->ssl ? BIO_number_read(SSL_get_rbio(ws->ssl)) : ws->bytes_in;
}

uint64_t lg_ws_bytes_out(const struct lg_ws *ws)
{
	return ws->ssl ? BIO_number_written(SSL_get_wbio(ws->ssl)) : ws->bytes_out;
}

size_t lg_ws_buffered(const struct lg_ws *ws)
{
	return ws->out.len - ws->out_pos;
}
