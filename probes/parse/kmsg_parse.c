// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel-log parser (see kmsg_parse.h): one line at a time, every
 * format, bounded. Hot path: a dmesg line of another subsystem costs a
 * stamp parse, a first-byte check for stack-trace lines, a copy into the
 * pending event and one pass of the pattern matcher.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/parse/kmsg_parse.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ---- the TPM pattern table ---------------------------------------------- */

enum {
	KP_ICASE = 1,  /* ASCII case-insensitive */
	KP_PREFIX = 2, /* only at the start of the message */
};

/*
 * What makes a record TPM-related. "tpm" (any case) covers the drivers
 * (tpm_tis, tpm_tis_core, tpm_tis_spi, tpm_tis_i2c, tpm_crb, tpm_infineon,
 * tpm_atmel, tpm_nsc, tpm_i2c_*, tpm_vtpm_proxy, tpm_ftpm_tee), the chip
 * prefix "tpm tpm0", TPM_STS, TPM2, "A TPM error", the EFI/TCG event log
 * ("TPM Final Events", "TPMFinalLog", "UEFI TPM log") and tpm-rng (hwrng).
 * The rest are ACPI/PNP ids of TPM devices, the TPM 1.2 ACPI table and the
 * integrity subsystems that use the TPM.
 */
/* clang-format off */
#define PAT(str, fl) {str, sizeof(str) - 1, fl}

static const struct kmsg_pattern {
	const char *s;
	size_t len;
	unsigned flags;
} kmsg_tpm_patterns[] = {
	PAT("tpm", KP_ICASE),
	PAT("ima: ", KP_PREFIX),
	PAT("integrity: ", KP_PREFIX),
	PAT("IMA: ", KP_PREFIX),
	PAT("MSFT0101", 0),
	PAT("PNP0C31", 0),
	PAT("PNP0c31", 0), /* the pnp layer prints the hex digits in lower case */
	PAT("IFX0101", 0),
	PAT("IFX0102", 0),
	PAT("BCM0101", 0),
	PAT("BCM0102", 0),
	PAT("NSC1200", 0),
	PAT("ICO0102", 0),
	PAT("SMO1200", 0),
	PAT("ATM1200", 0),
	PAT("NTC0702", 0),
	PAT("TCPA", 0),
	PAT("Trusted Platform", 0),
};
/* clang-format on */

static inline unsigned char lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c | 0x20) : c;
}

/*
 * For each byte, the substring patterns that can start with it (a bit per
 * pattern); and for each byte pair, whether a pattern can hold it at
 * offset 0 (bit 0) or at offset 1 (bit 1): two bits per pair.
 */
struct kmsg_matcher {
	uint32_t first[256];
	uint32_t prefix_first[256]; /* the same for the KP_PREFIX patterns */
	uint8_t pair[65536 / 4];
};

static void set_pair(struct kmsg_matcher *m, unsigned char a, unsigned char b, unsigned bit)
{
	unsigned idx = a | (unsigned)b << 8;

	m->pair[idx >> 2] |= (uint8_t)(bit << ((idx & 3) * 2));
}

static unsigned get_pair(const struct kmsg_matcher *m, const unsigned char *u)
{
	unsigned idx = u[0] | (unsigned)u[1] << 8;

	return (m->pair[idx >> 2] >> ((idx & 3) * 2)) & 3;
}

/* The two cases of an ASCII letter, or the byte twice. */
static void both_cases(unsigned char c, bool icase, unsigned char v[2])
{
	v[0] = icase ? lower(c) : c;
	v[1] = (icase && v[0] >= 'a' && v[0] <= 'z') ? (unsigned char)(v[0] & ~0x20u) : v[0];
}

static void matcher_init(struct kmsg_matcher *m)
{
	const struct kmsg_pattern *p;
	unsigned char c[3][2];
	size_t i, x, y, z;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < N_OF(kmsg_tpm_patterns); i++) {
		p = &kmsg_tpm_patterns[i];
		if (p->flags & KP_PREFIX) {
			m->prefix_first[(unsigned char)p->s[0]] |= 1u << i;
			continue;
		}
		for (z = 0; z < 3; z++)
			both_cases((unsigned char)p->s[z], p->flags & KP_ICASE, c[z]);
		for (x = 0; x < 2; x++) {
			m->first[c[0][x]] |= 1u << i;
			for (y = 0; y < 2; y++) {
				set_pair(m, c[0][x], c[1][y], 1);
				set_pair(m, c[1][x], c[2][y], 2);
			}
		}
	}
}

static bool pat_at(const struct kmsg_pattern *p, const char *s, size_t len)
{
	size_t i, n = p->len;

	if (n > len)
		return false;
	if (!(p->flags & KP_ICASE))
		return memcmp(s, p->s, n) == 0;
	for (i = 0; i < n; i++)
		if (lower((unsigned char)s[i]) != lower((unsigned char)p->s[i]))
			return false;
	return true;
}

static bool matcher_run(const struct kmsg_matcher *m, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, j, k, o, lead = 0;
	uint32_t bits;

	while (lead < len && (s[lead] == ' ' || s[lead] == '\t'))
		lead++;
	for (bits = lead < len ? m->prefix_first[u[lead]] : 0; bits; bits &= bits - 1)
		if (pat_at(&kmsg_tpm_patterns[__builtin_ctz(bits)], s + lead, len - lead))
			return true;
	/*
	 * Every substring pattern is at least 3 bytes long, so an occurrence
	 * at i holds the pair at an even position j = i or j = i + 1, at
	 * offset 0 or 1: look only at the pairs at even positions, and check
	 * the start(s) the pair table allows.
	 */
	for (j = 0; j + 1 < len; j += 2) {
		unsigned at = get_pair(m, u + j);

		if (!at)
			continue;
		for (o = 0; o < 2; o++) {
			if (!(at & (1u << o)) || j < o)
				continue;
			i = j - o;
			for (bits = m->first[u[i]]; bits; bits &= bits - 1) {
				k = (size_t)__builtin_ctz(bits);
				if (pat_at(&kmsg_tpm_patterns[k], s + i, len - i))
					return true;
			}
		}
	}
	return false;
}

