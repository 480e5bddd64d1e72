/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The replay transport's matcher, apart from its I/O so it can be tested
 * and fuzzed: which recorded exchange answers a command.
 */
#ifndef TPMDIAG_REPLAY_H
#define TPMDIAG_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probes/transport/transcript.h"

/*
 * Whether the recorded exchange e is for cmd (len bytes): the same bytes,
 * except the nonce of a command that carries one (TPM_ReadPubek).
 */
bool tpm_replay_same(const struct tpm_exchange *e, const uint8_t *cmd, size_t len);

/*
 * Index of the exchange of tr that answers cmd: the first one not used[]
 * at or after cursor that is the same command, failing that the first
 * unused one before it; tr->n when none is.
 */
size_t tpm_replay_find(const struct tpm_transcript *tr, const bool *used, size_t cursor,
		       const uint8_t *cmd, size_t len);

#endif
