// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel-log probe (see kmsg.h): pick the source, stream it through
 * the parser, keep the TPM-related events, record what was read.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probes/kmsg.h"
#include "probes/os/bounded_read.h"
#include "probes/tpm/rc.h"

#define KMSG_LIVE "/dev/kmsg"

/* ---- the record store ------------------------------------------------------ */

int kmsg_log_new(struct kmsg_log **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : -ENOMEM;
}

static void rec_free(struct kmsg_rec *r)
{
	free(r->wall);
	free(r->prefix);
	free(r->text);
	free(r->trace);
	free(r->tool);
}

void kmsg_log_free(struct kmsg_log *log)
{
	size_t i;

	if (!log)
		return;
	for (i = 0; i < log->n; i++)
		rec_free(&log->r[i]);
	free(log->r);
	free(log->hash);
	free(log);
}

/* FNV-1a over the stamp and the text: what makes two records the same one pasted twice. */
static size_t rec_hash(double ts, const char *wall, const char *text)
{
	uint64_t h = 14695981039346656037ull;
	const unsigned char *s;
	unsigned char b[sizeof(ts)];
	size_t i;

	memcpy(b, &ts, sizeof(ts));
	for (i = 0; i < sizeof(b); i++)
		h = (h ^ b[i]) * 1099511628211ull;
	for (s = (const unsigned char *)(wall ? wall : ""); *s; s++)
		h = (h ^ *s) * 1099511628211ull;
	h = (h ^ 0xff) * 1099511628211ull;
	for (s = (const unsigned char *)text; *s; s++)
		h = (h ^ *s) * 1099511628211ull;
	return (size_t)h;
}

static bool same_rec(const struct kmsg_rec *r, const struct kmsg_event *ev, bool userspace)
{
	return r->userspace == userspace && r->ts == ev->ts && !strcmp(r->text, ev->text) &&
	       !strcmp(r->wall ? r->wall : "", ev->wall ? ev->wall : "");
}

static int hash_grow(struct kmsg_log *log)
{
	size_t cap = log->hash_cap ? log->hash_cap * 2 : 256, i, j;
	size_t *t = calloc(cap, sizeof(*t));

	if (!t)
		return -ENOMEM;
	for (i = 0; i < log->n; i++) {
		const struct kmsg_rec *r = &log->r[i];

		if (r->ts < 0 && !r->wall)
			continue;
		for (j = rec_hash(r->ts, r->wall, r->text) & (cap - 1); t[j];
		     j = (j + 1) & (cap - 1))
			;
		t[j] = i + 1;
	}
	free(log->hash);
	log->hash = t;
	log->hash_cap = cap;
	return 0;
}

static char *dup_or_null(const char *s, int *err)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		*err = -ENOMEM;
	return d;
}

/* ---- return codes in kernel messages --------------------------------------- */

/* clang-format off */
static const struct {
	const char *marker; /* the number follows it */
	int base;	    /* 10 or 16 */
	int family;	    /* 12, 20, or 0: decide by the tables */
	const char *after;  /* the text right after the number, or NULL for any */
} kmsg_rc_forms[] = {
	{"A TPM error (", 10, 0, ")"},			  /* tpm-interface.c tpm_transmit_cmd */
	{"failed with a TPM error 0x", 16, 20, NULL},	  /* tpm2-space.c load/save context */
	{"TPM is disabled/deactivated (0x", 16, 12, ")"}, /* tpm1-cmd.c tpm1_do_selftest */
	{"Error (", 10, 12, ") sending savestate"},	  /* tpm1-cmd.c tpm1_pm_suspend */
};
/* clang-format on */

/* The family whose table alone knows rc; 0 when both or neither do. */
static int family_by_tables(uint32_t rc)
{
	struct tpm_rc_desc d12, d20;

	tpm_rc_decode(rc, TPM_FAMILY_12, &d12);
	tpm_rc_decode(rc, TPM_FAMILY_20, &d20);
	if (d12.known == d20.known)
		return 0;
	return d12.known ? 12 : 20;
}

