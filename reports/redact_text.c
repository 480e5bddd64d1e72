// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Redaction of text (redact.h: redact_str): identifiers recognised by
 * their form (UUIDs, MAC addresses, labelled serials, a "Modulus:" hex
 * block, the host of a syslog line) and the ones the registry knows.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/redact.h"
#include "reports/redact_priv.h"

/* ---- recognising by form ------------------------------------------------------ */

static bool is_word(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-';
}

static bool is_hex(char c)
{
	return isxdigit((unsigned char)c);
}

/* Length of a UUID at s (8-4-4-4-12 hex) between non-alphanumerics, or 0. */
static size_t form_uuid(const char *s, size_t n, size_t i)
{
	static const unsigned groups[] = {8, 4, 4, 4, 12};
	size_t j = i, g, k;

	if (i && isalnum((unsigned char)s[i - 1]))
		return 0;
	for (g = 0; g < 5; g++) {
		if (g) {
			if (j >= n || s[j] != '-')
				return 0;
			j++;
		}
		for (k = 0; k < groups[g]; k++, j++)
			if (j >= n || !is_hex(s[j]))
				return 0;
	}
	if (j < n &&
	    (isalnum((unsigned char)s[j]) || (s[j] == '-' && j + 1 < n && is_hex(s[j + 1]))))
		return 0;
	return j - i;
}

/* Length of a MAC address at s (six hex pairs joined by one ':' or '-'), or 0. */
static size_t form_mac(const char *s, size_t n, size_t i)
{
	char sep;
	size_t j = i, g;
	bool zero = true, ones = true;

	if (i + 17 > n || (s[i + 2] != ':' && s[i + 2] != '-'))
		return 0;
	sep = s[i + 2];
	if (i && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == sep))
		return 0;
	for (g = 0; g < 6; g++) {
		if (g && s[j++] != sep)
			return 0;
		if (!is_hex(s[j]) || !is_hex(s[j + 1]))
			return 0;
		zero &= s[j] == '0' && s[j + 1] == '0';
		ones &=
		    tolower((unsigned char)s[j]) == 'f' && tolower((unsigned char)s[j + 1]) == 'f';
		j += 2;
	}
	if (j < n && (isalnum((unsigned char)s[j]) || s[j] == sep))
		return 0;
	return zero || ones ? 0 : j - i; /* all-zero and broadcast identify nothing */
}

/* The labels a serial number follows, longest first; bare "serial" only as "serial=". */
static const char *const serial_labels[] = {
    "product_serial", "chassis_serial", "serial_number", "serial-number",
    "serial number",  "board_serial",	"serialnumber",	 "serial no.",
    "serial no",      "serial#",	"serial=",
};

static bool value_char(char c)
{
	return c && !isspace((unsigned char)c) && !strchr(",;()[]{}<>|\"'`", c);
}

/*
 * A labelled serial at i: the value at *vstart, *vlen long; *end past what the
 * placeholder replaces. false when there is none.
 */
static bool form_serial(const char *s, size_t n, size_t i, size_t *vstart, size_t *vlen,
			size_t *end)
{
	size_t k, l, j;
	bool colon = false;

	if (i && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '_'))
		return false;
	for (k = 0; k < sizeof(serial_labels) / sizeof(serial_labels[0]); k++) {
		l = strlen(serial_labels[k]);
		if (i + l <= n && !strncasecmp(s + i, serial_labels[k], l))
			break;
	}
	if (k == sizeof(serial_labels) / sizeof(serial_labels[0]))
		return false;
	j = i + l;
	if (isalnum((unsigned char)serial_labels[k][l - 1]) && j < n &&
	    (isalnum((unsigned char)s[j]) || s[j] == '_'))
		return false;
	while (j < n && (s[j] == ' ' || s[j] == '\t'))
		j++;
	if (j < n && (s[j] == ':' || s[j] == '=')) {
		colon = s[j] == ':';
		j++;
	}
	while (j < n && (s[j] == ' ' || s[j] == '\t'))
		j++;
	if (colon && j < n && s[j] == '\n') /* openssl: the value on the next line */
		for (j++; j < n && (s[j] == ' ' || s[j] == '\t'); j++)
			;
	*vstart = j;
	while (j < n && value_char(s[j]))
		j++;
	*vlen = j - *vstart;
	if (!*vlen || s[*vstart] == '<')
		return false;
	*end = j;
	if (j + 4 < n && !strncmp(s + j, " (0x", 4)) { /* openssl: "4096 (0x1000)" */
		for (k = j + 4; k < n && is_hex(s[k]); k++)
			;
		if (k < n && s[k] == ')')
			*end = k + 1;
	}
	return true;
}

