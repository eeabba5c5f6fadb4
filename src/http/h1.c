/* SPDX-License-Identifier: Apache-2.0 */
/*
 * h1.c - the fast path: plain HTTP/1.1 on the worker's loop, without curl.
 *
 * DESIGN: a profile of `http.get` at 50 VUs put half of every request's
 * instructions in libcurl (connection-cache lookups, option and state
 * machinery, two liveness polls per request) and counted 4+ syscalls per
 * request.  The common case of a load test -- http:// to an IP address, no
 * proxy, no auth, no cookies in the jar -- needs none of that, so it runs
 * here: one sendmsg() of the request, one read() of the response into a
 * per-worker buffer, an incremental parser, and keep-alive connections
 * owned by the VU (a VU is a user: it does not share connections).
 * Everything else (https, host names, proxies, auth, a jar with cookies,
 * LOADGATE_HTTP_CLIENT=curl) goes to curl, hop by hop; both clients end a
 * hop in lg__http_hop_done, so metrics, redirects and Response fields are
 * the same (tests/integration/test_http_fastpath.py compares them).
 *
 * Timings (k6's definitions, reference 4.1), per hop:
 *   blocked = hop start -> connection ready (connecting inside it)
 *   sending = ready -> request written, waiting = written -> first byte,
 *   receiving = first byte -> last byte, duration = the sum of the three.
 * A reused connection that the server closed while idle is retried once on a
 * new connection when no byte of the response had arrived (as curl and Go
 * do); idle connections stay in epoll, so a close is noticed when it happens.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "http_int.h"
#include "lg/clock.h"
#include "lg/log.h"
#include "lg/runtime.h"
#include "lg/vu.h"

enum { ST_CONNECTING, ST_WRITING, ST_HEAD, ST_BODY, ST_IDLE, ST_FAILED };
enum { BODY_NONE, BODY_LENGTH, BODY_CHUNKED, BODY_EOF };
enum { CH_SIZE, CH_EXT, CH_SIZE_LF, CH_DATA, CH_DATA_CR, CH_DATA_LF, CH_TRAILER };

#define H1_RBUF (64 * 1024)
#define H1_MAX_HEAD (256 * 1024)

struct h1_conn {
	int fd;
	int state;
	struct vu_http *v;
	struct h1_conn *next; /* in the VU's idle list */
	struct lg_http_req *r;
	struct sockaddr_storage addr;
	unsigned alen;
	int addr_i; /* which of the target's addresses */
	char ip[INET6_ADDRSTRLEN];
	long port;
	struct lg_timer timer;
	struct lg_buf out; /* request bytes not yet written */
	size_t out_off;
	bool reused, retried, keepalive, head_req, saw_cookie;
	int fail_code; /* ST_FAILED: the error to report from the timer */
	char *fail_msg;
	/* response */
	int body_mode, ch_state, ch_digits;
	bool ch_line_empty;
	uint64_t remaining;
	size_t head_scan;
	int64_t t_conn0, t_ready, t_sent, t_first;
	double bytes_in, bytes_out;
};

static void conn_io(struct lg_loop *loop, int fd, unsigned events, void *ud);
static void conn_timer(struct lg_loop *loop, struct lg_timer *t);
static void fail(struct h1_conn *c, int code, const char *fmt, ...) LG_PRINTF(3, 4);

static struct lg_loop *loop_of(const struct h1_conn *c)
{
	return c->v->h->w->loop;
}

/* ---- eligibility and the URL ------------------------------------------- */

