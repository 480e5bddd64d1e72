/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The bundle writer: `tpmdiag collect`'s one JSON document of facts and
 * kernel log (the format: probes/offline/bundle_format.h).
 */
#ifndef TPMDIAG_BUNDLE_H
#define TPMDIAG_BUNDLE_H

#include <stdio.h>

#include "diag/facts/facts.h"
#include "probes/offline/bundle_format.h"
#include "probes/kmsg.h"

/*
 * Write the bundle of facts, records (log may be NULL) and the n_ev raw
 * event logs of ev to f. source:
 * "live" or the --root; redacted: the redactor's summary, or NULL when the
 * facts are not redacted. 0, -ENOMEM, or -EIO when writing failed.
 */
int bundle_write(FILE *f, const struct facts *fs, const struct kmsg_log *log,
		 const struct bundle_evlog *ev, size_t n_ev, const char *source,
		 const char *redacted);

#endif
