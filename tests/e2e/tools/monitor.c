// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * monitor: send commands to a qemu human monitor on a unix socket
 * (-monitor unix:PATH,server=on,wait=off) and print what it answers.
 *
 *   monitor [-t MS] PATH COMMAND...   e.g. monitor run/monitor.sock 'sendkey f12'
 *
 * Each COMMAND is sent after the "(qemu) " prompt, and its answer is read up
 * to the next prompt; every wait is bounded (MS milliseconds, default
 * 10000). Exit status 0, 1 when the monitor could not be reached, 3 when it
 * did not answer in time (a VM whose vCPU is stuck in a device holds the
 * lock the monitor needs).
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define MON_WAIT_MS   10000
#define MON_EXIT_SLOW 3
#define MON_BUF	      65536

static const char prompt[] = "(qemu) ";

/* Read until the prompt; the text before it goes to stdout unless quiet,
 * without its first line (the monitor's echo of the command). */
static int until_prompt(int fd, int quiet, int wait_ms)
{
	static char buf[MON_BUF];
	const char *nl;
	size_t got = 0, skip = 0;
	struct pollfd pf = {.fd = fd, .events = POLLIN};
	ssize_t n;
	int r;

	for (;;) {
		if (got + 1 >= sizeof(buf))
			got = 0; /* a runaway answer: keep only its end */
		do
			r = poll(&pf, 1, wait_ms);
		while (r < 0 && errno == EINTR);
		if (r <= 0)
			return -ETIMEDOUT;
		n = read(fd, buf + got, sizeof(buf) - 1 - got);
		if (n <= 0)
			return -EPIPE;
		got += (size_t)n;
		buf[got] = 0;
		if (got >= strlen(prompt) && !strcmp(buf + got - strlen(prompt), prompt))
			break;
	}
	got -= strlen(prompt);
	buf[got] = 0;
	nl = strchr(buf, '\n');
	if (nl)
		skip = (size_t)(nl + 1 - buf);
	if (!quiet && fwrite(buf + skip, 1, got - skip, stdout) != got - skip)
		return -EIO;
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd = -1, rc = 0, i, wait_ms = MON_WAIT_MS;
	size_t len;

	if (argc > 2 && !strcmp(argv[1], "-t")) {
		wait_ms = atoi(argv[2]);
		argc -= 2;
		argv += 2;
	}
	if (argc < 3 || wait_ms <= 0) {
		fprintf(stderr, "usage: monitor [-t MS] SOCKET COMMAND...\n");
		return 1;
	}
	if (strlen(argv[1]) >= sizeof(sa.sun_path)) {
		rc = -ENAMETOOLONG;
		goto out;
	}
	strcpy(sa.sun_path, argv[1]);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		rc = -errno;
		goto out;
	}
	rc = until_prompt(fd, 1, wait_ms); /* the banner */
	for (i = 2; !rc && i < argc; i++) {
		len = strlen(argv[i]);
		if (write(fd, argv[i], len) != (ssize_t)len || write(fd, "\n", 1) != 1) {
			rc = -EIO;
			break;
		}
		rc = until_prompt(fd, 0, wait_ms);
	}
out:
	if (rc)
		fprintf(stderr, "monitor %s: %s\n", argv[1], strerror(-rc));
	if (fd >= 0)
		close(fd);
	return rc == -ETIMEDOUT ? MON_EXIT_SLOW : rc ? 1 : 0;
}
