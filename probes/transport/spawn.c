// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * spawn:1.2 and spawn:2.0 — a private swtpm in a temporary directory.
 *
 * A guardian process owns everything the spawn creates: it makes the state
 * directory, runs swtpm_setup (an endorsement key, no owner: a freshly
 * shipped machine's TPM), starts swtpm on a unix socket, reports "OK DIR"
 * and then waits on a lifeline pipe from tpmdiag. When that pipe closes —
 * a normal close, an error exit, SIGINT, even SIGKILL — the guardian stops
 * swtpm and removes the directory. It runs in its own process group, so a
 * Ctrl-C at the terminal reaches tpmdiag but not the cleanup.
 *
 * After the socket is up, tpmdiag powers the TPM on (CMD_INIT); Startup is
 * sent only with --startup, so the chip first answers TPM_INVALID_POSTINIT
 * or TPM_RC_INITIALIZE, as a real one does before the firmware starts it.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
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
#include <time.h>
#include <unistd.h>

#include "probes/tpm/buf.h"
#include "probes/transport/swtpm.h"
#include "probes/transport/transport.h"

#define SPAWN_READY_MS	60000 /* swtpm_setup of a TPM 2.0 makes RSA keys: allow for slow CPUs */
#define SPAWN_SOCKET_MS 10000
#define SPAWN_STOP_MS	2000

struct tpm_spawn {
	struct tpm_transport t;
	struct tpm_transport *inner; /* the swtpm:unix: transport to the socket */
	pid_t guardian;
	int lifeline; /* write end; closing it makes the guardian clean up */
};

/* ---- the guardian (a child process; never returns) ---- */

struct spawn_job {
	enum tpm_family family;
	int status_fd; /* "OK DIR\n" or "ERR message\n" */
	int life_fd;   /* EOF = tpmdiag is gone or done */
	char dir[256];
};

static void __attribute__((format(printf, 2, 3)))
spawn_report(const struct spawn_job *j, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > 0 && write(j->status_fd, line, strlen(line)) < 0)
		return;
}

/* 1 when the lifeline is closed (tpmdiag gone), else 0 after waiting up to ms. */
static int spawn_parent_gone(const struct spawn_job *j, int ms)
{
	struct pollfd p = {.fd = j->life_fd, .events = POLLIN};
	char c;

	if (poll(&p, 1, ms) <= 0)
		return 0;
	return read(j->life_fd, &c, 1) <= 0;
}

static pid_t spawn_exec(const struct spawn_job *j, char *const argv[], const char *errlog)
{
	pid_t pid = fork();
	int fd;

	if (pid != 0)
		return pid;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	fd = open("/dev/null", O_RDWR);
	dup2(fd, 0);
	dup2(fd, 1);
	fd = open(errlog, O_WRONLY | O_CREAT | O_APPEND, 0600);
	if (fd >= 0)
		dup2(fd, 2);
	if (chdir(j->dir) < 0)
		_exit(126);
	execvp(argv[0], argv);
	_exit(127);
}

static void spawn_stop(pid_t pid)
{
	int i, st;

	if (pid <= 0)
		return;
	kill(pid, SIGTERM);
	for (i = 0; i < SPAWN_STOP_MS / 20; i++) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			return;
		usleep(20000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
}

static int spawn_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

/* Run swtpm_setup; 0 when it succeeded, else a reason was reported. */
static int spawn_setup(const struct spawn_job *j)
{
	char state[300], log[300];
	char *argv[] = {"swtpm_setup",
			"--tpmstate",
			state,
			"--createek",
			"--logfile",
			log,
			j->family == TPM_FAMILY_20 ? "--tpm2" : NULL,
			NULL};
	pid_t pid;
	int st;

	snprintf(state, sizeof(state), "%s/state", j->dir);
	snprintf(log, sizeof(log), "%s/setup.log", j->dir);
	if (mkdir(state, 0700) < 0) {
		spawn_report(j, "ERR cannot create %s\n", state);
		return -1;
	}
	pid = spawn_exec(j, argv, log);
	if (pid < 0) {
		spawn_report(j, "ERR cannot fork: %s\n", strerror(errno));
		return -1;
	}
	while (waitpid(pid, &st, WNOHANG) == 0) {
		if (spawn_parent_gone(j, 50)) {
			spawn_stop(pid);
			return -1;
		}
	}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 127) {
		spawn_report(j, "ERR %s\n",
			     "swtpm_setup is not installed (Debian package swtpm-tools)");
		return -1;
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		spawn_report(j, "ERR swtpm_setup failed; its log was %s\n", log);
		return -1;
	}
	return 0;
}

