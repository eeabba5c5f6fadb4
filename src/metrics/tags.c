/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tags.c - interned tag sets.
 *
 * A tag set is one allocation: the header, the pairs sorted by key, then the
 * key and value bytes the pairs point to.  Its hash is computed from the
 * content only (FNV-1a over "key\0value\0" for each pair, then a 64-bit
 * finaliser), so equal content hashes the same in every pool; the agg relies
 * on that to merge sinks of different threads.
 *
 * A pool is an open-addressing table (linear probing, power-of-two size,
 * load <= 1/2) of (hash, tag set) slots.  Interning canonicalises the input
 * on the stack (or one temporary array past STACK_TAGS pairs), looks the
 * content up and allocates only when it is new.  Pools are per thread and
 * never lock.
 */
#include <stdlib.h>
#include <string.h>

#include "lg/metrics.h"

#define STACK_TAGS 32
#define POOL_INITIAL 64

struct lg_tagset {
	uint64_t hash;        /* content hash, see the header */
	size_t n;             /* pairs */
	struct lg_tag tags[]; /* sorted by key, unique keys; strings follow */
};

struct pool_slot {
	uint64_t hash;
	struct lg_tagset *ts; /* NULL: empty slot */
};

struct lg_tagpool {
	struct pool_slot *slots;
	size_t cap; /* power of two */
	size_t count;
};

/* One input pair and its position, so sorting keeps "last value wins" stable. */
struct ent {
	const char *key;
	const char *value;
	size_t pos;
};

static int ent_cmp(const void *a, const void *b)
{
	const struct ent *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c)
		return c;
	return (x->pos > y->pos) - (x->pos < y->pos);
}

/* Sort by (key, input position) and keep the last pair of each key; returns the count. */
static size_t canonicalise(struct ent *e, size_t n)
{
	size_t m = 0;

	if (n <= STACK_TAGS) {
		/* Insertion sort: stable, and tag lists are short and often sorted. */
		for (size_t i = 1; i < n; i++) {
			struct ent t = e[i];
			size_t j = i;

			while (j > 0 && ent_cmp(&e[j - 1], &t) > 0) {
				e[j] = e[j - 1];
				j--;
			}
			e[j] = t;
		}
	} else {
		qsort(e, n, sizeof(*e), ent_cmp);
	}
	for (size_t i = 0; i < n; i++) {
		if (i + 1 < n && strcmp(e[i].key, e[i + 1].key) == 0)
			continue; /* a later pair has the same key */
		e[m++] = e[i];
	}
	return m;
}

static uint64_t fnv1a(uint64_t h, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	do {
		h ^= *p;
		h *= 0x100000001b3ULL;
	} while (*p++);
	return h;
}

static uint64_t fmix64(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static uint64_t ents_hash(const struct ent *e, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++) {
		h = fnv1a(h, e[i].key);
		h = fnv1a(h, e[i].value);
	}
	return fmix64(h ^ n);
}

