// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel-log parser's stack-trace classifier: which lines start,
 * continue, attach to or end a kernel stack trace (BUG, WARN, hung task).
 */
#include <stdlib.h>
#include <string.h>

#include "probes/parse/kmsg_parse.h"
#include "probes/parse/kmsg_parse_priv.h"

/* ---- stack traces --------------------------------------------------------- */

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

void kmsg_trace_index_init(struct kmsg_trace_index *t)
{
	size_t k;

	_Static_assert(N_OF(kmsg_trace_lines) <= 64, "one bit per trace-line entry");
	memset(t, 0, sizeof(*t));
	for (k = 0; k < N_OF(kmsg_trace_lines); k++)
		t->first[(unsigned char)kmsg_trace_lines[k].s[0]] |= 1ull << k;
}

enum trace_class kmsg_trace_classify(const struct kmsg_trace_index *t, const char *s, size_t n)
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
