/* SPDX-License-Identifier: Apache-2.0 */
/*
 * th_parse.c - the text of thresholds: expressions ("p(95) < 500") and keys
 * ("http_req_duration{status:200}"), with k6's rules (reference 5.2, 5.3).
 *
 * DESIGN
 *   k6 parses with Go's strings and strconv packages, so the edge cases are
 *   Go's: strings.TrimSpace trims Unicode white space (NBSP, U+2000...), and
 *   strconv.ParseFloat accepts hex floats with a 'p' exponent, digit-group
 *   underscores ("1_000"), "Inf"/"Infinity"/"NaN" in any case, and refuses
 *   finite literals beyond double range.  Those rules are reproduced here;
 *   the conversion itself is glibc's strtod on the literal stripped of
 *   underscores (both round correctly, so the doubles are the same).
 *
 *   The operator scan is k6's: for each of <=, <, >=, >, ===, ==, != in that
 *   order, the first one that occurs anywhere splits the text at its first
 *   occurrence.  "avg=5" has none of them and is malformed; "avg=>5" splits at
 *   ">" and then fails on the left side "avg=".
 *
 *   Differences from k6, on purpose: a percentile outside 0..100 (k6 would
 *   index out of range) is refused, and messages say what is wrong in words.
 *   Nothing here touches the metrics engine (it is fuzzed on its own).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg/threshold.h"

/* ---- Go's strings.TrimSpace ------------------------------------------- */

/* Decode one UTF-8 code point at s (n bytes available); 0 on invalid input. */
static size_t utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
	if (n >= 1 && s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (n >= 2 && (s[0] & 0xe0) == 0xc0 && (s[1] & 0xc0) == 0x80) {
		*cp = ((unsigned)(s[0] & 0x1f) << 6) | (s[1] & 0x3f);
		return *cp >= 0x80 ? 2 : 0;
	}
	if (n >= 3 && (s[0] & 0xf0) == 0xe0 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80) {
		*cp = ((unsigned)(s[0] & 0x0f) << 12) | ((unsigned)(s[1] & 0x3f) << 6) |
		      (s[2] & 0x3f);
		return *cp >= 0x800 && (*cp < 0xd800 || *cp > 0xdfff) ? 3 : 0;
	}
	return 0; /* 4-byte sequences are never white space: treat as "not space" */
}

/* unicode.IsSpace */
static bool go_is_space(unsigned cp)
{
	switch (cp) {
	case '\t':
	case '\n':
	case '\v':
	case '\f':
	case '\r':
	case ' ':
	case 0x85:
	case 0xa0:
	case 0x1680:
	case 0x2028:
	case 0x2029:
	case 0x202f:
	case 0x205f:
	case 0x3000:
		return true;
	default:
		return cp >= 0x2000 && cp <= 0x200a;
	}
}

/* Length of the white-space code point starting at s, or 0. */
static size_t space_at(const char *s, size_t n)
{
	unsigned cp;
	size_t k = utf8_decode((const unsigned char *)s, n, &cp);

	return k && go_is_space(cp) ? k : 0;
}

/* Length of the white-space code point ending at s + n, or 0. */
static size_t space_before(const char *s, size_t n)
{
	for (size_t k = 1; k <= 3 && k <= n; k++) {
		unsigned char c = (unsigned char)s[n - k];

		if (k < 3 && (c & 0xc0) == 0x80)
			continue; /* a continuation byte: look further back */
		return space_at(s + n - k, k) == k ? k : 0;
	}
	return 0;
}

/* strings.TrimSpace on [*s, *s + n): moves *s, returns the new length. */
static size_t go_trim_space(const char **s, size_t n)
{
	size_t k;

	while (n && (k = space_at(*s, n)) != 0) {
		*s += k;
		n -= k;
	}
	while (n && (k = space_before(*s, n)) != 0)
		n -= k;
	return n;
}

/* strings.Trim(s, `"'`) */
static size_t trim_quotes(const char **s, size_t n)
{
	while (n && (**s == '"' || **s == '\'')) {
		(*s)++;
		n--;
	}
	while (n && ((*s)[n - 1] == '"' || (*s)[n - 1] == '\''))
		n--;
	return n;
}

/* ---- Go's strconv.ParseFloat ------------------------------------------ */

