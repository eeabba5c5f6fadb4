/* SPDX-License-Identifier: Apache-2.0 */
/*
 * remote.c - remote modules: `import x from 'https://...'`.
 *
 * DESIGN: remote modules are fetched once, at start-up, before any VU runs.
 * lg_program_load lowers the main script, then scans the lowered text for
 * `require("...")` with a string literal (the front end lowers every static
 * import and export-from to one, on the statement's own line) and follows it
 * recursively: local files are read and lowered only to be scanned, remote
 * URLs (not the built-in jslib equivalents of modules.c) are fetched with a
 * libcurl easy handle, lowered, scanned, and kept in the program's remote set.
 * A VU's require() of a URL compiles the kept lowered source once (as local
 * modules are) into the program's module table, keyed by the URL.  A URL only
 * computed at run time (require(variable)) is fetched by the first VU that
 * asks, in init code only, under the program mutex: still once per process.
 *
 * Disk cache: $XDG_CACHE_HOME/loadgate/modules (~/.cache/...), one
 * <sha256 of the URL>.js with the body and <sha256>.url with the URL, both
 * written atomically (temp file + rename).  Online, every run fetches and
 * refreshes the cache (as k6 always fetches); offline (--offline,
 * LOADGATE_OFFLINE) only the cache is read.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <curl/curl.h>
#include <openssl/evp.h>

#include "js_int.h"
#include "lg/clock.h"
#include "lg/front.h"
#include "lg/http.h"
#include "lg/log.h"
#include "lg/vu.h"
#include "lg_config.h"

#define REMOTE_MAX_BYTES (64 * 1024 * 1024) /* one module's body */
#define REMOTE_MAX_MODULES 1000             /* modules of one program, local ones included */
#define REMOTE_MAX_DEPTH 64                 /* import nesting */
#define REMOTE_MAX_REQUIRES 100000          /* require() calls scanned in one file */
#define REMOTE_DEFAULT_TIMEOUT_NS (30 * LG_NS_PER_S)

struct remote_set {
	struct js_remote *v;
	int n;
	char **locals; /* local files already scanned */
	int n_locals;
};

struct scan {
	struct remote_set *set;
	const struct lg_module_opts *o;
	FILE *report; /* loadgate fetch: one line per module; NULL when running */
	int modules;  /* counted against REMOTE_MAX_MODULES */
};

bool lg__js_is_url(const char *s)
{
	return strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0;
}

/* ---- options -------------------------------------------------------------- */

static bool env_true(const char *v)
{
	return v && *v && strcmp(v, "0") != 0 && strcmp(v, "false") != 0 && strcmp(v, "no") != 0;
}

int lg_module_opts_from_env(struct lg_module_opts *o, struct lg_err *err)
{
	const char *t = getenv("LOADGATE_MODULE_TIMEOUT");

	o->offline = env_true(getenv("LOADGATE_OFFLINE"));
	o->timeout_ns = REMOTE_DEFAULT_TIMEOUT_NS;
	if (t && *t) {
		int64_t ns;
		/* a bare number is seconds here ("10"), else a k6 duration ("2.5s") */
		double secs;
		if (lg_parse_double(t, &secs) == 0 && secs > 0 && secs < 86400)
			ns = (int64_t)(secs * (double)LG_NS_PER_S);
		else if (lg_duration_parse(t, 0, &ns) < 0 || ns <= 0)
			return lg_errf(
			    err, LG_ECONFIG,
			    "LOADGATE_MODULE_TIMEOUT \"%s\" is not a duration such as 30s", t);
		o->timeout_ns = ns;
	}
	return 0;
}

/* ---- URLs ----------------------------------------------------------------- */

/* Length of "scheme://authority" of an http(s) URL. */
static size_t origin_len(const char *url)
{
	const char *a = strstr(url, "://") + 3;

	return (size_t)(a - url) + strcspn(a, "/?#");
}

/* Remove "." and ".." segments from a path starting with '/' (RFC 3986 5.2.4). */
static void remove_dots(struct lg_buf *out, const char *path, size_t len)
{
	size_t start = out->len, i = 0;

	while (i < len) {
		size_t j = i + 1;
		while (j < len && path[j] != '/')
			j++;
		/* segment path[i+1 .. j) */
		if (j - i - 1 == 1 && path[i + 1] == '.') {
			if (j == len)
				lg_buf_putc(out, '/');
		} else if (j - i - 1 == 2 && path[i + 1] == '.' && path[i + 2] == '.') {
			while (out->len > start && out->data[out->len - 1] != '/')
				out->len--;
			if (out->len > start)
				out->len--;
			if (j == len)
				lg_buf_putc(out, '/');
			if (out->data)
				out->data[out->len] = '\0';
		} else {
			lg_buf_append(out, path + i, j - i);
		}
		i = j;
	}
	if (out->len == start)
		lg_buf_putc(out, '/');
}

