// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `tpmdiag own` for TPM 2.0 (own20.h): the commands that change the TPM, their
 * builders and steps (passwords, the SRK), and the check of the SRK after them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "diag/own/own20.h"
#include "diag/own/own20_priv.h"
#include "diag/own/tpm20_session.h"
#include "probes/commands/catalog.h"
#include "probes/tpm/fields.h"
#include "probes/tpm/tpm.h"
#include "probes/commands/tpm20.h"

static const uint8_t own20_zeros[OWN20_RSA_UNIQUE];

/* --- builders ------------------------------------------------------------- */

void own20_srk_template(struct tpm_buf *b, bool ecc)
{
	tpm_buf_u16(b, ecc ? TPM2_ALG_ECC : TPM2_ALG_RSA);
	tpm_buf_u16(b, TPM2_ALG_SHA256);
	tpm_buf_u32(b, OWN20_SRK_ATTRS);
	tpm_buf_u16(b, 0); /* authPolicy: empty */
	tpm_buf_u16(b, TPM2_ALG_AES);
	tpm_buf_u16(b, 128);
	tpm_buf_u16(b, TPM2_ALG_CFB);
	tpm_buf_u16(b, TPM2_ALG_NULL); /* scheme */
	if (ecc) {
		tpm_buf_u16(b, TPM2_ECC_NIST_P256);
		tpm_buf_u16(b, TPM2_ALG_NULL); /* kdf */
		tpm_buf_tpm2b(b, own20_zeros, OWN20_ECC_UNIQUE);
		tpm_buf_tpm2b(b, own20_zeros, OWN20_ECC_UNIQUE);
	} else {
		tpm_buf_u16(b, 2048);
		tpm_buf_u32(b, 0); /* exponent: the default 65537 */
		tpm_buf_tpm2b(b, own20_zeros, OWN20_RSA_UNIQUE);
	}
}

int own20_build_changeauth(struct tpm_buf *b, uint32_t hierarchy, const uint8_t *cur,
			   size_t cur_len, const uint8_t *new_auth, size_t new_len,
			   size_t *hmac_off, size_t *new_off)
{
	if (cur_len > TPM20_AUTH_MAX || new_len > TPM20_AUTH_MAX)
		return -EINVAL;
	tpm20_cmd_pw_begin(b, TPM2_CC_HierarchyChangeAuth, &hierarchy, 1, cur, cur_len, hmac_off);
	if (new_off)
		*new_off = b->len + 2;
	tpm_buf_tpm2b(b, new_auth, new_len);
	return tpm_cmd_finish(b);
}

int own20_build_createprimary(struct tpm_buf *b, bool ecc, const uint8_t *owner, size_t len,
			      size_t *hmac_off)
{
	const uint32_t h = TPM2_RH_OWNER;
	size_t at;

	if (len > TPM20_AUTH_MAX)
		return -EINVAL;
	tpm20_cmd_pw_begin(b, TPM2_CC_CreatePrimary, &h, 1, owner, len, hmac_off);
	tpm_buf_u16(b, 4); /* inSensitive: empty userAuth, empty data */
	tpm_buf_u16(b, 0);
	tpm_buf_u16(b, 0);
	at = b->len;
	tpm_buf_u16(b, 0); /* inPublic size, patched below */
	own20_srk_template(b, ecc);
	if (!b->bad) {
		b->data[at] = (uint8_t)((b->len - at - 2) >> 8);
		b->data[at + 1] = (uint8_t)(b->len - at - 2);
	}
	tpm_buf_u16(b, 0); /* outsideInfo */
	tpm_buf_u32(b, 0); /* creationPCR: no banks */
	return tpm_cmd_finish(b);
}

