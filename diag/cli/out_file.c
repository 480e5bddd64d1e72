// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The atomic writer of -o/--output (out_file.h): mkstemp beside the file,
 * rename over it when complete.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag/cli/out_file.h"

int out_file_open(struct out_file *o, const char *path)
{
	int fd, ret;

	o->f = NULL;
	o->tmp[0] = '\0';
	if (!*path || strlen(path) >= sizeof(o->path))
		return -ENAMETOOLONG;
	snprintf(o->path, sizeof(o->path), "%s", path);
	snprintf(o->tmp, sizeof(o->tmp), "%s.XXXXXX", path);
	fd = mkostemp(o->tmp, O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		o->tmp[0] = '\0';
		return ret;
	}
	o->f = fdopen(fd, "w");
	if (!o->f) {
		ret = -errno;
		close(fd);
		unlink(o->tmp);
		o->tmp[0] = '\0';
		return ret;
	}
	return 0;
}

/* fsync the directory that holds path, so the rename survives a crash. */
static void sync_dir(const char *path)
{
	char dir[sizeof(((struct out_file *)0)->path)];
	int fd;

	snprintf(dir, sizeof(dir), "%s", path);
	fd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	(void)fsync(fd);
	close(fd);
}

int out_file_commit(struct out_file *o)
{
	int ret = 0, fd;

	if (!o->f)
		return -EBADF;
	fd = fileno(o->f);
	errno = 0;
	if (fflush(o->f) || ferror(o->f))
		ret = -(errno ? errno : EIO);
	else if (fsync(fd) || fchmod(fd, 0644))
		ret = -errno;
	errno = 0;
	if (fclose(o->f) && !ret)
		ret = -(errno ? errno : EIO);
	o->f = NULL;
	if (!ret && rename(o->tmp, o->path))
		ret = -errno;
	if (ret) {
		unlink(o->tmp);
		o->tmp[0] = '\0';
		return ret;
	}
	o->tmp[0] = '\0';
	sync_dir(o->path);
	return 0;
}

void out_file_abort(struct out_file *o)
{
	if (o->f)
		fclose(o->f);
	o->f = NULL;
	if (o->tmp[0])
		unlink(o->tmp);
	o->tmp[0] = '\0';
}
