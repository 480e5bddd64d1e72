// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Secure Boot as PCR 7 saw it (eventlog.h, evlog_secureboot): the TCG PC
 * Client Platform Firmware Profile has the firmware measure, into PCR 7,
 * the SecureBoot, PK, KEK, db and dbx variables as
 * EV_EFI_VARIABLE_DRIVER_CONFIG events before the separator, and each
 * database entry that allowed an image as EV_EFI_VARIABLE_AUTHORITY. What
 * those events held is what a secret sealed to PCR 7 is sealed to.
 */
#include <stdio.h>
#include <string.h>

#include "probes/eventlog/eventlog.h"
#include "probes/eventlog/eventlog_priv.h"

#define EV_EFI_VARIABLE_DRIVER_CONFIG 0x80000001u
#define EV_EFI_VARIABLE_AUTHORITY     0x800000E0u
#define PCR_SECURE_BOOT		      7

/* The variable's name and value, or false when the data is not a UEFI_VARIABLE_DATA. */
static bool variable(const struct evlog_event *e, char *name, size_t cap, const uint8_t **v,
		     size_t *n)
{
	uint64_t nlen, vlen;

	if (e->data_len < VAR_HEAD)
		return false;
	nlen = evlog_le64(e->data + 16);
	vlen = evlog_le64(e->data + 24);
	if (nlen > (e->data_len - VAR_HEAD) / 2 || vlen > e->data_len - VAR_HEAD - nlen * 2)
		return false;
	evlog_utf16_to_utf8(e->data + VAR_HEAD, (size_t)nlen, name, cap);
	*v = e->data + VAR_HEAD + nlen * 2;
	*n = (size_t)vlen;
	return true;
}

static void config(const struct evlog_event *e, size_t at, struct evlog_secureboot *sb)
{
	static const char *const dbs[] = {"PK", "KEK", "db", "dbx"};
	long *counts[] = {&sb->pk, &sb->kek, &sb->db, &sb->dbx};
	const uint8_t *v;
	char name[64];
	size_t n, i, count;

	if (!variable(e, name, sizeof(name), &v, &n))
		return;
	if (!strcmp(name, "SecureBoot")) {
		sb->secureboot = n == 1 ? v[0] != 0 : -2;
		sb->secureboot_event = at;
		return;
	}
	for (i = 0; i < sizeof(dbs) / sizeof(dbs[0]); i++)
		if (!strcmp(name, dbs[i]))
			*counts[i] = evlog_siglists_count(v, n, &count) ? -2 : (long)count;
}

void evlog_secureboot(const struct evlog *log, struct evlog_secureboot *sb)
{
	static const char prefix[] = "EFI variable ";
	char text[sizeof(sb->auth[0]) + sizeof(prefix)];
	size_t i;

	memset(sb, 0, sizeof(*sb));
	sb->secureboot = sb->pk = sb->kek = sb->db = sb->dbx = -1;
	for (i = 0; i < log->n_events; i++) {
		const struct evlog_event *e = &log->events[i];

		if (e->pcr != PCR_SECURE_BOOT)
			continue;
		if (e->type == EV_EFI_VARIABLE_DRIVER_CONFIG) {
			config(e, i, sb);
		} else if (e->type == EV_EFI_VARIABLE_AUTHORITY) {
			if (sb->n_auth == EVLOG_SB_AUTH_MAX) {
				sb->more_auth++;
				continue;
			}
			evlog_describe(e, text, sizeof(text));
			snprintf(sb->auth[sb->n_auth++], sizeof(sb->auth[0]), "%s",
				 strncmp(text, prefix, sizeof(prefix) - 1)
				     ? text
				     : text + sizeof(prefix) - 1);
		}
	}
}
