// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `tpmdiag own` for TPM 2.0: the flow described in own20.h. Every check that
 * can stop the flow runs before the first change; every answer is parsed
 * with bounded readers; every buffer that held a password is wiped.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag/own/own20.h"
#include "diag/own/own20_priv.h"
#include "diag/own/tpm20_session.h"
#include "probes/commands/catalog.h"
#include "probes/tpm/rc.h"
#include "probes/transport/record.h"
#include "probes/tpm/tpm.h"
#include "probes/commands/tpm20.h"

static const struct tpm_sym own20_perm_bits[] = {
    {1u << 0, "ownerAuthSet"}, {1u << 1, "endorsementAuthSet"}, {1u << 2, "lockoutAuthSet"},
    {1u << 8, "disableClear"}, {1u << 9, "inLockout"},		{1u << 10, "tpmGeneratedEPS"},
};

static const struct own20_hier own20_hiers[] = {
    {TPM2_RH_OWNER, "TPM_RH_OWNER", "owner", TPMA_PERM_OWNER_AUTH_SET},
    {TPM2_RH_ENDORSEMENT, "TPM_RH_ENDORSEMENT", "endorsement", TPMA_PERM_ENDORSEMENT_AUTH_SET},
    {TPM2_RH_LOCKOUT, "TPM_RH_LOCKOUT", "lockout", TPMA_PERM_LOCKOUT_AUTH_SET},
};

struct own20_state {
	uint32_t permanent, counter, max_fail, interval, recovery;
	bool have_permanent;
};

/* --- exchanges ------------------------------------------------------------ */

static void own20_sleep_ms(long ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

int own20_fail(struct own20_ctx *c, int ret, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->err, c->errlen, fmt, ap);
	va_end(ap);
	fprintf(c->out, "    stopped: %s\n", c->err);
	return ret;
}

/* "0x00000922 TPM_RC_RETRY: ..." */
static const char *own20_rc_str(uint32_t rc, char *buf, size_t len)
{
	struct tpm_rc_desc d;
	int n = snprintf(buf, len, "0x%08x", rc);

	if (n > 0 && (size_t)n < len && !tpm_rc_decode(rc, TPM_FAMILY_20, &d)) {
		buf[n++] = ' ';
		tpm_rc_format(&d, buf + n, len - (size_t)n);
	}
	return buf;
}

/* TPM_RC_AUTH_FAIL or TPM_RC_BAD_AUTH of a session (format one, Part 2, 6.6). */
static bool own20_auth_failed(uint32_t rc)
{
	return (rc & 0x80u) && ((rc & 0x3Fu) == 0x0Eu || (rc & 0x3Fu) == 0x22u);
}

int own20_rc_fail(struct own20_ctx *c, const char *name, uint32_t rc)
{
	char buf[512];

	if (own20_auth_failed(rc) && c->prev && c->prev->device[0])
		return own20_fail(c, -EEXIST,
				  "%s: the owner password given is not the one the interrupted "
				  "run set (%s); run tpmdiag own again with that password",
				  name, own20_rc_str(rc, buf, sizeof(buf)));
	return own20_fail(c, -EPROTO, "%s failed: %s", name, own20_rc_str(rc, buf, sizeof(buf)));
}

/*
 * Record a step in the journal ("sent" before a state-changing command,
 * "ok" after); a journal that cannot be written stops the flow before the
 * command goes out.
 */
int own20_jstep(struct own20_ctx *c, const char *step, const char *status, const char *detail)
{
	int ret = own_journal_step(c->j, step, status, detail);

	if (ret) {
		c->journal_broken = true;
		return own20_fail(c, -EIO, "cannot write the journal %s: %s; nothing more was sent",
				  own_journal_path(c->j), strerror(-ret));
	}
	return 0;
}

/* The transcript gets the command with the secret bytes zeroed. */
static void own20_record_redacted(struct own20_ctx *c, struct tpm_recorder *rec, int ret)
{
	uint8_t copy[TPM_MAX_MSG];
	size_t i;

	memcpy(copy, c->cmd, c->cmd_len);
	for (i = 0; i < c->nred; i++)
		if (c->red_off[i] + c->red_len[i] <= c->cmd_len)
			memset(copy + c->red_off[i], 0, c->red_len[i]);
	tpm_recorder_exchange(rec, copy, c->cmd_len, ret ? NULL : c->rsp, ret ? 0 : c->rsp_len, ret,
			      -1);
	explicit_bzero(copy, sizeof(copy));
}

