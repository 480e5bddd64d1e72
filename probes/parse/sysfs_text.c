// SPDX-License-Identifier: GPL-2.0-or-later
/* Parsers for tpm sysfs text, uevent, modalias and passwd lines; see sysfs_text.h. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "probes/parse/sysfs_text.h"
#include "probes/tpm/hex.h"

/* A line of text[0..end): *start and *len (without the newline); false at the end. */
struct sysfs_lines {
	const char *p, *end;
};

static bool sysfs_next_line(struct sysfs_lines *it, const char **start, size_t *len)
{
	const char *nl;

	if (it->p >= it->end)
		return false;
	nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
	*start = it->p;
	*len = (size_t)((nl ? nl : it->end) - it->p);
	it->p = nl ? nl + 1 : it->end;
	return true;
}

static struct sysfs_lines sysfs_lines_of(const char *text)
{
	struct sysfs_lines it = {text, text + strlen(text)};

	return it;
}

/* text is nothing but whitespace. */
static bool sysfs_blank(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isspace((unsigned char)p[i]))
			return false;
	return true;
}

/* An unsigned number of p[0..n) in base, all of it, at most max. */
static int sysfs_uint(const char *p, size_t n, unsigned base, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	unsigned d;
	size_t i;

	if (!n)
		return -EBADMSG;
	for (i = 0; i < n; i++) {
		if (isdigit((unsigned char)p[i]))
			d = (unsigned)(p[i] - '0');
		else if (base == 16 && isxdigit((unsigned char)p[i]))
			d = (unsigned)(tolower((unsigned char)p[i]) - 'a' + 10);
		else
			return -EBADMSG;
		if (v > (max - d) / base)
			return -EBADMSG;
		v = v * base + d;
	}
	*out = v;
	return 0;
}

/* "A.B" with both parts decimal, each at most 255. */
static int sysfs_dotted(const char *p, size_t n, unsigned *a, unsigned *b)
{
	const char *dot = memchr(p, '.', n);
	uint64_t x, y;

	if (!dot || sysfs_uint(p, (size_t)(dot - p), 10, 255, &x) ||
	    sysfs_uint(dot + 1, n - (size_t)(dot - p) - 1, 10, 255, &y))
		return -EBADMSG;
	*a = (unsigned)x;
	*b = (unsigned)y;
	return 0;
}

/* When line[0..n) starts with prefix, the rest; else NULL. */
static const char *sysfs_after(const char *line, size_t n, const char *prefix, size_t *rest)
{
	size_t pl = strlen(prefix);

	if (n < pl || memcmp(line, prefix, pl))
		return NULL;
	*rest = n - pl;
	return line + pl;
}

/* Drop trailing whitespace (the kernel's newline, a stray space). */
static size_t sysfs_trim_len(const char *p, size_t n)
{
	while (n && isspace((unsigned char)p[n - 1]))
		n--;
	return n;
}

int sysfs_parse_caps(const char *text, struct sysfs_caps *out)
{
	struct sysfs_lines it = sysfs_lines_of(text);
	unsigned seen = 0;
	const char *line, *v;
	size_t n, vn;
	uint64_t id;

	memset(out, 0, sizeof(*out));
	if (sysfs_blank(text, strlen(text)))
		return -ENODATA;
	while (sysfs_next_line(&it, &line, &n)) {
		n = sysfs_trim_len(line, n);
		if (!n)
			continue;
		if ((v = sysfs_after(line, n, "Manufacturer: 0x", &vn))) {
			if (seen & 1 || vn > 8 || sysfs_uint(v, vn, 16, UINT32_MAX, &id))
				return -EBADMSG;
			out->manufacturer = (uint32_t)id;
			seen |= 1;
		} else if ((v = sysfs_after(line, n, "TCG version: ", &vn))) {
			if (seen & 2 || sysfs_dotted(v, vn, &out->tcg_major, &out->tcg_minor))
				return -EBADMSG;
			seen |= 2;
		} else if ((v = sysfs_after(line, n, "Firmware version: ", &vn))) {
			if (seen & 4 || sysfs_dotted(v, vn, &out->fw_major, &out->fw_minor))
				return -EBADMSG;
			seen |= 4;
		} else {
			return -EBADMSG;
		}
	}
	return seen == 7 ? 0 : -EBADMSG;
}

