/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading a bundle (reports/facts/bundle.h has the format) back into facts and
 * log records, bounded: a file of at most BUNDLE_MAX_FILE bytes, JSON
 * nested at most BUNDLE_MAX_DEPTH deep, every string at most
 * BUNDLE_MAX_STR bytes, at most BUNDLE_MAX_FACTS facts, BUNDLE_MAX_ITEMS
 * records and items of a list, raw TPM bytes at most BUNDLE_MAX_RAW each. Every member's type is
 * checked; control characters in strings (but newline and tab) become '?'
 * so a hostile bundle cannot drive a terminal. Anything else is an error
 * with one sentence saying what and where, never a crash.
 */
#ifndef TPMDIAG_BUNDLE_READ_H
#define TPMDIAG_BUNDLE_READ_H

#include <stddef.h>

#include "diag/facts/facts.h"
#include "probes/offline/bundle_format.h"
#include "probes/kmsg.h"

#define BUNDLE_MAX_FILE	 (64u << 20)
#define BUNDLE_MAX_DEPTH 32
#define BUNDLE_MAX_STR	 (64u << 10)
#define BUNDLE_MAX_ITEMS 100000u /* records; items of one list */
/*
 * Facts: a machine has a few hundred; the fact store looks keys up one by
 * one (diag/facts/facts.c), so 10,000 keeps a hostile bundle to a fraction of a
 * second where 100,000 would cost a minute.
 */
#define BUNDLE_MAX_FACTS 10000u
#define BUNDLE_MAX_RAW	 4096u

struct bundle {
	struct facts *fs;
	struct kmsg_log *log;
	char *version;	/* the tpmdiag that wrote it, or NULL */
	char *created;	/* or NULL */
	char *source;	/* "live" or the --root it was collected from, or NULL */
	char *redacted; /* what was redacted, or NULL when written with --no-redact */
	struct bundle_evlog evlogs[BUNDLE_MAX_EVLOGS]; /* the raw event logs it carries */
	size_t n_evlogs;
};

/*
 * Read the bundle in buf (name is what the messages call it). 0, -ENOMEM,
 * or -EINVAL (not a bundle, not valid, too big) with err set to a
 * sentence: "NAME: not valid JSON at byte 12: unexpected end of data",
 * "NAME is a tpmdiag-facts/1 document, not a bundle", ... On error b is
 * left empty. Free with bundle_clear.
 */
int bundle_read_buf(const char *name, const char *buf, size_t len, struct bundle *b, char *err,
		    size_t err_len);
/* The same from a file; -errno of open/read, -EFBIG when larger than BUNDLE_MAX_FILE. */
int bundle_read_file(const char *path, struct bundle *b, char *err, size_t err_len);
void bundle_clear(struct bundle *b);

/*
 * Whether the file looks like a bundle: its first non-space byte is '{'.
 * 1 yes, 0 no, -errno when it cannot be read.
 */
int bundle_sniff(const char *path);

#endif
