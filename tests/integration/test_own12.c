// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * own12_run against a private swtpm 1.2, then independent proof with
 * tpm-tools through a private tcsd pointed at the same swtpm.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diag/own/own12.h"
#include "diag/own/secret.h"
#include "probes/transport/swtpm.h"
#include "probes/transport/transport.h"
#include "tests/integration/swtpm_proc.h"

#define PASSWORD     "c0rrect-h0rse-own12"
#define SRK_PASSWORD "srk-batt3ry-staple"

static bool have(const char *tool)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", tool);
	return system(cmd) == 0;
}

static void pw_secret(struct secret *s, const char *pw)
{
	memset(s, 0, sizeof(*s));
	memcpy(s->v, pw, strlen(pw));
	s->len = strlen(pw);
	s->set = true;
}

static void wk_secret(struct secret *s)
{
	memset(s, 0, sizeof(*s));
	s->set = true;
	s->well_known = true;
}

/* Run own12_run on a fresh transport to p; output into buf. */
static int run_own(struct swtpm_proc *p, const struct secret *o, const struct secret *s,
		   const struct own12_opts *opts, char *buf, size_t cap, char *why, size_t whylen)
{
	struct tpm_open_opts oo = {0};
	struct tpm_transport *t = NULL;
	char err[512];
	FILE *f;
	size_t n;
	int r;

	cr_assert_eq(tpm_transport_open(p->spec, &oo, &t, err, sizeof(err)), 0, "%s", err);
	f = tmpfile();
	cr_assert(f);
	r = own12_run(t, o, s, f, opts, why, whylen);
	tpm_transport_close(t);
	rewind(f);
	n = fread(buf, 1, cap - 1, f);
	buf[n] = '\0';
	fclose(f);
	return r;
}

static void start(struct swtpm_proc *p, bool createek)
{
	struct swtpm_opts o = {
	    .tcp = true, .createek = createek, .flags = "not-need-init,startup-clear"};

	cr_assert_eq(swtpm_proc_start(&o, p), 0, "swtpm 1.2 did not start");
}

/* A free loopback TCP port. */
static unsigned free_port(void)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t l = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	unsigned port = 0;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sa, &l) == 0)
		port = ntohs(sa.sin_port);
	close(fd);
	return port;
}

static bool port_listens(unsigned port)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	bool ok;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = htons((uint16_t)port);
	ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	close(fd);
	return ok;
}

struct tcsd {
	pid_t pid;
	unsigned port;
	char dir[300];
};

/* tcsd -f -e with a private config, talking to the swtpm's data port. */
static void tcsd_start(struct swtpm_proc *p, struct tcsd *d)
{
	char conf[400], ps[400], tport[16], log[400];
	struct group *g = getgrnam("tss");
	FILE *f;
	int i;

	snprintf(d->dir, sizeof(d->dir), "%s/tcsd", p->dir);
	mkdir(d->dir, 0700);
	snprintf(conf, sizeof(conf), "%s/tcsd.conf", d->dir);
	snprintf(ps, sizeof(ps), "%s/system.data", d->dir);
	snprintf(log, sizeof(log), "%s/tcsd.log", d->dir);
	d->port = free_port();
	f = fopen(conf, "w");
	cr_assert(f);
	fprintf(f, "port = %u\nsystem_ps_file = %s\n", d->port, ps);
	fclose(f);
	cr_assert(g, "no tss group");
	cr_assert_eq(chown(conf, 0, g->gr_gid), 0);
	cr_assert_eq(chmod(conf, 0640), 0);
	snprintf(tport, sizeof(tport), "%u", p->port);
	d->pid = fork();
	if (d->pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);

		prctl(PR_SET_PDEATHSIG, SIGKILL); /* a failed assertion leaves no tcsd behind */
		dup2(fd, 1);
		dup2(fd, 2);
		setenv("TCSD_USE_TCP_DEVICE", "1", 1);
		setenv("TCSD_TCP_DEVICE_HOSTNAME", "127.0.0.1", 1);
		setenv("TCSD_TCP_DEVICE_PORT", tport, 1);
		execlp("tcsd", "tcsd", "-f", "-e", "-c", conf, (char *)NULL);
		_exit(127);
	}
	cr_assert(d->pid > 0);
	for (i = 0; i < 100 && !port_listens(d->port); i++)
		usleep(50000);
	cr_assert(port_listens(d->port), "tcsd did not start");
}

static void tcsd_stop(struct tcsd *d)
{
	if (d->pid > 0) {
		kill(d->pid, SIGTERM);
		waitpid(d->pid, NULL, 0);
		d->pid = -1;
	}
}

