/* SPDX-License-Identifier: Apache-2.0 */
/*
 * http.c - VU requests over one curl multi handle per worker (see lg/http.h).
 *
 * DESIGN: the multi handle is driven by the worker's loop through
 * CURLMOPT_SOCKETFUNCTION (fd interest -> epoll) and CURLMOPT_TIMERFUNCTION
 * (one loop timer), curl's own "multi_socket" pattern.  Redirects are not
 * followed by curl: each hop completes, emits its samples (k6 counts every
 * hop in http_reqs) and is resubmitted with the Location curl resolved.
 * Timings come from CURLINFO_*_TIME_T of the hop (reference 4.1):
 *   blocked    = time until the connection was ready (DNS + connect + TLS;
 *                ~0 on a reused connection)
 *   connecting = connect - namelookup, tls_handshaking = appconnect - connect
 *   sending    = 0 (libcurl 7.88 has no "request sent" time; the upload time
 *                of a body is inside `waiting`, see docs/HTTP.md)
 *   duration   = (completion - hand-over to curl, on our clock) - blocked
 *   receiving  = total - starttransfer (curl), waiting = duration - receiving
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>

#include <curl/curl.h>
#include <openssl/ssl.h>

#include "http_int.h"
#include "lg/clock.h"
#include "lg/http.h"
#include "lg/log.h"
#include "lg/runtime.h"
#include "lg/vu.h"

static size_t write_cb(char *ptr, size_t size, size_t nmemb, void *ud);
static size_t header_cb(char *ptr, size_t size, size_t nmemb, void *ud);

/* ---- CA bundle ---------------------------------------------------------- */

const char *lg_http_ca_bundle(void)
{
	static const char *const paths[] = {
		"/etc/ssl/certs/ca-certificates.crt",                /* Debian, Ubuntu, Alpine */
		"/etc/pki/tls/certs/ca-bundle.crt",                  /* RHEL, Fedora */
		"/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", /* RHEL 7+ */
		"/etc/ssl/ca-bundle.pem",                            /* SUSE */
		"/etc/ssl/cert.pem",                                 /* Alpine, macOS */
	};
	const char *env = getenv("SSL_CERT_FILE");

	if (env && *env && access(env, R_OK) == 0)
		return env;
	for (size_t i = 0; i < LG_ARRAY_SIZE(paths); i++)
		if (access(paths[i], R_OK) == 0)
			return paths[i];
	return NULL;
}