static bool take_number(const char *s, int base, uint32_t *v, const char **end)
{
	uint64_t x = 0;
	size_t i;

	for (i = 0; i < 10; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9'		     ? c - '0'
			: base == 16 && c >= 'a' && c <= 'f' ? c - 'a' + 10
			: base == 16 && c >= 'A' && c <= 'F' ? c - 'A' + 10
							     : -1;

		if (d < 0)
			break;
		x = x * (uint64_t)base + (uint64_t)d;
	}
	if (!i || x > 0xFFFFFFFFu || (s[i] >= '0' && s[i] <= '9'))
		return false;
	*v = (uint32_t)x;
	*end = s + i;
	return true;
}

bool kmsg_text_rc(const char *text, uint32_t *rc, int *family)
{
	const char *at, *end;
	size_t k;
	uint32_t v;

	for (k = 0; text && k < sizeof(kmsg_rc_forms) / sizeof(kmsg_rc_forms[0]); k++) {
		at = strstr(text, kmsg_rc_forms[k].marker);
		if (!at)
			continue;
		at += strlen(kmsg_rc_forms[k].marker);
		if (!take_number(at, kmsg_rc_forms[k].base, &v, &end))
			continue;
		if (kmsg_rc_forms[k].after &&
		    strncmp(end, kmsg_rc_forms[k].after, strlen(kmsg_rc_forms[k].after)))
			continue;
		*rc = v;
		*family = kmsg_rc_forms[k].family ? kmsg_rc_forms[k].family : family_by_tables(v);
		return true;
	}
	return false;
}

static int log_add(struct kmsg_log *log, const struct kmsg_event *ev, const struct kmsg_user_src *u)
{
	bool stamped = ev->ts >= 0 || ev->wall;
	const char *text = ev->text ? ev->text : "";
	struct kmsg_event e = *ev;
	struct kmsg_rec *r;
	size_t j = 0;
	int err = 0;

	e.text = text;
	if (stamped) {
		if (log->n * 2 >= log->hash_cap && hash_grow(log))
			return -ENOMEM;
		for (j = rec_hash(ev->ts, ev->wall, text) & (log->hash_cap - 1); log->hash[j];
		     j = (j + 1) & (log->hash_cap - 1))
			if (same_rec(&log->r[log->hash[j] - 1], &e, u != NULL))
				return 1;
	}
	if (log->n == log->cap) {
		size_t cap = log->cap ? log->cap * 2 : 32;
		struct kmsg_rec *nr = realloc(log->r, cap * sizeof(*nr));

		if (!nr)
			return -ENOMEM;
		log->r = nr;
		log->cap = cap;
	}
	r = &log->r[log->n];
	memset(r, 0, sizeof(*r));
	r->seq = ev->seq;
	r->ts = ev->ts;
	r->prio = ev->prio;
	r->line = ev->line;
	r->trace_lines = ev->trace_lines;
	r->wall = dup_or_null(ev->wall, &err);
	r->prefix = dup_or_null(ev->prefix, &err);
	r->text = dup_or_null(text, &err);
	r->trace = dup_or_null(ev->trace, &err);
	if (u) {
		r->userspace = true;
		r->tool = dup_or_null(u->tool, &err);
		r->has_rc = u->has_rc;
		r->rc = u->rc;
		r->rc_family = u->rc_family;
	} else {
		r->has_rc = kmsg_text_rc(text, &r->rc, &r->rc_family);
	}
	if (err) {
		rec_free(r);
		return err;
	}
	if (stamped)
		log->hash[j] = log->n + 1;
	log->n++;
	return 0;
}

int kmsg_log_add(struct kmsg_log *log, const struct kmsg_event *ev)
{
	return log_add(log, ev, NULL);
}

int kmsg_log_add_user(struct kmsg_log *log, const struct kmsg_event *ev,
		      const struct kmsg_user_src *u)
{
	static const struct kmsg_user_src none = {.tool = NULL};

	return log_add(log, ev, u ? u : &none);
}

/* ---- reading ---------------------------------------------------------------- */

struct kmsg_run {
	struct kmsg_log *log;
	uint64_t added, duplicates, traces;
};

static int on_event(void *arg, const struct kmsg_event *ev)
{
	struct kmsg_run *run = arg;
	int r = kmsg_log_add(run->log, ev);

	if (r < 0)
		return r;
	if (r == 1) {
		run->duplicates++;
		return 0;
	}
	run->added++;
	run->traces += ev->trace != NULL;
	return 0;
}

