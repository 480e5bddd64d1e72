/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel-log line parser: a pure function on bytes, for every form a
 * user hands us, detected per line (one file may mix them):
 *
 *   kmsg       "6,339,1233596,-;tpm_tis 00:00: 1.2 TPM ..."  (+ " KEY=VALUE" lines)
 *   dmesg      "[    1.233596] tpm_tis 00:00: ..."  (also "<6>[...]", "[  +0.000123]",
 *              "kern  :info  : [...]" from dmesg -x, and a serial capture's
 *              "[ 5.63] [    1.233596] ..." where the inner stamp is the kernel's)
 *   dmesg-T    "[Thu Nov 26 15:03:45 2026] tpm tpm0: ..." (and dmesg --time-format iso)
 *   syslog     "Nov 26 15:03:45 host kernel: [    1.23] tpm ...", ISO stamps too
 *              (kern.log, journalctl -k); other programs' lines are not kernel lines
 *   journal    "[    1.233596] host kernel: ..."  (journalctl -o short-monotonic)
 *   pasted     any of these quoted with "> " (any depth), or bare message lines
 *
 * And the event assembler on top: it splits a byte stream into lines
 * (each kept to its first KMSG_LINE_MAX bytes, the rest counted as
 * truncated), re-joins lines a mail client wrapped, groups a stack trace
 * (WARN, BUG, dump_stack) with the record it belongs to, and hands each
 * finished event to a callback. Memory is bounded by the sizes below
 * whatever the input: it never holds more than one event.
 */
#ifndef TPMDIAG_KMSG_PARSE_H
#define TPMDIAG_KMSG_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KMSG_LINE_MAX	4096  /* bytes of a line kept; the rest is counted as truncated */
#define KMSG_TEXT_MAX	8192  /* a record's text, wrapped continuations joined */
#define KMSG_TRACE_MAX	32768 /* a record's grouped stack trace */
#define KMSG_WALL_MAX	48    /* a wall-clock stamp as the log wrote it */
#define KMSG_PREFIX_MAX 96    /* "tpm_tis MSFT0101:00" */

enum kmsg_fmt {
	KMSG_FMT_NONE = 0, /* empty line, journal "-- Boot ... --" marker */
	KMSG_FMT_KMSG,
	KMSG_FMT_DMESG,
	KMSG_FMT_DMESG_T,
	KMSG_FMT_SYSLOG,
	KMSG_FMT_JOURNAL,
	KMSG_FMT_BARE, /* no stamp at all: a pasted message, a wrapped piece, a trace line */
	KMSG_FMT_COUNT,
};

/* "kmsg", "dmesg", "dmesg-T", "syslog", "journal", "pasted" (bare), "none". */
const char *kmsg_fmt_name(enum kmsg_fmt f);

/* One physical line, parsed. Pointers point into the caller's bytes. */
struct kmsg_line {
	enum kmsg_fmt fmt;
	unsigned quote; /* depth of "> " quoting stripped */
	bool kernel;	/* false: another program's syslog/journal line, or user-space kmsg */
	bool dict;	/* a /dev/kmsg " KEY=VALUE" continuation line */
	bool binary;	/* mostly control bytes: junk, not text */
	bool has_seq;	/* seq from a kmsg record */
	uint64_t seq;
	double ts;	  /* seconds since boot; -1 when the line has none */
	int prio;	  /* 0..7, -1 unknown */
	const char *wall; /* wall-clock stamp, or NULL */
	size_t wall_len;
	const char *msg; /* the message as the kernel printed it */
	size_t msg_len;
};

/* Parse one line (no '\n'; a trailing '\r' is ignored). Never fails. */
void kmsg_parse_line(const char *s, size_t len, struct kmsg_line *out);

/* "tpm tpm0" / "tpm_tis 00:00" / "ima": the driver+device prefix before ": ", if any. */
size_t kmsg_prefix_len(const char *msg, size_t len);

/* TPM-related by the pattern table: a record's text, and a grouped trace. */
bool kmsg_text_is_tpm(const char *s, size_t len);
bool kmsg_trace_is_tpm(const char *s, size_t len);

/* A finished event, handed to the callback. Strings are NUL-terminated and sanitised. */
struct kmsg_event {
	uint64_t seq;	    /* kmsg sequence number, else the line number */
	double ts;	    /* -1 when none */
	int prio;	    /* -1 unknown */
	unsigned line;	    /* first line of the event in the input, from 1 */
	const char *wall;   /* NULL when none */
	const char *prefix; /* NULL when none */
	const char *text;
	const char *trace; /* NULL when none */
	unsigned trace_lines;
	bool tpm; /* matched the pattern table (text or trace) */
};

/* Return 0 to go on, a negative errno to stop (feed/finish return it). */
typedef int (*kmsg_emit_fn)(void *arg, const struct kmsg_event *ev);

struct kmsg_parser; /* large (buffers inside): allocate with kmsg_parser_new */

struct kmsg_stats {
	uint64_t lines;		  /* physical lines read */
	uint64_t truncated_lines; /* lines longer than KMSG_LINE_MAX */
	uint64_t binary_lines;	  /* lines that were mostly control bytes */
	uint64_t events;	  /* records (events) seen */
	uint64_t tpm_events;	  /* of those, TPM-related */
	uint64_t joined_lines;	  /* wrapped lines joined to the previous one */
	uint64_t trace_lines;	  /* lines grouped into a stack trace */
	uint64_t trace_dropped;	  /* trace lines beyond KMSG_TRACE_MAX */
	uint64_t quoted_lines;	  /* lines quoted with "> " */
	uint64_t fmt[KMSG_FMT_COUNT];
};

/* tpm_only: hand only TPM-related events to emit (the others are still counted). */
int kmsg_parser_new(kmsg_emit_fn emit, void *arg, bool tpm_only, struct kmsg_parser **out);
void kmsg_parser_free(struct kmsg_parser *p);
/* Feed any number of bytes, split anywhere. 0, or what emit returned. */
int kmsg_parser_feed(struct kmsg_parser *p, const char *buf, size_t len);
/* End of input: the last line without '\n', the pending event. */
int kmsg_parser_finish(struct kmsg_parser *p);
const struct kmsg_stats *kmsg_parser_stats(const struct kmsg_parser *p);
/* The dominant format: a kmsg_fmt_name(), or "pasted", "mixed", "empty". */
const char *kmsg_parser_format(const struct kmsg_parser *p);

/* In place: control bytes and invalid UTF-8 become '?'; '\n' is kept when keep_nl. */
void kmsg_sanitize(char *s, size_t n, bool keep_nl);

#endif
