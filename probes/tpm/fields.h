/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Decoded fields of a TPM response: an ordered list of key/value strings,
 * filled by decoders, printed by the CLI. Bounded: a decoder that adds more
 * fields than fit, or a longer value, has the rest cut and `truncated` set.
 */
#ifndef TPMDIAG_FIELDS_H
#define TPMDIAG_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#define TPM_FIELD_KEY_MAX   64
#define TPM_FIELD_VALUE_MAX 1200
#define TPM_FIELDS_MAX	    96

struct tpm_field {
	char key[TPM_FIELD_KEY_MAX];
	char value[TPM_FIELD_VALUE_MAX];
};

struct tpm_fields {
	struct tpm_field f[TPM_FIELDS_MAX];
	size_t n;
	bool truncated;
};

void tpm_fields_init(struct tpm_fields *fs);
void tpm_fields_add(struct tpm_fields *fs, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Append bytes as lower-case hex with single spaces ("de ad be ef"). */
void tpm_fields_add_hex(struct tpm_fields *fs, const char *key, const void *p, size_t n);
/* The value of key, or NULL. */
const char *tpm_fields_get(const struct tpm_fields *fs, const char *key);

#endif