static int own20_xmit_once(struct own20_ctx *c, uint32_t *rc)
{
	struct tpm_recorder *rec = c->t->rec;
	struct tpm_hdr h;
	int ret;

	if (c->nred)
		c->t->rec = NULL;
	ret = tpm_transmit(c->t, c->cmd, c->cmd_len, c->rsp, sizeof(c->rsp), &c->rsp_len, 0);
	if (c->nred) {
		c->t->rec = rec;
		if (rec)
			own20_record_redacted(c, rec, ret);
	}
	if (ret)
		return ret;
	ret = tpm_hdr_parse(c->rsp, c->rsp_len, &h, NULL);
	*rc = h.code;
	return ret;
}

/*
 * The TPM answered TPM_RC_INITIALIZE in the middle of the flow: it was
 * reset. Send TPM2_Startup(CLEAR) and the command again (its password
 * session holds no state, so it can be resent as it is).
 */
static int own20_restart(struct own20_ctx *c, uint32_t *rc)
{
	static const uint8_t startup[] = {0x80, 0x01, 0x00, 0x00, 0x00, 0x0c,
					  0x00, 0x00, 0x01, 0x44, 0x00, 0x00};
	uint8_t saved[TPM_MAX_MSG];
	size_t len = c->cmd_len, nred = c->nred;
	int ret;

	fprintf(c->out, "    TPM_RC_INITIALIZE: the TPM was reset; TPM2_Startup(TPM_SU_CLEAR), "
			"then the command again\n");
	memcpy(saved, c->cmd, len);
	memcpy(c->cmd, startup, sizeof(startup));
	c->cmd_len = sizeof(startup);
	c->nred = 0;
	ret = own20_xmit_once(c, rc);
	memcpy(c->cmd, saved, len);
	explicit_bzero(saved, len);
	c->cmd_len = len;
	c->nred = nred;
	if (ret)
		return own20_fail(c, ret, "TPM2_Startup: %s",
				  c->t->err[0] ? c->t->err : strerror(-ret));
	if (*rc && *rc != RC_INITIALIZE) /* INITIALIZE: started meanwhile */
		return own20_rc_fail(c, "TPM2_Startup after the reset", *rc);
	ret = own20_xmit_once(c, rc);
	if (ret)
		return own20_fail(c, ret, "the command after TPM2_Startup: %s",
				  c->t->err[0] ? c->t->err : strerror(-ret));
	return 0;
}

/*
 * Send c->cmd (built into b), retrying while the TPM says TESTING, RETRY
 * or YIELDED; 0 with *rc, or the transport's error in err. The command
 * buffer is wiped afterwards when it held a secret.
 */
int own20_xmit(struct own20_ctx *c, struct tpm_buf *b, const char *name, uint32_t *rc)
{
	bool restarted = false;
	int ret, tries = 0;

	ret = tpm_cmd_finish(b);
	if (ret) {
		ret = own20_fail(c, ret, "%s: the command does not fit in %zu bytes", name,
				 sizeof(c->cmd));
		goto out;
	}
	c->cmd_len = b->len;
	for (;;) {
		ret = own20_xmit_once(c, rc);
		if (!ret && *rc == RC_INITIALIZE && !c->in_startup && !restarted) {
			restarted = true;
			ret = own20_restart(c, rc);
			if (ret)
				goto out; /* said why */
		}
		if (ret) {
			ret = own20_fail(c, ret, "%s: %s", name,
					 c->t->err[0] ? c->t->err : strerror(-ret));
			goto out;
		}
		if ((*rc != RC_TESTING && *rc != RC_RETRY && *rc != RC_YIELDED) ||
		    ++tries >= OWN20_RETRY_MAX)
			break;
		own20_sleep_ms(OWN20_RETRY_MS);
	}
out:
	if (c->nred)
		explicit_bzero(c->cmd, sizeof(c->cmd));
	c->nred = 0;
	return ret;
}

/*
 * A state-changing command: recorded in the journal as sent, then sent.
 * When the journal cannot be written, the command is wiped unsent.
 */
