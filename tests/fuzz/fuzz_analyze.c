// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for what `tpmdiag analyze` reads: arbitrary bytes
 * through analyze_text_buf, and each line through the user-space line
 * parser. Every record must be NUL-terminated, printable, within the
 * parser's bounds, in the input's order; a user-space record has a tool,
 * a kernel record none; a code's family is 0, 12 or 20.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "probes/offline/analyze_text.h"
#include "probes/parse/userlog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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

static void check_lines(const char *s, size_t n)
{
	struct userlog_line u;
	const char *nl;
	uint16_t tag;
	uint32_t rc;
	int fam;

	while (n) {
		size_t l;

		nl = memchr(s, '\n', n);
		l = nl ? (size_t)(nl - s) : n;
		if (userlog_parse_line(s, l, &u)) {
			if (!u.tool || u.text < s || u.text + u.text_len > s + l)
				abort();
			if (u.wall && (u.wall < s || u.wall + u.wall_len > s + l))
				abort();
			if (u.ident && (u.ident < s || u.ident + u.ident_len > s + l))
				abort();
			if (u.has_rc && u.rc_family != 12 && u.rc_family != 20)
				abort();
		}
		userlog_raw_response(s, l, &tag, &rc, &fam);
		userlog_is_prompt(s, l);
		if (!nl)
			break;
		n -= l + 1;
		s += l + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kmsg_log *log = NULL;
	struct facts *fs = NULL;
	size_t i;

	check_lines((const char *)data, size);
	if (facts_new(&fs))
		return 0;
	if (analyze_text_buf("fuzz", (const char *)data, size, &log, fs))
		abort();
	for (i = 0; i < log->n; i++) {
		const struct kmsg_rec *r = &log->r[i];

		check_str(r->text, KMSG_TEXT_MAX, false);
		check_str(r->wall, KMSG_WALL_MAX, false);
		check_str(r->prefix, KMSG_PREFIX_MAX, false);
		check_str(r->trace, KMSG_TRACE_MAX, true);
		if (!r->text || r->userspace != (r->tool != NULL))
			abort();
		if (r->has_rc && r->rc_family != 0 && r->rc_family != 12 && r->rc_family != 20)
			abort();
		if (i && r->line <= log->r[i - 1].line)
			abort();
	}
	if (!facts_get(fs, "analyze.lines") || !facts_get(fs, "analyze.return_codes"))
		abort();
	kmsg_log_free(log);
	facts_free(fs);
	return 0;
}
