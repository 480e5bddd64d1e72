// SPDX-License-Identifier: GPL-2.0-or-later
#include <criterion/criterion.h>

#include "probes/transport/transport.h"
#include "tests/integration/tpm12_raw.h"

uint32_t tpm12_raw(const char *spec, uint32_t ord, bool param, uint16_t v)
{
	uint8_t cmd[12] = {0x00, 0xC1, 0, 0, 0, 10}, rsp[4096];
	struct tpm_open_opts oo = {0};
	struct tpm_transport *t = NULL;
	size_t n = 10, rn = 0;
	char err[512];

	cr_assert_eq(tpm_transport_open(spec, &oo, &t, err, sizeof(err)), 0, "%s", err);
	cmd[6] = (uint8_t)(ord >> 24);
	cmd[7] = (uint8_t)(ord >> 16);
	cmd[8] = (uint8_t)(ord >> 8);
	cmd[9] = (uint8_t)ord;
	if (param) {
		cmd[n++] = (uint8_t)(v >> 8);
		cmd[n++] = (uint8_t)v;
	}
	cmd[5] = (uint8_t)n;
	cr_assert_eq(tpm_transmit(t, cmd, n, rsp, sizeof(rsp), &rn, 5000), 0, "%s", t->err);
	tpm_transport_close(t);
	return (uint32_t)rsp[6] << 24 | (uint32_t)rsp[7] << 16 | (uint32_t)rsp[8] << 8 | rsp[9];
}
