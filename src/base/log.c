/* SPDX-License-Identifier: Apache-2.0 */
/* log.c - leveled logging: human on a terminal, logfmt otherwise. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lg/clock.h"
#include "lg/log.h"

static enum lg_log_level log_min = LG_LOG_INFO;
static pthread_mutex_t tty_mu = PTHREAD_MUTEX_INITIALIZER;
static int status_lines; /* lines of the status block on screen (TTY) */
static int log_tty;
static int64_t log_start_ns;

static const char *const level_names[] = { "debug", "info", "warning", "error" };
static const char *const level_tags[] = { "DEBU", "INFO", "WARN", "ERRO" };

void lg_log_init(enum lg_log_level min_level, int tty, int64_t start_ns)
{
	log_min = min_level;
	log_tty = tty;
	log_start_ns = start_ns ? start_ns : lg_now_ns();
}

static void put_quoted(struct lg_buf *b, const char *s)
{
	lg_buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\') {
			lg_buf_putc(b, '\\');
			lg_buf_putc(b, *s);
		} else if (*s == '\n') {
			lg_buf_puts(b, "\\n");
		} else if (*s == '\t') {
			lg_buf_puts(b, "\\t");
		} else {
			lg_buf_putc(b, *s);
		}
	}
	lg_buf_putc(b, '"');
}

void lg_logv(enum lg_log_level lvl, const char *source, const char *fmt, va_list ap)
{
	struct lg_buf line = { 0 };
	char msg[8192];
	ssize_t w;

	if (lvl < log_min)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (log_tty) {
		long secs = (long)((lg_now_ns() - log_start_ns) / LG_NS_PER_S);
		lg_buf_printf(&line, "%s[%04ld] %s", level_tags[lvl], secs, msg);
		if (source)
			lg_buf_printf(&line, "  source=%s", source);
	} else {
		char ts[64];
		struct timespec now;
		struct tm tm;

		clock_gettime(CLOCK_REALTIME, &now);
		localtime_r(&now.tv_sec, &tm);
		strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S%z", &tm);
		lg_buf_printf(&line, "time=\"%s\" level=%s msg=", ts, level_names[lvl]);
		put_quoted(&line, msg);
		if (source)
			lg_buf_printf(&line, " source=%s", source);
	}
	lg_buf_putc(&line, '\n');
	pthread_mutex_lock(&tty_mu);
	if (status_lines > 0) {
		char esc[32];
		int n = snprintf(esc, sizeof(esc), "\033[%dA\033[J", status_lines);
		w = write(STDERR_FILENO, esc, (size_t)n);
		status_lines = 0;
	}
	w = write(STDERR_FILENO, line.data, line.len);
	pthread_mutex_unlock(&tty_mu);
	LG_UNUSED(w);
	lg_buf_free(&line);
}

void lg_log(enum lg_log_level lvl, const char *source, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lg_logv(lvl, source, fmt, ap);
	va_end(ap);
}

void lg_log_status(const char *block)
{
	struct lg_buf b = { 0 };
	ssize_t w;
	int lines = 0;

	for (const char *p = block; *p; p++)
		lines += *p == '\n';
	pthread_mutex_lock(&tty_mu);
	if (status_lines > 0)
		lg_buf_printf(&b, "\033[%dA\033[J", status_lines);
	lg_buf_puts(&b, block);
	w = write(STDERR_FILENO, b.data, b.len);
	LG_UNUSED(w);
	status_lines = lines;
	pthread_mutex_unlock(&tty_mu);
	lg_buf_free(&b);
}

void lg_log_status_keep(void)
{
	pthread_mutex_lock(&tty_mu);
	status_lines = 0;
	pthread_mutex_unlock(&tty_mu);
}