int own20_xmit_step(struct own20_ctx *c, struct tpm_buf *b, const char *step, const char *name,
		    uint32_t *rc)
{
	int ret = own20_jstep(c, step, "sent", NULL);

	if (ret) {
		explicit_bzero(c->cmd, sizeof(c->cmd));
		c->nred = 0;
		return ret;
	}
	return own20_xmit(c, b, name, rc);
}

void own20_begin(struct own20_ctx *c, struct tpm_buf *b)
{
	tpm_buf_init(b, c->cmd, sizeof(c->cmd));
	c->nred = 0;
}

void own20_redact(struct own20_ctx *c, size_t off, size_t len)
{
	if (c->nred < 2 && len) {
		c->red_off[c->nred] = off;
		c->red_len[c->nred] = len;
		c->nred++;
	}
}

void own20_say(struct own20_ctx *c, const char *what)
{
	fprintf(c->out, "[%u] %s\n", ++c->step, what);
}

/* --- steps ------------------------------------------------------------------ */

void own20_build_getcap(struct own20_ctx *c, struct tpm_buf *b, uint32_t cap, uint32_t property,
			uint32_t count)
{
	own20_begin(c, b);
	tpm_cmd_begin(b, TPM2_ST_NO_SESSIONS, TPM2_CC_GetCapability);
	tpm_buf_u32(b, cap);
	tpm_buf_u32(b, property);
	tpm_buf_u32(b, count);
}

/* Parse a TPM_PROPERTIES answer into st. */
static int own20_parse_props(struct own20_ctx *c, struct own20_state *st)
{
	uint32_t cap = 0, count = 0, pt = 0, v = 0, i;
	struct tpm20_rsp r;
	struct tpm_rd rd;
	uint8_t more = 0;

	if (tpm20_rsp_parse(c->rsp, c->rsp_len, 0, 0, &r))
		return -EBADMSG;
	tpm_rd_init(&rd, r.params, r.params_len);
	if (tpm_rd_u8(&rd, &more) || tpm_rd_u32(&rd, &cap) || tpm_rd_u32(&rd, &count) ||
	    cap != TPM2_CAP_TPM_PROPERTIES)
		return -EBADMSG;
	for (i = 0; i < count; i++) {
		if (tpm_rd_u32(&rd, &pt) || tpm_rd_u32(&rd, &v))
			return -EBADMSG;
		if (pt == TPM2_PT_PERMANENT) {
			st->permanent = v;
			st->have_permanent = true;
		} else if (pt == TPM2_PT_LOCKOUT_COUNTER) {
			st->counter = v;
		} else if (pt == TPM2_PT_MAX_AUTH_FAIL) {
			st->max_fail = v;
		} else if (pt == TPM2_PT_LOCKOUT_INTERVAL) {
			st->interval = v;
		} else if (pt == TPM2_PT_LOCKOUT_RECOVERY) {
			st->recovery = v;
		}
	}
	return 0;
}

/* Step: is the TPM started? Reads the variable properties into st. */
static int own20_startup(struct own20_ctx *c, struct own20_state *st)
{
	struct tpm_buf b;
	uint32_t rc = 0;
	int ret;

	own20_say(c,
		  "TPM2_GetCapability(TPM_PROPERTIES, TPM2_PT_PERMANENT...): is the TPM started?");
	own20_build_getcap(c, &b, TPM2_CAP_TPM_PROPERTIES, TPM2_PT_VAR, TPM2_MAX_CAP_COUNT);
	c->in_startup = true;
	ret = own20_xmit(c, &b, "TPM2_GetCapability", &rc);
	c->in_startup = false;
	if (ret)
		return ret;
	if (rc == RC_INITIALIZE) {
		fprintf(c->out, "    TPM_RC_INITIALIZE: the TPM has not been started since it was "
				"reset\n");
		own20_say(c, "TPM2_Startup(TPM_SU_CLEAR): start the TPM");
		ret = own20_jstep(c, "startup", "sent", NULL);
		if (ret)
			return ret;
		own20_begin(c, &b);
		tpm_cmd_begin(&b, TPM2_ST_NO_SESSIONS, TPM2_CC_Startup);
		tpm_buf_u16(&b, TPM2_SU_CLEAR);
		c->in_startup = true;
		ret = own20_xmit(c, &b, "TPM2_Startup", &rc);
		c->in_startup = false;
		if (ret)
			return ret;
		if (rc)
			return own20_rc_fail(c, "TPM2_Startup", rc);
		fprintf(c->out, "    ok: the TPM is started\n");
		return own20_jstep(c, "startup", "ok", NULL);
	}
	if (rc)
		return own20_rc_fail(c, "TPM2_GetCapability", rc);
	fprintf(c->out, "    ok: the TPM is started\n");
	return own20_parse_props(c, st) ? own20_fail(c, -EBADMSG,
						     "TPM2_GetCapability: an answer that does "
						     "not parse")
					: 0;
}