void lg_http_canonical_key(char *name)
{
	bool upper = true;

	for (char *p = name; *p; p++) {
		if (upper && *p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
		else if (!upper && *p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
		upper = *p == '-';
	}
}

/* ---- multi <-> loop ----------------------------------------------------- */

static void check_done(struct lg_http *h);

static void io_cb(struct lg_loop *loop, int fd, unsigned events, void *ud)
{
	struct lg_http *h = ud;
	int flags = 0;

	if (events & LG_IO_READ)
		flags |= CURL_CSELECT_IN;
	if (events & LG_IO_WRITE)
		flags |= CURL_CSELECT_OUT;
	if (events & LG_IO_ERROR)
		flags |= CURL_CSELECT_ERR;
	curl_multi_socket_action(h->multi, fd, flags, &h->running);
	check_done(h);
}

static int sock_cb(CURL *e, curl_socket_t s, int what, void *userp, void *socketp)
{
	struct lg_http *h = userp;
	unsigned ev = 0;

	if (what == CURL_POLL_REMOVE) {
		lg_loop_io(h->w->loop, s, 0, NULL, NULL);
		return 0;
	}
	if (what & CURL_POLL_IN)
		ev |= LG_IO_READ;
	if (what & CURL_POLL_OUT)
		ev |= LG_IO_WRITE;
	if (lg_loop_io(h->w->loop, s, ev, io_cb, h) < 0)
		lg_warn("cannot watch socket %d: %s", (int)s, strerror(errno));
	return 0;
}

static void timer_fired(struct lg_loop *loop, struct lg_timer *t)
{
	struct lg_http *h = t->ud;

	curl_multi_socket_action(h->multi, CURL_SOCKET_TIMEOUT, 0, &h->running);
	check_done(h);
}

static int timer_cb(CURLM *m, long timeout_ms, void *userp)
{
	struct lg_http *h = userp;

	if (timeout_ms < 0)
		lg_timer_stop(h->w->loop, &h->timer);
	else
		lg_timer_start(h->w->loop, &h->timer, lg_now_ns() + timeout_ms * LG_NS_PER_MS);
	return 0;
}

struct lg_http *lg_http_new(struct lg_worker *w, struct lg_err *err)
{
	struct lg_http *h = lg_xcalloc(1, sizeof(*h));

	h->w = w;
	h->fast = -1;
	h->multi = curl_multi_init();
	if (!h->multi) {
		free(h);
		lg_errf(err, LG_EIO, "cannot create a curl multi handle");
		return NULL;
	}
	h->timer.cb = timer_fired;
	h->timer.ud = h;
	curl_multi_setopt(h->multi, CURLMOPT_SOCKETFUNCTION, sock_cb);
	curl_multi_setopt(h->multi, CURLMOPT_SOCKETDATA, h);
	curl_multi_setopt(h->multi, CURLMOPT_TIMERFUNCTION, timer_cb);
	curl_multi_setopt(h->multi, CURLMOPT_TIMERDATA, h);
	return h;
}

void lg_http_free(struct lg_http *h)
{
	if (!h)
		return;
	if (getenv("LOADGATE_DEBUG_HTTP") && (h->hops_fast || h->hops_curl))
		lg_log(LG_LOG_INFO, NULL, "worker %d: %llu hops on the fast path, %llu on curl",
		       h->w->index, (unsigned long long)h->hops_fast,
		       (unsigned long long)h->hops_curl);
	lg_timer_stop(h->w->loop, &h->timer);
	curl_multi_cleanup(h->multi);
	free(h->rbuf);
	lg_buf_free(&h->wbuf);
	free(h);
}

/* ---- per-VU state ------------------------------------------------------- */

void *lg_http_vu_new(struct lg_http *h)
{
	struct vu_http *v = lg_xcalloc(1, sizeof(*v));

	v->h = h;
	return v;
}

void lg_http_vu_free(void *state)
{
	struct vu_http *v = state;

	if (!v)
		return;
	lg__h1_close_idle(v);
	for (int i = 0; i < v->n_easies; i++)
		curl_easy_cleanup(v->easies[i]);
	free(v->easies);
	if (v->share)
		curl_share_cleanup(v->share);
	free(v);
}

/* Whether any variable libcurl takes a proxy from is set (read once). */
bool lg__http_proxy_env(void)
{
	static const char *const names[] = { "http_proxy",  "HTTP_PROXY", "https_proxy",
		                             "HTTPS_PROXY", "all_proxy",  "ALL_PROXY" };
	static atomic_int set = -1; /* every thread computes the same value */
	int v = atomic_load_explicit(&set, memory_order_relaxed);

	if (v < 0) {
		v = 0;
		for (size_t i = 0; i < LG_ARRAY_SIZE(names); i++)
			v |= getenv(names[i]) != NULL;
		atomic_store_explicit(&set, v, memory_order_relaxed);
	}
	return v != 0;
}

/*
 * An idle easy handle of the VU, configured once with what never changes
 * during the run; each hop sets only the per-request options (no
 * curl_easy_reset: cheaper, and it keeps curl's cookie engine on).
 */
static CURL *get_easy(struct lg_vu *vu)
{
	struct vu_http *v = vu->http;
	const struct lg_options *o = vu->run->opts;
	CURL *e;

	if (v->n_easies > 0)
		return v->easies[--v->n_easies];
	if (!v->share) { /* each VU its own connections, DNS cache, TLS sessions, jar */
		v->share = curl_share_init();
		lg_require(v->share != NULL);
		curl_share_setopt(v->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE);
		curl_share_setopt(v->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
		curl_share_setopt(v->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
		curl_share_setopt(v->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
	}
	e = curl_easy_init();
	lg_require(e != NULL);
	curl_easy_setopt(e, CURLOPT_SHARE, v->share);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(e, CURLOPT_COOKIEFILE, ""); /* cookie engine on; the jar is the share's */
	curl_easy_setopt(e, CURLOPT_USERAGENT, o->user_agent);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	/* Without proxy variables in the environment, say so: libcurl would
	 * otherwise read five of them for every request (1.5k instructions). */
	if (!lg__http_proxy_env())
		curl_easy_setopt(e, CURLOPT_NOPROXY, "*");
	if (o->no_connection_reuse.v)
		curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);
	if (o->insecure_skip_tls_verify.v) {
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
	} else if (vu->run->ca_file) {
		curl_easy_setopt(e, CURLOPT_CAINFO, vu->run->ca_file);
	}
	return e;
}

static void put_easy(struct vu_http *v, CURL *e)
{
	if (v->n_easies == v->cap_easies) {
		v->cap_easies = v->cap_easies ? v->cap_easies * 2 : 4;
		v->easies = lg_xrealloc(v->easies, (size_t)v->cap_easies * sizeof(CURL *));
	}
	v->easies[v->n_easies++] = e;
}

void lg_http_vu_iteration_start(struct lg_vu *vu)
{
	struct vu_http *v = vu->http;
	CURL *e;

	if (v && vu->run->opts->no_vu_connection_reuse.v)
		lg__h1_close_idle(v);
	if (!v || !v->cookies_dirty || vu->run->opts->no_cookies_reset.v)
		return;
	e = get_easy(vu);
	curl_easy_setopt(e, CURLOPT_COOKIELIST, "ALL");
	put_easy(v, e);
	v->cookies_dirty = false;
}

/* ---- requests ----------------------------------------------------------- */

void lg_http_req_init(struct lg_http_req *r)
{
	memset(r, 0, sizeof(*r));
	r->timeout_ms = 60000;
	r->max_redirects = 10;
}

void lg_http_req_cleanup(struct lg_http_req *r)
{
	free(r->method);
	free(r->url);
	curl_slist_free_all(r->headers);
	curl_slist_free_all(r->resolved_headers);
	free(r->body);
	for (int i = 0; i < r->n_tags; i++) {
		free((char *)r->tags[i].key);
		free((char *)r->tags[i].value);
	}
	free(r->tags);
	free(r->userpwd);
	free(r->expected);
	free(r->final_url);
	lg_buf_free(&r->resp_headers);
	lg_buf_free(&r->body_out);
	free(r->error);
	free(r->current_method);
	memset(r, 0, sizeof(*r));
}

bool lg__http_body_append(struct lg_http_req *r, const char *p, size_t n)
{
	struct lg_buf *b = &r->body_out;

	if (r->resp_type == LG_RESP_NONE || r->body_truncated)
		return !r->body_truncated;
	if (b->limit && b->len + n > b->limit) {
		/* keep what fits: the script sees the start of the body */
		lg_buf_append(b, p, b->limit - b->len);
		r->body_truncated = true;
		return false;
	}
	if (lg_buf_append(b, p, n) < 0) {
		r->body_truncated = true;
		return false;
	}
	return true;
}

static size_t write_cb(char *ptr, size_t size, size_t nmemb, void *ud)
{
	struct lg_http_req *r = ud;
	size_t n = size * nmemb;

	r->bytes_received += (double)n;
	return lg__http_body_append(r, ptr, n) ? n : 0;
}

/* The TLS version, read while the transfer still owns its connection. */
static void read_tls_version(struct lg_http_req *r)
{
	struct curl_tlssessioninfo *tls = NULL;

	r->tls_version[0] = '\0';
	if (curl_easy_getinfo(r->easy, CURLINFO_TLS_SSL_PTR, &tls) == CURLE_OK && tls &&
	    tls->backend == CURLSSLBACKEND_OPENSSL && tls->internals) {
		const char *ver = SSL_get_version((SSL *)tls->internals);
		if (ver && strncmp(ver, "TLSv", 4) == 0)
			snprintf(r->tls_version, sizeof(r->tls_version), "tls%s", ver + 4);
	}
}

static size_t header_cb(char *ptr, size_t size, size_t nmemb, void *ud)
{
	struct lg_http_req *r = ud;
	size_t n = size * nmemb;

	if (n >= 5 && strncmp(ptr, "HTTP/", 5) == 0) {
		lg_buf_reset(&r->resp_headers); /* a new response (after 1xx) */
		read_tls_version(r);
	}
	lg_buf_append(&r->resp_headers, ptr, n);
	return n;
}

void lg__http_set_error(struct lg_http_req *r, int code, const char *fmt, ...)
{
	va_list ap;
	char *msg = NULL;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	free(r->error);
	r->error = msg ? msg : lg_xstrdup("request failed");
	r->error_code = code;
}

/* Map a transfer failure onto k6's error codes (reference 4.3). */
static void map_curl_error(struct lg_http_req *r, CURL *e, CURLcode rc, const char *errbuf)
{
	long oserr = 0;
	const char *detail = errbuf[0] ? errbuf : curl_easy_strerror(rc);

	curl_easy_getinfo(e, CURLINFO_OS_ERRNO, &oserr);
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
		if (oserr == ECONNREFUSED)
			lg__http_set_error(r, 1212, "dial: connection refused (%s)", detail);
		else if (oserr == ETIMEDOUT)
			lg__http_set_error(r, 1211, "dial: i/o timeout (%s)", detail);
		else
			lg__http_set_error(r, 1210, "dial error: %s", detail);
		break;
	case CURLE_OPERATION_TIMEDOUT:
		lg__http_set_error(r, 1050, "request timeout (%s)", detail);
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
		lg__http_set_error(r, 1101, "lookup: no such host (%s)", detail);
		break;
	case CURLE_URL_MALFORMAT:
	case CURLE_UNSUPPORTED_PROTOCOL:
		lg__http_set_error(r, 1020, "invalid URL: %s", detail);
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
		if (strstr(detail, "hostname") || strstr(detail, "subject name") ||
		    strstr(detail, "alternative"))
			lg__http_set_error(
			    r, 1311, "x509: certificate is not valid for this host (%s)", detail);
		else
			lg__http_set_error(
			    r, 1310, "x509: certificate signed by unknown authority (%s)", detail);
		break;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
		lg__http_set_error(r, 1300, "tls error: %s", detail);
		break;
	case CURLE_SEND_ERROR:
		if (oserr == EPIPE)
			lg__http_set_error(r, 1201, "write: broken pipe (%s)", detail);
		else if (oserr == ECONNRESET)
			lg__http_set_error(r, 1220, "connection reset by peer (%s)", detail);
		else
			lg__http_set_error(r, 1200, "write error: %s", detail);
		break;
	case CURLE_RECV_ERROR:
		if (oserr == ECONNRESET)
			lg__http_set_error(r, 1220, "read: connection reset by peer (%s)", detail);
		else
			lg__http_set_error(r, 1200, "read error: %s", detail);
		break;
	case CURLE_HTTP2:
		lg__http_set_error(r, 1600, "http2 error: %s", detail);
		break;
	case CURLE_HTTP2_STREAM:
		lg__http_set_error(r, 1630, "http2 stream error: %s", detail);
		break;
	case CURLE_BAD_CONTENT_ENCODING:
		lg__http_set_error(r, 1701, "decompression error: %s", detail);
		break;
	default:
		lg__http_set_error(r, 1000, "%s", detail);
		break;
	}
}

static bool status_expected(const struct lg_http_req *r)
{
	if (r->n_expected == 0)
		return r->status >= 200 && r->status <= 399;
	for (int i = 0; i < r->n_expected; i++)
		if (r->status >= r->expected[i].min && r->status <= r->expected[i].max)
			return true;
	return false;
}

static void emit_samples(struct lg_vu *vu, struct lg_http_req *r)
{
	struct lg_tag tags[64];
	size_t n = lg_vu_base_tags(vu, tags, 32);
	char status[16], ecode[16];
	const char *name = r->url;
	const struct lg_tagset *ts;
	bool expected = status_expected(r);
	static const int trends[] = {
		LG_M_HTTP_REQ_DURATION,        LG_M_HTTP_REQ_BLOCKED, LG_M_HTTP_REQ_CONNECTING,
		LG_M_HTTP_REQ_TLS_HANDSHAKING, LG_M_HTTP_REQ_SENDING, LG_M_HTTP_REQ_WAITING,
		LG_M_HTTP_REQ_RECEIVING,
	};
	double values[7];

	for (int i = 0; i < r->n_tags && n < 56; i++) {
		tags[n++] = r->tags[i];
		if (strcmp(r->tags[i].key, "name") == 0)
			name = r->tags[i].value;
	}
	snprintf(status, sizeof(status), "%ld", r->status);
	tags[n++] = (struct lg_tag){ "method", r->current_method };
	tags[n++] = (struct lg_tag){ "url", name };
	tags[n++] = (struct lg_tag){ "name", name };
	tags[n++] = (struct lg_tag){ "status", status };
	if (r->status > 0 && r->proto[0])
		tags[n++] = (struct lg_tag){ "proto", r->proto };
	if (r->tls_version[0])
		tags[n++] = (struct lg_tag){ "tls_version", r->tls_version };
	if (r->error_code) {
		snprintf(ecode, sizeof(ecode), "%d", r->error_code);
		tags[n++] = (struct lg_tag){ "error_code", ecode };
		if (r->error)
			tags[n++] = (struct lg_tag){ "error", r->error };
	}
	if (!r->callback_off)
		tags[n++] = (struct lg_tag){ "expected_response", expected ? "true" : "false" };
	ts = lg_vu_tags(vu, tags, n);
	values[0] = r->t_duration;
	values[1] = r->t_blocked;
	values[2] = r->t_connecting;
	values[3] = r->t_tls;
	values[4] = r->t_sending;
	values[5] = r->t_waiting;
	values[6] = r->t_receiving;
	lg_vu_sample(vu, LG_M_HTTP_REQS, ts, 1);
	for (size_t i = 0; i < LG_ARRAY_SIZE(trends); i++)
		lg_vu_sample(vu, trends[i], ts, values[i]);
	if (!r->callback_off)
		lg_vu_sample(vu, LG_M_HTTP_REQ_FAILED, ts, expected ? 0 : 1);
}

static double us_to_ms(curl_off_t us)
{
	return (double)us / 1000.0;
}

static int setup_hop(struct lg_http_req *r, CURL *e);

/* A hop finished: read what curl knows, emit samples, maybe redirect. */
static void finish_hop(struct lg_http *h, struct lg_http_req *r, CURLcode rc, const char *errbuf)
{
	CURL *e = r->easy;
	struct lg_vu *vu = r->vu;
	struct vu_http *v = vu->http;
	curl_off_t nl = 0, conn = 0, app = 0, pre = 0, start = 0, total = 0, up = 0;
	long httpver = 0, code = 0, hsize = 0, rsize = 0;
	char *ip = NULL, *eff = NULL, *redirect = NULL;

	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_getinfo(e, CURLINFO_NAMELOOKUP_TIME_T, &nl);
	curl_easy_getinfo(e, CURLINFO_CONNECT_TIME_T, &conn);
	curl_easy_getinfo(e, CURLINFO_APPCONNECT_TIME_T, &app);
	curl_easy_getinfo(e, CURLINFO_PRETRANSFER_TIME_T, &pre);
	curl_easy_getinfo(e, CURLINFO_STARTTRANSFER_TIME_T, &start);
	curl_easy_getinfo(e, CURLINFO_TOTAL_TIME_T, &total);
	curl_easy_getinfo(e, CURLINFO_HTTP_VERSION, &httpver);
	curl_easy_getinfo(e, CURLINFO_PRIMARY_IP, &ip);
	curl_easy_getinfo(e, CURLINFO_PRIMARY_PORT, &r->remote_port);
	curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &eff);
	curl_easy_getinfo(e, CURLINFO_REQUEST_SIZE, &rsize);
	curl_easy_getinfo(e, CURLINFO_HEADER_SIZE, &hsize);
	curl_easy_getinfo(e, CURLINFO_SIZE_UPLOAD_T, &up);

	r->status = rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && r->body_truncated) ? code : 0;
	r->proto[0] = '\0';
	if (r->status > 0) {
		if (httpver == CURL_HTTP_VERSION_2_0)
			memcpy(r->proto, "HTTP/2.0", 9);
		else if (httpver == CURL_HTTP_VERSION_1_0)
			memcpy(r->proto, "HTTP/1.0", 9);
		else if (httpver == CURL_HTTP_VERSION_3)
			memcpy(r->proto, "HTTP/3.0", 9);
		else
			memcpy(r->proto, "HTTP/1.1", 9);
	}
	snprintf(r->remote_ip, sizeof(r->remote_ip), "%s", ip ? ip : "");
	/* Timings of this hop, in ms.  The hop's total comes from our own
	 * clock (handed to curl -> completion): libcurl 7.88 reports totals of a
	 * few microseconds for ~1-5% of keep-alive requests.  curl's figures
	 * split off the connection phases. */
	{
		curl_off_t ready = app > 0 ? app : conn;
		double total_ms = (double)(lg_now_ns() - r->t_add_ns) / 1e6;
		double recv_ms = total > start && start > 0 ? us_to_ms(total - start) : 0;

		r->t_blocked = us_to_ms(ready > 0 ? ready : nl);
		r->t_connecting = conn > nl ? us_to_ms(conn - nl) : 0;
		r->t_tls = app > conn ? us_to_ms(app - conn) : 0;
		r->t_sending = 0;
		r->t_duration = total_ms - r->t_blocked;
		if (r->t_duration < 0)
			r->t_duration = 0;
		r->t_receiving = r->status > 0 && recv_ms < r->t_duration ? recv_ms : 0;
		r->t_waiting = r->t_duration - r->t_receiving;
	}
	/* REQUEST_SIZE counts a body curl sent with the head (below 64 KiB),
	 * and SIZE_UPLOAD counts every body byte: count each byte once. */
	vu->data_sent += (double)rsize + (up >= 65536 ? (double)up : 0);
	vu->data_received += (double)hsize + r->bytes_received;
	r->bytes_received = 0;
	free(r->error);
	r->error = NULL;
	r->error_code = 0;
	if (r->body_truncated) {
		char lim[64];
		snprintf(lim, sizeof(lim), "%lld", (long long)vu->run->opts->max_response_body.v);
		lg__http_set_error(
		    r, 1000,
		    "response body larger than maxResponseBodySize (%s bytes); body truncated",
		    lim);
	} else if (rc != CURLE_OK) {
		map_curl_error(r, e, rc, errbuf);
	} else if (r->status >= 400) {
		r->error_code = 1000 + (int)r->status;
	}
	free(r->final_url);
	r->final_url = lg_xstrdup(eff ? eff : r->url);
	if (memmem(r->resp_headers.data ? r->resp_headers.data : "", r->resp_headers.len,
	           "et-Cookie:", 10) ||
	    memmem(r->resp_headers.data ? r->resp_headers.data : "", r->resp_headers.len,
	           "et-cookie:", 10))
		v->cookies_dirty = true;
	if (rc != CURLE_OK || curl_easy_getinfo(e, CURLINFO_REDIRECT_URL, &redirect) != CURLE_OK)
		redirect = NULL;
	redirect = redirect ? lg_xstrdup(redirect) : NULL;
	r->easy = NULL;
	put_easy(v, e);
	lg__http_hop_done(h, r, redirect);
	free(redirect);
}

static void start_hop(struct lg_http *h, struct lg_http_req *r, bool in_vu);

/* The request is over (done, failed or out of hops): tell its owner. */
static void req_complete(struct lg_http_req *r)
{
	r->done = true;
	if (r->on_done)
		r->on_done(r);
	else
		lg_vu_wake(r->vu);
}

void lg__http_hop_done(struct lg_http *h, struct lg_http_req *r, const char *redirect)
{
	emit_samples(r->vu, r);
	if (redirect && r->status >= 300 && r->status < 400 && r->status != 304) {
		if (r->hops < r->max_redirects) {
			r->hops++;
			free(r->url);
			r->url = lg_xstrdup(redirect);
			if ((r->status == 301 || r->status == 302 || r->status == 303) &&
			    strcmp(r->current_method, "HEAD") != 0) {
				free(r->current_method);
				r->current_method = lg_xstrdup("GET");
				r->send_body = false;
			}
			lg_buf_reset(&r->body_out);
			lg_buf_reset(&r->resp_headers);
			start_hop(h, r, false);
			return;
		}
		if (r->max_redirects > 0)
			lg_warn("Stopped after %d redirects and returned the redirection; pass "
			        "redirects in the request params to follow more",
			        r->max_redirects);
	}
	req_complete(r);
}

static void check_done(struct lg_http *h)
{
	CURLMsg *msg;
	int left;

	while ((msg = curl_multi_info_read(h->multi, &left))) {
		struct lg_http_req *r = NULL;
		CURL *e = msg->easy_handle;
		CURLcode rc = msg->data.result;

		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(e, CURLINFO_PRIVATE, (char **)&r);
		curl_multi_remove_handle(h->multi, e);
		if (r)
			finish_hop(h, r, rc, r->errbuf);
	}
}

static int setup_hop(struct lg_http_req *r, CURL *e)
{
	const char *m = r->current_method;

	curl_easy_setopt(e, CURLOPT_URL, r->url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, (char *)r);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, r->errbuf);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)r->timeout_ms);
	curl_easy_setopt(e, CURLOPT_HTTPAUTH,
	                 r->digest ? (long)CURLAUTH_DIGEST : (long)CURLAUTH_BASIC);
	/* The method: reset what the previous request of this handle set. */
	curl_easy_setopt(e, CURLOPT_NOBODY, 0L);
	curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, NULL);
	curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
	if (strcmp(m, "HEAD") == 0) {
		curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
	} else if (strcmp(m, "GET") != 0 || r->send_body) {
		if (strcmp(m, "POST") != 0)
			curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, m);
		if (r->send_body) {
			curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)r->body_len);
			curl_easy_setopt(e, CURLOPT_POSTFIELDS, r->body ? r->body : "");
		} else if (strcmp(m, "POST") == 0) {
			curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, 0L);
			curl_easy_setopt(e, CURLOPT_POSTFIELDS, "");
		}
	}
	/* Headers: the user's, without curl's automatic Expect and (for raw
	 * bodies) Content-Type, which k6 does not send. */
	curl_slist_free_all(r->resolved_headers);
	r->resolved_headers = NULL;
	{
		bool has_ct = false;
		for (struct curl_slist *l = r->headers; l; l = l->next) {
			if (strncasecmp(l->data, "Content-Type:", 13) == 0)
				has_ct = true;
			r->resolved_headers = curl_slist_append(r->resolved_headers, l->data);
		}
		r->resolved_headers = curl_slist_append(r->resolved_headers, "Expect:");
		if (!has_ct && (r->send_body || strcmp(m, "POST") == 0))
			r->resolved_headers =
			    curl_slist_append(r->resolved_headers, "Content-Type:");
	}
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, r->resolved_headers);
	r->easy = e;
	return 0;
}