static bool fast_enabled(struct lg_http *h)
{
	if (h->fast < 0) {
		const char *e = getenv("LOADGATE_HTTP_CLIENT");
		h->fast = !(e && strcmp(e, "curl") == 0) && !lg__http_proxy_env();
	}
	return h->fast != 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Parse "http://HOST[:PORT][/path][?query]" where HOST is a dotted IPv4
 * address, a bracketed IPv6 address in the form inet_ntop prints, or
 * "localhost" -- exactly the URLs whose meaning curl would not change (no
 * normalisation, no user info, no fragment, printable ASCII only).
 */
static bool parse_target(const char *url, struct h1_target *t)
{
	const char *p, *host, *host_end, *port_s = NULL, *auth_end;
	char hbuf[64];
	size_t hlen;
	long port = 80;

	if (strncmp(url, "http://", 7) != 0)
		return false;
	host = url + 7;
	auth_end = host + strcspn(host, "/?");
	for (p = url; *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f || *p == '#' ||
		    *p == '\\' || *p == '@')
			return false;
	if (*host == '[') {
		host_end = memchr(host, ']', (size_t)(auth_end - host));
		if (!host_end)
			return false;
		hlen = (size_t)(host_end - host - 1);
		p = host_end + 1;
	} else {
		host_end = memchr(host, ':', (size_t)(auth_end - host));
		if (!host_end)
			host_end = auth_end;
		hlen = (size_t)(host_end - host);
		p = host_end;
	}
	if (hlen == 0 || hlen >= sizeof(hbuf))
		return false;
	if (p < auth_end) {
		if (*p != ':' || p + 1 == auth_end || auth_end - p > 6)
			return false;
		port_s = p + 1;
		port = 0;
		for (p = port_s; p < auth_end; p++) {
			if (!is_digit(*p))
				return false;
			port = port * 10 + (*p - '0');
		}
		if (port < 1 || port > 65535 || *port_s == '0' || port == 80)
			return false;
	}
	memcpy(hbuf, *host == '[' ? host + 1 : host, hlen);
	hbuf[hlen] = '\0';
	memset(t, 0, sizeof(*t));
	if (*host == '[') {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&t->addr[0];
		char canon[INET6_ADDRSTRLEN];
		if (inet_pton(AF_INET6, hbuf, &a->sin6_addr) != 1 ||
		    !inet_ntop(AF_INET6, &a->sin6_addr, canon, sizeof(canon)) ||
		    strcmp(canon, hbuf) != 0)
			return false;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		t->alen[0] = sizeof(*a);
		t->naddr = 1;
	} else if (strcmp(hbuf, "localhost") == 0) {
		struct sockaddr_in *a4 = (struct sockaddr_in *)&t->addr[0];
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&t->addr[1];
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)port);
		a4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		t->alen[0] = sizeof(*a4);
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		a6->sin6_addr = in6addr_loopback;
		t->alen[1] = sizeof(*a6);
		t->naddr = 2;
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)&t->addr[0];
		if (inet_pton(AF_INET, hbuf, &a->sin_addr) != 1)
			return false;
		a->sin_family = AF_INET;
		a->sin_port = htons((uint16_t)port);
		t->alen[0] = sizeof(*a);
		t->naddr = 1;
	}
	if ((size_t)(auth_end - host) >= sizeof(t->host))
		return false;
	memcpy(t->host, host, (size_t)(auth_end - host));
	t->host[auth_end - host] = '\0';
	t->path_off = (size_t)(auth_end - url);
	t->path_missing = *auth_end != '/';
	/* curl resolves dot segments; leave those URLs to it. */
	for (p = auth_end; *p && *p != '?'; p++)
		if (p[0] == '/' && p[1] == '.' &&
		    (p[2] == '/' || p[2] == '?' || !p[2] ||
		     (p[2] == '.' && (p[3] == '/' || p[3] == '?' || !p[3]))))
			return false;
	return true;
}

/* The VU's target for url, parsed once for a run of requests to one URL. */
static const struct h1_target *target_for(struct vu_http *v, const char *url)
{
	if (v->t_url && strcmp(v->t_url, url) == 0)
		return &v->t;
	free(v->t_url);
	v->t_url = NULL;
	if (!parse_target(url, &v->t))
		return NULL;
	v->t_url = lg_xstrdup(url);
	return &v->t;
}

static bool is_tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit((char)c) ||
	       (c && strchr("!#$%&'*+-.^_`|~", c));
}

static bool header_is(const char *line, size_t nlen, const char *name)
{
	return strlen(name) == nlen && strncasecmp(line, name, nlen) == 0;
}

/*
 * The request head into h->wbuf, as curl writes it: request line, Host,
 * User-Agent, Accept, the user's headers in order (an empty value removes
 * the built-in header of that name, as with curl), Content-Length.  Returns
 * false when the request needs curl.
 */
static bool build_request(struct lg_http *h, struct lg_http_req *r, const struct h1_target *t,
                          bool with_body)
{
	struct lg_buf *b = &h->wbuf;
	const char *ua = r->vu->run->opts->user_agent;
	const char *host_line = NULL;
	bool own_ua = ua && *ua, own_accept = true;

	for (const char *m = r->current_method; *m; m++)
		if (!is_tchar((unsigned char)*m))
			return false;
	for (struct curl_slist *l = r->headers; l; l = l->next) {
		const char *colon = strchr(l->data, ':');
		size_t nlen;
		if (!colon || strpbrk(l->data, "\r\n"))
			return false;
		nlen = (size_t)(colon - l->data);
		if (header_is(l->data, nlen, "Transfer-Encoding") ||
		    header_is(l->data, nlen, "Connection") || header_is(l->data, nlen, "Expect"))
			return false;
		if (header_is(l->data, nlen, "Host"))
			host_line = l->data;
		else if (header_is(l->data, nlen, "User-Agent"))
			own_ua = false;
		else if (header_is(l->data, nlen, "Accept"))
			own_accept = false;
	}
	lg_buf_reset(b);
	lg_buf_puts(b, r->current_method);
	lg_buf_putc(b, ' ');
	if (t->path_missing)
		lg_buf_putc(b, '/');
	lg_buf_puts(b, r->url + t->path_off);
	lg_buf_puts(b, " HTTP/1.1\r\n");
	if (host_line) {
		const char *v = host_line + 5;
		v += strspn(v, " \t");
		if (*v) {
			lg_buf_puts(b, "Host: ");
			lg_buf_puts(b, v);
			lg_buf_puts(b, "\r\n");
		}
	} else {
		lg_buf_puts(b, "Host: ");
		lg_buf_puts(b, t->host);
		lg_buf_puts(b, "\r\n");
	}
	if (own_ua) {
		lg_buf_puts(b, "User-Agent: ");
		lg_buf_puts(b, ua);
		lg_buf_puts(b, "\r\n");
	}
	if (own_accept)
		lg_buf_puts(b, "Accept: */*\r\n");
	for (struct curl_slist *l = r->headers; l; l = l->next) {
		const char *colon = strchr(l->data, ':');
		const char *v = colon + 1 + strspn(colon + 1, " \t");
		if (!*v || header_is(l->data, (size_t)(colon - l->data), "Host"))
			continue;
		lg_buf_puts(b, l->data);
		lg_buf_puts(b, "\r\n");
	}
	if (with_body || strcmp(r->current_method, "POST") == 0)
		lg_buf_printf(b, "Content-Length: %zu\r\n", with_body ? r->body_len : 0);
	return lg_buf_puts(b, "\r\n") == 0;
}