int own20_build_evictcontrol(struct tpm_buf *b, uint32_t object, uint32_t persistent,
			     const uint8_t *owner, size_t len, size_t *hmac_off)
{
	const uint32_t h[2] = {TPM2_RH_OWNER, object};

	if (len > TPM20_AUTH_MAX)
		return -EINVAL;
	/* one session: it authorises the first handle; objectHandle needs none */
	tpm20_cmd_pw_begin(b, TPM2_CC_EvictControl, h, 2, owner, len, hmac_off);
	tpm_buf_u32(b, persistent);
	return tpm_cmd_finish(b);
}

int own20_changeauth(struct own20_ctx *c, const struct own20_hier *h, const struct secret *s)
{
	size_t hmac_off = 0, new_off = 0;
	struct tpm_buf b;
	char what[160], step[32];
	uint32_t rc = 0;
	int ret;

	snprintf(what, sizeof(what),
		 "TPM2_HierarchyChangeAuth(%s): set the %s password (authorised with the "
		 "empty password)",
		 h->handle_name, h->label);
	own20_say(c, what);
	own20_begin(c, &b);
	ret = own20_build_changeauth(&b, h->handle, NULL, 0, s->v, s->len, &hmac_off, &new_off);
	own20_redact(c, new_off, s->len);
	if (ret) {
		explicit_bzero(c->cmd, sizeof(c->cmd));
		return own20_fail(c, ret, "TPM2_HierarchyChangeAuth: the command cannot be built");
	}
	snprintf(step, sizeof(step), "changeauth-%s", h->label);
	ret = own20_xmit_step(c, &b, step, "TPM2_HierarchyChangeAuth", &rc);
	if (ret)
		return ret;
	if (rc)
		return own20_rc_fail(c, "TPM2_HierarchyChangeAuth", rc);
	fprintf(c->out, "    ok: the %s password is set\n", h->label);
	return own20_jstep(c, step, "ok", NULL);
}

int own20_createprimary(struct own20_ctx *c, const struct own20_opts *o, uint32_t *transient)
{
	const uint8_t *p = NULL;
	struct tpm20_rsp r;
	struct tpm_buf b;
	struct tpm_rd rd;
	size_t hmac_off = 0, i;
	uint32_t rc = 0, u32 = 0;
	uint16_t n = 0, u16 = 0;
	char detail[32];
	int ret;

	own20_say(c, o->ecc ? "TPM2_CreatePrimary(TPM_RH_OWNER): the storage root key, ECC NIST "
			      "P-256, TCG provisioning-guidance template (may take a while)"
			    : "TPM2_CreatePrimary(TPM_RH_OWNER): the storage root key, RSA 2048, "
			      "TCG provisioning-guidance template (may take a while)");
	fprintf(c->out,
		"    template: nameAlg sha256, objectAttributes fixedTPM|fixedParent|"
		"sensitiveDataOrigin|userWithAuth|noDA|restricted|decrypt (0x%08x), "
		"symmetric aes-128-cfb, scheme null\n",
		OWN20_SRK_ATTRS);
	own20_begin(c, &b);
	ret = own20_build_createprimary(&b, o->ecc, o->owner->v, o->owner->len, &hmac_off);
	own20_redact(c, hmac_off, o->owner->len);
	if (ret) {
		explicit_bzero(c->cmd, sizeof(c->cmd));
		return own20_fail(c, ret, "TPM2_CreatePrimary: the command cannot be built");
	}
	ret = own20_xmit_step(c, &b, "createprimary", "TPM2_CreatePrimary", &rc);
	if (ret)
		return ret;
	if (rc)
		return own20_rc_fail(c, "TPM2_CreatePrimary", rc);
	if (tpm20_rsp_parse(c->rsp, c->rsp_len, 1, 1, &r))
		return own20_fail(c, -EBADMSG, "TPM2_CreatePrimary: an answer that does not parse");
	*transient = r.handle[0];
	tpm_rd_init(&rd, r.params, r.params_len);
	/* outPublic, creationData, creationHash, creationTicket, name */
	for (i = 0; i < 3; i++)
		tpm_rd_tpm2b(&rd, &p, &n);
	tpm_rd_u16(&rd, &u16);
	tpm_rd_u32(&rd, &u32);
	tpm_rd_tpm2b(&rd, &p, &n);
	tpm_rd_tpm2b(&rd, &p, &n);
	if (rd.bad)
		return own20_fail(c, -EBADMSG, "TPM2_CreatePrimary: an answer that does not parse");
	fprintf(c->out, "    ok: transient handle 0x%08x\n", *transient);
	snprintf(detail, sizeof(detail), "handle=0x%08x", *transient);
	return own20_jstep(c, "createprimary", "ok", detail);
}

