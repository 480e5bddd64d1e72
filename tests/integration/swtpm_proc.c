// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/integration/swtpm_proc.h"

int test_tmpdir(char *out, size_t len)
{
	const char *base = getenv("TPMDIAG_TEST_TMP");

	snprintf(out, len, "%s/t-XXXXXX", base && *base ? base : "/tmp");
	return mkdtemp(out) ? 0 : -errno;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

void test_rmtree(const char *dir)
{
	if (dir && *dir)
		nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Two consecutive free loopback ports (data, control); 0 when none found. */
static unsigned free_port_pair(void)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t l = sizeof(sa);
	unsigned port = 0;
	int a, b, tries;

	for (tries = 0; tries < 50 && !port; tries++) {
		a = socket(AF_INET, SOCK_STREAM, 0);
		sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		sa.sin_port = 0;
		if (bind(a, (struct sockaddr *)&sa, sizeof(sa)) ||
		    getsockname(a, (struct sockaddr *)&sa, &l)) {
			close(a);
			continue;
		}
		b = socket(AF_INET, SOCK_STREAM, 0);
		sa.sin_port = htons((uint16_t)(ntohs(sa.sin_port) + 1));
		if (ntohs(sa.sin_port) > 1 && bind(b, (struct sockaddr *)&sa, sizeof(sa)) == 0)
			port = ntohs(sa.sin_port) - 1u;
		close(a);
		close(b);
	}
	return port;
}

static int run_quiet(char *const argv[], const char *log)
{
	pid_t pid = fork();
	int st, fd;

	if (pid == 0) {
		fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
		dup2(fd, 1);
		dup2(fd, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		return -errno;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -EIO;
}

static bool unix_listens(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	bool ok;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	close(fd);
	return ok;
}

static int wait_ready(struct swtpm_proc *p, bool tcp)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	char ctrl[320];
	struct stat st;
	int i, fd, ok;

	snprintf(ctrl, sizeof(ctrl), "%s.ctrl", p->sock);
	for (i = 0; i < 500; i++) {
		if (waitpid(p->pid, NULL, WNOHANG) == p->pid)
			return -ECHILD;
		if (!tcp) {
			/* listening, not merely bound: connect to both */
			if (stat(ctrl, &st) == 0 && unix_listens(ctrl) && unix_listens(p->sock))
				return 0;
		} else {
			/* listening on both ports, the control one and the data one */
			fd = socket(AF_INET, SOCK_STREAM, 0);
			sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
			sa.sin_port = htons((uint16_t)(p->port + 1));
			ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
			close(fd);
			if (ok) {
				fd = socket(AF_INET, SOCK_STREAM, 0);
				sa.sin_port = htons((uint16_t)p->port);
				ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
				close(fd);
			}
			if (ok)
				return 0;
		}
		usleep(10000);
	}
	return -ETIMEDOUT;
}

/* dir/name with the text of fmt: 0 or -errno. */
static int write_conf(const char *dir, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int write_conf(const char *dir, const char *name, const char *fmt, ...)
{
	char path[400];
	va_list ap;
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		return -errno;
	va_start(ap, fmt);
	ok = vfprintf(f, fmt, ap) >= 0;
	va_end(ap);
	if (fclose(f) || !ok)
		return -EIO;
	return 0;
}

/*
 * swtpm_setup's configuration for --create-ek-cert with swtpm_localca
 * keeping its CA under dir/ca (not /var/lib/swtpm-localca): *conf is the
 * file to give --config. 0 or -errno.
 */
static int ekcert_config(const char *dir, char *conf, size_t len)
{
	char ca[300];
	int ret;

	snprintf(ca, sizeof(ca), "%s/ca", dir);
	if (mkdir(ca, 0700))
		return -errno;
	ret = write_conf(dir, "localca.conf",
			 "statedir = %s\nsigningkey = %s/signkey.pem\n"
			 "issuercert = %s/issuercert.pem\ncertserial = %s/certserial\n",
			 ca, ca, ca, ca);
	if (!ret)
		ret = write_conf(dir, "localca.options",
				 "--platform-manufacturer tpmdiag-test\n--platform-version 2.1\n"
				 "--platform-model swtpm\n");
	if (!ret)
		ret = write_conf(dir, "setup.conf",
				 "create_certs_tool = swtpm_localca\n"
				 "create_certs_tool_config = %s/localca.conf\n"
				 "create_certs_tool_options = %s/localca.options\n",
				 dir, dir);
	snprintf(conf, len, "%s/setup.conf", dir);
	return ret;
}

int swtpm_proc_start(const struct swtpm_opts *o, struct swtpm_proc *p)
{
	char state[300], server[340], ctrl[340], log[300], logopt[320], setuplog[300];
	char conf[320];
	char *setup[] = {
	    "swtpm_setup", "--tpmstate", state, "--createek", o->tpm2 ? "--tpm2" : NULL,
	    NULL,	   NULL,	 NULL,	NULL};
	char *argv[16];
	int ret, n = 0;

	memset(p, 0, sizeof(*p));
	p->pid = -1;
	ret = test_tmpdir(p->dir, sizeof(p->dir));
	if (ret)
		return ret;
	snprintf(state, sizeof(state), "%s/state", p->dir);
	mkdir(state, 0700);
	snprintf(setuplog, sizeof(setuplog), "%s/setup.log", p->dir);
	if (o->ekcert && o->tpm2) {
		ret = ekcert_config(p->dir, conf, sizeof(conf));
		if (ret)
			goto fail;
		setup[5] = "--create-ek-cert";
		setup[6] = "--config";
		setup[7] = conf;
	}
	if (o->createek && (ret = run_quiet(setup, setuplog)))
		goto fail;
	snprintf(p->sock, sizeof(p->sock), "%s/sock", p->dir);
	if (o->tcp) {
		p->port = free_port_pair();
		snprintf(server, sizeof(server), "type=tcp,port=%u,bindaddr=127.0.0.1", p->port);
		snprintf(ctrl, sizeof(ctrl), "type=tcp,port=%u,bindaddr=127.0.0.1", p->port + 1);
		snprintf(p->spec, sizeof(p->spec), "swtpm:tcp:127.0.0.1:%u", p->port);
	} else {
		snprintf(server, sizeof(server), "type=unixio,path=%s", p->sock);
		snprintf(ctrl, sizeof(ctrl), "type=unixio,path=%s.ctrl", p->sock);
		snprintf(p->spec, sizeof(p->spec), "swtpm:unix:%s", p->sock);
	}
	snprintf(state, sizeof(state), "dir=%s/state", p->dir);
	snprintf(log, sizeof(log), "%s/swtpm.out", p->dir);
	snprintf(logopt, sizeof(logopt), "file=%s/swtpm.log,level=1", p->dir);
	argv[n++] = "swtpm";
	argv[n++] = "socket";
	if (o->tpm2)
		argv[n++] = "--tpm2";
	argv[n++] = "--tpmstate";
	argv[n++] = state;
	argv[n++] = "--server";
	argv[n++] = server;
	argv[n++] = "--ctrl";
	argv[n++] = ctrl;
	argv[n++] = "--log";
	argv[n++] = logopt;
	if (o->flags) {
		argv[n++] = "--flags";
		argv[n++] = (char *)o->flags;
	}
	argv[n] = NULL;
	p->pid = fork();
	if (p->pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);

		prctl(PR_SET_PDEATHSIG, SIGKILL); /* a crashed test leaves no swtpm behind */
		dup2(fd, 1);
		dup2(fd, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (p->pid < 0) {
		ret = -errno;
		goto fail;
	}
	ret = wait_ready(p, o->tcp);
	if (ret)
		goto fail;
	return 0;
fail:
	swtpm_proc_stop(p);
	return ret;
}

void swtpm_proc_stop(struct swtpm_proc *p)
{
	if (p->pid > 0) {
		kill(p->pid, SIGCONT);
		kill(p->pid, SIGKILL);
		waitpid(p->pid, NULL, 0);
		p->pid = -1;
	}
	test_rmtree(p->dir);
	p->dir[0] = '\0';
}

/* Run cmd with sh, its stdout+stderr into out (cut at cap); its exit status or -1. */
static int run_shell(char *out, size_t cap, const char *cmd)
{
	char drain[4096];
	size_t n = 0;
	FILE *f;
	int st;

	f = popen(cmd, "r");
	if (!f)
		return -1;
	while (n + 1 < cap) {
		size_t r = fread(out + n, 1, cap - 1 - n, f);

		if (!r)
			break;
		n += r;
	}
	out[n] = '\0';
	while (fread(drain, 1, sizeof(drain), f)) /* drain what did not fit */
		;
	st = pclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int run_tpmdiag(char *out, size_t cap, const char *fmt, ...)
{
	const char *bin = getenv("TPMDIAG_BIN");
	char args[4096], cmd[8192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd), "%s %s 2>&1 </dev/null", bin && *bin ? bin : "./tpmdiag", args);
	return run_shell(out, cap, cmd);
}

int swtpm_tool(const struct swtpm_proc *p, char *out, size_t cap, const char *fmt, ...)
{
	char args[2048], cmd[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	/* exported: args may be several commands */
	snprintf(cmd, sizeof(cmd),
		 "export TPM2TOOLS_TCTI=swtpm:host=127.0.0.1,port=%u; { %s; } 2>&1 </dev/null",
		 p->port, args);
	return run_shell(out, cap, cmd);
}
