// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dev:PATH — the kernel's TPM character devices.
 *
 * The device is opened O_NONBLOCK: since Linux 4.20 a write() then only
 * queues the command and poll() says when the answer is there, so every
 * command gets our own deadline instead of the kernel's (up to minutes for
 * a chip that stopped answering). A command abandoned at its deadline is
 * still in the kernel; the last close() of the file waits for it, so that
 * close happens in a child process and tpmdiag goes on.
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
#include <unistd.h>

#include "probes/holders.h"
#include "probes/tpm/buf.h"
#include "probes/tpm/transport.h"

struct tpm_dev {
	struct tpm_transport t;
	int fd;
	char path[4096];
	int abandoned; /* a command is in flight that we stopped waiting for */
};

static void tpm_dev_close(struct tpm_transport *t)
{
	struct tpm_dev *d = (struct tpm_dev *)t;

	if (d->fd >= 0) {
		/* Let a child sit out the kernel's wait for the abandoned command. */
		if (d->abandoned && fork() == 0) {
			close(d->fd);
			_exit(0);
		}
		close(d->fd);
	}
	free(d);
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
	struct pollfd pfd = {.fd = d->fd, .events = POLLIN};
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
	do {
		r = poll(&pfd, 1, tpm_progress_wait(t, deadline));
	} while ((r < 0 && errno == EINTR) || (r == 0 && tpm_ms_left(deadline) > 0));
	if (r < 0)
		return tpm_dev_io_error(d, errno, "poll");
	if (r == 0) {
		d->abandoned = 1;
		return tpm_transport_fail(t, ETIMEDOUT, "%s did not answer within %.1f s", d->path,
					  timeout_ms / 1000.0);
	}
	n = read(d->fd, rsp, rsp_cap);
	if (n < 0)
		return tpm_dev_io_error(d, errno, "read");
	*rsp_len = (size_t)n;
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
