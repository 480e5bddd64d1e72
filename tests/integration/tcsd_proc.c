// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/integration/tcsd_proc.h"

bool tool_available(const char *name)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", name);
	return system(cmd) == 0;
}

static unsigned free_port(void)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t l = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	unsigned port = 0;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sa, &l) == 0)
		port = ntohs(sa.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

static bool listens(unsigned port)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	bool ok;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = htons((uint16_t)port);
	ok = fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	if (fd >= 0)
		close(fd);
	return ok;
}

/* tcsd.conf readable by the tss group only, as tcsd insists. */
static int write_conf(const struct tcsd_proc *d, const char *conf)
{
	struct group *g = getgrnam("tss");
	FILE *f;

	if (!g)
		return -ENOENT;
	f = fopen(conf, "w");
	if (!f)
		return -errno;
	fprintf(f, "port = %u\nsystem_ps_file = %s/system.data\n", d->port, d->dir);
	if (fclose(f) || chown(conf, 0, g->gr_gid) || chmod(conf, 0640))
		return -errno;
	return 0;
}

int tcsd_proc_start(const struct swtpm_proc *sw, struct tcsd_proc *d)
{
	char conf[400], log[400], tport[16];
	int i, ret;

	d->pid = -1;
	snprintf(d->dir, sizeof(d->dir), "%s/tcsd", sw->dir);
	if (mkdir(d->dir, 0700) && errno != EEXIST)
		return -errno;
	snprintf(conf, sizeof(conf), "%s/tcsd.conf", d->dir);
	snprintf(log, sizeof(log), "%s/tcsd.log", d->dir);
	snprintf(tport, sizeof(tport), "%u", sw->port);
	d->port = free_port();
	if (!d->port || !sw->port)
		return -EADDRNOTAVAIL;
	ret = write_conf(d, conf);
	if (ret)
		return ret;
	d->pid = fork();
	if (d->pid < 0)
		return -errno;
	if (d->pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);

		prctl(PR_SET_PDEATHSIG, SIGKILL); /* a failed test leaves no tcsd behind */
		dup2(fd, 1);
		dup2(fd, 2);
		setenv("TCSD_USE_TCP_DEVICE", "1", 1);
		setenv("TCSD_TCP_DEVICE_HOSTNAME", "127.0.0.1", 1);
		setenv("TCSD_TCP_DEVICE_PORT", tport, 1);
		execlp("tcsd", "tcsd", "-f", "-e", "-c", conf, (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < 200 && !listens(d->port); i++) {
		if (waitpid(d->pid, NULL, WNOHANG) == d->pid) {
			d->pid = -1;
			return -ECHILD;
		}
		usleep(25000);
	}
	if (!listens(d->port)) {
		tcsd_proc_stop(d);
		return -ETIMEDOUT;
	}
	return 0;
}

void tcsd_proc_stop(struct tcsd_proc *d)
{
	if (d->pid > 0) {
		kill(d->pid, SIGTERM);
		waitpid(d->pid, NULL, 0);
		d->pid = -1;
	}
}

int tcsd_tool(const struct tcsd_proc *d, const char *input, char *out, size_t cap,
	      char *const argv[])
{
	int in[2], o[2], st = 0;
	char port[16];
	size_t n = 0;
	ssize_t r;
	pid_t pid;

	if (pipe(in))
		return -1;
	if (pipe(o)) {
		close(in[0]);
		close(in[1]);
		return -1;
	}
	snprintf(port, sizeof(port), "%u", d->port);
	pid = fork();
	if (pid == 0) {
		setsid(); /* no controlling terminal: getpass() reads standard input */
		dup2(in[0], 0);
		dup2(o[1], 1);
		dup2(o[1], 2);
		close(in[1]);
		close(o[0]);
		setenv("TSS_TCSD_HOSTNAME", "127.0.0.1", 1);
		setenv("TSS_TCSD_PORT", port, 1);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(in[0]);
	close(o[1]);
	if (input && write(in[1], input, strlen(input)) < 0)
		input = NULL;
	close(in[1]);
	while (n + 1 < cap && (r = read(o[0], out + n, cap - 1 - n)) > 0)
		n += (size_t)r;
	out[n] = '\0';
	close(o[0]);
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}
