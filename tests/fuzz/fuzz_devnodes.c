// SPDX-License-Identifier: GPL-2.0-or-later
/* The /dev/.nodes parser of saved trees on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "probes/parse/devnodes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stat st;

	devnodes_lookup((const char *)data, size, "tpm0", &st);
	devnodes_lookup((const char *)data, size, "tpmrm0", &st);
	return 0;
}
