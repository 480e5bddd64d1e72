// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "probes/os/rootfs.h"

#ifndef SYS_openat2
#define SYS_openat2 437
#endif

int rootfs_open(const char *root, struct rootfs *r)
{
	r->host = !root || !*root || !strcmp(root, "/");
	snprintf(r->path, sizeof(r->path), "%s", r->host ? "/" : root);
	r->fd = open(r->path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	return r->fd < 0 ? -errno : 0;
}

void rootfs_close(struct rootfs *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
}

int rootfs_openat(const struct rootfs *r, const char *path, int flags)
{
	struct open_how how = {
	    .flags = (unsigned long long)(flags | O_CLOEXEC),
	    .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	const char *rel = path;
	int fd;

	while (*rel == '/')
		rel++;
	if (!*rel)
		rel = ".";
	fd = (int)syscall(SYS_openat2, r->fd, rel, &how, sizeof(how));
	if (fd >= 0)
		return fd;
	if (errno != ENOSYS)
		return -errno;
	/* Kernels before 5.6: plain openat below the root (links are not confined). */
	fd = openat(r->fd, rel, flags | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int rootfs_read(const struct rootfs *r, const char *path, char *buf, size_t cap, size_t *len)
{
	size_t got = 0;
	ssize_t n;
	char extra;
	int fd, ret = 0;

	if (len)
		*len = 0;
	if (!cap)
		return -EINVAL;
	buf[0] = '\0';
	fd = rootfs_openat(r, path, O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return fd;
	while (got + 1 < cap) {
		n = read(fd, buf + got, cap - 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			break;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	if (!ret && got + 1 == cap && read(fd, &extra, 1) > 0)
		ret = -EFBIG;
	close(fd);
	buf[got] = '\0';
	if (len)
		*len = got;
	return ret;
}

int rootfs_read_value(const struct rootfs *r, const char *path, char *buf, size_t cap)
{
	size_t n = 0;
	int ret = rootfs_read(r, path, buf, cap, &n);

	if (!ret && n && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return ret;
}

int rootfs_read_alloc(const struct rootfs *r, const char *path, size_t max, unsigned char **out,
		      size_t *len)
{
	unsigned char *buf = malloc(max + 1);
	size_t got = 0;
	ssize_t n;
	int fd, ret = 0;

	*out = NULL;
	*len = 0;
	if (!buf)
		return -ENOMEM;
	fd = rootfs_openat(r, path, O_RDONLY | O_NONBLOCK);
	if (fd < 0) {
		free(buf);
		return fd;
	}
	while (got <= max) {
		n = read(fd, buf + got, max + 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			ret = n < 0 ? -errno : 0;
			break;
		}
		got += (size_t)n;
	}
	close(fd);
	if (!ret && got > max)
		ret = -EFBIG;
	if (ret) {
		free(buf);
		return ret;
	}
	*out = buf;
	*len = got;
	return 0;
}

/* Split path into its parent (opened O_PATH inside the root) and last name. */
static int rootfs_parent(const struct rootfs *r, const char *path, const char **name)
{
	char parent[4096];
	const char *slash = strrchr(path, '/');
	size_t n;

	if (!slash) {
		*name = path;
		return rootfs_openat(r, "/", O_PATH | O_DIRECTORY);
	}
	n = (size_t)(slash - path);
	if (n >= sizeof(parent))
		return -ENAMETOOLONG;
	memcpy(parent, path, n);
	parent[n] = '\0';
	*name = slash + 1;
	return rootfs_openat(r, n ? parent : "/", O_PATH | O_DIRECTORY);
}

int rootfs_readlink(const struct rootfs *r, const char *path, char *buf, size_t cap)
{
	const char *name;
	ssize_t n;
	int dfd = rootfs_parent(r, path, &name);

	if (dfd < 0)
		return dfd;
	n = readlinkat(dfd, name, buf, cap - 1);
	close(dfd);
	if (n < 0)
		return -errno;
	if ((size_t)n >= cap - 1)
		return -ENAMETOOLONG;
	buf[n] = '\0';
	return 0;
}

int rootfs_link_name(const struct rootfs *r, const char *path, char *buf, size_t cap)
{
	char target[4096];
	const char *base;
	int ret = rootfs_readlink(r, path, target, sizeof(target));

	if (ret)
		return ret;
	base = strrchr(target, '/');
	snprintf(buf, cap, "%s", base ? base + 1 : target);
	return 0;
}

int rootfs_stat(const struct rootfs *r, const char *path, struct stat *st, bool follow)
{
	const char *name;
	int fd, ret = 0;

	if (follow) {
		fd = rootfs_openat(r, path, O_PATH);
		if (fd < 0)
			return fd;
		if (fstat(fd, st) < 0)
			ret = -errno;
		close(fd);
		return ret;
	}
	fd = rootfs_parent(r, path, &name);
	if (fd < 0)
		return fd;
	if (fstatat(fd, name, st, AT_SYMLINK_NOFOLLOW) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

int rootfs_opendir(const struct rootfs *r, const char *path, DIR **out)
{
	int fd = rootfs_openat(r, path, O_RDONLY | O_DIRECTORY);

	*out = NULL;
	if (fd < 0)
		return fd;
	*out = fdopendir(fd);
	if (!*out) {
		close(fd);
		return -errno;
	}
	return 0;
}

bool rootfs_exists(const struct rootfs *r, const char *path)
{
	struct stat st;

	return rootfs_stat(r, path, &st, false) == 0;
}
