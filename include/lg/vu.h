/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vu.h - a virtual user's life on its worker: a coroutine that runs the
 * script's init code, then iterations as the controller commands, until it
 * is told to quit.  (The struct itself is in lg/runtime.h.)
 *
 * Thread affinity: all of these run on the VU's worker thread.
 */
#ifndef LG_VU_H
#define LG_VU_H

#include "lg/runtime.h"

/* Create VU `id` on worker w (its coroutine; init runs on first resume). */
struct lg_vu *lg_vu_new(struct lg_worker *w, int id, struct lg_err *err);
/* Run the VU until it parks. */
void lg_vu_resume(struct lg_vu *vu);
/* Stop the VU (letting its coroutine free the JS heap) and free it. */
void lg_vu_free(struct lg_vu *vu);
/* Cut the VU's current iteration short (gracefulStop expired). */
void lg_vu_interrupt(struct lg_vu *vu);
/*
 * The tags every sample of this VU carries: group, scenario, the run's tags
 * and the scenario's tags.  Writes at most max entries; returns the count.
 * The strings stay valid until the VU's group or scenario changes.
 */
size_t lg_vu_base_tags(const struct lg_vu *vu, struct lg_tag *out, size_t max);

#endif
