/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Private to the kernel-log parser (kmsg_parse.c, kmsg_match.c,
 * kmsg_trace.c, kmsg_events.c): the pieces they share. Not for other callers.
 */
#ifndef TPMDIAG_KMSG_PARSE_PRIV_H
#define TPMDIAG_KMSG_PARSE_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
/* A table entry of a string literal, its length and a value. */
#define PAT(str, fl)                                                                               \
	{                                                                                          \
		str, sizeof(str) - 1, fl                                                           \
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

static inline bool take_char(const char *s, size_t n, size_t *i, char c)
{
	if (*i < n && s[*i] == c) {
		(*i)++;
		return true;
	}
	return false;
}

static inline void skip_spaces(const char *s, size_t n, size_t *i)
{
	while (*i < n && s[*i] == ' ')
		(*i)++;
}

/* ---- the TPM pattern matcher (kmsg_match.c) ------------------------------ */

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

void kmsg_matcher_init(struct kmsg_matcher *m);
/* Whether s[0..len) holds a TPM pattern. */
bool kmsg_matcher_run(const struct kmsg_matcher *m, const char *s, size_t len);

/* ---- the stack-trace classifier (kmsg_trace.c) --------------------------- */

enum trace_class {
	TC_NONE,
	TC_NEW,	   /* starts an event of its own: "BUG: ...", "[ cut here ]" */
	TC_ATTACH, /* belongs to the event before it: "CPU: 0 PID: ...", "Call Trace:" */
	TC_CONT,   /* inside a trace only: frames, registers, <TASK> */
	TC_END,	   /* "---[ end trace ... ]---" */
};

/* For each byte, the kmsg_trace_lines entries starting with it (a bit per entry). */
struct kmsg_trace_index {
	uint64_t first[256];
};

void kmsg_trace_index_init(struct kmsg_trace_index *t);
/* What a line is to a stack trace (leading blanks skipped). */
enum trace_class kmsg_trace_classify(const struct kmsg_trace_index *t, const char *s, size_t n);

#endif
