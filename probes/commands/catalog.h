/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The catalogue behind `tpmdiag send NAME [ARGS]`: for each family, the
 * named commands a person can send, how their bytes are built from the
 * arguments and how the answer is decoded into fields.
 */
#ifndef TPMDIAG_CATALOG_H
#define TPMDIAG_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probes/tpm/buf.h"
#include "probes/tpm/fields.h"
#include "probes/tpm/tpm.h"

struct tpm_send_cmd {
	const char *name; /* "startup", "getcap", ... */
	enum tpm_family family;
	const char *usage;   /* "clear|state|deactivated" — argument synopsis, "" when none */
	const char *summary; /* one line for --help */
	/*
	 * Build the complete command into b from argc/argv (the words after
	 * NAME). 0, or -EINVAL with a sentence in err naming the bad argument
	 * and the accepted ones.
	 */
	int (*build)(struct tpm_buf *b, int argc, char **argv, char *err, size_t errlen);
	/*
	 * Decode the parameters of a successful response (rsp is the whole
	 * response, header included and already checked). 0, or -EBADMSG when
	 * the response is shorter or otherwise other than the spec says; the
	 * fields decoded so far stay.
	 */
	int (*decode)(const uint8_t *rsp, size_t len, int argc, char **argv,
		      struct tpm_fields *out);
};

/* NULL when family has no command of that name. */
const struct tpm_send_cmd *tpm_send_lookup(enum tpm_family family, const char *name);
const struct tpm_send_cmd *tpm_send_table(enum tpm_family family, size_t *n);

/*
 * Helpers shared by the family catalogues (tpm12.c, tpm20.c); catalog.c
 * implements them.
 */

/* One row of a name table: an argument word or a spec name and its value. */
struct tpm_sym {
	uint32_t value;
	const char *name;
};

/* The name of v in t[n], or NULL. */
const char *tpm_sym_name(const struct tpm_sym *t, size_t n, uint32_t v);
/* The value of word in t[n] (exact match): 0, or -ENOENT. */
int tpm_sym_value(const struct tpm_sym *t, size_t n, const char *word, uint32_t *v);
/*
 * Pick argv[i] from t[n]: 0, or -EINVAL with a sentence in err naming the
 * missing or bad word and listing the table's words ("use one of: a, b, c").
 */
int tpm_arg_pick(const struct tpm_sym *t, size_t n, int argc, char **argv, int i, const char *what,
		 uint32_t *v, char *err, size_t errlen);
/* Decimal or 0x-hex number in [min, max]: 0, or -EINVAL with a sentence in err. */
int tpm_arg_number(const char *word, const char *what, uint32_t min, uint32_t max, uint32_t *v,
		   char *err, size_t errlen);
/* -EINVAL unless argc <= max, with a sentence naming the first extra word. */
int tpm_arg_max(int argc, char **argv, int max, const char *cmd, char *err, size_t errlen);
/* Always -EINVAL; formats err. */
int tpm_arg_error(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* "name (0x0001)" or "unknown (0x0001)" into buf; returns buf. */
const char *tpm_sym_fmt(const struct tpm_sym *t, size_t n, uint32_t v, int hexdigits, char *buf,
			size_t len);
/* The names of the set bits of v, "a|b|c" (unnamed bits as 0x...), "none" for 0. */
const char *tpm_bits_fmt(const struct tpm_sym *t, size_t n, uint32_t v, char *buf, size_t len);
/*
 * A u32 that holds up to four characters (manufacturer, vendor strings):
 * "\"IBM\" (0x49424d00)"; trailing NULs dropped, other unprintable bytes as '.'.
 */
const char *tpm_chars_fmt(uint32_t v, char *buf, size_t len);
/* True when p[n] is text a person can read (printable, tab, CR, LF). */
bool tpm_is_text(const uint8_t *p, size_t n);
/* Add key with p[n] as text (trailing NULs and newlines dropped, quoted). */
void tpm_fields_add_text(struct tpm_fields *fs, const char *key, const uint8_t *p, size_t n);
/* -EBADMSG when r went bad or bytes are left over (then a field says how many). */
int tpm_rd_done(struct tpm_rd *r, struct tpm_fields *out);

#define TPM_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