char *lg__js_resolve_url(const char *base, const char *spec)
{
	struct lg_buf out = { 0 }, path = { 0 };
	const char *abs = NULL;
	size_t q;

	if (lg__js_is_url(spec)) {
		abs = spec;
	} else if (!lg__js_is_url(base)) {
		return NULL;
	} else if (spec[0] == '/' && spec[1] == '/') {
		lg_buf_append(&path, base, (size_t)(strstr(base, "://") - base) + 1);
		lg_buf_puts(&path, spec);
	} else if (spec[0] == '/') {
		lg_buf_append(&path, base, origin_len(base));
		lg_buf_puts(&path, spec);
	} else if (spec[0] != '\0') {
		size_t o = origin_len(base);
		size_t plen = strcspn(base + o, "?#");
		const char *slash = NULL;
		for (size_t i = 0; i < plen; i++)
			if (base[o + i] == '/')
				slash = base + o + i;
		lg_buf_append(&path, base, slash ? (size_t)(slash - base) + 1 : o);
		if (!slash)
			lg_buf_putc(&path, '/');
		lg_buf_puts(&path, spec);
	} else {
		return NULL;
	}
	if (!abs)
		abs = path.data;
	{
		size_t o = origin_len(abs);
		q = strcspn(abs + o, "?#");
		lg_buf_append(&out, abs, o);
		remove_dots(&out, abs + o, q);
		lg_buf_puts(&out, abs + o + q);
	}
	lg_buf_free(&path);
	return lg_buf_steal(&out);
}

/* ---- the disk cache ------------------------------------------------------- */

static char *cache_dir(void)
{
	const char *x = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");

	if (x && x[0] == '/')
		return lg_xasprintf("%s/loadgate/modules", x);
	if (home && *home)
		return lg_xasprintf("%s/.cache/loadgate/modules", home);
	return NULL;
}

/* mkdir -p; 0 or -1 with errno. */
static int mkdirs(const char *dir)
{
	char buf[PATH_MAX];
	size_t n = strlen(dir);

	if (n >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, dir, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			return -1;
		buf[i] = i == n ? '\0' : '/';
	}
	return 0;
}

/* "<dir>/<sha256 hex of url><ext>"; NULL without a cache directory. */
static char *cache_path(const char *url, const char *ext)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	char hex[2 * EVP_MAX_MD_SIZE + 1];
	char *dir = cache_dir(), *path;

	if (!dir)
		return NULL;
	EVP_Digest(url, strlen(url), md, &mdlen, EVP_sha256(), NULL);
	for (unsigned int i = 0; i < mdlen; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	hex[2 * mdlen] = '\0';
	path = lg_xasprintf("%s/%s%s", dir, hex, ext);
	free(dir);
	return path;
}

/* The cached body of url, or NULL (errno ENOENT when it is not cached). */
static char *cache_read(const char *url, size_t *len)
{
	char *meta_path = cache_path(url, ".url"), *body_path = cache_path(url, ".js");
	char *meta = NULL, *body = NULL;
	size_t mlen = 0;

	if (!meta_path || !body_path) {
		errno = ENOENT;
		goto out;
	}
	meta = lg_read_file(meta_path, &mlen);
	/* the .url file holds the URL (and a newline): guards against a mix-up */
	if (!meta || mlen < strlen(url) || strncmp(meta, url, strlen(url)) != 0 ||
	    (mlen > strlen(url) && meta[strlen(url)] != '\n')) {
		errno = ENOENT;
		goto out;
	}
	body = lg_read_file(body_path, len);
out:
	free(meta);
	free(meta_path);
	free(body_path);
	return body;
}

