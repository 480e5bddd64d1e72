// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>

#include "probes/tpm/hex.h"

void hex_print(FILE *f, const uint8_t *p, size_t n, int indent)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i && i % 16 == 0)
			fprintf(f, "\n%*s", indent, "");
		else if (i)
			fputc(' ', f);
		fprintf(f, "%02x", p[i]);
	}
}

void hex_lower(const uint8_t *v, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[v[i] >> 4];
		out[2 * i + 1] = digits[v[i] & 15];
	}
	out[2 * n] = '\0';
}

int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* One word: hex digits, optionally in groups split by ',' ':' or with 0x prefixes. */
static int hex_parse_word(const char *w, uint8_t *out, size_t cap, size_t *n)
{
	int hi = -1, v;

	while (*w) {
		if (*w == ',' || *w == ':') {
			if (hi >= 0)
				return -EINVAL;
			w++;
			continue;
		}
		if (hi < 0 && w[0] == '0' && (w[1] == 'x' || w[1] == 'X')) {
			w += 2;
			continue;
		}
		v = hex_digit(*w++);
		if (v < 0)
			return -EINVAL;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (*n >= cap)
			return -EMSGSIZE;
		out[(*n)++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	return hi >= 0 ? -EINVAL : 0;
}

int hex_parse_words(int argc, char **argv, uint8_t *out, size_t cap, size_t *n, int *bad)
{
	int i, ret = 0;

	*n = 0;
	*bad = -1;
	for (i = 0; i < argc && !ret; i++) {
		ret = hex_parse_word(argv[i], out, cap, n);
		if (ret)
			*bad = i;
	}
	return ret;
}
