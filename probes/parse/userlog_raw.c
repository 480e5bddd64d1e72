// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The user-space line parser's reader of raw TPM response bytes as people
 * paste them (userlog.h: userlog_raw_response): hex runs, Python bytes,
 * lists, hex dumps; the header's tag and return code.
 */
#include <string.h>

#include "probes/parse/userlog.h"
#include "probes/parse/userlog_priv.h"

/* ---- raw response bytes --------------------------------------------------- */

#define RAW_MAX 64 /* bytes looked at: the header is 10 */

static bool raw_push(uint8_t *b, size_t *nb, unsigned v)
{
	if (v > 255)
		return false;
	if (*nb < RAW_MAX)
		b[*nb] = (uint8_t)v;
	(*nb)++;
	return true;
}

static bool rest_blank(const char *s, size_t n, size_t i)
{
	for (; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

/* An even run of hex digits as bytes: "00c40000000a00000026". */
static bool hex_run(const char *s, size_t n, uint8_t *b, size_t *nb)
{
	size_t i;

	if (n % 2)
		return false;
	for (i = 0; i < n; i += 2) {
		int h = hex_digit(s[i]), l = hex_digit(s[i + 1]);

		if (h < 0 || l < 0 || !raw_push(b, nb, (unsigned)(h << 4 | l)))
			return false;
	}
	return true;
}

/* Python bytes: b'\x00\xc4\x00\x00\x00\n\x00\x00\x00&', or a hexlify()ed b'00c4...'. */
static bool raw_pybytes(const char *s, size_t n, uint8_t *b, size_t *nb)
{
	static const char esc_from[] = "ntr\\'\"0";
	static const uint8_t esc_to[] = {'\n', '\t', '\r', '\\', '\'', '"', 0};
	const char *e;
	char q;
	size_t i, end;

	if (n < 3 || s[0] != 'b' || (s[1] != '\'' && s[1] != '"'))
		return false;
	q = s[1];
	for (end = 2; end < n && s[end] != q; end++)
		if (s[end] == '\\')
			end++;
	if (end >= n || !rest_blank(s, n, end + 1))
		return false;
	if (end - 2 >= 20 && hex_run(s + 2, end - 2, b, nb))
		return true;
	*nb = 0;
	for (i = 2; i < end; i++) {
		unsigned v = (unsigned char)s[i];

		if (s[i] == '\\') {
			if (i + 1 >= end)
				return false;
			if (s[i + 1] == 'x') {
				if (i + 3 >= end || hex_digit(s[i + 2]) < 0 ||
				    hex_digit(s[i + 3]) < 0)
					return false;
				v = (unsigned)(hex_digit(s[i + 2]) << 4 | hex_digit(s[i + 3]));
				i += 3;
			} else {
				e = memchr(esc_from, s[i + 1], sizeof(esc_from) - 1);
				if (!e)
					return false;
				v = esc_to[e - esc_from];
				i++;
			}
		}
		raw_push(b, nb, v);
	}
	return true;
}

/* A Python list: ['0x0', '0xc4', ...] (hex()) or [0, 196, ...] (list(bytes)). */
static bool raw_list(const char *s, size_t n, uint8_t *b, size_t *nb)
{
	size_t i = 1;
	uint64_t v;
	char q;

	if (!n || s[0] != '[')
		return false;
	for (;;) {
		while (i < n && s[i] == ' ')
			i++;
		q = i < n && (s[i] == '\'' || s[i] == '"') ? s[i++] : 0;
		v = 0;
		if (i + 1 < n && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
			size_t d = i += 2;

			for (; i < n && hex_digit(s[i]) >= 0 && i - d < 3; i++)
				v = v << 4 | (uint64_t)hex_digit(s[i]);
			if (i == d)
				return false;
		} else {
			size_t d = i;

			for (; i < n && is_digit(s[i]) && i - d < 4; i++)
				v = v * 10 + (uint64_t)(s[i] - '0');
			if (i == d)
				return false;
		}
		if (q && (i >= n || s[i++] != q))
			return false;
		if (!raw_push(b, nb, (unsigned)v))
			return false;
		while (i < n && s[i] == ' ')
			i++;
		if (i < n && s[i] == ',') {
			i++;
			continue;
		}
		return i < n && s[i] == ']' && rest_blank(s, n, i + 1);
	}
}

/* hexdump -C "00000000  00 c4 00 00 ...  |...|" or xxd "00000000: 00c4 0000 ...  ....". */
static bool raw_dump(const char *s, size_t n, uint8_t *b, size_t *nb)
{
	size_t i = 8, t;

	if (n < 10 || memcmp(s, "00000000", 8) || (s[8] != ':' && s[8] != ' '))
		return false;
	i++;
	for (;;) {
		while (i < n && s[i] == ' ')
			i++;
		for (t = i; t < n && hex_digit(s[t]) >= 0; t++)
			;
		if (t == i || t - i > 8 || (t < n && s[t] != ' ') || !hex_run(s + i, t - i, b, nb))
			return *nb > 0;
		i = t;
	}
}

/* "00 c4 00 00 00 0a 00 00 00 26", "0x00, 0xc4, ...", "00:c4:...", "00c40000000a00000026". */
static bool raw_tokens(const char *s, size_t n, uint8_t *b, size_t *nb)
{
	size_t i = 0, t;

	for (t = 0; t < n && hex_digit(s[t]) >= 0; t++)
		;
	if (t >= 20 && rest_blank(s, n, t))
		return hex_run(s, t, b, nb);
	while (i < n) {
		unsigned v = 0;
		size_t d;

		if (i + 1 < n && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X'))
			i += 2;
		for (d = i; i < n && hex_digit(s[i]) >= 0 && i - d < 3; i++)
			v = v << 4 | (unsigned)hex_digit(s[i]);
		if (i == d || i - d > 2 || !raw_push(b, nb, v))
			return false;
		if (i < n && (s[i] == ',' || s[i] == ':'))
			i++;
		if (i < n && s[i] != ' ' && s[i] != '\t')
			return false;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
	}
	return true;
}

static bool raw_at(const char *s, size_t n, uint16_t *tag, uint32_t *rc, int *family)
{
	uint8_t b[RAW_MAX];
	size_t nb = 0;
	uint32_t size;

	if (!(raw_pybytes(s, n, b, &nb) || (nb = 0, raw_list(s, n, b, &nb)) ||
	      (nb = 0, raw_dump(s, n, b, &nb)) || (nb = 0, raw_tokens(s, n, b, &nb))))
		return false;
	if (nb < 10)
		return false;
	*tag = (uint16_t)(b[0] << 8 | b[1]);
	size = (uint32_t)b[2] << 24 | (uint32_t)b[3] << 16 | (uint32_t)b[4] << 8 | b[5];
	*rc = (uint32_t)b[6] << 24 | (uint32_t)b[7] << 16 | (uint32_t)b[8] << 8 | b[9];
	if (*tag >= 0x00C4 && *tag <= 0x00C6)
		*family = 12;
	else if (*tag == 0x8001 || *tag == 0x8002)
		*family = 20;
	else
		return false;
	/* an error response is the bare 10-byte header; anything else is a command */
	return size >= 10 && size <= 0x10000 && (*rc == 0 || size == 10);
}

bool userlog_raw_response(const char *s, size_t n, uint16_t *tag, uint32_t *rc, int *family)
{
	size_t i;

	while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	if (raw_at(s, n, tag, rc, family))
		return true;
	/* after a short label: "resp: 00 c4 ...", "rsp = b'...'", "<- 00 c4 ..." */
	for (i = 0; i < n && i < 48; i++) {
		size_t j = i + 1;

		if (s[i] != ':' && s[i] != '=' && s[i] != '>')
			continue;
		while (j < n && s[j] == ' ')
			j++;
		if (j > i + 1 && raw_at(s + j, n - j, tag, rc, family))
			return true;
	}
	return false;
}
