// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The TPM 1.2 ownership flow (see own12.h). One context holds the command
 * and response buffers and the auth values; it is wiped before it is freed.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "diag/own/own12.h"
#include "diag/own/own12_priv.h"
#include "diag/own/own_journal.h"
#include "diag/ppi/ppi.h"
#include "diag/own/tpm12_auth.h"
#include "probes/tpm/buf.h"
#include "probes/tpm/rc.h"
#include "probes/tpm/tpm.h"
#include "probes/commands/tpm12.h"

const char *own12_result_name(int r)
{
	static const char *const names[] = {
	    [OWN12_OK] = "ok",
	    [OWN12_ALREADY_OWNED] = "already owned",
	    [OWN12_REBOOT] = "reboot needed",
	    [OWN12_FIRMWARE] = "firmware setup needed",
	    [OWN12_TPM_ERROR] = "TPM error",
	    [OWN12_DEVICE] = "device error",
	    [OWN12_FAILED] = "failed",
	};
	return r >= 0 && (size_t)r < sizeof(names) / sizeof(names[0]) ? names[r] : "unknown";
}

int own12_stop(struct own12 *c, int result, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->why, c->whylen, fmt, ap);
	va_end(ap);
	fprintf(c->out, "stop:     %s\n", c->why);
	if (!c->journal_broken)
		own_journal_stop(c->j, own12_result_name(result), c->why);
	return result;
}

/*
 * Record a step in the journal ("sent" before a state-changing command goes
 * out, "ok" after). A journal that cannot be written stops the flow before
 * the command is sent: a run that cannot be resumed must not go on.
 */
int own12_jstep(struct own12 *c, const char *step, const char *status)
{
	int ret = own_journal_step(c->j, step, status, NULL);

	if (!ret)
		return 0;
	c->journal_broken = true;
	return own12_stop(c, OWN12_FAILED, "cannot write the journal %s: %s; nothing more was sent",
			  own_journal_path(c->j), strerror(-ret));
}

const char *own12_rc_text(uint32_t rc, char *buf, size_t len)
{
	struct tpm_rc_desc d;

	tpm_rc_decode(rc, TPM_FAMILY_12, &d);
	tpm_rc_format(&d, buf, len);
	return buf;
}

/* Stop on the TPM's answer to the step named what. */
int own12_stop_rc(struct own12 *c, const char *what)
{
	char buf[256];

	return own12_stop(c, OWN12_TPM_ERROR, "%s failed: %s (0x%x)", what,
			  own12_rc_text(c->rc, buf, sizeof(buf)), c->rc);
}

void own12_begin(struct own12 *c, uint32_t ord)
{
	struct tpm_buf b;

	tpm_buf_init(&b, c->cmd, sizeof(c->cmd));
	tpm_cmd_begin(&b, TPM_TAG_RQU_COMMAND, ord);
	c->clen = b.len;
}

/* Append to the command being built (the buffer never overflows at these sizes). */
void own12_put(struct own12 *c, const void *p, size_t n)
{
	if (c->clen + n <= sizeof(c->cmd)) {
		memcpy(c->cmd + c->clen, p, n);
		c->clen += n;
	}
}
void own12_put_u8(struct own12 *c, uint8_t v)
{
	own12_put(c, &v, 1);
}
void own12_put_u16(struct own12 *c, uint16_t v)
{
	uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)v};
	own12_put(c, b, 2);
}
void own12_put_u32(struct own12 *c, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
	own12_put(c, b, 4);
}
void own12_finish(struct own12 *c)
{
	c->cmd[2] = (uint8_t)(c->clen >> 24);
	c->cmd[3] = (uint8_t)(c->clen >> 16);
	c->cmd[4] = (uint8_t)(c->clen >> 8);
	c->cmd[5] = (uint8_t)c->clen;
}

/* Send c->cmd once; c->rc is the TPM's return code. */
int own12_xmit_once(struct own12 *c, unsigned timeout_ms)
{
	struct tpm_hdr h;
	int ret;

	own12_finish(c);
	ret = tpm_transmit(c->t, c->cmd, c->clen, c->rsp, sizeof(c->rsp), &c->rlen, timeout_ms);
	if (ret)
		return own12_stop(c, OWN12_DEVICE, "the TPM did not answer: %s", c->t->err);
	if (tpm_hdr_parse(c->rsp, c->rlen, &h, NULL))
		return own12_stop(c, OWN12_FAILED, "the TPM's answer has no valid header");
	c->rc = h.code;
	return 0;
}

