/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Private to tpm12.c and tpm12_cap.c: what the TPM 1.2 command files share. */
#ifndef TPMDIAG_TPM12_PRIV_H
#define TPMDIAG_TPM12_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "probes/tpm/buf.h"

#define TPM12_BEGIN(b, ord) tpm_cmd_begin((b), TPM_TAG_RQU_COMMAND, (ord))

/* Reader over the parameters of a response (after the 10-byte header). */
int tpm12_params(const uint8_t *rsp, size_t len, struct tpm_rd *r);
/* A u32 size, then that many bytes; *sub reads exactly those. */
int tpm12_rd_sized(struct tpm_rd *r, struct tpm_rd *sub);

#endif