/* Whether a unix socket is listening (bound is not enough: connect to it). */
static bool spawn_listens(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	bool ok;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	ok = fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	if (fd >= 0)
		close(fd);
	return ok;
}

static pid_t spawn_swtpm(const struct spawn_job *j)
{
	char state[300], server[300], ctrl[300], logopt[300], errlog[300], sock[300], data[300];
	char *argv[] = {"swtpm",
			"socket",
			"--tpmstate",
			state,
			"--server",
			server,
			"--ctrl",
			ctrl,
			"--log",
			logopt,
			j->family == TPM_FAMILY_20 ? "--tpm2" : NULL,
			NULL};
	struct stat st;
	pid_t pid;
	int i, status;

	snprintf(state, sizeof(state), "dir=%s/state", j->dir);
	snprintf(server, sizeof(server), "type=unixio,path=%s/sock", j->dir);
	snprintf(ctrl, sizeof(ctrl), "type=unixio,path=%s/sock.ctrl", j->dir);
	snprintf(logopt, sizeof(logopt), "file=%s/swtpm.log,level=1", j->dir);
	snprintf(errlog, sizeof(errlog), "%s/swtpm.err", j->dir);
	snprintf(sock, sizeof(sock), "%s/sock.ctrl", j->dir);
	snprintf(data, sizeof(data), "%s/sock", j->dir);
	pid = spawn_exec(j, argv, errlog);
	if (pid < 0) {
		spawn_report(j, "ERR cannot fork: %s\n", strerror(errno));
		return -1;
	}
	for (i = 0; i < SPAWN_SOCKET_MS / 20; i++) {
		if (stat(sock, &st) == 0 && spawn_listens(sock) && spawn_listens(data))
			return pid;
		if (waitpid(pid, &status, WNOHANG) == pid) {
			spawn_report(j, "ERR %s\n",
				     WIFEXITED(status) && WEXITSTATUS(status) == 127
					 ? "swtpm is not installed (Debian package swtpm)"
					 : "swtpm exited at start");
			return -1;
		}
		if (spawn_parent_gone(j, 20)) {
			spawn_stop(pid);
			return -1;
		}
	}
	spawn_report(j, "ERR %s\n", "swtpm did not create its socket within 10 s");
	spawn_stop(pid);
	return -1;
}