void sysfs_vendor_text(uint32_t id, char *buf, size_t cap)
{
	char s[5];
	int i, n = 4;

	if (!cap)
		return;
	for (i = 0; i < 4; i++)
		s[i] = (char)((id >> (24 - 8 * i)) & 0xff);
	while (n && (s[n - 1] == '\0' || s[n - 1] == ' '))
		n--;
	for (i = 0; i < n; i++)
		if (!isprint((unsigned char)s[i]))
			s[i] = '.';
	s[n] = '\0';
	snprintf(buf, cap, "%s", s);
}

int sysfs_parse_bool(const char *text, bool *out)
{
	size_t n = sysfs_trim_len(text, strlen(text));

	if (!n)
		return -ENODATA;
	if (n != 1 || (text[0] != '0' && text[0] != '1'))
		return -EBADMSG;
	*out = text[0] == '1';
	return 0;
}

int sysfs_parse_version_major(const char *text, unsigned *out)
{
	size_t n = sysfs_trim_len(text, strlen(text));
	uint64_t v;

	if (!n)
		return -ENODATA;
	if (sysfs_uint(text, n, 10, 1000, &v) || v < 1 || v > 2)
		return -EBADMSG;
	*out = (unsigned)v;
	return 0;
}

int sysfs_parse_times(const char *text, size_t want, char vals[][SYSFS_NUM_MAX], bool *adjusted)
{
	const char *p = text, *end = text + sysfs_trim_len(text, strlen(text)), *tok;
	size_t got = 0, n, digits;

	if (p == end)
		return -ENODATA;
	for (;;) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end)
			return -EBADMSG; /* no [original]/[adjusted] marker */
		tok = p;
		while (p < end && *p != ' ' && *p != '\t')
			p++;
		n = (size_t)(p - tok);
		if (tok[0] == '[')
			break;
		digits = n - (tok[0] == '-');
		if (got == want || n >= SYSFS_NUM_MAX || !digits ||
		    strspn(tok + (tok[0] == '-'), "0123456789") < digits)
			return -EBADMSG;
		memcpy(vals[got], tok, n);
		vals[got][n] = '\0';
		got++;
	}
	if (got != want || p != end)
		return -EBADMSG;
	if (n == 10 && !memcmp(tok, "[original]", 10))
		*adjusted = false;
	else if (n == 10 && !memcmp(tok, "[adjusted]", 10))
		*adjusted = true;
	else
		return -EBADMSG;
	return 0;
}

/* "PCR-NN: " then 20 "XX " groups (the last space optional); the bytes into val when not NULL. */
static bool sysfs_pcr_line(const char *line, size_t n, size_t index, uint8_t *val)
{
	const char *colon, *p;
	uint64_t idx, byte;
	size_t i;

	if (n < 5 || memcmp(line, "PCR-", 4))
		return false;
	colon = memchr(line, ':', n);
	if (!colon || sysfs_uint(line + 4, (size_t)(colon - line) - 4, 10, 999, &idx) ||
	    idx != index)
		return false;
	p = colon + 1;
	for (i = 0; i < 20; i++) {
		if ((size_t)(line + n - p) < 3 || p[0] != ' ' ||
		    sysfs_uint(p + 1, 2, 16, 255, &byte))
			return false;
		if (val)
			val[i] = (uint8_t)byte;
		p += 3;
	}
	return sysfs_blank(p, (size_t)(line + n - p));
}

