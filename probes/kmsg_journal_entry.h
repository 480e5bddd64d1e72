/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One systemd-journal entry's fields as the journal hands them out
 * ("FIELD=value", not NUL-terminated, at most the length given), read
 * with no I/O: the value of a field, PRIORITY, _SOURCE_MONOTONIC_TIMESTAMP,
 * and MESSAGE fed to the kernel-log parser as one /dev/kmsg record
 * ("PRI,SEQ,USEC,-;MESSAGE", embedded newlines as spaces).
 */
#ifndef TPMDIAG_KMSG_JOURNAL_ENTRY_H
#define TPMDIAG_KMSG_JOURNAL_ENTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kmsg_parser;

/* The value of FIELD=VALUE data of len bytes: true with val/vlen inside data. */
bool kmsg_journal_field(const void *data, size_t len, const char *field, const char **val,
			size_t *vlen);

/* PRIORITY=N data: N when it is one digit 0-7, else def. */
int kmsg_journal_priority(const void *data, size_t len, int def);

/* _SOURCE_MONOTONIC_TIMESTAMP=USEC data: true with its leading digits (at most 19). */
bool kmsg_journal_usec(const void *data, size_t len, uint64_t *usec);

/* MESSAGE=... data as one record of p: 0, or what kmsg_parser_feed returned. */
int kmsg_journal_message(struct kmsg_parser *p, int prio, uint64_t seq, uint64_t usec,
			 const void *data, size_t len);

#endif
