// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The TPM 1.2 ownership flow (own12.h): its ownership steps, the endorsement key,
 * TPM_TakeOwnership, and the check of an owner an earlier run set.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "diag/own/own12.h"
#include "diag/own/own12_priv.h"
#include "diag/own/own_journal.h"
#include "diag/own/tpm12_auth.h"
#include "diag/own/tpm12_owner.h"
#include "probes/tpm/buf.h"
#include "probes/tpm/commands.h"
#include "probes/tpm/tpm.h"
#include "probes/commands/tpm12.h"

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
		return own12_stop(c, OWN12_FAILED,
				  "the %s is not an RSA public key tpmdiag can read", what);
	if (esize)
		return own12_stop(c, OWN12_FAILED,
				  "the %s has a non-default exponent, which a TPM 1.2 EK never has",
				  what);
	if (klen < 128 || klen > sizeof(c->ek_n) || es != TPM_ES_RSAESOAEP_SHA1_MGF1)
		return own12_stop(
		    c, OWN12_FAILED,
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

	own12_params(c, &r);
	start = r.pos;
	ret = parse_pubkey(c, &r, what);
	if (ret)
		return ret;
	n = r.pos - start;
	if (tpm_rd_ref(&r, &sum, TPM12_DIGEST) || tpm_rd_left(&r))
		return own12_stop(c, OWN12_FAILED, "the %s answer has the wrong length", what);
	memcpy(buf, c->rsp + start, n);
	memcpy(buf + n, nonce, TPM12_NONCE);
	if (tpm12_sha1(buf, n + TPM12_NONCE, digest) || !tpm12_digest_equal(digest, sum))
		return own12_stop(
		    c, OWN12_FAILED,
		    "the checksum of the %s does not match SHA1(key || our nonce): the "
		    "answer is not for this request",
		    what);
	fprintf(c->out, "result:   checksum over the key and our nonce verified\n");
	return 0;
}

int own12_read_ek(struct own12 *c)
{
	uint8_t nonce[TPM12_NONCE];
	unsigned tmo;
	int ret;

	if (tpm12_random(nonce, sizeof(nonce)))
		return own12_stop(c, OWN12_FAILED, "no random numbers for a nonce");
	fprintf(c->out, "step:     TPM_ReadPubek: read the endorsement key (EK)\n");
	own12_begin(c, TPM_ORD_ReadPubek);
	own12_put(c, nonce, sizeof(nonce));
	ret = own12_xmit(c, 0);
	if (ret)
		return ret;
	if (!c->rc)
		return parse_ek(c, nonce, "EK");
	if (c->rc == RC_DISABLED_CMD)
		return own12_stop(
		    c, OWN12_TPM_ERROR,
		    "TPM_ReadPubek is disabled (readPubek flag clear) although the TPM has "
		    "no owner; clear the TPM in the firmware setup, then run tpmdiag own "
		    "again");
	if (c->rc != RC_NO_ENDORSEMENT)
		return own12_stop_rc(c, "TPM_ReadPubek");
	fprintf(c->out, "result:   TPM_NO_ENDORSEMENT: the TPM has no EK yet\n");
	tmo = c->timeout_ms ? c->timeout_ms
			    : tpm_cmd_deadline_ms(TPM_FAMILY_12, ORD_CreateEndorsementKeyPair);
	fprintf(c->out,
		"step:     TPM_CreateEndorsementKeyPair: create a 2048-bit RSA EK "
		"(may take a while; waiting up to %u s)\n",
		(tmo + 999) / 1000);
	fflush(c->out);
	if (tpm12_random(nonce, sizeof(nonce)))
		return own12_stop(c, OWN12_FAILED, "no random numbers for a nonce");
	ret = own12_jstep(c, "create-ek", "sent");
	if (ret)
		return ret;
	own12_begin(c, ORD_CreateEndorsementKeyPair);
	own12_put(c, nonce, sizeof(nonce));
	own12_put_u32(c, TPM_ALG_RSA);
	own12_put_u16(c, TPM_ES_RSAESOAEP_SHA1_MGF1);
	own12_put_u16(c, TPM_SS_NONE);
	own12_put_u32(c, 12);
	own12_put_u32(c, 2048);
	own12_put_u32(c, 2);
	own12_put_u32(c, 0);
	ret = own12_xmit(c, tmo);
	if (ret)
		return ret;
	if (c->rc)
		return own12_stop_rc(c, "TPM_CreateEndorsementKeyPair");
	ret = parse_ek(c, nonce, "new EK");
	return ret ? ret : own12_jstep(c, "create-ek", "ok");
}

