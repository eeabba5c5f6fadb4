/* SPDX-License-Identifier: Apache-2.0 */
/*
 * format.c - value formatting shared by the reports (k6 reference 6.1), the
 * ECMAScript number conversions it rests on, the name order of the
 * summaries, and the summaryTrendStats validator.
 *
 * DESIGN: k6 formats in JavaScript (internal/js/summary.js), so every rule
 * here is stated in terms of JS operations and implemented with the same
 * double arithmetic in the same order: Math.trunc(v * 100 * 100) / 100 is
 * computed as trunc((v * 100) * 100) / 100, not v * 10000.  toFixed needs the
 * exact decimal value of a double (glibc's printf rounds ties to even, JS
 * rounds them up): printing with 1100 fraction digits is exact for every
 * double (the longest expansion, 2^-1074, has 1074), and then the rounding is
 * done by hand.  Formatting is not on a hot path (a few hundred values at the
 * end of a run), so clarity wins over speed.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg/summary.h"
#include "report_int.h"

/* ---- ECMAScript number conversions ------------------------------------ */

void lg__js_number(double v, char *buf, size_t size)
{
	char tmp[40], digits[24], out[48];
	size_t pos = 0;
	int prec, k = 0, n, i;
	const char *p;

	if (isnan(v)) {
		snprintf(buf, size, "NaN");
		return;
	}
	if (isinf(v)) {
		snprintf(buf, size, "%s", v < 0 ? "-Infinity" : "Infinity");
		return;
	}
	if (v == 0) {
		snprintf(buf, size, "0");
		return;
	}
	if (v < 0) {
		out[pos++] = '-';
		v = -v;
	}
	/* Shortest digits that read back as v; the correctly rounded string of
	 * a given length is the closest one, as the spec asks. */
	for (prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*e", prec - 1, v);
		if (strtod(tmp, NULL) == v)
			break;
	}
	p = tmp;
	digits[k++] = *p++;
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p))
			digits[k++] = *p++;
	}
	n = (int)strtol(p + 1, NULL, 10) + 1; /* position of the decimal point */
	while (k > 1 && digits[k - 1] == '0')
		k--;

	if (k <= n && n <= 21) {
		for (i = 0; i < k; i++)
			out[pos++] = digits[i];
		for (i = k; i < n; i++)
			out[pos++] = '0';
	} else if (0 < n && n <= 21) {
		for (i = 0; i < n; i++)
			out[pos++] = digits[i];
		out[pos++] = '.';
		for (i = n; i < k; i++)
			out[pos++] = digits[i];
	} else if (-6 < n && n <= 0) {
		out[pos++] = '0';
		out[pos++] = '.';
		for (i = n; i < 0; i++)
			out[pos++] = '0';
		for (i = 0; i < k; i++)
			out[pos++] = digits[i];
	} else {
		out[pos++] = digits[0];
		if (k > 1) {
			out[pos++] = '.';
			for (i = 1; i < k; i++)
				out[pos++] = digits[i];
		}
		pos += (size_t)snprintf(out + pos, sizeof(out) - pos, "e%c%d",
		                        n - 1 >= 0 ? '+' : '-', abs(n - 1));
	}
	out[pos] = '\0';
	snprintf(buf, size, "%s", out);
}

void lg__js_tofixed(double v, int digits, char *buf, size_t size)
{
	/* sign + 21 integer digits + '.' + 1100 fraction digits + NUL */
	char exact[1128], d[48];
	const char *dot;
	size_t ilen, len, i;
	bool neg = false;
	int carry;

	LG_DASSERT(digits >= 0 && digits <= 20);
	if (!isfinite(v) || fabs(v) >= 1e21) {
		lg__js_number(v, buf, size);
		return;
	}
	if (v < 0) {
		neg = true;
		v = -v;
	}
	if (v == 0) /* -0 is not < 0: (-0).toFixed(2) is "0.00", no sign */
		v = 0;
	snprintf(exact, sizeof(exact), "%.1100f", v);
	dot = strchr(exact, '.');
	ilen = (size_t)(dot - exact);
	/* d = integer digits followed by the first `digits` fraction digits */
	memcpy(d, exact, ilen);
	memcpy(d + ilen, dot + 1, (size_t)digits);
	len = ilen + (size_t)digits;
	/* n/10^f closest to x, the larger n on a tie: look at the next digit */
	carry = dot[1 + digits] >= '5';
	for (i = len; carry && i > 0; i--) {
		if (d[i - 1] == '9') {
			d[i - 1] = '0';
		} else {
			d[i - 1]++;
			carry = 0;
		}
	}
	if (carry) {
		memmove(d + 1, d, len);
		d[0] = '1';
		len++;
		ilen++;
	}
	if (digits > 0)
		snprintf(buf, size, "%s%.*s.%.*s", neg ? "-" : "", (int)ilen, d, digits, d + ilen);
	else
		snprintf(buf, size, "%s%.*s", neg ? "-" : "", (int)ilen, d);
}