int own12_startup(struct own12 *c)
{
	char buf[256];
	int ret;

	fprintf(c->out, "step:     TPM_Startup(ST_CLEAR): the TPM was reset and not started\n");
	ret = own12_jstep(c, "startup", "sent");
	if (ret)
		return ret;
	own12_begin(c, TPM_ORD_Startup);
	own12_put_u16(c, TPM_ST_CLEAR);
	ret = own12_xmit_once(c, 0);
	if (ret)
		return ret;
	if (c->rc && c->rc != RC_INVALID_POSTINIT)
		return own12_stop_rc(c, "TPM_Startup(ST_CLEAR)");
	fprintf(c->out, "result:   %s\n",
		c->rc ? own12_rc_text(c->rc, buf, sizeof(buf)) : "started");
	return own12_jstep(c, "startup", "ok");
}

/*
 * Send c->cmd; when the chip says TPM_INVALID_POSTINIT (reset without
 * Startup), send TPM_Startup(ST_CLEAR) and the command again.
 */
int own12_xmit(struct own12 *c, unsigned timeout_ms)
{
	uint8_t saved[TPM_MAX_MSG];
	size_t n = c->clen;
	int ret;

	memcpy(saved, c->cmd, n);
	ret = own12_xmit_once(c, timeout_ms);
	if (ret || c->rc != RC_INVALID_POSTINIT)
		goto out;
	fprintf(c->out, "note:     the TPM answers TPM_INVALID_POSTINIT: it was reset and "
			"needs TPM_Startup first\n");
	ret = own12_startup(c);
	if (ret)
		goto out;
	memcpy(c->cmd, saved, n);
	c->clen = n;
	ret = own12_xmit_once(c, timeout_ms);
out:
	explicit_bzero(saved, n);
	return ret;
}

/* Reader over the parameters of c->rsp. */
void own12_params(struct own12 *c, struct tpm_rd *r)
{
	tpm_rd_init(r, c->rsp, c->rlen);
	tpm_rd_skip(r, TPM_HEADER_SIZE);
}

static void print_set(struct own12 *c, const char *label, const bool *v, const char *const *names,
		      size_t n)
{
	size_t i;
	bool any = false;

	fprintf(c->out, "result:   %s flags set: ", label);
	for (i = 0; i < n; i++)
		if (v[i]) {
			fprintf(c->out, "%s%s", any ? ", " : "", names[i]);
			any = true;
		}
	fprintf(c->out, "%s\n", any ? "" : "none");
}

/* TPM_GetCapability(TPM_CAP_FLAG, sub) into flags[n]. */
static int read_flags(struct own12 *c, uint32_t sub, uint16_t want_tag, bool *flags, size_t n,
		      const char *label)
{
	const char *const *names;
	size_t names_n;
	struct tpm_rd r;
	uint32_t size = 0;
	uint16_t tag = 0;
	uint8_t v;
	size_t i;
	int ret;

	fprintf(c->out, "step:     TPM_GetCapability(TPM_CAP_FLAG, %s): read the %s flags\n",
		sub == TPM_CAP_FLAG_PERMANENT ? "PERMANENT" : "VOLATILE", label);
	own12_begin(c, TPM_ORD_GetCapability);
	own12_put_u32(c, TPM_CAP_FLAG);
	own12_put_u32(c, 4);
	own12_put_u32(c, sub);
	ret = own12_xmit(c, 0);
	if (ret)
		return ret;
	if (c->rc)
		return own12_stop_rc(c, "reading the flags");
	own12_params(c, &r);
	if (tpm_rd_u32(&r, &size) || tpm_rd_u16(&r, &tag) || tag != want_tag || size < 2)
		return own12_stop(c, OWN12_FAILED, "the %s flags answer has the wrong shape",
				  label);
	for (i = 0; i < n && i + 2 < (size_t)size + 0; i++)
		flags[i] = !tpm_rd_u8(&r, &v) && v;
	names = label[0] == 'p' ? tpm12_perm_flag_names(&names_n) : tpm12_vol_flag_names(&names_n);
	print_set(c, label, flags, names, n < names_n ? n : names_n);
	return 0;
}