/*
 * Start r's current hop: on the fast path when it can take it, else curl.
 * in_vu: called from the VU's own call, which sees r->done itself.
 */
static void start_hop(struct lg_http *h, struct lg_http_req *r, bool in_vu)
{
	CURL *e;

	r->t_add_ns = lg_now_ns();
	r->errbuf[0] = '\0';
	r->tls_version[0] = '\0';
	r->body_truncated = false;
	r->body_out.limit = (size_t)r->vu->run->opts->max_response_body.v;
	if (lg__h1_start(h, r)) {
		h->hops_fast++;
		return;
	}
	h->hops_curl++;
	e = get_easy(r->vu);
	setup_hop(r, e);
	if (curl_multi_add_handle(h->multi, e) != CURLM_OK) {
		lg__http_set_error(r, 1000, "cannot start the request: %s",
		                   "curl_multi_add_handle failed");
		r->easy = NULL;
		put_easy(r->vu->http, e);
		if (in_vu)
			r->done = true;
		else
			req_complete(r);
	}
}

static void start_req(struct lg_http *h, struct lg_vu *vu, struct lg_http_req *r)
{
	r->vu = vu;
	r->hops = 0;
	r->done = false;
	free(r->current_method);
	r->current_method = lg_xstrdup(r->method);
	r->send_body = r->has_body;
	start_hop(h, r, true);
}

