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
#include "diag/own/own_journal.h"
#include "diag/ppi/ppi.h"
#include "diag/own/tpm12_auth.h"
#include "diag/own/tpm12_owner.h"
#include "probes/tpm/buf.h"
#include "probes/tpm/commands.h"
#include "probes/tpm/rc.h"
#include "probes/tpm/tpm.h"
#include "probes/commands/tpm12.h"

#define ORD_OIAP		     0x0000000Au
#define ORD_TakeOwnership	     0x0000000Du
#define ORD_SetOwnerInstall	     0x00000071u
#define ORD_GetCapabilityOwner	     0x00000066u
#define ORD_CreateEndorsementKeyPair 0x00000078u
#define TPM_PID_OWNER		     0x0005u
#define TPM_KEY_STORAGE		     0x0011u
#define TPM_AUTH_ALWAYS		     0x01u
#define TPM_SS_NONE		     0x0001u
#define RC_AUTHFAIL		     0x01u
#define RC_BAD_PARAMETER	     0x03u
#define RC_DEACTIVATED		     0x06u
#define RC_DISABLED		     0x07u
#define RC_DISABLED_CMD		     0x08u
#define RC_OWNER_SET		     0x14u
#define RC_NO_ENDORSEMENT	     0x23u
#define RC_INVALID_POSTINIT	     0x26u
#define RC_BAD_PRESENCE		     0x2Du
#define SRK_BITS		     2048u

/* TPM_PERMANENT_FLAGS and TPM_STCLEAR_FLAGS, wire order after the tag (Part 2, 7.1, 7.2). */
enum perm_flag {
	PF_DISABLE,
	PF_OWNERSHIP,
	PF_DEACTIVATED,
	PF_READPUBEK,
	PF_DISABLEOWNERCLEAR,
	PF_ALLOWMAINTENANCE,
	PF_PP_LIFETIME_LOCK,
	PF_PP_HW_ENABLE,
	PF_PP_CMD_ENABLE,
	PF_COUNT_USED = 20,
};
enum vol_flag { VF_DEACTIVATED, VF_DISABLEFORCECLEAR, VF_PP, VF_PP_LOCK, VF_GLOBALLOCK, VF_COUNT };

struct own12 {
	struct tpm_transport *t;
	FILE *out;
	struct own_journal *j;		     /* NULL: no journal */
	const struct own_journal_info *prev; /* what the journal said before this run, or NULL */
	bool journal_broken;		     /* a journal write failed: stop() does not try again */
	const struct own12_ppi *ppi;	     /* the firmware route, or NULL */
	unsigned timeout_ms;
	char *why;
	size_t whylen;
	uint8_t cmd[TPM_MAX_MSG];
	uint8_t rsp[TPM_MAX_MSG];
	size_t clen, rlen;
	uint32_t rc;
	bool perm[PF_COUNT_USED];
	bool vol[VF_COUNT];
	uint8_t ek_n[TPM12_RSA_MAX];
	size_t ek_nlen;
	uint8_t owner_auth[TPM12_DIGEST];
	uint8_t srk_auth[TPM12_DIGEST];
};

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