static int cache_write(const char *url, const char *body, size_t len)
{
	char *dir = cache_dir(), *meta_path = cache_path(url, ".url"),
	     *body_path = cache_path(url, ".js");
	char *meta = lg_xasprintf("%s\n", url);
	int rc = -1;

	if (!dir || mkdirs(dir) < 0)
		goto out;
	if (lg_write_file_atomic(meta_path, meta, strlen(meta)) < 0)
		goto out;
	rc = lg_write_file_atomic(body_path, body, len);
out:
	if (rc < 0)
		lg_warn("cannot write %s to the module cache%s%s: %s", url, dir ? " " : "",
		        dir ? dir : " (set XDG_CACHE_HOME or HOME)", strerror(errno));
	free(dir);
	free(meta);
	free(meta_path);
	free(body_path);
	return rc;
}

/* ---- fetching ------------------------------------------------------------- */

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *ud)
{
	struct lg_buf *b = ud;

	if (lg_buf_append(b, ptr, size * nmemb) < 0)
		return 0; /* over REMOTE_MAX_BYTES: curl fails with a write error */
	return size * nmemb;
}

/*
 * GET url.  0 with the body, or -1 with why (the HTTP status or curl's
 * error), e.g. "HTTP status 404" or "Timeout was reached (...)".
 */
static int http_get(const char *url, const struct lg_module_opts *o, struct lg_buf *body, char *why,
                    size_t whysz)
{
	CURL *e = curl_easy_init();
	char errbuf[CURL_ERROR_SIZE] = "";
	const char *ca = lg_http_ca_bundle();
	long status = 0, timeout_ms = (long)(o->timeout_ns / LG_NS_PER_MS);
	CURLcode cc;
	int rc = -1;

	if (!e) {
		snprintf(why, whysz, "cannot create a curl handle");
		return -1;
	}
	body->limit = REMOTE_MAX_BYTES;
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, 10L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, timeout_ms > 0 ? timeout_ms : 1L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms > 0 ? timeout_ms : 1L);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_USERAGENT, "loadgate/" LG_VERSION);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, body);
	if (ca)
		curl_easy_setopt(e, CURLOPT_CAINFO, ca);
	cc = curl_easy_perform(e);
	if (cc != CURLE_OK) {
		if (cc == CURLE_WRITE_ERROR && body->len + CURL_MAX_WRITE_SIZE > REMOTE_MAX_BYTES)
			snprintf(why, whysz, "the module is larger than %d MiB",
			         REMOTE_MAX_BYTES >> 20);
		else
			snprintf(why, whysz, "%s%s%s%s", curl_easy_strerror(cc),
			         errbuf[0] ? " (" : "", errbuf, errbuf[0] ? ")" : "");
		goto out;
	}
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
	if (status < 200 || status > 299) {
		snprintf(why, whysz, "HTTP status %ld", status);
		goto out;
	}
	rc = 0;
out:
	curl_easy_cleanup(e);
	return rc;
}

/*
 * The source of a remote module: from the network (refreshing the cache) or,
 * offline, from the cache.  where is "file:line" of the import, for errors.
 */
static char *get_source(const char *url, const char *where, const struct lg_module_opts *o,
                        size_t *len, bool *from_cache, struct lg_err *err)
{
	struct lg_buf body = { 0 };
	char why[CURL_ERROR_SIZE + 64];
	char *src;

	*from_cache = o->offline;
	if (o->offline) {
		src = cache_read(url, len);
		if (!src) {
			char *dir = cache_dir();
			lg_errf(
			    err, LG_ESCRIPT,
			    "%s: the remote module %s is not in the module cache (%s) and "
			    "offline mode (--offline, LOADGATE_OFFLINE) forbids fetching it: run "
			    "`loadgate fetch script.js` where the network is reachable first",
			    where, url, dir ? dir : "no cache directory: set XDG_CACHE_HOME");
			free(dir);
		}
		return src;
	}
	if (http_get(url, o, &body, why, sizeof(why)) < 0) {
		size_t clen = 0;
		char *cached = cache_read(url, &clen);
		lg_buf_free(&body);
		lg_errf(err, LG_ESCRIPT, "%s: cannot fetch the remote module %s: %s%s", where, url,
		        why,
		        cached ? " (a copy is in the module cache: --offline runs from it)" : "");
		free(cached);
		return NULL;
	}
	cache_write(url, body.data ? body.data : "", body.len);
	*len = body.len;
	src = body.data ? lg_buf_steal(&body) : lg_xstrdup("");
	return src;
}

/* ---- scanning ------------------------------------------------------------- */

/*
 * The next `require("spec")` / `require('spec')` of lowered code from *pos
 * (or `__lg_rt.dimp(require, "spec")`, a lowered import()): the spec (caller
 * frees) and its line, or NULL at the end.  A require that is a property
 * (x.require) or part of a longer name is skipped.
 */
