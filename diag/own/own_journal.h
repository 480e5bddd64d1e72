/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The journal of `tpmdiag own` (issue 6, deliverable 4): one small text
 * file per chip that says how far the ownership flow got, so that a rerun
 * after a crash, a kill -9 or a TPM reset continues instead of stopping at
 * "already owned", and so that `tpmdiag check` can report a flow that did
 * not finish. It never holds a secret: only step names, results, the
 * device, times and the sentences tpmdiag printed.
 *
 * Where: STATE_DIR/own-NAME.journal, STATE_DIR = --state-dir or
 * /var/lib/tpmdiag, NAME from the device ("tpm0" for /dev/tpm0 and
 * /dev/tpmrm0, "swtpm-tcp-127.0.0.1-2321" for a swtpm socket). A spawn:
 * or replay: device has no journal (nothing outlives the run).
 *
 * Format (one record a line, at most OWN_JOURNAL_LINE bytes, the file at
 * most OWN_JOURNAL_MAX; every line written with one write(2) and synced
 * before the step it announces is sent, so a crash leaves at most one
 * incomplete last line, which the reader ignores):
 *
 *   tpmdiag-own-journal 1
 *   TIME start DEVICE FAMILY          a new flow (a rerun after "finish"
 *                                     starts the file again)
 *   TIME resume                       a rerun continues an unfinished one
 *   TIME step NAME STATUS [DETAIL]    STATUS: sent (written before a
 *                                     state-changing command goes out),
 *                                     ok, failed
 *   TIME stop RESULT: SENTENCE        the run stopped (reboot needed,
 *                                     firmware setup, TPM error, ...)
 *   TIME finish owned                 the flow completed and was verified
 *
 * TIME is UTC, 2026-11-26T18:40:12Z. Lines starting with '#' are comments.
 */
#ifndef TPMDIAG_OWN_JOURNAL_H
#define TPMDIAG_OWN_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>

#define OWN_JOURNAL_DIR	  "/var/lib/tpmdiag"
#define OWN_JOURNAL_MAX	  65536u /* bytes of a journal file */
#define OWN_JOURNAL_LINE  1024u	 /* bytes of one line, newline included */
#define OWN_JOURNAL_STEPS 64u	 /* distinct steps remembered */
#define OWN_JOURNAL_MAGIC "tpmdiag-own-journal 1"

/* What a journal says. */
struct own_journal_step {
	char name[32];	 /* "takeownership" */
	char status[8];	 /* "sent", "ok", "failed": the last one seen */
	char detail[64]; /* "handle=0x80000000", or "" */
	char time[24];	 /* of that last line */
};

struct own_journal_info {
	char device[256]; /* "/dev/tpm0" */
	char family[8];	  /* "1.2" or "2.0" */
	char started[24]; /* the start line's time */
	char updated[24]; /* the last line's time */
	bool finished;	  /* a finish line came after the last start */
	unsigned runs;	  /* start + resume lines since the last start */
	char last[128];	  /* the last step line, "takeownership sent" (no time), or "" */
	char stop[512];	  /* the last stop line's "RESULT: SENTENCE" when no step came after it */
	struct own_journal_step steps[OWN_JOURNAL_STEPS];
	size_t n_steps;
};

/*
 * Parse a journal's bytes. 0, or -EBADMSG with the reason in err (not a
 * journal, a malformed line with its number, too big). Bounded: at most
 * OWN_JOURNAL_MAX bytes are looked at, lines longer than OWN_JOURNAL_LINE
 * are malformed; an incomplete last line (no newline) is ignored.
 */
int own_journal_parse(const char *buf, size_t len, struct own_journal_info *out, char *err,
		      size_t errlen);

/* The step's record, or NULL. */
const struct own_journal_step *own_journal_find(const struct own_journal_info *j, const char *step);
/* Whether the step's last record has this status ("sent" also counts "ok" and "failed"). */
bool own_journal_has(const struct own_journal_info *j, const char *step, const char *status);

/*
 * The journal's NAME for a device spec (see above): 0, or -ENOTSUP for a
 * device that has no journal (spawn:, replay:), -EINVAL for a spec that
 * does not fit.
 */
int own_journal_name(const char *spec, char *name, size_t len);

/* The chip number a journal's device names (/dev/tpmN, /dev/tpmrmN): 0 or -ENOENT. */
int own_journal_chip(const char *device, unsigned *n);

struct own_journal; /* an open journal being written */

/*
 * Open (creating dir 0700 and the file 0600 as needed) the journal of
 * spec in dir (NULL = OWN_JOURNAL_DIR). What it said before is in *prev
 * (prev->device[0] == '\0' when there was none); an unfinished flow of the
 * same family is continued (a resume line: the file is the chip's, so
 * /dev/tpm0 and /dev/tpmrm0 continue each other's), anything else starts
 * the file again. 0, or -errno with the reason in err.
 */
int own_journal_open(const char *dir, const char *spec, const char *family,
		     struct own_journal **out, struct own_journal_info *prev, char *err,
		     size_t errlen);

/* The path of an open journal. */
const char *own_journal_path(const struct own_journal *j);

/*
 * Append a record and sync it to disk. Each is 0 or -errno; a journal that
 * fails to write is closed for writing (later calls return the same error)
 * and the flow should stop: it would not be resumable.
 */
int own_journal_step(struct own_journal *j, const char *step, const char *status,
		     const char *detail);
int own_journal_stop(struct own_journal *j, const char *result, const char *sentence);
int own_journal_finish(struct own_journal *j);

void own_journal_close(struct own_journal *j);

#endif
