// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the holder scan's reading of /proc (probes/os/
 * holders.c): the input's first line is taken as a /proc entry name and as
 * an fd link target, the other lines (up to 80) as the device paths.
 * A name read as a pid is digits whose value prints back the same (leading
 * zeros aside) and fits an int; one refused leaves 0. The match sets only
 * bits of the first 64 paths, exactly those equal to the target.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/os/holders.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_DEV 80

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy, *lines[MAX_DEV + 1], back[32];
	size_t n = 0, i;
	uint64_t held;
	pid_t pid = -1;
	const char *digits;

	copy = malloc(size + 1);
	if (!copy)
		abort();
	memcpy(copy, data, size);
	copy[size] = '\0';
	lines[n++] = copy;
	for (i = 0; i < size && n <= MAX_DEV; i++)
		if (copy[i] == '\n') {
			copy[i] = '\0';
			lines[n++] = copy + i + 1;
		}

	if (tpm_holders_pid(lines[0], &pid)) {
		if (pid != 0)
			abort();
	} else {
		if (pid < 0)
			abort();
		digits = lines[0] + strspn(lines[0], "0");
		snprintf(back, sizeof(back), "%d", (int)pid);
		if (strcmp(back, *digits ? digits : "0"))
			abort();
	}

	held = tpm_holders_match(lines[0], (const char *const *)lines + 1, n - 1);
	for (i = 0; i < 64; i++) {
		int want = i < n - 1 && !strcmp(lines[0], lines[i + 1]);

		if (!!(held & (UINT64_C(1) << i)) != want)
			abort();
	}
	free(copy);
	return 0;
}
