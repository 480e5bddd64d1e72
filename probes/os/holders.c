// SPDX-License-Identifier: GPL-2.0-or-later
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probes/os/holders.h"

/* Daemons known to keep a TPM device open, and how to stop them. */
static const struct {
	const char *comm;
	const char *remedy;
} tpm_known_holders[] = {
    {"tcsd", "systemctl stop tcsd (TrouSerS, the TPM 1.2 daemon)"},
    {"tpm2-abrmd", "systemctl stop tpm2-abrmd (the TPM 2.0 access broker)"},
    {"tpm2-abrmd-", "systemctl stop tpm2-abrmd (the TPM 2.0 access broker)"},
    {"tpm_server", "stop the TPM simulator process"},
};

const char *tpm_holder_remedy(const char *comm)
{
	size_t i;

	for (i = 0; i < sizeof(tpm_known_holders) / sizeof(tpm_known_holders[0]); i++)
		if (!strcmp(comm, tpm_known_holders[i].comm))
			return tpm_known_holders[i].remedy;
	return NULL;
}

static void tpm_read_comm(const struct rootfs *r, const char *pid, char *comm, size_t len)
{
	char path[300];

	snprintf(path, sizeof(path), "/proc/%s/comm", pid);
	if (rootfs_read_value(r, path, comm, len) || !comm[0])
		snprintf(comm, len, "?");
}

/*
 * Which of devpaths pid's fds link to: bit i of *held for devpaths[i]
 * (the first 64). 0, or -errno when the fds cannot be read.
 */
static int tpm_pid_holds(const struct rootfs *r, const char *pid, const char *const *devpaths,
			 size_t n_dev, uint64_t *held)
{
	char dir[300], link[600], target[4096];
	struct dirent *e;
	DIR *d;
	int ret;

	*held = 0;
	snprintf(dir, sizeof(dir), "/proc/%s/fd", pid);
	ret = rootfs_opendir(r, dir, &d);
	if (ret)
		return ret;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(link, sizeof(link), "%s/%s", dir, e->d_name);
		if (rootfs_readlink(r, link, target, sizeof(target)))
			continue;
		*held |= tpm_holders_match(target, devpaths, n_dev);
	}
	closedir(d);
	return 0;
}

uint64_t tpm_holders_match(const char *target, const char *const *devpaths, size_t n_dev)
{
	uint64_t held = 0;
	size_t i;

	for (i = 0; i < n_dev && i < 64; i++)
		if (!strcmp(target, devpaths[i]))
			held |= UINT64_C(1) << i;
	return held;
}

int tpm_holders_pid(const char *name, pid_t *pid)
{
	size_t n = strlen(name);
	long v = 0;

	*pid = 0;
	/* Digits only, and no more than a pid_t holds (atoi would overflow). */
	if (!n || n >= 12 || strspn(name, "0123456789") != n)
		return -EINVAL;
	for (size_t k = 0; k < n; k++) {
		v = v * 10 + (name[k] - '0');
		if (v > INT32_MAX)
			return -EINVAL;
	}
	*pid = (pid_t)v;
	return 0;
}

int tpm_holders_scan(const struct rootfs *r, const char *const *devpaths, size_t n_dev,
		     int (*found)(void *arg, size_t i, const struct tpm_holder *h), void *arg,
		     size_t *unreadable)
{
	struct tpm_holder h;
	struct dirent *e;
	pid_t self = getpid(), pid;
	uint64_t held;
	size_t i;
	DIR *d;
	int ret;

	if (unreadable)
		*unreadable = 0;
	ret = rootfs_opendir(r, "/proc", &d);
	if (ret)
		return ret;
	while ((e = readdir(d))) {
		if (tpm_holders_pid(e->d_name, &pid) || (r->host && pid == self))
			continue;
		ret = tpm_pid_holds(r, e->d_name, devpaths, n_dev, &held);
		if (ret && unreadable && ret != -ENOENT)
			(*unreadable)++;
		ret = 0;
		if (!held)
			continue;
		h.pid = pid;
		tpm_read_comm(r, e->d_name, h.comm, sizeof(h.comm));
		for (i = 0; !ret && i < n_dev && i < 64; i++)
			if (held & (UINT64_C(1) << i))
				ret = found(arg, i, &h);
		if (ret)
			break;
	}
	closedir(d);
	return ret;
}

struct tpm_find_state {
	struct tpm_holder *out;
	size_t max, *n;
};

static int tpm_find_one(void *arg, size_t i, const struct tpm_holder *h)
{
	struct tpm_find_state *st = arg;

	(void)i;
	if (*st->n < st->max)
		st->out[*st->n] = *h;
	(*st->n)++;
	return 0;
}

int tpm_holders_find(const char *root, const char *devpath, struct tpm_holder *out, size_t max,
		     size_t *n, size_t *unreadable)
{
	struct tpm_find_state st = {out, max, n};
	struct rootfs r;
	int ret;

	*n = 0;
	if (unreadable)
		*unreadable = 0;
	ret = rootfs_open(root, &r);
	if (ret)
		return ret;
	ret = tpm_holders_scan(&r, &devpath, 1, tpm_find_one, &st, unreadable);
	rootfs_close(&r);
	return ret;
}
