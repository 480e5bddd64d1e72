// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "probes/os/chip_read.h"

#define CHIP_REAP_MS 200 /* waiting for a killed reader to go */

/* What the child sends per read, then len bytes of text. */
struct chip_rec {
	int32_t err;
	uint32_t len;
};

static uint64_t chip_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int chip_write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	ssize_t w;

	while (n) {
		w = write(fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The child's side of one read: blocking, as sysfs reads are; one record out. */
static int chip_read_one(const struct rootfs *r, const struct chip_read *rd, char *buf, int out)
{
	struct chip_rec rec = {0, 0};
	size_t got = 0, cap = rd->cap ? rd->cap - 1 : 0;
	ssize_t n;
	int fd = rootfs_openat(r, rd->path, O_RDONLY);

	if (fd < 0)
		rec.err = fd;
	while (fd >= 0 && got < cap) {
		n = read(fd, buf + got, cap - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rec.err = n < 0 ? -errno : 0;
			break;
		}
		got += (size_t)n;
	}
	if (fd >= 0 && !rec.err && got == cap) {
		char more;

		if (read(fd, &more, 1) > 0)
			rec.err = -EFBIG;
	}
	if (fd >= 0)
		close(fd);
	rec.len = (uint32_t)got;
	if (chip_write_all(out, &rec, sizeof(rec)))
		return -1;
	return chip_write_all(out, buf, got);
}

static void __attribute__((noreturn))
chip_child(const struct rootfs *r, const struct chip_read *reads, size_t n, int out)
{
	char buf[16384];
	size_t i;

	for (i = 0; i < n; i++) {
		if (reads[i].cap > sizeof(buf)) {
			struct chip_rec rec = {-EMSGSIZE, 0};

			if (chip_write_all(out, &rec, sizeof(rec)))
				break;
			continue;
		}
		if (chip_read_one(r, &reads[i], buf, out))
			break;
	}
	_exit(0);
}

/* Wait for the child; killed first when it did not finish, at most CHIP_REAP_MS then. */
static void chip_reap(pid_t pid, int finished)
{
	uint64_t end = chip_now_ms() + CHIP_REAP_MS;
	struct timespec pause = {0, 5 * 1000 * 1000};

	if (finished) {
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		return;
	}
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, WNOHANG) == 0 && chip_now_ms() < end)
		nanosleep(&pause, NULL);
}

/* Read exactly n bytes from fd before end (ms clock): 0, or -ETIME / -EIO. */
static int chip_recv(int fd, void *p, size_t n, uint64_t end)
{
	struct pollfd pfd = {.fd = fd, .events = POLLIN};
	char *c = p;
	uint64_t now;
	ssize_t got;
	int pr;

	while (n) {
		now = chip_now_ms();
		if (now >= end)
			return -ETIME;
		pr = poll(&pfd, 1, (int)(end - now));
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr == 0)
			return -ETIME;
		if (pr < 0)
			return -EIO;
		got = read(fd, c, n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return -EIO; /* the reader died */
		c += got;
		n -= (size_t)got;
	}
	return 0;
}

int chip_read_all(const struct rootfs *r, struct chip_read *reads, size_t n, unsigned ms)
{
	uint64_t end = chip_now_ms() + ms;
	struct chip_rec rec;
	size_t i = 0;
	int p[2], err = 0;
	pid_t pid;

	for (i = 0; i < n; i++) {
		reads[i].err = -ETIME;
		reads[i].len = 0;
		if (reads[i].cap)
			reads[i].buf[0] = '\0';
	}
	if (!n)
		return 0;
	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		err = -errno;
		close(p[0]);
		close(p[1]);
		return err;
	}
	if (pid == 0) {
		close(p[0]);
		chip_child(r, reads, n, p[1]);
	}
	close(p[1]);
	for (i = 0; i < n; i++) {
		err = chip_recv(p[0], &rec, sizeof(rec), end);
		if (!err && (rec.len > (reads[i].cap ? reads[i].cap - 1 : 0)))
			err = -EIO; /* never sent by our child */
		if (!err && rec.len)
			err = chip_recv(p[0], reads[i].buf, rec.len, end);
		if (err)
			break;
		reads[i].len = rec.len;
		reads[i].buf[rec.len] = '\0';
		reads[i].err = rec.err;
	}
	for (; err == -EIO && i < n; i++)
		reads[i].err = -EIO;
	close(p[0]);
	chip_reap(pid, i == n);
	return 0;
}