/* ---- connections -------------------------------------------------------- */

static void conn_close(struct h1_conn *c)
{
	if (c->fd >= 0) {
		lg_loop_io(loop_of(c), c->fd, 0, NULL, NULL);
		close(c->fd);
	}
	lg_timer_stop(loop_of(c), &c->timer);
	lg_buf_free(&c->out);
	free(c->fail_msg);
	if (c->r)
		c->r->h1 = NULL;
	free(c);
}

static void fill_peer(struct h1_conn *c)
{
	if (c->addr.ss_family == AF_INET6) {
		const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)&c->addr;
		inet_ntop(AF_INET6, &a->sin6_addr, c->ip, sizeof(c->ip));
		c->port = ntohs(a->sin6_port);
	} else {
		const struct sockaddr_in *a = (const struct sockaddr_in *)&c->addr;
		inet_ntop(AF_INET, &a->sin_addr, c->ip, sizeof(c->ip));
		c->port = ntohs(a->sin_port);
	}
}

/* Report an error from the loop rather than from inside the VU's call. */
static void fail_later(struct h1_conn *c, int code, const char *msg)
{
	c->state = ST_FAILED;
	c->fail_code = code;
	free(c->fail_msg);
	c->fail_msg = lg_xstrdup(msg);
	lg_timer_start(loop_of(c), &c->timer, lg_now_ns());
}

static void connect_error(struct h1_conn *c, int err)
{
	char msg[256];

	snprintf(msg, sizeof(msg), "dial tcp %s%s%s:%ld: connect: %s",
	         c->addr.ss_family == AF_INET6 ? "[" : "", c->ip,
	         c->addr.ss_family == AF_INET6 ? "]" : "", c->port,
	         err == ECONNREFUSED ? "connection refused" : strerror(err));
	fail_later(c, err == ECONNREFUSED ? 1212 : err == ETIMEDOUT ? 1211 : 1210, msg);
}

/* Open a connection to the target's address i; the hop continues in conn_io. */
static void conn_connect(struct h1_conn *c, const struct h1_target *t, int i)
{
	int one = 1;

	c->addr_i = i;
	memcpy(&c->addr, &t->addr[i], t->alen[i]);
	c->alen = t->alen[i];
	fill_peer(c);
	c->reused = false;
	c->t_conn0 = lg_now_ns();
	c->fd = socket(c->addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0) {
		connect_error(c, errno);
		return;
	}
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	c->state = ST_CONNECTING;
	if (connect(c->fd, (struct sockaddr *)&c->addr, c->alen) < 0 && errno != EINPROGRESS) {
		connect_error(c, errno);
		return;
	}
	if (lg_loop_io(loop_of(c), c->fd, LG_IO_WRITE, conn_io, c) < 0)
		connect_error(c, errno);
}

static void reset_response(struct h1_conn *c)
{
	c->state = ST_WRITING;
	c->head_scan = 0;
	c->saw_cookie = false;
	c->keepalive = false;
	c->body_mode = BODY_NONE;
	c->bytes_in = 0;
	c->t_first = 0;
	lg_buf_reset(&c->r->resp_headers);
	lg_buf_reset(&c->r->body_out);
	c->r->body_truncated = false;
}

static bool retry_stale(struct h1_conn *c);

/* A write failed: retry a stale connection, else report (from the loop:
 * this may run inside the VU's own call). */
static void write_error(struct h1_conn *c, int err)
{
	char msg[128];

	if (retry_stale(c))
		return;
	if (err == EPIPE)
		fail_later(c, 1201, "write: broken pipe");
	else if (err == ECONNRESET)
		fail_later(c, 1220, "write: connection reset by peer");
	else {
		snprintf(msg, sizeof(msg), "write error: %s", strerror(err));
		fail_later(c, 1200, msg);
	}
}