static int stop(struct own12 *c, int result, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int stop(struct own12 *c, int result, const char *fmt, ...)
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
static int jstep(struct own12 *c, const char *step, const char *status)
{
	int ret = own_journal_step(c->j, step, status, NULL);

	if (!ret)
		return 0;
	c->journal_broken = true;
	return stop(c, OWN12_FAILED, "cannot write the journal %s: %s; nothing more was sent",
		    own_journal_path(c->j), strerror(-ret));
}

static const char *rc_text(uint32_t rc, char *buf, size_t len)
{
	struct tpm_rc_desc d;

	tpm_rc_decode(rc, TPM_FAMILY_12, &d);
	tpm_rc_format(&d, buf, len);
	return buf;
}

/* Stop on the TPM's answer to the step named what. */
static int stop_rc(struct own12 *c, const char *what)
{
	char buf[256];

	return stop(c, OWN12_TPM_ERROR, "%s failed: %s (0x%x)", what,
		    rc_text(c->rc, buf, sizeof(buf)), c->rc);
}

static void begin(struct own12 *c, uint32_t ord)
{
	struct tpm_buf b;

	tpm_buf_init(&b, c->cmd, sizeof(c->cmd));
	tpm_cmd_begin(&b, TPM_TAG_RQU_COMMAND, ord);
	c->clen = b.len;
}

/* Append to the command being built (the buffer never overflows at these sizes). */
static void put(struct own12 *c, const void *p, size_t n)
{
	if (c->clen + n <= sizeof(c->cmd)) {
		memcpy(c->cmd + c->clen, p, n);
		c->clen += n;
	}
}
static void put_u8(struct own12 *c, uint8_t v)
{
	put(c, &v, 1);
}
static void put_u16(struct own12 *c, uint16_t v)
{
	uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)v};
	put(c, b, 2);
}
static void put_u32(struct own12 *c, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
	put(c, b, 4);
}
static void finish(struct own12 *c)
{
	c->cmd[2] = (uint8_t)(c->clen >> 24);
	c->cmd[3] = (uint8_t)(c->clen >> 16);
	c->cmd[4] = (uint8_t)(c->clen >> 8);
	c->cmd[5] = (uint8_t)c->clen;
}

/* Send c->cmd once; c->rc is the TPM's return code. */
static int xmit_once(struct own12 *c, unsigned timeout_ms)
{
	struct tpm_hdr h;
	int ret;

	finish(c);
	ret = tpm_transmit(c->t, c->cmd, c->clen, c->rsp, sizeof(c->rsp), &c->rlen, timeout_ms);
	if (ret)
		return stop(c, OWN12_DEVICE, "the TPM did not answer: %s", c->t->err);
	if (tpm_hdr_parse(c->rsp, c->rlen, &h, NULL))
		return stop(c, OWN12_FAILED, "the TPM's answer has no valid header");
	c->rc = h.code;
	return 0;
}

static int startup(struct own12 *c)
{
	char buf[256];
	int ret;

	fprintf(c->out, "step:     TPM_Startup(ST_CLEAR): the TPM was reset and not started\n");
	ret = jstep(c, "startup", "sent");
	if (ret)
		return ret;
	begin(c, TPM_ORD_Startup);
	put_u16(c, TPM_ST_CLEAR);
	ret = xmit_once(c, 0);
	if (ret)
		return ret;
	if (c->rc && c->rc != RC_INVALID_POSTINIT)
		return stop_rc(c, "TPM_Startup(ST_CLEAR)");
	fprintf(c->out, "result:   %s\n", c->rc ? rc_text(c->rc, buf, sizeof(buf)) : "started");
	return jstep(c, "startup", "ok");
}

/*
 * Send c->cmd; when the chip says TPM_INVALID_POSTINIT (reset without
 * Startup), send TPM_Startup(ST_CLEAR) and the command again.
 */
static int xmit(struct own12 *c, unsigned timeout_ms)
{
	uint8_t saved[TPM_MAX_MSG];
	size_t n = c->clen;
	int ret;

	memcpy(saved, c->cmd, n);
	ret = xmit_once(c, timeout_ms);
	if (ret || c->rc != RC_INVALID_POSTINIT)
		goto out;
	fprintf(c->out, "note:     the TPM answers TPM_INVALID_POSTINIT: it was reset and "
			"needs TPM_Startup first\n");
	ret = startup(c);
	if (ret)
		goto out;
	memcpy(c->cmd, saved, n);
	c->clen = n;
	ret = xmit_once(c, timeout_ms);
out:
	explicit_bzero(saved, n);
	return ret;
}

