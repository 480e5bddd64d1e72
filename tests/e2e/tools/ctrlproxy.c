// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ctrlproxy: share one swtpm control channel between qemu and the host.
 *
 *   ctrlproxy SWTPM_CTRL_SOCK QEMU_SOCK HOST_SOCK
 *
 * swtpm serves one control connection at a time, and qemu's tpm-emulator
 * backend keeps its connection for as long as the VM runs, so swtpm_ioctl
 * cannot reach a swtpm that qemu uses. ctrlproxy sits between them:
 * qemu connects to QEMU_SOCK and everything it sends (with the file
 * descriptor CMD_SET_DATAFD carries) goes to swtpm unchanged, and back. A
 * host client (swtpm_ioctl --unix HOST_SOCK -i) connects to HOST_SOCK; its
 * request is sent to swtpm when qemu has no request outstanding, and the
 * answer goes back to it, not to qemu. Every wait is bounded. The proxy
 * exits when qemu disconnects, or on SIGTERM.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define CP_BUF	    8192
#define CP_MAX_FDS  4
#define CP_QUIET_MS 100	  /* a reply is complete after this long quiet */
#define CP_REPLY_MS 10000 /* first byte of swtpm's reply to a host client */
#define CP_IDLE_MS  50	  /* qemu is idle after this long without traffic */

struct cp_state {
	int up;		   /* connection to swtpm */
	int qemu;	   /* qemu's connection, -1 before it connects */
	int qemu_listen;   /* QEMU_SOCK */
	int host_listen;   /* HOST_SOCK */
	int qemu_waiting;  /* qemu sent a request and has had no byte back */
	long long last_ms; /* last qemu<->swtpm traffic */
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int wait_in(int fd, int ms)
{
	struct pollfd pf = {.fd = fd, .events = POLLIN};
	int r;

	do
		r = poll(&pf, 1, ms);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : r;
}

static int unix_addr(const char *path, struct sockaddr_un *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa->sun_path))
		return -ENAMETOOLONG;
	strcpy(sa->sun_path, path);
	return 0;
}

static int listen_on(const char *path, int *out)
{
	struct sockaddr_un sa;
	int fd = -1, rc;

	rc = unix_addr(path, &sa);
	if (rc)
		goto out;
	unlink(path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 4)) {
		rc = -errno;
		goto out;
	}
	*out = fd;
	fd = -1;
out:
	if (fd >= 0)
		close(fd);
	return rc;
}

static int connect_to(const char *path, int *out)
{
	struct sockaddr_un sa;
	int fd = -1, rc;

	rc = unix_addr(path, &sa);
	if (rc)
		goto out;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		rc = -errno;
		goto out;
	}
	*out = fd;
	fd = -1;
out:
	if (fd >= 0)
		close(fd);
	return rc;
}

/* Move one chunk from `from` to `to`, with any file descriptors it carries.
 * Returns the bytes moved, 0 at end of file, or -errno. */
static int relay(int from, int to)
{
	char buf[CP_BUF];
	union {
		char raw[CMSG_SPACE(sizeof(int) * CP_MAX_FDS)];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = {.iov_base = buf, .iov_len = sizeof(buf)};
	struct msghdr m = {.msg_iov = &iov,
			   .msg_iovlen = 1,
			   .msg_control = ctl.raw,
			   .msg_controllen = sizeof(ctl.raw)};
	struct cmsghdr *c;
	int fds[CP_MAX_FDS], nfds = 0, i, rc;
	ssize_t n;

	do
		n = recvmsg(from, &m, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		return n < 0 ? -errno : 0;
	for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		for (i = 0;
		     (size_t)i < (c->cmsg_len - CMSG_LEN(0)) / sizeof(int) && nfds < CP_MAX_FDS;
		     i++)
			memcpy(&fds[nfds++], CMSG_DATA(c) + (size_t)i * sizeof(int), sizeof(int));
	}
	iov.iov_len = (size_t)n;
	m.msg_flags = 0;
	if (nfds) {
		m.msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)nfds);
		c = CMSG_FIRSTHDR(&m);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)nfds);
		memcpy(CMSG_DATA(c), fds, sizeof(int) * (size_t)nfds);
	} else {
		m.msg_control = NULL;
		m.msg_controllen = 0;
	}
	rc = (int)n;
	if (sendmsg(to, &m, MSG_NOSIGNAL) != n)
		rc = -EIO;
	for (i = 0; i < nfds; i++)
		close(fds[i]);
	return rc;
}

/* Read what `fd` sends until it has been quiet for CP_QUIET_MS, the first
 * byte within first_ms. Returns the length, or -errno. */