/*
 * Stream fd through p. A file: read to the end. /dev/kmsg: one record per
 * read, until EAGAIN; EPIPE means the record was overwritten (counted).
 * 0 at the end, -ENOMEM, or the emit error; *read_err the errno that
 * stopped reading early (0 when none).
 */
static int stream_fd(int fd, bool live, struct kmsg_parser *p, int *read_err, uint64_t *overwritten)
{
	struct bounded_in in;
	char buf[65536];
	ssize_t n;
	int r;

	*read_err = 0;
	/* /dev/kmsg ends at EAGAIN; a file, a pipe or a device is bounded */
	bounded_in_init(&in, fd, INPUT_MAX_BYTES, INPUT_IDLE_MS);
	in.wait = in.wait && !live;
	for (;;) {
		n = live ? read(fd, buf, sizeof(buf)) : bounded_read(&in, buf, sizeof(buf));
		if (n < 0 && !live)
			errno = (int)-n;
		if (n == 0)
			break;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (live && errno == EPIPE) {
				(*overwritten)++;
				continue;
			}
			if (live && (errno == EAGAIN || errno == EWOULDBLOCK))
				break;
			*read_err = errno;
			break;
		}
		r = kmsg_parser_feed(p, buf, (size_t)n);
		if (r)
			return r;
	}
	return kmsg_parser_finish(p);
}

static enum fact_reason reason_of(int err)
{
	switch (err) {
	case ENOENT:
	case ENOTDIR:
	case ENODEV:
	case ENXIO:
		return FACT_ABSENT;
	case EACCES:
	case EPERM:
		return FACT_PERMISSION;
	case EINVAL:
	case EBADMSG:
		return FACT_MALFORMED;
	default:
		return FACT_FAILED;
	}
}

/* The facts of one source read to the end. */
static int record_facts(struct probe_ctx *c, const struct kmsg_parser *p,
			const struct kmsg_run *run, const char *source, const char *format,
			const struct fact_src *src, int read_err, uint64_t overwritten)
{
	const struct kmsg_stats *st = kmsg_parser_stats(p);
	struct facts *fs = c->facts;
	char what[4200];
	int r;

	r = facts_set_str(fs, "kmsg.source", source, src);
	if (!r)
		r = facts_set_str(fs, "kmsg.format", format ? format : kmsg_parser_format(p), src);
	if (!r)
		r = facts_set_int(fs, "kmsg.lines", (int64_t)st->lines, src);
	if (!r)
		r = facts_set_int(fs, "kmsg.tpm_records", (int64_t)run->added, src);
	if (!r && run->traces)
		r = facts_set_int(fs, "kmsg.tpm_traces", (int64_t)run->traces, src);
	if (!r && st->truncated_lines)
		r = facts_set_int(fs, "kmsg.truncated_lines", (int64_t)st->truncated_lines, src);
	if (!r && st->binary_lines)
		r = facts_set_int(fs, "kmsg.binary_lines", (int64_t)st->binary_lines, src);
	if (!r && run->duplicates)
		r = facts_set_int(fs, "kmsg.duplicate_records", (int64_t)run->duplicates, src);
	if (!r && overwritten)
		r = facts_set_int(fs, "kmsg.overwritten", (int64_t)overwritten, src);
	if (!r && read_err) {
		snprintf(what, sizeof(what), "reading %s stopped after %llu lines%s", source,
			 (unsigned long long)st->lines, bounded_why(read_err));
		r = facts_set_errno(fs, "kmsg.read_error", read_err, what, src);
	}
	return r;
}

/* Read one fd to the end into c->log and record the facts. */
static int read_source(struct probe_ctx *c, int fd, bool live, const char *source,
		       const struct fact_src *src)
{
	struct kmsg_run run = {.log = c->log};
	struct kmsg_parser *p = NULL;
	uint64_t overwritten = 0;
	int read_err = 0, r;

	r = kmsg_parser_new(on_event, &run, true, &p);
	if (r)
		goto out;
	r = stream_fd(fd, live, p, &read_err, &overwritten);
	if (r)
		goto out;
	if (read_err && kmsg_parser_stats(p)->lines == 0) {
		char what[4200];

		snprintf(what, sizeof(what), "cannot read %s", source);
		r = facts_set_errno(c->facts, "kmsg.source", read_err, what, src);
		goto out;
	}
	r = record_facts(c, p, &run, source, NULL, src, read_err, overwritten);
out:
	kmsg_parser_free(p);
	return r;
}

