// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for `send raw HEX`'s parser (hex_parse_words in
 * probes/tpm/hex.c). Byte 0 is the output's capacity (0..255); the rest is
 * split at NUL and LF into up to 64 words, as argv would hold them. The
 * count never passes the capacity; a failure names a word that exists and
 * is -EINVAL or -EMSGSIZE; a success names none, and the bytes printed by
 * hex_print and parsed again are the same bytes.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/tpm/hex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_WORDS 64

static void round_trip(const uint8_t *b, size_t n)
{
	char *text = NULL, *words[1];
	size_t len = 0, n2;
	uint8_t again[256];
	int bad;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		abort();
	hex_print(f, b, n, 0);
	if (fclose(f))
		abort();
	/* hex_print breaks lines with "\n"; one word per line. */
	for (char *p = text; *p; p++)
		if (*p == '\n')
			*p = ' ';
	/* Spaces are not in a word: give each pair its own word. */
	n2 = 0;
	for (char *tok = strtok(text, " "); tok; tok = strtok(NULL, " ")) {
		size_t one;

		words[0] = tok;
		if (hex_parse_words(1, words, again + n2, sizeof(again) - n2, &one, &bad))
			abort();
		n2 += one;
	}
	if (n2 != n || memcmp(again, b, n))
		abort();
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy, *argv[MAX_WORDS];
	uint8_t out[256];
	size_t cap, n = 0, i;
	int argc = 0, bad = 0, ret;

	if (!size)
		return 0;
	cap = data[0];
	copy = malloc(size);
	if (!copy)
		abort();
	memcpy(copy, data + 1, size - 1);
	copy[size - 1] = '\0';
	argv[argc++] = copy;
	for (i = 0; i + 1 < size && argc < MAX_WORDS; i++)
		if (copy[i] == '\n' || copy[i] == '\0') {
			copy[i] = '\0';
			argv[argc++] = copy + i + 1;
		}
	ret = hex_parse_words(argc, argv, out, cap, &n, &bad);
	if (n > cap)
		abort();
	if (ret) {
		if ((ret != -EINVAL && ret != -EMSGSIZE) || bad < 0 || bad >= argc)
			abort();
	} else {
		if (bad != -1)
			abort();
		round_trip(out, n);
	}
	free(copy);
	return 0;
}
