// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the replay matcher (probes/transport/replay.h):
 * which recorded exchange answers a command. Byte 0 is the number of
 * exchanges (0..8), byte 1 the cursor; then each exchange's command as a
 * length byte (its top bit: already used) and that many bytes; the rest is
 * the command sent. Checked against a plain search: the match is unused,
 * the same command, the first such at or after the cursor, else the first
 * before it; no match means no unused exchange is the same command; and
 * every recorded command matches itself.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "probes/transport/replay.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_EX 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tpm_exchange ex[MAX_EX];
	struct tpm_transcript tr = {.ex = ex};
	bool used[MAX_EX];
	size_t want, cursor, got, n, i, k, len;
	const uint8_t *cmd;

	if (size < 2)
		return 0;
	memset(ex, 0, sizeof(ex));
	n = data[0] % (MAX_EX + 1);
	cursor = data[1] % (MAX_EX + 2);
	k = 2;
	for (i = 0; i < n && k < size; i++) {
		len = data[k] & 0x7f;
		used[i] = data[k] & 0x80;
		k++;
		if (len > size - k)
			len = size - k;
		/* A copy, so ASan sees any read past the recorded command. */
		ex[i].cmd = malloc(len ? len : 1);
		if (!ex[i].cmd)
			abort();
		memcpy(ex[i].cmd, data + k, len);
		ex[i].cmd_len = len;
		k += len;
		tr.n = i + 1;
	}
	len = size - k;
	cmd = malloc(len ? len : 1);
	if (!cmd)
		abort();
	memcpy((uint8_t *)cmd, data + k, len);

	for (i = 0; i < tr.n; i++)
		if (!tpm_replay_same(&ex[i], ex[i].cmd, ex[i].cmd_len))
			abort();
	want = tr.n;
	for (i = cursor; i < tr.n && want == tr.n; i++)
		if (!used[i] && tpm_replay_same(&ex[i], cmd, len))
			want = i;
	for (i = 0; i < cursor && i < tr.n && want == tr.n; i++)
		if (!used[i] && tpm_replay_same(&ex[i], cmd, len))
			want = i;
	got = tpm_replay_find(&tr, used, cursor, cmd, len);
	if (got != want || got > tr.n)
		abort();
	if (got < tr.n && (used[got] || ex[got].cmd_len != len))
		abort();
	/* Outside the nonce, a match is byte for byte the command. */
	if (got < tr.n && len != 30 && memcmp(ex[got].cmd, cmd, len))
		abort();

	for (i = 0; i < tr.n; i++)
		free(ex[i].cmd);
	free((uint8_t *)cmd);
	return 0;
}