static int own20_selftest(struct own20_ctx *c)
{
	const uint8_t *data = NULL;
	char buf[512];
	struct tpm20_rsp r;
	struct tpm_buf b;
	struct tpm_rd rd;
	uint32_t rc = 0, result = 0;
	uint16_t n = 0;
	int ret, tries;

	own20_say(c, "TPM2_SelfTest(fullTest = NO): test what has not been tested yet");
	own20_begin(c, &b);
	tpm_cmd_begin(&b, TPM2_ST_NO_SESSIONS, TPM2_CC_SelfTest);
	tpm_buf_u8(&b, 0);
	ret = own20_xmit(c, &b, "TPM2_SelfTest", &rc);
	if (ret)
		return ret;
	if (rc)
		return own20_rc_fail(c, "TPM2_SelfTest", rc);
	fprintf(c->out, "    ok\n");
	own20_say(c, "TPM2_GetTestResult: how did the self test end?");
	for (tries = 0;; tries++) {
		own20_begin(c, &b);
		tpm_cmd_begin(&b, TPM2_ST_NO_SESSIONS, TPM2_CC_GetTestResult);
		ret = own20_xmit(c, &b, "TPM2_GetTestResult", &rc);
		if (ret)
			return ret;
		if (rc)
			return own20_rc_fail(c, "TPM2_GetTestResult", rc);
		if (tpm20_rsp_parse(c->rsp, c->rsp_len, 0, 0, &r))
			return own20_fail(c, -EBADMSG,
					  "TPM2_GetTestResult: an answer that "
					  "does not parse");
		tpm_rd_init(&rd, r.params, r.params_len);
		if (tpm_rd_tpm2b(&rd, &data, &n) || tpm_rd_u32(&rd, &result))
			return own20_fail(c, -EBADMSG,
					  "TPM2_GetTestResult: an answer that "
					  "does not parse");
		if (result != RC_TESTING || tries >= OWN20_RETRY_MAX)
			break;
		if (!tries)
			fprintf(c->out, "    the TPM is still testing; waiting (at most %d s)\n",
				OWN20_RETRY_MAX * OWN20_RETRY_MS / 1000);
		own20_sleep_ms(OWN20_RETRY_MS);
	}
	if (result)
		return own20_fail(c, -EPROTO,
				  "the TPM's self test failed: %s; the TPM cannot be owned in "
				  "this state (a reset, or the vendor's firmware, may help)",
				  own20_rc_str(result, buf, sizeof(buf)));
	fprintf(c->out, "    ok: testResult TPM_RC_SUCCESS\n");
	return 0;
}

/* Step: lockout, and authorisations already set. Nothing changes here. */
static int own20_check_state(struct own20_ctx *c, const struct own20_opts *o,
			     struct own20_state *st)
{
	const struct secret *want[3] = {o->owner, o->endorsement, o->lockout};
	char names[256], step[32];
	struct tpm_buf b;
	uint32_t rc = 0, wait;
	size_t i;
	int ret;

