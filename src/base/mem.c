/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mem.c - allocation that dies on out-of-memory, capped growable buffers,
 * strict number parsing and whole-file I/O.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lg/base.h"

static LG_NORETURN void oom(size_t n)
{
	fprintf(stderr, "loadgate: fatal: out of memory allocating %zu bytes\n", n);
	abort();
}

void *lg_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom(n);
	return p;
}

void *lg_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom(n * size);
	return p;
}

void *lg_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		oom(n);
	return q;
}

char *lg_xstrdup(const char *s)
{
	return lg_xstrndup(s, strlen(s));
}

char *lg_xstrndup(const char *s, size_t n)
{
	char *p = lg_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *lg_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p = NULL;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&p, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom(0);
	return p;
}

static int buf_reserve(struct lg_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	size_t cap;

	if (b->limit && b->len + extra > b->limit)
		return -1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	b->data = lg_xrealloc(b->data, cap);
	b->cap = cap;
	return 0;
}

int lg_buf_append(struct lg_buf *b, const void *p, size_t n)
{
	if (buf_reserve(b, n))
		return -1;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int lg_buf_puts(struct lg_buf *b, const char *s)
{
	return lg_buf_append(b, s, strlen(s));
}

int lg_buf_putc(struct lg_buf *b, char c)
{
	return lg_buf_append(b, &c, 1);
}

int lg_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t lg_utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

int lg_buf_put_utf8(struct lg_buf *b, uint32_t cp)
{
	char u[4];

	return lg_buf_append(b, u, lg_utf8_encode(cp, u));
}

int lg_buf_printf(struct lg_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || buf_reserve(b, (size_t)n))
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

void lg_buf_reset(struct lg_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void lg_buf_free(struct lg_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

char *lg_buf_steal(struct lg_buf *b)
{
	char *p = b->data ? b->data : lg_xstrdup("");

	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

int lg_parse_i64(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (!s || !*s)
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

int lg_parse_double(const char *s, double *out)
{
	char *end;
	double v;

	if (!s || !*s)
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || isnan(v))
		return -1;
	*out = v;
	return 0;
}

char *lg_read_file(const char *path, size_t *len)
{
	struct lg_buf b = { 0 };
	char chunk[65536];
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		errno = EISDIR;
		return NULL;
	}
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			lg_buf_free(&b);
			errno = e;
			return NULL;
		}
		if (n == 0)
			break;
		lg_buf_append(&b, chunk, (size_t)n);
	}
	close(fd);
	if (len)
		*len = b.len;
	return lg_buf_steal(&b);
}

int lg_write_file_atomic(const char *path, const void *data, size_t len)
{
	char tmp[4096];
	const char *p = data;
	int fd, e;
	ssize_t n;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid()) >= sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0)
		return -1;
	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		p += n;
		len -= (size_t)n;
	}
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	if (rename(tmp, path) < 0) {
		fd = -1;
		goto fail;
	}
	return 0;
fail:
	e = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = e;
	return -1;
}
