// SPDX-License-Identifier: GPL-2.0-or-later
/* A misbehaving TPM on a unix socket (hostile_srv.h). */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "tests/integration/hostile_srv.h"
#include "tests/integration/swtpm_proc.h"

#define HOSTILE_CONNS 16

static const char *const mode_names[HOSTILE_MODES] = {
    "hang", "deaf", "drip", "short", "long", "garbage", "extra", "close", "wrong",
};

const char *hostile_mode_name(enum hostile_mode m)
{
	return m < HOSTILE_MODES ? mode_names[m] : "?";
}

static const uint8_t ok20[] = {0x80, 0x01, 0, 0, 0, 10, 0, 0, 0, 0};
static const uint8_t ok12[] = {0x00, 0xc4, 0, 0, 0, 10, 0, 0, 0, 0};

static void pause_ms(int ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

static void put(int fd, const void *p, size_t n)
{
	ssize_t w = send(fd, p, n, MSG_NOSIGNAL);

	(void)w; /* the client may be gone: that is its business */
}

/* Answer one command on fd the mode's way; false when the connection is done. */
static bool answer(struct hostile_srv *h, int fd)
{
	uint8_t cmd[4096], big[sizeof(ok20) + 4990];
	ssize_t r = recv(fd, cmd, sizeof(cmd), MSG_DONTWAIT);
	size_t i;

	if (r <= 0)
		return r < 0 && (errno == EAGAIN || errno == EINTR);
	switch (h->mode) {
	case HOSTILE_HANG:
	case HOSTILE_DEAF:
		break;
	case HOSTILE_DRIP:
		for (i = 0; i < sizeof(ok20); i++) {
			put(fd, ok20 + i, 1);
			pause_ms(300);
		}
		break;
	case HOSTILE_SHORT:
		put(fd, (const uint8_t[]){0x80, 0x01, 0, 0, 0, 6, 0, 0, 0, 0}, 10);
		break;
	case HOSTILE_LONG:
		put(fd, (const uint8_t[]){0x80, 0x01, 0, 0, 0x10, 0, 0, 0, 0, 0}, 10);
		break;
	case HOSTILE_GARBAGE:
		put(fd, "HTTP/1.0 400 Bad Request\r\n\r\n", 28);
		break;
	case HOSTILE_EXTRA:
		memset(big, 0x55, sizeof(big));
		memcpy(big, ok20, sizeof(ok20));
		put(fd, big, sizeof(big));
		break;
	case HOSTILE_CLOSE:
		put(fd, ok20, 5);
		return false;
	case HOSTILE_WRONG:
		put(fd, ok12, sizeof(ok12));
		break;
	case HOSTILE_MODES:
		break;
	}
	return true;
}

static void *hostile_run(void *arg)
{
	struct hostile_srv *h = arg;
	struct pollfd p[3 + HOSTILE_CONNS];
	size_t n = 3, i;

	p[0] = (struct pollfd){.fd = h->stop[0], .events = POLLIN};
	p[1] = (struct pollfd){.fd = h->lfd, .events = POLLIN};
	p[2] = (struct pollfd){.fd = h->cfd, .events = POLLIN};
	for (;;) {
		if (poll(p, n, -1) < 0 && errno != EINTR)
			break;
		if (p[0].revents)
			break;
		for (i = 1; i <= 2; i++)
			if ((p[i].revents & POLLIN) && n < 3 + HOSTILE_CONNS) {
				int fd = accept(p[i].fd, NULL, NULL);

				if (fd >= 0) /* deaf, and the control channel: never read */
					p[n++] = (struct pollfd){
					    .fd = fd,
					    .events =
						i == 1 && h->mode != HOSTILE_DEAF ? POLLIN : 0};
			}
		for (i = 3; i < n; i++)
			if ((p[i].revents & (POLLIN | POLLHUP | POLLERR)) && !answer(h, p[i].fd)) {
				close(p[i].fd);
				p[i--] = p[--n];
			}
	}
	for (i = 3; i < n; i++)
		close(p[i].fd);
	return NULL;
}

static int listen_at(const char *path, int *out)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 8)) {
		int e = -errno;

		close(fd);
		return e;
	}
	*out = fd;
	return 0;
}

int hostile_start(struct hostile_srv *h, enum hostile_mode m)
{
	char path[400];
	int ret;

	memset(h, 0, sizeof(*h));
	h->mode = m;
	h->lfd = h->cfd = h->stop[0] = h->stop[1] = -1;
	if ((ret = test_tmpdir(h->dir, sizeof(h->dir))))
		return ret;
	snprintf(path, sizeof(path), "%s/sock", h->dir);
	snprintf(h->spec, sizeof(h->spec), "swtpm:unix:%s", path);
	if ((ret = listen_at(path, &h->lfd)))
		goto fail;
	snprintf(path, sizeof(path), "%s/sock.ctrl", h->dir);
	if ((ret = listen_at(path, &h->cfd)))
		goto fail;
	if (pipe(h->stop)) {
		ret = -errno;
		goto fail;
	}
	if ((ret = -pthread_create(&h->th, NULL, hostile_run, h)))
		goto fail;
	h->running = true;
	return 0;
fail:
	hostile_stop(h);
	return ret;
}

void hostile_stop(struct hostile_srv *h)
{
	if (h->running) {
		ssize_t w = write(h->stop[1], "x", 1);

		(void)w;
		pthread_join(h->th, NULL);
		h->running = false;
	}
	if (h->lfd >= 0)
		close(h->lfd);
	if (h->cfd >= 0)
		close(h->cfd);
	if (h->stop[0] >= 0)
		close(h->stop[0]);
	if (h->stop[1] >= 0)
		close(h->stop[1]);
	h->lfd = h->cfd = h->stop[0] = h->stop[1] = -1;
	if (h->dir[0])
		test_rmtree(h->dir);
	h->dir[0] = '\0';
}
