// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the kernel probe's text (probes/parse/kernel_text.h).
 * The input is read as a kernel config: each value is NUL-terminated within
 * its buffer (a small one too), holds no line break, and is "n" unless a
 * line begins CONFIG_<name>=. Then as /proc/cmdline: at most max
 * parameters, each non-empty, inside the buffer, and blank only inside
 * double quotes.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/parse/kernel_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_value(const char *text, const char *name, size_t cap)
{
	char val[64], key[64];
	size_t n;

	kernel_config_value(text, name, val, cap);
	n = strnlen(val, cap);
	if (n >= cap || strchr(val, '\n'))
		abort();
	snprintf(key, sizeof(key), "CONFIG_%s=", name);
	if (strcmp(val, "n") && strncmp(text, key, strlen(key)) && !strstr(text, key))
		abort();
}

static void check_token(const char *buf, size_t len, const char *t)
{
	bool quoted = false;

	if (t < buf || t >= buf + len || !*t)
		abort();
	for (; *t; t++) {
		if (*t == '"')
			quoted = !quoted;
		else if (!quoted && isspace((unsigned char)*t))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {"TCG_TPM", "TCG_TIS", "IMA", "TCG_TIS_SPI_CR50"};
	const char *toks[8];
	char *text;
	size_t i, n, max;

	text = malloc(size + 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		check_value(text, names[i], 64);
		check_value(text, names[i], 2);
	}
	max = size ? data[0] % 9 : 8;
	n = kernel_cmdline_split(text, toks, max);
	if (n > max)
		abort();
	for (i = 0; i < n; i++)
		check_token(text, size + 1, toks[i]);
	free(text);
	return 0;
}