/* The TPM_KEY of srkParams (Part 2, 10.2; trousers' SRK template). */
static void put_srk_params(struct own12 *c)
{
	static const uint8_t ver[4] = {1, 1, 0, 0};

	own12_put(c, ver, sizeof(ver));
	own12_put_u16(c, TPM_KEY_STORAGE);
	own12_put_u32(c, 0); /* keyFlags */
	own12_put_u8(c, TPM_AUTH_ALWAYS);
	own12_put_u32(c, TPM_ALG_RSA);
	own12_put_u16(c, TPM_ES_RSAESOAEP_SHA1_MGF1);
	own12_put_u16(c, TPM_SS_NONE);
	own12_put_u32(c, 12); /* parmSize: TPM_RSA_KEY_PARMS */
	own12_put_u32(c, SRK_BITS);
	own12_put_u32(c, 2); /* numPrimes */
	own12_put_u32(c, 0); /* exponentSize: default 65537 */
	own12_put_u32(c, 0); /* PCRInfoSize */
	own12_put_u32(c, 0); /* pubKey.keyLength */
	own12_put_u32(c, 0); /* encSize */
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
		ret = own12_stop(c, OWN12_FAILED, "encrypting the auth values to the EK failed");
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
	own12_put_u16(c, TPM_PID_OWNER);
	own12_put_u32(c, (uint32_t)no);
	own12_put(c, enc_owner, no);
	own12_put_u32(c, (uint32_t)ns);
	own12_put(c, enc_srk, ns);
	put_srk_params(c);
	if (tpm12_sha1(c->cmd + pstart, c->clen - pstart, digest) ||
	    tpm12_auth_hmac(c->owner_auth, digest, s->nonce_even, nonce_odd, false, hmac)) {
		ret = own12_stop(c, OWN12_FAILED, "computing the authorisation HMAC failed");
		goto out;
	}
	own12_put_u32(c, s->handle);
	own12_put(c, nonce_odd, TPM12_NONCE);
	own12_put_u8(c, 0); /* continueAuthSession: end the session with this command */
	own12_put(c, hmac, sizeof(hmac));
	own12_finish(c);
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

	own12_params(c, &r);
	start = r.pos;
	if (parse_srk(&r, &klen, &usage))
		return own12_stop(c, OWN12_FAILED,
				  "the returned SRK is not a TPM_KEY tpmdiag can read");
	n = r.pos - start;
	srk = c->rsp + start;
	if (tpm_rd_ref(&r, &nonce_even, TPM12_NONCE) || tpm_rd_u8(&r, &cont) ||
	    tpm_rd_ref(&r, &res_auth, TPM12_DIGEST) || tpm_rd_left(&r))
		return own12_stop(c, OWN12_FAILED, "the TakeOwnership answer has the wrong length");
	/* outParamDigest = SHA1(returnCode || ordinal || srkPub) */
	memset(pd, 0, 4);
	pd[4] = 0;
	pd[5] = 0;
	pd[6] = 0;
	pd[7] = (uint8_t)ORD_TakeOwnership;
	memcpy(pd + 8, srk, n);
	if (tpm12_sha1(pd, 8 + n, digest) ||
	    tpm12_auth_hmac(c->owner_auth, digest, nonce_even, nonce_odd, cont != 0, want))
		ret = own12_stop(c, OWN12_FAILED, "computing the response HMAC failed");
	else if (!tpm12_digest_equal(want, res_auth))
		ret =
		    own12_stop(c, OWN12_FAILED,
			       "the response's authorisation HMAC does not match the owner secret: "
			       "the answer cannot be trusted");
	explicit_bzero(want, sizeof(want));
	if (ret)
		return ret;
	fprintf(c->out, "result:   response HMAC verified with the new owner secret\n");
	if (usage != TPM_KEY_STORAGE || klen * 8 != SRK_BITS)
		return own12_stop(
		    c, OWN12_FAILED,
		    "the returned SRK is not a 2048-bit storage key (keyUsage 0x%04x, "
		    "%u-byte public key)",
		    usage, klen);
	fprintf(c->out, "result:   SRK: TPM_KEY_STORAGE, RSA %u bits, public key returned\n",
		klen * 8);
	return 0;
}

