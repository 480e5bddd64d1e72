// SPDX-License-Identifier: GPL-2.0-or-later
/* Listing the tpm/tpmrm class devices; see tpm_class.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "probes/os/tpm_class.h"

static int tpm_class_cmp(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return x < y ? -1 : x > y;
}

/* N when name is prefix + decimal digits (at most 5), else -1. */
static long tpm_class_number(const char *name, const char *prefix)
{
	size_t pl = strlen(prefix), dl;
	const char *d = name + pl;

	if (strncmp(name, prefix, pl))
		return -1;
	dl = strlen(d);
	if (!dl || dl > 5 || strspn(d, "0123456789") != dl)
		return -1;
	return strtol(d, NULL, 10);
}

int tpm_class_numbers(const struct rootfs *r, const char *dir, const char *prefix, unsigned *nums,
		      size_t max, size_t *n)
{
	struct dirent *e;
	DIR *d;
	long v;
	int ret;

	*n = 0;
	ret = rootfs_opendir(r, dir, &d);
	if (ret)
		return ret;
	while ((e = readdir(d)) && *n < max) {
		v = tpm_class_number(e->d_name, prefix);
		if (v >= 0)
			nums[(*n)++] = (unsigned)v;
	}
	closedir(d);
	qsort(nums, *n, sizeof(*nums), tpm_class_cmp);
	return 0;
}
