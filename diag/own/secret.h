/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Secrets (owner, SRK, endorsement, lockout passwords): read from a file,
 * standard input or a prompt without echo — never from argv — kept in
 * memory locked against swapping where possible, never printed, logged,
 * journalled or recorded in a transcript, and wiped after use.
 */
#ifndef TPMDIAG_SECRET_H
#define TPMDIAG_SECRET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SECRET_MAX 256

struct secret {
	uint8_t v[SECRET_MAX];
	size_t len;
	bool set;
	bool well_known; /* the 20 zero bytes of tpm_takeownership -z (TPM 1.2) */
};

/* Where a secret comes from (one of them). */
struct secret_source {
	const char *file; /* --NAME-password-file F: the first line, without its newline */
	bool from_stdin;  /* --NAME-password-stdin: the first line of standard input */
	bool well_known;  /* --well-known */
	bool prompt;	  /* ask on the terminal, twice when confirm, without echo */
	bool confirm;
	const char *label; /* "owner password" for prompts and messages */
};

/*
 * Read the secret; 0, or -errno with a sentence in err (never containing the
 * secret). A file must not be readable by others (say so otherwise).
 */
int secret_read(const struct secret_source *src, struct secret *out, char *err, size_t errlen);
/* Wipe it (explicit_bzero) and mark it unset. */
void secret_wipe(struct secret *s);

#endif
