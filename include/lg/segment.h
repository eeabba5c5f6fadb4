/* SPDX-License-Identifier: Apache-2.0 */
/*
 * segment.h - k6's execution segments: a deterministic split of one test
 * over N instances (reference 9.1), with no coordinator.
 *
 * A segment "from:to" is a share (from, to] of the whole test; the sequence
 * lists every segment's borders.  Work items (VU numbers, iteration numbers)
 * are dealt to segments by k6's striping: over each block of LCD items
 * (LCD = the lowest common denominator of the segment lengths), segment i
 * gets len(i) * LCD of them, interleaved so that any prefix is split as
 * evenly as possible.  Every instance computes the same striping, so the
 * instances together own each item exactly once.
 */
#ifndef LG_SEGMENT_H
#define LG_SEGMENT_H

#include <stdbool.h>
#include <stdint.h>

#include "lg/base.h"

/* The items one segment owns, repeating every `lcd` items. */
struct lg_stripe {
	int64_t lcd;
	int64_t *owned; /* residues 0 <= r < lcd owned by the segment, ascending */
	int64_t n_owned;
	bool whole; /* the default 0:1 (no split) */
};

/*
 * Build the stripe of `segment` ("1/3:2/3", "0.5:1", "25%:50%", or "x" for
 * "0:x"; NULL = the whole test) within `sequence` ("0,1/3,2/3,1"; NULL = the
 * segment's own borders plus 0 and 1).  Values may be fractions, decimals or
 * percentages.  -LG_ECONFIG with the reason in *err when either does not parse,
 * the segment is outside 0..1 or not one step of the sequence.
 */
int lg_stripe_init(struct lg_stripe *st, const char *segment, const char *sequence,
                   struct lg_err *err);
void lg_stripe_cleanup(struct lg_stripe *st);
/* How many of the items 0 .. v-1 the segment owns (k6's ScaleInt64). */
int64_t lg_stripe_scale(const struct lg_stripe *st, int64_t v);
/* Does the segment own item k? */
bool lg_stripe_owns(const struct lg_stripe *st, int64_t k);
/* The global index of the segment's i-th item (0-based). */
int64_t lg_stripe_nth(const struct lg_stripe *st, int64_t i);

#endif
