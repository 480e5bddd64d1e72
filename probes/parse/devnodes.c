// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "probes/parse/devnodes.h"

#define DEVNODES_LINE_MAX 256
#define DEVNODES_FILE_MAX 65536

/* Parse one line; 0 and the fields when it is a well-formed entry for name. */
static int devnodes_line(const char *line, const char *name, struct stat *st)
{
	char n[64], type;
	unsigned maj, min, mode, uid, gid;

	if (sscanf(line, "%63s %c %u %u %o %u %u", n, &type, &maj, &min, &mode, &uid, &gid) != 7)
		return -EINVAL;
	if (strcmp(n, name) || (type != 'c' && type != 'b') || maj > 4095 || min > 1048575 ||
	    mode > 07777)
		return -EINVAL;
	st->st_mode = (type == 'c' ? S_IFCHR : S_IFBLK) | mode;
	st->st_rdev = makedev(maj, min);
	st->st_uid = uid;
	st->st_gid = gid;
	return 0;
}

int devnodes_lookup(const char *text, size_t len, const char *name, struct stat *st)
{
	char line[DEVNODES_LINE_MAX + 1];
	size_t i = 0, n;
	const char *nl;

	while (i < len) {
		nl = memchr(text + i, '\n', len - i);
		n = (nl ? (size_t)(nl - text) : len) - i;
		if (n <= DEVNODES_LINE_MAX && text[i] != '#') {
			memcpy(line, text + i, n);
			line[n] = '\0';
			if (!memchr(line, '\0', n) && !devnodes_line(line, name, st))
				return 0;
		}
		i += n + 1;
	}
	return -ENOENT;
}

int devnodes_apply(const struct rootfs *r, const char *path, struct stat *st)
{
	char text[DEVNODES_FILE_MAX];
	const char *name = strrchr(path, '/');
	size_t len = 0;
	int ret;

	if (r->host || !S_ISREG(st->st_mode))
		return -ENOENT;
	ret = rootfs_read(r, DEVNODES_PATH, text, sizeof(text), &len);
	if (ret && ret != -EFBIG)
		return -ENOENT;
	return devnodes_lookup(text, len, name ? name + 1 : path, st);
}