static char *next_require(const char *code, size_t len, size_t *pos, long *line)
{
	static const char *const kws[] = { "require(", "dimp(require," };
	size_t i = *pos;

	while (i < len) {
		const char *hit = NULL;
		size_t kwlen = 0, j, k;
		bool plain = false; /* require(, not dimp( */
		char q;
		for (size_t n = 0; n < LG_ARRAY_SIZE(kws); n++) {
			const char *h = memmem(code + i, len - i, kws[n], strlen(kws[n]));
			if (h && (!hit || h < hit)) {
				hit = h;
				kwlen = strlen(kws[n]);
				plain = n == 0;
			}
		}
		if (!hit)
			break;
		for (const char *c = code + i; c < hit; c++)
			if (*c == '\n')
				(*line)++;
		j = (size_t)(hit - code);
		i = j + kwlen;
		if (j > 0 && plain) {
			char p = code[j - 1];
			if (p == '.' || p == '_' || p == '$' || (p >= 'a' && p <= 'z') ||
			    (p >= 'A' && p <= 'Z') || (p >= '0' && p <= '9'))
				continue;
		}
		while (i < len && (code[i] == ' ' || code[i] == '\t'))
			i++;
		if (i >= len || (code[i] != '"' && code[i] != '\''))
			continue;
		q = code[i];
		for (k = i + 1; k < len && code[k] != q && code[k] != '\n' && code[k] != '\\'; k++)
			;
		if (k >= len || code[k] != q)
			continue; /* escapes or an unterminated string: not a plain literal */
		*pos = k + 1;
		for (const char *c = hit; c < code + k; c++)
			if (*c == '\n')
				(*line)++;
		return lg_xstrndup(code + i + 1, k - i - 1);
	}
	*pos = len;
	return NULL;
}

static struct js_remote *set_find(const struct remote_set *s, const char *url)
{
	for (int i = 0; i < s->n; i++)
		if (strcmp(s->v[i].url, url) == 0)
			return &s->v[i];
	return NULL;
}

static int scan_code(struct scan *s, const char *code, size_t len, const char *name,
                     const char *shown, int depth, struct lg_err *err);

/* Fetch (or read from the cache), lower and scan one remote module. */
static int add_remote(struct scan *s, const char *url, const char *where, int depth,
                      struct lg_err *err)
{
	struct lg_buf lowered = { 0 };
	struct js_remote *r;
	bool from_cache;
	size_t len = 0;
	char *src;
	int rc;

	if (set_find(s->set, url))
		return 0;
	if (lg__js_is_builtin(url)) {
		if (s->report)
			fprintf(s->report, "built-in  %s\n", url);
		return 0;
	}
	if (++s->modules > REMOTE_MAX_MODULES || depth > REMOTE_MAX_DEPTH)
		return lg_errf(err, LG_ESCRIPT,
		               "%s: too many modules or imports nested too deep (at most %d "
		               "modules, %d levels), at %s",
		               where, REMOTE_MAX_MODULES, REMOTE_MAX_DEPTH, url);
	src = get_source(url, where, s->o, &len, &from_cache, err);
	if (!src)
		return -LG_ESCRIPT;
	rc = lg_front_compile(src, len, url, &lowered, err);
	free(src);
	if (rc < 0) {
		lg_buf_free(&lowered);
		return rc;
	}
	if (s->report) {
		char *cp = cache_path(url, ".js");
		fprintf(s->report, "%s %s (%zu bytes) -> %s\n",
		        from_cache ? "cached   " : "fetched  ", url, len,
		        cp ? cp : "(no cache directory)");
		free(cp);
	}
	s->set->v = lg_xrealloc(s->set->v, (size_t)(s->set->n + 1) * sizeof(*r));
	r = &s->set->v[s->set->n++];
	r->url = lg_xstrdup(url);
	r->len = lowered.len;
	r->code = lg_buf_steal(&lowered);
	/* r may move when the set grows: scan a stable copy of the pointers */
	{
		const char *code = r->code, *name = r->url;
		size_t clen = r->len;
		return scan_code(s, code, clen, name, name, depth + 1, err);
	}
}

