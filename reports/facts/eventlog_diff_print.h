/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What changed between two boots (probes/eventlog/eventlog_diff.h), for a
 * person: per changed PCR what it holds, both values and the events that
 * differ, old and new in words; then which sealed secrets that breaks. As
 * text, Markdown (for a ticket) and JSON (schema tpmdiag-eventlog-diff/1).
 */
#ifndef TPMDIAG_EVENTLOG_DIFF_PRINT_H
#define TPMDIAG_EVENTLOG_DIFF_PRINT_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>

#include "probes/eventlog/eventlog_diff.h"

#define TPMDIAG_EVENTLOG_DIFF_SCHEMA "tpmdiag-eventlog-diff/1"

struct evlog_diff_input {
	const char *old_name, *new_name;
	const struct evlog *old_log, *new_log;
	const struct evlog_diff *d;
};

void eventlog_diff_text(FILE *f, const struct evlog_diff_input *in, bool markdown);

/* NULL when out of memory. */
struct json_object *eventlog_diff_json(const struct evlog_diff_input *in);

#endif