static void cancel_req(struct lg_http *h, struct lg_http_req *r)
{
	if (r->done)
		return;
	if (r->easy) {
		curl_multi_remove_handle(h->multi, r->easy);
		put_easy(r->vu->http, r->easy);
		r->easy = NULL;
	}
	lg__h1_cancel(r);
	lg__http_set_error(r, 1000, "%s", "request interrupted: the VU was stopped");
	r->done = true;
}

void lg_http_do(struct lg_vu *vu, struct lg_http_req **reqs, int n, int parallel)
{
	struct lg_http *h = vu->w->http;
	int next = 0;

	if (parallel < 1)
		parallel = 1;
	for (;;) {
		int inflight = 0, done = 0;

		if (lg_vu_cut(vu)) {
			for (int i = 0; i < n; i++) {
				reqs[i]->vu = vu;
				cancel_req(h, reqs[i]);
			}
			return;
		}
		for (int i = 0; i < next; i++) {
			if (reqs[i]->done)
				done++;
			else
				inflight++;
		}
		if (done == n)
			return;
		while (next < n && inflight < parallel) {
			start_req(h, vu, reqs[next++]);
			inflight++;
		}
		/* Completions (finish_hop) wake the VU; a spurious wake just loops. */
		for (int i = 0; i < next; i++) {
			if (!reqs[i]->done) {
				lg_vu_park(vu);
				break;
			}
		}
	}
}

