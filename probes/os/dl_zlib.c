// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * zlib on first use (probes/os/dl.h): the gz* reader probes/kernel.c uses
 * for /proc/config.gz, with zlib.h's prototypes. Without the library
 * gzdopen() returns NULL with errno ENOPKG.
 */
#include <errno.h>
#include <pthread.h>
#include <zlib.h>

#include "probes/os/dl.h"

#define ZLIB_SYMS(X)                                                                               \
	X(gzdopen)                                                                                 \
	X(gzread)                                                                                  \
	X(gzerror)                                                                                 \
	X(gzclose)

DL_DEFINE(zlib, DL_ZLIB, "libz.so.1", "zlib1g", "a compressed kernel config (/proc/config.gz)",
	  ZLIB_SYMS)

gzFile gzdopen(int fd, const char *mode)
{
	if (!dl_zlib_ready()) {
		errno = ENOPKG;
		return NULL;
	}
	return DL_FN(zlib, gzdopen)(fd, mode);
}

int gzread(gzFile file, voidp buf, unsigned len)
{
	return DL_CALL(zlib, gzread, -1, file, buf, len);
}

const char *gzerror(gzFile file, int *errnum)
{
	if (!dl_zlib_ready()) {
		if (errnum)
			*errnum = Z_ERRNO;
		return dl_zlib_status(false)->why;
	}
	return DL_FN(zlib, gzerror)(file, errnum);
}

int gzclose(gzFile file)
{
	return file ? DL_CALL(zlib, gzclose, Z_STREAM_ERROR, file) : Z_STREAM_ERROR;
}
