/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which processes hold a device node open, from /proc/PID/fd.
 */
#ifndef TPMDIAG_HOLDERS_H
#define TPMDIAG_HOLDERS_H

#include <stddef.h>
#include <sys/types.h>

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

/* How to make a known holder let go ("systemctl stop tcsd"), or NULL. */
const char *tpm_holder_remedy(const char *comm);

#endif