int own20_evict(struct own20_ctx *c, const struct own20_opts *o, uint32_t transient,
		uint32_t persistent)
{
	struct tpm20_rsp r;
	struct tpm_buf b;
	size_t hmac_off = 0;
	char what[160];
	uint32_t rc = 0;
	int ret;

	snprintf(what, sizeof(what),
		 "TPM2_EvictControl(TPM_RH_OWNER, 0x%08x -> 0x%08x): make the SRK persistent",
		 transient, persistent);
	own20_say(c, what);
	own20_begin(c, &b);
	ret = own20_build_evictcontrol(&b, transient, persistent, o->owner->v, o->owner->len,
				       &hmac_off);
	own20_redact(c, hmac_off, o->owner->len);
	if (ret) {
		explicit_bzero(c->cmd, sizeof(c->cmd));
		return own20_fail(c, ret, "TPM2_EvictControl: the command cannot be built");
	}
	ret = own20_xmit_step(c, &b, "evictcontrol", "TPM2_EvictControl", &rc);
	if (ret)
		return ret;
	if (rc == RC_NV_DEFINED)
		return own20_fail(c, -EEXIST,
				  "an object is already persistent at 0x%08x; tpmdiag own does not "
				  "evict it",
				  persistent);
	if (rc)
		return own20_rc_fail(c, "TPM2_EvictControl", rc);
	if (tpm20_rsp_parse(c->rsp, c->rsp_len, 0, 1, &r))
		return own20_fail(c, -EBADMSG, "TPM2_EvictControl: an answer that does not parse");
	fprintf(c->out, "    ok: the SRK is persistent at 0x%08x\n", persistent);
	return own20_jstep(c, "evictcontrol", "ok", NULL);
}

int own20_flush(struct own20_ctx *c, uint32_t transient, bool quiet)
{
	struct tpm_buf b;
	char what[96];
	uint32_t rc = 0;
	int ret;

	snprintf(what, sizeof(what), "TPM2_FlushContext(0x%08x): unload the transient copy",
		 transient);
	if (!quiet)
		own20_say(c, what);
	own20_begin(c, &b);
	tpm_cmd_begin(&b, TPM2_ST_NO_SESSIONS, TPM2_CC_FlushContext);
	tpm_buf_u32(&b, transient);
	ret = own20_xmit(c, &b, "TPM2_FlushContext", &rc);
	if (ret)
		return ret;
	if (rc)
		return own20_rc_fail(c, "TPM2_FlushContext", rc);
	if (!quiet)
		fprintf(c->out, "    ok\n");
	return 0;
}

/* Does the TPM2B_PUBLIC contents pub match the SRK template (unique filled in)? */
static bool own20_is_srk(const uint8_t *pub, size_t publen, bool ecc)
{
	size_t prefix = ecc ? OWN20_ECC_PREFIX : OWN20_RSA_PREFIX;
	const uint8_t *p = NULL;
	uint8_t tmpl[512];
	uint16_t n1 = 0, n2 = 0;
	struct tpm_buf tb;
	struct tpm_rd rd;

	tpm_buf_init(&tb, tmpl, sizeof(tmpl));
	own20_srk_template(&tb, ecc);
	tpm_rd_init(&rd, pub, publen);
	tpm_rd_skip(&rd, prefix);
	tpm_rd_tpm2b(&rd, &p, &n1);
	if (ecc)
		tpm_rd_tpm2b(&rd, &p, &n2);
	return publen >= prefix && !memcmp(pub, tmpl, prefix) && !rd.bad && !tpm_rd_left(&rd) &&
	       n1 == (ecc ? OWN20_ECC_UNIQUE : OWN20_RSA_UNIQUE) &&
	       (!ecc || n2 == OWN20_ECC_UNIQUE);
}

