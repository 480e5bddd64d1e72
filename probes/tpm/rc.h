/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Return codes of both TPM families, and of the TSS layers above them, as
 * tables with a name and one plain sentence each.
 *
 * TPM 1.2: TPM Main Part 2, "Return codes": TPM_BASE + n (fatal), vendor
 *   codes (TPM_VENDOR_ERROR 0x400 + n), TPM_NON_FATAL 0x800 + n.
 *   TSS 1.2 layers live in bits 12-15 (0 TPM, 1 TDDL, 2 TCS, 3 TSP).
 * TPM 2.0: TPM Library Part 2, TPM_RC: format zero (bit 7 clear; bit 8 V,
 *   bit 10 T vendor, bit 11 S warning) and format one (bit 7 set; error
 *   number in bits 0-5, bit 6 P, N in bits 8-11 naming the parameter,
 *   handle or session). TSS 2.0 layers live in bits 16-23.
 */
#ifndef TPMDIAG_RC_H
#define TPMDIAG_RC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probes/tpm/tpm.h"

/* One row of a return-code table. */
struct tpm_rc_entry {
	uint32_t code;
	const char *name;     /* spec name, e.g. "TPM_INVALID_POSTINIT", "TPM_RC_INITIALIZE" */
	const char *sentence; /* one plain sentence, no trailing period */
};

/* What a format-one TPM 2.0 code points at. */
enum tpm_rc_subject {
	TPM_RC_SUBJECT_NONE = 0,
	TPM_RC_SUBJECT_PARAMETER,
	TPM_RC_SUBJECT_HANDLE,
	TPM_RC_SUBJECT_SESSION,
};

/* How one family reads one 32-bit value. */
struct tpm_rc_desc {
	uint32_t rc;		/* the value as given */
	enum tpm_family family; /* whose reading this is */
	bool known;		/* false: no table has this code for this family */
	bool success;		/* rc is 0 in the TPM layer */
	const char
	    *layer; /* "tpm", "tddl", "tcs", "tsp" (TSS 1.2); "tpm", "rmt", "tcti", ... (TSS 2.0) */
	const char *name;     /* spec name, or NULL when unknown */
	const char *sentence; /* one sentence, or NULL when unknown */
	uint32_t
	    base; /* the code the name belongs to (format one without P/N bits, layer removed) */
	bool warning;	 /* TPM 1.2 non-fatal (0x800 range) or TPM 2.0 format-zero S bit */
	bool vendor;	 /* vendor-defined code (1.2: 0x400 range; 2.0: T bit) */
	bool format_one; /* TPM 2.0 format one */
	enum tpm_rc_subject subject;
	unsigned subject_index; /* parameter 1-15, handle 1-7, session 1-7; 0 = unspecified */
};

/*
 * Decode rc as the given family reads it (TPM_FAMILY_12 or TPM_FAMILY_20).
 * Always fills *out (known = false for a value no table has) and returns 0;
 * -EINVAL for TPM_FAMILY_UNKNOWN.
 */
int tpm_rc_decode(uint32_t rc, enum tpm_family family, struct tpm_rc_desc *out);

/*
 * One line for a person, e.g.
 *   "TPM_INVALID_POSTINIT: the TPM has not received TPM_Startup since it was reset"
 *   "TPM_RC_VALUE (parameter 1): a value is out of range or not correct for the context"
 *   "layer tddl: TDDL_E_IOERROR: an I/O error on the TPM device stopped the request"
 * Returns the length snprintf would have written.
 */
int tpm_rc_format(const struct tpm_rc_desc *d, char *buf, size_t len);

/* The tables, for tests and for `tpmdiag rc --list`. */
const struct tpm_rc_entry *tpm12_rc_table(size_t *n);
const struct tpm_rc_entry *tpm20_rc_table(size_t *n);

#endif