/*
 * A "Modulus:" block (sysfs pubek, openssl): hex pairs split by blanks,
 * newlines or colons. *hstart where the hex starts, *end past the last
 * pair; the pairs, upper case and joined, into hex (at least 16 bytes).
 */
static bool form_modulus(const char *s, size_t n, size_t i, size_t *hstart, size_t *end,
			 struct sb *hex)
{
	size_t j = i + 8, last = 0, pairs = 0;

	if (i + 8 > n || strncasecmp(s + i, "modulus:", 8) ||
	    (i && isalnum((unsigned char)s[i - 1])))
		return false;
	while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r'))
		j++;
	*hstart = j;
	for (;;) {
		while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r' ||
				 (s[j] == ':' && pairs)))
			j++;
		if (j + 2 > n || !is_hex(s[j]) || !is_hex(s[j + 1]) ||
		    (j + 2 < n && isalnum((unsigned char)s[j + 2])))
			break;
		char up[2] = {(char)toupper((unsigned char)s[j]),
			      (char)toupper((unsigned char)s[j + 1])};
		rd_sb_put(hex, up, 2);
		j += 2;
		last = j;
		pairs++;
	}
	*end = last;
	return pairs >= 16 && !hex->oom;
}

static bool is_digits(const char *s, size_t n, size_t i, size_t count)
{
	size_t k;

	for (k = 0; k < count; k++)
		if (i + k >= n || !isdigit((unsigned char)s[i + k]))
			return false;
	return true;
}

/* Length of a syslog stamp at i ("Nov 26 15:03:45 " or ISO "2024-11-26T15:03:45..."), or 0. */
static size_t syslog_stamp(const char *s, size_t n, size_t i)
{
	size_t j = i;

	if (i + 16 <= n && isupper((unsigned char)s[i]) && islower((unsigned char)s[i + 1]) &&
	    islower((unsigned char)s[i + 2]) && s[i + 3] == ' ' &&
	    (s[i + 4] == ' ' || isdigit((unsigned char)s[i + 4])) &&
	    isdigit((unsigned char)s[i + 5]) && s[i + 6] == ' ' && is_digits(s, n, i + 7, 2) &&
	    s[i + 9] == ':' && is_digits(s, n, i + 10, 2) && s[i + 12] == ':' &&
	    is_digits(s, n, i + 13, 2) && s[i + 15] == ' ')
		return 16;
	if (is_digits(s, n, i, 4) && j + 19 < n && s[i + 4] == '-' && s[i + 10] == 'T') {
		for (j = i + 19; j < n && s[j] != ' '; j++)
			;
		return j < n ? j - i + 1 : 0;
	}
	return 0;
}

/* A syslog line's host: "STAMP HOST IDENT: " or "STAMP HOST IDENT[PID]: ". */
static bool form_syslog_host(const char *s, size_t n, size_t i, size_t *hs, size_t *hl)
{
	size_t st, j, k;

	if (i && s[i - 1] != '\n')
		return false;
	st = syslog_stamp(s, n, i);
	if (!st)
		return false;
	for (j = i + st; j < n && (isalnum((unsigned char)s[j]) || s[j] == '-' || s[j] == '.'); j++)
		;
	if (j == i + st || j >= n || s[j] != ' ')
		return false;
	for (k = j + 1; k < n && s[k] != ' ' && s[k] != ':' && s[k] != '['; k++)
		;
	if (k == j + 1 || k >= n || (s[k] != ':' && s[k] != '['))
		return false;
	*hs = i + st;
	*hl = j - *hs;
	return true;
}

