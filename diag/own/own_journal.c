// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The journal of tpmdiag own (see own_journal.h): a bounded line parser,
 * and an append-only writer that syncs every record before the step it
 * announces goes to the chip.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "diag/own/own_journal.h"

struct own_journal {
	int fd;
	int err; /* the first write error: later records are refused with it */
	char path[512];
};

/* --- reading -------------------------------------------------------------- */

static bool jr_time_ok(const char *s, size_t n)
{
	/* 2026-11-26T18:40:12Z */
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t i;

	if (n != sizeof(shape) - 1)
		return false;
	for (i = 0; i < n; i++)
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i])
			return false;
	return true;
}

static bool jr_word_ok(const char *s, size_t n, size_t max)
{
	size_t i;

	if (!n || n >= max)
		return false;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] >= 0x7f)
			return false;
	return true;
}

/* The next space-separated word of [*p, end): its start and length. */
static const char *jr_word(const char **p, const char *end, size_t *n)
{
	const char *s = *p, *e;

	while (s < end && *s == ' ')
		s++;
	e = s;
	while (e < end && *e != ' ')
		e++;
	*n = (size_t)(e - s);
	*p = e;
	return s;
}

static void jr_copy(char *dst, size_t cap, const char *s, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

static struct own_journal_step *jr_step_slot(struct own_journal_info *j, const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < j->n_steps; i++)
		if (strlen(j->steps[i].name) == n && !memcmp(j->steps[i].name, name, n))
			return &j->steps[i];
	if (j->n_steps >= OWN_JOURNAL_STEPS)
		return NULL;
	return &j->steps[j->n_steps++];
}

static const char *const jr_statuses[] = {"sent", "ok", "failed"};

static bool jr_status_ok(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(jr_statuses) / sizeof(jr_statuses[0]); i++)
		if (strlen(jr_statuses[i]) == n && !memcmp(jr_statuses[i], s, n))
			return true;
	return false;
}

/* One record after the time; "" when fine, else why it is malformed. */
static const char *jr_record(struct own_journal_info *j, const char *time, const char *p,
			     const char *end)
{
	const char *verb, *a, *b;
	struct own_journal_step *st;
	size_t vn, an, bn;

	verb = jr_word(&p, end, &vn);
	if (vn == 5 && !memcmp(verb, "start", 5)) {
		a = jr_word(&p, end, &an);
		b = jr_word(&p, end, &bn);
		if (!jr_word_ok(a, an, sizeof(j->device)) || !jr_word_ok(b, bn, sizeof(j->family)))
			return "a start record needs a device and a family";
		memset(j, 0, sizeof(*j));
		jr_copy(j->device, sizeof(j->device), a, an);
		jr_copy(j->family, sizeof(j->family), b, bn);
		jr_copy(j->started, sizeof(j->started), time, strlen(time));
		j->runs = 1;
		return "";
	}
	if (!j->device[0])
		return "a record before the start record";
	if (vn == 6 && !memcmp(verb, "resume", 6)) {
		j->runs++;
		return "";
	}
	if (vn == 6 && !memcmp(verb, "finish", 6)) {
		j->finished = true;
		j->stop[0] = '\0';
		return "";
	}
	if (vn == 4 && !memcmp(verb, "stop", 4)) {
		while (p < end && *p == ' ')
			p++;
		if (p == end)
			return "a stop record needs its reason";
		jr_copy(j->stop, sizeof(j->stop), p, (size_t)(end - p));
		return "";
	}
	if (vn != 4 || memcmp(verb, "step", 4))
		return "an unknown record";
	a = jr_word(&p, end, &an);
	b = jr_word(&p, end, &bn);
	if (!jr_word_ok(a, an, sizeof(st->name)) || !jr_status_ok(b, bn))
		return "a step record needs a name and sent, ok or failed";
	while (p < end && *p == ' ')
		p++;
	if ((size_t)(end - p) >= sizeof(st->detail))
		return "a step's detail is too long";
	st = jr_step_slot(j, a, an);
	if (!st)
		return "too many distinct steps";
	jr_copy(st->name, sizeof(st->name), a, an);
	jr_copy(st->status, sizeof(st->status), b, bn);
	jr_copy(st->detail, sizeof(st->detail), p, (size_t)(end - p));
	jr_copy(st->time, sizeof(st->time), time, strlen(time));
	snprintf(j->last, sizeof(j->last), "%s %s", st->name, st->status);
	j->stop[0] = '\0';
	return "";
}

