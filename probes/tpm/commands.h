/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The command table: every TPM 1.2 ordinal and TPM 2.0 command code we know,
 * with its spec name, duration class and whether it changes the TPM's state.
 *
 * Duration classes follow the kernel (drivers/char/tpm: tpm1_ordinal_duration[],
 * tpm2_ordinal_duration_index()): TPM 1.2 uses short/medium/long (the chip
 * reports the actual values), TPM 2.0 adds long-long for key generation.
 */
#ifndef TPMDIAG_COMMANDS_H
#define TPMDIAG_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probes/tpm/tpm.h"

enum tpm_duration {
	TPM_DUR_SHORT = 0,
	TPM_DUR_MEDIUM,
	TPM_DUR_LONG,
	TPM_DUR_LONG_LONG,
	TPM_DUR_COUNT,
};

struct tpm_cmd_info {
	const char
	    *name;     /* spec name: "TPM_Startup", "TPM2_GetCapability", "TSC_PhysicalPresence" */
	uint32_t code; /* ordinal or command code */
	enum tpm_family family;
	enum tpm_duration duration;
	bool changes_state; /* false: read-only, safe to send without --yes */
};

/* NULL when the family has no such code. */
const struct tpm_cmd_info *tpm_cmd_lookup(enum tpm_family family, uint32_t code);
/* Case-insensitive spec name; NULL when unknown. */
const struct tpm_cmd_info *tpm_cmd_by_name(const char *name);
const struct tpm_cmd_info *tpm_cmd_table(enum tpm_family family, size_t *n);

/* "short", "medium", "long", "long-long". */
const char *tpm_duration_name(enum tpm_duration d);
/*
 * How long tpmdiag waits for an answer to a command of class d before it
 * gives up, in milliseconds. Generous against the spec's durations (a slow
 * but healthy chip must not be cut off) and far below the kernel's worst
 * case, so a chip that stopped answering costs seconds, not minutes.
 */
unsigned tpm_duration_deadline_ms(enum tpm_duration d);
/* The deadline for a raw command: from the table, or the long class when unknown. */
unsigned tpm_cmd_deadline_ms(enum tpm_family family, uint32_t code);

#endif
