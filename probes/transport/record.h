/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The recorder behind `--record FILE`: writes every exchange with the TPM as
 * a transcript (format in transcript.h) that `--device replay:FILE` plays
 * back. The file is flushed after each exchange, so a crash leaves every
 * exchange so far on disk.
 */
#ifndef TPMDIAG_RECORD_H
#define TPMDIAG_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "probes/tpm/tpm.h"

struct tpm_recorder;

/*
 * Create (or truncate) path with mode 0644 and write the transcript header
 * naming fam (when known) and device_spec (may be NULL). On failure *out is
 * NULL, err holds "PATH: reason" and the -errno is returned.
 */
int tpm_recorder_open(const char *path, const char *device_spec, enum tpm_family fam,
		      struct tpm_recorder **out, char *err, size_t errlen);

/*
 * Record one exchange: the response, or err_no (a positive errno; a
 * negative one is taken as its absolute value) when the device failed;
 * ms < 0 leaves the time out. An exchange the format cannot hold (no
 * command, no response and no errno) is written as a comment. A write
 * error is kept and returned by tpm_recorder_close; later exchanges are
 * then dropped. r NULL does nothing.
 */
void tpm_recorder_exchange(struct tpm_recorder *r, const uint8_t *cmd, size_t cmd_len,
			   const uint8_t *rsp, size_t rsp_len, int err_no, double ms);

/* Flush and close; 0, or the -errno of the first failed write. NULL is fine. */
int tpm_recorder_close(struct tpm_recorder *r);

#endif