/* Send the request head in h->wbuf (and the body) now, keeping what the
 * socket does not take in c->out. */
static void send_now(struct lg_http *h, struct h1_conn *c)
{
	struct lg_http_req *r = c->r;
	bool with_body = r->send_body && strcmp(r->current_method, "HEAD") != 0;
	struct iovec iov[2] = { { h->wbuf.data, h->wbuf.len },
		                { r->body, with_body ? r->body_len : 0 } };
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = with_body && r->body_len ? 2 : 1 };
	size_t total = iov[0].iov_len + iov[1].iov_len;
	ssize_t n;

	c->t_ready = lg_now_ns();
	c->bytes_out = (double)total;
	n = sendmsg(c->fd, &mh, MSG_NOSIGNAL);
	if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
		n = -errno;
	else if (n < 0)
		n = 0;
	if (n >= 0 && (size_t)n == total) {
		c->t_sent = lg_now_ns();
		c->state = ST_HEAD;
		if (lg_loop_io(loop_of(c), c->fd, LG_IO_READ, conn_io, c) < 0)
			fail_later(c, 1000, "cannot watch the connection");
		return;
	}
	if (n < 0) {
		write_error(c, (int)-n);
		return;
	}
	lg_buf_reset(&c->out);
	c->out_off = 0;
	for (int i = 0; i < 2; i++) {
		size_t skip = (size_t)n < iov[i].iov_len ? (size_t)n : iov[i].iov_len;
		lg_buf_append(&c->out, (char *)iov[i].iov_base + skip, iov[i].iov_len - skip);
		n -= (ssize_t)skip;
	}
	c->state = ST_WRITING;
	if (lg_loop_io(loop_of(c), c->fd, LG_IO_WRITE, conn_io, c) < 0)
		fail_later(c, 1000, "cannot watch the connection");
}

static void send_out(struct h1_conn *c)
{
	ssize_t n;

	while (c->out_off < c->out.len) {
		n = send(c->fd, c->out.data + c->out_off, c->out.len - c->out_off, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			write_error(c, errno);
			return;
		}
		c->out_off += (size_t)n;
	}
	lg_buf_free(&c->out);
	c->out_off = 0;
	c->t_sent = lg_now_ns();
	c->state = ST_HEAD;
	if (lg_loop_io(loop_of(c), c->fd, LG_IO_READ, conn_io, c) < 0)
		fail(c, 1000, "cannot watch the connection");
}

/* A connection is ready (new and connected, or reused): send the request. */
static void start_request(struct h1_conn *c, const struct h1_target *t)
{
	struct lg_http *h = c->v->h;
	struct lg_http_req *r = c->r;
	bool with_body = r->send_body && strcmp(r->current_method, "HEAD") != 0;

	reset_response(c);
	if (!build_request(h, r, t, with_body)) {
		fail_later(c, 1000, "cannot build the request");
		return;
	}
	send_now(h, c);
}

/*
 * A reused connection failed before any byte of the response: the server
 * closed it while idle.  Send the request again on a new connection, once.
 */
static bool retry_stale(struct h1_conn *c)
{
	struct vu_http *v = c->v;
	const struct h1_target *t;

	if (!c->reused || c->retried || c->bytes_in > 0 || !c->r)
		return false;
	t = target_for(v, c->r->url);
	if (!t)
		return false;
	lg_loop_io(loop_of(c), c->fd, 0, NULL, NULL);
	close(c->fd);
	c->fd = -1;
	c->retried = true;
	conn_connect(c, t, c->addr_i < t->naddr ? c->addr_i : 0);
	return true;
}

/* ---- the response ------------------------------------------------------- */

static void fail(struct h1_conn *c, int code, const char *fmt, ...)
{
	struct lg_http_req *r = c->r;
	struct lg_http *h = c->v->h;
	va_list ap;
	char msg[512];
	int64_t now = lg_now_ns();

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	conn_close(c); /* clears r->h1 */
	if (!r)
		return;
	r->status = 0;
	r->proto[0] = '\0';
	snprintf(r->remote_ip, sizeof(r->remote_ip), "%s", "");
	r->remote_port = 0;
	r->t_blocked = r->t_connecting = r->t_tls = r->t_sending = r->t_receiving = 0;
	r->t_duration = (double)(now - r->t_add_ns) / 1e6;
	r->t_waiting = r->t_duration;
	lg__http_set_error(r, code, "%s", msg);
	free(r->final_url);
	r->final_url = lg_xstrdup(r->url);
	lg__http_hop_done(h, r, NULL);
}

