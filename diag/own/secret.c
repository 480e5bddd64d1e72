// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Secrets from a file, standard input or a prompt without echo; never from
 * argv, never printed. Only the first line counts, without its newline
 * (and a CR before it), as tpm-tools' prompt would have read it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "diag/own/secret.h"

void secret_wipe(struct secret *s)
{
	if (!s)
		return;
	explicit_bzero(s->v, sizeof(s->v));
	s->len = 0;
	s->set = false;
	s->well_known = false;
}

/*
 * Read one line from fd into s (byte by byte, so nothing past the line is
 * consumed or left in a stdio buffer). 0, -EMSGSIZE (longer than
 * SECRET_MAX), -ENODATA (empty input), -errno.
 */
static int read_line(int fd, struct secret *s)
{
	size_t n = 0;
	bool any = false, too_long = false;
	ssize_t r;
	char c;

	for (;;) {
		r = read(fd, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			explicit_bzero(&c, sizeof(c));
			return -errno;
		}
		if (r == 0 || c == '\n')
			break;
		any = true;
		if (n < sizeof(s->v))
			s->v[n++] = (uint8_t)c;
		else
			too_long = true;
	}
	explicit_bzero(&c, sizeof(c));
	if (too_long)
		return -EMSGSIZE;
	if (n && s->v[n - 1] == '\r')
		s->v[--n] = 0;
	if (!any && r == 0 && n == 0)
		return -ENODATA;
	s->len = n;
	s->set = true;
	return 0;
}

static int from_file(const struct secret_source *src, struct secret *out, char *err, size_t errlen)
{
	struct stat st;
	int fd, ret;

	fd = open(src->file, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		ret = -errno;
		snprintf(err, errlen, "cannot open the %s file %s: %s", src->label, src->file,
			 strerror(-ret));
		return ret;
	}
	if (!fstat(fd, &st) && S_ISREG(st.st_mode) && (st.st_mode & (S_IRGRP | S_IROTH)))
		fprintf(stderr,
			"tpmdiag: warning: the %s file %s can be read by %s (mode %04o); "
			"chmod 600 it\n",
			src->label, src->file, (st.st_mode & S_IROTH) ? "everyone" : "its group",
			(unsigned)(st.st_mode & 07777));
	ret = read_line(fd, out);
	close(fd);
	if (ret == -ENODATA)
		snprintf(err, errlen, "the %s file %s is empty", src->label, src->file);
	else if (ret == -EMSGSIZE)
		snprintf(err, errlen, "the first line of the %s file %s is longer than %d bytes",
			 src->label, src->file, SECRET_MAX);
	else if (ret)
		snprintf(err, errlen, "cannot read the %s file %s: %s", src->label, src->file,
			 strerror(-ret));
	return ret;
}

static int from_stdin(const struct secret_source *src, struct secret *out, char *err, size_t errlen)
{
	int ret = read_line(STDIN_FILENO, out);

	if (ret == -ENODATA)
		snprintf(err, errlen, "standard input ended before the %s", src->label);
	else if (ret == -EMSGSIZE)
		snprintf(err, errlen, "the %s on standard input is longer than %d bytes",
			 src->label, SECRET_MAX);
	else if (ret)
		snprintf(err, errlen, "cannot read the %s from standard input: %s", src->label,
			 strerror(-ret));
	return ret;
}

/* Ask once on the terminal fd with echo off. */
static int ask(int fd, const char *prompt, struct secret *s)
{
	struct termios old, quiet;
	int ret;

	if (tcgetattr(fd, &old))
		return -errno;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	if (tcsetattr(fd, TCSAFLUSH, &quiet))
		return -errno;
	if (write(fd, prompt, strlen(prompt)) < 0) {
		/* a prompt that cannot be shown still lets the line be read */
	}
	ret = read_line(fd, s);
	tcsetattr(fd, TCSAFLUSH, &old);
	if (write(fd, "\n", 1) < 0) {
		/* nothing to do */
	}
	return ret;
}

static int from_prompt(const struct secret_source *src, struct secret *out, char *err,
		       size_t errlen)
{
	struct secret *again = NULL;
	char prompt[160];
	int fd, ret;

	fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		ret = -errno;
		snprintf(err, errlen,
			 "no terminal to ask for the %s on (%s); give it with a password file "
			 "or on standard input",
			 src->label, strerror(-ret));
		return ret;
	}
	snprintf(prompt, sizeof(prompt), "Enter %s: ", src->label);
	ret = ask(fd, prompt, out);
	if (!ret && src->confirm) {
		again = mmap(NULL, sizeof(*again), PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (again == MAP_FAILED) {
			again = NULL;
			ret = -ENOMEM;
		} else {
			mlock(again, sizeof(*again));
			snprintf(prompt, sizeof(prompt), "Confirm %s: ", src->label);
			ret = ask(fd, prompt, again);
			if (!ret &&
			    (again->len != out->len || memcmp(again->v, out->v, out->len) != 0))
				ret = -EINVAL;
		}
	}
	close(fd);
	if (again) {
		secret_wipe(again);
		munlock(again, sizeof(*again));
		munmap(again, sizeof(*again));
	}
	if (ret == -EINVAL)
		snprintf(err, errlen, "the two %ss differ; nothing was changed", src->label);
	else if (ret == -ENODATA)
		snprintf(err, errlen, "no %s was typed", src->label);
	else if (ret == -EMSGSIZE)
		snprintf(err, errlen, "the %s is longer than %d bytes", src->label, SECRET_MAX);
	else if (ret)
		snprintf(err, errlen, "cannot read the %s from the terminal: %s", src->label,
			 strerror(-ret));
	return ret;
}

int secret_read(const struct secret_source *src, struct secret *out, char *err, size_t errlen)
{
	struct secret_source s;
	int ret;

	if (!src || !out)
		return -EINVAL;
	s = *src;
	if (!s.label)
		s.label = "password";
	secret_wipe(out);
	/* Best effort: keep the secret out of swap (fails quietly without the limit). */
	mlock(out, sizeof(*out));
	if (s.well_known) {
		out->well_known = true;
		out->set = true;
		return 0;
	}
	if (s.file)
		ret = from_file(&s, out, err, errlen);
	else if (s.from_stdin)
		ret = from_stdin(&s, out, err, errlen);
	else if (s.prompt)
		ret = from_prompt(&s, out, err, errlen);
	else {
		snprintf(err, errlen, "no source for the %s was given", s.label);
		ret = -EINVAL;
	}
	if (ret)
		secret_wipe(out);
	return ret;
}