bool kmsg_text_is_tpm(const char *s, size_t len)
{
	struct kmsg_matcher m;

	matcher_init(&m);
	return matcher_run(&m, s, len);
}

bool kmsg_trace_is_tpm(const char *s, size_t len)
{
	return kmsg_text_is_tpm(s, len);
}

/* ---- one line ------------------------------------------------------------ */

const char *kmsg_fmt_name(enum kmsg_fmt f)
{
	static const char *const names[KMSG_FMT_COUNT] = {
	    [KMSG_FMT_NONE] = "none",	  [KMSG_FMT_KMSG] = "kmsg",
	    [KMSG_FMT_DMESG] = "dmesg",	  [KMSG_FMT_DMESG_T] = "dmesg-T",
	    [KMSG_FMT_SYSLOG] = "syslog", [KMSG_FMT_JOURNAL] = "journal",
	    [KMSG_FMT_BARE] = "pasted",
	};

	return (unsigned)f < KMSG_FMT_COUNT ? names[f] : "none";
}

static inline bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline bool is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static inline bool is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static inline bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || is_upper(c);
}

/* digits at s[*i]; at most 19 of them. */
static bool take_uint(const char *s, size_t n, size_t *i, uint64_t *v)
{
	size_t start = *i;

	*v = 0;
	while (*i < n && is_digit(s[*i]) && *i - start < 19)
		*v = *v * 10 + (uint64_t)(s[(*i)++] - '0');
	return *i > start && !(*i < n && is_digit(s[*i]));
}

static bool take_char(const char *s, size_t n, size_t *i, char c)
{
	if (*i < n && s[*i] == c) {
		(*i)++;
		return true;
	}
	return false;
}

static void skip_spaces(const char *s, size_t n, size_t *i)
{
	while (*i < n && s[*i] == ' ')
		(*i)++;
}

/* "SECONDS.FRACTION" (at most 9 fraction digits used). */
static bool take_seconds(const char *s, size_t n, size_t *i, double *ts)
{
	uint64_t sec, frac = 0, div = 1;
	size_t j;

	if (!take_uint(s, n, i, &sec) || !take_char(s, n, i, '.'))
		return false;
	for (j = *i; *i < n && is_digit(s[*i]); (*i)++)
		if (*i - j < 9) {
			frac = frac * 10 + (uint64_t)(s[*i] - '0');
			div *= 10;
		}
	if (*i == j)
		return false;
	*ts = (double)sec + (double)frac / (double)div;
	return true;
}

static bool take_digits(const char *s, size_t n, size_t *i, size_t count)
{
	size_t k;

	for (k = 0; k < count; k++)
		if (*i + k >= n || !is_digit(s[*i + k]))
			return false;
	*i += count;
	return true;
}

static bool take_word_in(const char *s, size_t n, size_t *i, const char *const *tbl, size_t cnt)
{
	size_t k;

	if (*i + 3 > n)
		return false;
	for (k = 0; k < cnt; k++)
		if (!memcmp(s + *i, tbl[k], 3)) {
			*i += 3;
			return true;
		}
	return false;
}

static const char *const kmsg_months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char *const kmsg_days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

/* "HH:MM:SS" */
static bool take_clock(const char *s, size_t n, size_t *i)
{
	return take_digits(s, n, i, 2) && take_char(s, n, i, ':') && take_digits(s, n, i, 2) &&
	       take_char(s, n, i, ':') && take_digits(s, n, i, 2);
}

/* "Nov 26" or "Nov  6" */
static bool take_month_day(const char *s, size_t n, size_t *i)
{
	if (!take_word_in(s, n, i, kmsg_months, N_OF(kmsg_months)) || !take_char(s, n, i, ' '))
		return false;
	take_char(s, n, i, ' ');
	if (!take_digits(s, n, i, 1))
		return false;
	take_digits(s, n, i, 1);
	return true;
}

/* "[Thu Nov 26 15:03:45 2026]" (dmesg -T) or "[Nov26 15:03]" (dmesg -e); *i after '['. */
static bool take_ctime(const char *s, size_t n, size_t *i)
{
	size_t j = *i;

	if (take_word_in(s, n, &j, kmsg_days, N_OF(kmsg_days)) && take_char(s, n, &j, ' ') &&
	    take_month_day(s, n, &j) && take_char(s, n, &j, ' ') && take_clock(s, n, &j) &&
	    take_char(s, n, &j, ' ') && take_digits(s, n, &j, 4) && j < n && s[j] == ']') {
		*i = j;
		return true;
	}
	j = *i;
	if (take_word_in(s, n, &j, kmsg_months, N_OF(kmsg_months)) && take_digits(s, n, &j, 1)) {
		take_digits(s, n, &j, 1);
		if (take_char(s, n, &j, ' ') && take_digits(s, n, &j, 2) &&
		    take_char(s, n, &j, ':') && take_digits(s, n, &j, 2) && j < n && s[j] == ']') {
			*i = j;
			return true;
		}
	}
	return false;
}