int sysfs_parse_pcr_values(const char *text, uint8_t (*vals)[SYSFS_PCR12_SIZE], size_t max,
			   size_t *count, size_t *bad_line)
{
	struct sysfs_lines it = sysfs_lines_of(text);
	const char *line;
	size_t n, no = 0;

	*count = 0;
	*bad_line = 0;
	if (sysfs_blank(text, strlen(text)))
		return -ENODATA;
	while (sysfs_next_line(&it, &line, &n)) {
		no++;
		if (sysfs_blank(line, n))
			continue;
		if (!sysfs_pcr_line(line, n, *count, vals && *count < max ? vals[*count] : NULL)) {
			*bad_line = no;
			return -EBADMSG;
		}
		(*count)++;
	}
	return 0;
}

int sysfs_parse_pcrs(const char *text, size_t *count, size_t *bad_line)
{
	return sysfs_parse_pcr_values(text, NULL, 0, count, bad_line);
}

int sysfs_parse_pcr_digest(const char *text, uint8_t *out, size_t cap, size_t *len)
{
	size_t n = strlen(text), i;
	int hi, lo;

	*len = 0;
	if (n && text[n - 1] == '\n')
		n--;
	if (!n)
		return -ENODATA;
	if (n % 2 || n / 2 > cap)
		return -EBADMSG;
	for (i = 0; i < n / 2; i++) {
		hi = hex_digit(text[2 * i]);
		lo = hex_digit(text[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -EBADMSG;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	*len = n / 2;
	return 0;
}

int sysfs_parse_pubek(const char *text, unsigned *modulus_length)
{
	struct sysfs_lines it = sysfs_lines_of(text);
	const char *line, *v;
	size_t n, vn;
	uint64_t len;

	if (sysfs_blank(text, strlen(text)))
		return -ENODATA;
	while (sysfs_next_line(&it, &line, &n)) {
		n = sysfs_trim_len(line, n);
		v = sysfs_after(line, n, "Modulus length: ", &vn);
		if (!v)
			continue;
		if (sysfs_uint(v, vn, 10, 65536, &len))
			return -EBADMSG;
		*modulus_length = (unsigned)len;
		return 0;
	}
	return -EBADMSG;
}

int sysfs_parse_pubek_modulus(const char *text, uint8_t *out, size_t cap, size_t *len)
{
	struct sysfs_lines it = sysfs_lines_of(text);
	const char *line;
	unsigned want;
	size_t n, i, got = 0;
	bool in = false;
	int hi, lo, ret = sysfs_parse_pubek(text, &want);

	if (ret)
		return ret;
	if (want > cap)
		return -EBADMSG;
	while (sysfs_next_line(&it, &line, &n)) {
		n = sysfs_trim_len(line, n);
		if (!in) {
			in = n == 8 && !memcmp(line, "Modulus:", 8);
			continue;
		}
		for (i = 0; i < n; i++) {
			if (line[i] == ' ' || line[i] == '\t')
				continue;
			if (i + 1 >= n || got == want)
				return -EBADMSG;
			hi = hex_digit(line[i]);
			lo = hex_digit(line[i + 1]);
			if (hi < 0 || lo < 0 ||
			    (i + 2 < n && line[i + 2] != ' ' && line[i + 2] != '\t'))
				return -EBADMSG;
			out[got++] = (uint8_t)(hi << 4 | lo);
			i++;
		}
	}
	if (!in || got != want)
		return -EBADMSG;
	*len = got;
	return 0;
}

int sysfs_uevent_get(const char *text, const char *key, char *buf, size_t cap)
{
	struct sysfs_lines it = sysfs_lines_of(text);
	size_t kl = strlen(key), n;
	const char *line;

	if (!cap)
		return -EINVAL;
	while (sysfs_next_line(&it, &line, &n)) {
		if (n <= kl || memcmp(line, key, kl) || line[kl] != '=')
			continue;
		n -= kl + 1;
		if (n >= cap)
			return -EBADMSG;
		memcpy(buf, line + kl + 1, n);
		buf[n] = '\0';
		return 0;
	}
	return -ENOENT;
}

/* Copy p[0..n) upper-cased when it is a plausible ACPI/PNP id. */
static int sysfs_id_copy(const char *p, size_t n, char *buf, size_t cap)
{
	size_t i;

	if (!n || n > 16 || n >= cap)
		return -EBADMSG;
	for (i = 0; i < n; i++) {
		if (!isalnum((unsigned char)p[i]) && p[i] != '_')
			return -EBADMSG;
		buf[i] = (char)toupper((unsigned char)p[i]);
	}
	buf[n] = '\0';
	return 0;
}

int sysfs_modalias_id(const char *modalias, char *buf, size_t cap)
{
	size_t n = sysfs_trim_len(modalias, strlen(modalias));
	const char *end = modalias + n, *p, *t, *c;

	if (!cap)
		return -EINVAL;
	if (n > 5 && !memcmp(modalias, "acpi:", 5)) {
		p = modalias + 5;
		c = memchr(p, ':', (size_t)(end - p));
		return sysfs_id_copy(p, (size_t)((c ? c : end) - p), buf, cap);
	}
	if (n > 5 && !memcmp(modalias, "pnp:d", 5)) {
		p = modalias + 5;
		return sysfs_id_copy(p, (size_t)(end - p) < 7 ? (size_t)(end - p) : 7, buf, cap);
	}
	if (n > 4 && !memcmp(modalias, "of:N", 4)) {
		t = memchr(modalias + 4, 'T', (size_t)(end - modalias - 4));
		c = t ? memchr(t, 'C', (size_t)(end - t)) : NULL;
		if (!c || c + 1 == end)
			return -ENOENT;
		p = c + 1;
		c = memchr(p, 'C', (size_t)(end - p));
		n = (size_t)((c ? c : end) - p);
		if (!n || n >= cap)
			return -EBADMSG;
		memcpy(buf, p, n);
		buf[n] = '\0';
		return 0;
	}
	return -ENOENT;
}

int sysfs_acpi_id(const char *text, char *buf, size_t cap)
{
	const char *nl = strchr(text, '\n');
	size_t n = nl ? (size_t)(nl - text) : strlen(text);

	if (!cap)
		return -EINVAL;
	n = sysfs_trim_len(text, n);
	if (!n)
		return -ENODATA;
	return sysfs_id_copy(text, n, buf, cap);
}

int sysfs_id_name(const char *text, size_t len, unsigned id, char *buf, size_t cap)
{
	struct sysfs_lines it = {text, text + len};
	const char *line, *f1, *f2, *f3;
	size_t n;
	uint64_t v;

	if (!cap)
		return -EINVAL;
	while (sysfs_next_line(&it, &line, &n)) {
		f1 = memchr(line, ':', n);
		f2 = f1 ? memchr(f1 + 1, ':', (size_t)(line + n - f1 - 1)) : NULL;
		f3 = f2 ? memchr(f2 + 1, ':', (size_t)(line + n - f2 - 1)) : NULL;
		if (!f3 || f1 == line || (size_t)(f1 - line) >= cap ||
		    sysfs_uint(f2 + 1, (size_t)(f3 - f2 - 1), 10, UINT32_MAX, &v) || v != id)
			continue;
		memcpy(buf, line, (size_t)(f1 - line));
		buf[f1 - line] = '\0';
		return 0;
	}
	return -ENOENT;
}

int sysfs_compatible_id(const char *raw, char *id, size_t len)
{
	size_t i;

	for (i = 0; raw[i]; i++)
		if (raw[i] < 0x21 || raw[i] > 0x7e)
			return -EINVAL;
	if (!i)
		return -ENOENT;
	snprintf(id, len, "%s", raw);
	return 0;
}