/* ---- the VU's cookie jar (http.cookieJar()) ------------------------------ */

void lg_http_jar_list(struct lg_vu *vu, struct lg_buf *out)
{
	struct vu_http *v = vu->http;
	struct curl_slist *list = NULL;
	CURL *e = get_easy(vu);

	if (curl_easy_getinfo(e, CURLINFO_COOKIELIST, &list) == CURLE_OK) {
		for (struct curl_slist *l = list; l; l = l->next) {
			lg_buf_puts(out, l->data);
			lg_buf_putc(out, '\n');
		}
		curl_slist_free_all(list);
	}
	put_easy(v, e);
}

void lg_http_jar_set(struct lg_vu *vu, const char *line)
{
	struct vu_http *v = vu->http;
	CURL *e = get_easy(vu);

	curl_easy_setopt(e, CURLOPT_COOKIELIST, line);
	put_easy(v, e);
	v->cookies_dirty = true;
}

void lg_http_jar_reset(struct lg_vu *vu, const char *lines)
{
	struct vu_http *v = vu->http;
	CURL *e = get_easy(vu);
	const char *p = lines;

	curl_easy_setopt(e, CURLOPT_COOKIELIST, "ALL");
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len > 0) {
			char *one = lg_xstrndup(p, len);
			curl_easy_setopt(e, CURLOPT_COOKIELIST, one);
			free(one);
			v->cookies_dirty = true;
		}
		p = nl ? nl + 1 : NULL;
	}
	put_easy(v, e);
}