void lg__js_fixed_nz(double v, int prec, char *buf, size_t size)
{
	char tmp[LG__JS_NUMBUF];

	lg__js_tofixed(v, prec, tmp, sizeof(tmp));
	lg__js_number(strtod(tmp, NULL), buf, size);
}

/* k6's toFixedNoTrailingZerosTrunc: truncate to prec decimals, then as above. */
static void fixed_nz_trunc(double v, int prec, char *buf, size_t size)
{
	double mult = pow(10, prec);

	lg__js_fixed_nz(trunc(mult * v) / mult, prec, buf, size);
}

/* ---- the lg_fmt_* rules (reference 6.1) -------------------------------- */

static void generic_duration(double d, char *buf, size_t size)
{
	char num[LG__JS_NUMBUF], secs[LG__JS_NUMBUF], mins[LG__JS_NUMBUF], hours[LG__JS_NUMBUF];
	double rem;

	if (d == 0) {
		snprintf(buf, size, "0s");
		return;
	}
	if (d < 0.001) { /* below a microsecond: whole nanoseconds */
		lg__js_number(trunc(d * 1000000), num, sizeof(num));
		snprintf(buf, size, "%sns", num);
		return;
	}
	if (d < 1) {
		fixed_nz_trunc(d * 1000, 2, num, sizeof(num));
		snprintf(buf, size, "%s\xc2\xb5s", num);
		return;
	}
	if (d < 1000) {
		fixed_nz_trunc(d, 2, num, sizeof(num));
		snprintf(buf, size, "%sms", num);
		return;
	}
	/* seconds keep 2 decimals only below a minute ("2.01s", "1m1s") */
	fixed_nz_trunc(fmod(d, 60000) / 1000, d > 60000 ? 0 : 2, secs, sizeof(secs));
	rem = trunc(d / 60000);
	if (!(rem >= 1)) {
		snprintf(buf, size, "%ss", secs);
		return;
	}
	lg__js_number(fmod(rem, 60), mins, sizeof(mins));
	rem = trunc(rem / 60);
	if (!(rem >= 1)) {
		snprintf(buf, size, "%sm%ss", mins, secs);
		return;
	}
	lg__js_number(rem, hours, sizeof(hours));
	snprintf(buf, size, "%sh%sm%ss", hours, mins, secs);
}

void lg_fmt_duration_ms(double ms, const char *time_unit, char *buf, size_t size)
{
	static const struct {
		const char *name, *label;
		double coef;
	} units[] = {
		{ "s", "s", 0.001 },
		{ "ms", "ms", 1 },
		{ "us", "\xc2\xb5s", 1000 },
	};
	char num[LG__JS_NUMBUF];

	for (size_t i = 0; time_unit && i < LG_ARRAY_SIZE(units); i++) {
		if (strcmp(time_unit, units[i].name) == 0) {
			lg__js_tofixed(ms * units[i].coef, 2, num, sizeof(num));
			snprintf(buf, size, "%s%s", num, units[i].label);
			return;
		}
	}
	generic_duration(ms, buf, size);
}