static int read_owner(struct own12 *c, bool *owned)
{
	struct tpm_rd r;
	uint32_t size = 0;
	uint8_t v = 0;
	int ret;

	own12_begin(c, TPM_ORD_GetCapability);
	own12_put_u32(c, TPM_CAP_PROPERTY);
	own12_put_u32(c, 4);
	own12_put_u32(c, TPM_CAP_PROP_OWNER);
	ret = own12_xmit(c, 0);
	if (ret)
		return ret;
	if (c->rc)
		return own12_stop_rc(c, "TPM_GetCapability(TPM_CAP_PROP_OWNER)");
	own12_params(c, &r);
	if (tpm_rd_u32(&r, &size) || size != 1 || tpm_rd_u8(&r, &v))
		return own12_stop(c, OWN12_FAILED,
				  "the TPM_CAP_PROP_OWNER answer has the wrong shape");
	*owned = v != 0;
	fprintf(c->out, "result:   TPM_CAP_PROP_OWNER = %s\n", *owned ? "true" : "false");
	return 0;
}

/*
 * Send a command with one u8/u16 parameter (or none when n == 0); step
 * names it in the journal (NULL: not journaled).
 */
static int simple(struct own12 *c, const char *step, uint32_t ord, unsigned n, uint32_t v,
		  const char *what)
{
	int ret;

	fprintf(c->out, "step:     %s\n", what);
	if (step) {
		ret = own12_jstep(c, step, "sent");
		if (ret)
			return ret;
	}
	own12_begin(c, ord);
	if (n == 1)
		own12_put_u8(c, (uint8_t)v);
	else if (n == 2)
		own12_put_u16(c, (uint16_t)v);
	ret = own12_xmit(c, 0);
	if (!ret && !c->rc) {
		fprintf(c->out, "result:   done\n");
		if (step)
			ret = own12_jstep(c, step, "ok");
	}
	return ret;
}

/*
 * Physical presence by command is locked (locked: the sentence that says
 * so and names the firmware setup step). With the firmware route: after an
 * earlier run asked the firmware, what it answered; otherwise ask it now
 * (ppi-enable-activate) and stop for the reboot.
 */
static int ppi_route(struct own12 *c, const char *locked)
{
	const struct own_journal_step *st = own_journal_find(c->prev, "ppi-request");
	char why[1024], next[800], detail[32];
	unsigned long v;
	uint32_t op = 0;
	int outcome = PPI_OUTCOME_UNKNOWN, ret;

	if (!c->ppi)
		return own12_stop(c, OWN12_FIRMWARE, "%s", locked);
	if (st && !strcmp(st->status, "ok") && sscanf(st->detail, "op=%lu", &v) == 1) {
		op = (uint32_t)v;
		fprintf(c->out,
			"step:     read what the firmware did with the PPI request (operation %u) "
			"the last run made\n",
			op);
		if (c->ppi->outcome(c->ppi->arg, op, &outcome, why, sizeof(why)))
			outcome = PPI_OUTCOME_UNKNOWN;
		fprintf(c->out, "result:   %s\n", why);
		if (outcome == PPI_OUTCOME_PENDING)
			return own12_stop(
			    c, OWN12_REBOOT,
			    "the firmware has not acted on the PPI request (operation %u) "
			    "yet: reboot, confirm at the console when the firmware asks, then "
			    "run tpmdiag own again",
			    op);
		ret = own12_jstep(c, "ppi-request", "failed");
		if (ret)
			return ret;
		if (outcome == PPI_OUTCOME_USER_ABORT)
			return own12_stop(
			    c, OWN12_FIRMWARE,
			    "the PPI request (operation %u) was rejected at the firmware's "
			    "prompt: run tpmdiag own again to ask once more and accept it at "
			    "the next boot, or %s",
			    op, locked);
		return own12_stop(
		    c, OWN12_FIRMWARE,
		    "the firmware did not carry out the PPI request (operation %u): %s; %s", op,
		    why, locked);
	}
	fprintf(c->out, "step:     ask the firmware through the Physical Presence Interface to "
			"enable and activate the TPM at the next boot\n");
	ret = own12_jstep(c, "ppi-request", "sent");
	if (ret)
		return ret;
	if (c->ppi->request(c->ppi->arg, &op, next, sizeof(next), why, sizeof(why))) {
		ret = own12_jstep(c, "ppi-request", "failed");
		return ret ? ret
			   : own12_stop(c, OWN12_FIRMWARE,
					"%s (the firmware route does not go either: %s)", locked,
					why);
	}
	snprintf(detail, sizeof(detail), "op=%u", op);
	if (own_journal_step(c->j, "ppi-request", "ok", detail)) {
		c->journal_broken = true;
		return own12_stop(c, OWN12_FAILED, "cannot write the journal %s",
				  own_journal_path(c->j));
	}
	fprintf(c->out, "result:   requested operation %u\n", op);
	return own12_stop(
	    c, OWN12_REBOOT,
	    "physical presence by command is locked, so the firmware was asked through "
	    "the Physical Presence Interface (operation %u): %s. Reboot, confirm at the "
	    "console when the firmware asks, then run tpmdiag own again",
	    op, next);
}

