/* SPDX-License-Identifier: Apache-2.0 */
/*
 * http_int.h - what the two HTTP clients share: the curl client (http.c)
 * and the plain-HTTP/1.1 fast path (h1.c).  Private to src/http.
 */
#ifndef LG_HTTP_INT_H
#define LG_HTTP_INT_H

#include <curl/curl.h>

#include "lg/http.h"
#include "lg/loop.h"

struct h1_conn;

struct lg_http {
	struct lg_worker *w;
	CURLM *multi;
	struct lg_timer timer;
	int running;
	/* fast path: one read buffer and one request buffer per worker */
	char *rbuf;
	size_t rcap;
	struct lg_buf wbuf;
	int fast;                      /* -1 unknown, 0 LOADGATE_HTTP_CLIENT=curl, 1 on */
	uint64_t hops_fast, hops_curl; /* logged at exit with LOADGATE_DEBUG_HTTP=1 */
};

/* The fast path's parsed form of the last URL a VU requested. */
struct h1_target {
	struct sockaddr_storage addr[2]; /* "localhost": 127.0.0.1 then ::1 */
	unsigned alen[2];
	int naddr;
	char host[96];     /* Host header value ("127.0.0.1:8080") */
	size_t path_off;   /* request-target's offset in the URL */
	bool path_missing; /* URL has no path: the target starts with "/" */
};

struct vu_http {
	struct lg_http *h;
	CURLSH *share; /* created with the first curl handle */
	CURL **easies; /* idle easy handles bound to the share */
	int n_easies, cap_easies;
	bool cookies_dirty;   /* the jar may hold cookies: requests go through curl */
	struct h1_conn *idle; /* fast path: idle keep-alive connections */
	char *t_url;          /* fast path: the URL t was parsed from */
	struct h1_target t;
};

/* libcurl takes a proxy from the environment (read once per process). */
bool lg__http_proxy_env(void);

void lg__http_set_error(struct lg_http_req *r, int code, const char *fmt, ...) LG_PRINTF(3, 4);

/*
 * The end of a hop on either client: r's status, proto, timings, error,
 * final_url, resp_headers and body_out are set.  Records cookies, emits the
 * hop's samples, then follows `redirect` (absolute URL, or NULL) with a new
 * hop or completes the request (on_done or waking the VU).
 */
void lg__http_hop_done(struct lg_http *h, struct lg_http_req *r, const char *redirect);

/*
 * Fast path: start r's current hop on a plain HTTP/1.1 connection of the VU.
 * Returns false, having done nothing, when the hop needs curl (TLS, a host
 * name, a proxy, auth, cookies in the jar, ...).
 */
bool lg__h1_start(struct lg_http *h, struct lg_http_req *r);
/* Abandon r's hop (its connection is closed). */
void lg__h1_cancel(struct lg_http_req *r);
/* Close the VU's idle fast-path connections. */
void lg__h1_close_idle(struct vu_http *v);

/*
 * Append response body bytes to r->body_out (unless responseType "none"),
 * keeping at most maxResponseBodySize bytes.  False once the body was cut:
 * r->body_truncated is then set.
 */
bool lg__http_body_append(struct lg_http_req *r, const char *p, size_t n);

/* Add a Set-Cookie value received from host/path to the VU's curl jar. */
void lg__http_jar_add_set_cookie(struct lg_vu *vu, const char *host, const char *url_path,
                                 const char *value, size_t len);

#endif
