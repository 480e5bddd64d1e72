// SPDX-License-Identifier: GPL-2.0-or-later
/* Reading outside input with a bound on bytes and on time (bounded_read.h). */
#include <errno.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include "probes/os/bounded_read.h"

void bounded_in_init(struct bounded_in *b, int fd, uint64_t max, int idle_ms)
{
	struct stat st;

	b->fd = fd;
	b->wait = fstat(fd, &st) || !S_ISREG(st.st_mode);
	b->got = 0;
	b->max = max;
	b->idle_ms = idle_ms;
}

ssize_t bounded_read(struct bounded_in *b, void *buf, size_t len)
{
	struct pollfd p = {.fd = b->fd, .events = POLLIN};
	ssize_t n;
	int r;

	if (b->got >= b->max)
		return -EFBIG;
	if (len > b->max - b->got)
		len = (size_t)(b->max - b->got);
	for (;;) {
		if (b->wait) {
			r = poll(&p, 1, b->idle_ms);
			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0)
				return -errno;
			if (r == 0)
				return -ETIMEDOUT;
		}
		n = read(b->fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		b->got += (uint64_t)n;
		return n;
	}
}

const char *bounded_why(int err)
{
	if (err == EFBIG)
		return " (at the limit of 256 MiB for one input)";
	if (err == ETIMEDOUT)
		return " (nothing more came for 10 s)";
	return "";
}
