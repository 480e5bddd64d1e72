// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dev:PATH — the kernel's TPM character devices.
 *
 * The device is opened O_NONBLOCK: since Linux 4.20 a write() then only
 * queues the command, and the answer is read when poll() says it is there.
 * But poll() and read() take the file's buffer mutex, which the kernel's
 * worker holds for the whole command (drivers/char/tpm/tpm-dev-common.c:
 * tpm_dev_async_work, tpm_common_poll): with a chip that stopped answering
 * they sleep uninterruptibly until the kernel's own timeout (minutes for a
 * long TPM 1.2 command; seen under qemu with Linux 6.1). So a waiter
 * process does the poll() and read() and hands the answer over a pipe, and
 * tpmdiag waits on the pipe with its own deadline. A command abandoned at
 * its deadline is left to the waiter, which also holds the file open, so
 * tpmdiag's close() is not the last one (the last close waits for the
 * command too) and tpmdiag goes on.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probes/os/holders.h"
#include "probes/tpm/buf.h"
#include "probes/transport/transport.h"

struct tpm_dev {
	struct tpm_transport t;
	int fd;
	char path[4096];
	int abandoned; /* a command is in flight that we stopped waiting for */
};

static void tpm_dev_close(struct tpm_transport *t)
{
	struct tpm_dev *d = (struct tpm_dev *)t;

	if (d->fd >= 0)
		close(d->fd); /* after an abandoned command the waiter holds the last reference */
	free(d);
}

/* What the waiter sends: its errno (0 = an answer follows) and the answer's length. */
struct tpm_dev_reply {
	int err;
	uint32_t len;
};

/* The longest a waiter waits for the kernel (its longest command timeout is minutes). */
#define TPM_DEV_WAITER_MS (10 * 60 * 1000)

