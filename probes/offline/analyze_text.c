// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tpmdiag analyze's reader (see analyze_text.h): split the text into
 * lines; a user-space TPM line becomes a record here, every other line
 * goes to the kernel-log parser (a user-space line is handed to it as an
 * empty line, so its line numbers stay the file's and a wrapped kernel
 * line is never joined across one). The kernel parser finishes an event
 * only when the next one starts, so user-space records wait in a queue
 * until the kernel records before them are in: the log keeps the input's
 * order.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probes/offline/analyze_text.h"
#include "probes/offline/chip_text.h"
#include "probes/os/bounded_read.h"
#include "probes/tpm/rc.h"
#include "probes/parse/userlog.h"

struct uq_ent {
	unsigned line;
	double ts;
	int prio;
	char *wall, *prefix, *text;
	struct kmsg_user_src u;
};

enum line_state {
	LS_HEAD, /* collecting a line */
	LS_PASS, /* the rest of a long kernel line: straight to the kernel parser */
	LS_SKIP, /* the rest of a long user-space line */
};

struct an {
	struct kmsg_log *log;
	struct kmsg_parser *kp;
	struct uq_ent *q;
	size_t qn, qhead, qcap;
	enum line_state state;
	size_t line_len;
	uint64_t lines, nonblank, user_lines, kept_kernel_lines, truncated;
	uint64_t kernel_records, user_records, duplicates;
	struct chip_text chip; /* the chip's maker and firmware, when the text names them */
	char line[KMSG_LINE_MAX];
};

/* ---- the records ------------------------------------------------------------ */

