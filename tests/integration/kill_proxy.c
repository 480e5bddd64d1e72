// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "tests/integration/kill_proxy.h"

#define KP_MAX_MSG 4096u
#define KP_IO_MS   120000 /* a TakeOwnership on a slow machine */

/* Wait until fd is readable or the proxy is stopped: 1, 0 (stopped), -1. */
static int kp_wait(struct kill_proxy *p, int fd, int ms)
{
	struct pollfd pf[2] = {{.fd = fd, .events = POLLIN},
			       {.fd = p->stop_pipe[0], .events = POLLIN}};
	int r;

	do
		r = poll(pf, 2, ms);
	while (r < 0 && errno == EINTR);
	if (r <= 0 || (pf[1].revents & (POLLIN | POLLHUP)))
		return r < 0 ? -1 : 0;
	return 1;
}

static int kp_read_all(struct kill_proxy *p, int fd, uint8_t *b, size_t n)
{
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		if (kp_wait(p, fd, KP_IO_MS) != 1)
			return -1;
		r = read(fd, b + got, n - got);
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

static int kp_write_all(int fd, const uint8_t *b, size_t n)
{
	ssize_t w;

	while (n) {
		w = write(fd, b, n);
		if (w <= 0)
			return -1;
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

/* One TPM message (header, then the size it announces): its length, or 0. */
static size_t kp_msg(struct kill_proxy *p, int fd, uint8_t *b)
{
	uint32_t size;

	if (kp_read_all(p, fd, b, 10))
		return 0;
	size = (uint32_t)b[2] << 24 | (uint32_t)b[3] << 16 | (uint32_t)b[4] << 8 | b[5];
	if (size < 10 || size > KP_MAX_MSG || kp_read_all(p, fd, b + 10, size - 10))
		return 0;
	return size;
}

/* A connection to the loopback port, tried for up to 2 s (a busy swtpm accepts late). */
static int kp_connect(unsigned port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	struct timespec ts = {0, 20000000};
	int fd = -1, i;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (i = 0; fd < 0 && i < 100; i++) {
		fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a))) {
			close(fd);
			fd = -1;
			nanosleep(&ts, NULL);
		}
	}
	return fd;
}

static void kp_kill(struct kill_proxy *p)
{
	pid_t v;

	while (!(v = __atomic_load_n(&p->victim, __ATOMIC_ACQUIRE))) {
		struct timespec ts = {0, 1000000};

		nanosleep(&ts, NULL);
	}
	kill(v, SIGKILL);
	__atomic_store_n(&p->killed, true, __ATOMIC_RELEASE);
}

/* swtpm's CMD_INIT (2) with no flags on the control port: the TPM is reset. */
static int kp_power_cycle(struct kill_proxy *p)
{
	static const uint8_t init[8] = {0, 0, 0, 2, 0, 0, 0, 0};
	uint8_t res[4];
	int fd = kp_connect(p->upstream + 1), ret = -1;

	if (fd >= 0 && !kp_write_all(fd, init, sizeof(init)) && !kp_read_all(p, fd, res, 4) &&
	    !(res[0] | res[1] | res[2] | res[3]))
		ret = 0;
	if (fd >= 0)
		close(fd);
	__atomic_store_n(&p->killed, ret == 0, __ATOMIC_RELEASE);
	return ret;
}

