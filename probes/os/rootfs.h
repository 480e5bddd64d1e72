/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading the machine's files below a root: "/" for the live machine, or
 * a fixture or bundle tree (--root DIR). Paths are absolute as the machine
 * names them ("/sys/class/tpm/tpm0/caps"); symlinks inside the tree
 * resolve inside it (openat2 RESOLVE_IN_ROOT), so a fixture's
 * "device -> ../../../MSFT0101:00" works as on the real machine and a link
 * cannot escape the tree. A cycle of links is -ELOOP, never a hang.
 * Every read is bounded by the caller's buffer.
 */
#ifndef TPMDIAG_ROOTFS_H
#define TPMDIAG_ROOTFS_H

#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

struct rootfs {
	int fd;		 /* directory fd of the root */
	bool host;	 /* the live machine's "/" */
	char path[4096]; /* the root as given ("/" for the host) */
};

/* root NULL, "" or "/" = the live machine. 0 or -errno. */
int rootfs_open(const char *root, struct rootfs *r);
void rootfs_close(struct rootfs *r);

/* open(2) of path inside the root; returns an fd or -errno. */
int rootfs_openat(const struct rootfs *r, const char *path, int flags);

/*
 * Read a whole small file (a sysfs value, a /proc line) into buf, NUL-
 * terminated, *len bytes without the NUL (len may be NULL). -EFBIG when it
 * has more than cap - 1 bytes (buf then holds the first cap - 1).
 */
int rootfs_read(const struct rootfs *r, const char *path, char *buf, size_t cap, size_t *len);
/* The same, with one trailing newline removed: a sysfs attribute's value. */
int rootfs_read_value(const struct rootfs *r, const char *path, char *buf, size_t cap);
/* Read up to max bytes of a binary file into a malloc'd buffer. -EFBIG when larger. */
int rootfs_read_alloc(const struct rootfs *r, const char *path, size_t max, unsigned char **out,
		      size_t *len);

/* The target of the symlink at path (not followed), NUL-terminated. */
int rootfs_readlink(const struct rootfs *r, const char *path, char *buf, size_t cap);
/* The last component of the link target ("tpm_tis" for a driver link). */
int rootfs_link_name(const struct rootfs *r, const char *path, char *buf, size_t cap);
int rootfs_stat(const struct rootfs *r, const char *path, struct stat *st, bool follow);
/* opendir(3) inside the root; *out to be closedir()ed. */
int rootfs_opendir(const struct rootfs *r, const char *path, DIR **out);
bool rootfs_exists(const struct rootfs *r, const char *path);

#endif
