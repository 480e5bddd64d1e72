// SPDX-License-Identifier: GPL-2.0-or-later
/* Transcript text: parser and loader; the format is described in transcript.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probes/tpm/hex.h"
#include "probes/tpm/tpm.h"
#include "probes/transport/transcript.h"
#include "probes/transport/transcript_priv.h"

struct tx_errno {
	int value;
	const char *name;
};

/* Linux errno names; aliases come after the name the writer uses. */
static const struct tx_errno tx_errnos[] = {
    {EPERM, "EPERM"},
    {ENOENT, "ENOENT"},
    {ESRCH, "ESRCH"},
    {EINTR, "EINTR"},
    {EIO, "EIO"},
    {ENXIO, "ENXIO"},
    {E2BIG, "E2BIG"},
    {ENOEXEC, "ENOEXEC"},
    {EBADF, "EBADF"},
    {ECHILD, "ECHILD"},
    {EAGAIN, "EAGAIN"},
    {ENOMEM, "ENOMEM"},
    {EACCES, "EACCES"},
    {EFAULT, "EFAULT"},
    {EBUSY, "EBUSY"},
    {EEXIST, "EEXIST"},
    {EXDEV, "EXDEV"},
    {ENODEV, "ENODEV"},
    {ENOTDIR, "ENOTDIR"},
    {EISDIR, "EISDIR"},
    {EINVAL, "EINVAL"},
    {ENFILE, "ENFILE"},
    {EMFILE, "EMFILE"},
    {ENOTTY, "ENOTTY"},
    {EFBIG, "EFBIG"},
    {ENOSPC, "ENOSPC"},
    {ESPIPE, "ESPIPE"},
    {EROFS, "EROFS"},
    {EPIPE, "EPIPE"},
    {EDOM, "EDOM"},
    {ERANGE, "ERANGE"},
    {EDEADLK, "EDEADLK"},
    {ENAMETOOLONG, "ENAMETOOLONG"},
    {ENOSYS, "ENOSYS"},
    {ENOMSG, "ENOMSG"},
    {ENODATA, "ENODATA"},
    {ETIME, "ETIME"},
    {ENOLINK, "ENOLINK"},
    {EPROTO, "EPROTO"},
    {EBADMSG, "EBADMSG"},
    {EOVERFLOW, "EOVERFLOW"},
    {EILSEQ, "EILSEQ"},
    {ENOTSOCK, "ENOTSOCK"},
    {EMSGSIZE, "EMSGSIZE"},
    {EPROTONOSUPPORT, "EPROTONOSUPPORT"},
    {EOPNOTSUPP, "EOPNOTSUPP"},
    {EADDRINUSE, "EADDRINUSE"},
    {EADDRNOTAVAIL, "EADDRNOTAVAIL"},
    {ENETDOWN, "ENETDOWN"},
    {ENETUNREACH, "ENETUNREACH"},
    {ENETRESET, "ENETRESET"},
    {ECONNABORTED, "ECONNABORTED"},
    {ECONNRESET, "ECONNRESET"},
    {ENOBUFS, "ENOBUFS"},
    {EISCONN, "EISCONN"},
    {ENOTCONN, "ENOTCONN"},
    {ESHUTDOWN, "ESHUTDOWN"},
    {ETIMEDOUT, "ETIMEDOUT"},
    {ECONNREFUSED, "ECONNREFUSED"},
    {EHOSTDOWN, "EHOSTDOWN"},
    {EHOSTUNREACH, "EHOSTUNREACH"},
    {EALREADY, "EALREADY"},
    {EINPROGRESS, "EINPROGRESS"},
    {ENOMEDIUM, "ENOMEDIUM"},
    {ECANCELED, "ECANCELED"},
    {EREMOTEIO, "EREMOTEIO"},
    {EOWNERDEAD, "EOWNERDEAD"},
    {ERFKILL, "ERFKILL"},
    {EHWPOISON, "EHWPOISON"},
    {EWOULDBLOCK, "EWOULDBLOCK"},
    {EDEADLOCK, "EDEADLOCK"},
    {ENOTSUP, "ENOTSUP"},
};

const char *tpm_errno_name(int err_no)
{
	size_t i;

	for (i = 0; i < sizeof(tx_errnos) / sizeof(tx_errnos[0]); i++)
		if (tx_errnos[i].value == err_no)
			return tx_errnos[i].name;
	return NULL;
}

