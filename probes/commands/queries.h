/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The read-only questions tpmdiag asks a chip to describe it, per family:
 * one table behind `tpmdiag info` and the device probe. Each names a
 * catalogue command (catalog.h) and its argument words; nothing here builds
 * bytes of its own.
 */
#ifndef TPMDIAG_QUERIES_H
#define TPMDIAG_QUERIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probes/commands/catalog.h"
#include "probes/tpm/commands.h"
#include "probes/tpm/tpm.h"

enum tpm_query_id {
	TPM_Q12_VERSION,
	TPM_Q12_MANUFACTURER,
	TPM_Q12_OWNER,
	TPM_Q12_PERMANENT,
	TPM_Q12_VOLATILE,
	TPM_Q12_PUBEK,
	TPM_Q12_TESTRESULT,
	TPM_Q12_DURATIONS,
	TPM_Q12_TIMEOUTS,
	TPM_Q12_DA,
	TPM_Q20_FIXED,
	TPM_Q20_VARIABLE,
	TPM_Q20_TESTRESULT,
	TPM_Q20_PCRS,
	TPM_Q20_HANDLES,
	TPM_Q20_EK,
	TPM_Q20_SRK,
};

struct tpm_query {
	enum tpm_query_id id;
	enum tpm_family family;
	const char *title;   /* "permanent flags" */
	const char *name;    /* catalogue name: "getcap" */
	const char *args[3]; /* its argument words, NULL-terminated */
};

/* All questions, both families, in the order they are asked. */
const struct tpm_query *tpm_query_table(size_t *n);

/*
 * Build q's command into cmd[cap]: *len bytes, *info the command table's
 * entry for it. 0; -ENOENT when the catalogue lacks the command or the
 * command table its code; -EPERM when the command changes the TPM's state
 * (never for this table: a test checks every row).
 */
int tpm_query_build(const struct tpm_query *q, uint8_t *cmd, size_t cap, size_t *len,
		    const struct tpm_cmd_info **info);

/* Decode a successful answer into fields: the catalogue decoder's result. */
int tpm_query_decode(const struct tpm_query *q, const uint8_t *rsp, size_t len,
		     struct tpm_fields *fs);

/* True when rc means "no Startup since the last reset" in family fam. */
bool tpm_query_not_started(enum tpm_family fam, uint32_t rc);

#endif