static int read_reply(int fd, char *buf, size_t size, int first_ms)
{
	size_t got = 0;
	ssize_t n;
	int r, ms = first_ms;

	while (got < size) {
		r = wait_in(fd, ms);
		if (r < 0)
			return r;
		if (r == 0)
			break;
		n = read(fd, buf + got, size - got);
		if (n <= 0)
			break;
		got += (size_t)n;
		ms = CP_QUIET_MS;
	}
	return got ? (int)got : -ETIMEDOUT;
}

/* One host client: its request goes to swtpm once qemu is idle. */
static int serve_host(struct cp_state *s)
{
	char req[CP_BUF], rsp[CP_BUF];
	int cl, rc, n, len;
	long long deadline = now_ms() + CP_REPLY_MS;

	cl = accept4(s->host_listen, NULL, NULL, SOCK_CLOEXEC);
	if (cl < 0)
		return -errno;
	len = read_reply(cl, req, sizeof(req), CP_REPLY_MS);
	if (len < 0) {
		rc = len;
		goto out;
	}
	/* let qemu's outstanding request finish first (bounded) */
	while ((s->qemu_waiting || now_ms() - s->last_ms < CP_IDLE_MS) && now_ms() < deadline) {
		if (s->qemu_waiting && wait_in(s->up, CP_IDLE_MS) > 0) {
			n = relay(s->up, s->qemu);
			if (n <= 0) {
				rc = n < 0 ? n : -EPIPE;
				goto out;
			}
			s->qemu_waiting = 0;
			s->last_ms = now_ms();
		} else if (!s->qemu_waiting) {
			usleep(CP_IDLE_MS * 1000);
		}
	}
	if (write(s->up, req, (size_t)len) != len) {
		rc = -EIO;
		goto out;
	}
	n = read_reply(s->up, rsp, sizeof(rsp), CP_REPLY_MS);
	if (n < 0) {
		rc = n;
		goto out;
	}
	rc = write(cl, rsp, (size_t)n) == n ? 0 : -EIO;
	fprintf(
	    stderr,
	    "ctrlproxy: host request of %d bytes (cmd %02x%02x%02x%02x) answered with %d bytes\n",
	    len, (unsigned char)req[0], (unsigned char)req[1], (unsigned char)req[2],
	    (unsigned char)req[3], n);
out:
	if (rc)
		fprintf(stderr, "ctrlproxy: host request failed: %s\n", strerror(-rc));
	close(cl);
	return rc;
}

static int loop(struct cp_state *s)
{
	struct pollfd pf[4];
	int n, rc = 0;

	for (;;) {
		pf[0] = (struct pollfd){.fd = s->qemu >= 0 ? s->qemu : s->qemu_listen,
					.events = POLLIN};
		pf[1] = (struct pollfd){.fd = s->up, .events = POLLIN};
		pf[2] = (struct pollfd){.fd = s->host_listen, .events = POLLIN};
		if (poll(pf, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (pf[0].revents && s->qemu < 0) {
			s->qemu = accept4(s->qemu_listen, NULL, NULL, SOCK_CLOEXEC);
			if (s->qemu < 0)
				return -errno;
			continue;
		}
		if (pf[0].revents) {
			n = relay(s->qemu, s->up);
			if (n <= 0)
				return n; /* qemu went away: done */
			s->qemu_waiting = 1;
			s->last_ms = now_ms();
		}
		if (pf[1].revents) {
			if (s->qemu < 0)
				return -EPIPE; /* swtpm talks before anyone asked */
			n = relay(s->up, s->qemu);
			if (n <= 0)
				return n < 0 ? n : -EPIPE;
			s->qemu_waiting = 0;
			s->last_ms = now_ms();
		}
		if (pf[2].revents)
			serve_host(s); /* a failed host request is the client's problem */
	}
	return rc;
}

int main(int argc, char **argv)
{
	struct cp_state s = {.up = -1, .qemu = -1, .qemu_listen = -1, .host_listen = -1};
	int rc, i;

	if (argc != 4) {
		fprintf(stderr, "usage: ctrlproxy SWTPM_CTRL_SOCK QEMU_SOCK HOST_SOCK\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	/* swtpm may still be creating its socket */
	for (i = 0; i < 100; i++) {
		rc = connect_to(argv[1], &s.up);
		if (!rc)
			break;
		usleep(50000);
	}
	if (rc)
		goto out;
	rc = listen_on(argv[3], &s.host_listen);
	if (!rc)
		rc = listen_on(argv[2], &s.qemu_listen); /* last: the harness waits for it */
	if (rc)
		goto out;
	rc = loop(&s);
out:
	if (rc)
		fprintf(stderr, "ctrlproxy: %s\n", strerror(-rc));
	if (s.up >= 0)
		close(s.up);
	if (s.qemu >= 0)
		close(s.qemu);
	if (s.qemu_listen >= 0) {
		close(s.qemu_listen);
		unlink(argv[2]);
	}
	if (s.host_listen >= 0) {
		close(s.host_listen);
		unlink(argv[3]);
	}
	return rc ? 1 : 0;
}