/* A known value at i (the longest), or -1. */
static long known_at(const struct redactor *rd, const char *s, size_t n, size_t i, size_t *len)
{
	long best = -1;
	size_t k, l;

	*len = 0;
	for (k = 0; k < rd->n; k++) {
		const struct rd_ident *e = &rd->id[k];

		l = e->len;
		if (!e->literal || l <= *len || i + l > n)
			continue;
		if (e->hex ? (i && is_hex(s[i - 1])) || (i + l < n && is_hex(s[i + l]))
			   : (i && is_word(s[i - 1])) || (i + l < n && is_word(s[i + l])))
			continue;
		if (rd_fold(e->kind) ? strncasecmp(s + i, e->value, l) : memcmp(s + i, e->value, l))
			continue;
		best = (long)k;
		*len = l;
	}
	return best;
}

/*
 * One step of the scan at i: how far it consumed, 0 when nothing matched.
 * On a match, the plain text s[start, i) goes out first.
 */
static size_t redact_step(struct redactor *rd, struct sb *b, const char *s, size_t n, size_t start,
			  size_t i)
{
	size_t l, vs, vl, end, hs;
	struct sb hex = {0};
	long at;

	if (form_syslog_host(s, n, i, &hs, &vl) && !rd_host_trivial(s + hs, vl) &&
	    rd_add(rd, RD_HOSTNAME, s + hs, vl, true, false) == -2) {
		b->oom = true;
		return n - i;
	}
	if (form_modulus(s, n, i, &hs, &end, &hex)) {
		at = rd_add(rd, RD_EK, hex.p, hex.n, true, true);
		free(hex.p);
		rd_sb_put(b, s + start, hs - start);
		rd_sb_ident(b, rd, at, RD_EK);
		return end - i;
	}
	free(hex.p);
	if (form_serial(s, n, i, &vs, &vl, &end)) {
		at = rd_add(rd, RD_SERIAL, s + vs, vl, vl >= RD_SERIAL_LIT, false);
		rd_sb_put(b, s + start, vs - start);
		rd_sb_ident(b, rd, at, RD_SERIAL);
		return end - i;
	}
	at = known_at(rd, s, n, i, &l);
	if (at >= 0) {
		rd_sb_put(b, s + start, i - start);
		rd_sb_ident(b, rd, at, rd->id[at].kind);
		return l;
	}
	if ((l = form_uuid(s, n, i))) {
		rd_sb_put(b, s + start, i - start);
		rd_sb_ident(b, rd, rd_add(rd, RD_UUID, s + i, l, false, false), RD_UUID);
		return l;
	}
	if ((l = form_mac(s, n, i))) {
		char norm[18];

		for (vs = 0; vs < 17; vs++)
			norm[vs] = s[i + vs] == '-' ? ':' : (char)tolower((unsigned char)s[i + vs]);
		rd_sb_put(b, s + start, i - start);
		rd_sb_ident(b, rd, rd_add(rd, RD_MAC, norm, 17, false, false), RD_MAC);
		return l;
	}
	return 0;
}

/*
 * One scan of s: with forms, every identifier and its recognisable forms;
 * without, only the known values (a second scan). NULL when out of memory.
 */
static char *redact_scan(struct redactor *rd, const char *s, bool forms)
{
	struct sb b = {0};
	size_t n, i = 0, start = 0, step, l;
	long at;

	n = strlen(s);
	rd_sb_put(&b, "", 0);
	while (i < n && !b.oom) {
		if (forms) {
			step = redact_step(rd, &b, s, n, start, i);
		} else if ((at = known_at(rd, s, n, i, &l)) >= 0) {
			rd_sb_put(&b, s + start, i - start);
			rd_sb_ident(&b, rd, at, rd->id[at].kind);
			step = l;
		} else {
			step = 0;
		}
		if (step) {
			i += step;
			start = i;
		} else {
			i++;
		}
	}
	rd_sb_put(&b, s + start, n - start);
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

/*
 * A value glued to an identifier the first scan replaced ("myhost" in
 * "myhostDEADBEEF...", where the modulus became a placeholder) stands
 * alone only afterwards: a second scan for the known values catches it.
 */
char *redact_str(struct redactor *rd, const char *s)
{
	char *first, *second;

	if (!s)
		return NULL;
	first = redact_scan(rd, s, true);
	if (!first || !strcmp(first, s))
		return first;
	second = redact_scan(rd, first, false);
	free(first);
	return second;
}
