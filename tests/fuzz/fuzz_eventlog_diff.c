// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for what changed between two event logs
 * (probes/eventlog/eventlog_diff.c) and its printers: the input is split
 * where its first two bytes say (little-endian, modulo the rest's length)
 * into an old and a new log, each copied to a buffer exactly its size so
 * ASan catches a read past it. When both parse, they are replayed, diffed,
 * and the diff printed as text, Markdown and JSON; every change must name
 * events that exist in its log.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/eventlog/eventlog_diff.h"
#include "reports/facts/eventlog_diff_print.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct evlog *o, const struct evlog *n, const struct evlog_diff *d)
{
	size_t i, k;

	if (d->n_pcrs > EVLOG_PCRS)
		abort();
	for (i = 0; i < d->n_pcrs; i++)
		for (k = 0; k < d->pcrs[i].n_changes; k++) {
			const struct evlog_change *c = &d->pcrs[i].changes[k];

			if ((c->kind != EVLOG_ADDED && c->old_i >= o->n_events) ||
			    (c->kind != EVLOG_REMOVED && c->new_i >= n->n_events))
				abort();
		}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct evlog a = {0}, b = {0};
	struct evlog_replay *ra, *rb;
	struct evlog_diff d;
	struct evlog_diff_input in;
	struct json_object *doc;
	uint8_t *x = NULL, *y = NULL;
	size_t cut, rest;
	FILE *sink;

	if (size < 3)
		return 0;
	rest = size - 2;
	cut = (size_t)(data[0] | data[1] << 8) % (rest + 1);
	x = malloc(cut ? cut : 1);
	y = malloc(rest - cut ? rest - cut : 1);
	ra = calloc(1, sizeof(*ra));
	rb = calloc(1, sizeof(*rb));
	if (!x || !y || !ra || !rb)
		goto out;
	memcpy(x, data + 2, cut);
	memcpy(y, data + 2 + cut, rest - cut);
	if (evlog_parse(x, cut, &a) || evlog_parse(y, rest - cut, &b) || evlog_replay(&a, ra) ||
	    evlog_replay(&b, rb) || evlog_diff(&a, ra, &b, rb, &d))
		goto out;
	check(&a, &b, &d);
	in = (struct evlog_diff_input){"old", "new", &a, &b, &d};
	sink = fopen("/dev/null", "w");
	if (sink) {
		eventlog_diff_text(sink, &in, false);
		eventlog_diff_text(sink, &in, true);
		fclose(sink);
	}
	doc = eventlog_diff_json(&in);
	json_object_put(doc);
	evlog_diff_free(&d);
out:
	evlog_free(&a);
	evlog_free(&b);
	free(ra);
	free(rb);
	free(x);
	free(y);
	return 0;
}
