// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the return-code decoder: the first four bytes are a
 * big-endian u32 (shorter inputs are zero-padded), decoded as both families
 * and formatted into a small buffer whose length comes from the fifth byte.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "probes/tpm/rc.h"
#include "probes/tpm/rc_windows.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_one(uint32_t rc, enum tpm_family f, size_t len)
{
	static const char canary = 0x5A;
	char buf[48];
	struct tpm_rc_desc d;
	int full, got;

	if (tpm_rc_decode(rc, f, &d) != 0)
		abort();
	if (d.known && (!d.name || !d.sentence || !d.layer))
		abort();
	memset(buf, canary, sizeof(buf));
	full = tpm_rc_format(&d, NULL, 0);
	got = tpm_rc_format(&d, buf, len);
	if (full <= 0 || got != full)
		abort();
	for (size_t i = len; i < sizeof(buf); i++)
		if (buf[i] != canary)
			abort();
	if (len > 0 && memchr(buf, '\0', len) == NULL)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t b[5] = {0};
	uint32_t rc;
	size_t len;

	if (data && size)
		memcpy(b, data, size < sizeof(b) ? size : sizeof(b));
	rc = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
	len = b[4] % 33; /* 0..32, inside the 48-byte buffer */
	check_one(rc, TPM_FAMILY_12, len);
	check_one(rc, TPM_FAMILY_20, len);
	{
		struct tpm_hr h;

		tpm_hr_decode(rc, &h);
		if (h.kind == TPM_HR_TPM && (h.tpm_rc > 0xfff || (rc & 0xfffff000u) != 0x80280000u))
			abort();
		if ((h.kind == TPM_HR_TBS || h.kind == TPM_HR_TPMAPI) && h.name && !h.sentence)
			abort();
		if (h.kind == TPM_HR_TPM)
			check_one(h.tpm_rc, TPM_FAMILY_20, len);
	}
	return 0;
}
