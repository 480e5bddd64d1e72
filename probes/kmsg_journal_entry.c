// SPDX-License-Identifier: GPL-2.0-or-later
/* One journal entry's fields (probes/kmsg_journal_entry.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "probes/kmsg_journal_entry.h"
#include "probes/parse/kmsg_parse.h"

bool kmsg_journal_field(const void *data, size_t len, const char *field, const char **val,
			size_t *vlen)
{
	size_t fl = strlen(field);

	if (len <= fl || memcmp(data, field, fl) || ((const char *)data)[fl] != '=')
		return false;
	*val = (const char *)data + fl + 1;
	*vlen = len - fl - 1;
	return true;
}

int kmsg_journal_priority(const void *data, size_t len, int def)
{
	const char *val;
	size_t vlen;

	if (kmsg_journal_field(data, len, "PRIORITY", &val, &vlen) && vlen == 1 && val[0] >= '0' &&
	    val[0] <= '7')
		return val[0] - '0';
	return def;
}

bool kmsg_journal_usec(const void *data, size_t len, uint64_t *usec)
{
	const char *val;
	size_t vlen, k;

	if (!kmsg_journal_field(data, len, "_SOURCE_MONOTONIC_TIMESTAMP", &val, &vlen))
		return false;
	*usec = 0;
	for (k = 0; k < vlen && k < 19 && val[k] >= '0' && val[k] <= '9'; k++)
		*usec = *usec * 10 + (uint64_t)(val[k] - '0');
	return true;
}

int kmsg_journal_message(struct kmsg_parser *p, int prio, uint64_t seq, uint64_t usec,
			 const void *data, size_t len)
{
	const char *msg;
	size_t mlen;
	char head[96];
	int n, r;

	if (!kmsg_journal_field(data, len, "MESSAGE", &msg, &mlen))
		return 0;
	n = snprintf(head, sizeof(head), "%d,%" PRIu64 ",%" PRIu64 ",-;", prio, seq, usec);
	r = kmsg_parser_feed(p, head, (size_t)n);
	/* one record, one line: embedded newlines become spaces */
	while (!r && mlen) {
		const char *nl = memchr(msg, '\n', mlen);
		size_t piece = nl ? (size_t)(nl - msg) : mlen;

		r = kmsg_parser_feed(p, msg, piece);
		if (!r && nl)
			r = kmsg_parser_feed(p, " ", 1);
		mlen -= piece + (nl != NULL);
		msg += piece + (nl != NULL);
	}
	return r ? r : kmsg_parser_feed(p, "\n", 1);
}
