/* SPDX-License-Identifier: Apache-2.0 */
/*
 * registry.c - metric names -> ids, with the built-ins at fixed ids.
 *
 * The definitions live in a fixed array of LG_METRICS_MAX entries, so an
 * entry never moves.  lg_metric_declare() fills entry `count` under the
 * mutex and then publishes it with a release store of `count`; readers load
 * `count` with acquire and only look at entries below it, so reads never
 * lock and are safe while another thread declares.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "lg/metrics.h"

#define NAME_MAX_LEN 129 /* ^[a-zA-Z_][a-zA-Z0-9_]{1,128}$ */

struct metric_def {
	char name[NAME_MAX_LEN + 1];
	enum lg_metric_type type;
	enum lg_metric_contains contains;
};

struct lg_registry {
	pthread_mutex_t mu; /* serialises declares */
	atomic_int count;   /* published entries of defs[] */
	struct metric_def defs[LG_METRICS_MAX];
};

static const struct {
	int id;
	const char *name;
	enum lg_metric_type type;
	enum lg_metric_contains contains;
} builtins[] = {
	{ LG_M_VUS, "vus", LG_GAUGE, LG_CONTAINS_DEFAULT },
	{ LG_M_VUS_MAX, "vus_max", LG_GAUGE, LG_CONTAINS_DEFAULT },
	{ LG_M_ITERATIONS, "iterations", LG_COUNTER, LG_CONTAINS_DEFAULT },
	{ LG_M_ITERATION_DURATION, "iteration_duration", LG_TREND, LG_CONTAINS_TIME },
	{ LG_M_DROPPED_ITERATIONS, "dropped_iterations", LG_COUNTER, LG_CONTAINS_DEFAULT },
	{ LG_M_DATA_SENT, "data_sent", LG_COUNTER, LG_CONTAINS_DATA },
	{ LG_M_DATA_RECEIVED, "data_received", LG_COUNTER, LG_CONTAINS_DATA },
	{ LG_M_CHECKS, "checks", LG_RATE, LG_CONTAINS_DEFAULT },
	{ LG_M_GROUP_DURATION, "group_duration", LG_TREND, LG_CONTAINS_TIME },
	{ LG_M_HTTP_REQS, "http_reqs", LG_COUNTER, LG_CONTAINS_DEFAULT },
	{ LG_M_HTTP_REQ_DURATION, "http_req_duration", LG_TREND, LG_CONTAINS_TIME },
	{ LG_M_HTTP_REQ_BLOCKED, "http_req_blocked", LG_TREND, LG_CONTAINS_TIME },
	{ LG_M_HTTP_REQ_CONNECTING, "http_req_connecting", LG_TREND, LG_CONTAINS_TIME },
	{ LG_M_HTTP_REQ_TLS_HANDSHAKING, "http_req_tls_handshaking", LG_TREND, LG_CONTAINS_TIME },
	{ LG_M_HTTP_REQ_SENDING, "http_req_sending", LG_TREND, LG_CONTAINS_TIME },
	{ LG_M_HTTP_REQ_WAITING, "http_req_waiting", LG_TREND, LG_CONTAINS_TIME },
	{ LG_M_HTTP_REQ_RECEIVING, "http_req_receiving", LG_TREND, LG_CONTAINS_TIME },
	{ LG_M_HTTP_REQ_FAILED, "http_req_failed", LG_RATE, LG_CONTAINS_DEFAULT },
	{ LG_M_WS_SESSIONS, "ws_sessions", LG_COUNTER, LG_CONTAINS_DEFAULT },
	{ LG_M_WS_MSGS_SENT, "ws_msgs_sent", LG_COUNTER, LG_CONTAINS_DEFAULT },
	{ LG_M_WS_MSGS_RECEIVED, "ws_msgs_received", LG_COUNTER, LG_CONTAINS_DEFAULT },
	{ LG_M_WS_CONNECTING, "ws_connecting", LG_TREND, LG_CONTAINS_TIME },
	{ LG_M_WS_SESSION_DURATION, "ws_session_duration", LG_TREND, LG_CONTAINS_TIME },
	{ LG_M_WS_PING, "ws_ping", LG_TREND, LG_CONTAINS_TIME },
};

_Static_assert(LG_ARRAY_SIZE(builtins) == LG_M__BUILTIN_COUNT, "one entry per built-in");

static bool valid_name(const char *name)
{
	size_t n = strlen(name);

	if (n < 2 || n > NAME_MAX_LEN)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
		          (i > 0 && c >= '0' && c <= '9');

		if (!ok)
			return false;
	}
	return true;
}