/* Find a header's value in the raw header block (first occurrence). */
static const char *find_header(const struct lg_buf *hb, const char *name, size_t *len)
{
	size_t nlen = strlen(name);
	const char *p = hb->data, *end = hb->data + hb->len;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			break;
		if ((size_t)(eol - p) > nlen && p[nlen] == ':' && strncasecmp(p, name, nlen) == 0) {
			const char *v = p + nlen + 1, *ve = eol;
			while (v < ve && (*v == ' ' || *v == '\t'))
				v++;
			while (ve > v && (ve[-1] == '\r' || ve[-1] == ' ' || ve[-1] == '\t'))
				ve--;
			*len = (size_t)(ve - v);
			return v;
		}
		p = eol + 1;
	}
	return NULL;
}

static bool token_in(const char *v, size_t len, const char *tok)
{
	size_t tl = strlen(tok);

	for (size_t i = 0; i + tl <= len; i++)
		if (strncasecmp(v + i, tok, tl) == 0 && (i == 0 || strchr(" ,\t", v[i - 1])) &&
		    (i + tl == len || strchr(" ,\t;", v[i + tl])))
			return true;
	return false;
}

/* Parse the complete header block in r->resp_headers; -1 when malformed. */
static int parse_head(struct h1_conn *c)
{
	struct lg_http_req *r = c->r;
	const char *s = r->resp_headers.data, *end = s + r->resp_headers.len, *p;
	bool chunked = false, has_len = false;
	uint64_t clen = 0;
	int minor;

	if (r->resp_headers.len < 13 || memcmp(s, "HTTP/1.", 7) != 0 || !is_digit(s[7]) ||
	    s[8] != ' ' || !is_digit(s[9]) || !is_digit(s[10]) || !is_digit(s[11]) ||
	    (s[12] != ' ' && s[12] != '\r' && s[12] != '\n'))
		return -1;
	minor = s[7] - '0';
	r->status = (s[9] - '0') * 100 + (s[10] - '0') * 10 + (s[11] - '0');
	memcpy(r->proto, minor == 0 ? "HTTP/1.0" : "HTTP/1.1", 9);
	c->keepalive = minor >= 1;
	for (p = (const char *)memchr(s, '\n', (size_t)(end - s)) + 1; p < end;) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *colon, *v, *ve;
		size_t nlen;
		if (!eol)
			break;
		colon = memchr(p, ':', (size_t)(eol - p));
		if (colon) {
			nlen = (size_t)(colon - p);
			v = colon + 1;
			ve = eol;
			while (v < ve && (*v == ' ' || *v == '\t'))
				v++;
			while (ve > v && (ve[-1] == '\r' || ve[-1] == ' ' || ve[-1] == '\t'))
				ve--;
			if (header_is(p, nlen, "Content-Length")) {
				uint64_t n = 0;
				if (v == ve || ve - v > 18)
					return -1;
				for (const char *q = v; q < ve; q++) {
					if (!is_digit(*q))
						return -1;
					n = n * 10 + (uint64_t)(*q - '0');
				}
				if (has_len && n != clen)
					return -1;
				has_len = true;
				clen = n;
			} else if (header_is(p, nlen, "Transfer-Encoding")) {
				size_t l = (size_t)(ve - v);
				chunked = l >= 7 && strncasecmp(ve - 7, "chunked", 7) == 0;
				if (!chunked && l > 0)
					c->keepalive = false;
			} else if (header_is(p, nlen, "Connection")) {
				if (token_in(v, (size_t)(ve - v), "close"))
					c->keepalive = false;
				else if (token_in(v, (size_t)(ve - v), "keep-alive"))
					c->keepalive = true;
			} else if (header_is(p, nlen, "Set-Cookie")) {
				c->saw_cookie = true;
			}
		}
		p = eol + 1;
	}
	if (c->head_req || (r->status >= 100 && r->status < 200) || r->status == 204 ||
	    r->status == 304) {
		c->body_mode = BODY_NONE;
		if (r->status == 101)
			c->keepalive = false;
	} else if (chunked) {
		c->body_mode = BODY_CHUNKED;
		c->ch_state = CH_SIZE;
		c->ch_digits = 0;
		c->remaining = 0;
	} else if (has_len) {
		c->body_mode = clen ? BODY_LENGTH : BODY_NONE;
		c->remaining = clen;
	} else {
		c->body_mode = BODY_EOF;
		c->keepalive = false;
	}
	return 0;
}