/* "YYYY-MM-DDTHH:MM:SS[.,frac][Z|+hh[:]mm]"; *comma when the fraction used ','. */
static bool take_iso(const char *s, size_t n, size_t *i, bool *comma)
{
	size_t j = *i;

	*comma = false;
	if (!(take_digits(s, n, &j, 4) && take_char(s, n, &j, '-') && take_digits(s, n, &j, 2) &&
	      take_char(s, n, &j, '-') && take_digits(s, n, &j, 2) && take_char(s, n, &j, 'T') &&
	      take_clock(s, n, &j)))
		return false;
	if (j < n && (s[j] == '.' || s[j] == ',')) {
		*comma = s[j] == ',';
		j++;
		if (!take_digits(s, n, &j, 1))
			return false;
		while (j < n && is_digit(s[j]))
			j++;
	}
	if (take_char(s, n, &j, 'Z')) {
	} else if (j < n && (s[j] == '+' || s[j] == '-')) {
		j++;
		if (!take_digits(s, n, &j, 2))
			return false;
		take_char(s, n, &j, ':');
		take_digits(s, n, &j, 2);
	}
	*i = j;
	return true;
}

/*
 * After a syslog/journal stamp: "HOST IDENT: ". Returns the offset of the
 * message, 0 when this is not that shape; *kernel when IDENT is "kernel".
 * strict: IDENT must be "kernel" or "name[pid]" (a dmesg message such as
 * "tpm tpm0: ..." has the same shape otherwise).
 */
static size_t take_host_ident(const char *s, size_t n, size_t i, bool strict, bool *kernel)
{
	size_t h = i, id;

	while (i < n && s[i] != ' ' && s[i] != ':' && i - h < 256)
		i++;
	if (i == h || !take_char(s, n, &i, ' '))
		return 0;
	id = i;
	if (n - i >= 7 && !memcmp(s + i, "kernel:", 7) && (i + 7 == n || s[i + 7] == ' ')) {
		*kernel = true;
		return i + 7 + (i + 7 < n);
	}
	*kernel = false;
	while (i < n && s[i] != ' ' && s[i] != ':' && s[i] != '[' && i - id < 128)
		i++;
	if (i == id)
		return 0;
	if (take_char(s, n, &i, '[')) {
		uint64_t pid;

		if (!take_uint(s, n, &i, &pid) || !take_char(s, n, &i, ']'))
			return 0;
	} else if (strict) {
		return 0;
	}
	if (!take_char(s, n, &i, ':'))
		return 0;
	return i + (i < n && s[i] == ' ');
}

/* "[    1.233596]" or "[  +0.000123]" at s[*i] (and one space after). */
static bool take_dmesg_ts(const char *s, size_t n, size_t *i, double *ts)
{
	size_t j = *i;
	bool rel;

	if (!take_char(s, n, &j, '['))
		return false;
	skip_spaces(s, n, &j);
	rel = take_char(s, n, &j, '+');
	if (!take_seconds(s, n, &j, ts) || !take_char(s, n, &j, ']'))
		return false;
	if (rel)
		*ts = -1;
	take_char(s, n, &j, ' ');
	*i = j;
	return true;
}

static const char *const kmsg_levels[] = {"emerg", "alert",  "crit", "err",
					  "warn",  "notice", "info", "debug"};

/* dmesg -x: "kern  :info  : " */
static bool take_dmesg_x(const char *s, size_t n, size_t *i, int *prio, bool *kernel)
{
	size_t j = *i, f = j, l, k;
	bool kern;

	while (j < n && s[j] >= 'a' && s[j] <= 'z' && j - f < 8)
		j++;
	if (j == f)
		return false;
	kern = j - f == 4 && !memcmp(s + f, "kern", 4);
	skip_spaces(s, n, &j);
	if (!take_char(s, n, &j, ':'))
		return false;
	l = j;
	while (j < n && s[j] >= 'a' && s[j] <= 'z' && j - l < 8)
		j++;
	for (k = 0; k < N_OF(kmsg_levels); k++)
		if (strlen(kmsg_levels[k]) == j - l && !memcmp(s + l, kmsg_levels[k], j - l))
			break;
	if (k == N_OF(kmsg_levels))
		return false;
	skip_spaces(s, n, &j);
	if (!take_char(s, n, &j, ':') || !take_char(s, n, &j, ' '))
		return false;
	*prio = (int)k;
	*kernel = kern;
	*i = j;
	return true;
}

/* "PRI,SEQ,USEC,FLAGS[,...];" of a /dev/kmsg record. */
static bool take_kmsg_head(const char *s, size_t n, size_t *i, struct kmsg_line *o)
{
	uint64_t pri, seq, usec;
	size_t j = *i, f;

	if (!take_uint(s, n, &j, &pri) || !take_char(s, n, &j, ',') || !take_uint(s, n, &j, &seq) ||
	    !take_char(s, n, &j, ',') || !take_uint(s, n, &j, &usec) || !take_char(s, n, &j, ','))
		return false;
	for (f = j; j < n && s[j] != ';' && s[j] != ' ' && j - f < 64; j++)
		;
	if (!take_char(s, n, &j, ';'))
		return false;
	o->prio = (int)(pri & 7);
	o->kernel = (pri >> 3) == 0;
	o->seq = seq;
	o->has_seq = true;
	o->ts = (double)(usec / 1000000) + (double)(usec % 1000000) / 1e6;
	*i = j;
	return true;
}