static int probe_file(struct probe_ctx *c)
{
	struct fact_src src = probe_file_src(c->kmsg_file);
	char what[4200];
	int fd, r;

	if (!strcmp(c->kmsg_file, "-")) /* dmesg | tpmdiag facts --kmsg - */
		return read_source(c, STDIN_FILENO, false, "-", &src);
	fd = open(c->kmsg_file, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		snprintf(what, sizeof(what), "cannot open the kernel log %s", c->kmsg_file);
		return facts_set_errno(c->facts, "kmsg.source", errno, what, &src);
	}
	r = read_source(c, fd, false, c->kmsg_file, &src);
	close(fd);
	return r;
}

static int probe_live(struct probe_ctx *c)
{
	struct fact_src src = probe_file_src(KMSG_LIVE);
	char why[512], restrict_val[16];
	int fd, err, r;

	fd = rootfs_openat(c->root, KMSG_LIVE, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd >= 0) {
		r = read_source(c, fd, true, KMSG_LIVE, &src);
		close(fd);
		return r;
	}
	err = -fd;
	if (err != EACCES && err != EPERM)
		return facts_set_errno(c->facts, "kmsg.source", err, "cannot open " KMSG_LIVE,
				       &src);
	if (rootfs_read_value(c->root, "/proc/sys/kernel/dmesg_restrict", restrict_val,
			      sizeof(restrict_val)) == 0 &&
	    !strcmp(restrict_val, "1"))
		snprintf(why, sizeof(why),
			 "cannot open " KMSG_LIVE ": %s (kernel.dmesg_restrict is 1: only root "
			 "or CAP_SYSLOG may read the kernel log; run as root, or pass a saved "
			 "log with --kmsg FILE)",
			 strerror(err));
	else
		snprintf(why, sizeof(why),
			 "cannot open " KMSG_LIVE ": %s (run as root, or pass a saved log with "
			 "--kmsg FILE)",
			 strerror(err));
	return facts_set_unreadable(c->facts, "kmsg.source", FACT_PERMISSION, why, &src);
}

static int probe_journal(struct probe_ctx *c)
{
	struct kmsg_run run = {.log = c->log};
	struct kmsg_parser *p = NULL;
	char desc[256] = "", why[512] = "", note[512];
	struct fact_src src = {.kind = FACT_SRC_LIBRARY};
	int r;

	snprintf(note, sizeof(note), "libsystemd sd-journal, boot %d, _TRANSPORT=kernel", c->boot);
	src.note = note;
	r = kmsg_parser_new(on_event, &run, true, &p);
	if (r)
		goto out;
	r = kmsg_journal_feed(c->root, c->boot, p, desc, sizeof(desc), why, sizeof(why));
	if (r == -ENOMEM)
		goto out;
	if (r) {
		r = facts_set_unreadable(c->facts, "kmsg.source", reason_of(-r), why, &src);
		goto out;
	}
	r = kmsg_parser_finish(p);
	if (r)
		goto out;
	snprintf(note, sizeof(note), "libsystemd sd-journal, %s, _TRANSPORT=kernel", desc);
	r = record_facts(c, p, &run, desc, "journal", &src, 0, 0);
out:
	kmsg_parser_free(p);
	return r;
}

int probe_kmsg(struct probe_ctx *c)
{
	int r;

	if (!c->log) {
		r = kmsg_log_new(&c->log);
		if (r)
			return r;
	}
	if (c->kmsg_file)
		return probe_file(c);
	if (c->boot)
		return probe_journal(c);
	if (c->root && c->root->host)
		return probe_live(c);
	return facts_set_unreadable(
	    c->facts, "kmsg.source", FACT_ABSENT,
	    "no kernel log for a --root tree: the live /dev/kmsg belongs to "
	    "this machine; pass the tree's log with --kmsg FILE",
	    NULL);
}
