// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * An earlier boot's kernel log from the systemd journal (--boot N), via
 * libsystemd's sd-journal: list the boots in the order they started, pick
 * the Nth, and feed its _TRANSPORT=kernel entries to the parser as
 * /dev/kmsg records ("PRI,SEQ,USEC,-;MESSAGE").
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-journal.h>

#include "probes/kmsg.h"
#include "probes/kmsg_journal_entry.h"

#define KMSG_MAX_BOOTS 4096

struct kmsg_boot {
	char id[33];
	uint64_t first_usec;
};

static int boot_cmp(const void *a, const void *b)
{
	const struct kmsg_boot *x = a, *y = b;

	return x->first_usec < y->first_usec ? -1 : x->first_usec > y->first_usec;
}

/* The boots of the journal, oldest first. */
static int list_boots(sd_journal *j, struct kmsg_boot **out, size_t *n)
{
	struct kmsg_boot *b = NULL, *nb;
	size_t cap = 0, cnt = 0, i, vlen;
	const void *data;
	const char *val;
	size_t len;
	char match[64];
	int r;

	*out = NULL;
	*n = 0;
	r = sd_journal_query_unique(j, "_BOOT_ID");
	if (r < 0)
		return r;
	SD_JOURNAL_FOREACH_UNIQUE(j, data, len)
	{
		if (!kmsg_journal_field(data, len, "_BOOT_ID", &val, &vlen) || vlen != 32)
			continue;
		if (cnt == KMSG_MAX_BOOTS)
			break;
		if (cnt == cap) {
			cap = cap ? cap * 2 : 16;
			nb = realloc(b, cap * sizeof(*b));
			if (!nb) {
				free(b);
				return -ENOMEM;
			}
			b = nb;
		}
		memcpy(b[cnt].id, val, 32);
		b[cnt].id[32] = '\0';
		b[cnt].first_usec = UINT64_MAX;
		cnt++;
	}
	for (i = 0; i < cnt; i++) {
		sd_journal_flush_matches(j);
		snprintf(match, sizeof(match), "_BOOT_ID=%s", b[i].id);
		if (sd_journal_add_match(j, match, 0) < 0 || sd_journal_seek_head(j) < 0 ||
		    sd_journal_next(j) <= 0 ||
		    sd_journal_get_realtime_usec(j, &b[i].first_usec) < 0)
			b[i].first_usec = UINT64_MAX;
	}
	sd_journal_flush_matches(j);
	qsort(b, cnt, sizeof(*b), boot_cmp);
	*out = b;
	*n = cnt;
	return 0;
}

static int feed_entry(sd_journal *j, struct kmsg_parser *p, uint64_t seq)
{
	uint64_t usec = 0;
	const void *data;
	size_t len;
	int prio = 6;

	if (sd_journal_get_data(j, "PRIORITY", &data, &len) >= 0)
		prio = kmsg_journal_priority(data, len, prio);
	if (sd_journal_get_data(j, "_SOURCE_MONOTONIC_TIMESTAMP", &data, &len) < 0 ||
	    !kmsg_journal_usec(data, len, &usec))
		sd_journal_get_monotonic_usec(j, &usec, NULL);
	/* last: the data pointer is valid only until the next sd_journal_get_data() */
	if (sd_journal_get_data(j, "MESSAGE", &data, &len) < 0)
		return 0;
	return kmsg_journal_message(p, prio, seq, usec, data, len);
}

int kmsg_journal_feed(const struct rootfs *root, int boot, struct kmsg_parser *p, char *desc,
		      size_t desc_len, char *why, size_t why_len)
{
	struct kmsg_boot *boots = NULL;
	sd_journal *j = NULL;
	char dir[4200], match[64];
	const char *where;
	size_t nboots = 0;
	long idx;
	uint64_t seq = 0;
	int r;

	if (root && !root->host) {
		snprintf(dir, sizeof(dir), "%s/var/log/journal", root->path);
		where = dir;
		r = sd_journal_open_directory(&j, dir, 0);
	} else {
		where = "the system journal";
		r = sd_journal_open(&j, SD_JOURNAL_LOCAL_ONLY | SD_JOURNAL_SYSTEM);
	}
	snprintf(desc, desc_len, "journal boot %d", boot);
	if (r < 0) {
		snprintf(why, why_len, "cannot open %s: %s", where, strerror(-r));
		goto out;
	}
	r = list_boots(j, &boots, &nboots);
	if (r == -ENOMEM)
		goto out;
	if (r < 0) {
		snprintf(why, why_len, "cannot list the boots in %s: %s", where, strerror(-r));
		goto out;
	}
	idx = boot < 0 ? (long)nboots - 1 + boot : (long)boot - 1;
	if (!nboots || idx < 0 || idx >= (long)nboots) {
		snprintf(why, why_len,
			 "%s has %zu boot%s readable by this user; --boot %d is not among them%s",
			 where, nboots, nboots == 1 ? "" : "s", boot,
			 nboots ? ""
				: " (no persistent journal, or no permission: run as root or "
				  "as a member of systemd-journal)");
		r = -ENOENT;
		goto out;
	}
	snprintf(desc, desc_len, "journal boot %d (%s)", boot, boots[idx].id);
	snprintf(match, sizeof(match), "_BOOT_ID=%s", boots[idx].id);
	if ((r = sd_journal_add_match(j, match, 0)) < 0 ||
	    (r = sd_journal_add_match(j, "_TRANSPORT=kernel", 0)) < 0 ||
	    (r = sd_journal_seek_head(j)) < 0) {
		snprintf(why, why_len, "cannot select boot %s in %s: %s", boots[idx].id, where,
			 strerror(-r));
		goto out;
	}
	while ((r = sd_journal_next(j)) > 0) {
		r = feed_entry(j, p, seq++);
		if (r)
			goto out;
	}
	if (r < 0) {
		snprintf(why, why_len, "reading boot %s from %s failed: %s", boots[idx].id, where,
			 strerror(-r));
		goto out;
	}
	r = 0;
out:
	free(boots);
	sd_journal_close(j);
	return r;
}
