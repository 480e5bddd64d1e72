/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * TPM 1.2 dictionary-attack state: the answer to
 * TPM_GetCapability(TPM_CAP_DA_LOGIC, TPM_ET_OWNER), a TPM_DA_INFO or, where
 * the owner set disableFullDALogicInfo, a TPM_DA_INFO_LIMITED (TCG TPM Main
 * 1.2 Part 2, 21.7 to 21.10). One parser for the device probe, the getcap
 * decoder and the wait-for-lockout action.
 */
#ifndef TPMDIAG_TPM12_DA_H
#define TPMDIAG_TPM12_DA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probes/tpm/buf.h"

#define TPM_CAP_DA_LOGIC	     0x00000019u
#define TPM_ET_OWNER		     0x0002u
#define TPM_TAG_DA_INFO		     0x0037u
#define TPM_TAG_DA_INFO_LIMITED	     0x0038u
#define TPM_TAG_DA_ACTION_TYPE	     0x0039u
#define TPM12_DA_ACTION_TIMEOUT	     0x01u
#define TPM12_DA_ACTION_DISABLE	     0x02u
#define TPM12_DA_ACTION_DEACTIVATE   0x04u
#define TPM12_DA_ACTION_FAILURE_MODE 0x08u

struct tpm12_da_info {
	bool limited;		   /* TPM_DA_INFO_LIMITED: no counts, no time left */
	bool active;		   /* TPM_DA_STATE_ACTIVE: the TPM is defending */
	uint16_t count, threshold; /* failures counted, and where the action starts */
	uint32_t actions;	   /* TPM_DA_ACTION_TYPE actions (TIMEOUT 0x01, ...) */
	uint32_t depend;	   /* actionDependValue: for a time-out, seconds left */
};

/*
 * Read one TPM_DA_INFO or TPM_DA_INFO_LIMITED that fills cap exactly (the
 * bytes the capability's u32 size counts). 0, or -EBADMSG.
 */
int tpm12_da_info_read(struct tpm_rd *cap, struct tpm12_da_info *out);

/* The same from a whole response: 0, or -EBADMSG (also for an error answer). */
int tpm12_da_info_parse(const uint8_t *rsp, size_t len, struct tpm12_da_info *out);

/* "a time-out, deactivation" from TPM_DA_ACTION_TYPE bits; "none" for 0. */
const char *tpm12_da_actions_text(uint32_t actions, char *buf, size_t len);

#endif
