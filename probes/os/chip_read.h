/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading files that make the kernel ask the chip (sysfs caps, pcrs,
 * pcr-<bank>/N, ...). On a hung chip such a read blocks for the kernel's
 * own timeouts, minutes, and cannot be interrupted. So the reads are made
 * in one child process, in order, and the caller waits for their results
 * at most a deadline; a child stuck in the kernel is killed and, when it
 * cannot die, left behind.
 */
#ifndef TPMDIAG_CHIP_READ_H
#define TPMDIAG_CHIP_READ_H

#include <stddef.h>

#include "probes/os/rootfs.h"

struct chip_read {
	const char *path; /* as the machine names it (under the root) */
	char *buf;	  /* the text read, NUL-terminated: at most cap - 1 bytes (cap >= 1) */
	size_t cap;
	size_t len;
	int err; /* 0, -errno of open/read, -EFBIG (more than cap - 1), -ETIME (not in time) */
};

/*
 * Read every reads[i].path, waiting at most ms for all of them together.
 * Returns 0 (each read's own result in reads[i].err; those not reached in
 * time are -ETIME) or -errno when no child could be started.
 */
int chip_read_all(const struct rootfs *r, struct chip_read *reads, size_t n, unsigned ms);

#endif
