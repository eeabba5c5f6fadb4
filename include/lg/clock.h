/* SPDX-License-Identifier: Apache-2.0 */
/* clock.h - monotonic time and k6 duration strings. */
#ifndef LG_CLOCK_H
#define LG_CLOCK_H

#include <stdint.h>

#define LG_NS_PER_MS INT64_C(1000000)
#define LG_NS_PER_S INT64_C(1000000000)

/* CLOCK_MONOTONIC in nanoseconds. Thread-safe. */
int64_t lg_now_ns(void);
/* Wall clock (CLOCK_REALTIME) in nanoseconds since the epoch. */
int64_t lg_wall_ns(void);

/*
 * Parse a k6 duration: Go syntax ("1h2m3.5s", "250ms", "10us", "1.5s") with an
 * optional days prefix ("2d12h").  When bare_ms is true a bare number
 * ("500", "2.5") means milliseconds, as in script options and env vars; when
 * false (CLI -d) a bare number other than "0" is an error.  Negative values
 * are rejected.  Returns 0 and *ns, or -1.
 */
int lg_duration_parse(const char *s, int bare_ms, int64_t *ns);

/* Format like Go's time.Duration.String(): "1m30s", "10s", "1h0m0s", "500ms". */
void lg_duration_format(int64_t ns, char *buf, unsigned size);

#endif
