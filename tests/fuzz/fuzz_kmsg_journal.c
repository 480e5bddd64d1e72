// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the journal entry reader (probes/kmsg_journal_entry.c):
 * the input is split at its first two NUL bytes into the PRIORITY, the
 * _SOURCE_MONOTONIC_TIMESTAMP and the MESSAGE data, each copied to a buffer
 * exactly its size (the journal's data is not NUL-terminated), read as the
 * probe reads them and fed to the kernel-log parser as one record.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "probes/kmsg_journal_entry.h"
#include "probes/parse/kmsg_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_event(void *arg, const struct kmsg_event *ev)
{
	(void)ev;
	(*(size_t *)arg)++;
	return 0;
}

/* The next NUL-separated part of [*p, end) as an exact-size copy. */
static uint8_t *part(const uint8_t **p, const uint8_t *end, size_t *len)
{
	const uint8_t *z = memchr(*p, 0, (size_t)(end - *p));
	uint8_t *c;

	*len = (size_t)((z ? z : end) - *p);
	c = malloc(*len ? *len : 1);
	if (c)
		memcpy(c, *p, *len);
	*p = z ? z + 1 : end;
	return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	struct kmsg_parser *kp = NULL;
	size_t lp, lt, lm, events = 0;
	uint8_t *prio = part(&p, end, &lp), *ts = part(&p, end, &lt), *msg = part(&p, end, &lm);
	uint64_t usec = 0;
	int pr;

	if (!prio || !ts || !msg || kmsg_parser_new(on_event, &events, false, &kp))
		goto out;
	pr = kmsg_journal_priority(prio, lp, 6);
	if (pr < 0 || pr > 7)
		abort();
	kmsg_journal_usec(ts, lt, &usec);
	if (!kmsg_journal_message(kp, pr, 1, usec, msg, lm))
		kmsg_parser_finish(kp);
	if (events > 1 + lm)
		abort();
out:
	kmsg_parser_free(kp);
	free(prio);
	free(ts);
	free(msg);
	return 0;
}
