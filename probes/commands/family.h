/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TPMDIAG_FAMILY_H
#define TPMDIAG_FAMILY_H

#include <stddef.h>

#include "probes/tpm/tpm.h"
#include "probes/transport/transport.h"

/*
 * Which family the TPM behind t is: the transport's own knowledge first
 * (sysfs tpm_version_major, a tpmrm node, the transcript, the spawn), else
 * the chip is asked with a read-only TPM2_GetCapability — a TPM 2.0 answers
 * with a TPM 2.0 tag whatever its state, a TPM 1.2 with TPM_BADTAG (or
 * another TPM 1.2 response tag).
 * *source says how it was found, in words (static string or copied into
 * srcbuf). Returns 0 or -errno (the transport's err says why).
 */
int tpm_detect_family(struct tpm_transport *t, enum tpm_family *out, char *srcbuf, size_t srclen);

#endif
