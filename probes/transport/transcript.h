/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Transcripts: the exchanges between tpmdiag and a TPM as text, written by
 * `--record FILE` and played back by `--device replay:FILE`.
 *
 * FORMAT (version 1)
 *
 *   # tpmdiag transcript: lines starting with '#' are comments; blank lines are ignored
 *   tpmdiag-transcript 1
 *   family 2.0
 *   device dev:/dev/tpm0
 *   # TPM2_GetRandom -> TPM_RC_SUCCESS (2.1 ms)
 *   > 80 01 00 00 00 0c 00 00 01 7b 00 08
 *   < 80 01 00 00 00 14 00 00 00 00 00 08 cf 3f e7 4f
 *   < 39 e5 85 9e
 *   > 00 c1 00 00 00 0c 00 00 00 99 00 01   # a trailing comment
 *   ! ETIME
 *
 * The file is text, one item per line; lines end in LF (a CR right before
 * the LF is ignored). Leading spaces and tabs are ignored. A line whose
 * first other character is '#' is a comment; a line of only spaces and tabs
 * is blank. Comments and blank lines may appear anywhere and change nothing.
 *
 *   tpmdiag-transcript 1
 *      The first line that is not a comment or blank: the magic word and the
 *      format version (a decimal number). Required; only version 1 exists.
 *   family 1.2 | family 2.0
 *      Optional, at most once, before the first '>': the TPM family the
 *      transcript was recorded from.
 *   device TEXT
 *      Optional, at most once, before the first '>': where the transcript
 *      was recorded (the --device SPEC). TEXT runs to the end of the line,
 *      '#' included; surrounding spaces and tabs are removed.
 *   > HEX
 *      A command sent to the TPM.
 *   < HEX
 *      The TPM's response to the command before it.
 *   ! ERRNO
 *      Instead of a response: the device failed with this errno, given by
 *      name (ETIME, ETIMEDOUT, EIO, EBUSY, ECONNRESET, EPIPE, ...; Linux
 *      names, case-insensitive) or as a decimal number from 1 to 4095.
 *
 * HEX is pairs of hex digits (either case); spaces and tabs may separate the
 * bytes ("80 01 00", "800100" and "8001 00" are the same three bytes) but not
 * the two digits of one byte. Consecutive '>' lines form one command and
 * consecutive '<' lines one response (comments and blank lines between them
 * do not interrupt a message). After '>', '<' and '!' lines, '#' starts a
 * comment that runs to the end of the line; so it does after the version
 * and family values.
 *
 * Every command ('>' lines) is followed by exactly one response ('<' lines)
 * or one '!' line. Messages hold 1 to 4096 bytes (TPM_MAX_MSG).
 *
 * Bounds: a file holds at most 16 MiB, a line at most 65536 bytes (without
 * its LF), a transcript at most 65536 exchanges. Control characters other
 * than tab (and CR before LF) are not allowed anywhere.
 *
 * Errors name the place as "FILE:LINE:COL: what is wrong", LINE and COL
 * counted from 1, COL in bytes (a tab is one column).
 */
#ifndef TPMDIAG_TRANSCRIPT_H
#define TPMDIAG_TRANSCRIPT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "probes/tpm/tpm.h"

#define TPM_TRANSCRIPT_VERSION	     1
#define TPM_TRANSCRIPT_MAX_FILE	     (16u * 1024 * 1024)
#define TPM_TRANSCRIPT_MAX_LINE	     65536u
#define TPM_TRANSCRIPT_MAX_EXCHANGES 65536u
#define TPM_TRANSCRIPT_MAX_ERRNO     4095

struct tpm_exchange {
	uint8_t *cmd;
	size_t cmd_len;
	uint8_t *rsp; /* NULL when err_no != 0 */
	size_t rsp_len;
	int err_no;    /* 0, or the positive errno of a '!' line */
	unsigned line; /* line of the first '>' (0 for exchanges not parsed from text) */
};

struct tpm_transcript {
	enum tpm_family family; /* TPM_FAMILY_UNKNOWN without a 'family' line */
	char *device;		/* NULL without a 'device' line */
	struct tpm_exchange *ex;
	size_t n;
};

/*
 * Parse len bytes of text (no terminating NUL needed). name_for_errors
 * begins each error message. On success *out owns everything (free it with
 * tpm_transcript_free); on failure *out is empty and err holds the reason.
 * Returns 0, -EINVAL (bad text), -ENOMEM, or -EFBIG (more than 16 MiB).
 */
int tpm_transcript_parse(const char *text, size_t len, const char *name_for_errors,
			 struct tpm_transcript *out, char *err, size_t errlen);

/*
 * Read path (at most 16 MiB) and parse it. Returns 0, -EFBIG, a parse
 * error, or the -errno of open/read (err says "PATH: reason").
 */
int tpm_transcript_load(const char *path, struct tpm_transcript *out, char *err, size_t errlen);

/* Free what parse/load allocated and empty *t. NULL and empty are fine. */
void tpm_transcript_free(struct tpm_transcript *t);

/*
 * Write the comment, the magic line, and 'family' (when known) and 'device'
 * (when device is non-empty; control characters become '?') lines.
 * Returns 0 or -errno.
 */
int tpm_transcript_write_header(FILE *f, enum tpm_family fam, const char *device);

/*
 * Write one exchange: a blank line, a comment naming the command, its
 * return code (or errno name) and ms (omitted when ms < 0), then the '>'
 * lines and the '<' lines or the '!' line, 16 bytes a line, lower-case hex.
 * Returns 0, -EINVAL for an exchange the format cannot hold (empty or
 * longer than 4096 bytes, errno outside 1-4095), or -errno of the write.
 */
int tpm_transcript_write_exchange(FILE *f, const struct tpm_exchange *e, double ms);

/*
 * Name a command for a person from its header: "TPM2_GetRandom",
 * "TPM_Startup", "ordinal 0x00000123" when unknown, "a 3-byte command"
 * when shorter than a header. Family from the tag: 0x00C1-0x00C3 is 1.2,
 * 0x8001/0x8002 is 2.0.
 */
void tpm_transcript_cmd_name(const uint8_t *cmd, size_t len, char *buf, size_t buflen);

/* "ETIME" for ETIME; NULL when the value has no name in the table. */
const char *tpm_errno_name(int err_no);

#endif