void lg_http_start(struct lg_vu *vu, struct lg_http_req *r)
{
	start_req(vu->w->http, vu, r);
	if (r->done && r->on_done)
		r->on_done(r);
}

void lg_http_cancel_async(struct lg_vu *vu, struct lg_http_req *r)
{
	void (*cb)(struct lg_http_req *) = r->on_done;

	r->on_done = NULL;
	r->vu = vu;
	cancel_req(vu->w->http, r);
	r->on_done = cb;
}

/* The value of attribute `name` in a Set-Cookie's attribute list, or NULL. */
static const char *cookie_attr(const char *attrs, size_t len, const char *name, size_t *vlen)
{
	const char *p = attrs, *end = attrs + len;
	size_t nlen = strlen(name);

	while (p < end) {
		const char *semi = memchr(p, ';', (size_t)(end - p)), *e = semi ? semi : end;
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		if ((size_t)(e - p) >= nlen && strncasecmp(p, name, nlen) == 0) {
			const char *q = p + nlen;
			while (q < e && (*q == ' ' || *q == '\t'))
				q++;
			if (q == e || *q == '=') {
				const char *v = q < e ? q + 1 : e, *ve = e;
				while (v < ve && (*v == ' ' || *v == '\t'))
					v++;
				while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
					ve--;
				*vlen = (size_t)(ve - v);
				return v;
			}
		}
		p = e + 1;
	}
	return NULL;
}