	own20_say(c, "TPM2_GetCapability(TPM_PROPERTIES, TPM2_PT_PERMANENT...): hierarchy "
		     "passwords and dictionary-attack state");
	own20_build_getcap(c, &b, TPM2_CAP_TPM_PROPERTIES, TPM2_PT_VAR, TPM2_MAX_CAP_COUNT);
	ret = own20_xmit(c, &b, "TPM2_GetCapability", &rc);
	if (ret)
		return ret;
	if (rc)
		return own20_rc_fail(c, "TPM2_GetCapability", rc);
	memset(st, 0, sizeof(*st));
	if (own20_parse_props(c, st) || !st->have_permanent)
		return own20_fail(c, -EBADMSG,
				  "TPM2_GetCapability: the answer has no "
				  "TPM2_PT_PERMANENT or does not parse");
	tpm_bits_fmt(own20_perm_bits, TPM_ARRAY_SIZE(own20_perm_bits), st->permanent, names,
		     sizeof(names));
	fprintf(c->out, "    TPM2_PT_PERMANENT: %s (0x%08x)\n", names, st->permanent);
	fprintf(c->out,
		"    dictionary attack: %u failures of %u allowed, one forgotten every %u s, "
		"lockout recovery %u s\n",
		st->counter, st->max_fail, st->interval, st->recovery);
	if (st->permanent & TPMA_PERM_IN_LOCKOUT) {
		wait = st->counter >= st->max_fail ? (st->counter - st->max_fail + 1) * st->interval
						   : st->interval;
		if (st->interval)
			return own20_fail(
			    c, -EBUSY,
			    "the TPM is in dictionary-attack lockout (%u failed "
			    "authorisations, %u allowed): it accepts authorisations "
			    "again in about %u s (one failure is forgotten every %u "
			    "s); wait, or reset the counter with the lockout password "
			    "(tpmdiag fix da-reset), then run tpmdiag own again",
			    st->counter, st->max_fail, wait, st->interval);
		return own20_fail(
		    c, -EBUSY,
		    "the TPM is in dictionary-attack lockout and forgets no failures "
		    "by itself (lockout interval 0): reset the counter with the "
		    "lockout password (tpmdiag fix da-reset), then run tpmdiag own again");
	}
	for (i = 0; i < TPM_ARRAY_SIZE(own20_hiers); i++) {
		if (!(st->permanent & own20_hiers[i].set_bit) || !want[i] || !want[i]->set)
			continue;
		snprintf(step, sizeof(step), "changeauth-%s", own20_hiers[i].label);
		if (own_journal_has(c->prev, step, "sent")) {
			c->done_auth[i] = true;
			fprintf(c->out,
				"    the %s password was set by the interrupted run (journal): "
				"continuing with the password given\n",
				own20_hiers[i].label);
			continue;
		}
		if (!i)
			return own20_fail(c, -EEXIST,
					  "the owner password is already set: ownership was "
					  "taken; tpmdiag own does not clear or change it");
		return own20_fail(c, -EEXIST,
				  "the %s password is already set; tpmdiag own does not "
				  "clear or change it (leave out the %s password to own "
				  "the TPM without it)",
				  own20_hiers[i].label, own20_hiers[i].label);
	}
	fprintf(c->out, c->done_auth[0] ? "    ok: not in lockout\n"
					: "    ok: not in lockout, owner password not set\n");
	return 0;
}

static int own20_check_persistent(struct own20_ctx *c, uint32_t handle)
{
	uint32_t rc = 0, cap = 0, count = 0, first = 0;
	struct tpm20_rsp r;
	struct tpm_buf b;
	struct tpm_rd rd;
	uint8_t more = 0;
	char what[128];
	int ret;

	snprintf(what, sizeof(what),
		 "TPM2_GetCapability(TPM_HANDLES, 0x%08x): is the SRK handle free?", handle);
	own20_say(c, what);
	own20_build_getcap(c, &b, TPM2_CAP_HANDLES, handle, 1);
	ret = own20_xmit(c, &b, "TPM2_GetCapability", &rc);
	if (ret)
		return ret;
	if (rc)
		return own20_rc_fail(c, "TPM2_GetCapability", rc);
	if (tpm20_rsp_parse(c->rsp, c->rsp_len, 0, 0, &r))
		return own20_fail(c, -EBADMSG, "TPM2_GetCapability: an answer that does not parse");
	tpm_rd_init(&rd, r.params, r.params_len);
	if (tpm_rd_u8(&rd, &more) || tpm_rd_u32(&rd, &cap) || tpm_rd_u32(&rd, &count) ||
	    cap != TPM2_CAP_HANDLES || (count && tpm_rd_u32(&rd, &first)))
		return own20_fail(c, -EBADMSG, "TPM2_GetCapability: an answer that does not parse");
	if (count && first == handle && own_journal_has(c->prev, "evictcontrol", "sent")) {
		c->srk_done = true;
		fprintf(c->out,
			"    0x%08x holds the SRK the interrupted run made persistent "
			"(journal): checking it\n",
			handle);
		return 0;
	}
	if (count && first == handle)
		return own20_fail(c, -EEXIST,
				  "an object is already persistent at 0x%08x (an SRK from an "
				  "earlier provisioning?); tpmdiag own does not evict it (see it "
				  "with: tpmdiag send readpublic 0x%08x)",
				  handle, handle);
	fprintf(c->out, "    ok: 0x%08x is free\n", handle);
	return 0;
}