/* Read, lower and scan a local module (errors surface later, at require time). */
static int add_local(struct scan *s, const char *path, int depth, struct lg_err *err)
{
	struct lg_buf lowered = { 0 };
	struct lg_err ignored = { 0 };
	size_t len = 0;
	char *src;
	int rc = 0;

	for (int i = 0; i < s->set->n_locals; i++)
		if (strcmp(s->set->locals[i], path) == 0)
			return 0;
	if (++s->modules > REMOTE_MAX_MODULES || depth > REMOTE_MAX_DEPTH)
		return 0;
	s->set->locals =
	    lg_xrealloc(s->set->locals, (size_t)(s->set->n_locals + 1) * sizeof(char *));
	s->set->locals[s->set->n_locals++] = lg_xstrdup(path);
	src = lg_read_file(path, &len);
	if (src && lg_front_compile(src, len, path, &lowered, &ignored) == 0)
		rc = scan_code(s, lowered.data ? lowered.data : "", lowered.len, path, path,
		               depth + 1, err);
	free(src);
	lg_buf_free(&lowered);
	return rc;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return lg_xstrdup(".");
	return slash == path ? lg_xstrdup("/") : lg_xstrndup(path, (size_t)(slash - path));
}

/*
 * Follow every require("...") of one lowered module, named by its absolute
 * path or URL (shown: the name in messages).
 */
static int scan_code(struct scan *s, const char *code, size_t len, const char *name,
                     const char *shown, int depth, struct lg_err *err)
{
	bool remote = lg__js_is_url(name);
	size_t pos = 0;
	long line = 1;
	int rc = 0;
	char *spec;

	for (int n = 0; rc == 0 && n < REMOTE_MAX_REQUIRES &&
	                (spec = next_require(code, len, &pos, &line)) != NULL;
	     n++) {
		bool bare = !(spec[0] == '.' || spec[0] == '/' || strncmp(spec, "file://", 7) == 0);
		if (strcmp(spec, "k6") == 0 || strncmp(spec, "k6/", 3) == 0) {
			/* a k6 module */
		} else if (lg__js_is_url(spec) || (remote && !bare)) {
			char *url = lg__js_resolve_url(name, spec);
			char *where = lg_xasprintf("%s:%ld", shown, line);
			if (url)
				rc = add_remote(s, url, where, depth, err);
			free(where);
			free(url);
		} else if (!remote && !bare) {
			char *dir = dir_of(name);
			char *path = lg__js_resolve(dir, spec);
			if (path)
				rc = add_local(s, path, depth, err);
			free(path);
			free(dir);
		}
		free(spec);
	}
	return rc;
}

/* ---- the program's remote modules ------------------------------------------ */

int lg__js_remote_prefetch(struct lg_program *p, const char *lowered, size_t len,
                           struct lg_err *err)
{
	struct remote_set set = { 0 };
	struct scan s = { &set, &p->mopts, NULL, 0 };
	int rc = scan_code(&s, lowered, len, p->abs, p->path, 0, err);

	for (int i = 0; i < set.n_locals; i++)
		free(set.locals[i]);
	free(set.locals);
	p->remotes = set.v;
	p->n_remotes = set.n;
	return rc;
}

void lg__js_remote_free(struct lg_program *p)
{
	for (int i = 0; i < p->n_remotes; i++) {
		free(p->remotes[i].url);
		free(p->remotes[i].code);
	}
	free(p->remotes);
	p->remotes = NULL;
	p->n_remotes = 0;
}

/* "file:line" of the innermost caller that is not loadgate's own JavaScript. */
static void caller_where(duk_context *ctx, char *buf, size_t size)
{
	snprintf(buf, size, "(unknown location)");
	for (int level = -1; level >= -16; level--) {
		const char *file;
		long line;
		duk_inspect_callstack_entry(ctx, level);
		if (duk_is_undefined(ctx, -1)) {
			duk_pop(ctx);
			return;
		}
		duk_get_prop_literal(ctx, -1, "lineNumber");
		line = (long)duk_get_int_default(ctx, -1, 0);
		duk_get_prop_literal(ctx, -2, "function");
		duk_get_prop_literal(ctx, -1, "fileName");
		file = duk_get_string(ctx, -1);
		if (file && *file && strncmp(file, "loadgate", 8) != 0) {
			snprintf(buf, size, "%s:%ld", file, line);
			duk_pop_n(ctx, 4);
			return;
		}
		duk_pop_n(ctx, 4);
	}
}