int own_journal_parse(const char *buf, size_t len, struct own_journal_info *out, char *err,
		      size_t errlen)
{
	const char *p = buf, *end = buf + len, *nl, *why;
	char time[24];
	unsigned line = 0;
	size_t n;

	memset(out, 0, sizeof(*out));
	if (len > OWN_JOURNAL_MAX) {
		snprintf(err, errlen, "the journal is larger than %u bytes", OWN_JOURNAL_MAX);
		return -EBADMSG;
	}
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			break; /* an incomplete last line: a write cut short */
		line++;
		n = (size_t)(nl - p);
		if (n + 1 > OWN_JOURNAL_LINE) {
			snprintf(err, errlen, "line %u is longer than %u bytes", line,
				 OWN_JOURNAL_LINE);
			goto bad;
		}
		if (memchr(p, '\0', n)) {
			snprintf(err, errlen, "line %u holds a NUL byte", line);
			goto bad;
		}
		if (line == 1) {
			if (n != strlen(OWN_JOURNAL_MAGIC) || memcmp(p, OWN_JOURNAL_MAGIC, n)) {
				snprintf(err, errlen,
					 "not a tpmdiag own journal (the first line is not \"%s\")",
					 OWN_JOURNAL_MAGIC);
				goto bad;
			}
		} else if (n && *p != '#') {
			if (n < 21 || !jr_time_ok(p, 20) || p[20] != ' ') {
				snprintf(err, errlen, "line %u does not begin with a UTC time",
					 line);
				goto bad;
			}
			jr_copy(time, sizeof(time), p, 20);
			why = jr_record(out, time, p + 21, nl);
			if (*why) {
				snprintf(err, errlen, "line %u: %s", line, why);
				goto bad;
			}
			jr_copy(out->updated, sizeof(out->updated), time, 20);
		}
		p = nl + 1;
	}
	if (!line) {
		snprintf(err, errlen, "the journal is empty");
		goto bad;
	}
	return 0;
bad:
	memset(out, 0, sizeof(*out));
	return -EBADMSG;
}

const struct own_journal_step *own_journal_find(const struct own_journal_info *j, const char *step)
{
	size_t i;

	for (i = 0; j && i < j->n_steps; i++)
		if (!strcmp(j->steps[i].name, step))
			return &j->steps[i];
	return NULL;
}

bool own_journal_has(const struct own_journal_info *j, const char *step, const char *status)
{
	const struct own_journal_step *s = own_journal_find(j, step);

	if (!s)
		return false;
	return !strcmp(status, "sent") || !strcmp(s->status, status);
}

/* --- names ---------------------------------------------------------------- */

int own_journal_chip(const char *device, unsigned *n)
{
	static const char *const prefixes[] = {"/dev/tpmrm", "/dev/tpm"};
	const char *p = NULL;
	unsigned long v;
	char *end;
	size_t i;

	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]) && !p; i++)
		if (!strncmp(device, prefixes[i], strlen(prefixes[i])))
			p = device + strlen(prefixes[i]);
	if (!p || *p < '0' || *p > '9')
		return -ENOENT;
	errno = 0;
	v = strtoul(p, &end, 10);
	if (errno || *end || v > 65535)
		return -ENOENT;
	*n = (unsigned)v;
	return 0;
}

int own_journal_name(const char *spec, char *name, size_t len)
{
	const char *s = spec;
	unsigned n;
	size_t i, o = 0;

	if (!strncmp(s, "dev:", 4))
		s += 4;
	if (!strncmp(s, "spawn:", 6) || !strncmp(s, "replay:", 7))
		return -ENOTSUP;
	if (!own_journal_chip(s, &n)) {
		if ((size_t)snprintf(name, len, "tpm%u", n) >= len)
			return -EINVAL;
		return 0;
	}
	while (*s == '/')
		s++;
	for (i = 0; s[i]; i++) {
		char ch = s[i];

		if (o + 2 > len || (unsigned char)ch <= ' ' || (unsigned char)ch >= 0x7f)
			return -EINVAL;
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '.' || ch == '_'))
			ch = '-';
		name[o++] = ch;
	}
	if (!o)
		return -EINVAL;
	name[o] = '\0';
	return 0;
}