/* A dmesg/journal line after its bracketed stamp: a nested kernel stamp, or "HOST kernel: ". */
static void after_bracket(const char *s, size_t n, size_t i, struct kmsg_line *o)
{
	double inner;
	size_t m;
	bool kernel;

	if (i < n && s[i] == '[' && take_dmesg_ts(s, n, &i, &inner))
		o->ts = inner; /* a serial capture's own stamp, then the kernel's */
	m = take_host_ident(s, n, i, true, &kernel);
	if (m) {
		o->fmt = KMSG_FMT_JOURNAL;
		o->kernel = kernel;
		i = m;
	}
	o->msg = s + i;
	o->msg_len = n - i;
}

static bool parse_stamped(const char *s, size_t n, struct kmsg_line *o)
{
	size_t i = 0, m;
	bool comma, kernel;
	double ts;

	if (!n)
		return false;
	if (is_digit(s[0])) {
		if (take_kmsg_head(s, n, &i, o)) {
			o->fmt = KMSG_FMT_KMSG;
			o->msg = s + i;
			o->msg_len = n - i;
			return true;
		}
		if (take_iso(s, n, &i, &comma) && take_char(s, n, &i, ' ')) {
			o->wall = s;
			o->wall_len = i - 1;
			if (comma) { /* dmesg --time-format iso */
				o->fmt = KMSG_FMT_DMESG_T;
				o->msg = s + i;
				o->msg_len = n - i;
				return true;
			}
			o->fmt = KMSG_FMT_SYSLOG;
			m = take_host_ident(s, n, i, false, &kernel);
			goto syslog_rest;
		}
		return false;
	}
	if (s[0] == '<') {
		uint64_t pri;

		i = 1;
		if (!take_uint(s, n, &i, &pri) || !take_char(s, n, &i, '>'))
			return false;
		o->prio = (int)(pri & 7);
		o->kernel = (pri >> 3) == 0;
		if (!take_dmesg_ts(s, n, &i, &ts)) {
			o->fmt = KMSG_FMT_DMESG; /* dmesg -r without stamps */
			o->msg = s + i;
			o->msg_len = n - i;
			return true;
		}
		o->fmt = KMSG_FMT_DMESG;
		o->ts = ts;
		after_bracket(s, n, i, o);
		return true;
	}
	if (s[0] == '[') {
		if (take_dmesg_ts(s, n, &i, &ts)) {
			o->fmt = KMSG_FMT_DMESG;
			o->ts = ts;
			after_bracket(s, n, i, o);
			return true;
		}
		i = 1;
		if (take_ctime(s, n, &i)) {
			o->fmt = KMSG_FMT_DMESG_T;
			o->wall = s + 1;
			o->wall_len = i - 1;
			i++; /* ']' */
			take_char(s, n, &i, ' ');
			o->msg = s + i;
			o->msg_len = n - i;
			return true;
		}
		return false;
	}
	if (is_upper(s[0])) {
		if (!take_month_day(s, n, &i) || !take_char(s, n, &i, ' ') || !take_clock(s, n, &i))
			return false;
		if (take_char(s, n, &i, '.'))
			while (i < n && is_digit(s[i]))
				i++;
		if (!take_char(s, n, &i, ' '))
			return false;
		o->fmt = KMSG_FMT_SYSLOG;
		o->wall = s;
		o->wall_len = i - 1;
		m = take_host_ident(s, n, i, false, &kernel);
		goto syslog_rest;
	}
	if (s[0] >= 'a' && s[0] <= 'z') {
		if (!take_dmesg_x(s, n, &i, &o->prio, &o->kernel))
			return false;
		o->fmt = KMSG_FMT_DMESG;
		if (take_dmesg_ts(s, n, &i, &ts))
			o->ts = ts;
		o->msg = s + i;
		o->msg_len = n - i;
		return true;
	}
	return false;

syslog_rest:
	if (!m) { /* "host -- MARK --" and the like: not a kernel line */
		o->kernel = false;
		o->msg = s + i;
		o->msg_len = n - i;
		return true;
	}
	o->kernel = kernel;
	i = m;
	if (kernel && i < n && s[i] == '[' && take_dmesg_ts(s, n, &i, &ts))
		o->ts = ts;
	o->msg = s + i;
	o->msg_len = n - i;
	return true;
}

/* " KEY=VALUE" after a /dev/kmsg record. */
static bool is_dict(const char *s, size_t n)
{
	size_t i = 1;

	if (n < 3 || s[0] != ' ' || !is_upper(s[1]))
		return false;
	while (i < n && (is_upper(s[i]) || is_digit(s[i]) || s[i] == '_'))
		i++;
	return i < n && s[i] == '=';
}

static bool is_binary(const char *s, size_t n)
{
	size_t i, ctl = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		ctl += (c < 0x20 && c != '\t') || c == 0x7f;
	}
	return ctl * 8 > n;
}

void kmsg_parse_line(const char *s, size_t n, struct kmsg_line *o)
{
	size_t i = 0, k, sp;

	memset(o, 0, sizeof(*o));
	o->ts = -1;
	o->prio = -1;
	o->kernel = true;
	while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
		n--;
	if (is_dict(s, n)) {
		o->fmt = KMSG_FMT_KMSG;
		o->dict = true;
		o->msg = s;
		o->msg_len = n;
		return;
	}
	/* "> " quoting, any depth, after up to three spaces */
	for (k = 0; k < 3 && k < n && s[k] == ' '; k++)
		;
	if (k < n && s[k] == '>') {
		i = k;
		while (i < n && s[i] == '>') {
			o->quote++;
			i++;
			if (i < n && s[i] == ' ')
				i++;
			sp = i;
			while (sp < n && sp - i < 3 && s[sp] == ' ')
				sp++;
			if (sp < n && s[sp] == '>')
				i = sp;
		}
	}
	s += i;
	n -= i;
	o->msg = s;
	o->msg_len = n;
	if (!n)
		return;
	/* a code block's indentation before a stamped line */
	for (k = 0; k < n && k < 8 && (s[k] == ' ' || s[k] == '\t'); k++)
		;
	if (parse_stamped(s + k, n - k, o))
		return;
	if (k == n)
		return;
	if (is_binary(s, n)) {
		o->binary = true;
		return;
	}
	o->fmt = KMSG_FMT_BARE;
}