/* Reader over the parameters of c->rsp. */
static void params(struct own12 *c, struct tpm_rd *r)
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
	begin(c, TPM_ORD_GetCapability);
	put_u32(c, TPM_CAP_FLAG);
	put_u32(c, 4);
	put_u32(c, sub);
	ret = xmit(c, 0);
	if (ret)
		return ret;
	if (c->rc)
		return stop_rc(c, "reading the flags");
	params(c, &r);
	if (tpm_rd_u32(&r, &size) || tpm_rd_u16(&r, &tag) || tag != want_tag || size < 2)
		return stop(c, OWN12_FAILED, "the %s flags answer has the wrong shape", label);
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

	begin(c, TPM_ORD_GetCapability);
	put_u32(c, TPM_CAP_PROPERTY);
	put_u32(c, 4);
	put_u32(c, TPM_CAP_PROP_OWNER);
	ret = xmit(c, 0);
	if (ret)
		return ret;
	if (c->rc)
		return stop_rc(c, "TPM_GetCapability(TPM_CAP_PROP_OWNER)");
	params(c, &r);
	if (tpm_rd_u32(&r, &size) || size != 1 || tpm_rd_u8(&r, &v))
		return stop(c, OWN12_FAILED, "the TPM_CAP_PROP_OWNER answer has the wrong shape");
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
		ret = jstep(c, step, "sent");
		if (ret)
			return ret;
	}
	begin(c, ord);
	if (n == 1)
		put_u8(c, (uint8_t)v);
	else if (n == 2)
		put_u16(c, (uint16_t)v);
	ret = xmit(c, 0);
	if (!ret && !c->rc) {
		fprintf(c->out, "result:   done\n");
		if (step)
			ret = jstep(c, step, "ok");
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
		return stop(c, OWN12_FIRMWARE, "%s", locked);
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
			return stop(
			    c, OWN12_REBOOT,
			    "the firmware has not acted on the PPI request (operation %u) "
			    "yet: reboot, confirm at the console when the firmware asks, then "
			    "run tpmdiag own again",
			    op);
		ret = jstep(c, "ppi-request", "failed");
		if (ret)
			return ret;
		if (outcome == PPI_OUTCOME_USER_ABORT)
			return stop(
			    c, OWN12_FIRMWARE,
			    "the PPI request (operation %u) was rejected at the firmware's "
			    "prompt: run tpmdiag own again to ask once more and accept it at "
			    "the next boot, or %s",
			    op, locked);
		return stop(c, OWN12_FIRMWARE,
			    "the firmware did not carry out the PPI request (operation %u): %s; %s",
			    op, why, locked);
	}
	fprintf(c->out, "step:     ask the firmware through the Physical Presence Interface to "
			"enable and activate the TPM at the next boot\n");
	ret = jstep(c, "ppi-request", "sent");
	if (ret)
		return ret;
	if (c->ppi->request(c->ppi->arg, &op, next, sizeof(next), why, sizeof(why))) {
		ret = jstep(c, "ppi-request", "failed");
		return ret ? ret
			   : stop(c, OWN12_FIRMWARE,
				  "%s (the firmware route does not go either: %s)", locked, why);
	}
	snprintf(detail, sizeof(detail), "op=%u", op);
	if (own_journal_step(c->j, "ppi-request", "ok", detail)) {
		c->journal_broken = true;
		return stop(c, OWN12_FAILED, "cannot write the journal %s", own_journal_path(c->j));
	}
	fprintf(c->out, "result:   requested operation %u\n", op);
	return stop(c, OWN12_REBOOT,
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
			return stop_rc(c, "TSC_PhysicalPresence(CMD_ENABLE)");
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
		return stop_rc(c, "TSC_PhysicalPresence(PRESENT)");
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
		return stop(c, OWN12_REBOOT,
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
			return stop_rc(c, "TPM_PhysicalEnable");
	}
	if (!c->perm[PF_OWNERSHIP]) {
		ret = simple(c, "owner-install", ORD_SetOwnerInstall, 1, 1,
			     "TPM_SetOwnerInstall(TRUE): allow taking ownership");
		if (ret)
			return ret;
		if (c->rc)
			return stop_rc(c, "TPM_SetOwnerInstall");
	}
	if (c->perm[PF_DEACTIVATED] || c->vol[VF_DEACTIVATED]) {
		if (c->perm[PF_DEACTIVATED]) {
			ret = simple(c, "activate", TPM_ORD_PhysicalSetDeactivated, 1, 0,
				     "TPM_PhysicalSetDeactivated(FALSE): activate the TPM");
			if (ret)
				return ret;
			if (c->rc)
				return stop_rc(c, "TPM_PhysicalSetDeactivated(FALSE)");
		}
		return stop(c, OWN12_REBOOT,
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
	fprintf(c->out, "result:   %s\n", rc_text(c->rc, buf, sizeof(buf)));
	ret =
	    simple(c, NULL, TPM_ORD_SelfTestFull, 0, 0, "TPM_SelfTestFull: run the full self test");
	if (!ret && c->rc)
		return stop_rc(c, "TPM_SelfTestFull");
	return ret;
}

/*
 * A TPM_PUBKEY (Part 2, 12.1) at r: keep the RSA modulus (the caller bounds
 * its bytes for the checksum).
 */
static int parse_pubkey(struct own12 *c, struct tpm_rd *r, const char *what)
{
	uint32_t alg = 0, psize = 0, bits = 0, primes = 0, esize = 0, klen = 0;
	uint16_t es = 0, ss = 0;
	const uint8_t *k = NULL;

	if (tpm_rd_u32(r, &alg) || tpm_rd_u16(r, &es) || tpm_rd_u16(r, &ss) ||
	    tpm_rd_u32(r, &psize) || alg != TPM_ALG_RSA || psize < 12 || tpm_rd_u32(r, &bits) ||
	    tpm_rd_u32(r, &primes) || tpm_rd_u32(r, &esize) || tpm_rd_skip(r, esize) ||
	    psize != 12 + esize || tpm_rd_u32(r, &klen) || tpm_rd_ref(r, &k, klen))
		return stop(c, OWN12_FAILED, "the %s is not an RSA public key tpmdiag can read",
			    what);
	if (esize)
		return stop(c, OWN12_FAILED,
			    "the %s has a non-default exponent, which a TPM 1.2 EK never has",
			    what);
	if (klen < 128 || klen > sizeof(c->ek_n) || es != TPM_ES_RSAESOAEP_SHA1_MGF1)
		return stop(c, OWN12_FAILED,
			    "the %s (%u-byte modulus, encryption scheme 0x%x) cannot be used to "
			    "encrypt the auth values",
			    what, klen, es);
	memcpy(c->ek_n, k, klen);
	c->ek_nlen = klen;
	fprintf(c->out,
		"result:   %s: RSA %u bits, TPM_ES_RSAESOAEP_SHA1_MGF1, exponent 65537, "
		"modulus %02x%02x%02x%02x...%02x%02x\n",
		what, bits, k[0], k[1], k[2], k[3], k[klen - 2], k[klen - 1]);
	return 0;
}

/* The answer of ReadPubek / CreateEndorsementKeyPair: TPM_PUBKEY, checksum. */
static int parse_ek(struct own12 *c, const uint8_t nonce[TPM12_NONCE], const char *what)
{
	uint8_t buf[TPM_MAX_MSG + TPM12_NONCE], digest[TPM12_DIGEST];
	const uint8_t *sum = NULL;
	struct tpm_rd r;
	size_t start, n;
	int ret;

	params(c, &r);
	start = r.pos;
	ret = parse_pubkey(c, &r, what);
	if (ret)
		return ret;
	n = r.pos - start;
	if (tpm_rd_ref(&r, &sum, TPM12_DIGEST) || tpm_rd_left(&r))
		return stop(c, OWN12_FAILED, "the %s answer has the wrong length", what);
	memcpy(buf, c->rsp + start, n);
	memcpy(buf + n, nonce, TPM12_NONCE);
	if (tpm12_sha1(buf, n + TPM12_NONCE, digest) || !tpm12_digest_equal(digest, sum))
		return stop(c, OWN12_FAILED,
			    "the checksum of the %s does not match SHA1(key || our nonce): the "
			    "answer is not for this request",
			    what);
	fprintf(c->out, "result:   checksum over the key and our nonce verified\n");
	return 0;
}

static int read_ek(struct own12 *c)
{
	uint8_t nonce[TPM12_NONCE];
	unsigned tmo;
	int ret;

	if (tpm12_random(nonce, sizeof(nonce)))
		return stop(c, OWN12_FAILED, "no random numbers for a nonce");
	fprintf(c->out, "step:     TPM_ReadPubek: read the endorsement key (EK)\n");
	begin(c, TPM_ORD_ReadPubek);
	put(c, nonce, sizeof(nonce));
	ret = xmit(c, 0);
	if (ret)
		return ret;
	if (!c->rc)
		return parse_ek(c, nonce, "EK");
	if (c->rc == RC_DISABLED_CMD)
		return stop(c, OWN12_TPM_ERROR,
			    "TPM_ReadPubek is disabled (readPubek flag clear) although the TPM has "
			    "no owner; clear the TPM in the firmware setup, then run tpmdiag own "
			    "again");
	if (c->rc != RC_NO_ENDORSEMENT)
		return stop_rc(c, "TPM_ReadPubek");
	fprintf(c->out, "result:   TPM_NO_ENDORSEMENT: the TPM has no EK yet\n");
	tmo = c->timeout_ms ? c->timeout_ms
			    : tpm_cmd_deadline_ms(TPM_FAMILY_12, ORD_CreateEndorsementKeyPair);
	fprintf(c->out,
		"step:     TPM_CreateEndorsementKeyPair: create a 2048-bit RSA EK "
		"(may take a while; waiting up to %u s)\n",
		(tmo + 999) / 1000);
	fflush(c->out);
	if (tpm12_random(nonce, sizeof(nonce)))
		return stop(c, OWN12_FAILED, "no random numbers for a nonce");
	ret = jstep(c, "create-ek", "sent");
	if (ret)
		return ret;
	begin(c, ORD_CreateEndorsementKeyPair);
	put(c, nonce, sizeof(nonce));
	put_u32(c, TPM_ALG_RSA);
	put_u16(c, TPM_ES_RSAESOAEP_SHA1_MGF1);
	put_u16(c, TPM_SS_NONE);
	put_u32(c, 12);
	put_u32(c, 2048);
	put_u32(c, 2);
	put_u32(c, 0);
	ret = xmit(c, tmo);
	if (ret)
		return ret;
	if (c->rc)
		return stop_rc(c, "TPM_CreateEndorsementKeyPair");
	ret = parse_ek(c, nonce, "new EK");
	return ret ? ret : jstep(c, "create-ek", "ok");
}

/* The TPM_KEY of srkParams (Part 2, 10.2; trousers' SRK template). */
static void put_srk_params(struct own12 *c)
{
	static const uint8_t ver[4] = {1, 1, 0, 0};

	put(c, ver, sizeof(ver));
	put_u16(c, TPM_KEY_STORAGE);
	put_u32(c, 0); /* keyFlags */
	put_u8(c, TPM_AUTH_ALWAYS);
	put_u32(c, TPM_ALG_RSA);
	put_u16(c, TPM_ES_RSAESOAEP_SHA1_MGF1);
	put_u16(c, TPM_SS_NONE);
	put_u32(c, 12); /* parmSize: TPM_RSA_KEY_PARMS */
	put_u32(c, SRK_BITS);
	put_u32(c, 2); /* numPrimes */
	put_u32(c, 0); /* exponentSize: default 65537 */
	put_u32(c, 0); /* PCRInfoSize */
	put_u32(c, 0); /* pubKey.keyLength */
	put_u32(c, 0); /* encSize */
}

/* The returned srkPub TPM_KEY: its length, and the modulus length. */
static int parse_srk(struct tpm_rd *r, uint32_t *klen, uint16_t *usage)
{
	uint32_t flags = 0, alg = 0, psize = 0, pcr = 0, enc = 0;
	uint16_t es = 0, ss = 0;
	uint8_t ver[4], adu = 0;

	if (tpm_rd_bytes(r, ver, 4) || tpm_rd_u16(r, usage) || tpm_rd_u32(r, &flags) ||
	    tpm_rd_u8(r, &adu) || tpm_rd_u32(r, &alg) || tpm_rd_u16(r, &es) || tpm_rd_u16(r, &ss) ||
	    tpm_rd_u32(r, &psize) || tpm_rd_skip(r, psize) || tpm_rd_u32(r, &pcr) ||
	    tpm_rd_skip(r, pcr) || tpm_rd_u32(r, klen) || tpm_rd_skip(r, *klen) ||
	    tpm_rd_u32(r, &enc) || tpm_rd_skip(r, enc))
		return -EBADMSG;
	return 0;
}

/* Build TPM_TakeOwnership into c->cmd with session s and nonce_odd. */
static int build_takeownership(struct own12 *c, const struct tpm12_session *s,
			       const uint8_t nonce_odd[TPM12_NONCE])
{
	uint8_t enc_owner[TPM12_RSA_MAX], enc_srk[TPM12_RSA_MAX], digest[TPM12_DIGEST],
	    hmac[TPM12_DIGEST];
	size_t no = 0, ns = 0, pstart;
	int ret = OWN12_FAILED;

	if (tpm12_oaep_encrypt(c->ek_n, c->ek_nlen, 0, c->owner_auth, TPM12_DIGEST, enc_owner,
			       sizeof(enc_owner), &no) ||
	    tpm12_oaep_encrypt(c->ek_n, c->ek_nlen, 0, c->srk_auth, TPM12_DIGEST, enc_srk,
			       sizeof(enc_srk), &ns)) {
		ret = stop(c, OWN12_FAILED, "encrypting the auth values to the EK failed");
		goto out;
	}
	{
		struct tpm_buf b;

		tpm_buf_init(&b, c->cmd, sizeof(c->cmd));
		tpm_cmd_begin(&b, TPM_TAG_RQU_AUTH1_COMMAND, ORD_TakeOwnership);
		c->clen = b.len;
	}
	/* inParamDigest covers the ordinal and every parameter. */
	pstart = c->clen - 4;
	put_u16(c, TPM_PID_OWNER);
	put_u32(c, (uint32_t)no);
	put(c, enc_owner, no);
	put_u32(c, (uint32_t)ns);
	put(c, enc_srk, ns);
	put_srk_params(c);
	if (tpm12_sha1(c->cmd + pstart, c->clen - pstart, digest) ||
	    tpm12_auth_hmac(c->owner_auth, digest, s->nonce_even, nonce_odd, false, hmac)) {
		ret = stop(c, OWN12_FAILED, "computing the authorisation HMAC failed");
		goto out;
	}
	put_u32(c, s->handle);
	put(c, nonce_odd, TPM12_NONCE);
	put_u8(c, 0); /* continueAuthSession: end the session with this command */
	put(c, hmac, sizeof(hmac));
	finish(c);
	ret = 0;
out:
	explicit_bzero(hmac, sizeof(hmac));
	explicit_bzero(digest, sizeof(digest));
	return ret;
}

/* Check the response's HMAC and decode the SRK. */
static int check_takeownership(struct own12 *c, const uint8_t nonce_odd[TPM12_NONCE])
{
	uint8_t pd[4 + 4 + TPM_MAX_MSG], digest[TPM12_DIGEST], want[TPM12_DIGEST];
	const uint8_t *srk = NULL, *nonce_even = NULL, *res_auth = NULL;
	uint8_t cont = 0;
	uint32_t klen = 0;
	uint16_t usage = 0;
	struct tpm_rd r;
	size_t start, n;
	int ret = 0;

	params(c, &r);
	start = r.pos;
	if (parse_srk(&r, &klen, &usage))
		return stop(c, OWN12_FAILED, "the returned SRK is not a TPM_KEY tpmdiag can read");
	n = r.pos - start;
	srk = c->rsp + start;
	if (tpm_rd_ref(&r, &nonce_even, TPM12_NONCE) || tpm_rd_u8(&r, &cont) ||
	    tpm_rd_ref(&r, &res_auth, TPM12_DIGEST) || tpm_rd_left(&r))
		return stop(c, OWN12_FAILED, "the TakeOwnership answer has the wrong length");
	/* outParamDigest = SHA1(returnCode || ordinal || srkPub) */
	memset(pd, 0, 4);
	pd[4] = 0;
	pd[5] = 0;
	pd[6] = 0;
	pd[7] = (uint8_t)ORD_TakeOwnership;
	memcpy(pd + 8, srk, n);
	if (tpm12_sha1(pd, 8 + n, digest) ||
	    tpm12_auth_hmac(c->owner_auth, digest, nonce_even, nonce_odd, cont != 0, want))
		ret = stop(c, OWN12_FAILED, "computing the response HMAC failed");
	else if (!tpm12_digest_equal(want, res_auth))
		ret = stop(c, OWN12_FAILED,
			   "the response's authorisation HMAC does not match the owner secret: "
			   "the answer cannot be trusted");
	explicit_bzero(want, sizeof(want));
	if (ret)
		return ret;
	fprintf(c->out, "result:   response HMAC verified with the new owner secret\n");
	if (usage != TPM_KEY_STORAGE || klen * 8 != SRK_BITS)
		return stop(c, OWN12_FAILED,
			    "the returned SRK is not a 2048-bit storage key (keyUsage 0x%04x, "
			    "%u-byte public key)",
			    usage, klen);
	fprintf(c->out, "result:   SRK: TPM_KEY_STORAGE, RSA %u bits, public key returned\n",
		klen * 8);
	return 0;
}

static int take_ownership(struct own12 *c, const struct own12_opts *o)
{
	uint8_t nonce_odd[TPM12_NONCE];
	struct tpm12_session s;
	char buf[256];
	unsigned tmo;
	int attempt, ret;

	tmo = c->timeout_ms ? c->timeout_ms : tpm_cmd_deadline_ms(TPM_FAMILY_12, ORD_TakeOwnership);
	for (attempt = 0; attempt < 2; attempt++) {
		if (attempt == 0 && o && o->before_takeownership)
			o->before_takeownership(c->t, o->hook_arg);
		fprintf(c->out, "step:     TPM_OIAP: open an authorisation session\n");
		tpm12_oiap_build(c->cmd, sizeof(c->cmd), &c->clen);
		ret = xmit(c, 0);
		if (ret)
			return ret;
		if (c->rc)
			return stop_rc(c, "TPM_OIAP");
		if (tpm12_oiap_parse(c->rsp, c->rlen, &s))
			return stop(c, OWN12_FAILED, "the TPM_OIAP answer has the wrong shape");
		fprintf(c->out, "result:   session handle 0x%08x\n", s.handle);
		if (tpm12_random(nonce_odd, sizeof(nonce_odd)))
			return stop(c, OWN12_FAILED, "no random numbers for a nonce");
		ret = build_takeownership(c, &s, nonce_odd);
		if (ret)
			return ret;
		fprintf(c->out,
			"step:     TPM_TakeOwnership: owner and SRK secrets encrypted to the EK "
			"(RSA-OAEP SHA-1, label \"TCPA\"), SRK RSA %u; waiting up to %u s\n",
			SRK_BITS, (tmo + 999) / 1000);
		fflush(c->out);
		ret = jstep(c, "takeownership", "sent");
		if (!ret)
			ret = xmit_once(c, tmo);
		explicit_bzero(c->cmd, sizeof(c->cmd));
		if (ret)
			return ret;
		if (c->rc == RC_INVALID_POSTINIT && attempt == 0) {
			fprintf(c->out, "note:     the TPM answers TPM_INVALID_POSTINIT: it was "
					"reset; the session is gone, starting it again\n");
			ret = startup(c);
			if (ret)
				return ret;
			continue;
		}
		if (c->rc == RC_OWNER_SET)
			return stop(
			    c, OWN12_ALREADY_OWNED,
			    "the TPM already has an owner (TPM_OWNER_SET); nothing was changed");
		if (c->rc)
			return stop(c, OWN12_TPM_ERROR, "TPM_TakeOwnership failed: %s (0x%x)",
				    rc_text(c->rc, buf, sizeof(buf)), c->rc);
		ret = check_takeownership(c, nonce_odd);
		return ret ? ret : jstep(c, "takeownership", "ok");
	}
	return stop(c, OWN12_TPM_ERROR, "the TPM was reset twice during TakeOwnership");
}

/*
 * The TPM has an owner and the journal says an earlier run sent
 * TakeOwnership (or finished): prove the owner password given is the
 * owner's with TPM_GetCapabilityOwner, authorised with it.
 */
static int verify_owner(struct own12 *c)
{
	struct tpm12_owner_cmd cmd = {.ordinal = ORD_GetCapabilityOwner};
	struct tpm12_owner_rsp *r;
	char err[512], buf[256];
	int ret;

	fprintf(c->out,
		"note:     the journal says %s; checking that the owner password "
		"given is the TPM's\n",
		c->prev->finished ? "tpmdiag own took ownership before"
				  : "the interrupted run sent TPM_TakeOwnership");
	fprintf(c->out, "step:     TPM_OIAP + TPM_GetCapabilityOwner, authorised with the owner "
			"password given\n");
	r = calloc(1, sizeof(*r));
	if (!r)
		return stop(c, OWN12_FAILED, "out of memory");
	ret = tpm12_owner_xmit(c->t, &cmd, c->owner_auth, r, err, sizeof(err));
	if (ret == -EBADMSG)
		ret = stop(c, OWN12_FAILED, "TPM_GetCapabilityOwner: %s", err);
	else if (ret == -EPROTO)
		ret = stop(c, OWN12_TPM_ERROR, "TPM_OIAP failed: %s (0x%x)",
			   rc_text(r->rc, buf, sizeof(buf)), r->rc);
	else if (ret)
		ret = stop(c, OWN12_DEVICE, "the TPM did not answer: %s", err);
	else if (r->rc == RC_AUTHFAIL)
		ret = stop(c, OWN12_ALREADY_OWNED,
			   "the TPM has an owner, but the owner password given is not its "
			   "password (TPM_AUTHFAIL; each such try counts toward the TPM's "
			   "dictionary-attack lock): run tpmdiag own again with the password the "
			   "interrupted run was given");
	else if (r->rc)
		ret = stop(c, OWN12_TPM_ERROR, "TPM_GetCapabilityOwner failed: %s (0x%x)",
			   rc_text(r->rc, buf, sizeof(buf)), r->rc);
	else {
		fprintf(c->out, "result:   the owner password given is the TPM's owner password "
				"(the answer's HMAC verified)\n");
		ret = jstep(c, "verify-owner", "ok");
	}
	explicit_bzero(r, sizeof(*r));
	free(r);
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
		ret = read_ek(c);
	if (!ret)
		ret = take_ownership(c, o);
	if (ret)
		return ret;
	fprintf(c->out, "step:     verify: TPM_GetCapability(TPM_CAP_PROPERTY, OWNER)\n");
	ret = read_owner(c, &owned);
	if (ret)
		return ret;
	if (!owned)
		return stop(c, OWN12_FAILED,
			    "TakeOwnership answered success but the TPM reports no owner");
	return jstep(c, "verify", "ok");
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
		return stop(c, OWN12_ALREADY_OWNED,
			    "the TPM already has an owner; nothing was changed (taking it over "
			    "needs the owner password, or a clear: tpmdiag fix clear)");
	ret = resumed ? verify_owner(c) : take_flow(c, o);
	if (ret)
		return ret;
	if (own_journal_finish(c->j)) {
		c->journal_broken = true;
		return stop(c, OWN12_FAILED,
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
		ret = stop(c, OWN12_FAILED, "cannot derive the auth values (SHA-1 unavailable)");
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
