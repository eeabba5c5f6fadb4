/* SPDX-License-Identifier: Apache-2.0 */
/*
 * http.h - HTTP for VUs over one curl multi handle per worker.
 *
 * A VU builds requests (struct lg_http_req), submits them with
 * lg_http_do(), and is parked until every one of them finished (redirects
 * followed hop by hop so each hop is its own http_reqs sample, as in k6).
 * Each VU has its own curl share handle: its own connection pool, DNS cache,
 * TLS sessions and cookie jar, so VUs behave like separate users.
 *
 * Thread affinity: everything here runs on the VU's worker thread.
 */
#ifndef LG_HTTP_H
#define LG_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lg/base.h"
#include "lg/metrics.h"

struct lg_http;
struct lg_worker;
struct lg_vu;
struct curl_slist;

enum lg_resp_type { LG_RESP_TEXT, LG_RESP_BINARY, LG_RESP_NONE };

struct lg_status_range {
	int min, max;
};

struct lg_http_req {
	/* --- input, owned by the request --- */
	char *method;
	char *url;
	struct curl_slist *headers; /* "Name: value" lines */
	char *body;
	size_t body_len;
	bool has_body;
	int64_t timeout_ms; /* default 60000 */
	int max_redirects;
	enum lg_resp_type resp_type;
	struct lg_tag *tags; /* user tags, owned strings */
	int n_tags;
	char *userpwd; /* from user:pass@ in the URL */
	bool digest;   /* params.auth == "digest" */
	/* expected statuses for http_req_failed: NULL+n=0 -> 200..399;
	 * callback_off -> no http_req_failed, no expected_response tag */
	struct lg_status_range *expected;
	int n_expected;
	bool callback_off;
	/* --- output --- */
	long status;
	char proto[16]; /* "HTTP/1.1", "HTTP/2.0" */
	char *final_url;
	struct lg_buf resp_headers; /* raw header lines of the last response */
	struct lg_buf body_out;
	bool body_truncated;
	double t_blocked, t_connecting, t_tls, t_sending, t_waiting, t_receiving, t_duration;
	char remote_ip[64];
	long remote_port;
	char tls_version[16]; /* "tls1.3" or "" */
	char *error;          /* NULL on success */
	int error_code;       /* k6's error code, 0 on success */
	/* --- private --- */
	void *easy; /* the hop's curl handle, or */
	void *h1;   /* its fast-path connection */
	struct lg_vu *vu;
	int hops;
	bool done;
	struct curl_slist *resolved_headers;
	char *current_method;
	bool send_body;
	double bytes_received;
	int64_t t_add_ns; /* when the hop was handed to curl (our clock) */
	char errbuf[256]; /* CURL_ERROR_SIZE */
	/* async requests: called on completion instead of waking the VU */
	void (*on_done)(struct lg_http_req *r);
	void *on_done_ud;
};

struct lg_http *lg_http_new(struct lg_worker *w, struct lg_err *err);
void lg_http_free(struct lg_http *h);

/* Per-VU HTTP state (connection pool, cookie jar): create/free on the worker. */
void *lg_http_vu_new(struct lg_http *h);
void lg_http_vu_free(void *state);
/* At the start of an iteration: reset cookies unless noCookiesReset. */
void lg_http_vu_iteration_start(struct lg_vu *vu);

/*
 * The VU's cookie jar (http.cookieJar()), on curl's cookie engine.
 * lg_http_jar_list appends the jar in Netscape format, one cookie a line:
 * domain, include-subdomains, path, secure, expiry, name, value (tabs).
 * lg_http_jar_set takes a "Set-Cookie:" style line; lg_http_jar_reset
 * replaces the whole jar with the given Netscape lines (clear/delete).
 */
void lg_http_jar_list(struct lg_vu *vu, struct lg_buf *out);
void lg_http_jar_set(struct lg_vu *vu, const char *set_cookie_line);
void lg_http_jar_reset(struct lg_vu *vu, const char *netscape_lines);

/* Initialise/free a request struct (zeroed, defaults set). */
void lg_http_req_init(struct lg_http_req *r);
void lg_http_req_cleanup(struct lg_http_req *r);

/*
 * Run n requests for the running VU, at most `parallel` at a time, parking
 * it until all are done.  Every hop emits its metrics.  Never fails: each
 * request ends with a status or an error/error_code.
 */
void lg_http_do(struct lg_vu *vu, struct lg_http_req **reqs, int n, int parallel);

/*
 * Start one request for the VU without parking it (http.asyncRequest): r
 * must stay valid until r->on_done(r) is called on completion (or
 * cancellation by lg_http_cancel_async).
 */
void lg_http_start(struct lg_vu *vu, struct lg_http_req *r);
/* Cancel an async request that has not completed; on_done is not called. */
void lg_http_cancel_async(struct lg_vu *vu, struct lg_http_req *r);

/* The CA bundle to verify TLS with: $SSL_CERT_FILE or the first known path. */
const char *lg_http_ca_bundle(void);

/* Go's canonical header key ("content-type" -> "Content-Type"), in place. */
void lg_http_canonical_key(char *name);

#endif