static void __attribute__((noreturn)) spawn_guardian(struct spawn_job *j)
{
	const char *tmp = getenv("TMPDIR");
	char c;
	pid_t swtpm = -1;
	int fd;

	setpgid(0, 0);
	signal(SIGINT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	fd = open("/dev/null", O_RDWR);
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	dup2(j->status_fd, 3);
	dup2(j->life_fd, 4);
	j->status_fd = 3;
	j->life_fd = 4;
	close_range(5, ~0U, 0);
	snprintf(j->dir, sizeof(j->dir), "%s/tpmdiag-swtpm-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (strlen(j->dir) > 80) {
		spawn_report(j, "ERR TMPDIR is too long for a unix socket path: %s\n", tmp);
		_exit(1);
	}
	if (!mkdtemp(j->dir)) {
		spawn_report(j, "ERR cannot create a temporary directory under %s\n",
			     tmp && *tmp ? tmp : "/tmp");
		_exit(1);
	}
	if (spawn_setup(j) == 0)
		swtpm = spawn_swtpm(j);
	if (swtpm > 0) {
		spawn_report(j, "OK %s\n", j->dir);
		close(j->status_fd);
		while (read(j->life_fd, &c, 1) > 0 || errno == EINTR)
			;
		spawn_stop(swtpm);
	}
	nftw(j->dir, spawn_rm_one, 16, FTW_DEPTH | FTW_PHYS);
	_exit(0);
}

/* ---- the transport, in tpmdiag ---- */

static int spawn_transmit(struct tpm_transport *t, const uint8_t *cmd, size_t cmd_len, uint8_t *rsp,
			  size_t rsp_cap, size_t *rsp_len, unsigned timeout_ms)
{
	struct tpm_spawn *s = (struct tpm_spawn *)t;
	int ret;

	/* the wait happens in the inner transport: it tells the progress */
	s->inner->progress = t->progress;
	memcpy(s->inner->progress_what, t->progress_what, sizeof(t->progress_what));
	s->inner->progress_t0 = t->progress_t0;
	ret = s->inner->ops->transmit(s->inner, cmd, cmd_len, rsp, rsp_cap, rsp_len, timeout_ms);

	if (ret)
		snprintf(t->err, sizeof(t->err), "%s", s->inner->err);
	return ret;
}

static int spawn_ctrl(struct tpm_transport *t, uint32_t code, const uint8_t *in, size_t in_len,
		      uint8_t *out, size_t out_cap, size_t *out_len, unsigned timeout_ms)
{
	struct tpm_spawn *s = (struct tpm_spawn *)t;
	int ret =
	    s->inner->ops->ctrl(s->inner, code, in, in_len, out, out_cap, out_len, timeout_ms);

	if (ret)
		snprintf(t->err, sizeof(t->err), "%s", s->inner->err);
	return ret;
}

static void spawn_close(struct tpm_transport *t)
{
	struct tpm_spawn *s = (struct tpm_spawn *)t;
	int st;

	if (s->inner)
		s->inner->ops->close(s->inner);
	if (s->lifeline >= 0)
		close(s->lifeline);
	if (s->guardian > 0)
		while (waitpid(s->guardian, &st, 0) < 0 && errno == EINTR)
			;
	free(s);
}

static const struct tpm_transport_ops tpm_spawn_ops = {
    .kind = "spawn",
    .transmit = spawn_transmit,
    .ctrl = spawn_ctrl,
    .close = spawn_close,
};

/* Read the guardian's one status line within the deadline, telling the progress. */
static int spawn_read_status(int fd, char *line, size_t len, const struct tpm_progress *pg)
{
	static const char what[] =
	    "starting a private swtpm (swtpm_setup makes its endorsement key)";
	struct pollfd p = {.fd = fd, .events = POLLIN};
	double t0 = tpm_now_ms(), deadline = t0 + SPAWN_READY_MS;
	size_t got = 0;
	ssize_t r;
	int n, ret = 0;

	if (pg)
		pg->fn(pg->arg, 0, what, SPAWN_READY_MS, 0);
	while (got + 1 < len) {
		n = poll(&p, 1, pg ? TPM_PROGRESS_TICK_MS : tpm_ms_left(deadline));
		if (n == 0 && tpm_ms_left(deadline) > 0) {
			if (pg)
				pg->fn(pg->arg, 1, what, SPAWN_READY_MS, tpm_now_ms() - t0);
			continue;
		}
		if (n == 0) {
			ret = -ETIMEDOUT;
			break;
		}
		r = n < 0 ? -1 : read(fd, line + got, len - 1 - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
		if (memchr(line, '\n', got))
			break;
	}
	if (pg)
		pg->fn(pg->arg, 2, what, 0, tpm_now_ms() - t0);
	line[got] = '\0';
	line[strcspn(line, "\n")] = '\0';
	if (ret)
		return ret;
	return got ? 0 : -EPIPE;
}

/* Power-on (CMD_INIT), and Startup(CLEAR) when asked. */
static int spawn_power_on(struct tpm_spawn *s, enum tpm_family fam, bool startup, char *err,
			  size_t errlen)
{
	uint8_t flags[4] = {0, 0, 0, 0}, out[16], cmd[16], rsp[TPM_MAX_MSG];
	struct tpm_buf b;
	size_t n = 0;
	int ret;

	ret = spawn_ctrl(&s->t, SWTPM_CMD_INIT, flags, sizeof(flags), out, sizeof(out), &n, 5000);
	if (!ret && (n < 4 || out[0] | out[1] | out[2] | out[3]))
		ret = tpm_transport_fail(&s->t, EIO, "swtpm refused the power-on (CMD_INIT)");
	if (ret || !startup)
		goto out;
	tpm_buf_init(&b, cmd, sizeof(cmd));
	if (fam == TPM_FAMILY_12) {
		tpm_cmd_begin(&b, TPM_TAG_RQU_COMMAND, 0x99); /* TPM_Startup */
		tpm_buf_u16(&b, 1);			      /* TPM_ST_CLEAR */
	} else {
		tpm_cmd_begin(&b, TPM2_ST_NO_SESSIONS, 0x144); /* TPM2_Startup */
		tpm_buf_u16(&b, 0);			       /* TPM_SU_CLEAR */
	}
	tpm_cmd_finish(&b);
	ret = spawn_transmit(&s->t, cmd, b.len, rsp, sizeof(rsp), &n, 5000);
	if (!ret && (n < TPM_HEADER_SIZE || rsp[6] | rsp[7] | rsp[8] | rsp[9]))
		ret = tpm_transport_fail(&s->t, EIO, "the private swtpm refused Startup(CLEAR)");
out:
	if (ret)
		snprintf(err, errlen, "%s", s->t.err);
	return ret;
}

int tpm_spawn_open(const char *rest, const struct tpm_open_opts *o, struct tpm_transport **out,
		   char *err, size_t errlen)
{
	struct spawn_job job = {0};
	int status[2] = {-1, -1}, life[2] = {-1, -1};
	struct tpm_spawn *s;
	char line[1100], sock[1200];
	int ret;

	if (!strcmp(rest, "1.2")) {
		job.family = TPM_FAMILY_12;
	} else if (!strcmp(rest, "2.0")) {
		job.family = TPM_FAMILY_20;
	} else {
		snprintf(err, errlen, "bad device 'spawn:%s': use spawn:1.2 or spawn:2.0", rest);
		return -EINVAL;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->t.ops = &tpm_spawn_ops;
	s->lifeline = -1;
	s->t.family_hint = job.family;
	s->t.family_source = "a private swtpm started by tpmdiag";
	if (pipe2(status, O_CLOEXEC) < 0 || pipe2(life, O_CLOEXEC) < 0) {
		ret = -errno;
		snprintf(err, errlen, "cannot create a pipe: %s", strerror(errno));
		goto fail;
	}
	s->guardian = fork();
	if (s->guardian < 0) {
		ret = -errno;
		snprintf(err, errlen, "cannot fork: %s", strerror(errno));
		goto fail;
	}
	if (s->guardian == 0) {
		close(status[0]);
		close(life[1]);
		job.status_fd = status[1];
		job.life_fd = life[0];
		spawn_guardian(&job);
	}
	close(status[1]);
	close(life[0]);
	status[1] = life[0] = -1;
	s->lifeline = life[1];
	ret = spawn_read_status(status[0], line, sizeof(line), o->progress);
	if (ret || strncmp(line, "OK ", 3)) {
		snprintf(err, errlen, "cannot start a private swtpm: %s",
			 ret == -ETIMEDOUT	     ? "no word from it within 60 s"
			 : !strncmp(line, "ERR ", 4) ? line + 4
						     : "its guardian process died");
		ret = -EIO;
		goto fail;
	}
	close(status[0]);
	status[0] = -1;
	snprintf(s->t.spec, sizeof(s->t.spec), "spawn:%s", rest);
	snprintf(sock, sizeof(sock), "unix:%s/sock", line + 3);
	ret = tpm_swtpm_open(sock, o, &s->inner, err, errlen);
	if (ret)
		goto fail;
	ret = spawn_power_on(s, job.family, o->startup, err, errlen);
	if (ret)
		goto fail;
	*out = &s->t;
	return 0;
fail:
	if (status[0] >= 0)
		close(status[0]);
	if (status[1] >= 0)
		close(status[1]);
	if (life[0] >= 0)
		close(life[0]);
	spawn_close(&s->t);
	return ret;
}
