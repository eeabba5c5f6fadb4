/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_sink.c - cost of lg_sink_add() on existing series, in ns per sample.
 *
 * Not part of `meson test` (timing is not a test).  Build against a normal
 * (debugoptimized or release) build directory:
 *   cc -O2 -std=c11 -D_GNU_SOURCE -Iinclude tests/bench/bench_sink.c \
 *      build/src/liblg.a -lm -pthread -o build/bench_sink && build/bench_sink
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "lg/metrics.h"

#define NVALS 4096 /* power of two */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Lognormal latencies around 20 ms, from a fixed-seed LCG. */
static void fill_values(double *v, size_t n)
{
	uint64_t x = 42;

	for (size_t i = 0; i < n; i++) {
		double u1, u2;

		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		u1 = ((double)(x >> 11) + 0.5) / 9007199254740992.0;
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		u2 = ((double)(x >> 11) + 0.5) / 9007199254740992.0;
		v[i] = exp(3 + 0.8 * sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2));
	}
}

static void run(const char *what, struct lg_sink *s, int metric, const struct lg_tagset **ts,
                size_t nts, const double *vals, long n)
{
	double t0, t1;

	/* Warm up: the series exist, the trend is in bucket mode with its pages. */
	for (long i = 0; i < 100000; i++)
		lg_sink_add(s, metric, ts[(size_t)i % nts], vals[i & (NVALS - 1)], i);
	t0 = now_s();
	for (long i = 0; i < n; i++)
		lg_sink_add(s, metric, ts[(size_t)i % nts], vals[i & (NVALS - 1)], i);
	t1 = now_s();
	printf("%-40s %8.2f ns/sample (%ld samples)\n", what, (t1 - t0) * 1e9 / (double)n, n);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 20000000;
	struct lg_registry *reg = lg_registry_new();
	struct lg_tagpool *pool = lg_tagpool_new();
	struct lg_sink *s = lg_sink_new(reg);
	double *vals = lg_xmalloc(NVALS * sizeof(*vals));
	const struct lg_tagset *ts[64];

	fill_values(vals, NVALS);
	for (int i = 0; i < 64; i++) {
		char url[32];
		struct lg_tag t[] = { { "method", "GET" },
			              { "status", "200" },
			              { "url", url },
			              { "scenario", "default" },
			              { "group", "" } };

		snprintf(url, sizeof(url), "http://127.0.0.1/%d", i);
		ts[i] = lg_tagpool_intern(pool, t, LG_ARRAY_SIZE(t));
	}
	run("counter, 1 series", s, LG_M_HTTP_REQS, ts, 1, vals, n);
	run("counter, 64 series round-robin", s, LG_M_DATA_RECEIVED, ts, 64, vals, n);
	run("trend (bucket mode), 1 series", s, LG_M_HTTP_REQ_DURATION, ts, 1, vals, n);
	run("trend (bucket mode), 64 series", s, LG_M_HTTP_REQ_WAITING, ts, 64, vals, n);
	run("rate, 1 series", s, LG_M_HTTP_REQ_FAILED, ts, 1, vals, n);
	run("gauge, 1 series", s, LG_M_VUS, ts, 1, vals, n);
	free(vals);
	lg_sink_free(s);
	lg_tagpool_free(pool);
	lg_registry_free(reg);
	return 0;
}
