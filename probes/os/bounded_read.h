/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading outside input with a bound on bytes and on time, whatever the
 * file is: a regular file, a pipe, a FIFO, a socket or a device such as
 * /dev/zero. A regular file is read as fast as it comes; anything else is
 * waited for with poll(), at most idle_ms with nothing arriving.
 */
#ifndef TPMDIAG_BOUNDED_READ_H
#define TPMDIAG_BOUNDED_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The most one text input (a kernel log, a pasted report) is read of. */
#define INPUT_MAX_BYTES (256ull << 20)
/* How long a pipe or device may send nothing before reading stops. */
#define INPUT_IDLE_MS 10000

struct bounded_in {
	int fd;
	bool wait; /* not a regular file: poll() before each read */
	uint64_t got, max;
	int idle_ms;
};

void bounded_in_init(struct bounded_in *b, int fd, uint64_t max, int idle_ms);

/*
 * Read at most len bytes: the count, 0 at the end, or -errno: -EFBIG once
 * max bytes have been read, -ETIMEDOUT when nothing came for idle_ms.
 */
ssize_t bounded_read(struct bounded_in *b, void *buf, size_t len);

/* Words for a stop of bounded_read (errno EFBIG, ETIMEDOUT), or "". */
const char *bounded_why(int err);

#endif