void lg_fmt_data(double bytes, char *buf, size_t size)
{
	static const char *const units[] = { "B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB" };
	char num[LG__JS_NUMBUF];
	double e, val;
	const char *suffix;

	if (bytes < 10) {
		lg__js_number(bytes, num, sizeof(num));
		snprintf(buf, size, "%s B", num);
		return;
	}
	e = floor(log(bytes) / log(1000));
	/* units[e | 0]: past "YB" JS reads undefined */
	suffix = e >= 0 && e < (double)LG_ARRAY_SIZE(units) ? units[(int)e] : "undefined";
	if (isnan(e))
		suffix = units[0];
	val = floor(bytes / pow(1000, e) * 10 + 0.5) / 10;
	lg__js_tofixed(val, val < 10 ? 1 : 0, num, sizeof(num));
	snprintf(buf, size, "%s %s", num, suffix);
}

void lg_fmt_number(double v, char *buf, size_t size)
{
	lg__js_fixed_nz(v, 6, buf, size);
}

void lg_fmt_rate_pct(double rate, char *buf, size_t size)
{
	char num[LG__JS_NUMBUF];

	/* truncated, not rounded: 0.66666 is 66.66% */
	lg__js_tofixed(trunc(rate * 100 * 100) / 100, 2, num, sizeof(num));
	snprintf(buf, size, "%s%%", num);
}

void lg__humanize(double v, enum lg_metric_type type, enum lg_metric_contains contains,
                  const char *time_unit, char *buf, size_t size)
{
	if (type == LG_RATE)
		lg_fmt_rate_pct(v, buf, size);
	else if (contains == LG_CONTAINS_DATA)
		lg_fmt_data(v, buf, size);
	else if (contains == LG_CONTAINS_TIME)
		lg_fmt_duration_ms(v, time_unit, buf, size);
	else
		lg_fmt_number(v, buf, size);
}

/* ---- widths, names ----------------------------------------------------- */

size_t lg__str_width(const char *s)
{
	bool in_esc = false, in_long = false;
	size_t width = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;

		if ((c & 0xc0) == 0x80) /* UTF-8 continuation: same code point */
			continue;
		if (c == 0x1b) {
			in_esc = true;
			continue;
		}
		if (in_esc && c == '[') {
			in_long = true;
			continue;
		}
		if (in_esc && in_long && c >= 0x40 && c <= 0x7e) {
			in_esc = in_long = false;
			continue;
		}
		if (in_esc && !in_long && c >= 0x40 && c <= 0x5f) {
			in_esc = false;
			continue;
		}
		if (!in_esc && !in_long)
			width++;
	}
	return width;
}

/* Decode one code point (invalid bytes decode as themselves); advances *p. */
static unsigned decode_cp(const unsigned char **p, const unsigned char *end)
{
	const unsigned char *s = *p;
	unsigned c = *s, cp, n, i;

	if (c < 0x80 || end - s < 2) {
		n = 1;
		cp = c;
	} else if ((c & 0xe0) == 0xc0) {
		n = 2;
		cp = c & 0x1f;
	} else if ((c & 0xf0) == 0xe0) {
		n = 3;
		cp = c & 0x0f;
	} else if ((c & 0xf8) == 0xf0) {
		n = 4;
		cp = c & 0x07;
	} else {
		n = 1;
		cp = c;
	}
	if ((size_t)(end - s) < n) {
		n = 1;
		cp = c;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			n = 1;
			cp = c;
			break;
		}
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	*p = s + n;
	return cp;
}

/* CLDR root order of the printable ASCII punctuation, before the digits. */
static const char collation_punct[] = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$";

/* Primary weight; 0 = ignorable (control characters). */
static unsigned primary_weight(unsigned cp)
{
	const char *q;

	if (cp < 0x20 || cp == 0x7f)
		return 0;
	if (cp < 0x80) {
		if (cp >= '0' && cp <= '9')
			return 100 + (cp - '0');
		if (cp >= 'a' && cp <= 'z')
			return 200 + (cp - 'a');
		if (cp >= 'A' && cp <= 'Z')
			return 200 + (cp - 'A');
		q = strchr(collation_punct, (int)cp);
		return q ? 1 + (unsigned)(q - collation_punct) : 99;
	}
	return 1000 + cp;
}

