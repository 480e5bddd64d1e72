// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the kernel-log parser: arbitrary bytes, fed whole
 * and again split at a point taken from the first byte; every event must
 * be NUL-terminated, printable, within the parser's bounds, and the two
 * runs must agree.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "probes/parse/kmsg_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct tally {
	uint64_t events, sum;
};

static void check_str(const char *s, size_t max, bool nl_ok)
{
	size_t n;

	if (!s)
		return;
	n = strnlen(s, max + 1);
	if (n > max)
		abort();
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t' && !(nl_ok && c == '\n')) || c == 0x7f)
			abort();
	}
}

static int on_event(void *arg, const struct kmsg_event *ev)
{
	struct tally *t = arg;

	check_str(ev->text, KMSG_TEXT_MAX, false);
	check_str(ev->trace, KMSG_TRACE_MAX, true);
	check_str(ev->wall, KMSG_WALL_MAX, false);
	check_str(ev->prefix, KMSG_PREFIX_MAX, false);
	if (!ev->text || (ev->prefix && strncmp(ev->text, ev->prefix, strlen(ev->prefix))))
		abort();
	if (ev->tpm != (kmsg_text_is_tpm(ev->text, strlen(ev->text)) ||
			(ev->trace && kmsg_trace_is_tpm(ev->trace, strlen(ev->trace)))))
		abort();
	t->events++;
	t->sum += strlen(ev->text) + ev->trace_lines + ev->line;
	return 0;
}

static void run(const uint8_t *data, size_t size, size_t split, struct tally *t,
		struct kmsg_stats *st)
{
	struct kmsg_parser *p;
	struct kmsg_line l;

	if (kmsg_parser_new(on_event, t, false, &p))
		abort();
	if (kmsg_parser_feed(p, (const char *)data, split) ||
	    kmsg_parser_feed(p, (const char *)data + split, size - split) || kmsg_parser_finish(p))
		abort();
	*st = *kmsg_parser_stats(p);
	if (!kmsg_parser_format(p))
		abort();
	kmsg_parser_free(p);
	kmsg_parse_line((const char *)data, size, &l);
	if (l.msg_len > size || (l.wall && l.wall_len > size))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tally a = {0, 0}, b = {0, 0};
	struct kmsg_stats sa, sb;
	size_t split = size ? data[0] * size / 256 : 0;

	run(data, size, size, &a, &sa);
	run(data, size, split, &b, &sb);
	if (a.events != b.events || a.sum != b.sum || memcmp(&sa, &sb, sizeof(sa)))
		abort();
	return 0;
}
