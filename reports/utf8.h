/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * UTF-8 for the renderers that must write only valid text (JUnit's XML,
 * Prometheus' exposition format): the length of one well-formed sequence
 * (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF).
 */
#ifndef TPMDIAG_UTF8_H
#define TPMDIAG_UTF8_H

#include <stddef.h>

/* The length of the valid UTF-8 sequence at s (n bytes left, n >= 1), or 0. */
static inline size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned char lo = 0x80, hi = 0xbf;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (len > n)
		return 0;
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

#endif
