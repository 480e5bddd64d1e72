/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Private to own20.c and own20_steps.c: the TPM 2.0 flow's context and helpers. */
#ifndef TPMDIAG_OWN20_PRIV_H
#define TPMDIAG_OWN20_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag/own/own20.h"
#include "probes/tpm/tpm.h"

/* Command codes this flow adds to tpm20.h's (Part 2, 6.5). */
#define TPM2_CC_EvictControl	       0x00000120u
#define TPM2_CC_HierarchyChangeAuth    0x00000129u
#define TPM2_CC_CreatePrimary	       0x00000131u
#define TPM2_CC_FlushContext	       0x00000165u
#define TPM2_ALG_CFB		       0x0043u
#define TPM2_ECC_NIST_P256	       0x0003u
#define TPM2_PT_LOCKOUT_COUNTER	       0x0000020Eu
#define TPM2_PT_MAX_AUTH_FAIL	       0x0000020Fu
#define TPM2_PT_LOCKOUT_INTERVAL       0x00000210u
#define TPM2_PT_LOCKOUT_RECOVERY       0x00000211u
#define TPMA_PERM_OWNER_AUTH_SET       (1u << 0)
#define TPMA_PERM_ENDORSEMENT_AUTH_SET (1u << 1)
#define TPMA_PERM_LOCKOUT_AUTH_SET     (1u << 2)
#define TPMA_PERM_IN_LOCKOUT	       (1u << 9)

/* Response codes the flow acts on. */
#define RC_INITIALIZE 0x100u
#define RC_YIELDED    0x908u
#define RC_TESTING    0x90Au
#define RC_RETRY      0x922u
#define RC_NV_DEFINED 0x14Cu

/* TPM_RC_TESTING / RETRY / YIELDED: wait this long between tries, this often. */
#define OWN20_RETRY_MS	200
#define OWN20_RETRY_MAX 150 /* 30 s */

/* Bytes of the template before its unique field, which the TPM fills in. */
#define OWN20_RSA_PREFIX 24u
#define OWN20_ECC_PREFIX 22u
#define OWN20_RSA_UNIQUE 256u
#define OWN20_ECC_UNIQUE 32u

/* A hierarchy whose password the flow may set. */
struct own20_hier {
	uint32_t handle;
	const char *handle_name;
	const char *label; /* "owner" */
	uint32_t set_bit;  /* its *AuthSet bit in TPMA_PERMANENT */
};

struct own20_ctx {
	struct tpm_transport *t;
	FILE *out;
	struct own_journal *j;		     /* NULL: no journal */
	const struct own_journal_info *prev; /* the journal before this run, or NULL */
	bool in_startup;		     /* the Startup step itself: no automatic Startup */
	bool journal_broken;		     /* a journal write failed */
	bool done_auth[3]; /* own20_hiers[i]'s password set by the interrupted run */
	bool srk_done;	   /* the SRK made persistent by the interrupted run */
	char *err;
	size_t errlen;
	unsigned step;
	uint8_t cmd[TPM_MAX_MSG];
	size_t cmd_len;
	uint8_t rsp[TPM_MAX_MSG];
	size_t rsp_len;
	/* byte ranges of cmd holding a secret: zeroed in the transcript, wiped after */
	size_t red_off[2], red_len[2], nred;
};

/* own20.c: the exchange layer and the helpers of the steps. */
int own20_fail(struct own20_ctx *c, int ret, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int own20_rc_fail(struct own20_ctx *c, const char *name, uint32_t rc);
int own20_jstep(struct own20_ctx *c, const char *step, const char *status, const char *detail);
int own20_xmit(struct own20_ctx *c, struct tpm_buf *b, const char *name, uint32_t *rc);
int own20_xmit_step(struct own20_ctx *c, struct tpm_buf *b, const char *step, const char *name,
		    uint32_t *rc);
void own20_begin(struct own20_ctx *c, struct tpm_buf *b);
void own20_redact(struct own20_ctx *c, size_t off, size_t len);
void own20_say(struct own20_ctx *c, const char *what);
void own20_build_getcap(struct own20_ctx *c, struct tpm_buf *b, uint32_t cap, uint32_t property,
			uint32_t count);

/* own20_steps.c: the steps that change the TPM, and the check of the SRK. */
int own20_changeauth(struct own20_ctx *c, const struct own20_hier *h, const struct secret *s);
int own20_createprimary(struct own20_ctx *c, const struct own20_opts *o, uint32_t *transient);
int own20_evict(struct own20_ctx *c, const struct own20_opts *o, uint32_t transient,
		uint32_t persistent);
int own20_flush(struct own20_ctx *c, uint32_t transient, bool quiet);
int own20_flush_leftover(struct own20_ctx *c, bool ecc);
int own20_confirm_owner(struct own20_ctx *c, const struct secret *owner);
int own20_verify(struct own20_ctx *c, const struct own20_opts *o, uint32_t persistent);

#endif