/* Serve one client connection until it closes or the kill. */
static void kp_serve(struct kill_proxy *p, int cfd)
{
	uint8_t buf[KP_MAX_MSG];
	size_t n;
	unsigned k;
	int ufd = kp_connect(p->upstream);

	while (ufd >= 0 && (n = kp_msg(p, cfd, buf))) {
		if (p->stall_code && n >= 10 &&
		    ((uint32_t)buf[6] << 24 | (uint32_t)buf[7] << 16 | (uint32_t)buf[8] << 8 |
		     buf[9]) == p->stall_code) {
			while (kp_msg(p, cfd, buf)) /* silent until the client gives up */
				;
			break;
		}
		k = __atomic_add_fetch(&p->seen, 1, __ATOMIC_ACQ_REL);
		if (k != __atomic_load_n(&p->kill_at, __ATOMIC_ACQUIRE))
			k = 0; /* not the one */
		if (k && !p->after) {
			kp_kill(p);
			break;
		}
		if (kp_write_all(ufd, buf, n) || !(n = kp_msg(p, ufd, buf)))
			break;
		if (k && p->reset) {
			if (kp_power_cycle(p))
				break;
		} else if (k) {
			kp_kill(p);
			break;
		}
		if (kp_write_all(cfd, buf, n))
			break;
	}
	if (ufd >= 0)
		close(ufd);
}

static void *kp_thread(void *arg)
{
	struct kill_proxy *p = arg;
	int cfd;

	while (kp_wait(p, p->lfd, -1) == 1) {
		cfd = accept4(p->lfd, NULL, NULL, SOCK_CLOEXEC);
		if (cfd < 0)
			continue;
		kp_serve(p, cfd);
		close(cfd);
	}
	return NULL;
}

int kill_proxy_start(struct kill_proxy *p, unsigned upstream, unsigned kill_at, bool after)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t len = sizeof(a);
	int ret;

	memset(p, 0, sizeof(*p));
	p->upstream = upstream;
	p->kill_at = kill_at;
	p->after = after;
	p->stop_pipe[0] = p->stop_pipe[1] = -1;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	p->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (p->lfd < 0 || bind(p->lfd, (struct sockaddr *)&a, sizeof(a)) || listen(p->lfd, 4) ||
	    getsockname(p->lfd, (struct sockaddr *)&a, &len) || pipe2(p->stop_pipe, O_CLOEXEC)) {
		ret = -errno;
		goto fail;
	}
	p->port = ntohs(a.sin_port);
	ret = -pthread_create(&p->th, NULL, kp_thread, p);
	if (ret)
		goto fail;
	p->running = true;
	return 0;
fail:
	if (p->lfd >= 0)
		close(p->lfd);
	if (p->stop_pipe[0] >= 0) {
		close(p->stop_pipe[0]);
		close(p->stop_pipe[1]);
	}
	p->lfd = -1;
	return ret;
}

int kill_proxy_start_stall(struct kill_proxy *p, unsigned upstream, uint32_t cc)
{
	int ret;

	/* kill_proxy_start clears it; set before any client connects */
	ret = kill_proxy_start(p, upstream, 0, false);
	p->stall_code = cc;
	return ret;
}

int kill_proxy_start_reset(struct kill_proxy *p, unsigned upstream, unsigned reset_at)
{
	int ret = kill_proxy_start(p, upstream, 0, true);

	p->reset = true;
	__atomic_store_n(&p->kill_at, reset_at, __ATOMIC_RELEASE);
	return ret;
}

void kill_proxy_victim(struct kill_proxy *p, pid_t pid)
{
	__atomic_store_n(&p->victim, pid, __ATOMIC_RELEASE);
}

void kill_proxy_disarm(struct kill_proxy *p)
{
	__atomic_store_n(&p->kill_at, 0u, __ATOMIC_RELEASE);
}

unsigned kill_proxy_seen(struct kill_proxy *p)
{
	return __atomic_load_n(&p->seen, __ATOMIC_ACQUIRE);
}

bool kill_proxy_killed(struct kill_proxy *p)
{
	return __atomic_load_n(&p->killed, __ATOMIC_ACQUIRE);
}

void kill_proxy_stop(struct kill_proxy *p)
{
	ssize_t w;

	if (!p->running)
		return;
	/* a byte, or else the write end closed: either wakes the thread */
	w = write(p->stop_pipe[1], "x", 1);
	(void)w;
	close(p->stop_pipe[1]);
	pthread_join(p->th, NULL);
	close(p->stop_pipe[0]);
	close(p->lfd);
	p->running = false;
}