/*
 * Run a tpm-tools command against tcsd with input on stdin and no
 * controlling terminal (so getpass() reads stdin); output into out.
 */
static int toolv(struct tcsd *d, const char *input, char *out, size_t cap, char *const argv[])
{
	int in[2], o[2], st;
	char port[16];
	size_t n = 0;
	ssize_t r;
	pid_t pid;

	cr_assert_eq(pipe(in), 0);
	cr_assert_eq(pipe(o), 0);
	snprintf(port, sizeof(port), "%u", d->port);
	pid = fork();
	if (pid == 0) {
		setsid();
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
		cr_log_warn("write to the tool failed");
	close(in[1]);
	while (n + 1 < cap && (r = read(o[0], out + n, cap - 1 - n)) > 0)
		n += (size_t)r;
	out[n] = '\0';
	close(o[0]);
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int tool(struct tcsd *d, const char *input, char *out, size_t cap, const char *arg0,
		const char *arg1)
{
	char *argv[] = {(char *)arg0, (char *)arg1, NULL};

	return toolv(d, input, out, cap, argv);
}

static char buf[65536], why[1024], tbuf[16384];

Test(own12, password_then_tpm_tools, .timeout = 120)
{
	struct swtpm_proc p;
	struct secret o, s;
	struct tcsd d = {.pid = -1};
	int r;

	start(&p, true);
	pw_secret(&o, PASSWORD);
	pw_secret(&s, SRK_PASSWORD);
	r = run_own(&p, &o, &s, NULL, buf, sizeof(buf), why, sizeof(why));
	cr_log_info("%s", buf);
	cr_assert_eq(r, OWN12_OK, "own12_run: %s: %s", own12_result_name(r), why);
	cr_assert(strstr(buf, "TPM_CAP_PROP_OWNER = true"), "%s", buf);
	cr_assert(strstr(buf, "SRK: TPM_KEY_STORAGE, RSA 2048 bits"));
	cr_assert(strstr(buf, "response HMAC verified"));
	cr_assert_null(strstr(buf, PASSWORD));
	cr_assert_null(strstr(buf, SRK_PASSWORD));

	/* A second run stops, changing nothing. */
	r = run_own(&p, &o, &s, NULL, buf, sizeof(buf), why, sizeof(why));
	cr_assert_eq(r, OWN12_ALREADY_OWNED, "%s", buf);
	cr_assert(strstr(why, "already has an owner"), "%s", why);
	cr_assert_null(strstr(buf, PASSWORD));

	if (!have("tcsd") || !have("tpm_getpubek")) {
		cr_log_warn("tcsd or tpm-tools missing: independent proof skipped");
		goto out;
	}
	tcsd_start(&p, &d);
	/* tpm_getpubek falls back to TPM_OwnerReadPubek, authorised with the owner password. */
	r = tool(&d, "wrong-password\n", tbuf, sizeof(tbuf), "tpm_getpubek", NULL);
	cr_assert_neq(r, 0, "tpm_getpubek accepted a wrong owner password: %s", tbuf);
	r = tool(&d, PASSWORD "\n", tbuf, sizeof(tbuf), "tpm_getpubek", NULL);
	cr_log_info("tpm_getpubek: %s", tbuf);
	cr_assert_eq(r, 0, "tpm_getpubek with the owner password failed: %s", tbuf);
	cr_assert(strstr(tbuf, "Public Endorsement Key"), "%s", tbuf);
	cr_assert(strstr(tbuf, "2048 bits"), "%s", tbuf);
	cr_assert_null(strstr(tbuf, PASSWORD));
	/*
	 * No SRK-authorised tpm-tools check: tpm_sealdata loads the SRK by UUID
	 * from tcsd's system.data, which only tcsd's own TakeOwnership fills
	 * ("Key not found in persistent storage" after an out-of-band owner).
	 */
out:
	tcsd_stop(&d);
	secret_wipe(&o);
	secret_wipe(&s);
	swtpm_proc_stop(&p);
}

Test(own12, well_known_then_tpm_tools, .timeout = 120)
{
	struct swtpm_proc p;
	struct secret o, s;
	struct tcsd d = {.pid = -1};
	int r;

	start(&p, true);
	wk_secret(&o);
	wk_secret(&s);
	r = run_own(&p, &o, &s, NULL, buf, sizeof(buf), why, sizeof(why));
	cr_assert_eq(r, OWN12_OK, "own12_run: %s: %s\n%s", own12_result_name(r), why, buf);
	cr_assert(strstr(buf, "TPM_CAP_PROP_OWNER = true"), "%s", buf);
	if (!have("tcsd") || !have("tpm_getpubek")) {
		cr_log_warn("tcsd or tpm-tools missing: independent proof skipped");
		goto out;
	}
	tcsd_start(&p, &d);
	r = tool(&d, "", tbuf, sizeof(tbuf), "tpm_getpubek", "-z");
	cr_assert_eq(r, 0, "tpm_getpubek -z failed: %s", tbuf);
	cr_assert(strstr(tbuf, "Public Endorsement Key"), "%s", tbuf);
	/* the SRK secret is well-known too: tpm_takeownership -z would have set the same */
	r = tool(&d, "", tbuf, sizeof(tbuf), "tpm_takeownership", "-z");
	cr_assert_neq(r, 0, "a second owner was accepted: %s", tbuf);
out:
	tcsd_stop(&d);
	swtpm_proc_stop(&p);
}

Test(own12, creates_missing_ek, .timeout = 120)
{
	struct swtpm_proc p;
	struct secret o, s;
	int r;

	start(&p, false);
	pw_secret(&o, PASSWORD);
	wk_secret(&s);
	r = run_own(&p, &o, &s, NULL, buf, sizeof(buf), why, sizeof(why));
	cr_assert_eq(r, OWN12_OK, "own12_run: %s: %s\n%s", own12_result_name(r), why, buf);
	cr_assert(strstr(buf, "TPM_NO_ENDORSEMENT"), "%s", buf);
	cr_assert(strstr(buf, "TPM_CreateEndorsementKeyPair"), "%s", buf);
	cr_assert(strstr(buf, "TPM_CAP_PROP_OWNER = true"), "%s", buf);
	cr_assert_null(strstr(buf, PASSWORD));
	swtpm_proc_stop(&p);
}

/* The reported scenario: a power cycle right before TakeOwnership. */
static void power_cycle(struct tpm_transport *t, void *arg)
{
	uint8_t in[4] = {0}, out[16];
	size_t n = 0;

	*(int *)arg =
	    tpm_transport_ctrl(t, SWTPM_CMD_INIT, in, sizeof(in), out, sizeof(out), &n, 5000);
}

Test(own12, power_cycle_before_takeownership, .timeout = 120)
{
	struct swtpm_proc p;
	struct secret o, s;
	int hook = -1, r;
	struct own12_opts opts = {.before_takeownership = power_cycle, .hook_arg = &hook};

	start(&p, true);
	pw_secret(&o, PASSWORD);
	pw_secret(&s, SRK_PASSWORD);
	r = run_own(&p, &o, &s, &opts, buf, sizeof(buf), why, sizeof(why));
	cr_log_info("%s", buf);
	cr_assert_eq(hook, 0, "CMD_INIT through the control channel failed");
	cr_assert_eq(r, OWN12_OK, "own12_run: %s: %s\n%s", own12_result_name(r), why, buf);
	cr_assert(strstr(buf, "TPM_INVALID_POSTINIT"), "%s", buf);
	cr_assert(strstr(buf, "TPM_Startup(ST_CLEAR)"), "%s", buf);
	cr_assert(strstr(buf, "TPM_CAP_PROP_OWNER = true"), "%s", buf);
	cr_assert_null(strstr(buf, PASSWORD));
	swtpm_proc_stop(&p);
}

/* Send a TPM 1.2 command with a u8/u16 parameter (bytes 0..2) and return its rc. */
static uint32_t raw(struct tpm_transport *t, uint32_t ord, unsigned nparam, uint16_t v)
{
	uint8_t cmd[16] = {0x00, 0xC1, 0, 0, 0, 0}, rsp[4096];
	size_t n = 10, rn = 0;

	cmd[6] = (uint8_t)(ord >> 24);
	cmd[7] = (uint8_t)(ord >> 16);
	cmd[8] = (uint8_t)(ord >> 8);
	cmd[9] = (uint8_t)ord;
	if (nparam == 1)
		cmd[n++] = (uint8_t)v;
	if (nparam == 2) {
		cmd[n++] = (uint8_t)(v >> 8);
		cmd[n++] = (uint8_t)v;
	}
	cmd[5] = (uint8_t)n;
	cr_assert_eq(tpm_transmit(t, cmd, n, rsp, sizeof(rsp), &rn, 5000), 0, "%s", t->err);
	return (uint32_t)rsp[6] << 24 | (uint32_t)rsp[7] << 16 | (uint32_t)rsp[8] << 8 | rsp[9];
}

/* The permanent flags as raw bytes (to compare before and after). */
static size_t perm_flags(struct tpm_transport *t, uint8_t *out, size_t cap)
{
	uint8_t cmd[] = {0x00, 0xC1, 0, 0, 0, 22, 0, 0, 0, 0x65, 0,
			 0,    0,    4, 0, 0, 0,  4, 0, 0, 1,	 8};
	uint8_t rsp[512];
	size_t rn = 0;

	cr_assert_eq(tpm_transmit(t, cmd, sizeof(cmd), rsp, sizeof(rsp), &rn, 5000), 0);
	cr_assert(rn > 14 && rn - 14 <= cap);
	memcpy(out, rsp + 14, rn - 14);
	return rn - 14;
}

static void reset(struct tpm_transport *t)
{
	uint8_t in[4] = {0}, out[16];
	size_t n = 0;

	cr_assert_eq(
	    tpm_transport_ctrl(t, SWTPM_CMD_INIT, in, sizeof(in), out, sizeof(out), &n, 5000), 0);
	cr_assert_eq(raw(t, 0x99, 2, 1), 0, "Startup after the reset");
}

static struct tpm_transport *open_t(struct swtpm_proc *p)
{
	struct tpm_open_opts oo = {0};
	struct tpm_transport *t = NULL;
	char err[512];

	cr_assert_eq(tpm_transport_open(p->spec, &oo, &t, err, sizeof(err)), 0, "%s", err);
	return t;
}

Test(own12, pp_lifetime_lock_stops, .timeout = 120)
{
	uint8_t before[64], after[64];
	size_t nb, na;
	struct swtpm_proc p;
	struct tpm_transport *t;
	struct secret o, s;
	int r;

	start(&p, true);
	t = open_t(&p);
	/* disabled, physical presence by command off, and locked for life */
	cr_assert_eq(raw(t, 0x4000000A, 2, 0x0008), 0, "PP present");
	cr_assert_eq(raw(t, 0x70, 0, 0), 0, "PhysicalDisable");
	cr_assert_eq(raw(t, 0x4000000A, 2, 0x0100), 0, "PP cmd_disable");
	cr_assert_eq(raw(t, 0x4000000A, 2, 0x0080), 0, "PP lifetime_lock");
	reset(t);
	nb = perm_flags(t, before, sizeof(before));
	tpm_transport_close(t);
	pw_secret(&o, PASSWORD);
	pw_secret(&s, SRK_PASSWORD);
	r = run_own(&p, &o, &s, NULL, buf, sizeof(buf), why, sizeof(why));
	cr_log_info("%s", buf);
	cr_assert_eq(r, OWN12_FIRMWARE, "%s: %s\n%s", own12_result_name(r), why, buf);
	cr_assert(strstr(why, "firmware (BIOS/UEFI) setup"), "%s", why);
	cr_assert_null(strstr(buf, "TPM_PhysicalEnable"), "%s", buf);
	cr_assert_null(strstr(buf, PASSWORD));
	t = open_t(&p);
	na = perm_flags(t, after, sizeof(after));
	tpm_transport_close(t);
	cr_assert(na == nb && !memcmp(before, after, na), "the flags changed");
	swtpm_proc_stop(&p);
}

Test(own12, deactivated_needs_reboot_then_completes, .timeout = 120)
{
	struct swtpm_proc p;
	struct tpm_transport *t;
	struct secret o, s;
	int r;

	start(&p, true);
	t = open_t(&p);
	cr_assert_eq(raw(t, 0x4000000A, 2, 0x0008), 0, "PP present");
	cr_assert_eq(raw(t, 0x72, 1, 1), 0, "PhysicalSetDeactivated(TRUE)");
	cr_assert_eq(raw(t, 0x70, 0, 0), 0, "PhysicalDisable");
	reset(t);
	tpm_transport_close(t);
	pw_secret(&o, PASSWORD);
	pw_secret(&s, SRK_PASSWORD);
	r = run_own(&p, &o, &s, NULL, buf, sizeof(buf), why, sizeof(why));
	cr_log_info("%s", buf);
	cr_assert_eq(r, OWN12_REBOOT, "%s: %s\n%s", own12_result_name(r), why, buf);
	cr_assert(strstr(buf, "TPM_PhysicalEnable"), "%s", buf);
	cr_assert(strstr(buf, "TPM_PhysicalSetDeactivated(FALSE)"), "%s", buf);
	cr_assert(strstr(why, "reboot"), "%s", why);
	/* the reboot */
	t = open_t(&p);
	reset(t);
	tpm_transport_close(t);
	r = run_own(&p, &o, &s, NULL, buf, sizeof(buf), why, sizeof(why));
	cr_assert_eq(r, OWN12_OK, "%s: %s\n%s", own12_result_name(r), why, buf);
	cr_assert(strstr(buf, "TPM_CAP_PROP_OWNER = true"), "%s", buf);
	cr_assert_null(strstr(buf, PASSWORD));
	swtpm_proc_stop(&p);
}