/* ---- the driver+device prefix -------------------------------------------- */

static inline bool word1_char(char c)
{
	return is_alpha(c) || is_digit(c) || c == '_' || c == '-' || c == '.' || c == '/';
}

static inline bool word2_char(char c)
{
	return word1_char(c) || c == ':' || c == '@' || c == '+' || c == ',';
}

size_t kmsg_prefix_len(const char *s, size_t n)
{
	size_t i = 0, j;

	if (n > 80)
		n = 80;
	if (!n || !is_alpha(s[0]))
		return 0;
	while (i < n && word1_char(s[i]))
		i++;
	if (i + 1 < n && s[i] == ':' && s[i + 1] == ' ')
		return i;
	if (i + 1 >= n || s[i] != ' ')
		return 0;
	j = ++i;
	if (i < n && !is_alpha(s[i]) && !is_digit(s[i]))
		return 0;
	while (i < n && word2_char(s[i]))
		i++;
	if (i - j >= 2 && i < n && s[i] == ' ' && s[i - 1] == ':')
		return i - 1;
	return 0;
}

/* ---- stack traces --------------------------------------------------------- */

enum trace_class {
	TC_NONE,
	TC_NEW,	   /* starts an event of its own: "BUG: ...", "[ cut here ]" */
	TC_ATTACH, /* belongs to the event before it: "CPU: 0 PID: ...", "Call Trace:" */
	TC_CONT,   /* inside a trace only: frames, registers, <TASK> */
	TC_END,	   /* "---[ end trace ... ]---" */
};

/* clang-format off */
static const struct {
	const char *s;
	size_t len;
	enum trace_class c;
} kmsg_trace_lines[] = {
    PAT("------------[ cut here ]------------", TC_NEW),
    PAT("BUG: ", TC_NEW),
    PAT("kernel BUG at ", TC_NEW),
    PAT("Unable to handle kernel ", TC_NEW),
    PAT("general protection fault", TC_NEW),
    PAT("Internal error: ", TC_NEW),
    /* kernel/hung_task.c: the report, then its lines up to the task's stack */
    PAT("INFO: task ", TC_NEW),
    PAT("Hardware name: ", TC_ATTACH),
    PAT("Call Trace:", TC_ATTACH),
    PAT("Call trace:", TC_ATTACH),
    PAT("WARNING: CPU: ", TC_ATTACH),
    PAT("Modules linked in:", TC_ATTACH),
    PAT("Workqueue: ", TC_ATTACH),
    PAT("---[ end trace", TC_END),
    PAT("---[ end Kernel panic", TC_END),
    PAT("<TASK>", TC_CONT),
    PAT("</TASK>", TC_CONT),
    PAT("<IRQ>", TC_CONT),
    PAT("</IRQ>", TC_CONT),
    PAT("<NMI>", TC_CONT),
    PAT("</NMI>", TC_CONT),
    PAT("<EOI>", TC_CONT),
    PAT("Code: ", TC_CONT),
    PAT("Stack:", TC_CONT),
    PAT("RIP: ", TC_CONT),
    PAT("EIP: ", TC_CONT),
    PAT("Oops: ", TC_CONT),
    PAT("#PF: ", TC_CONT),
    PAT("PGD ", TC_CONT),
    PAT("Tainted: ", TC_CONT),
    PAT("irq event stamp:", TC_CONT),
    PAT("hardirqs last", TC_CONT),
    PAT("softirqs last", TC_CONT),
    PAT("Kernel panic", TC_CONT),
    PAT("Mem abort info:", TC_CONT),
    PAT("Data abort info:", TC_CONT),
    PAT("pc : ", TC_CONT),
    PAT("lr : ", TC_CONT),
    PAT("sp : ", TC_CONT),
    PAT("pstate: ", TC_CONT),
    PAT("Exception stack", TC_CONT),
    PAT("Backtrace:", TC_CONT),
    PAT("note: ", TC_CONT),
    PAT("Not tainted ", TC_CONT),
    PAT("\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\"", TC_CONT),
    PAT("task:", TC_CONT), /* "task:cat state:D stack:0 pid:94 ..." (5.13 on) */
};
/* clang-format on */

/* "dump_stack_lvl+0x44/0x5c", "? tpm_tis_status+0x8a/0xa0 [tpm_tis_core]" */
static bool is_frame(const char *s, size_t n)
{
	size_t i = 0, h;

	if (n >= 2 && s[0] == '?' && s[1] == ' ')
		i = 2;
	if (i + 2 < n && s[i] == '[' && s[i + 1] == '<') /* old x86: [<ffffffff8150b6f5>] */
		return is_hex(s[i + 2]);
	h = i;
	while (i < n && (is_alpha(s[i]) || is_digit(s[i]) || s[i] == '_' || s[i] == '.'))
		i++;
	if (i == h || n - i < 7 || memcmp(s + i, "+0x", 3))
		return false;
	for (i += 3, h = i; i < n && is_hex(s[i]); i++)
		;
	return i > h && i + 3 < n && !memcmp(s + i, "/0x", 3) && is_hex(s[i + 3]);
}