static int name_cmp_n(const char *a, size_t alen, const char *b, size_t blen)
{
	const unsigned char *pa = (const unsigned char *)a, *ea = pa + alen;
	const unsigned char *pb = (const unsigned char *)b, *eb = pb + blen;
	unsigned ca = 0, cb = 0, wa = 0, wb = 0;
	int tertiary = 0, c;

	for (;;) {
		wa = wb = 0;
		while (pa < ea && !(wa = primary_weight(ca = decode_cp(&pa, ea))))
			;
		while (pb < eb && !(wb = primary_weight(cb = decode_cp(&pb, eb))))
			;
		if (!wa || !wb)
			break;
		if (wa != wb)
			return wa < wb ? -1 : 1;
		/* same letter, different case: lower case first, decided by the
		 * first such position, only if everything else is equal */
		if (!tertiary && ca != cb)
			tertiary = (ca >= 'a' && ca <= 'z') ? -1 : 1;
	}
	if (wa != wb)
		return wa ? 1 : -1; /* the shorter one first */
	if (tertiary)
		return tertiary;
	c = memcmp(a, b, alen < blen ? alen : blen);
	if (c)
		return c < 0 ? -1 : 1;
	return alen < blen ? -1 : alen > blen;
}

int lg__name_cmp(const char *a, const char *b)
{
	return name_cmp_n(a, strlen(a), b, strlen(b));
}

int lg__metric_name_cmp(const char *a, const char *b)
{
	size_t pa = strcspn(a, "{"), pb = strcspn(b, "{");
	int c = name_cmp_n(a, pa, b, pb);

	return c ? c : lg__name_cmp(a + pa, b + pb);
}

/* ---- JSON strings ------------------------------------------------------ */

void lg__json_string(struct lg_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);

	lg_buf_putc(out, '"');
	while (p < end) {
		const unsigned char *start = p;
		unsigned cp = decode_cp(&p, end);
		size_t n = (size_t)(p - start);

		if (n == 1 && cp >= 0x80) { /* invalid UTF-8 byte */
			lg_buf_puts(out, "\xef\xbf\xbd");
			continue;
		}
		if ((n == 2 && cp < 0x80) ||
		    (n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp < 0xe000))) ||
		    (n == 4 && (cp < 0x10000 || cp > 0x10ffff))) { /* overlong or surrogate */
			lg_buf_puts(out, "\xef\xbf\xbd");
			continue;
		}
		switch (cp) {
		case '"':
			lg_buf_puts(out, "\\\"");
			break;
		case '\\':
			lg_buf_puts(out, "\\\\");
			break;
		case '\b':
			lg_buf_puts(out, "\\b");
			break;
		case '\f':
			lg_buf_puts(out, "\\f");
			break;
		case '\n':
			lg_buf_puts(out, "\\n");
			break;
		case '\r':
			lg_buf_puts(out, "\\r");
			break;
		case '\t':
			lg_buf_puts(out, "\\t");
			break;
		default:
			if (cp < 0x20)
				lg_buf_printf(out, "\\u%04x", cp);
			else
				lg_buf_append(out, start, n);
		}
	}
	lg_buf_putc(out, '"');
}

/* ---- summaryTrendStats ------------------------------------------------- */

/* Go's strconv.ParseFloat for plain decimal syntax ([+-]digits[.digits][e[+-]digits]). */
static bool parse_go_decimal(const char *s, size_t n, double *out)
{
	char tmp[64];
	size_t i = 0, mant = 0;

	if (n == 0 || n >= sizeof(tmp))
		return false;
	if (s[i] == '+' || s[i] == '-')
		i++;
	while (i < n && isdigit((unsigned char)s[i]))
		i++, mant++;
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && isdigit((unsigned char)s[i]))
			i++, mant++;
	}
	if (mant == 0)
		return false;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t exp = 0;

		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		while (i < n && isdigit((unsigned char)s[i]))
			i++, exp++;
		if (exp == 0)
			return false;
	}
	if (i != n)
		return false;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	*out = strtod(tmp, NULL);
	return true;
}

/*
 * Lives here rather than in summary.c so that callers validating options
 * (and the unit tests) do not pull in the metrics engine.
 */
