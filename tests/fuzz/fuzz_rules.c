// SPDX-License-Identifier: GPL-2.0-or-later
/* The rule-file loader and linter on arbitrary bytes: never a crash or a leak. */
#include <stddef.h>
#include <stdint.h>

#include "diag/engine/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ruleset *rs;

	if (ruleset_new(&rs))
		return 0;
	ruleset_load_text(rs, "fuzz.yaml", (const char *)data, size);
	ruleset_finish(rs);
	ruleset_free(rs);
	return 0;
}
