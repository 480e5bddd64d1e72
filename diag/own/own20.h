/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `tpmdiag own` for TPM 2.0 (issue 6, deliverable 3): take ownership step by
 * step, saying what each step does and stopping with a clear reason:
 *
 *   1. Startup(CLEAR) when the chip answers TPM_RC_INITIALIZE
 *   2. SelfTest(fullTest = NO), then GetTestResult (TPM_RC_TESTING: wait)
 *   3. TPM2_PT_PERMANENT and the dictionary-attack counters: stop when the
 *      TPM is in lockout (with the recovery time), when the owner (or an
 *      asked-for endorsement / lockout) authorisation is already set, or
 *      when something is persistent at the SRK handle -- before anything
 *      is changed
 *   4. HierarchyChangeAuth owner (then endorsement, lockout when given)
 *   5. CreatePrimary under the owner hierarchy with the TCG provisioning-
 *      guidance SRK template (RSA 2048, or ECC NIST P-256 with ecc)
 *   6. EvictControl to the persistent handle, FlushContext the transient
 *   7. ReadPublic of the persistent handle: the template checked, the name
 *
 * Secrets never reach out, err or a transcript (password bytes are zeroed
 * in what the recorder writes) and every buffer that held one is wiped.
 */
#ifndef TPMDIAG_OWN20_H
#define TPMDIAG_OWN20_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag/own/own_journal.h"
#include "diag/own/secret.h"
#include "probes/tpm/buf.h"
#include "probes/transport/transport.h"

#define OWN20_SRK_HANDLE 0x81000001u
/* Longest password tpmdiag sets on a hierarchy: the SHA-256 digest size. */
#define OWN20_AUTH_MAX 32u

/* TPMA_OBJECT of the SRK:
 * fixedTPM|fixedParent|sensitiveDataOrigin|userWithAuth|noDA|restricted|decrypt. */
#define OWN20_SRK_ATTRS 0x00030472u

struct own20_opts {
	const struct secret *owner;	  /* required, 1..OWN20_AUTH_MAX bytes */
	const struct secret *endorsement; /* NULL or unset: endorsement auth left alone */
	const struct secret *lockout;	  /* NULL or unset: lockout auth left alone */
	bool ecc;			  /* ECC NIST P-256 SRK instead of RSA 2048 */
	uint32_t persistent;		  /* 0 = OWN20_SRK_HANDLE; must be 0x81000000-0x817FFFFF */
	/*
	 * The journal (diag/own/own_journal.h) the steps are recorded in, and what
	 * it said before this run; NULL = none. A hierarchy password the
	 * interrupted run sent is taken as set with the password given (proved
	 * by the next command that uses it), an SRK it made persistent is
	 * checked instead of refused, and its transient copy unloaded.
	 */
	struct own_journal *journal;
	const struct own_journal_info *prev;
};

/*
 * Run the flow on t, telling each step on out. 0 when the TPM ended owned
 * with the SRK persistent and verified; otherwise -errno with one sentence
 * in err (never a secret):
 *   -EINVAL   bad options (missing or too long password, bad handle)
 *   -EEXIST   owner / endorsement / lockout auth already set, or the
 *             persistent handle is taken (nothing was changed)
 *   -EBUSY    the TPM is in dictionary-attack lockout (nothing was changed)
 *   -EPROTO   the TPM refused a step (the response code decoded in err)
 *   -EBADMSG  an answer that does not parse
 *   other     the transport's error (its sentence in err)
 */
int own20_run(struct tpm_transport *t, const struct own20_opts *o, FILE *out, char *err,
	      size_t errlen);

/*
 * The commands the flow sends, for tests. Each builds a complete command
 * into b; *hmac_off (may be NULL) receives the offset of the session's
 * password bytes, *new_off those of newAuth.
 * 0, or -EOVERFLOW / -EINVAL.
 */
int own20_build_changeauth(struct tpm_buf *b, uint32_t hierarchy, const uint8_t *cur,
			   size_t cur_len, const uint8_t *new_auth, size_t new_len,
			   size_t *hmac_off, size_t *new_off);
int own20_build_createprimary(struct tpm_buf *b, bool ecc, const uint8_t *owner, size_t len,
			      size_t *hmac_off);
int own20_build_evictcontrol(struct tpm_buf *b, uint32_t object, uint32_t persistent,
			     const uint8_t *owner, size_t len, size_t *hmac_off);
/* The TPMT_PUBLIC of the SRK template (without the TPM2B size). */
void own20_srk_template(struct tpm_buf *b, bool ecc);

#endif
