/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A bundle: everything `tpmdiag collect` saw on a machine, as one JSON
 * document, so that `tpmdiag analyze FILE` elsewhere, with today's rules,
 * reaches the diagnosis the machine itself would. reports/facts/bundle.h writes it,
 * probes/offline/bundle_read.h reads it back.
 *
 * Format (schema "tpmdiag-bundle/1"; a reader of /1 refuses /2 and later):
 *
 *   {
 *     "schema":   "tpmdiag-bundle/1",
 *     "version":  "0.1.0",                  the tpmdiag that wrote it
 *     "created":  "2026-11-26T16:53:25Z",   UTC
 *     "redacted": "hostname (1), MAC address (2)" | "nothing" | false
 *                                           what was replaced by placeholders
 *                                           (false: written with --no-redact)
 *     "source":   "live" | the --root DIR the facts came from
 *     "facts": [                            as `tpmdiag facts --format json`
 *       {"key": "tpm0.family", "type": "string"|"integer"|"boolean"|"list",
 *        "value": ...,                      string, integer, boolean, [strings]
 *        "source": {"kind": "file"|"kmsg"|"tpm"|"library"|"derived",
 *                   "path": "/sys/...",     file
 *                   "seq": N, "ts": S, "text": "...",          kmsg
 *                   "command": "TPM2_GetCapability",           tpm
 *                   "request": "80 01 ...", "response": "80 01 ...",  hex
 *                   "note": "..."}},
 *       {"key": ..., "type": "unreadable",
 *        "reason": "absent"|"permission"|"malformed"|"failed", "why": "...",
 *        "source": {...}}
 *     ],
 *     "kmsg": [                             the kept TPM-related log records
 *       {"seq": N, "ts": S (absent: no stamp), "wall": "...", "prio": 0..7,
 *        "prefix": "tpm tpm0", "text": "...", "trace": "...\n...",
 *        "line": N, "userspace": true, "tool": "tcsd",  (user-space lines)
 *        "rc": N, "rc_family": "1.2"|"2.0"}
 *     ],
 *     "eventlogs": [                        the firmware's event logs, as read
 *       {"chip": "tpm0",                    (absent in bundles of before 0.1.0
 *        "path": "/sys/kernel/security/tpm0/binary_bios_measurements",
 *        "bytes": N,                        the log's length
 *        "redacted": N,                     fields zeroed (absent: --no-redact)
 *        "hex": ["0000...", ...]}           the bytes, in chunks of at most
 *     ]                                     BUNDLE_EVLOG_CHUNK digits
 *   }
 *
 * Redacted, a log keeps its length, records and digests: only the
 * identifiers in event data are zeroed (probes/eventlog, evlog_redact).
 *
 * Members the reader does not know are ignored, so /1 can grow fields.
 */
#ifndef TPMDIAG_BUNDLE_FORMAT_H
#define TPMDIAG_BUNDLE_FORMAT_H

#define TPMDIAG_BUNDLE_SCHEMA_NAME    "tpmdiag-bundle"
#define TPMDIAG_BUNDLE_SCHEMA_VERSION 1
#define TPMDIAG_BUNDLE_SCHEMA	      "tpmdiag-bundle/1"

#include <stddef.h>
#include <stdint.h>

#define BUNDLE_MAX_EVLOGS  8
#define BUNDLE_EVLOG_CHUNK 32768u /* hex digits in one string of "hex" */

/* One chip's event log in a bundle. */
struct bundle_evlog {
	char *chip;    /* "tpm0" */
	char *path;    /* where it was read */
	uint8_t *buf;  /* its bytes */
	size_t len;    /* at most EVLOG_MAX_BYTES */
	long redacted; /* fields zeroed; -1: not redacted */
};

#endif
