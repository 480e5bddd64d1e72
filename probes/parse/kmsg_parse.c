// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel-log parser (see kmsg_parse.h): one line at a time, every
 * format, bounded. Hot path: a dmesg line of another subsystem costs a
 * stamp parse, a first-byte check for stack-trace lines, a copy into the
 * pending event and one pass of the pattern matcher.
 *
 * This file reads one line (its stamp, level and text); kmsg_match.c holds
 * the TPM pattern table, kmsg_trace.c the stack-trace classifier and
 * kmsg_events.c the assembler that turns lines into records.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/parse/kmsg_parse.h"
#include "probes/parse/kmsg_parse_priv.h"

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

/* digits at s[*i]; at most 19 of them. */
static bool take_uint(const char *s, size_t n, size_t *i, uint64_t *v)
{
	size_t start = *i;

	*v = 0;
	while (*i < n && is_digit(s[*i]) && *i - start < 19)
		*v = *v * 10 + (uint64_t)(s[(*i)++] - '0');
	return *i > start && !(*i < n && is_digit(s[*i]));
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
/*
 * The printk caller id of CONFIG_PRINTK_CALLER right after the stamp:
 * "[  T204]" (a task) or "[    C1]" (a CPU), with or without a space.
 */
static void skip_caller_id(const char *s, size_t n, size_t *i)
{
	size_t j = *i;

	if (!take_char(s, n, &j, '['))
		return;
	skip_spaces(s, n, &j);
	if (j >= n || (s[j] != 'T' && s[j] != 'C'))
		return;
	j++;
	if (j >= n || !is_digit(s[j]))
		return;
	while (j < n && is_digit(s[j]))
		j++;
	if (!take_char(s, n, &j, ']'))
		return;
	take_char(s, n, &j, ' ');
	*i = j;
}

static void after_bracket(const char *s, size_t n, size_t i, struct kmsg_line *o)
{
	double inner;
	size_t m;
	bool kernel;

	if (i < n && s[i] == '[' && take_dmesg_ts(s, n, &i, &inner))
		o->ts = inner; /* a serial capture's own stamp, then the kernel's */
	skip_caller_id(s, n, &i);
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
			if (i < n && s[i] == '[' && take_dmesg_ts(s, n, &i, &ts)) {
				/* a CI log's own ISO stamp before each dmesg line */
				o->fmt = KMSG_FMT_DMESG;
				o->ts = ts;
				after_bracket(s, n, i, o);
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
		if (n > 8 &&
		    !memcmp(s, "kernel: [", 9)) { /* a syslog line pasted without its head */
			i = 8;
			if (take_dmesg_ts(s, n, &i, &ts)) {
				o->fmt = KMSG_FMT_DMESG;
				o->kernel = true;
				o->ts = ts;
				after_bracket(s, n, i, o);
				return true;
			}
			i = 0;
		}
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
