/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Redaction: what a report or bundle must not carry by default — the
 * hostname, serial numbers, the EK public key and certificate, UUIDs and MAC
 * addresses — replaced by stable placeholders ("<hostname-1>", "<mac-2>"):
 * the same value gets the same placeholder everywhere in one report, so the
 * report stays readable. The report says what was redacted.
 */
#ifndef TPMDIAG_REDACT_H
#define TPMDIAG_REDACT_H

#include <stddef.h>

#include "diag/facts/facts.h"
#include "probes/kmsg.h"

struct redactor;

/*
 * A redactor that knows the identifiers of this machine from its facts
 * (kernel.hostname, the EK in tpmN.pubek and in the chip's answers, ...)
 * besides what it recognises by form (UUIDs, MAC addresses, serials).
 */
int redactor_new(const struct facts *fs, struct redactor **out);
void redactor_free(struct redactor *rd);

/* A malloc'd copy of s with every identifier replaced; NULL on ENOMEM. */
char *redact_str(struct redactor *rd, const char *s);

/*
 * Redacted copies: every string value, list item, unreadable reason and
 * provenance text; the raw bytes of TPM answers that carry the EK (or
 * another identifier) are dropped and the source notes "(redacted)".
 * 0 or -ENOMEM.
 */
int redact_facts(struct redactor *rd, const struct facts *in, struct facts **out);
int redact_log(struct redactor *rd, const struct kmsg_log *in, struct kmsg_log **out);

/* "hostname (1), MAC address (2)" or "nothing" — for the report's note. */
void redactor_summary(const struct redactor *rd, char *buf, size_t len);

#endif