bool lg_trend_stat_valid(const char *stat)
{
	static const char *const fixed[] = { "avg", "min", "med", "max", "count" };
	size_t n;
	double p;

	if (!stat)
		return false;
	for (size_t i = 0; i < LG_ARRAY_SIZE(fixed); i++)
		if (strcmp(stat, fixed[i]) == 0)
			return true;
	n = strlen(stat);
	if (n < 3 || strncmp(stat, "p(", 2) != 0 || stat[n - 1] != ')')
		return false;
	if (!parse_go_decimal(stat + 2, n - 3, &p))
		return false;
	return p >= 0 && p <= 100;
}

/* ---- thresholds as shown ------------------------------------------------ */

static bool ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

char *lg__threshold_expr(const struct lg_summary_threshold *th)
{
	const char *e = th->expr ? th->expr : "";
	size_t n = strlen(e);

	while (n && ws(*e))
		e++, n--;
	while (n && ws(e[n - 1]))
		n--;
	return lg_xstrndup(e, n);
}

char *lg__threshold_agg(const struct lg_summary_threshold *th)
{
	char *e, *r;
	size_t an;

	if (th->agg)
		return lg_xstrdup(th->agg);
	/* k6: source.split(/[=><]/)[0].trim() */
	e = lg__threshold_expr(th);
	an = strcspn(e, "=<>");
	while (an && ws(e[an - 1]))
		an--;
	r = lg_xstrndup(e, an);
	free(e);
	return r;
}

char *lg__threshold_value(const struct lg_summary *s, const struct lg_summary_metric *m,
                          const char *agg, double v)
{
	char buf[LG__JS_NUMBUF + 16];

	if (m->type == LG_TREND && strcmp(agg, "count") == 0) {
		lg__js_number(v, buf, sizeof(buf));
		return lg_xstrdup(buf);
	}
	lg__humanize(v, m->type, m->contains, s->time_unit, buf, sizeof(buf));
	if (m->type == LG_COUNTER && strcmp(agg, "count") != 0)
		return lg_xasprintf("%s/s", buf);
	return lg_xstrdup(buf);
}

/* ---- text for XML and YAML ------------------------------------------------ */

void lg__clean_text(struct lg_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		unsigned cp = 0;
		size_t n = 0;

		if (p[0] < 0x80) {
			cp = p[0];
			n = 1;
		} else if ((p[0] & 0xe0) == 0xc0 && (p[1] & 0xc0) == 0x80) {
			cp = ((unsigned)(p[0] & 0x1f) << 6) | (p[1] & 0x3f);
			n = cp >= 0x80 ? 2 : 0;
		} else if ((p[0] & 0xf0) == 0xe0 && (p[1] & 0xc0) == 0x80 &&
		           (p[2] & 0xc0) == 0x80) {
			cp = ((unsigned)(p[0] & 0x0f) << 12) | ((unsigned)(p[1] & 0x3f) << 6) |
			     (p[2] & 0x3f);
			n = cp >= 0x800 ? 3 : 0;
		} else if ((p[0] & 0xf8) == 0xf0 && (p[1] & 0xc0) == 0x80 &&
		           (p[2] & 0xc0) == 0x80 && (p[3] & 0xc0) == 0x80) {
			cp = ((unsigned)(p[0] & 0x07) << 18) | ((unsigned)(p[1] & 0x3f) << 12) |
			     ((unsigned)(p[2] & 0x3f) << 6) | (p[3] & 0x3f);
			n = cp >= 0x10000 && cp <= 0x10ffff ? 4 : 0;
		}
		if (n == 0 || (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
		    (cp >= 0x7f && cp <= 0x9f) || (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe ||
		    cp == 0xffff) {
			lg_buf_puts(out, "\xef\xbf\xbd"); /* U+FFFD */
			p += n ? n : 1;
			continue;
		}
		lg_buf_append(out, p, n);
		p += n;
	}
}

const char *lg__exit_code_name(int code)
{
	for (int e = 0; e < LG_E__COUNT; e++)
		if (lg_err_exit_code((enum lg_errcode)e) == code)
			return lg_err_name((enum lg_errcode)e);
	return NULL;
}
