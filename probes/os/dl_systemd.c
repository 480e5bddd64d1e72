// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libsystemd's journal reader on first use (probes/os/dl.h): the functions
 * probes/kmsg_journal.c calls, with sd-journal.h's prototypes. Without the
 * library sd_journal_open() fails with -ENOPKG and the kernel log of an
 * earlier boot is unreadable with that reason.
 */
#include <errno.h>
#include <pthread.h>
#include <systemd/sd-journal.h>

#include "probes/os/dl.h"

#define SYSTEMD_SYMS(X)                                                                            \
	X(sd_journal_open)                                                                         \
	X(sd_journal_open_directory)                                                               \
	X(sd_journal_close)                                                                        \
	X(sd_journal_next)                                                                         \
	X(sd_journal_get_realtime_usec)                                                            \
	X(sd_journal_get_monotonic_usec)                                                           \
	X(sd_journal_get_data)                                                                     \
	X(sd_journal_add_match)                                                                    \
	X(sd_journal_flush_matches)                                                                \
	X(sd_journal_seek_head)                                                                    \
	X(sd_journal_query_unique)                                                                 \
	X(sd_journal_enumerate_available_unique)                                                   \
	X(sd_journal_restart_unique)

DL_DEFINE(systemd, DL_SYSTEMD, "libsystemd.so.0", "libsystemd0",
	  "the kernel log of earlier boots from the systemd journal", SYSTEMD_SYMS)

int sd_journal_open(sd_journal **ret, int flags)
{
	return DL_CALL(systemd, sd_journal_open, -ENOPKG, ret, flags);
}

int sd_journal_open_directory(sd_journal **ret, const char *path, int flags)
{
	return DL_CALL(systemd, sd_journal_open_directory, -ENOPKG, ret, path, flags);
}

void sd_journal_close(sd_journal *j)
{
	if (j)
		DL_CALL_VOID(systemd, sd_journal_close, j);
}

int sd_journal_next(sd_journal *j)
{
	return DL_CALL(systemd, sd_journal_next, -ENOPKG, j);
}

int sd_journal_get_realtime_usec(sd_journal *j, uint64_t *ret)
{
	return DL_CALL(systemd, sd_journal_get_realtime_usec, -ENOPKG, j, ret);
}

int sd_journal_get_monotonic_usec(sd_journal *j, uint64_t *ret, sd_id128_t *ret_boot_id)
{
	return DL_CALL(systemd, sd_journal_get_monotonic_usec, -ENOPKG, j, ret, ret_boot_id);
}

int sd_journal_get_data(sd_journal *j, const char *field, const void **data, size_t *l)
{
	return DL_CALL(systemd, sd_journal_get_data, -ENOPKG, j, field, data, l);
}

int sd_journal_add_match(sd_journal *j, const void *data, size_t size)
{
	return DL_CALL(systemd, sd_journal_add_match, -ENOPKG, j, data, size);
}

void sd_journal_flush_matches(sd_journal *j)
{
	DL_CALL_VOID(systemd, sd_journal_flush_matches, j);
}

int sd_journal_seek_head(sd_journal *j)
{
	return DL_CALL(systemd, sd_journal_seek_head, -ENOPKG, j);
}

int sd_journal_query_unique(sd_journal *j, const char *field)
{
	return DL_CALL(systemd, sd_journal_query_unique, -ENOPKG, j, field);
}

int sd_journal_enumerate_available_unique(sd_journal *j, const void **data, size_t *l)
{
	return DL_CALL(systemd, sd_journal_enumerate_available_unique, -ENOPKG, j, data, l);
}

void sd_journal_restart_unique(sd_journal *j)
{
	DL_CALL_VOID(systemd, sd_journal_restart_unique, j);
}