/* "RSP: 0018:ffffb...", "R10: 0000...", "FS:  00007f...", "x29: ffff8000..." */
static bool is_register(const char *s, size_t n)
{
	size_t i = 0, h;

	if (n && s[0] == 'x') {
		i = 1;
		while (i < n && is_digit(s[i]) && i < 3)
			i++;
		if (i == 1)
			return false;
	} else {
		while (i < n && (is_upper(s[i]) || (i && is_digit(s[i]))) && i < 6)
			i++;
		if (i < 2)
			return false;
	}
	if (!take_char(s, n, &i, ':'))
		return false;
	skip_spaces(s, n, &i);
	for (h = i; i < n && is_hex(s[i]); i++)
		;
	return i - h >= 4;
}

/* "CPU: 0 PID: 1 Comm: swapper/0 Not tainted ..." (and "CPU: 0 UID: 0 PID: ...") */
static bool is_cpu_line(const char *s, size_t n)
{
	return n > 12 && !memcmp(s, "CPU: ", 5) && is_digit(s[5]) && memmem(s, n, " PID: ", 6);
}

/* For each byte, the kmsg_trace_lines entries starting with it (a bit per entry). */
struct kmsg_trace_index {
	uint64_t first[256];
};

static void trace_index_init(struct kmsg_trace_index *t)
{
	size_t k;

	_Static_assert(N_OF(kmsg_trace_lines) <= 64, "one bit per trace-line entry");
	memset(t, 0, sizeof(*t));
	for (k = 0; k < N_OF(kmsg_trace_lines); k++)
		t->first[(unsigned char)kmsg_trace_lines[k].s[0]] |= 1ull << k;
}

static enum trace_class classify(const struct kmsg_trace_index *t, const char *s, size_t n)
{
	uint64_t bits;
	size_t k, l;

	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	if (!n)
		return TC_NONE;
	if (s[0] == 'C' && is_cpu_line(s, n))
		return TC_ATTACH;
	for (bits = t->first[(unsigned char)s[0]]; bits; bits &= bits - 1) {
		k = (size_t)__builtin_ctzll(bits);
		l = kmsg_trace_lines[k].len;
		if (n >= l && !memcmp(s, kmsg_trace_lines[k].s, l))
			return kmsg_trace_lines[k].c;
	}
	if (is_frame(s, n) || ((is_upper(s[0]) || s[0] == 'x') && is_register(s, n)))
		return TC_CONT;
	return TC_NONE;
}

/* ---- the event assembler -------------------------------------------------- */

enum trace_state {
	TS_NONE,
	TS_ACTIVE,
	TS_AWAIT, /* after "[ cut here ]": the next line is the WARN's message */
};

#define JOIN_WIDTH 72  /* the narrowest common wrapping width ... */
#define JOIN_MAX   100 /* ... and the widest a wrapped line can be (quotes included) */

struct kmsg_parser {
	kmsg_emit_fn emit;
	void *arg;
	bool tpm_only;
	struct kmsg_stats st;
	struct kmsg_matcher m;
	struct kmsg_trace_index tix;

	/* line splitting */
	size_t line_len;
	bool skipping; /* the rest of a line longer than KMSG_LINE_MAX */

	/* the pending event */
	bool have;
	uint64_t seq;
	bool has_seq;
	double ts;
	int prio;
	unsigned first_line;
	size_t wall_len, text_len, trace_len;
	unsigned trace_n, trace_drop;
	enum trace_state tstate;

	/* the line before */
	size_t prev_len;
	unsigned prev_quote;
	bool prev_joinable, prev_kmsg;

	char wall[KMSG_WALL_MAX];
	char prefix[KMSG_PREFIX_MAX];
	char line[KMSG_LINE_MAX];
	char text[KMSG_TEXT_MAX];
	char trace[KMSG_TRACE_MAX];
};

int kmsg_parser_new(kmsg_emit_fn emit, void *arg, bool tpm_only, struct kmsg_parser **out)
{
	struct kmsg_parser *p = malloc(sizeof(*p));

	*out = NULL;
	if (!p)
		return -ENOMEM;
	memset(p, 0, offsetof(struct kmsg_parser, wall));
	p->emit = emit;
	p->arg = arg;
	p->tpm_only = tpm_only;
	matcher_init(&p->m);
	trace_index_init(&p->tix);
	*out = p;
	return 0;
}

void kmsg_parser_free(struct kmsg_parser *p)
{
	free(p);
}

const struct kmsg_stats *kmsg_parser_stats(const struct kmsg_parser *p)
{
	return &p->st;
}

const char *kmsg_parser_format(const struct kmsg_parser *p)
{
	const struct kmsg_stats *st = &p->st;
	uint64_t stamped = 0, nonempty, top = 0, second = 0;
	enum kmsg_fmt f, best = KMSG_FMT_NONE;

	for (f = KMSG_FMT_KMSG; f <= KMSG_FMT_JOURNAL; f++) {
		stamped += st->fmt[f];
		if (st->fmt[f] > top) {
			second = top;
			top = st->fmt[f];
			best = f;
		} else if (st->fmt[f] > second) {
			second = st->fmt[f];
		}
	}
	nonempty = stamped + st->fmt[KMSG_FMT_BARE];
	if (!nonempty)
		return st->binary_lines ? "binary" : "empty";
	if (st->quoted_lines * 2 > nonempty || st->fmt[KMSG_FMT_BARE] * 2 > nonempty)
		return "pasted";
	if (second && second * 10 >= top)
		return "mixed";
	return kmsg_fmt_name(best);
}