/* lg.resolveUrl(base, spec) -> absolute URL (base: a module URL) */
static duk_ret_t n_resolve_url(duk_context *ctx)
{
	char *url = lg__js_resolve_url(duk_require_string(ctx, 0), duk_require_string(ctx, 1));

	if (!url)
		return duk_error(ctx, DUK_ERR_ERROR, "cannot resolve module \"%s\" from %s",
		                 duk_get_string(ctx, 1), duk_get_string(ctx, 0));
	duk_push_string(ctx, url);
	free(url);
	return 1;
}

/* lg.loadRemote(url) -> the remote module's wrapper function, compiled once per process. */
static duk_ret_t n_load_remote(duk_context *ctx)
{
	struct lg_vu *vu = lg__js_vu();
	struct lg_program *p = vu->run->prog;
	const char *url = duk_require_string(ctx, 0);
	struct js_module *m = NULL;
	struct js_remote *r;
	struct lg_err err = { 0 };

	pthread_mutex_lock(&p->mu);
	m = lg__js_module_find(p, url);
	if (m)
		goto load;
	{
		struct remote_set set = { p->remotes, p->n_remotes, NULL, 0 };
		r = set_find(&set, url);
		if (!r) {
			/* a URL computed at run time: fetch it now, in init code only */
			char where[PATH_MAX + 32];
			struct scan s = { &set, &p->mopts, NULL, 0 };
			int rc;
			caller_where(ctx, where, sizeof(where));
			if (!vu->in_init) {
				pthread_mutex_unlock(&p->mu);
				return duk_error(ctx, DUK_ERR_ERROR,
				                 "%s: the remote module %s was not loaded in the "
				                 "init code: import or require it at the top level",
				                 where, url);
			}
			rc = add_remote(&s, url, where, 0, &err);
			for (int i = 0; i < set.n_locals; i++)
				free(set.locals[i]);
			free(set.locals);
			p->remotes = set.v;
			p->n_remotes = set.n;
			r = rc < 0 ? NULL : set_find(&set, url);
			if (!r) {
				pthread_mutex_unlock(&p->mu);
				return duk_error(ctx, DUK_ERR_ERROR, "%s", err.msg);
			}
		}
	}
	{
		void *bc = NULL;
		size_t bclen = 0;
		if (lg__js_compile(ctx, r->code, r->len, url, &bc, &bclen, &err) < 0) {
			pthread_mutex_unlock(&p->mu);
			return duk_error(ctx, DUK_ERR_SYNTAX_ERROR, "%s", err.msg);
		}
		m = lg__js_module_add(p, url, bc, bclen);
	}
load:
	lg__js_load_bc(ctx, m->bc, m->len);
	pthread_mutex_unlock(&p->mu);
	return 1;
}

void lg__js_put_remote_natives(duk_context *ctx)
{
	duk_push_c_function(ctx, n_resolve_url, 2);
	duk_put_prop_literal(ctx, -2, "resolveUrl");
	duk_push_c_function(ctx, n_load_remote, 1);
	duk_put_prop_literal(ctx, -2, "loadRemote");
}

/* ---- loadgate fetch -------------------------------------------------------- */

int lg_modules_fetch(const char *path, const struct lg_module_opts *o, FILE *report,
                     struct lg_err *err)
{
	struct remote_set set = { 0 };
	struct scan s = { &set, o, report, 0 };
	struct lg_buf lowered = { 0 };
	char abs[PATH_MAX];
	size_t len = 0;
	char *src = lg_read_file(path, &len);
	int rc;

	if (!src)
		return lg_errf(err, LG_ESCRIPT, "cannot read the script %s: %s", path,
		               errno == ENOENT ? "no such file" : strerror(errno));
	if (!realpath(path, abs)) {
		rc = lg_errf(err, LG_ESCRIPT, "cannot resolve the script path %s: %s", path,
		             strerror(errno));
		goto out;
	}
	rc = lg_front_compile(src, len, path, &lowered, err);
	if (rc == 0) {
		set.locals = lg_xmalloc(sizeof(char *));
		set.locals[set.n_locals++] = lg_xstrdup(abs);
		rc =
		    scan_code(&s, lowered.data ? lowered.data : "", lowered.len, abs, path, 0, err);
	}
	if (rc == 0 && report)
		fprintf(report, "%d remote module%s in the cache\n", set.n, set.n == 1 ? "" : "s");
out:
	for (int i = 0; i < set.n; i++) {
		free(set.v[i].url);
		free(set.v[i].code);
	}
	free(set.v);
	for (int i = 0; i < set.n_locals; i++)
		free(set.locals[i]);
	free(set.locals);
	lg_buf_free(&lowered);
	free(src);
	return rc;
}
