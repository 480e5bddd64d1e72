/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What changed between two boots, from their event logs: the PCRs whose
 * replayed values differ in one bank, and for each the events that make
 * the difference, found by aligning the two PCRs' event sequences (a
 * longest common subsequence over event type and digest): an event whose
 * digest changed, one the new boot added, one it no longer has.
 */
#ifndef TPMDIAG_EVENTLOG_DIFF_H
#define TPMDIAG_EVENTLOG_DIFF_H

#include "probes/eventlog/eventlog.h"
#include "probes/eventlog/eventlog_replay.h"

/* Events of one PCR aligned with LCS up to this many each; beyond, position by position. */
#define EVLOG_DIFF_ALIGN_MAX 1024

enum evlog_change_kind {
	EVLOG_CHANGED, /* the same place and type, another digest */
	EVLOG_ADDED,   /* only in the new log */
	EVLOG_REMOVED, /* only in the old log */
};

struct evlog_change {
	enum evlog_change_kind kind;
	size_t old_i, new_i; /* indexes into the logs' events (the one that applies) */
};

struct evlog_pcr_diff {
	unsigned pcr;
	uint8_t old_v[EVLOG_MAX_DIGEST], new_v[EVLOG_MAX_DIGEST];
	struct evlog_change *changes;
	size_t n_changes;
};

struct evlog_diff {
	uint16_t alg, size; /* the bank compared */
	struct evlog_pcr_diff pcrs[EVLOG_PCRS];
	size_t n_pcrs;
	bool same_log; /* byte for byte the same events */
};

/*
 * Compare old and new in the bank both have (sha256 first, then sha384,
 * sha512, sha1). 0; -ENOENT when they share no bank libcrypto replayed;
 * -ENOMEM. Free with evlog_diff_free.
 */
int evlog_diff(const struct evlog *old, const struct evlog_replay *ro, const struct evlog *new_,
	       const struct evlog_replay *rn, struct evlog_diff *out);
void evlog_diff_free(struct evlog_diff *d);

/* What PCR i holds on a PC (TCG PC Client Platform Firmware Profile), as a phrase, or NULL. */
const char *evlog_pcr_meaning(unsigned pcr);

#endif