static bool ents_equal(const struct lg_tagset *ts, const struct ent *e, size_t n)
{
	if (ts->n != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (strcmp(ts->tags[i].key, e[i].key) || strcmp(ts->tags[i].value, e[i].value))
			return false;
	return true;
}

static struct lg_tagset *tagset_create(const struct ent *e, size_t n, uint64_t hash)
{
	size_t bytes = 0, hdr = sizeof(struct lg_tagset) + n * sizeof(struct lg_tag);
	struct lg_tagset *ts;
	char *p;

	for (size_t i = 0; i < n; i++)
		bytes += strlen(e[i].key) + strlen(e[i].value) + 2;
	ts = lg_xmalloc(hdr + bytes);
	ts->hash = hash;
	ts->n = n;
	p = (char *)ts + hdr;
	for (size_t i = 0; i < n; i++) {
		size_t kl = strlen(e[i].key) + 1, vl = strlen(e[i].value) + 1;

		memcpy(p, e[i].key, kl);
		ts->tags[i].key = p;
		p += kl;
		memcpy(p, e[i].value, vl);
		ts->tags[i].value = p;
		p += vl;
	}
	return ts;
}

static void pool_grow(struct lg_tagpool *pool)
{
	size_t ncap = pool->cap * 2, mask = ncap - 1;
	struct pool_slot *ns = lg_xcalloc(ncap, sizeof(*ns));

	for (size_t i = 0; i < pool->cap; i++) {
		size_t j;

		if (!pool->slots[i].ts)
			continue;
		for (j = pool->slots[i].hash & mask; ns[j].ts; j = (j + 1) & mask)
			;
		ns[j] = pool->slots[i];
	}
	free(pool->slots);
	pool->slots = ns;
	pool->cap = ncap;
}

struct lg_tagpool *lg_tagpool_new(void)
{
	struct lg_tagpool *pool = lg_xcalloc(1, sizeof(*pool));

	pool->cap = POOL_INITIAL;
	pool->slots = lg_xcalloc(pool->cap, sizeof(*pool->slots));
	return pool;
}

void lg_tagpool_free(struct lg_tagpool *pool)
{
	if (!pool)
		return;
	for (size_t i = 0; i < pool->cap; i++)
		free(pool->slots[i].ts);
	free(pool->slots);
	free(pool);
}

const struct lg_tagset *lg_tagpool_intern(struct lg_tagpool *pool, const struct lg_tag *tags,
                                          size_t n)
{
	struct ent stack[STACK_TAGS];
	struct ent *e = n <= STACK_TAGS ? stack : lg_xmalloc(n * sizeof(*e));
	struct lg_tagset *ts = NULL;
	size_t m, mask, j;
	uint64_t hash;

	for (size_t i = 0; i < n; i++) {
		lg_require(tags[i].key && tags[i].value);
		e[i].key = tags[i].key;
		e[i].value = tags[i].value;
		e[i].pos = i;
	}
	m = canonicalise(e, n);
	hash = ents_hash(e, m);
	mask = pool->cap - 1;
	for (j = hash & mask; pool->slots[j].ts; j = (j + 1) & mask) {
		if (pool->slots[j].hash == hash && ents_equal(pool->slots[j].ts, e, m)) {
			ts = pool->slots[j].ts;
			goto out;
		}
	}
	ts = tagset_create(e, m, hash);
	if ((pool->count + 1) * 2 > pool->cap) {
		pool_grow(pool);
		mask = pool->cap - 1;
		for (j = hash & mask; pool->slots[j].ts; j = (j + 1) & mask)
			;
	}
	pool->slots[j].hash = hash;
	pool->slots[j].ts = ts;
	pool->count++;
out:
	if (e != stack)
		free(e);
	return ts;
}

size_t lg_tagset_count(const struct lg_tagset *ts)
{
	return ts->n;
}

struct lg_tag lg_tagset_at(const struct lg_tagset *ts, size_t i)
{
	lg_require(i < ts->n);
	return ts->tags[i];
}

const char *lg_tagset_get(const struct lg_tagset *ts, const char *key)
{
	size_t lo = 0, hi = ts->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(key, ts->tags[mid].key);

		if (c == 0)
			return ts->tags[mid].value;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

uint64_t lg_tagset_hash(const struct lg_tagset *ts)
{
	return ts->hash;
}

bool lg_tagset_equal(const struct lg_tagset *a, const struct lg_tagset *b)
{
	if (a == b)
		return true;
	if (a->hash != b->hash || a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->tags[i].key, b->tags[i].key) ||
		    strcmp(a->tags[i].value, b->tags[i].value))
			return false;
	return true;
}

bool lg_tagset_matches(const struct lg_tagset *ts, const struct lg_tag *filter, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *v = lg_tagset_get(ts, filter[i].key);

		if (!v || strcmp(v, filter[i].value) != 0)
			return false;
	}
	return true;
}
