// SPDX-License-Identifier: GPL-2.0-or-later
/* A journal entry's fields as the journal hands them out (probes/kmsg_journal_entry.c). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "probes/kmsg_journal_entry.h"
#include "probes/parse/kmsg_parse.h"

static char got[512];

static int keep(void *arg, const struct kmsg_event *ev)
{
	(void)arg;
	snprintf(got, sizeof(got), "%d %.3f %s", ev->prio, ev->ts, ev->text);
	return 0;
}

Test(kmsg_journal_entry, fields_as_the_journal_gives_them)
{
	const char prio[] = "PRIORITY=3", bad[] = "PRIORITY=9",
		   ts[] = "_SOURCE_MONOTONIC_TIMESTAMP=2211161x";
	uint64_t usec = 0;

	/* no NUL at the end: the lengths are the journal's */
	cr_expect_eq(kmsg_journal_priority(prio, sizeof(prio) - 1, 6), 3);
	cr_expect_eq(kmsg_journal_priority(bad, sizeof(bad) - 1, 6), 6);
	cr_expect_eq(kmsg_journal_priority(prio, 9, 6), 6); /* "PRIORITY=" with no value */
	cr_expect(kmsg_journal_usec(ts, sizeof(ts) - 1, &usec));
	cr_expect_eq(usec, 2211161);
	cr_expect_not(kmsg_journal_usec(prio, sizeof(prio) - 1, &usec));
}

Test(kmsg_journal_entry, message_is_one_record_on_one_line)
{
	const char msg[] = "MESSAGE=tpm tpm0: A TPM error (9) occurred attempting to read a pcr "
			   "value\nmore";
	struct kmsg_parser *p = NULL;

	cr_assert_eq(kmsg_parser_new(keep, NULL, false, &p), 0);
	cr_assert_eq(kmsg_journal_message(p, 3, 7, 10391821, msg, sizeof(msg) - 1), 0);
	cr_assert_eq(kmsg_parser_finish(p), 0);
	kmsg_parser_free(p);
	cr_expect_str_eq(
	    got, "3 10.392 tpm tpm0: A TPM error (9) occurred attempting to read a pcr value "
		 "more");
}