static char lower(char c)
{
	return (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_hex(char c)
{
	return is_digit(c) || (lower(c) >= 'a' && lower(c) <= 'f');
}

/* Case-insensitive: does s[0..n) equal lit? */
static bool eq_fold(const char *s, size_t n, const char *lit)
{
	if (strlen(lit) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (lower(s[i]) != lit[i])
			return false;
	return true;
}

/* strconv's underscoreOK: '_' only between digits (a base prefix counts). */
static bool underscore_ok(const char *s, size_t n)
{
	char saw = '^';
	size_t i = 0;
	bool hex = false;

	if (n >= 1 && (s[0] == '-' || s[0] == '+')) {
		s++;
		n--;
	}
	if (n >= 2 && s[0] == '0' &&
	    (lower(s[1]) == 'b' || lower(s[1]) == 'o' || lower(s[1]) == 'x')) {
		i = 2;
		saw = '0';
		hex = lower(s[1]) == 'x';
	}
	for (; i < n; i++) {
		if (is_digit(s[i]) || (hex && is_hex(s[i]))) {
			saw = '0';
			continue;
		}
		if (s[i] == '_') {
			if (saw != '0')
				return false;
			saw = '_';
			continue;
		}
		if (saw == '_')
			return false;
		saw = '!';
	}
	return saw != '_';
}

/* The syntax of strconv's readFloat; true when all of s[0..n) is one literal. */
static bool float_syntax(const char *s, size_t n, bool *underscores)
{
	size_t i = 0;
	bool hex = false, digits = false, dot = false;

	*underscores = false;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	if (i + 2 < n && s[i] == '0' && lower(s[i + 1]) == 'x') {
		hex = true;
		i += 2;
	}
	for (; i < n; i++) {
		if (s[i] == '_') {
			*underscores = true;
		} else if (s[i] == '.') {
			if (dot)
				break;
			dot = true;
		} else if (hex ? is_hex(s[i]) : is_digit(s[i])) {
			digits = true;
		} else {
			break;
		}
	}
	if (!digits)
		return false;
	if (i < n && lower(s[i]) == (hex ? 'p' : 'e')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i >= n || !is_digit(s[i]))
			return false;
		for (; i < n && (is_digit(s[i]) || s[i] == '_'); i++)
			if (s[i] == '_')
				*underscores = true;
	} else if (hex) {
		return false; /* a hex mantissa needs its 'p' exponent */
	}
	return i == n;
}

int lg_go_parse_float(const char *s, size_t n, double *out)
{
	bool underscores;
	char *tmp, *end;
	size_t k = 0, sign = 0;
	double v;

	if (n == 0)
		return -1;
	/* special values: [+-]inf, [+-]infinity, nan (any case) */
	if (s[0] == '+' || s[0] == '-')
		sign = 1;
	if (eq_fold(s + sign, n - sign, "inf") || eq_fold(s + sign, n - sign, "infinity")) {
		*out = s[0] == '-' ? -INFINITY : INFINITY;
		return 0;
	}
	if (eq_fold(s, n, "nan")) {
		*out = NAN;
		return 0;
	}
	if (!float_syntax(s, n, &underscores))
		return -1;
	if (underscores && !underscore_ok(s, n))
		return -1;
	tmp = lg_xmalloc(n + 1);
	for (size_t i = 0; i < n; i++)
		if (s[i] != '_')
			tmp[k++] = s[i];
	tmp[k] = '\0';
	v = strtod(tmp, &end);
	lg_require(*end == '\0'); /* float_syntax accepted it, so strtod reads it all */
	free(tmp);
	if (isinf(v))
		return -2; /* Go: ErrRange; underflow to 0 or a subnormal is not an error */
	*out = v;
	return 0;
}

/* ---- expressions -------------------------------------------------------- */

static const struct {
	const char *text;
	enum lg_th_op op;
} operators[] = {
	{ "<=", LG_TH_LE },  { "<", LG_TH_LT },  { ">=", LG_TH_GE }, { ">", LG_TH_GT },
	{ "===", LG_TH_EQ }, { "==", LG_TH_EQ }, { "!=", LG_TH_NE },
};

static const struct {
	const char *text;
	enum lg_th_agg agg;
} aggregations[] = {
	{ "value", LG_TH_VALUE }, { "count", LG_TH_COUNT }, { "rate", LG_TH_RATE },
	{ "avg", LG_TH_AVG },     { "min", LG_TH_MIN },     { "med", LG_TH_MED },
	{ "max", LG_TH_MAX },     { "p", LG_TH_PCT },
};

#define AGG_LIST "count, rate, value, avg, min, med, max or p(N)"

static int parse_agg(const char *src, const char *s, size_t n, struct lg_th_expr *out,
                     struct lg_err *err)
{
	const char *in;
	size_t in_n;
	int rc;

	for (size_t i = 0; i < LG_ARRAY_SIZE(aggregations); i++) {
		if (strlen(aggregations[i].text) == n && memcmp(aggregations[i].text, s, n) == 0) {
			out->agg = aggregations[i].agg;
			out->pct = 0; /* a bare "p" is p(0) in k6 */
			return 0;
		}
	}
	if (n == 0)
		return lg_errf(err, LG_ECONFIG,
		               "invalid threshold expression \"%s\": the aggregation is missing "
		               "before the operator (expected " AGG_LIST ")",
		               src);
	if (n < 3 || s[0] != 'p' || s[1] != '(' || s[n - 1] != ')') {
		bool upper = false;

		for (size_t i = 0; i < n; i++)
			upper = upper || (s[i] >= 'A' && s[i] <= 'Z');
		return lg_errf(err, LG_ECONFIG,
		               "invalid threshold expression \"%s\": unknown aggregation \"%.*s\" "
		               "(expected " AGG_LIST "%s)",
		               src, (int)n, s, upper ? "; aggregations are lower case" : "");
	}
	in = s + 2;
	in_n = n - 3;
	rc = lg_go_parse_float(in, in_n, &out->pct);
	if (rc == -1) {
		bool spaces = in_n && (space_at(in, in_n) || space_before(in, in_n));

		return lg_errf(
		    err, LG_ECONFIG,
		    "invalid threshold expression \"%s\": malformed percentile \"%.*s\": "
		    "\"%.*s\" is not a number%s",
		    src, (int)n, s, (int)in_n, in,
		    spaces ? " (no spaces are allowed inside p( ))" : "");
	}
	if (rc == -2 || !(out->pct >= 0 && out->pct <= 100))
		return lg_errf(err, LG_ECONFIG,
		               "invalid threshold expression \"%s\": the percentile in \"%.*s\" is "
		               "outside 0..100",
		               src, (int)n, s);
	out->agg = LG_TH_PCT;
	return 0;
}

int lg_th_expr_parse(const char *src, struct lg_th_expr *out, struct lg_err *err)
{
	const char *at = NULL, *lhs, *rhs;
	size_t lhs_n, rhs_n, i;
	int rc;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < LG_ARRAY_SIZE(operators); i++) {
		at = strstr(src, operators[i].text);
		if (at)
			break;
	}
	if (!at)
		return lg_errf(err, LG_ECONFIG,
		               "invalid threshold expression \"%s\": no comparison operator "
		               "(expected <, <=, >, >=, ==, === or !=%s)",
		               src, strchr(src, '=') ? "; a single = is not one, use ==" : "");
	out->op = operators[i].op;
	out->op_text = operators[i].text;
	lhs = src;
	lhs_n = go_trim_space(&lhs, (size_t)(at - src));
	rhs = at + strlen(operators[i].text);
	rhs_n = go_trim_space(&rhs, strlen(rhs));
	out->agg_off = (size_t)(lhs - src);
	out->agg_len = lhs_n;

	rc = parse_agg(src, lhs, lhs_n, out, err);
	if (rc < 0)
		return rc;
	if (rhs_n == 0)
		return lg_errf(err, LG_ECONFIG,
		               "invalid threshold expression \"%s\": the number after \"%s\" is "
		               "missing",
		               src, out->op_text);
	rc = lg_go_parse_float(rhs, rhs_n, &out->value);
	if (rc == -2)
		return lg_errf(err, LG_ECONFIG,
		               "invalid threshold expression \"%s\": %.*s is out of range", src,
		               (int)rhs_n, rhs);
	if (rc < 0)
		return lg_errf(err, LG_ECONFIG,
		               "invalid threshold expression \"%s\": \"%.*s\" after \"%s\" is not "
		               "a number",
		               src, (int)rhs_n, rhs, out->op_text);
	return 0;
}

/* ---- keys ----------------------------------------------------------------- */

void lg_th_key_cleanup(struct lg_th_key *k)
{
	if (!k)
		return;
	for (size_t i = 0; i < k->n_tags; i++) {
		free((char *)k->tags[i].key);
		free((char *)k->tags[i].value);
	}
	free(k->tags);
	free(k->metric);
	free(k->name);
	free(k->suffix);
	memset(k, 0, sizeof(*k));
}

/* Set a tag; a repeated key keeps its last value (k6's TagSet.With). */
static void key_set_tag(struct lg_th_key *k, const char *key, size_t kn, const char *v, size_t vn)
{
	for (size_t i = 0; i < k->n_tags; i++) {
		if (strlen(k->tags[i].key) == kn && memcmp(k->tags[i].key, key, kn) == 0) {
			free((char *)k->tags[i].value);
			k->tags[i].value = lg_xstrndup(v, vn);
			return;
		}
	}
	k->tags = lg_xrealloc(k->tags, (k->n_tags + 1) * sizeof(*k->tags));
	k->tags[k->n_tags].key = lg_xstrndup(key, kn);
	k->tags[k->n_tags].value = lg_xstrndup(v, vn);
	k->n_tags++;
}

int lg_th_key_parse(const char *key, struct lg_th_key *out, struct lg_err *err)
{
	const char *open = strchr(key, '{'), *close = strrchr(key, '}'), *inner, *p;
	size_t len = strlen(key), inner_n;

	memset(out, 0, sizeof(*out));
	if (!open && !close) {
		if (!len)
			return lg_errf(err, LG_ECONFIG,
			               "invalid threshold key \"\": no metric name");
		out->metric = lg_xstrdup(key);
		out->name = lg_xstrdup(key);
		return 0;
	}
	if (!open || !close)
		return lg_errf(err, LG_ECONFIG,
		               "invalid threshold key \"%s\": unmatched curly brace (the form is "
		               "metric{tag:value,...})",
		               key);
	if (close < open)
		return lg_errf(err, LG_ECONFIG,
		               "invalid threshold key \"%s\": '}' comes before '{'", key);
	if (close != key + len - 1)
		return lg_errf(err, LG_ECONFIG,
		               "invalid threshold key \"%s\": the key must end with '}'", key);
	inner = open + 1;
	inner_n = (size_t)(close - inner);
	/* k6's ParseMetricName: every piece is key:value with a non-empty value */
	for (p = inner;;) {
		const char *end = memchr(p, ',', (size_t)(inner + inner_n - p));
		const char *colon;

		if (!end)
			end = inner + inner_n;
		colon = memchr(p, ':', (size_t)(end - p));
		if (!colon || colon + 1 == end)
			return lg_errf(
			    err, LG_ECONFIG,
			    "invalid threshold key \"%s\": \"%.*s\" is not a tag:value pair "
			    "with a value",
			    key, (int)(end - p), p);
		if (end == inner + inner_n)
			break;
		p = end + 1;
	}
	if (open == key)
		return lg_errf(err, LG_ECONFIG,
		               "invalid threshold key \"%s\": no metric name before '{'", key);

	/* k6's AddSubmetric on the trimmed inside */
	out->metric = lg_xstrndup(key, (size_t)(open - key));
	p = inner;
	inner_n = go_trim_space(&p, inner_n);
	out->suffix = lg_xstrndup(p, inner_n);
	out->name = lg_xasprintf("%s{%s}", out->metric, out->suffix);
	for (const char *q = out->suffix; *q;) {
		const char *end = strchr(q, ',');
		size_t n = end ? (size_t)(end - q) : strlen(q);
		const char *colon = memchr(q, ':', n);
		const char *k = q, *v;
		size_t kn, vn;

		if (n) {
			kn = colon ? (size_t)(colon - q) : n;
			kn = go_trim_space(&k, kn);
			kn = trim_quotes(&k, kn);
			v = colon ? colon + 1 : q + n;
			vn = colon ? (size_t)(q + n - v) : 0;
			vn = go_trim_space(&v, vn);
			vn = trim_quotes(&v, vn);
			key_set_tag(out, k, kn, v, vn);
		}
		if (!end)
			break;
		q = end + 1;
	}
	return 0;
}

bool lg_th_key_same(const struct lg_th_key *a, const struct lg_th_key *b)
{
	if (strcmp(a->metric, b->metric) != 0 || a->n_tags != b->n_tags)
		return false;
	for (size_t i = 0; i < a->n_tags; i++) {
		size_t j;

		for (j = 0; j < b->n_tags; j++)
			if (strcmp(a->tags[i].key, b->tags[j].key) == 0)
				break;
		if (j == b->n_tags || strcmp(a->tags[i].value, b->tags[j].value) != 0)
			return false;
	}
	return true;
}
