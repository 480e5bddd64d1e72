// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for swtpm's control-channel answers
 * (probes/transport/swtpm_ctrl_answer.c): the first byte picks the command
 * the rest answers; the answer is copied to a buffer exactly its size so
 * ASan catches a read past it. A decoded info text must be NUL-terminated
 * and printable.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "probes/transport/swtpm.h"
#include "probes/transport/swtpm_ctrl_answer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint32_t codes[] = {
    SWTPM_CMD_GET_CAPABILITY, SWTPM_CMD_INIT, SWTPM_CMD_SHUTDOWN, SWTPM_CMD_GET_TPMESTABLISHED,
    SWTPM_CMD_CANCEL_TPM_CMD, SWTPM_CMD_STOP, SWTPM_CMD_GET_INFO};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct swtpm_answer a;
	const char *why;
	uint8_t *copy;
	size_t i, n;

	if (!size)
		return 0;
	n = size - 1;
	copy = malloc(n ? n : 1);
	if (!copy)
		return 0;
	memcpy(copy, data + 1, n);
	if (!swtpm_ctrl_decode(codes[data[0] % (sizeof(codes) / sizeof(codes[0]))], copy, n, &a,
			       &why)) {
		if (!memchr(a.info, '\0', sizeof(a.info)))
			abort();
		for (i = 0; a.info[i]; i++)
			if (a.info[i] < 0x20 || a.info[i] == 0x7f)
				abort();
		if (a.established < -1 || a.established > 1)
			abort();
	} else if (!why || !*why) {
		abort();
	}
	free(copy);
	return 0;
}