/* Index of name among the first n entries, or -1. */
static int lookup(const struct lg_registry *reg, const char *name, int n)
{
	for (int i = 0; i < n; i++)
		if (strcmp(reg->defs[i].name, name) == 0)
			return i;
	return -1;
}

struct lg_registry *lg_registry_new(void)
{
	struct lg_registry *reg = lg_xcalloc(1, sizeof(*reg));

	lg_require(pthread_mutex_init(&reg->mu, NULL) == 0);
	for (size_t i = 0; i < LG_ARRAY_SIZE(builtins); i++) {
		struct metric_def *d = &reg->defs[builtins[i].id];

		lg_require(builtins[i].id == (int)i);
		memcpy(d->name, builtins[i].name, strlen(builtins[i].name) + 1);
		d->type = builtins[i].type;
		d->contains = builtins[i].contains;
	}
	atomic_store_explicit(&reg->count, LG_M__BUILTIN_COUNT, memory_order_release);
	return reg;
}

void lg_registry_free(struct lg_registry *reg)
{
	if (!reg)
		return;
	pthread_mutex_destroy(&reg->mu);
	free(reg);
}

int lg_metric_declare(struct lg_registry *reg, const char *name, enum lg_metric_type type,
                      enum lg_metric_contains contains, struct lg_err *err)
{
	struct metric_def *d;
	int rc, n;

	if (!valid_name(name))
		return lg_errf(
		    err, LG_ESCRIPT,
		    "Invalid metric name: '%s'. Metric names should start with a letter or "
		    "an underscore and only include up to 128 ASCII letters, numbers, or "
		    "underscores.",
		    name);
	pthread_mutex_lock(&reg->mu);
	n = atomic_load_explicit(&reg->count, memory_order_relaxed);
	rc = lookup(reg, name, n);
	if (rc >= 0) {
		d = &reg->defs[rc];
		if (d->type != type)
			rc = lg_errf(err, LG_ESCRIPT,
			             "metric '%s' already exists but with type %s, instead of %s",
			             name, lg_metric_type_name(d->type), lg_metric_type_name(type));
		else if (d->contains != contains)
			rc = lg_errf(
			    err, LG_ESCRIPT,
			    "metric '%s' already exists but with a value type %s, instead of %s",
			    name, lg_metric_contains_name(d->contains),
			    lg_metric_contains_name(contains));
		goto out;
	}
	if (n >= LG_METRICS_MAX) {
		rc = lg_errf(err, LG_ESCRIPT, "cannot declare metric '%s': the limit is %d metrics",
		             name, LG_METRICS_MAX);
		goto out;
	}
	d = &reg->defs[n];
	memcpy(d->name, name, strlen(name) + 1);
	d->type = type;
	d->contains = contains;
	atomic_store_explicit(&reg->count, n + 1, memory_order_release);
	rc = n;
out:
	pthread_mutex_unlock(&reg->mu);
	return rc;
}

int lg_metric_find(const struct lg_registry *reg, const char *name)
{
	return lookup(reg, name, lg_metric_count(reg));
}

int lg_metric_count(const struct lg_registry *reg)
{
	return atomic_load_explicit(&((struct lg_registry *)reg)->count, memory_order_acquire);
}

static const struct metric_def *def_of(const struct lg_registry *reg, int id)
{
	lg_require(id >= 0 && id < lg_metric_count(reg));
	return &reg->defs[id];
}

const char *lg_metric_name(const struct lg_registry *reg, int id)
{
	return def_of(reg, id)->name;
}

enum lg_metric_type lg_metric_type(const struct lg_registry *reg, int id)
{
	return def_of(reg, id)->type;
}

enum lg_metric_contains lg_metric_contains(const struct lg_registry *reg, int id)
{
	return def_of(reg, id)->contains;
}

const char *lg_metric_type_name(enum lg_metric_type t)
{
	switch (t) {
	case LG_COUNTER:
		return "counter";
	case LG_GAUGE:
		return "gauge";
	case LG_RATE:
		return "rate";
	case LG_TREND:
		return "trend";
	}
	return "unknown";
}

const char *lg_metric_contains_name(enum lg_metric_contains c)
{
	switch (c) {
	case LG_CONTAINS_DEFAULT:
		return "default";
	case LG_CONTAINS_TIME:
		return "time";
	case LG_CONTAINS_DATA:
		return "data";
	}
	return "unknown";
}