void kmsg_sanitize(char *s, size_t n, bool keep_nl)
{
	size_t i = 0, k, len;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80) {
			if ((c < 0x20 && c != '\t' && !(keep_nl && c == '\n')) || c == 0x7f)
				s[i] = '?';
			i++;
			continue;
		}
		len = c >= 0xc2 && c <= 0xdf   ? 2
		      : c >= 0xe0 && c <= 0xef ? 3
		      : c >= 0xf0 && c <= 0xf4 ? 4
					       : 0;
		for (k = 1; len && k < len; k++)
			if (i + k >= n || ((unsigned char)s[i + k] & 0xc0) != 0x80)
				len = 0;
		if (len == 3 && ((c == 0xe0 && (unsigned char)s[i + 1] < 0xa0) ||
				 (c == 0xed && (unsigned char)s[i + 1] >= 0xa0)))
			len = 0;
		if (len == 4 && ((c == 0xf0 && (unsigned char)s[i + 1] < 0x90) ||
				 (c == 0xf4 && (unsigned char)s[i + 1] >= 0x90)))
			len = 0;
		if (!len) {
			s[i++] = '?';
			continue;
		}
		i += len;
	}
}

static int flush(struct kmsg_parser *p)
{
	struct kmsg_event ev;
	size_t pl;
	bool tpm;
	int r = 0;

	if (!p->have)
		return 0;
	p->have = false;
	p->tstate = TS_NONE;
	p->st.events++;
	tpm = matcher_run(&p->m, p->text, p->text_len) ||
	      (p->trace_len && matcher_run(&p->m, p->trace, p->trace_len));
	if (tpm)
		p->st.tpm_events++;
	if (!tpm && p->tpm_only)
		return 0;
	if (p->trace_drop) {
		int w = snprintf(p->trace + p->trace_len, sizeof(p->trace) - p->trace_len,
				 "[... %u more trace lines not kept]\n", p->trace_drop);

		if (w > 0 && (size_t)w < sizeof(p->trace) - p->trace_len)
			p->trace_len += (size_t)w;
	}
	if (p->trace_len && p->trace[p->trace_len - 1] == '\n')
		p->trace_len--;
	p->text[p->text_len] = '\0';
	p->trace[p->trace_len] = '\0';
	p->wall[p->wall_len] = '\0';
	kmsg_sanitize(p->text, p->text_len, false);
	kmsg_sanitize(p->trace, p->trace_len, true);
	kmsg_sanitize(p->wall, p->wall_len, false);
	pl = kmsg_prefix_len(p->text, p->text_len);
	if (pl >= sizeof(p->prefix))
		pl = 0;
	memcpy(p->prefix, p->text, pl);
	p->prefix[pl] = '\0';

	memset(&ev, 0, sizeof(ev));
	ev.seq = p->has_seq ? p->seq : p->first_line;
	ev.ts = p->ts;
	ev.prio = p->prio;
	ev.line = p->first_line;
	ev.wall = p->wall_len ? p->wall : NULL;
	ev.prefix = pl ? p->prefix : NULL;
	ev.text = p->text;
	ev.trace = p->trace_len ? p->trace : NULL;
	ev.trace_lines = p->trace_n;
	ev.tpm = tpm;
	if (p->emit)
		r = p->emit(p->arg, &ev);
	return r;
}

/* Room for the terminating NUL (and for the "... more trace lines" note) is kept. */
static void set_text(struct kmsg_parser *p, const char *s, size_t n)
{
	if (n > sizeof(p->text) - 1)
		n = sizeof(p->text) - 1;
	memcpy(p->text, s, n);
	p->text_len = n;
}

static void add_trace(struct kmsg_parser *p, const char *s, size_t n)
{
	if (p->trace_len + n + 1 > sizeof(p->trace) - 64) {
		p->trace_drop++;
		p->st.trace_dropped++;
		return;
	}
	memcpy(p->trace + p->trace_len, s, n);
	p->trace_len += n;
	p->trace[p->trace_len++] = '\n';
	p->trace_n++;
	p->st.trace_lines++;
}

static int start(struct kmsg_parser *p, const struct kmsg_line *l, const char *s, size_t n)
{
	int r = flush(p);

	if (r)
		return r;
	p->have = true;
	p->seq = l->seq;
	p->has_seq = l->has_seq;
	p->ts = l->ts;
	p->prio = l->prio;
	p->first_line = (unsigned)p->st.lines;
	p->wall_len = l->wall_len < sizeof(p->wall) ? l->wall_len : sizeof(p->wall) - 1;
	if (p->wall_len)
		memcpy(p->wall, l->wall, p->wall_len);
	p->trace_len = 0;
	p->trace_n = 0;
	p->trace_drop = 0;
	p->tstate = TS_NONE;
	set_text(p, s, n);
	return 0;
}

/*
 * A bare line continues the record before it when a mail client wrapped
 * it there: the line before was short enough to be a wrapped line, and
 * this line's first word would not have fit on it within JOIN_WIDTH
 * columns; and this line does not itself look like a record
 * ("driver dev: ", "subsys: " — but "Control: " in the middle of a
 * wrapped sentence is not a subsystem).
 */