/* A NUL-terminated copy of at most max - 1 bytes: control bytes and bad UTF-8 as '?'. */
static char *clean_copy(const char *s, size_t n, size_t max)
{
	char *d;

	if (n > max - 1)
		n = max - 1;
	d = malloc(n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	kmsg_sanitize(d, n, false);
	return d;
}

static void ent_free(struct uq_ent *e)
{
	free(e->wall);
	free(e->prefix);
	free(e->text);
}

static int queue_user(struct an *a, const struct userlog_line *ul)
{
	struct uq_ent *e;

	if (a->qn == a->qcap) {
		size_t cap = a->qcap ? a->qcap * 2 : 16;
		struct uq_ent *nq;

		if (a->qhead) { /* slide the waiting ones to the front first */
			memmove(a->q, a->q + a->qhead, (a->qn - a->qhead) * sizeof(*a->q));
			a->qn -= a->qhead;
			a->qhead = 0;
		}
		if (a->qn == a->qcap) {
			nq = realloc(a->q, cap * sizeof(*nq));
			if (!nq)
				return -ENOMEM;
			a->q = nq;
			a->qcap = cap;
		}
	}
	e = &a->q[a->qn];
	memset(e, 0, sizeof(*e));
	e->line = (unsigned)a->lines;
	e->ts = ul->ts;
	e->prio = ul->prio;
	e->text = clean_copy(ul->text, ul->text_len, KMSG_TEXT_MAX);
	if (ul->wall)
		e->wall = clean_copy(ul->wall, ul->wall_len, KMSG_WALL_MAX);
	if (ul->ident)
		e->prefix = clean_copy(ul->ident, ul->ident_len, KMSG_PREFIX_MAX);
	e->u.tool = ul->tool;
	e->u.has_rc = ul->has_rc;
	e->u.rc = ul->rc;
	e->u.rc_family = ul->rc_family;
	if (!e->text || (ul->wall && !e->wall) || (ul->ident && !e->prefix)) {
		ent_free(e);
		return -ENOMEM;
	}
	a->qn++;
	return 0;
}

/* Move the waiting user-space records before line `before` (0: all) into the log. */
static int flush_user(struct an *a, unsigned before)
{
	struct kmsg_event ev;
	int r = 0;

	while (a->qhead < a->qn && (!before || a->q[a->qhead].line < before)) {
		struct uq_ent *e = &a->q[a->qhead];

		memset(&ev, 0, sizeof(ev));
		ev.seq = e->line;
		ev.ts = e->ts;
		ev.prio = e->prio;
		ev.line = e->line;
		ev.wall = e->wall;
		ev.prefix = e->prefix;
		ev.text = e->text;
		ev.tpm = true;
		r = kmsg_log_add_user(a->log, &ev, &e->u);
		ent_free(e);
		a->qhead++;
		if (r < 0)
			return r;
		if (r == 1)
			a->duplicates++;
		else
			a->user_records++;
		r = 0;
	}
	if (a->qhead == a->qn)
		a->qhead = a->qn = 0;
	return r;
}

static int on_kernel(void *arg, const struct kmsg_event *ev)
{
	struct an *a = arg;
	int r = flush_user(a, ev->line ? ev->line : 1);

	if (r)
		return r;
	r = kmsg_log_add(a->log, ev);
	if (r < 0)
		return r;
	if (r == 1)
		a->duplicates++;
	else
		a->kernel_records++;
	a->kept_kernel_lines += 1 + ev->trace_lines;
	return 0;
}

/* ---- lines ------------------------------------------------------------------ */

static bool blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

/*
 * A mail client or tracker wrapped a tool's line before its return code:
 * "Tspi_TPM_TakeOwnership" then "failed: 0x00001087 - layer=tddl ...".
 * When the user-space record of the line before has no code and this line
 * (quoting stripped) completes it into a line that has one, the record
 * takes the joined text and code, and this line is used up. 1 joined, 0
 * not, -ENOMEM.
 */
static int join_wrapped(struct an *a, const char *s, size_t n)
{
	struct uq_ent *e = a->qn > a->qhead ? &a->q[a->qn - 1] : NULL;
	struct userlog_line ul;
	char joined[KMSG_TEXT_MAX], *text;
	size_t i = 0;
	int w;

	if (!e || e->u.has_rc || e->line + 1 != a->lines)
		return 0;
	while (i < n && (s[i] == '>' || s[i] == ' ' || s[i] == '\t'))
		i++;
	/* a continuation: "failed: 0x...", "0x00000026", not a stamped line of its own */
	if (i == n || !((s[i] >= 'a' && s[i] <= 'z') || (n - i > 2 && !memcmp(s + i, "0x", 2))))
		return 0;
	w = snprintf(joined, sizeof(joined), "%s %.*s", e->text, (int)(n - i), s + i);
	if (w < 0 || (size_t)w >= sizeof(joined) || !userlog_parse_line(joined, (size_t)w, &ul) ||
	    !ul.has_rc || strcmp(ul.tool, e->u.tool))
		return 0;
	text = clean_copy(ul.text, ul.text_len, KMSG_TEXT_MAX);
	if (!text)
		return -ENOMEM;
	free(e->text);
	e->text = text;
	e->u.has_rc = true;
	e->u.rc = ul.rc;
	e->u.rc_family = ul.rc_family;
	if (ul.prio >= 0 && (e->prio < 0 || ul.prio < e->prio))
		e->prio = ul.prio;
	return 1;
}

/* One line (its first KMSG_LINE_MAX bytes). *user: it became (part of) a user-space record. */
static int one_line(struct an *a, const char *s, size_t n, bool *user)
{
	struct userlog_line ul;
	int r;

	a->lines++;
	a->nonblank += !blank(s, n);
	if (chip_text_line(&a->chip, s, n)) {
		*user = true; /* tool output: to no parser, the line kept blank for the kernel's */
		return 0;
	}
	*user = userlog_parse_line(s, n, &ul);
	if (*user) {
		a->user_lines++;
		return queue_user(a, &ul);
	}
	r = join_wrapped(a, s, n);
	if (r < 0)
		return r;
	*user = r == 1;
	a->user_lines += *user;
	return 0;
}

static int whole_line(struct an *a, const char *s, size_t n)
{
	bool user;
	int r = one_line(a, s, n, &user);

	if (r)
		return r;
	if (!user && !userlog_is_prompt(s, n))
		r = kmsg_parser_feed(a->kp, s, n);
	return r ? r : kmsg_parser_feed(a->kp, "\n", 1);
}

static int feed(struct an *a, const char *buf, size_t len)
{
	const char *nl;
	size_t seg, room, take;
	bool user;
	int r = 0;

	while (len && !r) {
		nl = memchr(buf, '\n', len);
		seg = nl ? (size_t)(nl - buf) : len;
		if (a->state == LS_PASS) {
			r = kmsg_parser_feed(a->kp, buf, seg + (nl != NULL));
		} else if (a->state == LS_HEAD && !a->line_len && nl && seg <= KMSG_LINE_MAX) {
			r = whole_line(a, buf, seg);
		} else if (a->state == LS_HEAD) {
			room = sizeof(a->line) - a->line_len;
			take = seg < room ? seg : room;
			memcpy(a->line + a->line_len, buf, take);
			a->line_len += take;
			if (take < seg) { /* longer than KMSG_LINE_MAX: decide on its head */
				a->truncated++;
				r = one_line(a, a->line, a->line_len, &user);
				if (!r)
					r = user ? kmsg_parser_feed(a->kp, "\n", 1)
						 : kmsg_parser_feed(a->kp, a->line, a->line_len);
				a->state = user ? LS_SKIP : LS_PASS;
				a->line_len = 0;
				buf += take;
				len -= take;
				continue;
			}
			if (!nl)
				return 0;
			r = whole_line(a, a->line, a->line_len);
			a->line_len = 0;
		}
		if (nl)
			a->state = LS_HEAD;
		len -= seg + (nl != NULL);
		buf += seg + (nl != NULL);
	}
	return r;
}

static int finish(struct an *a)
{
	int r = 0;

	if (a->state == LS_HEAD && a->line_len)
		r = whole_line(a, a->line, a->line_len);
	a->line_len = 0;
	a->state = LS_HEAD;
	if (!r)
		r = kmsg_parser_finish(a->kp);
	if (!r)
		r = flush_user(a, 0);
	return r;
}

/* ---- after reading ------------------------------------------------------------ */

/*
 * A kernel code the value alone could not place ("A TPM error (N)")
 * belongs to the family the driver's banner names, when the log names
 * exactly one ("tpm_tis 00:06: 1.2 TPM (device-id 0x0, rev-id 78)").
 */
static void kernel_family_from_banner(struct kmsg_log *log)
{
	bool seen12 = false, seen20 = false;
	size_t i;
	int fam;

	for (i = 0; i < log->n; i++) {
		const struct kmsg_rec *r = &log->r[i];

		if (r->userspace)
			continue;
		seen12 |= strstr(r->text, "1.2 TPM (device-id") != NULL;
		seen20 |= strstr(r->text, "2.0 TPM (device-id") != NULL;
	}
	if (seen12 == seen20)
		return;
	fam = seen12 ? 12 : 20;
	for (i = 0; i < log->n; i++)
		if (!log->r[i].userspace && log->r[i].has_rc && !log->r[i].rc_family)
			log->r[i].rc_family = fam;
}

static void describe_rc(uint32_t rc, int fam, char *buf, size_t len)
{
	struct tpm_rc_desc d12, d20;
	char a[256], b[256];

	tpm_rc_decode(rc, TPM_FAMILY_12, &d12);
	tpm_rc_decode(rc, TPM_FAMILY_20, &d20);
	if (fam == 12 || fam == 20) {
		const struct tpm_rc_desc *d = fam == 12 ? &d12 : &d20;

		tpm_rc_format(d, a, sizeof(a));
		if (d->known)
			snprintf(buf, len, "0x%08" PRIX32 " %s", rc, a);
		else
			snprintf(buf, len, "%s", a);
		return;
	}
	tpm_rc_format(&d12, a, sizeof(a));
	tpm_rc_format(&d20, b, sizeof(b));
	if (d12.known && d20.known)
		snprintf(buf, len, "0x%08" PRIX32 " TPM 1.2: %s; TPM 2.0: %s", rc, a, b);
	else if (d12.known || d20.known)
		snprintf(buf, len, "0x%08" PRIX32 " %s", rc, d12.known ? a : b);
	else
		snprintf(buf, len, "0x%08" PRIX32 ": not a known TPM return code", rc);
}

static int rc_list(struct facts *fs, const struct kmsg_log *log, const struct fact_src *src)
{
	char **items = NULL;
	size_t n = 0, i, j;
	char buf[600];
	int r = 0;

	items = calloc(log->n ? log->n : 1, sizeof(*items));
	if (!items)
		return -ENOMEM;
	for (i = 0; i < log->n; i++) {
		const struct kmsg_rec *x = &log->r[i];

		if (!x->has_rc)
			continue;
		for (j = 0; j < i; j++)
			if (log->r[j].has_rc && log->r[j].rc == x->rc &&
			    log->r[j].rc_family == x->rc_family)
				break;
		if (j < i)
			continue;
		describe_rc(x->rc, x->rc_family, buf, sizeof(buf));
		items[n] = strdup(buf);
		if (!items[n]) {
			r = -ENOMEM;
			goto out;
		}
		n++;
	}
	r = facts_set_list(fs, "analyze.return_codes", (const char *const *)items, n, src);
out:
	for (i = 0; i < n; i++)
		free(items[i]);
	free(items);
	return r;
}

static int record_facts(struct an *a, struct facts *fs, const char *name, int read_err)
{
	struct fact_src src = {.kind = FACT_SRC_FILE, .path = name};
	const struct kmsg_stats *st = kmsg_parser_stats(a->kp);
	uint64_t kept = a->user_lines + a->kept_kernel_lines;
	char what[4200];
	int r;

	r = facts_set_str(fs, "analyze.source", name, &src);
	if (!r)
		r = facts_set_int(fs, "analyze.lines", (int64_t)a->lines, &src);
	if (!r)
		r = facts_set_int(fs, "analyze.kernel_records", (int64_t)a->kernel_records, &src);
	if (!r)
		r = facts_set_int(fs, "analyze.userspace_records", (int64_t)a->user_records, &src);
	if (!r)
		r = facts_set_int(fs, "analyze.other_lines",
				  (int64_t)(a->nonblank > kept ? a->nonblank - kept : 0), &src);
	if (!r)
		r = facts_set_str(fs, "analyze.kernel_format", kmsg_parser_format(a->kp), &src);
	if (!r)
		r = rc_list(fs, a->log, &src);
	if (!r && a->truncated)
		r = facts_set_int(fs, "analyze.truncated_lines", (int64_t)a->truncated, &src);
	if (!r && st->binary_lines)
		r = facts_set_int(fs, "analyze.binary_lines", (int64_t)st->binary_lines, &src);
	if (!r && a->duplicates)
		r = facts_set_int(fs, "analyze.duplicate_records", (int64_t)a->duplicates, &src);
	if (!r && read_err) {
		snprintf(what, sizeof(what), "reading %s stopped after %" PRIu64 " lines%s", name,
			 a->lines, bounded_why(read_err));
		r = facts_set_errno(fs, "analyze.read_error", read_err, what, &src);
	}
	return r;
}

/* ---- entry points ----------------------------------------------------------- */

static int an_new(struct an **out)
{
	struct an *a = calloc(1, sizeof(*a));
	int r;

	*out = NULL;
	if (!a)
		return -ENOMEM;
	r = kmsg_log_new(&a->log);
	if (!r)
		r = kmsg_parser_new(on_kernel, a, true, &a->kp);
	if (r) {
		kmsg_log_free(a->log);
		free(a);
		return r;
	}
	*out = a;
	return 0;
}

static void an_free(struct an *a)
{
	size_t i;

	if (!a)
		return;
	for (i = a->qhead; i < a->qn; i++)
		ent_free(&a->q[i]);
	free(a->q);
	kmsg_parser_free(a->kp);
	kmsg_log_free(a->log);
	free(a);
}

/* Finish, record the facts, hand the log over. */
static int an_done(struct an *a, struct facts *fs, const char *name, int read_err,
		   struct kmsg_log **log)
{
	int r = finish(a);

	if (r)
		return r;
	kernel_family_from_banner(a->log);
	r = record_facts(a, fs, name, read_err);
	if (!r)
		r = chip_text_facts(&a->chip, fs, name);
	if (r)
		return r;
	*log = a->log;
	a->log = NULL;
	return 0;
}

int analyze_text_buf(const char *name, const char *buf, size_t len, struct kmsg_log **log,
		     struct facts *fs)
{
	struct an *a = NULL;
	int r;

	*log = NULL;
	r = an_new(&a);
	if (!r)
		r = feed(a, buf, len);
	if (!r)
		r = an_done(a, fs, name, 0, log);
	an_free(a);
	return r;
}

int analyze_text_file(const char *path, struct kmsg_log **log, struct facts *fs)
{
	struct fact_src src = {.kind = FACT_SRC_FILE, .path = path};
	struct bounded_in in;
	struct an *a = NULL;
	char buf[65536], what[4200];
	int fd = -1, read_err = 0, r;
	ssize_t n;

	*log = NULL;
	if (!strcmp(path, "-")) {
		fd = STDIN_FILENO;
	} else {
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
		if (fd < 0) {
			r = -errno;
			snprintf(what, sizeof(what), "cannot open %s", path);
			if (facts_set_errno(fs, "analyze.source", -r, what, &src) == -ENOMEM)
				r = -ENOMEM;
			return r;
		}
	}
	r = an_new(&a);
	bounded_in_init(&in, fd, INPUT_MAX_BYTES, INPUT_IDLE_MS);
	while (!r) {
		n = bounded_read(&in, buf, sizeof(buf));
		if (n == 0)
			break;
		if (n < 0) {
			read_err = (int)-n;
			break;
		}
		r = feed(a, buf, (size_t)n);
	}
	if (!r && read_err && !a->lines && !a->line_len) {
		r = -read_err;
		snprintf(what, sizeof(what), "cannot read %s", path);
		if (facts_set_errno(fs, "analyze.source", read_err, what, &src) == -ENOMEM)
			r = -ENOMEM;
		goto out;
	}
	if (!r)
		r = an_done(a, fs, path, read_err, log);
out:
	an_free(a);
	if (fd > STDIN_FILENO)
		close(fd);
	return r;
}
