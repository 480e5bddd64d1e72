/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Private to own12.c and own12_steps.c: the TPM 1.2 flow's context and helpers. */
#ifndef TPMDIAG_OWN12_PRIV_H
#define TPMDIAG_OWN12_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag/own/own12.h"
#include "diag/own/own_journal.h"
#include "diag/own/tpm12_auth.h"
#include "probes/tpm/buf.h"
#include "probes/tpm/tpm.h"

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
	bool journal_broken;	     /* a journal write failed: own12_stop() does not try again */
	const struct own12_ppi *ppi; /* the firmware route, or NULL */
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

/* own12.c: the exchange layer. */
int own12_stop(struct own12 *c, int result, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int own12_jstep(struct own12 *c, const char *step, const char *status);
const char *own12_rc_text(uint32_t rc, char *buf, size_t len);
int own12_stop_rc(struct own12 *c, const char *what);
void own12_begin(struct own12 *c, uint32_t ord);
void own12_put(struct own12 *c, const void *p, size_t n);
void own12_put_u8(struct own12 *c, uint8_t v);
void own12_put_u16(struct own12 *c, uint16_t v);
void own12_put_u32(struct own12 *c, uint32_t v);
void own12_finish(struct own12 *c);
int own12_xmit_once(struct own12 *c, unsigned timeout_ms);
int own12_startup(struct own12 *c);
int own12_xmit(struct own12 *c, unsigned timeout_ms);
void own12_params(struct own12 *c, struct tpm_rd *r);

/* own12_steps.c: the endorsement key, TakeOwnership, and the check of an owner. */
int own12_read_ek(struct own12 *c);
int own12_take_ownership(struct own12 *c, const struct own12_opts *o);
int own12_verify_owner(struct own12 *c);

#endif