/* Chunked body: consume input; 1 at the end of the message, -1 malformed. */
static int feed_chunked(struct h1_conn *c, const char **pp, size_t *np)
{
	const char *p = *pp;
	size_t n = *np;
	int rc = 0;

	while (n > 0 && rc == 0) {
		char ch = *p;
		int hv;
		switch (c->ch_state) {
		case CH_SIZE:
			hv = lg_hexval((unsigned char)ch);
			if (hv >= 0 && c->ch_digits < 15) {
				c->remaining = c->remaining * 16 + (uint64_t)hv;
				c->ch_digits++;
			} else if (c->ch_digits > 0 && (ch == ';' || ch == ' ' || ch == '\t')) {
				c->ch_state = CH_EXT;
			} else if (c->ch_digits > 0 && ch == '\r') {
				c->ch_state = CH_SIZE_LF;
			} else if (c->ch_digits > 0 && ch == '\n') {
				goto size_done;
			} else {
				rc = -1;
				break;
			}
			p++, n--;
			continue;
		case CH_EXT:
			if (ch == '\n')
				goto size_done;
			p++, n--;
			continue;
		case CH_SIZE_LF:
			if (ch != '\n') {
				rc = -1;
				break;
			}
		size_done:
			p++, n--;
			c->ch_digits = 0;
			if (c->remaining == 0) {
				c->ch_state = CH_TRAILER;
				c->ch_line_empty = true;
			} else {
				c->ch_state = CH_DATA;
			}
			continue;
		case CH_DATA: {
			size_t take = n < c->remaining ? n : (size_t)c->remaining;
			lg__http_body_append(c->r, p, take);
			p += take, n -= take;
			c->remaining -= take;
			if (c->remaining == 0)
				c->ch_state = CH_DATA_CR;
			continue;
		}
		case CH_DATA_CR:
			if (ch == '\r')
				c->ch_state = CH_DATA_LF;
			else if (ch == '\n')
				c->ch_state = CH_SIZE;
			else
				rc = -1;
			p++, n--;
			continue;
		case CH_DATA_LF:
			if (ch != '\n')
				rc = -1;
			c->ch_state = CH_SIZE;
			p++, n--;
			continue;
		case CH_TRAILER:
			p++, n--;
			if (ch == '\n') {
				if (c->ch_line_empty)
					rc = 1;
				c->ch_line_empty = true;
			} else if (ch != '\r') {
				c->ch_line_empty = false;
			}
			continue;
		}
	}
	*pp = p;
	*np = n;
	return rc;
}

/* Consume response bytes; 1 when the response is complete (bytes left over
 * in *leftover), 0 for more, -1 malformed (r->error unset). */
static int feed(struct h1_conn *c, const char *p, size_t n, size_t *leftover)
{
	struct lg_http_req *r = c->r;

	while (n > 0 || (c->state == ST_BODY && c->body_mode == BODY_NONE)) {
		if (c->state == ST_HEAD) {
			struct lg_buf *hb = &r->resp_headers;
			size_t old = hb->len, i, end = 0;
			if (lg_buf_append(hb, p, n) < 0)
				return -1;
			for (i = c->head_scan; i < hb->len; i++) {
				if (hb->data[i] != '\n')
					continue;
				if (i + 1 < hb->len && hb->data[i + 1] == '\n') {
					end = i + 2;
					break;
				}
				if (i + 2 < hb->len && hb->data[i + 1] == '\r' &&
				    hb->data[i + 2] == '\n') {
					end = i + 3;
					break;
				}
			}
			if (!end) {
				c->head_scan = hb->len > 2 ? hb->len - 2 : 0;
				if (hb->len > H1_MAX_HEAD ||
				    (hb->len >= 5 && memcmp(hb->data, "HTTP/", 5)))
					return -1;
				return 0;
			}
			p += end - old;
			n -= end - old;
			hb->len = end;
			hb->data[end] = '\0';
			c->head_scan = 0;
			if (parse_head(c) < 0)
				return -1;
			if (r->status >= 100 && r->status < 200 && r->status != 101) {
				lg_buf_reset(hb); /* an interim response: the real one follows */
				continue;
			}
			c->state = ST_BODY;
			continue;
		}
		switch (c->body_mode) {
		case BODY_NONE:
			*leftover = n;
			return 1;
		case BODY_LENGTH: {
			size_t take = n < c->remaining ? n : (size_t)c->remaining;
			lg__http_body_append(c->r, p, take);
			p += take, n -= take;
			c->remaining -= take;
			if (c->remaining == 0) {
				*leftover = n;
				return 1;
			}
			break;
		}
		case BODY_EOF:
			lg__http_body_append(c->r, p, n);
			n = 0;
			break;
		case BODY_CHUNKED: {
			int rc = feed_chunked(c, &p, &n);
			if (rc != 0) {
				*leftover = n;
				return rc;
			}
			break;
		}
		}
	}
	return 0;
}

/* The Location of a redirect, absolute (malloc'd), or NULL. */
static char *redirect_url(const struct lg_http_req *r)
{
	size_t len;
	const char *loc;
	char *rel, *out = NULL;
	CURLU *u;

	if (r->status < 300 || r->status >= 400 || r->status == 304)
		return NULL;
	loc = find_header(&r->resp_headers, "Location", &len);
	if (!loc || len == 0)
		return NULL;
	rel = lg_xstrndup(loc, len);
	u = curl_url();
	if (u && curl_url_set(u, CURLUPART_URL, r->url, 0) == CURLUE_OK &&
	    curl_url_set(u, CURLUPART_URL, rel, CURLU_URLENCODE) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_URL, &out, 0) == CURLUE_OK) {
		char *copy = lg_xstrdup(out);
		curl_free(out);
		out = copy;
	} else {
		out = NULL;
	}
	curl_url_cleanup(u);
	free(rel);
	return out;
}

