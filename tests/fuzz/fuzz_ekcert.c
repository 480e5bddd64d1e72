// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the EK certificate reader (probes/keys/ekcert.c),
 * given the bytes as an NV index holds them. It answers 0, -EBADMSG or
 * -ENOPKG and nothing else; on success the certificate took no more than
 * there was, parses the same from just those bytes, its strings end
 * within their buffers and hold no control character, the dates have
 * the ISO 8601 shape, and an RSA modulus fits and has no leading zero.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "probes/keys/ekcert.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_text(const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);

	if (n == cap)
		abort();
	while (n--)
		if ((unsigned char)s[n] < 0x20 || s[n] == 0x7f)
			abort();
}

static void check_date(const char *s)
{
	/* "YYYY-MM-DDTHH:MM:SSZ": 20 characters */
	if (strlen(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
	    s[16] != ':' || s[19] != 'Z')
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ekcert c, again;
	int rc = ekcert_parse(data, size, &c);

	if (rc == -EBADMSG || rc == -ENOPKG)
		return 0;
	if (rc)
		abort();
	if (!c.der_len || c.der_len > size)
		abort();
	check_text(c.issuer, sizeof(c.issuer));
	check_date(c.not_before);
	check_date(c.not_after);
	if (c.key == EKCERT_KEY_RSA &&
	    (!c.modulus_len || c.modulus_len > sizeof(c.modulus) || !c.modulus[0]))
		abort();
	if (c.key != EKCERT_KEY_RSA && c.modulus_len)
		abort();
	if (ekcert_parse(data, c.der_len, &again) || again.der_len != c.der_len ||
	    strcmp(again.issuer, c.issuer) || again.modulus_len != c.modulus_len ||
	    memcmp(again.modulus, c.modulus, c.modulus_len))
		abort();
	return 0;
}