static int physical_presence(struct own12 *c)
{
	int ret;

	if (c->vol[VF_PP]) {
		fprintf(c->out, "note:     physical presence is already asserted\n");
		return 0;
	}
	if (!c->perm[PF_PP_CMD_ENABLE]) {
		if (c->perm[PF_PP_LIFETIME_LOCK])
			return ppi_route(
			    c, "physical presence by command is disabled and the firmware "
			       "set the lifetime lock, so software cannot enable or "
			       "activate this TPM: enable and activate it in the firmware "
			       "(BIOS/UEFI) setup's security or TPM page, then run "
			       "tpmdiag own again");
		ret =
		    simple(c, "pp-cmd-enable", TSC_ORD_PhysicalPresence, 2,
			   TPM_PHYSICAL_PRESENCE_CMD_ENABLE,
			   "TSC_PhysicalPresence(CMD_ENABLE): allow physical presence by command");
		if (ret)
			return ret;
		if (c->rc == RC_BAD_PARAMETER)
			return ppi_route(c, "the TPM refuses physical presence by command "
					    "(TPM_BAD_PARAMETER): the firmware set the lifetime "
					    "lock; enable and activate the TPM in the firmware "
					    "(BIOS/UEFI) setup, then run tpmdiag own again");
		if (c->rc)
			return own12_stop_rc(c, "TSC_PhysicalPresence(CMD_ENABLE)");
	}
	ret = simple(c, "pp-present", TSC_ORD_PhysicalPresence, 2, TPM_PHYSICAL_PRESENCE_PRESENT,
		     "TSC_PhysicalPresence(PRESENT): assert physical presence");
	if (ret)
		return ret;
	if (c->rc == RC_BAD_PARAMETER)
		return ppi_route(c, "the TPM refuses to assert physical presence "
				    "(TPM_BAD_PARAMETER): the firmware locked it for this boot; "
				    "enable and activate the TPM in the firmware (BIOS/UEFI) "
				    "setup, then run tpmdiag own again");
	if (c->rc)
		return own12_stop_rc(c, "TSC_PhysicalPresence(PRESENT)");
	return 0;
}

/* Enable, allow ownership and activate, as far as software can. */
static int enable_activate(struct own12 *c)
{
	bool need = c->perm[PF_DISABLE] || c->perm[PF_DEACTIVATED] || !c->perm[PF_OWNERSHIP];
	int ret;

	if (!need && !c->vol[VF_DEACTIVATED]) {
		fprintf(c->out, "note:     the TPM is enabled, activated and allows ownership\n");
		return 0;
	}
	if (!need)
		return own12_stop(c, OWN12_REBOOT,
				  "the TPM is activated but stays deactivated until the next boot: "
				  "reboot (a full power cycle), then run tpmdiag own again");
	ret = physical_presence(c);
	if (ret)
		return ret;
	if (c->perm[PF_DISABLE]) {
		ret = simple(c, "physical-enable", TPM_ORD_PhysicalEnable, 0, 0,
			     "TPM_PhysicalEnable: enable the TPM");
		if (ret)
			return ret;
		if (c->rc)
			return own12_stop_rc(c, "TPM_PhysicalEnable");
	}
	if (!c->perm[PF_OWNERSHIP]) {
		ret = simple(c, "owner-install", ORD_SetOwnerInstall, 1, 1,
			     "TPM_SetOwnerInstall(TRUE): allow taking ownership");
		if (ret)
			return ret;
		if (c->rc)
			return own12_stop_rc(c, "TPM_SetOwnerInstall");
	}
	if (c->perm[PF_DEACTIVATED] || c->vol[VF_DEACTIVATED]) {
		if (c->perm[PF_DEACTIVATED]) {
			ret = simple(c, "activate", TPM_ORD_PhysicalSetDeactivated, 1, 0,
				     "TPM_PhysicalSetDeactivated(FALSE): activate the TPM");
			if (ret)
				return ret;
			if (c->rc)
				return own12_stop_rc(c, "TPM_PhysicalSetDeactivated(FALSE)");
		}
		return own12_stop(
		    c, OWN12_REBOOT,
		    "the TPM is now enabled and activated, which takes effect at the next "
		    "boot: reboot (a full power cycle), then run tpmdiag own again");
	}
	return 0;
}

