// SPDX-License-Identifier: GPL-2.0-or-later
/* The journal parser of tpmdiag own (diag/own/own_journal.c) on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag/own/own_journal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct own_journal_info *j = malloc(sizeof(*j)); /* large: not on the stack */
	char err[256];
	size_t i;

	if (!j)
		return 0;
	if (!own_journal_parse((const char *)data, size, j, err, sizeof(err))) {
		/* every string the parser filled is terminated inside its buffer */
		if (!memchr(j->device, '\0', sizeof(j->device)) ||
		    !memchr(j->stop, '\0', sizeof(j->stop)) || j->n_steps > OWN_JOURNAL_STEPS)
			__builtin_trap();
		for (i = 0; i < j->n_steps; i++)
			if (!memchr(j->steps[i].detail, '\0', sizeof(j->steps[i].detail)))
				__builtin_trap();
		own_journal_has(j, "takeownership", "sent");
	} else if (!memchr(err, '\0', sizeof(err))) {
		__builtin_trap();
	}
	free(j);
	return 0;
}
