/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What `tpmdiag analyze FILE` reads: any text a user pasted or attached
 * — a kernel log in every form probes/parse/kmsg_parse.h knows, journal and
 * syslog lines of kernel and user-space programs, the TPM user-space
 * stack's own output (probes/parse/userlog.h), quoted forum posts — into one
 * struct kmsg_log, in the order of the input: kernel TPM records
 * (userspace = false) and user-space TPM lines (userspace = true, with
 * tool), every return code found decoded into rec->rc / rc_family. Lines
 * that are neither are counted and dropped. No live probe is involved.
 *
 * Facts (provenance: the file, FACT_SRC_FILE with its path as given):
 *   analyze.source             string  the path ("-" for standard input); unreadable with
 *                                      the reason when the file cannot be opened
 *   analyze.lines              int     lines read
 *   analyze.kernel_records     int     kernel TPM records kept
 *   analyze.userspace_records  int     user-space TPM lines kept
 *   analyze.other_lines        int     non-blank lines kept in no record (another
 *                                      subsystem's or program's lines, shell prompts
 *                                      ("$ sudo tpm_takeownership"), prose; a wrapped
 *                                      line joined back into a kernel record counts here)
 *   analyze.kernel_format      string  the kernel lines' dominant form (kmsg.format's values)
 *   analyze.return_codes       list    each distinct return code once, in order of first
 *                                      appearance, decoded: "0x00001087 layer tddl:
 *                                      TDDL_E_IOERROR: an I/O error on the TPM device
 *                                      stopped the request"; a code whose family the text
 *                                      cannot tell is read both ways
 *   analyze.truncated_lines    int     lines longer than 4096 bytes, cut (when any)
 *   analyze.binary_lines       int     lines of binary junk, skipped (when any)
 *   analyze.duplicate_records  int     records seen twice (same stamp and text), kept once
 *                                      (when any)
 *   analyze.read_error         unreadable  reading stopped part way, with the reason
 */
#ifndef TPMDIAG_ANALYZE_TEXT_H
#define TPMDIAG_ANALYZE_TEXT_H

#include <stddef.h>

#include "diag/facts/facts.h"
#include "probes/kmsg.h"

/*
 * Read path ("-": standard input) to the end. 0 with *log set (the
 * caller frees it with kmsg_log_free); -ENOMEM; or -errno when the file
 * cannot be opened (analyze.source is then unreadable, *log NULL).
 */
int analyze_text_file(const char *path, struct kmsg_log **log, struct facts *fs);

/* The same over a buffer (any bytes); name is what analyze.source says. 0 or -ENOMEM. */
int analyze_text_buf(const char *name, const char *buf, size_t len, struct kmsg_log **log,
		     struct facts *fs);

#endif