static void tpm_dev_write_all(int fd, const void *p, size_t n)
{
	const uint8_t *b = p;
	ssize_t w;

	while (n) {
		w = write(fd, b, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		b += w;
		n -= (size_t)w;
	}
}

/*
 * The waiter keeps only the device and the pipe: standard input and output
 * become /dev/null and every other descriptor is closed, so that it holds
 * no one's pipe or terminal open while it waits.
 */
static void tpm_dev_waiter_fds(int *fd, int *out)
{
	int null = open("/dev/null", O_RDWR | O_CLOEXEC), a, b, lo, hi, i;

	a = fcntl(*fd, F_DUPFD, 3);
	b = fcntl(*out, F_DUPFD, 3);
	for (i = 0; null >= 0 && i < 3; i++)
		dup2(null, i);
	lo = a < b ? a : b;
	hi = a < b ? b : a;
	if (lo > 3)
		close_range(3, (unsigned)lo - 1, 0);
	if (hi > lo + 1)
		close_range((unsigned)lo + 1, (unsigned)hi - 1, 0);
	close_range((unsigned)hi + 1, ~0U, 0);
	*fd = a;
	*out = b;
}

/*
 * In the waiter: the answer (or why there is none) from fd into the pipe
 * out. When tpmdiag stopped waiting (the pipe's other end is closed), the
 * waiter only closes the device, which waits in the kernel for the command
 * in tpmdiag's stead.
 */
static void tpm_dev_wait_answer(int fd, int out)
{
	struct pollfd pfd[2] = {{.fd = fd, .events = POLLIN}, {.fd = out, .events = 0}};
	struct tpm_dev_reply rp = {0};
	uint8_t rsp[TPM_MAX_MSG];
	ssize_t n;
	int r;

	tpm_dev_waiter_fds(&fd, &out);
	if (fd < 0 || out < 0)
		return;
	pfd[0].fd = fd;
	pfd[1].fd = out;
	do
		r = poll(pfd, 2, TPM_DEV_WAITER_MS);
	while (r < 0 && errno == EINTR);
	if (r > 0 && !(pfd[0].revents & (POLLIN | POLLERR | POLLHUP)))
		return; /* tpmdiag is gone: _exit closes the device */
	if (r <= 0) {
		rp.err = r < 0 ? errno : ETIMEDOUT;
		tpm_dev_write_all(out, &rp, sizeof(rp));
		return;
	}
	do
		n = read(fd, rsp, sizeof(rsp));
	while (n < 0 && errno == EINTR);
	if (n < 0)
		rp.err = errno;
	else
		rp.len = (uint32_t)n;
	tpm_dev_write_all(out, &rp, sizeof(rp));
	if (n > 0)
		tpm_dev_write_all(out, rsp, (size_t)n);
}

/*
 * Start the waiter for the command just written: a grandchild, so that
 * nobody has to reap it when it outlives tpmdiag's wait. 0 with the read
 * end of its pipe in *in, or -errno.
 */
static int tpm_dev_start_waiter(struct tpm_dev *d, int *in)
{
	int p[2], st;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0) {
		st = -errno;
		close(p[0]);
		close(p[1]);
		return st;
	}
	if (pid == 0) {
		close(p[0]);
		if (fork() == 0)
			tpm_dev_wait_answer(d->fd, p[1]);
		_exit(0);
	}
	close(p[1]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	*in = p[0];
	return 0;
}

/* Read exactly n bytes from the waiter's pipe (it is there once poll() said so). */
static int tpm_dev_read_pipe(int fd, void *p, size_t n)
{
	uint8_t *b = p;
	ssize_t r;

	while (n) {
		r = read(fd, b, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -EIO;
		b += r;
		n -= (size_t)r;
	}
	return 0;
}

static int tpm_dev_io_error(struct tpm_dev *d, int e, const char *what)
{
	if (e == ETIME)
		return tpm_transport_fail(&d->t, e,
					  "%s on %s failed: the kernel gave up waiting for the "
					  "chip (Timer expired, ETIME); the chip did not answer "
					  "within the kernel's timeout",
					  what, d->path);
	if (e == EBUSY)
		return tpm_transport_fail(&d->t, e,
					  "%s on %s failed: device busy (a previous command is "
					  "still in flight)",
					  what, d->path);
	return tpm_transport_fail(&d->t, e, "%s on %s failed: %s", what, d->path, strerror(e));
}

static int tpm_dev_transmit(struct tpm_transport *t, const uint8_t *cmd, size_t cmd_len,
			    uint8_t *rsp, size_t rsp_cap, size_t *rsp_len, unsigned timeout_ms)
{
	struct tpm_dev *d = (struct tpm_dev *)t;
	struct pollfd pfd = {.events = POLLIN};
	struct tpm_dev_reply rp = {0};
	double deadline;
	ssize_t n;
	int r;

	if (d->abandoned)
		return tpm_transport_fail(t, EBUSY,
					  "%s still works on a command that did not answer in "
					  "time; no further command is sent on this open",
					  d->path);
	deadline = tpm_now_ms() + timeout_ms;
	n = write(d->fd, cmd, cmd_len);
	if (n < 0)
		return tpm_dev_io_error(d, errno, "write");
	if ((size_t)n != cmd_len)
		return tpm_transport_fail(t, EIO, "write on %s took %zd of %zu bytes", d->path, n,
					  cmd_len);
	r = tpm_dev_start_waiter(d, &pfd.fd);
	if (r) {
		d->abandoned = 1; /* the command is in the kernel and nobody will read it */
		return tpm_transport_fail(t, -r, "cannot wait for %s: %s", d->path, strerror(-r));
	}
	do {
		r = poll(&pfd, 1, tpm_progress_wait(t, deadline));
	} while ((r < 0 && errno == EINTR) || (r == 0 && tpm_ms_left(deadline) > 0));
	if (r <= 0) {
		close(pfd.fd);
		d->abandoned = 1;
		if (r < 0)
			return tpm_dev_io_error(d, errno, "poll");
		return tpm_transport_fail(t, ETIMEDOUT, "%s did not answer within %.1f s", d->path,
					  timeout_ms / 1000.0);
	}
	r = tpm_dev_read_pipe(pfd.fd, &rp, sizeof(rp));
	if (!r && !rp.err && (rp.len > rsp_cap || rp.len > TPM_MAX_MSG))
		r = -EMSGSIZE;
	if (!r && !rp.err)
		r = tpm_dev_read_pipe(pfd.fd, rsp, rp.len);
	close(pfd.fd);
	if (r)
		return tpm_transport_fail(t, -r, "the answer of %s was lost on its way (%s)",
					  d->path, strerror(-r));
	if (rp.err)
		return tpm_dev_io_error(d, rp.err, "read");
	*rsp_len = rp.len;
	return 0;
}

static const struct tpm_transport_ops tpm_dev_ops = {
    .kind = "dev",
    .transmit = tpm_dev_transmit,
    .ctrl = NULL,
    .close = tpm_dev_close,
};

/* "owner root, group tss, mode 0660" for an EACCES message. */
static void tpm_dev_describe_node(const struct stat *st, char *buf, size_t len)
{
	const struct passwd *pw = getpwuid(st->st_uid);
	const struct group *gr = getgrgid(st->st_gid);
	char grp[64];

	if (gr)
		snprintf(grp, sizeof(grp), "'%s'", gr->gr_name);
	else
		snprintf(grp, sizeof(grp), "%u", (unsigned)st->st_gid);
	snprintf(buf, len, "owner %s, group %s, mode %04o; run as root%s%s%s",
		 pw ? pw->pw_name : "?", grp, (unsigned)(st->st_mode & 07777),
		 (st->st_mode & 060) == 060 ? " or as a member of group " : "",
		 (st->st_mode & 060) == 060 ? grp : "",
		 (st->st_mode & 060) == 060 ? " (log in again after joining it)" : "");
}

static int tpm_dev_busy(const struct tpm_open_opts *o, const char *path, char *err, size_t errlen)
{
	struct tpm_holder h[4];
	size_t n = 0, unreadable = 0;
	const char *remedy;

	tpm_holders_find(o->root, path, h, 4, &n, &unreadable);
	if (n == 0) {
		snprintf(err, errlen,
			 "%s is busy: another process has it open%s; /dev/tpm0 admits one "
			 "process at a time (TPM 2.0 can share /dev/tpmrm0)",
			 path,
			 unreadable ? " (not visible to this user: run as root to see which)" : "");
		return -EBUSY;
	}
	remedy = tpm_holder_remedy(h[0].comm);
	snprintf(err, errlen, "%s is busy: it is held by %s (pid %d)%s; stop it with: %s%s", path,
		 h[0].comm, (int)h[0].pid, n > 1 ? " and others" : "", remedy ? remedy : "kill ",
		 remedy ? "" : "the process");
	return -EBUSY;
}

/* What sysfs says the node is: family hint from the tpm class, or not a TPM at all. */
static int tpm_dev_sysfs(struct tpm_dev *d, const struct tpm_open_opts *o, const struct stat *st,
			 char *err, size_t errlen)
{
	const char *root = o->root ? o->root : "";
	char base[4200], path[4400], target[4096], buf[16];
	const char *subsys;
	ssize_t n;
	FILE *f;

	snprintf(base, sizeof(base), "%s/sys/dev/char/%u:%u", root, major(st->st_rdev),
		 minor(st->st_rdev));
	snprintf(path, sizeof(path), "%s/subsystem", base);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return 0; /* no sysfs (a container?): nothing to learn, not an error */
	target[n] = '\0';
	subsys = strrchr(target, '/');
	subsys = subsys ? subsys + 1 : target;
	if (!strcmp(subsys, "tpmrm")) {
		d->t.family_hint = TPM_FAMILY_20;
		d->t.family_source = "a tpmrm device (only TPM 2.0 has them)";
		return 0;
	}
	if (strcmp(subsys, "tpm") && strcmp(subsys, "misc")) {
		snprintf(err, errlen,
			 "%s is not a TPM: the kernel says it belongs to the '%s' subsystem "
			 "(device %u:%u)",
			 d->path, subsys, major(st->st_rdev), minor(st->st_rdev));
		return -ENOTTY;
	}
	snprintf(path, sizeof(path), "%s/tpm_version_major", base);
	f = fopen(path, "re");
	if (!f)
		return 0;
	if (fgets(buf, sizeof(buf), f)) {
		if (buf[0] == '1')
			d->t.family_hint = TPM_FAMILY_12;
		else if (buf[0] == '2')
			d->t.family_hint = TPM_FAMILY_20;
		if (d->t.family_hint)
			d->t.family_source = "sysfs tpm_version_major";
	}
	fclose(f);
	return 0;
}

int tpm_dev_open(const char *path, const struct tpm_open_opts *o, struct tpm_transport **out,
		 char *err, size_t errlen)
{
	struct tpm_dev *d;
	struct stat st;
	char node[256];
	int ret;

	d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	d->t.ops = &tpm_dev_ops;
	d->fd = -1;
	snprintf(d->path, sizeof(d->path), "%s", path);
	snprintf(d->t.spec, sizeof(d->t.spec), "dev:%s", path);
	d->fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (d->fd < 0) {
		ret = -errno;
		if (ret == -EBUSY) {
			ret = tpm_dev_busy(o, path, err, errlen);
		} else if (ret == -EACCES && stat(path, &st) == 0) {
			tpm_dev_describe_node(&st, node, sizeof(node));
			snprintf(err, errlen, "permission denied opening %s (%s)", path, node);
		} else if (ret == -ENOENT) {
			snprintf(err, errlen,
				 "%s does not exist: no TPM, or no driver bound to it (see "
				 "'tpmdiag facts' once available, and dmesg)",
				 path);
		} else {
			snprintf(err, errlen, "cannot open %s: %s", path, strerror(-ret));
		}
		goto fail;
	}
	if (fstat(d->fd, &st) < 0 || !S_ISCHR(st.st_mode)) {
		snprintf(err, errlen, "%s is not a TPM: not a character device", path);
		ret = -ENOTTY;
		goto fail;
	}
	ret = tpm_dev_sysfs(d, o, &st, err, errlen);
	if (ret)
		goto fail;
	*out = &d->t;
	return 0;
fail:
	tpm_dev_close(&d->t);
	return ret;
}
