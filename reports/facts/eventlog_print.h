/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A parsed firmware event log for a person (one line per event: number,
 * PCR, type, the first bank's digest cut short, what the event means; then
 * the replayed PCRs of each bank with the events that extended them) and
 * the same as JSON (schema tpmdiag-eventlog/1).
 */
#ifndef TPMDIAG_EVENTLOG_PRINT_H
#define TPMDIAG_EVENTLOG_PRINT_H

#include <json-c/json.h>
#include <stdio.h>

#include "probes/eventlog/eventlog.h"
#include "probes/eventlog/eventlog_replay.h"

#define TPMDIAG_EVENTLOG_SCHEMA "tpmdiag-eventlog/1"

void eventlog_text_print(FILE *f, const char *source, const struct evlog *log,
			 const struct evlog_replay *r);

/* NULL when out of memory. */
struct json_object *eventlog_json(const char *source, const struct evlog *log,
				  const struct evlog_replay *r);

#endif
