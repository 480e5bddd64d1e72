// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The run of wait-for-lockout (an action of actions.c): the TPM's own
 * lockout figures, read with TPM2_GetCapability or TPM_CAP_DA_LOGIC, and a
 * wait with progress until the lockout ends.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <time.h>

#include "diag/actions/actions.h"
#include "diag/actions/action_priv.h"
#include "probes/commands/catalog.h"
#include "probes/tpm/fields.h"

/* --- wait-for-lockout ------------------------------------------------------------- */

/* The lockout figures of either family. */
struct lockout {
	uint32_t counter, max, interval, recovery; /* TPM 2.0 */
	struct tpm12_da_info da;		   /* TPM 1.2 */
};

static int field_u32(const struct tpm_fields *fs, const char *key, uint32_t *v)
{
	const char *s = tpm_fields_get(fs, key);
	unsigned long long x;
	char *end;

	if (!s)
		return -ENOENT;
	errno = 0;
	x = strtoull(s, &end, 0);
	if (errno || end == s || x > UINT32_MAX)
		return -EBADMSG;
	*v = (uint32_t)x;
	return 0;
}

/* Ask the TPM for its lockout figures (the exchange shown when show). */
static enum action_result lockout_read(const struct action *a, const struct action_ctx *x,
				       bool show, struct lockout *lo)
{
	static char *argv[] = {"properties-variable", NULL};
	const struct tpm_send_cmd *c = tpm_send_lookup(TPM_FAMILY_20, "getcap");
	uint8_t cmd[TPM_MAX_MSG], rsp[TPM_MAX_MSG];
	struct tpm_fields *fs = NULL;
	enum action_result res = ACTION_DEVICE;
	size_t len, n = 0;
	uint32_t rc = 0;
	char err[256];

	if (show) {
		res = action_step_send(a, &a->steps[0], x, rsp, sizeof(rsp), &n, &rc);
	} else if (!action_step_build(a, &a->steps[0], NULL, cmd, sizeof(cmd), &len, err,
				      sizeof(err)) &&
		   !tpm_transmit(x->t, cmd, len, rsp, sizeof(rsp), &n, x->timeout_ms)) {
		struct tpm_hdr h;

		res = tpm_hdr_parse(rsp, n, &h, NULL) ? ACTION_DEVICE : ACTION_DONE;
		rc = h.code;
	}
	if (res != ACTION_DONE) {
		fprintf(x->out, "  cannot read the lockout properties: %s\n", x->t->err);
		return res;
	}
	if (rc && a->family == TPM_FAMILY_12) {
		fprintf(x->out,
			"  the TPM does not tell its dictionary-attack state (TPM_CAP_DA_LOGIC is "
			"optional in TPM 1.2; rc 0x%x): its time-out is vendor specific. Leave "
			"the machine on and try again later, or end the lock with the owner "
			"password: tpmdiag fix da-reset\n",
			rc);
		return ACTION_FAILED;
	}
	if (rc) {
		fprintf(x->out, "  the TPM refused to tell its lockout properties (rc 0x%x)\n", rc);
		return ACTION_FAILED;
	}
	if (a->family == TPM_FAMILY_12) {
		if (!tpm12_da_info_parse(rsp, n, &lo->da))
			return ACTION_DONE;
		fprintf(x->out, "  the TPM's TPM_DA_INFO has the wrong shape\n");
		return ACTION_FAILED;
	}
	fs = calloc(1, sizeof(*fs));
	if (!fs)
		return ACTION_DEVICE;
	tpm_fields_init(fs);
	res = ACTION_FAILED;
	c->decode(rsp, n, 1, argv, fs);
	if (field_u32(fs, "TPM2_PT_LOCKOUT_COUNTER", &lo->counter) ||
	    field_u32(fs, "TPM2_PT_MAX_AUTH_FAIL", &lo->max) ||
	    field_u32(fs, "TPM2_PT_LOCKOUT_INTERVAL", &lo->interval) ||
	    field_u32(fs, "TPM2_PT_LOCKOUT_RECOVERY", &lo->recovery)) {
		fprintf(x->out, "  the TPM's answer lacks the lockout properties\n");
		goto out;
	}
	res = ACTION_DONE;
out:
	free(fs);
	return res;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

#define LOCKOUT_POLL_MS	 5000u
#define LOCKOUT_MARGIN_S 10u
#define LOCKOUT_SLACK_MS 500.0 /* after the end the TPM gave, before asking again */

/* Still locked out, by the figures of the family. */
static bool locked(const struct action *a, const struct lockout *lo)
{
	return a->family == TPM_FAMILY_12 ? lo->da.active : lo->counter >= lo->max;
}

static void progress_line(const struct action *a, const struct action_ctx *x,
			  const struct lockout *lo, double t0, uint64_t wait_s)
{
	fprintf(x->out, "  waited %.0f s of about %" PRIu64 " s: ", (tpm_now_ms() - t0) / 1000.0,
		wait_s);
	if (a->family == TPM_FAMILY_12)
		fprintf(x->out, "%s, %u failures counted\n",
			lo->da.active ? "still defending" : "no longer defending", lo->da.count);
	else
		fprintf(x->out, "counter %" PRIu32 " of %" PRIu32 "\n", lo->counter, lo->max);
	fflush(x->out);
}

/* Wait about wait_s seconds (with a margin) until the TPM no longer locks out. */
static enum action_result wait_until_free(const struct action *a, const struct action_ctx *x,
					  struct lockout *lo, uint64_t wait_s)
{
	double t0 = tpm_now_ms();
	double deadline = t0 + (double)(wait_s + wait_s / 10 + LOCKOUT_MARGIN_S) * 1000.0;
	double expected = t0 + (double)wait_s * 1000.0 + LOCKOUT_SLACK_MS;
	enum action_result r;

	for (;;) {
		double now = tpm_now_ms();
		double left = deadline - now;
		double nap = expected > now ? expected - now : LOCKOUT_POLL_MS;

		if (left <= 0) {
			fprintf(x->out,
				"  stopped: the TPM still locks out after %.0f s, longer than its "
				"own figures allow\n",
				(now - t0) / 1000.0);
			return ACTION_FAILED;
		}
		/* wake when the TPM said it would end, else every LOCKOUT_POLL_MS */
		if (nap > LOCKOUT_POLL_MS)
			nap = LOCKOUT_POLL_MS;
		sleep_ms((unsigned)(nap < left ? nap : left + 1));
		r = lockout_read(a, x, false, lo);
		if (r != ACTION_DONE)
			return r;
		progress_line(a, x, lo, t0, wait_s);
		if (!locked(a, lo))
			return ACTION_DONE;
	}
}

/* TPM 1.2: 0 and the seconds to wait, or an action result when there is nothing to wait for. */
static int wait12_plan(const struct action_ctx *x, const struct tpm12_da_info *da, uint64_t *wait_s,
		       enum action_result *res)
{
	if (da->limited)
		fprintf(x->out,
			"  dictionary-attack state: %s (the TPM hides the counts: "
			"disableFullDALogicInfo)\n",
			da->active ? "defending" : "not defending");
	else
		fprintf(x->out,
			"  dictionary-attack state: %s; %u failures counted, the TPM acts after "
			"%u%s\n",
			da->active ? "defending" : "not defending", da->count, da->threshold,
			da->active && (da->actions & TPM12_DA_ACTION_TIMEOUT) ? "; a time-out"
									      : "");
	*res = ACTION_DONE;
	if (!da->active) {
		fprintf(x->out, "  the TPM is not defending: nothing to wait for\n");
		return 1;
	}
	if (!(da->actions & TPM12_DA_ACTION_TIMEOUT)) {
		char acts[128];

		fprintf(x->out,
			"  stopped: the TPM's answer to the threshold is %s (actions 0x%x), not a "
			"time-out, so waiting does not end it; end it with the owner password: "
			"tpmdiag fix da-reset\n",
			tpm12_da_actions_text(da->actions, acts, sizeof(acts)), da->actions);
		*res = ACTION_FAILED;
		return 1;
	}
	if (da->limited) {
		fprintf(x->out, "  the TPM does not tell how long the time-out lasts: leave the "
				"machine on and try again later, or end it now with the owner "
				"password: tpmdiag fix da-reset\n");
		*res = ACTION_FAILED;
		return 1;
	}
	*wait_s = da->depend;
	return 0;
}

enum action_result action_run_wait_lockout(const struct action *a, const struct action_ctx *x)
{
	struct lockout lo;
	enum action_result r = lockout_read(a, x, true, &lo);
	uint64_t wait_s = 0;

	if (r != ACTION_DONE)
		return r;
	if (a->family == TPM_FAMILY_12) {
		if (wait12_plan(x, &lo.da, &wait_s, &r))
			return r;
	} else {
		fprintf(x->out,
			"  lockout counter %" PRIu32 " of %" PRIu32
			" failures; one is forgiven every %" PRIu32
			" s; the lockout password's own lockout lasts %" PRIu32 " s\n",
			lo.counter, lo.max, lo.interval, lo.recovery);
		if (lo.counter < lo.max) {
			fprintf(x->out, "  the TPM is not in lockout: nothing to wait for\n");
			return ACTION_DONE;
		}
		if (!lo.interval) {
			fprintf(x->out,
				"  stopped: LOCKOUT_INTERVAL is 0, so the counter never goes down "
				"by itself; only 'tpmdiag fix da-reset --yes' (the lockout "
				"password) ends the lockout\n");
			return ACTION_FAILED;
		}
		wait_s = ((uint64_t)lo.counter - lo.max + 1) * lo.interval;
	}
	fprintf(x->out, "  the lockout ends in about %" PRIu64 " s", wait_s);
	if (wait_s >= 60)
		fprintf(x->out, " (%" PRIu64 " min)", (wait_s + 59) / 60);
	fprintf(x->out, "%s\n",
		x->wait ? "; waiting"
			: "; run with --yes to wait here (the TPM must stay powered)");
	if (!x->wait)
		return ACTION_DONE;
	return wait_until_free(a, x, &lo, wait_s);
}
