// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The response parsers of the ownership flows on arbitrary bytes: the TPM
 * 2.0 authorisation-area parser (with 0-3 handles and 0-3 sessions) and the
 * TPM 1.2 OIAP answer. Never a crash or an out-of-bounds read.
 */
#include <stddef.h>
#include <stdint.h>

#include "diag/own/tpm12_auth.h"
#include "diag/own/tpm20_session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tpm12_session s12;
	struct tpm20_rsp r;
	size_t h, n;

	for (h = 0; h < 3; h++)
		for (n = 0; n < 3; n++)
			tpm20_rsp_parse(data, size, h, n, &r);
	tpm12_oiap_parse(data, size, &s12);
	return 0;
}