int own12_take_ownership(struct own12 *c, const struct own12_opts *o)
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
		ret = own12_xmit(c, 0);
		if (ret)
			return ret;
		if (c->rc)
			return own12_stop_rc(c, "TPM_OIAP");
		if (tpm12_oiap_parse(c->rsp, c->rlen, &s))
			return own12_stop(c, OWN12_FAILED,
					  "the TPM_OIAP answer has the wrong shape");
		fprintf(c->out, "result:   session handle 0x%08x\n", s.handle);
		if (tpm12_random(nonce_odd, sizeof(nonce_odd)))
			return own12_stop(c, OWN12_FAILED, "no random numbers for a nonce");
		ret = build_takeownership(c, &s, nonce_odd);
		if (ret)
			return ret;
		fprintf(c->out,
			"step:     TPM_TakeOwnership: owner and SRK secrets encrypted to the EK "
			"(RSA-OAEP SHA-1, label \"TCPA\"), SRK RSA %u; waiting up to %u s\n",
			SRK_BITS, (tmo + 999) / 1000);
		fflush(c->out);
		ret = own12_jstep(c, "takeownership", "sent");
		if (!ret)
			ret = own12_xmit_once(c, tmo);
		explicit_bzero(c->cmd, sizeof(c->cmd));
		if (ret)
			return ret;
		if (c->rc == RC_INVALID_POSTINIT && attempt == 0) {
			fprintf(c->out, "note:     the TPM answers TPM_INVALID_POSTINIT: it was "
					"reset; the session is gone, starting it again\n");
			ret = own12_startup(c);
			if (ret)
				return ret;
			continue;
		}
		if (c->rc == RC_OWNER_SET)
			return own12_stop(
			    c, OWN12_ALREADY_OWNED,
			    "the TPM already has an owner (TPM_OWNER_SET); nothing was changed");
		if (c->rc)
			return own12_stop(c, OWN12_TPM_ERROR, "TPM_TakeOwnership failed: %s (0x%x)",
					  own12_rc_text(c->rc, buf, sizeof(buf)), c->rc);
		ret = check_takeownership(c, nonce_odd);
		return ret ? ret : own12_jstep(c, "takeownership", "ok");
	}
	return own12_stop(c, OWN12_TPM_ERROR, "the TPM was reset twice during TakeOwnership");
}

/*
 * The TPM has an owner and the journal says an earlier run sent
 * TakeOwnership (or finished): prove the owner password given is the
 * owner's with TPM_GetCapabilityOwner, authorised with it.
 */
int own12_verify_owner(struct own12 *c)
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
		return own12_stop(c, OWN12_FAILED, "out of memory");
	ret = tpm12_owner_xmit(c->t, &cmd, c->owner_auth, r, err, sizeof(err));
	if (ret == -EBADMSG)
		ret = own12_stop(c, OWN12_FAILED, "TPM_GetCapabilityOwner: %s", err);
	else if (ret == -EPROTO)
		ret = own12_stop(c, OWN12_TPM_ERROR, "TPM_OIAP failed: %s (0x%x)",
				 own12_rc_text(r->rc, buf, sizeof(buf)), r->rc);
	else if (ret)
		ret = own12_stop(c, OWN12_DEVICE, "the TPM did not answer: %s", err);
	else if (r->rc == RC_AUTHFAIL)
		ret = own12_stop(
		    c, OWN12_ALREADY_OWNED,
		    "the TPM has an owner, but the owner password given is not its "
		    "password (TPM_AUTHFAIL; each such try counts toward the TPM's "
		    "dictionary-attack lock): run tpmdiag own again with the password the "
		    "interrupted run was given");
	else if (r->rc)
		ret = own12_stop(c, OWN12_TPM_ERROR, "TPM_GetCapabilityOwner failed: %s (0x%x)",
				 own12_rc_text(r->rc, buf, sizeof(buf)), r->rc);
	else {
		fprintf(c->out, "result:   the owner password given is the TPM's owner password "
				"(the answer's HMAC verified)\n");
		ret = own12_jstep(c, "verify-owner", "ok");
	}
	explicit_bzero(r, sizeof(*r));
	free(r);
	return ret;
}