static int self_test(struct own12 *c)
{
	char buf[256];
	int ret;

	ret = simple(c, NULL, TPM_ORD_ContinueSelfTest, 0, 0,
		     "TPM_ContinueSelfTest: finish the self test");
	if (ret || !c->rc)
		return ret;
	fprintf(c->out, "result:   %s\n", own12_rc_text(c->rc, buf, sizeof(buf)));
	ret =
	    simple(c, NULL, TPM_ORD_SelfTestFull, 0, 0, "TPM_SelfTestFull: run the full self test");
	if (!ret && c->rc)
		return own12_stop_rc(c, "TPM_SelfTestFull");
	return ret;
}

/* From an unowned TPM to owned and checked. */
static int take_flow(struct own12 *c, const struct own12_opts *o)
{
	bool owned = false;
	int ret;

	ret = enable_activate(c);
	if (!ret)
		ret = self_test(c);
	if (!ret)
		ret = own12_read_ek(c);
	if (!ret)
		ret = own12_take_ownership(c, o);
	if (ret)
		return ret;
	fprintf(c->out, "step:     verify: TPM_GetCapability(TPM_CAP_PROPERTY, OWNER)\n");
	ret = read_owner(c, &owned);
	if (ret)
		return ret;
	if (!owned)
		return own12_stop(c, OWN12_FAILED,
				  "TakeOwnership answered success but the TPM reports no owner");
	return own12_jstep(c, "verify", "ok");
}

static int flow(struct own12 *c, const struct own12_opts *o)
{
	bool owned = false, resumed;
	int ret;

	ret = read_flags(c, TPM_CAP_FLAG_PERMANENT, TPM_TAG_PERMANENT_FLAGS, c->perm, PF_COUNT_USED,
			 "permanent");
	if (!ret)
		ret = read_flags(c, TPM_CAP_FLAG_VOLATILE, TPM_TAG_STCLEAR_FLAGS, c->vol, VF_COUNT,
				 "volatile");
	if (ret)
		return ret;
	fprintf(c->out,
		"step:     TPM_GetCapability(TPM_CAP_PROPERTY, OWNER): is there an owner\n");
	ret = read_owner(c, &owned);
	if (ret)
		return ret;
	resumed = owned && c->prev && c->prev->device[0] &&
		  (c->prev->finished || own_journal_has(c->prev, "takeownership", "sent"));
	if (owned && !resumed)
		return own12_stop(
		    c, OWN12_ALREADY_OWNED,
		    "the TPM already has an owner; nothing was changed (taking it over "
		    "needs the owner password, or a clear: tpmdiag fix clear)");
	ret = resumed ? own12_verify_owner(c) : take_flow(c, o);
	if (ret)
		return ret;
	if (own_journal_finish(c->j)) {
		c->journal_broken = true;
		return own12_stop(
		    c, OWN12_FAILED,
		    "the TPM is owned, but the journal %s cannot be written: remove it "
		    "by hand",
		    own_journal_path(c->j));
	}
	fprintf(c->out, resumed ? "done:     the TPM is owned with the owner password given\n"
				: "done:     the TPM is owned; the owner and SRK secrets are the "
				  "ones given\n");
	return OWN12_OK;
}

int own12_run(struct tpm_transport *t, const struct secret *owner, const struct secret *srk,
	      FILE *out, const struct own12_opts *o, char *why, size_t whylen)
{
	struct own12 *c;
	int ret;

	if (whylen)
		why[0] = '\0';
	if (!t || !owner || !srk || !out || !owner->set || !srk->set) {
		snprintf(why, whylen, "internal error: no device, output or secrets given");
		return OWN12_FAILED;
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		snprintf(why, whylen, "out of memory");
		return OWN12_FAILED;
	}
	c->t = t;
	c->out = out;
	c->timeout_ms = o ? o->timeout_ms : 0;
	c->j = o ? o->journal : NULL;
	c->prev = o ? o->prev : NULL;
	c->ppi = o ? o->ppi : NULL;
	c->why = why;
	c->whylen = whylen;
	if (tpm12_auth_from_secret(owner, c->owner_auth) ||
	    tpm12_auth_from_secret(srk, c->srk_auth)) {
		ret = own12_stop(c, OWN12_FAILED,
				 "cannot derive the auth values (SHA-1 unavailable)");
		goto out;
	}
	fprintf(out, "device:   %s, TPM 1.2; owner secret %s, SRK secret %s\n", t->spec,
		owner->well_known ? "well-known (20 zero bytes)" : "SHA1 of the password given",
		srk->well_known ? "well-known (20 zero bytes)" : "SHA1 of the password given");
	ret = flow(c, o);
out:
	explicit_bzero(c, sizeof(*c));
	free(c);
	fflush(out);
	return ret;
}
