/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Private to tpm20.c and tpm20_cap.c: what the TPM 2.0 command files share. */
#ifndef TPMDIAG_TPM20_PRIV_H
#define TPMDIAG_TPM20_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "probes/commands/catalog.h"
#include "probes/tpm/buf.h"

#define TPM20_BEGIN(b, cc) tpm_cmd_begin((b), TPM2_ST_NO_SESSIONS, (cc))

/* Longest list this file formats into one field before the field cuts it. */
#define TPM20_LIST_MAX 4096

/* tpm20.c */
int tpm20_params(const uint8_t *rsp, size_t len, struct tpm_rd *r);
const char *tpm20_alg_fmt(uint16_t alg, char *buf, size_t len);
const char *tpm20_alg_key(uint16_t alg, char *buf, size_t len);
const char *tpm20_attrs_fmt(const struct tpm_sym *t, size_t n, uint32_t v, char *buf, size_t len);

/* tpm20_cap.c */
const char *tpm20_pcrs_fmt(const uint8_t *sel, size_t n, char *buf, size_t len);
int tpm20_rd_pcr_sel(struct tpm_rd *r, uint16_t *hash, const uint8_t **sel, uint8_t *n);

#endif
