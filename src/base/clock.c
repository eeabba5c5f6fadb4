/* SPDX-License-Identifier: Apache-2.0 */
/* clock.c - monotonic clock and k6/Go duration strings. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lg/base.h"
#include "lg/clock.h"

int64_t lg_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * LG_NS_PER_S + ts.tv_nsec;
}

int64_t lg_wall_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * LG_NS_PER_S + ts.tv_nsec;
}

static const struct {
	const char *unit;
	double ns;
} units[] = {
	/* longest first so "ms" is not read as "m" */
	{ "ns", 1.0 }, { "us", 1e3 }, { "\xc2\xb5s", 1e3 }, { "\xce\xbcs", 1e3 }, { "ms", 1e6 },
	{ "s", 1e9 },  { "m", 60e9 }, { "h", 3600e9 },      { "d", 86400e9 },
};

int lg_duration_parse(const char *s, int bare_ms, int64_t *ns)
{
	double total = 0;
	const char *p = s;
	int any = 0;

	if (!s)
		return -1;
	while (isspace((unsigned char)*p))
		p++;
	if (!*p)
		return -1;
	/* A bare number: milliseconds in script/env options. */
	{
		double v;
		char *end;

		v = strtod(p, &end);
		if (end != p && *end == '\0') {
			if (v < 0 || isnan(v) || isinf(v))
				return -1;
			if (!bare_ms && v != 0)
				return -1;
			*ns = (int64_t)llround(v * 1e6);
			return 0;
		}
	}
	while (*p) {
		double v;
		char *end;
		size_t i, best = LG_ARRAY_SIZE(units);

		if (*p == '-' || *p == '+')
			return -1;
		v = strtod(p, &end);
		if (end == p || isnan(v) || isinf(v) || v < 0)
			return -1;
		/* strtod accepts hex and exponents; Go durations do not. */
		for (const char *q = p; q < end; q++)
			if (!isdigit((unsigned char)*q) && *q != '.')
				return -1;
		p = end;
		for (i = 0; i < LG_ARRAY_SIZE(units); i++) {
			size_t n = strlen(units[i].unit);
			if (strncmp(p, units[i].unit, n) == 0) {
				best = i;
				break;
			}
		}
		if (best == LG_ARRAY_SIZE(units))
			return -1;
		total += v * units[best].ns;
		p += strlen(units[best].unit);
		any = 1;
	}
	if (!any || total > 9.2e18)
		return -1;
	*ns = (int64_t)llround(total);
	return 0;
}

/* Go's fmtFrac/fmtInt: the fraction without trailing zeros. */
static void put_frac(char *out, unsigned size, int64_t v, int prec, int64_t *rest)
{
	char digits[32];
	int n = 0, printed = 0;

	for (int i = 0; i < prec; i++) {
		int d = (int)(v % 10);
		printed = printed || d != 0;
		if (printed)
			digits[n++] = (char)('0' + d);
		v /= 10;
	}
	out[0] = '\0';
	if (printed) {
		unsigned k = 0;
		out[k++] = '.';
		while (n > 0 && k + 1 < size)
			out[k++] = digits[--n];
		out[k] = '\0';
	}
	*rest = v;
}

void lg_duration_format(int64_t ns, char *buf, unsigned size)
{
	char frac[32];
	int64_t v = ns < 0 ? -ns : ns;
	const char *sign = ns < 0 ? "-" : "";

	if (v == 0) {
		snprintf(buf, size, "0s");
		return;
	}
	if (v < LG_NS_PER_S) {
		int64_t rest;
		if (v < 1000) {
			snprintf(buf, size, "%s%lldns", sign, (long long)v);
		} else if (v < 1000000) {
			put_frac(frac, sizeof(frac), v, 3, &rest);
			snprintf(buf, size, "%s%lld%s\xc2\xb5s", sign, (long long)rest, frac);
		} else {
			put_frac(frac, sizeof(frac), v, 6, &rest);
			snprintf(buf, size, "%s%lld%sms", sign, (long long)rest, frac);
		}
		return;
	}
	{
		int64_t secs;
		put_frac(frac, sizeof(frac), v, 9, &secs);
		if (secs < 60) {
			snprintf(buf, size, "%s%lld%ss", sign, (long long)secs, frac);
		} else if (secs < 3600) {
			snprintf(buf, size, "%s%lldm%lld%ss", sign, (long long)(secs / 60),
			         (long long)(secs % 60), frac);
		} else {
			snprintf(buf, size, "%s%lldh%lldm%lld%ss", sign, (long long)(secs / 3600),
			         (long long)(secs / 60 % 60), (long long)(secs % 60), frac);
		}
	}
}