/* --- writing -------------------------------------------------------------- */

static void jw_now(char out[24])
{
	struct tm tm;
	time_t t = time(NULL);

	if (!gmtime_r(&t, &tm) || !strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(out, 24, "1970-01-01T00:00:00Z");
}

/* Write one whole line with one write(2) and sync it. */
static int jw_line(struct own_journal *j, const char *line, size_t n)
{
	ssize_t w;

	if (j->err)
		return j->err;
	do
		w = write(j->fd, line, n);
	while (w < 0 && errno == EINTR);
	if (w < 0)
		j->err = -errno;
	else if ((size_t)w != n)
		j->err = -EIO;
	else if (fdatasync(j->fd))
		j->err = -errno;
	return j->err;
}

/* "TIME verb text": control characters of text become spaces, cut to fit a line. */
static int jw_record(struct own_journal *j, const char *verb, const char *text)
{
	char line[OWN_JOURNAL_LINE], now[24];
	size_t n, i, start;

	jw_now(now);
	n = (size_t)snprintf(line, sizeof(line) - 1, "%s %s", now, verb);
	if (text && *text && n < sizeof(line) - 2) {
		line[n++] = ' ';
		start = n;
		for (i = 0; text[i] && n < sizeof(line) - 2; i++)
			line[n++] = (unsigned char)text[i] < ' ' || text[i] == 0x7f ? ' ' : text[i];
		while (n > start && line[n - 1] == ' ')
			n--;
	}
	line[n++] = '\n';
	return jw_line(j, line, n);
}

static int jw_mkdir(const char *dir, char *err, size_t errlen)
{
	struct stat st;

	if (!mkdir(dir, 0700) || errno == EEXIST) {
		if (!stat(dir, &st) && S_ISDIR(st.st_mode))
			return 0;
		snprintf(err, errlen, "the journal directory %s is not a directory", dir);
		return -ENOTDIR;
	}
	snprintf(err, errlen, "cannot create the journal directory %s: %s", dir, strerror(errno));
	return -errno;
}

/* Read what the file holds now (at most OWN_JOURNAL_MAX + 1 bytes). */
static int jw_read(int fd, char *buf, size_t cap, size_t *len)
{
	ssize_t r;

	*len = 0;
	while (*len < cap) {
		r = pread(fd, buf + *len, cap - *len, (off_t)*len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (!r)
			break;
		*len += (size_t)r;
	}
	return 0;
}

/*
 * Start the file again: the magic line, and when a previous flow is
 * continued but the file is nearly full, its steps compacted (through a
 * temporary file renamed over it, so a crash leaves the old or the new).
 */
static int jw_rewrite(struct own_journal *j, const struct own_journal_info *keep, const char *spec,
		      const char *family)
{
	char tmp[600], line[OWN_JOURNAL_LINE], now[24];
	size_t i, n;
	int fd, ret = 0;

	snprintf(tmp, sizeof(tmp), "%s.new", j->path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -errno;
	close(j->fd);
	j->fd = fd;
	n = (size_t)snprintf(line, sizeof(line),
			     "%s\n# tpmdiag own: how far the ownership flow "
			     "got. It holds no secret.\n",
			     OWN_JOURNAL_MAGIC);
	ret = jw_line(j, line, n);
	if (!ret && keep) {
		n = (size_t)snprintf(line, sizeof(line), "%s start %s %s\n", keep->started,
				     keep->device, keep->family);
		ret = jw_line(j, line, n);
		for (i = 0; !ret && i < keep->n_steps; i++) {
			const struct own_journal_step *s = &keep->steps[i];

			n = (size_t)snprintf(line, sizeof(line), "%s step %s %s%s%s\n", s->time,
					     s->name, s->status, s->detail[0] ? " " : "",
					     s->detail);
			ret = jw_line(j, line, n);
		}
	} else if (!ret) {
		jw_now(now);
		n = (size_t)snprintf(line, sizeof(line), "%s start %s %s\n", now, spec, family);
		ret = jw_line(j, line, n);
	}
	if (!ret && rename(tmp, j->path))
		ret = -errno;
	if (ret)
		unlink(tmp);
	j->err = ret;
	return ret;
}

int own_journal_open(const char *dir, const char *spec, const char *family,
		     struct own_journal **out, struct own_journal_info *prev, char *err,
		     size_t errlen)
{
	struct own_journal *j = NULL;
	char name[256], perr[256];
	char *buf = NULL;
	size_t len = 0;
	bool resume;
	int ret;

	*out = NULL;
	memset(prev, 0, sizeof(*prev));
	if (!dir)
		dir = OWN_JOURNAL_DIR;
	ret = own_journal_name(spec, name, sizeof(name));
	if (ret) {
		snprintf(err, errlen, "%s has no journal", spec);
		return ret;
	}
	if (strpbrk(spec, " \t\r\n") || strlen(spec) >= sizeof(prev->device)) {
		snprintf(err, errlen, "the device name cannot go into a journal");
		return -EINVAL;
	}
	ret = jw_mkdir(dir, err, errlen);
	if (ret)
		return ret;
	j = calloc(1, sizeof(*j));
	buf = malloc(OWN_JOURNAL_MAX + 1);
	if (j)
		j->fd = -1;
	if (!j || !buf) {
		snprintf(err, errlen, "out of memory");
		ret = -ENOMEM;
		goto out;
	}
	snprintf(j->path, sizeof(j->path), "%s/own-%s.journal", dir, name);
	j->fd = open(j->path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (j->fd < 0) {
		ret = -errno;
		snprintf(err, errlen, "cannot open the journal %s: %s", j->path, strerror(errno));
		goto out;
	}
	ret = jw_read(j->fd, buf, OWN_JOURNAL_MAX + 1, &len);
	if (ret) {
		snprintf(err, errlen, "cannot read the journal %s: %s", j->path, strerror(-ret));
		goto out;
	}
	if (len && own_journal_parse(buf, len, prev, perr, sizeof(perr)))
		memset(prev, 0, sizeof(*prev)); /* unreadable: start again */
	/* the file is the chip's (own_journal_name): /dev/tpm0 and /dev/tpmrm0 continue it */
	resume = prev->device[0] && !prev->finished && !strcmp(prev->family, family);
	if (resume && len + 8 * OWN_JOURNAL_LINE > OWN_JOURNAL_MAX)
		ret = jw_rewrite(j, prev, spec, family);
	else if (!resume)
		ret = jw_rewrite(j, NULL, spec, family);
	if (!ret && resume)
		ret = jw_record(j, "resume", NULL);
	if (ret) {
		snprintf(err, errlen, "cannot write the journal %s: %s", j->path, strerror(-ret));
		goto out;
	}
	*out = j;
	j = NULL;
out:
	free(buf);
	own_journal_close(j);
	return ret;
}

const char *own_journal_path(const struct own_journal *j)
{
	return j ? j->path : "";
}

int own_journal_step(struct own_journal *j, const char *step, const char *status,
		     const char *detail)
{
	char text[160];

	if (!j)
		return 0;
	snprintf(text, sizeof(text), "%s %s%s%s", step, status, detail && *detail ? " " : "",
		 detail ? detail : "");
	return jw_record(j, "step", text);
}

int own_journal_stop(struct own_journal *j, const char *result, const char *sentence)
{
	char text[OWN_JOURNAL_LINE];

	if (!j)
		return 0;
	snprintf(text, sizeof(text), "%s: %s", result, sentence ? sentence : "");
	return jw_record(j, "stop", text);
}

int own_journal_finish(struct own_journal *j)
{
	return j ? jw_record(j, "finish", "owned") : 0;
}

void own_journal_close(struct own_journal *j)
{
	if (!j)
		return;
	if (j->fd >= 0)
		close(j->fd);
	free(j);
}
