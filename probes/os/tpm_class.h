/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The tpm and tpmrm class devices as the udev, sysfs and holders probes
 * find them: the numbers N of the entries "tpmN" in /sys/class/tpm (or
 * "tpmrmN" in /sys/class/tpmrm, or the nodes in /dev), read through rootfs.
 */
#ifndef TPMDIAG_TPM_CLASS_H
#define TPMDIAG_TPM_CLASS_H

#include <stddef.h>

#include "probes/os/rootfs.h"

/* At most this many chips of a kind are looked at (the kernel allows 64K). */
#define TPM_CLASS_MAX 64

/*
 * The numbers N of the entries named prefix + N (N all digits, so "tpm"
 * does not match "tpmrm0") in dir inside r, ascending, at most max.
 * 0, or -errno when dir cannot be read (-ENOENT: it is not there).
 */
int tpm_class_numbers(const struct rootfs *r, const char *dir, const char *prefix, unsigned *nums,
		      size_t max, size_t *n);

#endif