/*
 * The interrupted run sent CreatePrimary but did not make the SRK
 * persistent: its transient copy may still be loaded (through /dev/tpm0 or
 * a socket; the kernel's resource manager flushes it when the run's
 * /dev/tpmrm0 closes, and a TPM reset drops it). Unload every loaded
 * transient object whose public area is the SRK template's, so repeated
 * interruptions cannot fill the TPM's object slots.
 */
int own20_flush_leftover(struct own20_ctx *c, bool ecc)
{
	uint32_t handles[16], rc = 0, cap = 0, count = 0;
	const uint8_t *pub = NULL;
	struct tpm20_rsp r;
	struct tpm_buf b;
	struct tpm_rd rd;
	uint16_t publen = 0;
	uint8_t more = 0;
	size_t i, n = 0;
	int ret;

	if (!own_journal_has(c->prev, "createprimary", "sent") ||
	    own_journal_has(c->prev, "evictcontrol", "ok"))
		return 0;
	own20_say(c, "TPM2_GetCapability(TPM_HANDLES, 0x80000000): a transient SRK the "
		     "interrupted run left loaded?");
	own20_build_getcap(c, &b, TPM2_CAP_HANDLES, 0x80000000u, 16);
	ret = own20_xmit(c, &b, "TPM2_GetCapability", &rc);
	if (ret)
		return ret;
	if (rc)
		return own20_rc_fail(c, "TPM2_GetCapability", rc);
	if (tpm20_rsp_parse(c->rsp, c->rsp_len, 0, 0, &r))
		return own20_fail(c, -EBADMSG, "TPM2_GetCapability: an answer that does not parse");
	tpm_rd_init(&rd, r.params, r.params_len);
	if (tpm_rd_u8(&rd, &more) || tpm_rd_u32(&rd, &cap) || tpm_rd_u32(&rd, &count) ||
	    cap != TPM2_CAP_HANDLES)
		return own20_fail(c, -EBADMSG, "TPM2_GetCapability: an answer that does not parse");
	for (i = 0; i < count && n < TPM_ARRAY_SIZE(handles); i++)
		if (!tpm_rd_u32(&rd, &handles[n]) && (handles[n] >> 24) == 0x80u)
			n++;
	for (i = 0; i < n; i++) {
		own20_begin(c, &b);
		tpm_cmd_begin(&b, TPM2_ST_NO_SESSIONS, TPM2_CC_ReadPublic);
		tpm_buf_u32(&b, handles[i]);
		ret = own20_xmit(c, &b, "TPM2_ReadPublic", &rc);
		if (ret)
			return ret;
		if (rc || tpm20_rsp_parse(c->rsp, c->rsp_len, 0, 0, &r))
			continue;
		tpm_rd_init(&rd, r.params, r.params_len);
		if (tpm_rd_tpm2b(&rd, &pub, &publen) || !own20_is_srk(pub, publen, ecc))
			continue;
		fprintf(c->out,
			"    the interrupted run left the SRK's transient copy 0x%08x: unloading "
			"it\n",
			handles[i]);
		ret = own20_flush(c, handles[i], true);
		if (ret)
			return ret;
	}
	if (!n)
		fprintf(c->out, "    none loaded\n");
	return 0;
}

/*
 * Resumed after the SRK was made persistent: nothing in this run used the
 * owner password yet. Setting it to itself proves it is the owner's.
 */
