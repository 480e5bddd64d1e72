/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Constants shared by both TPM families: tags, header layout, size limits.
 *
 * TPM 1.2 values: TCG TPM Main Specification 1.2, Part 2 "Structures".
 * TPM 2.0 values: TCG TPM Library Specification, Part 2 "Structures".
 */
#ifndef TPMDIAG_TPM_H
#define TPMDIAG_TPM_H

#include <stdint.h>

enum tpm_family {
	TPM_FAMILY_UNKNOWN = 0,
	TPM_FAMILY_12,
	TPM_FAMILY_20,
};

/* "1.2", "2.0" or "unknown". */
const char *tpm_family_name(enum tpm_family f);

/* CLOCK_MONOTONIC in milliseconds: the clock every deadline is measured on. */
double tpm_now_ms(void);
/* Milliseconds left until deadline (a tpm_now_ms() value), rounded up, at least 0. */
int tpm_ms_left(double deadline);

/* Every command and response starts with tag (u16), size (u32), code (u32). */
#define TPM_HEADER_SIZE 10u
/* The kernel's TPM_BUFSIZE: no command or response is larger. */
#define TPM_MAX_MSG 4096u

/* TPM 1.2 tags (Part 2, 6. TPM_TAG). */
#define TPM_TAG_RQU_COMMAND	  0x00C1
#define TPM_TAG_RQU_AUTH1_COMMAND 0x00C2
#define TPM_TAG_RQU_AUTH2_COMMAND 0x00C3
#define TPM_TAG_RSP_COMMAND	  0x00C4
#define TPM_TAG_RSP_AUTH1_COMMAND 0x00C5
#define TPM_TAG_RSP_AUTH2_COMMAND 0x00C6

/* TPM 2.0 tags (Part 2, TPM_ST). */
#define TPM2_ST_NO_SESSIONS 0x8001
#define TPM2_ST_SESSIONS    0x8002

/* True for a tag a TPM 1.2 uses in responses. */
static inline int tpm12_is_rsp_tag(uint16_t tag)
{
	return tag >= TPM_TAG_RSP_COMMAND && tag <= TPM_TAG_RSP_AUTH2_COMMAND;
}

/* True for a tag a TPM 2.0 uses in commands or responses. */
static inline int tpm20_is_tag(uint16_t tag)
{
	return tag == TPM2_ST_NO_SESSIONS || tag == TPM2_ST_SESSIONS;
}

#endif
