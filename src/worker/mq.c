/* SPDX-License-Identifier: Apache-2.0 */
/* mq.c - the message queues between the controller and the workers. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lg/runtime.h"

void lg_mq_init(struct lg_mq *q)
{
	pthread_mutex_init(&q->mu, NULL);
	q->head = q->tail = NULL;
}

void lg_mq_destroy(struct lg_mq *q)
{
	struct lg_msg *m = lg_mq_take(q);

	while (m) {
		struct lg_msg *next = m->next;
		lg_msg_free(m);
		m = next;
	}
	pthread_mutex_destroy(&q->mu);
}

void lg_mq_push(struct lg_mq *q, struct lg_msg *m)
{
	m->next = NULL;
	pthread_mutex_lock(&q->mu);
	if (q->tail)
		q->tail->next = m;
	else
		q->head = m;
	q->tail = m;
	pthread_mutex_unlock(&q->mu);
}

struct lg_msg *lg_mq_take(struct lg_mq *q)
{
	struct lg_msg *m;

	pthread_mutex_lock(&q->mu);
	m = q->head;
	q->head = q->tail = NULL;
	pthread_mutex_unlock(&q->mu);
	return m;
}

struct lg_msg *lg_msg_new(enum lg_msg_type type)
{
	struct lg_msg *m = lg_xcalloc(1, sizeof(*m));

	m->type = type;
	m->scenario = -1;
	return m;
}

void lg_msg_free(struct lg_msg *m)
{
	if (!m)
		return;
	free(m->str);
	free(m->data);
	if (m->sink)
		lg_sink_free(m->sink);
	free(m);
}

void lg_run_post(struct lg_run *run, struct lg_msg *m)
{
	uint64_t one = 1;
	ssize_t n;

	lg_mq_push(&run->events, m);
	n = write(run->events_fd, &one, sizeof(one));
	LG_UNUSED(n);
}