/* Hand the response's cookies to the VU's jar (curl's cookie engine). */
static void store_cookies(struct h1_conn *c)
{
	struct lg_http_req *r = c->r;
	const struct h1_target *t = &c->v->t;
	const char *p = r->resp_headers.data, *end = p + r->resp_headers.len;
	char host[96], *path;
	size_t plen;

	/* host without port or brackets; path without query */
	snprintf(host, sizeof(host), "%s", t->host);
	if (host[0] == '[') {
		memmove(host, host + 1, strlen(host));
		*strchr(host, ']') = '\0';
	} else if (strchr(host, ':')) {
		*strchr(host, ':') = '\0';
	}
	plen = strcspn(r->url + t->path_off, "?");
	path = t->path_missing ? lg_xstrdup("/") : lg_xstrndup(r->url + t->path_off, plen);
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			break;
		if (eol - p > 11 && strncasecmp(p, "Set-Cookie:", 11) == 0) {
			const char *v = p + 11, *ve = eol;
			while (v < ve && (*v == ' ' || *v == '\t'))
				v++;
			while (ve > v && (ve[-1] == '\r' || ve[-1] == ' '))
				ve--;
			lg__http_jar_add_set_cookie(r->vu, host, path, v, (size_t)(ve - v));
		}
		p = eol + 1;
	}
	free(path);
}

/* The response is complete: fill r, release the connection, end the hop. */
static void complete(struct h1_conn *c, size_t leftover)
{
	struct lg_http_req *r = c->r;
	struct vu_http *v = c->v;
	struct lg_http *h = v->h;
	struct lg_vu *vu = r->vu;
	int64_t now = lg_now_ns();
	const struct h1_target *t;
	char *redirect;

	lg_timer_stop(loop_of(c), &c->timer);
	if (c->t_first == 0)
		c->t_first = now;
	r->t_blocked = (double)(c->t_ready - r->t_add_ns) / 1e6;
	r->t_connecting = c->reused ? 0 : (double)(c->t_ready - c->t_conn0) / 1e6;
	r->t_tls = 0;
	r->t_sending = (double)(c->t_sent - c->t_ready) / 1e6;
	r->t_waiting = (double)(c->t_first - c->t_sent) / 1e6;
	r->t_receiving = (double)(now - c->t_first) / 1e6;
	r->t_duration = r->t_sending + r->t_waiting + r->t_receiving;
	memcpy(r->remote_ip, c->ip, sizeof(c->ip));
	r->remote_port = c->port;
	r->tls_version[0] = '\0';
	vu->data_sent += c->bytes_out;
	vu->data_received += c->bytes_in;
	free(r->error);
	r->error = NULL;
	r->error_code = 0;
	if (r->body_truncated)
		lg__http_set_error(r, 1000,
		                   "response body larger than maxResponseBodySize (%lld bytes); "
		                   "body truncated",
		                   (long long)vu->run->opts->max_response_body.v);
	else if (r->status >= 400)
		r->error_code = 1000 + (int)r->status;
	t = target_for(v, r->url); /* parsed before: cannot fail */
	free(r->final_url);
	r->final_url = t && t->path_missing
	                   ? lg_xasprintf("%.*s/%s", (int)t->path_off, r->url, r->url + t->path_off)
	                   : lg_xstrdup(r->url);
	if (c->saw_cookie && t)
		store_cookies(c);
	redirect = redirect_url(r);
	/* Release the connection before the next hop may want it. */
	c->r = NULL;
	r->h1 = NULL;
	if (c->keepalive && leftover == 0 && !vu->run->opts->no_connection_reuse.v) {
		c->state = ST_IDLE;
		c->reused = true;
		c->retried = false;
		c->next = v->idle;
		v->idle = c;
	} else {
		conn_close(c);
	}
	lg__http_hop_done(h, r, redirect);
	free(redirect);
}

static void on_readable(struct h1_conn *c)
{
	struct lg_http *h = c->v->h;
	size_t leftover = 0;
	ssize_t n;
	int rc;

	for (;;) {
		n = read(c->fd, h->rbuf, h->rcap);
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			if (errno == EINTR)
				continue;
			if (retry_stale(c))
				return;
			if (errno == ECONNRESET)
				fail(c, 1220, "read: connection reset by peer");
			else
				fail(c, 1200, "read error: %s", strerror(errno));
			return;
		}
		if (n == 0) {
			if (c->state == ST_BODY && c->body_mode == BODY_EOF) {
				complete(c, 0);
			} else if (!retry_stale(c)) {
				if (c->bytes_in == 0)
					fail(c, 1000,
					     "EOF: the server closed the connection "
					     "without a response");
				else
					fail(c, 1000,
					     "unexpected EOF: the server closed the "
					     "connection in the middle of the response");
			}
			return;
		}
		if (c->t_first == 0)
			c->t_first = lg_now_ns();
		c->bytes_in += (double)n;
		rc = feed(c, h->rbuf, (size_t)n, &leftover);
		if (rc < 0) {
			fail(c, 1000, "malformed HTTP response from %s:%ld", c->ip, c->port);
			return;
		}
		if (rc > 0) {
			complete(c, leftover);
			return;
		}
		if ((size_t)n < h->rcap)
			return;
	}
}

