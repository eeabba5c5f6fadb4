/* SPDX-License-Identifier: Apache-2.0 */
/*
 * log.h - leveled logging to stderr.  On a terminal: "INFO[0001] msg  k=v";
 * otherwise logfmt: time="..." level=info msg="..." k=v, which CI logs keep.
 * Thread-safe (one write(2) per line).
 */
#ifndef LG_LOG_H
#define LG_LOG_H

#include "lg/base.h"

enum lg_log_level { LG_LOG_DEBUG, LG_LOG_INFO, LG_LOG_WARN, LG_LOG_ERROR };

/* Configure once, before threads start. */
void lg_log_init(enum lg_log_level min_level, int tty, int64_t start_ns);
/* Log one line; `source` (e.g. "console") may be NULL. */
void lg_log(enum lg_log_level lvl, const char *source, const char *fmt, ...) LG_PRINTF(3, 4);
void lg_logv(enum lg_log_level lvl, const char *source, const char *fmt, va_list ap)
    LG_PRINTF(3, 0);

/*
 * Terminal only: draw a multi-line status block (every line ends with '\n')
 * in place of the previous one.  Log lines written meanwhile erase the block
 * first, so the two never garble each other.  lg_log_status_keep() leaves the
 * last block on screen for good (end of the run).
 */
void lg_log_status(const char *block);
void lg_log_status_keep(void);

#define lg_warn(...) lg_log(LG_LOG_WARN, NULL, __VA_ARGS__)
#define lg_info(...) lg_log(LG_LOG_INFO, NULL, __VA_ARGS__)
#define lg_error(...) lg_log(LG_LOG_ERROR, NULL, __VA_ARGS__)
#define lg_debug(...) lg_log(LG_LOG_DEBUG, NULL, __VA_ARGS__)

#endif
