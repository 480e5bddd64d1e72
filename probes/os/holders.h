/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which processes hold a device node open, from /proc/PID/fd.
 */
#ifndef TPMDIAG_HOLDERS_H
#define TPMDIAG_HOLDERS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "probes/os/rootfs.h"

struct tpm_holder {
	pid_t pid;
	char comm[64]; /* /proc/PID/comm, e.g. "tcsd", "tpm2-abrmd" */
};

/*
 * Fill up to max holders of devpath (as the process's fd links show it),
 * scanning ROOT/proc. *n is how many were found (may exceed max: the rest
 * were not stored). Processes whose fds cannot be read (another user, gone)
 * are skipped; *unreadable counts them when not NULL.
 * Returns 0, or -errno when ROOT/proc itself cannot be read.
 */
int tpm_holders_find(const char *root, const char *devpath, struct tpm_holder *out, size_t max,
		     size_t *n, size_t *unreadable);

/*
 * One pass over ROOT/proc for several device paths at once, through r:
 * found(arg, i, h) is called once for each process h that holds
 * devpaths[i] open (this process excluded on the live machine). A nonzero
 * return from found stops the scan and is returned. *unreadable (when not
 * NULL) counts the processes whose fds could not be read (not those that
 * went away meanwhile). Returns 0, or -errno when ROOT/proc cannot be read.
 */
int tpm_holders_scan(const struct rootfs *r, const char *const *devpaths, size_t n_dev,
		     int (*found)(void *arg, size_t i, const struct tpm_holder *h), void *arg,
		     size_t *unreadable);

/*
 * The scan's reading of what /proc shows, with no I/O: a /proc entry's
 * name as a process id (0, or -EINVAL when it is not one: digits only,
 * at most 11 and at most INT32_MAX), and which of the first 64 devpaths
 * an fd's link target is (bit i for devpaths[i]).
 */
int tpm_holders_pid(const char *name, pid_t *pid);
uint64_t tpm_holders_match(const char *target, const char *const *devpaths, size_t n_dev);

/* How to make a known holder let go ("systemctl stop tcsd"), or NULL. */
const char *tpm_holder_remedy(const char *comm);

#endif