static void idle_event(struct h1_conn *c)
{
	struct vu_http *v = c->v;

	/* The server closed the connection (or sent something unasked for). */
	for (struct h1_conn **pp = &v->idle; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	conn_close(c);
}

static void conn_io(struct lg_loop *loop, int fd, unsigned events, void *ud)
{
	struct h1_conn *c = ud;
	int err = 0;
	socklen_t elen = sizeof(err);

	switch (c->state) {
	case ST_IDLE:
		idle_event(c);
		return;
	case ST_CONNECTING:
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) < 0)
			err = errno;
		if (err) {
			const struct h1_target *t = target_for(c->v, c->r->url);
			if (err == ECONNREFUSED && t && c->addr_i + 1 < t->naddr) {
				lg_loop_io(loop, fd, 0, NULL, NULL);
				close(fd);
				c->fd = -1;
				conn_connect(c, t, c->addr_i + 1);
				return;
			}
			connect_error(c, err);
			lg_loop_io(loop, fd, 0, NULL, NULL);
			return;
		}
		{
			const struct h1_target *t = target_for(c->v, c->r->url);
			if (t)
				start_request(c, t);
			else /* cannot happen: the URL was parsed to get here */
				fail_later(c, 1020, "invalid URL");
		}
		return;
	case ST_WRITING:
		send_out(c);
		return;
	case ST_HEAD:
	case ST_BODY:
		on_readable(c);
		return;
	default:
		return;
	}
}

static void conn_timer(struct lg_loop *loop, struct lg_timer *t)
{
	struct h1_conn *c = t->ud;
	char *msg;
	int code;

	if (c->state == ST_FAILED) {
		msg = c->fail_msg;
		c->fail_msg = NULL;
		code = c->fail_code;
		fail(c, code, "%s", msg ? msg : "request failed");
		free(msg);
		return;
	}
	fail(c, 1050, "request timeout");
}

/* ---- entry points ------------------------------------------------------- */

bool lg__h1_start(struct lg_http *h, struct lg_http_req *r)
{
	struct vu_http *v = r->vu->http;
	const struct lg_options *o = r->vu->run->opts;
	const struct h1_target *t;
	struct h1_conn *c = NULL, **pp;
	bool with_body = r->send_body && strcmp(r->current_method, "HEAD") != 0;

	if (!fast_enabled(h) || v->cookies_dirty || r->digest || o->no_connection_reuse.v)
		return false;
	t = target_for(v, r->url);
	if (!t || !build_request(h, r, t, with_body))
		return false;
	if (!h->rbuf) {
		h->rcap = H1_RBUF;
		h->rbuf = lg_xmalloc(h->rcap);
	}
	for (pp = &v->idle; *pp; pp = &(*pp)->next) {
		for (int i = 0; i < t->naddr; i++) {
			if ((*pp)->alen == t->alen[i] &&
			    memcmp(&(*pp)->addr, &t->addr[i], t->alen[i]) == 0) {
				c = *pp;
				*pp = c->next;
				c->next = NULL;
				break;
			}
		}
		if (c)
			break;
	}
	if (c) {
		c->r = r;
		r->h1 = c;
		c->head_req = strcmp(r->current_method, "HEAD") == 0;
		reset_response(c);
		c->t_conn0 = r->t_add_ns;
		lg_timer_start(loop_of(c), &c->timer, r->t_add_ns + r->timeout_ms * LG_NS_PER_MS);
		send_now(h, c);
		return true;
	}
	c = lg_xcalloc(1, sizeof(*c));
	c->fd = -1;
	c->v = v;
	c->r = r;
	r->h1 = c;
	c->head_req = strcmp(r->current_method, "HEAD") == 0;
	c->timer.cb = conn_timer;
	c->timer.ud = c;
	reset_response(c);
	lg_timer_start(loop_of(c), &c->timer, r->t_add_ns + r->timeout_ms * LG_NS_PER_MS);
	conn_connect(c, t, 0);
	return true;
}

void lg__h1_cancel(struct lg_http_req *r)
{
	struct h1_conn *c = r->h1;

	if (!c)
		return;
	c->r = NULL;
	r->h1 = NULL;
	conn_close(c);
}

void lg__h1_close_idle(struct vu_http *v)
{
	while (v->idle) {
		struct h1_conn *c = v->idle;
		v->idle = c->next;
		conn_close(c);
	}
	free(v->t_url);
	v->t_url = NULL;
}
