/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel-log probe and its record store.
 *
 * probe_kmsg reads one kernel log — the live /dev/kmsg (the running
 * machine only), a file the user hands over (--kmsg FILE, any format
 * probes/parse/kmsg_parse.h knows), or an earlier boot from the systemd journal
 * (--boot N) — and keeps only the TPM-related records, each with its
 * stack trace grouped as one event, in ctx->log for the rules. It streams:
 * a log of any size costs the memory of the records kept.
 *
 * Facts (provenance: the file, "/dev/kmsg", or libsystemd for the journal):
 *   kmsg.source           string  "/dev/kmsg", the file path, or "journal boot N (ID)";
 *                                 unreadable with the reason when there is no log to read
 *   kmsg.format           string  kmsg | dmesg | dmesg-T | syslog | journal | pasted |
 *                                 mixed | empty | binary  (the dominant form of the lines)
 *   kmsg.lines            int     lines read
 *   kmsg.tpm_records      int     TPM-related records kept (from this source)
 *   kmsg.tpm_traces       int     of those, records with a grouped stack trace (when any)
 *   kmsg.truncated_lines  int     lines longer than 4096 bytes, cut (when any)
 *   kmsg.binary_lines     int     lines of binary junk, skipped (when any)
 *   kmsg.duplicate_records int    TPM records seen twice (same stamp and text), kept once (when
 * any) kmsg.overwritten      int     /dev/kmsg records lost to the ring buffer while reading (when
 * any) kmsg.read_error       unreadable  reading stopped part way (I/O error), with the reason
 */
#ifndef TPMDIAG_KMSG_H
#define TPMDIAG_KMSG_H

#include <stdbool.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probes/parse/kmsg_parse.h"
#include "probes/probe.h"

/*
 * One TPM-related event of the kernel log, or (tpmdiag analyze) one line
 * of the TPM user-space stack. Strings are owned, NUL-terminated, printable.
 */
struct kmsg_rec {
	uint64_t seq; /* /dev/kmsg sequence number; else the line number in the file */
	double ts;    /* seconds since boot; -1 when the line had none */
	char *wall;   /* wall-clock stamp as written ("Nov 26 15:03:45"), or NULL */
	int prio;     /* 0 (emerg) .. 7 (debug); -1 unknown */
	char *prefix; /* "tpm tpm0", "tpm_tis 00:00", "ima", or NULL */
	char *text;   /* the message as the kernel printed it (prefix included) */
	char *trace;  /* the grouped stack-trace lines, '\n'-separated, or NULL */
	unsigned trace_lines;
	unsigned line;	/* line in the input (from 1) */
	bool userspace; /* a user-space tool's line (analyze), not the kernel's */
	char *tool;	/* userspace: "tcsd", "tpm-tools", "tpm2-tss", ...; else NULL */
	uint32_t rc;	/* a return code the record printed, when has_rc */
	bool has_rc;
	int rc_family; /* 0 unknown, 12 TPM 1.2, 20 TPM 2.0 */
};

struct kmsg_log {
	struct kmsg_rec *r;
	size_t n;
	size_t cap;
	size_t *hash; /* open addressing over r (index + 1), for duplicates */
	size_t hash_cap;
};

int kmsg_log_new(struct kmsg_log **out);
void kmsg_log_free(struct kmsg_log *log);
/*
 * Copy a kernel event in; a return code in its text (kmsg_text_rc) is
 * kept in rc. 0 added, 1 a duplicate (not added), -ENOMEM.
 */
int kmsg_log_add(struct kmsg_log *log, const struct kmsg_event *ev);

/* Where a user-space record came from (probes/parse/userlog.h fills it). */
struct kmsg_user_src {
	const char *tool; /* copied */
	bool has_rc;
	uint32_t rc;
	int rc_family; /* 0, 12, 20 */
};

/* Copy a user-space line in (userspace = true). 0 added, 1 a duplicate, -ENOMEM. */
int kmsg_log_add_user(struct kmsg_log *log, const struct kmsg_event *ev,
		      const struct kmsg_user_src *u);

/*
 * The TPM return code a kernel message prints, if any:
 *   "A TPM error (38) occurred ..."            decimal (tpm-interface.c); family
 *                                              from the tables when only one knows it
 *   "...: failed with a TPM error 0x0902"      TPM 2.0 (tpm2-space.c)
 *   "TPM is disabled/deactivated (0x6)"        TPM 1.2 (tpm1-cmd.c)
 *   "Error (38) sending savestate ..."         TPM 1.2 (tpm1_pm_suspend)
 * Negative numbers are errnos, not codes. *family: 12, 20, or 0 when the
 * value alone cannot tell.
 */
bool kmsg_text_rc(const char *text, uint32_t *rc, int *family);

/*
 * The systemd journal's kernel lines of boot N (N < 0: counted back from
 * the last boot, N > 0: from the first), fed to p as /dev/kmsg records.
 * 0, -ENOMEM, or another -errno with why (a sentence) and desc filled.
 * probes/kmsg_journal.c.
 */
int kmsg_journal_feed(const struct rootfs *root, int boot, struct kmsg_parser *p, char *desc,
		      size_t desc_len, char *why, size_t why_len);

#endif