static bool joinable(const struct kmsg_parser *p, const struct kmsg_line *l)
{
	size_t i = 0, w, pl;

	if (!p->have || !p->prev_joinable || l->fmt != KMSG_FMT_BARE || l->quote != p->prev_quote ||
	    p->tstate != TS_NONE || p->prev_len > JOIN_MAX)
		return false;
	while (i < l->msg_len && (l->msg[i] == ' ' || l->msg[i] == '\t'))
		i++;
	for (w = i; w < l->msg_len && l->msg[w] != ' '; w++)
		;
	if (p->prev_len + 1 + (w - i) <= JOIN_WIDTH)
		return false;
	pl = kmsg_prefix_len(l->msg + i, l->msg_len - i);
	if (!pl)
		return true;
	if (memchr(l->msg + i, ' ', pl))
		return false;						  /* "driver device: " */
	return is_upper(l->msg[i]) && pl > 1 && !is_upper(l->msg[i + 1]); /* "Control: " */
}

static int on_line(struct kmsg_parser *p, const char *s, size_t n)
{
	struct kmsg_line l;
	enum trace_class tc;
	const char *m;
	size_t mn, phys = n;
	bool was_kmsg = p->prev_kmsg;
	int r = 0;

	p->st.lines++;
	while (phys && (s[phys - 1] == '\r' || s[phys - 1] == ' ' || s[phys - 1] == '\t'))
		phys--;
	kmsg_parse_line(s, n, &l);
	p->prev_kmsg = false;
	if (l.dict) {
		if (was_kmsg) {
			p->prev_kmsg = true;
			return 0; /* SUBSYSTEM=, DEVICE= of the record before */
		}
		l.dict = false;
		l.fmt = KMSG_FMT_BARE;
	}
	if (l.quote)
		p->st.quoted_lines++;
	if (l.binary) {
		p->st.binary_lines++;
		p->prev_joinable = false;
		return 0;
	}
	if (l.fmt == KMSG_FMT_NONE) {
		p->prev_joinable = false;
		return 0;
	}
	p->st.fmt[l.fmt]++;
	if (!l.kernel) {
		p->prev_joinable = false;
		p->tstate = TS_NONE;
		return 0;
	}
	m = l.msg;
	mn = l.msg_len;
	tc = classify(&p->tix, m, mn);
	if ((tc == TC_CONT || tc == TC_END) && (!p->have || p->tstate == TS_NONE))
		tc = TC_NONE; /* a frame-like line outside a trace is an ordinary line */
	if (tc == TC_ATTACH && !p->have)
		tc = TC_NEW;

	switch (tc) {
	case TC_NEW:
		r = start(p, &l, m, mn);
		p->tstate = memcmp(m, "----", 4) ? TS_ACTIVE : TS_AWAIT;
		break;
	case TC_ATTACH:
	case TC_CONT:
	case TC_END:
		if (p->tstate == TS_AWAIT) { /* a WARN without a message: its first line names it */
			add_trace(p, p->text, p->text_len);
			set_text(p, m, mn);
		} else {
			add_trace(p, m, mn);
		}
		p->tstate = tc == TC_END ? TS_NONE : TS_ACTIVE;
		break;
	case TC_NONE:
		if (p->have && p->tstate == TS_AWAIT) { /* the WARN's message */
			add_trace(p, p->text, p->text_len);
			set_text(p, m, mn);
			p->tstate = TS_ACTIVE;
			break;
		}
		if (joinable(p, &l) && p->text_len + 1 + mn < sizeof(p->text)) {
			while (mn && (*m == ' ' || *m == '\t')) {
				m++;
				mn--;
			}
			p->text[p->text_len++] = ' ';
			memcpy(p->text + p->text_len, m, mn);
			p->text_len += mn;
			p->st.joined_lines++;
			break;
		}
		r = start(p, &l, m, mn);
		break;
	}
	p->prev_len = phys;
	p->prev_quote = l.quote;
	p->prev_joinable = tc == TC_NONE;
	p->prev_kmsg = l.fmt == KMSG_FMT_KMSG;
	return r;
}

static int on_line_trunc(struct kmsg_parser *p, const char *s, size_t n, bool truncated)
{
	if (truncated)
		p->st.truncated_lines++;
	return on_line(p, s, n);
}

int kmsg_parser_feed(struct kmsg_parser *p, const char *buf, size_t len)
{
	const char *nl;
	size_t take, room;
	int r;

	while (len) {
		nl = memchr(buf, '\n', len);
		if (p->skipping) {
			if (!nl)
				return 0;
			p->skipping = false;
		} else if (p->line_len) {
			take = nl ? (size_t)(nl - buf) : len;
			room = sizeof(p->line) - p->line_len;
			memcpy(p->line + p->line_len, buf, take < room ? take : room);
			p->line_len += take < room ? take : room;
			if (take > room || nl) {
				r = on_line_trunc(p, p->line, p->line_len, take > room);
				p->line_len = 0;
				if (r)
					return r;
				if (!nl) {
					p->skipping = true;
					return 0;
				}
			} else {
				return 0;
			}
		} else if (!nl) {
			if (len > sizeof(p->line)) {
				p->skipping = true;
				return on_line_trunc(p, buf, sizeof(p->line), true);
			}
			memcpy(p->line, buf, len);
			p->line_len = len;
			return 0;
		} else {
			take = (size_t)(nl - buf);
			r = on_line_trunc(p, buf, take > sizeof(p->line) ? sizeof(p->line) : take,
					  take > sizeof(p->line));
			if (r)
				return r;
		}
		len -= (size_t)(nl - buf) + 1;
		buf = nl + 1;
	}
	return 0;
}

int kmsg_parser_finish(struct kmsg_parser *p)
{
	int r = 0;

	if (p->line_len)
		r = on_line_trunc(p, p->line, p->line_len, false);
	p->line_len = 0;
	p->skipping = false;
	if (!r)
		r = flush(p);
	return r;
}