int own20_confirm_owner(struct own20_ctx *c, const struct secret *owner)
{
	size_t hmac_off = 0, new_off = 0;
	struct tpm_buf b;
	uint32_t rc = 0;
	int ret;

	own20_say(c, "TPM2_HierarchyChangeAuth(TPM_RH_OWNER) to the same password: prove the "
		     "password given is the owner's");
	own20_begin(c, &b);
	ret = own20_build_changeauth(&b, TPM2_RH_OWNER, owner->v, owner->len, owner->v, owner->len,
				     &hmac_off, &new_off);
	own20_redact(c, hmac_off, owner->len);
	own20_redact(c, new_off, owner->len);
	if (ret) {
		explicit_bzero(c->cmd, sizeof(c->cmd));
		return own20_fail(c, ret, "TPM2_HierarchyChangeAuth: the command cannot be built");
	}
	ret = own20_xmit(c, &b, "TPM2_HierarchyChangeAuth", &rc);
	if (ret)
		return ret;
	if (rc)
		return own20_rc_fail(c, "TPM2_HierarchyChangeAuth", rc);
	fprintf(c->out, "    ok: the owner password given is the TPM's\n");
	return 0;
}

static void own20_print_fields(struct own20_ctx *c, const struct tpm_fields *f)
{
	static const char *const keys[] = {
	    "type",
	    "nameAlg",
	    "objectAttributes",
	    "symmetric",
	    "symmetric keyBits",
	    "symmetric mode",
	    "scheme",
	    "keyBits",
	    "exponent",
	    "curveID",
	    "kdf",
	    "name",
	};
	const char *v;
	size_t i;

	for (i = 0; i < TPM_ARRAY_SIZE(keys); i++)
		if ((v = tpm_fields_get(f, keys[i])))
			fprintf(c->out, "    %s: %s\n", keys[i], v);
}

int own20_verify(struct own20_ctx *c, const struct own20_opts *o, uint32_t persistent)
{
	struct tpm_fields *f = NULL;
	const uint8_t *pub = NULL;
	struct tpm20_rsp r;
	struct tpm_buf b;
	struct tpm_rd rd;
	uint16_t publen = 0;
	char what[96];
	uint32_t rc = 0;
	int ret;

	snprintf(what, sizeof(what), "TPM2_ReadPublic(0x%08x): check the SRK", persistent);
	own20_say(c, what);
	own20_begin(c, &b);
	tpm_cmd_begin(&b, TPM2_ST_NO_SESSIONS, TPM2_CC_ReadPublic);
	tpm_buf_u32(&b, persistent);
	ret = own20_xmit(c, &b, "TPM2_ReadPublic", &rc);
	if (ret)
		return ret;
	if (rc)
		return own20_rc_fail(c, "TPM2_ReadPublic", rc);
	if (tpm20_rsp_parse(c->rsp, c->rsp_len, 0, 0, &r))
		return own20_fail(c, -EBADMSG, "TPM2_ReadPublic: an answer that does not parse");
	tpm_rd_init(&rd, r.params, r.params_len);
	if (tpm_rd_tpm2b(&rd, &pub, &publen))
		return own20_fail(c, -EBADMSG, "TPM2_ReadPublic: an answer that does not parse");
	f = calloc(1, sizeof(*f));
	if (!f)
		return own20_fail(c, -ENOMEM, "out of memory");
	tpm_fields_init(f);
	if (tpm20_decode_readpublic(c->rsp, c->rsp_len, 0, NULL, f)) {
		ret = own20_fail(c, -EBADMSG, "TPM2_ReadPublic: an answer that does not parse");
		goto out;
	}
	own20_print_fields(c, f);
	/* everything before unique as asked for; unique the size of the key */
	if (!own20_is_srk(pub, publen, o->ecc)) {
		ret = own20_fail(c, -EBADMSG,
				 "the public area at 0x%08x does not match the SRK template "
				 "tpmdiag asked for",
				 persistent);
		goto out;
	}
	fprintf(c->out, "    ok: the public area matches the %s SRK template\n",
		o->ecc ? "ECC NIST P-256" : "RSA 2048");
	ret = own20_jstep(c, "verify", "ok", NULL);
out:
	free(f);
	return ret;
}