static int tx_errno_by_name(const char *s, size_t n, int *out)
{
	size_t i;

	for (i = 0; i < sizeof(tx_errnos) / sizeof(tx_errnos[0]); i++) {
		if (strlen(tx_errnos[i].name) == n && !strncasecmp(tx_errnos[i].name, s, n)) {
			*out = tx_errnos[i].value;
			return 0;
		}
	}
	return -ENOENT;
}

/* ---- parser ---- */

enum tx_state {
	TX_HEADER, /* before the magic line */
	TX_IDLE,   /* between exchanges */
	TX_CMD,	   /* reading '>' lines */
	TX_RSP,	   /* reading '<' lines */
};

struct tx_parser {
	const char *name;
	char *err;
	size_t errlen;
	struct tpm_transcript *out;
	size_t cap; /* allocated entries of out->ex */
	enum tx_state state;
	bool seen_family;
	unsigned line;
	size_t cmd_col;		 /* column of the '>' that began the current command */
	struct tpm_exchange cur; /* the exchange being read (cmd owned here until committed) */
	uint8_t msg[TPM_MAX_MSG];
	size_t msg_len;
};

static int tx_fail(struct tx_parser *p, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int tx_fail(struct tx_parser *p, size_t col, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!p->err || !p->errlen)
		return -EINVAL;
	n = snprintf(p->err, p->errlen, "%s:%u:%zu: ", p->name, p->line, col);
	if (n >= 0 && (size_t)n < p->errlen) {
		va_start(ap, fmt);
		vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

bool tx_is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Describe one byte of text for an error message. */
static const char *tx_char(char c, char *buf, size_t n)
{
	unsigned char u = (unsigned char)c;

	if (u > 0x20 && u < 0x7f)
		snprintf(buf, n, "'%c'", c);
	else
		snprintf(buf, n, "byte 0x%02x", u);
	return buf;
}

/* The token starting at s[i]: up to a space, a tab, '#' or the end. */
static size_t tx_token(const char *s, size_t n, size_t i)
{
	size_t j = i;

	while (j < n && !tx_is_space(s[j]) && s[j] != '#')
		j++;
	return j - i;
}

static size_t tx_skip_space(const char *s, size_t n, size_t i)
{
	while (i < n && tx_is_space(s[i]))
		i++;
	return i;
}

/* Only spaces, tabs or a '#' comment may follow position i. */
static int tx_expect_end(struct tx_parser *p, const char *s, size_t n, size_t i, const char *what)
{
	size_t k;

	i = tx_skip_space(s, n, i);
	if (i >= n || s[i] == '#')
		return 0;
	k = tx_token(s, n, i);
	return tx_fail(p, i + 1, "unexpected '%.*s' after %s", (int)(k > 40 ? 40 : k), s + i, what);
}

static int tx_magic(struct tx_parser *p, const char *s, size_t n, size_t i)
{
	size_t k = tx_token(s, n, i);
	unsigned long v = 0;
	size_t j;

	if (k != strlen(TX_MAGIC) || memcmp(s + i, TX_MAGIC, k))
		return tx_fail(p, i + 1, "missing '" TX_MAGIC " %d' header",
			       TPM_TRANSCRIPT_VERSION);
	i = tx_skip_space(s, n, i + k);
	k = tx_token(s, n, i);
	if (!k)
		return tx_fail(p, i + 1, "missing transcript version after '" TX_MAGIC "'");
	for (j = 0; j < k; j++) {
		if (s[i + j] < '0' || s[i + j] > '9' || v > 100000000ul) {
			v = 0;
			break;
		}
		v = v * 10 + (unsigned long)(s[i + j] - '0');
	}
	if (v != TPM_TRANSCRIPT_VERSION)
		return tx_fail(p, i + 1, "unsupported transcript version %.*s",
			       (int)(k > 40 ? 40 : k), s + i);
	p->state = TX_IDLE;
	return tx_expect_end(p, s, n, i + k, "the version");
}

static int tx_family(struct tx_parser *p, const char *s, size_t n, size_t i)
{
	size_t k;

	if (p->seen_family)
		return tx_fail(p, i + 1, "duplicate 'family' line");
	i = tx_skip_space(s, n, i);
	k = tx_token(s, n, i);
	if (k == 3 && !memcmp(s + i, "1.2", 3))
		p->out->family = TPM_FAMILY_12;
	else if (k == 3 && !memcmp(s + i, "2.0", 3))
		p->out->family = TPM_FAMILY_20;
	else if (!k)
		return tx_fail(p, i + 1, "missing family after 'family' (1.2 or 2.0)");
	else
		return tx_fail(p, i + 1, "unknown family '%.*s' (1.2 or 2.0)",
			       (int)(k > 40 ? 40 : k), s + i);
	p->seen_family = true;
	return tx_expect_end(p, s, n, i + k, "the family");
}

static int tx_device(struct tx_parser *p, const char *s, size_t n, size_t i)
{
	if (p->out->device)
		return tx_fail(p, i + 1, "duplicate 'device' line");
	i = tx_skip_space(s, n, i);
	while (n > i && tx_is_space(s[n - 1]))
		n--;
	if (i >= n)
		return tx_fail(p, i + 1, "missing text after 'device'");
	p->out->device = strndup(s + i, n - i);
	return p->out->device ? 0 : -ENOMEM;
}

/* Store the bytes read so far as the current command or response. */
static int tx_take_msg(struct tx_parser *p, uint8_t **dst, size_t *dst_len)
{
	*dst = malloc(p->msg_len);
	if (!*dst)
		return -ENOMEM;
	memcpy(*dst, p->msg, p->msg_len);
	*dst_len = p->msg_len;
	p->msg_len = 0;
	return 0;
}

/* Append the current exchange (its command already taken) to the transcript. */
static void tx_commit(struct tx_parser *p)
{
	p->out->ex[p->out->n++] = p->cur;
	memset(&p->cur, 0, sizeof(p->cur));
	p->state = TX_IDLE;
}

static int tx_begin_cmd(struct tx_parser *p, size_t col)
{
	struct tpm_exchange *ex;
	size_t cap;

	if (p->out->n >= TPM_TRANSCRIPT_MAX_EXCHANGES)
		return tx_fail(p, col, "more than %u exchanges", TPM_TRANSCRIPT_MAX_EXCHANGES);
	if (p->out->n == p->cap) {
		cap = p->cap ? p->cap * 2 : 16;
		ex = realloc(p->out->ex, cap * sizeof(*ex));
		if (!ex)
			return -ENOMEM;
		p->out->ex = ex;
		p->cap = cap;
	}
	memset(&p->cur, 0, sizeof(p->cur));
	p->cur.line = p->line;
	p->cmd_col = col;
	p->msg_len = 0;
	p->state = TX_CMD;
	return 0;
}

/* Append the hex bytes of s[i..n) (up to a '#') to p->msg. */
static int tx_hex(struct tx_parser *p, const char *s, size_t n, size_t i, char prefix)
{
	size_t before = p->msg_len, first = 0;
	int hi = -1, v;
	char cb[16];

	for (; i < n && s[i] != '#'; i++) {
		if (tx_is_space(s[i])) {
			if (hi >= 0)
				return tx_fail(p, first + 1, "odd number of hex digits");
			continue;
		}
		v = hex_digit(s[i]);
		if (v < 0)
			return tx_fail(p, i + 1, "unexpected %s in hex data",
				       tx_char(s[i], cb, sizeof(cb)));
		if (hi < 0) {
			hi = v;
			first = i;
			continue;
		}
		if (p->msg_len >= TPM_MAX_MSG)
			return tx_fail(p, first + 1, "message longer than %u bytes", TPM_MAX_MSG);
		p->msg[p->msg_len++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	if (hi >= 0)
		return tx_fail(p, first + 1, "odd number of hex digits");
	if (p->msg_len == before)
		return tx_fail(p, i + 1, "no hex bytes after '%c'", prefix);
	return 0;
}

static int tx_errno_line(struct tx_parser *p, const char *s, size_t n, size_t i)
{
	unsigned long v = 0;
	bool digits = true;
	size_t k, j;
	int e = 0;

	i = tx_skip_space(s, n, i);
	k = tx_token(s, n, i);
	if (!k)
		return tx_fail(p, i + 1, "missing errno name or number after '!'");
	for (j = 0; j < k && digits; j++) {
		digits = s[i + j] >= '0' && s[i + j] <= '9';
		if (digits && v <= TPM_TRANSCRIPT_MAX_ERRNO)
			v = v * 10 + (unsigned long)(s[i + j] - '0');
	}
	if (digits) {
		if (v < 1 || v > TPM_TRANSCRIPT_MAX_ERRNO)
			return tx_fail(p, i + 1, "errno %.*s out of range (1-%d)",
				       (int)(k > 40 ? 40 : k), s + i, TPM_TRANSCRIPT_MAX_ERRNO);
		e = (int)v;
	} else if (tx_errno_by_name(s + i, k, &e)) {
		return tx_fail(p, i + 1, "unknown errno name %.*s", (int)(k > 40 ? 40 : k), s + i);
	}
	p->cur.err_no = e;
	return tx_expect_end(p, s, n, i + k, "the errno");
}

static int tx_data(struct tx_parser *p, const char *s, size_t n, size_t i)
{
	char c = s[i];
	int rc;

	switch (c) {
	case '>':
		if (p->state == TX_RSP) {
			rc = tx_take_msg(p, &p->cur.rsp, &p->cur.rsp_len);
			if (rc)
				return rc;
			tx_commit(p);
		}
		if (p->state == TX_IDLE) {
			rc = tx_begin_cmd(p, i + 1);
			if (rc)
				return rc;
		}
		return tx_hex(p, s, n, i + 1, c);
	case '<':
		if (p->state == TX_IDLE)
			return tx_fail(p, i + 1, "'<' without a preceding '>'");
		if (p->state == TX_CMD) {
			rc = tx_take_msg(p, &p->cur.cmd, &p->cur.cmd_len);
			if (rc)
				return rc;
			p->state = TX_RSP;
		}
		return tx_hex(p, s, n, i + 1, c);
	default: /* '!' */
		if (p->state == TX_IDLE)
			return tx_fail(p, i + 1, "'!' without a preceding '>'");
		if (p->state == TX_RSP)
			return tx_fail(p, i + 1,
				       "'!' after a '<' response (a command takes one '<' message "
				       "or one '!' line)");
		rc = tx_take_msg(p, &p->cur.cmd, &p->cur.cmd_len);
		if (rc)
			return rc;
		rc = tx_errno_line(p, s, n, i + 1);
		if (rc)
			return rc;
		tx_commit(p);
		return 0;
	}
}

/* One line without its LF (and without a CR before it). */
static int tx_line(struct tx_parser *p, const char *s, size_t n)
{
	size_t i = tx_skip_space(s, n, 0), k;

	if (i >= n || s[i] == '#')
		return 0;
	if (p->state == TX_HEADER)
		return tx_magic(p, s, n, i);
	if (s[i] == '>' || s[i] == '<' || s[i] == '!')
		return tx_data(p, s, n, i);
	k = tx_token(s, n, i);
	if ((k == 6 && !memcmp(s + i, "family", 6)) || (k == 6 && !memcmp(s + i, "device", 6))) {
		if (p->state != TX_IDLE || p->out->n)
			return tx_fail(p, i + 1, "'%.6s' must come before the first '>'", s + i);
		if (s[i] == 'f')
			return tx_family(p, s, n, i + k);
		return tx_device(p, s, n, i + k);
	}
	if (k == strlen(TX_MAGIC) && !memcmp(s + i, TX_MAGIC, k))
		return tx_fail(p, i + 1, "duplicate '" TX_MAGIC "' line");
	return tx_fail(p, i + 1,
		       "unexpected '%.*s' (expected '>', '<', '!', 'family', 'device' or '#')",
		       (int)(k > 40 ? 40 : k), s + i);
}

/*
 * Find the end of the line starting at text[start]: *end is the index of
 * its LF or len. Rejects control bytes and over-long lines.
 */
static int tx_scan_line(struct tx_parser *p, const char *text, size_t len, size_t start,
			size_t *end)
{
	size_t i;
	unsigned char c;
	char cb[16];

	for (i = start; i < len && text[i] != '\n'; i++) {
		if (i - start >= TPM_TRANSCRIPT_MAX_LINE)
			return tx_fail(p, i - start + 1, "line longer than %u bytes",
				       TPM_TRANSCRIPT_MAX_LINE);
		c = (unsigned char)text[i];
		if (c == '\t' || (c >= 0x20 && c != 0x7f))
			continue;
		if (c == '\r' && (i + 1 == len || text[i + 1] == '\n'))
			continue;
		return tx_fail(p, i - start + 1, "binary data (%s) in a text transcript",
			       tx_char((char)c, cb, sizeof(cb)));
	}
	*end = i;
	return 0;
}

static int tx_finish(struct tx_parser *p)
{
	int rc = 0;

	switch (p->state) {
	case TX_HEADER:
		p->line = 1;
		return tx_fail(p, 1, "missing '" TX_MAGIC " %d' header", TPM_TRANSCRIPT_VERSION);
	case TX_CMD:
		p->line = p->cur.line;
		return tx_fail(p, p->cmd_col, "'>' without a following '<' or '!'");
	case TX_RSP:
		rc = tx_take_msg(p, &p->cur.rsp, &p->cur.rsp_len);
		if (!rc)
			tx_commit(p);
		return rc;
	case TX_IDLE:
		break;
	}
	return 0;
}

int tpm_transcript_parse(const char *text, size_t len, const char *name_for_errors,
			 struct tpm_transcript *out, char *err, size_t errlen)
{
	struct tx_parser *p;
	size_t pos = 0, end = 0, n;
	int rc = 0;

	if (!out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	if (err && errlen)
		err[0] = '\0';
	if (!name_for_errors)
		name_for_errors = "transcript";
	if (len > TPM_TRANSCRIPT_MAX_FILE) {
		if (err && errlen)
			snprintf(err, errlen, "%s: larger than %u MiB (%zu bytes)", name_for_errors,
				 TPM_TRANSCRIPT_MAX_FILE >> 20, len);
		return -EFBIG;
	}
	if (!text && len)
		return -EINVAL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->name = name_for_errors;
	p->err = err;
	p->errlen = errlen;
	p->out = out;
	p->state = TX_HEADER;
	for (p->line = 1; pos < len; p->line++) {
		rc = tx_scan_line(p, text, len, pos, &end);
		if (rc)
			goto out;
		n = end - pos;
		if (n && text[pos + n - 1] == '\r')
			n--;
		rc = tx_line(p, text + pos, n);
		if (rc)
			goto out;
		pos = end + 1;
	}
	rc = tx_finish(p);
out:
	if (rc == -ENOMEM && err && errlen)
		snprintf(err, errlen, "%s: out of memory", name_for_errors);
	if (rc) {
		free(p->cur.cmd);
		free(p->cur.rsp);
		tpm_transcript_free(out);
	}
	free(p);
	return rc;
}

void tpm_transcript_free(struct tpm_transcript *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->n; i++) {
		free(t->ex[i].cmd);
		free(t->ex[i].rsp);
	}
	free(t->ex);
	free(t->device);
	memset(t, 0, sizeof(*t));
}

/* Read at most max bytes of fd; -EFBIG when there is more. */
static int tx_read_all(int fd, size_t max, char **out, size_t *out_len)
{
	size_t cap = 0, len = 0;
	char *buf = NULL, *nb;
	ssize_t r;
	int rc = 0;

	for (;;) {
		if (len == cap) {
			if (cap > max) {
				rc = -EFBIG;
				goto out;
			}
			cap = cap ? cap * 2 : 65536;
			if (cap > max + 1)
				cap = max + 1;
			nb = realloc(buf, cap);
			if (!nb) {
				rc = -ENOMEM;
				goto out;
			}
			buf = nb;
		}
		r = read(fd, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = -errno;
			goto out;
		}
		if (r == 0)
			break;
		len += (size_t)r;
		if (len > max) {
			rc = -EFBIG;
			goto out;
		}
	}
out:
	if (rc) {
		free(buf);
		return rc;
	}
	*out = buf;
	*out_len = len;
	return 0;
}

int tpm_transcript_load(const char *path, struct tpm_transcript *out, char *err, size_t errlen)
{
	char *text = NULL;
	size_t len = 0;
	int fd, rc;

	if (!path || !out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		rc = -errno;
		goto fail;
	}
	rc = tx_read_all(fd, TPM_TRANSCRIPT_MAX_FILE, &text, &len);
	close(fd);
	if (rc)
		goto fail;
	rc = tpm_transcript_parse(text, len, path, out, err, errlen);
	free(text);
	return rc;
fail:
	if (err && errlen) {
		if (rc == -EFBIG)
			snprintf(err, errlen, "cannot read transcript %s: larger than %u MiB", path,
				 TPM_TRANSCRIPT_MAX_FILE >> 20);
		else
			snprintf(err, errlen, "cannot read transcript %s: %s", path, strerror(-rc));
	}
	return rc;
}
