/* SPDX-License-Identifier: Apache-2.0 */
/*
 * segment.c - execution segments and k6's striping (see lg/segment.h).
 *
 * DESIGN: the striping follows k6's ExecutionSegmentSequenceWrapper: segment
 * lengths are normalised to the LCD of their denominators, sorted by length
 * (longest first, ties by position), and for each item i of 0..LCD-1 the first
 * segment in that order whose next wanted position chosen*LCD/len is at or
 * before i takes it.  Rationals are kept exact in 64-bit integers.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg/segment.h"

struct rat {
	int64_t num, den;
};

static int64_t gcd64(int64_t a, int64_t b)
{
	while (b) {
		int64_t t = a % b;
		a = b;
		b = t;
	}
	return a < 0 ? -a : a;
}

static struct rat rat_norm(struct rat r)
{
	int64_t g = gcd64(r.num, r.den);

	if (g > 1) {
		r.num /= g;
		r.den /= g;
	}
	return r;
}

static int rat_cmp(struct rat a, struct rat b)
{
	__int128 l = (__int128)a.num * b.den, r = (__int128)b.num * a.den;

	return l < r ? -1 : l > r;
}

static struct rat rat_sub(struct rat a, struct rat b)
{
	int64_t g = gcd64(a.den, b.den);
	int64_t l = a.den / g * b.den;

	return rat_norm((struct rat){ a.num * (l / a.den) - b.num * (l / b.den), l });
}

/* "1/3", "0.25", "25%", "1" -> an exact rational in [0, 1]. */
static int parse_rat(const char *s, size_t len, struct rat *out)
{
	char buf[64];
	char *slash, *pct, *dot;
	int64_t a, b;

	while (len && isspace((unsigned char)*s))
		s++, len--;
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	if (!len || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	slash = strchr(buf, '/');
	pct = strchr(buf, '%');
	if (slash) {
		*slash = '\0';
		if (lg_parse_i64(buf, &a) < 0 || lg_parse_i64(slash + 1, &b) < 0 || b <= 0)
			return -1;
	} else {
		int64_t scale = 1;
		if (pct) {
			if (pct[1] != '\0')
				return -1;
			*pct = '\0';
			scale = 100;
		}
		dot = strchr(buf, '.');
		b = 1;
		if (dot) {
			size_t nfrac = strlen(dot + 1);
			if (nfrac == 0 || nfrac > 12)
				return -1;
			for (size_t i = 0; i < nfrac; i++)
				b *= 10;
			memmove(dot, dot + 1, nfrac + 1);
		}
		if (lg_parse_i64(buf, &a) < 0)
			return -1;
		b *= scale;
	}
	if (a < 0 || a > b)
		return -1;
	*out = rat_norm((struct rat){ a, b });
	return 0;
}

/* Parse a comma (or colon) separated list of rationals. */
static int parse_list(const char *s, char sep, struct rat **out, int *n)
{
	const char *p = s;
	struct rat *v = NULL;
	int count = 0;

	for (;;) {
		const char *e = strchr(p, sep);
		size_t len = e ? (size_t)(e - p) : strlen(p);
		v = lg_xrealloc(v, (size_t)(count + 1) * sizeof(*v));
		if (parse_rat(p, len, &v[count]) < 0) {
			free(v);
			return -1;
		}
		count++;
		if (!e)
			break;
		p = e + 1;
	}
	*out = v;
	*n = count;
	return 0;
}

int lg_stripe_init(struct lg_stripe *st, const char *segment, const char *sequence,
                   struct lg_err *err)
{
	struct rat from = { 0, 1 }, to = { 1, 1 }, *seq = NULL, *tmp = NULL;
	int nseq = 0, ntmp = 0, index = -1, rc = 0;
	int64_t lcd = 1, *norm = NULL, *chosen = NULL;
	int *order = NULL;

	memset(st, 0, sizeof(*st));
	if (segment && *segment) {
		if (parse_list(segment, ':', &tmp, &ntmp) < 0 || ntmp > 2) {
			rc = lg_errf(
			    err, LG_ECONFIG,
			    "invalid execution segment \"%s\": expected from:to with values "
			    "between 0 and 1 (e.g. 1/3:2/3, 0.5:1, 25%%:50%%)",
			    segment);
			goto out;
		}
		if (ntmp == 1)
			to = tmp[0];
		else {
			from = tmp[0];
			to = tmp[1];
		}
		if (rat_cmp(from, to) >= 0) {
			rc = lg_errf(
			    err, LG_ECONFIG,
			    "invalid execution segment \"%s\": its start must be below its end",
			    segment);
			goto out;
		}
	}
	if (sequence && *sequence) {
		if (parse_list(sequence, ',', &seq, &nseq) < 0 || nseq < 2) {
			rc = lg_errf(
			    err, LG_ECONFIG,
			    "invalid execution segment sequence \"%s\": expected increasing "
			    "values between 0 and 1, e.g. 0,1/3,2/3,1",
			    sequence);
			goto out;
		}
		for (int i = 1; i < nseq; i++) {
			if (rat_cmp(seq[i - 1], seq[i]) >= 0) {
				rc = lg_errf(
				    err, LG_ECONFIG,
				    "invalid execution segment sequence \"%s\": values must "
				    "increase",
				    sequence);
				goto out;
			}
		}
	} else {
		/* k6 fills the sequence from the segment's own borders. */
		seq = lg_xcalloc(4, sizeof(*seq));
		seq[nseq++] = (struct rat){ 0, 1 };
		if (from.num != 0)
			seq[nseq++] = from;
		seq[nseq++] = to;
		if (rat_cmp(to, (struct rat){ 1, 1 }) != 0)
			seq[nseq++] = (struct rat){ 1, 1 };
	}
	for (int i = 0; i + 1 < nseq; i++)
		if (rat_cmp(seq[i], from) == 0 && rat_cmp(seq[i + 1], to) == 0)
			index = i;
	if (index < 0) {
		rc = lg_errf(err, LG_ECONFIG,
		             "execution segment \"%s\" is not one of the segments of the sequence "
		             "\"%s\"",
		             segment ? segment : "0:1", sequence ? sequence : "");
		goto out;
	}
	/* LCD of the lengths' denominators, normalised numerators, striping. */
	{
		int nseg = nseq - 1;
		norm = lg_xcalloc((size_t)nseg, sizeof(int64_t));
		chosen = lg_xcalloc((size_t)nseg, sizeof(int64_t));
		order = lg_xcalloc((size_t)nseg, sizeof(int));
		for (int i = 0; i < nseg; i++) {
			struct rat len = rat_sub(seq[i + 1], seq[i]);
			int64_t g = gcd64(lcd, len.den);
			lcd = lcd / g * len.den;
			if (lcd > 10000000) {
				rc = lg_errf(
				    err, LG_ECONFIG,
				    "execution segment sequence \"%s\": the segments' common "
				    "denominator is too large",
				    sequence ? sequence : "");
				goto out;
			}
		}
		for (int i = 0; i < nseg; i++) {
			struct rat len = rat_sub(seq[i + 1], seq[i]);
			norm[i] = len.num * (lcd / len.den);
			order[i] = i;
		}
		/* longest first, ties by position (a stable insertion sort) */
		for (int i = 1; i < nseg; i++) {
			int v = order[i], j = i - 1;
			while (j >= 0 && norm[order[j]] < norm[v]) {
				order[j + 1] = order[j];
				j--;
			}
			order[j + 1] = v;
		}
		st->lcd = lcd;
		st->owned = lg_xcalloc((size_t)lcd, sizeof(int64_t));
		for (int64_t i = 0; i < lcd; i++) {
			for (int k = 0; k < nseg; k++) {
				int sidx = order[k];
				int64_t num = chosen[sidx] * lcd, den = norm[sidx];
				if (den == 0)
					continue;
				if (i > num / den || (i == num / den && num % den == 0)) {
					chosen[sidx]++;
					if (sidx == index)
						st->owned[st->n_owned++] = i;
					break;
				}
			}
		}
	}
	st->whole = st->lcd == 1 && st->n_owned == 1;
out:
	free(seq);
	free(tmp);
	free(norm);
	free(chosen);
	free(order);
	if (rc < 0)
		lg_stripe_cleanup(st);
	return rc;
}

void lg_stripe_cleanup(struct lg_stripe *st)
{
	free(st->owned);
	memset(st, 0, sizeof(*st));
}

int64_t lg_stripe_scale(const struct lg_stripe *st, int64_t v)
{
	int64_t full, rest, n;

	if (!st->owned || st->whole)
		return v;
	full = v / st->lcd;
	rest = v % st->lcd;
	n = full * st->n_owned;
	for (int64_t i = 0; i < st->n_owned && st->owned[i] < rest; i++)
		n++;
	return n;
}

bool lg_stripe_owns(const struct lg_stripe *st, int64_t k)
{
	int64_t r;

	if (!st->owned || st->whole)
		return true;
	r = k % st->lcd;
	for (int64_t i = 0; i < st->n_owned; i++)
		if (st->owned[i] == r)
			return true;
	return false;
}

int64_t lg_stripe_nth(const struct lg_stripe *st, int64_t i)
{
	if (!st->owned || st->whole || st->n_owned == 0)
		return i;
	return i / st->n_owned * st->lcd + st->owned[i % st->n_owned];
}
