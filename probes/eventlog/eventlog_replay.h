/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Replaying a parsed event log: for each bank of the log whose hash
 * libcrypto offers, each PCR starts at zero (PCR 0 at the locality of an
 * EV_NO_ACTION StartupLocality event in its last byte) and is extended
 * with each event's digest of that bank: new = H(old || digest).
 */
#ifndef TPMDIAG_EVENTLOG_REPLAY_H
#define TPMDIAG_EVENTLOG_REPLAY_H

#include "probes/eventlog/eventlog.h"

struct evlog_bank_replay {
	uint16_t alg, size;
	bool supported; /* libcrypto has the hash (else values stay unset) */
	uint8_t pcr[EVLOG_PCRS][EVLOG_MAX_DIGEST];
	unsigned events[EVLOG_PCRS]; /* how many events extended each PCR */
};

struct evlog_replay {
	struct evlog_bank_replay banks[EVLOG_MAX_BANKS];
	size_t n_banks;
	int startup_locality; /* -1 when the log has no StartupLocality event */
};

/* 0, or -EIO when libcrypto fails a digest it said it has. */
int evlog_replay(const struct evlog *log, struct evlog_replay *out);

/*
 * The locality of a StartupLocality EV_NO_ACTION event (0..4 in practice),
 * or -1 when e is none.
 */
int evlog_startup_locality(const struct evlog_event *e);

#endif