static bool own20_secret_ok(const struct secret *s)
{
	return s && s->set && s->len > 0 && s->len <= OWN20_AUTH_MAX;
}

static int own20_check_opts(struct own20_ctx *c, const struct own20_opts *o, uint32_t persistent)
{
	const struct secret *opt[3] = {o->owner, o->endorsement, o->lockout};
	size_t i;

	if (!o->owner || !o->owner->set)
		return own20_fail(c, -EINVAL, "an owner password is needed");
	for (i = 0; i < TPM_ARRAY_SIZE(opt); i++) {
		if (!opt[i] || (i && !opt[i]->set) || own20_secret_ok(opt[i]))
			continue;
		return own20_fail(c, -EINVAL,
				  "the %s password must be 1 to %u bytes long (a TPM 2.0 "
				  "hierarchy password is at most the size of a SHA-256 digest); "
				  "choose a shorter one",
				  own20_hiers[i].label, OWN20_AUTH_MAX);
	}
	if ((persistent & 0xFF800000u) != TPM2_HR_PERSISTENT)
		return own20_fail(c, -EINVAL,
				  "0x%08x is not an owner persistent handle "
				  "(0x81000000-0x817fffff)",
				  persistent);
	return 0;
}

int own20_run(struct tpm_transport *t, const struct own20_opts *o, FILE *out, char *err,
	      size_t errlen)
{
	uint32_t persistent = o->persistent ? o->persistent : OWN20_SRK_HANDLE;
	const struct secret *want[3] = {o->owner, o->endorsement, o->lockout};
	struct own20_state st = {0};
	uint32_t transient = 0;
	struct own20_ctx *c;
	size_t i;
	int ret;

	c = calloc(1, sizeof(*c));
	if (!c) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	c->t = t;
	c->out = out;
	c->err = err;
	c->errlen = errlen;
	c->j = o->journal;
	c->prev = o->prev && o->prev->device[0] ? o->prev : NULL;
	err[0] = '\0';
	fprintf(out, "Taking ownership of the TPM 2.0 at %s\n", t->spec);
	ret = own20_check_opts(c, o, persistent);
	if (!ret)
		ret = own20_startup(c, &st);
	if (!ret)
		ret = own20_selftest(c);
	if (!ret)
		ret = own20_check_state(c, o, &st);
	if (!ret)
		ret = own20_check_persistent(c, persistent);
	for (i = 0; !ret && i < TPM_ARRAY_SIZE(own20_hiers); i++)
		if (want[i] && want[i]->set && !c->done_auth[i])
			ret = own20_changeauth(c, &own20_hiers[i], want[i]);
	if (!ret && !c->srk_done)
		ret = own20_flush_leftover(c, o->ecc);
	if (!ret && !c->srk_done)
		ret = own20_createprimary(c, o, &transient);
	if (!ret && !c->srk_done)
		ret = own20_evict(c, o, transient, persistent);
	if (!ret && c->srk_done && c->done_auth[0])
		ret = own20_confirm_owner(c, o->owner);
	if (transient) {
		/* flushed also when EvictControl failed: no transient object left behind */
		if (ret)
			own20_flush(c, transient, true);
		else
			ret = own20_flush(c, transient, false);
	}
	if (!ret)
		ret = own20_verify(c, o, persistent);
	if (!ret && own_journal_finish(c->j)) {
		c->journal_broken = true;
		ret =
		    own20_fail(c, -EIO,
			       "the TPM is owned, but the journal %s cannot be written: remove it "
			       "by hand",
			       own_journal_path(c->j));
	}
	if (ret && !c->journal_broken)
		own_journal_stop(c->j, "stopped", err);
	if (!ret)
		fprintf(out,
			"The TPM is owned: owner password set, storage root key persistent at "
			"0x%08x.\n",
			persistent);
	explicit_bzero(c, sizeof(*c));
	free(c);
	return ret;
}
