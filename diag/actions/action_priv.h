/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Private to action_run.c and action_lockout.c: sending one step, and the
 * run of wait-for-lockout.
 */
#ifndef TPMDIAG_ACTION_PRIV_H
#define TPMDIAG_ACTION_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "diag/actions/actions.h"

/*
 * Send one step; the response goes to rsp. Returns ACTION_DONE with *rc set,
 * or ACTION_DEVICE (reason printed).
 */
enum action_result action_step_send(const struct action *a, const struct action_step *s,
				    const struct action_ctx *x, uint8_t *rsp, size_t cap, size_t *n,
				    uint32_t *rc);
/* wait-for-lockout: read the lockout figures, and wait when x->wait. */
enum action_result action_run_wait_lockout(const struct action *a, const struct action_ctx *x);

#endif