/*
 * A Set-Cookie received over plain HTTP from host for url_path, into the
 * jar in Netscape form (curl's "Set-Cookie:" input has no origin, so it
 * would make every cookie match every host).  The rules are curl's, which
 * the curl client applies to the same header: Domain must cover the host
 * (an IP address only itself), Path defaults to the request's directory,
 * Max-Age wins over Expires, Secure and __Secure-/__Host- cookies are not
 * accepted over plain HTTP.
 */
void lg__http_jar_add_set_cookie(struct lg_vu *vu, const char *host, const char *url_path,
                                 const char *value, size_t len)
{
	const char *semi = memchr(value, ';', len), *eq, *a, *name, *val;
	size_t nv_len = semi ? (size_t)(semi - value) : len, alen, vlen, n_len, v_len;
	char *line = NULL, *path = NULL, *domain = NULL;
	bool tail = false, is_ip;
	long long expires = 0;
	struct in6_addr ip6;

	eq = memchr(value, '=', nv_len);
	if (!eq)
		return;
	name = value;
	n_len = (size_t)(eq - value);
	while (n_len && (name[n_len - 1] == ' ' || name[n_len - 1] == '\t'))
		n_len--;
	val = eq + 1;
	v_len = nv_len - (size_t)(val - value);
	while (v_len && (*val == ' ' || *val == '\t'))
		val++, v_len--;
	while (v_len && (val[v_len - 1] == ' ' || val[v_len - 1] == '\t'))
		v_len--;
	if (n_len == 0 || memchr(name, '\t', n_len) || memchr(val, '\t', v_len) ||
	    (n_len >= 9 && strncasecmp(name, "__Secure-", 9) == 0) ||
	    (n_len >= 7 && strncasecmp(name, "__Host-", 7) == 0))
		return;
	a = semi ? semi + 1 : value + len;
	alen = (size_t)(value + len - a);
	if (cookie_attr(a, alen, "Secure", &vlen))
		return;
	is_ip = inet_pton(AF_INET, host, &ip6) == 1 || inet_pton(AF_INET6, host, &ip6) == 1;
	{
		const char *d = cookie_attr(a, alen, "Domain", &vlen);
		while (d && vlen && *d == '.')
			d++, vlen--;
		if (d && vlen) {
			size_t hl = strlen(host);
			domain = lg_xstrndup(d, vlen);
			if (strcasecmp(domain, host) == 0)
				tail = !is_ip;
			else if (!is_ip && hl > vlen && host[hl - vlen - 1] == '.' &&
			         strcasecmp(host + hl - vlen, domain) == 0)
				tail = true;
			else
				goto done; /* not this host's to set */
		} else {
			domain = lg_xstrdup(host);
		}
	}
	{
		const char *pv = cookie_attr(a, alen, "Path", &vlen);
		if (pv && vlen && *pv == '/') {
			path = lg_xstrndup(pv, vlen);
		} else {
			const char *slash = strrchr(url_path, '/');
			path = slash && slash != url_path
			           ? lg_xstrndup(url_path, (size_t)(slash - url_path))
			           : lg_xstrdup("/");
		}
		if (strlen(path) > 1 && path[strlen(path) - 1] == '/')
			path[strlen(path) - 1] = '\0';
	}
	{
		size_t ma_len = 0;
		const char *ma = cookie_attr(a, alen, "Max-Age", &ma_len);
		const char *ex = cookie_attr(a, alen, "Expires", &vlen);
		if (ma) {
			char buf[32];
			long long secs;
			char *endp;
			snprintf(buf, sizeof(buf), "%.*s", (int)(ma_len < 31 ? ma_len : 31), ma);
			secs = strtoll(buf, &endp, 10);
			if (endp != buf)
				expires = secs <= 0 ? 1 : (long long)time(NULL) + secs;
		} else if (ex) {
			char *date = lg_xstrndup(ex, vlen);
			time_t t = curl_getdate(date, NULL);
			free(date);
			if (t != (time_t)-1)
				expires = t <= 0 ? 1 : (long long)t;
		}
	}
	line =
	    lg_xasprintf("%s%s\t%s\t%s\tFALSE\t%lld\t%.*s\t%.*s",
	                 cookie_attr(a, alen, "HttpOnly", &vlen) ? "#HttpOnly_" : "", domain,
	                 tail ? "TRUE" : "FALSE", path, expires, (int)n_len, name, (int)v_len, val);
	lg_http_jar_set(vu, line);
done:
	free(line);
	free(path);
	free(domain);
}
