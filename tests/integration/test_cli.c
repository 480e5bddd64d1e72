// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tpmdiag as a person runs it: the lines they read and the exit status,
 * against private swtpms, recorded transcripts and bad input.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/integration/swtpm_proc.h"

#define OUT_MAX 65536

static struct swtpm_proc proc;
static char tmp[256];

static void teardown(void)
{
	swtpm_proc_stop(&proc);
	test_rmtree(tmp);
	tmp[0] = '\0';
}

TestSuite(cli, .fini = teardown, .timeout = 90);

static char out[OUT_MAX];

#define expect_has(s) cr_expect(strstr(out, s), "output lacks '%s':\n%s", s, out)

Test(cli, rc_invalid_postinit_reads_as_in_the_issue)
{
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "rc 0x26"), 0);
	cr_expect_str_eq(out, "TPM_INVALID_POSTINIT: the TPM has not received TPM_Startup since it "
			      "was reset\n");
}

Test(cli, rc_kernel_decimal_and_tpm20)
{
	/* the kernel prints "A TPM error (256)": decimal */
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "rc 256"), 0);
	expect_has("TPM_RC_INITIALIZE");
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "rc 0x921 --tpm20"), 0);
	expect_has("TPM_RC_LOCKOUT");
}

/* What Get-Tpm, tpmtool and BitLocker print: HRESULTs of the TPM facilities. */
Test(cli, rc_windows_hresults)
{
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "rc 0x80280026"), 0);
	cr_expect_str_eq(out, "Windows HRESULT 0x80280026: TPM_E_ / TPM_20_E_ for TPM return "
			      "code 0x026:\nTPM_INVALID_POSTINIT: the TPM has not received "
			      "TPM_Startup since it was reset\n");
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "rc 0x8028400F"), 0);
	cr_expect_str_eq(out, "Windows HRESULT 0x8028400f: TBS_E_TPM_NOT_FOUND: Windows found no "
			      "compatible TPM in this computer\n");
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "rc 0x80290100"), 0);
	expect_has("TPMAPI_E_INVALID_STATE: the command buffer is not in the right state");
	expect_has("not a TPM return code");
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "rc 0x8029040D"), 0); /* a hole in the table */
	expect_has("tpmdiag has no name for");
}

Test(cli, rc_bad_input)
{
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "rc zz"), 1);
	expect_has("'zz' is not a return code");
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "rc 0x100000000"), 1);
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "rc"), 1);
}

Test(cli, unknown_command_and_option)
{
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "frobnicate"), 1);
	expect_has("unknown command 'frobnicate'");
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "--frob rc 0x26"), 1);
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "--timeout abc rc 1"), 1);
	expect_has("bad --timeout 'abc'");
}

Test(cli, state_changing_needs_yes_and_sends_nothing)
{
	struct swtpm_opts o = {.tpm2 = true, .flags = "not-need-init,startup-clear"};

	cr_assert_eq(swtpm_proc_start(&o, &proc), 0);
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "--device %s send shutdown clear", proc.spec),
		     1);
	expect_has("TPM2_Shutdown changes the TPM's state; nothing was sent. Add --yes");
	cr_expect_null(strstr(out, "received"), "%s", out);
	cr_expect_eq(run_tpmdiag(out, sizeof(out),
				 "--device %s send raw 80 01 00 00 00 0c 00 00 01 "
				 "44 00 00",
				 proc.spec),
		     1);
	expect_has("TPM2_Startup changes the TPM's state");
}

Test(cli, spawn12_startup_clear_reads_tpm_success)
{
	cr_assert_eq(test_tmpdir(tmp, sizeof(tmp)), 0);
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "--device spawn:1.2 send startup clear --yes"),
		     0, "%s", out);
	expect_has("sent      00 c1 00 00 00 0c 00 00 00 99 00 01");
	expect_has("received  00 c4 00 00 00 0a 00 00 00 00");
	expect_has("result    TPM_SUCCESS");
}

Test(cli, spawn12_before_startup_is_invalid_postinit)
{
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "--device spawn:1.2 send getcap version"), 4,
		     "%s", out);
	expect_has("TPM_INVALID_POSTINIT: the TPM has not received TPM_Startup since it was reset");
}

Test(cli, spawn20_before_and_after_startup)
{
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "--device spawn:2.0 send getrandom 8"), 4, "%s",
		     out);
	expect_has("TPM_RC_INITIALIZE");
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "--device spawn:2.0 --startup send getrandom 8"),
		     0, "%s", out);
	expect_has("result    TPM_RC_SUCCESS");
	expect_has("received  80 01 00 00 00 14 00 00 00 00 00 08");
}

Test(cli, bad_hex_and_unknown_send_name)
{
	struct swtpm_opts o = {.tpm2 = true, .flags = "not-need-init,startup-clear"};

	cr_assert_eq(swtpm_proc_start(&o, &proc), 0);
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "--device %s send raw 80 0z", proc.spec), 1);
	expect_has("bad hex '0z'");
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "--device %s send raw 80 01 00", proc.spec), 1);
	expect_has("not a command");
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "--device %s send frob", proc.spec), 1);
	expect_has("TPM 2.0 has no command 'frob'");
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "--device %s send physicalenable", proc.spec),
		     1);
	expect_has("TPM 2.0 has no command 'physicalenable'");
}

Test(cli, devices_that_are_not_tpms)
{
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "--device dev:/dev/null send getrandom 8"), 2);
	expect_has("/dev/null is not a TPM");
	cr_expect_eq(
	    run_tpmdiag(out, sizeof(out), "--device swtpm:unix:/nonexistent/s send getrandom 8"),
	    2);
	expect_has("cannot connect to swtpm at /nonexistent/s");
	cr_expect_eq(
	    run_tpmdiag(out, sizeof(out), "--device swtpm:tcp:127.0.0.1:1 send getrandom 8"), 2);
	expect_has("Connection refused");
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "--device floppy:0 send getrandom 8"), 2);
	expect_has("unknown device 'floppy:0'");
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "--device spawn:3.0 send getrandom 8"), 2);
	expect_has("use spawn:1.2 or spawn:2.0");
}

Test(cli, stopped_tpm_answers_within_the_deadline)
{
	struct swtpm_opts o = {.tpm2 = true, .flags = "not-need-init,startup-clear"};
	struct timespec a, b;
	double dt;

	cr_assert_eq(swtpm_proc_start(&o, &proc), 0);
	kill(proc.pid, SIGSTOP);
	clock_gettime(CLOCK_MONOTONIC, &a);
	cr_expect_eq(run_tpmdiag(out, sizeof(out),
				 "--device %s --tpm20 --timeout 1 send getrandom 8", proc.spec),
		     2);
	clock_gettime(CLOCK_MONOTONIC, &b);
	kill(proc.pid, SIGCONT);
	dt = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	expect_has("did not answer within 1.0 s");
	cr_expect(dt < 3.0, "took %.2f s", dt);
}

Test(cli, power_cycle_through_ctrl_needs_startup_again)
{
	struct swtpm_opts o = {
	    .tpm2 = false, .createek = true, .flags = "not-need-init,startup-clear"};

	cr_assert_eq(swtpm_proc_start(&o, &proc), 0);
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "--device %s send getcap version", proc.spec), 0,
		     "%s", out);
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "--device %s ctrl init", proc.spec), 1);
	expect_has("Add --yes");
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "--device %s ctrl init --yes", proc.spec), 0,
		     "%s", out);
	expect_has("power cycle");
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "--device %s send getcap version", proc.spec),
		     4);
	expect_has("TPM_INVALID_POSTINIT");
	cr_expect_eq(
	    run_tpmdiag(out, sizeof(out), "--device %s send startup clear --yes", proc.spec), 0);
	cr_expect_eq(
	    run_tpmdiag(out, sizeof(out), "--device %s send startup clear --yes", proc.spec), 4);
	expect_has("TPM_INVALID_POSTINIT");
}

Test(cli, record_then_replay_gives_the_same_answer)
{
	char rec[400], first[OUT_MAX];
	const char *r1, *r2;

	cr_assert_eq(test_tmpdir(tmp, sizeof(tmp)), 0);
	snprintf(rec, sizeof(rec), "%s/session.transcript", tmp);
	cr_expect_eq(run_tpmdiag(first, sizeof(first),
				 "--device spawn:2.0 --startup --record %s send getrandom 8", rec),
		     0, "%s", first);
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "--device replay:%s send getrandom 8", rec), 0,
		     "%s", out);
	r1 = strstr(first, "received");
	r2 = strstr(out, "received");
	cr_assert(r1 && r2);
	cr_expect_eq(strncmp(r1, r2, 60), 0, "replay differs:\n%s\n---\n%s", first, out);
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "--device replay:%s send getrandom 16", rec), 2);
	expect_has("the transcript has no answer for");
}

/* Count entries in dir other than . and .. */
static int dir_entries(const char *dir)
{
	struct dirent *e;
	DIR *d = opendir(dir);
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

static void spawn_then_signal(int sig, int after_ms)
{
	const char *bin = getenv("TPMDIAG_BIN");
	pid_t pid;
	int i, n = -1;

	cr_assert_eq(test_tmpdir(tmp, sizeof(tmp)), 0);
	pid = fork();
	if (pid == 0) {
		setenv("TMPDIR", tmp, 1);
		freopen("/dev/null", "w", stdout);
		freopen("/dev/null", "w", stderr);
		execl(bin ? bin : "./tpmdiag", "tpmdiag", "--device", "spawn:1.2", "send", "getcap",
		      "version", (char *)NULL);
		_exit(127);
	}
	usleep((useconds_t)after_ms * 1000);
	if (sig)
		kill(pid, sig);
	waitpid(pid, NULL, 0);
	for (i = 0; i < 300 && (n = dir_entries(tmp)) != 0; i++)
		usleep(10000);
	cr_expect_eq(n, 0, "the private swtpm's directory is still there after signal %d", sig);
}

Test(cli, spawn_cleans_up_after_normal_exit)
{
	spawn_then_signal(0, 0);
}

Test(cli, spawn_cleans_up_after_sigint_during_setup)
{
	spawn_then_signal(SIGINT, 300);
}

Test(cli, spawn_cleans_up_after_sigkill)
{
	spawn_then_signal(SIGKILL, 700);
}

Test(cli, spawn_without_swtpm_installed)
{
	cr_assert_eq(test_tmpdir(tmp, sizeof(tmp)), 0);
	setenv("PATH", tmp, 1); /* an empty directory: no swtpm_setup, no swtpm */
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "--device spawn:2.0 send getrandom 8"), 2, "%s",
		     out);
	expect_has("cannot start a private swtpm: swtpm_setup is not installed (Debian package "
		   "swtpm-tools)");
}

Test(cli, info_on_a_started_private_tpm20)
{
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "--device spawn:2.0 --startup info"), 0, "%s",
		     out);
	expect_has("family    TPM 2.0 (a private swtpm started by tpmdiag)");
	expect_has("TPM2_PT_MANUFACTURER         \"IBM\" (0x49424d00)");
	expect_has("TPM2_PT_LOCKOUT_COUNTER      0");
	expect_has("testResult   0x00000000 TPM_RC_SUCCESS");
}

Test(cli, info_on_a_fresh_tpm12_reads_flags_and_ek)
{
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "--device spawn:1.2 --startup info"), 0, "%s",
		     out);
	expect_has("TPM_CAP_PROP_OWNER  false");
	expect_has("set                           ownership, readPubek");
	expect_has("keyLength bits  2048");
}

Test(cli, info_says_when_startup_is_missing)
{
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "--device spawn:1.2 info"), 0, "%s", out);
	expect_has("TPM_INVALID_POSTINIT");
	expect_has("The TPM has not been started since its last reset");
	expect_has("add --startup");
}

Test(cli, help_for_every_command)
{
	static const char *const cmds[] = {"check", "rules", "facts", "info", "send", "rc", "ctrl"};
	size_t i;

	cr_expect_eq(run_tpmdiag(out, sizeof(out), "--help"), 0);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		expect_has(cmds[i]);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		cr_expect_eq(run_tpmdiag(out, sizeof(out), "%s --help", cmds[i]), 0);
		expect_has("Usage: tpmdiag [OPTIONS]");
	}
	/* without a command: check */
	run_tpmdiag(out, sizeof(out),
		    "--root fixtures/no-tpm/root --kmsg fixtures/no-tpm/kmsg.log");
	expect_has("Verdict:");
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "send list"), 0);
	expect_has("physicalpresence");
	expect_has("readpublic");
}

Test(cli, progress_on_a_terminal_and_never_on_a_pipe)
{
	struct swtpm_opts o = {.tpm2 = true, .flags = "not-need-init,startup-clear"};
	const char *bin = getenv("TPMDIAG_BIN");
	char cmd[2048];
	FILE *f;
	size_t n;

	cr_assert_eq(swtpm_proc_start(&o, &proc), 0);
	kill(proc.pid, SIGSTOP);
	/* script(1) gives tpmdiag a terminal; its output comes back on the pipe */
	snprintf(cmd, sizeof(cmd),
		 "script -q -e -c '%s --device %s --tpm20 --timeout 3 send getrandom 8' /dev/null "
		 "2>&1 </dev/null",
		 bin && *bin ? bin : "./tpmdiag", proc.spec);
	f = popen(cmd, "r");
	cr_assert(f);
	n = fread(out, 1, sizeof(out) - 1, f);
	out[n] = '\0';
	pclose(f);
	/* what is left of the run's 3 s when the command is sent */
	expect_has("TPM2_GetRandom: 1.0 s (up to 3 s)");
	cr_expect_eq(run_tpmdiag(out, sizeof(out),
				 "--device %s --tpm20 --timeout 3 send getrandom 8", proc.spec),
		     2);
	cr_expect_null(strstr(out, "up to 3 s"), "no progress on a pipe:\n%s", out);
	kill(proc.pid, SIGCONT);
}

/* Every long option and command --help names is documented in tpmdiag.1. */
Test(cli, help_and_man_page_agree)
{
	char man[262144], opt[64], pat[96];
	const char *p, *q;
	size_t n, l;
	FILE *f = fopen("tpmdiag.1", "r");

	cr_assert(f, "run from the repository root");
	n = fread(man, 1, sizeof(man) - 1, f);
	man[n] = '\0';
	fclose(f);
	cr_assert_eq(run_tpmdiag(out, sizeof(out), "--help"), 0);
	for (p = out; (p = strstr(p, "--")); p = q) {
		q = p + 2;
		l = strspn(q, "abcdefghijklmnopqrstuvwxyz0123456789-");
		if (l < 2)
			continue;
		snprintf(opt, sizeof(opt), "%.*s", (int)l, q);
		snprintf(pat, sizeof(pat), "Fl -%s", opt);
		cr_expect(strstr(man, pat), "--%s is in --help but not in tpmdiag.1", opt);
	}
	for (p = strstr(out, "Commands:"); p && (p = strstr(p, "\n  ")) && p[3] != ' '; p += 3) {
		l = strspn(p + 3, "abcdefghijklmnopqrstuvwxyz");
		if (!l)
			break;
		snprintf(pat, sizeof(pat), "Cm %.*s", (int)l, p + 3);
		cr_expect(strstr(man, pat), "command '%.*s' is not in tpmdiag.1", (int)l, p + 3);
	}
}

Test(cli, own_takes_ownership_and_never_shows_the_password)
{
	char pw[400];
	FILE *f;

	cr_assert_eq(test_tmpdir(tmp, sizeof(tmp)), 0);
	snprintf(pw, sizeof(pw), "%s/owner.pw", tmp);
	f = fopen(pw, "w");
	cr_assert(f);
	fputs("Tr0ub4dor-&3\n", f);
	fclose(f);
	chmod(pw, 0600);
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "--device spawn:2.0 own"), 1);
	expect_has("nothing was sent; add --yes");
	cr_expect_eq(run_tpmdiag(out, sizeof(out),
				 "--device spawn:2.0 own --yes --owner-password-file %s", pw),
		     0, "%s", out);
	expect_has("storage root key persistent at 0x81000001");
	cr_expect_null(strstr(out, "Tr0ub4dor"), "the password leaked:\n%s", out);
	cr_expect_eq(run_tpmdiag(out, sizeof(out),
				 "--device spawn:1.2 own --yes --owner-password-file %s", pw),
		     0, "%s", out);
	expect_has("the TPM is owned");
	cr_expect_null(strstr(out, "Tr0ub4dor"), "the password leaked:\n%s", out);
	cr_expect_eq(run_tpmdiag(out, sizeof(out),
				 "--device spawn:1.2 --record %s/t own --yes --well-known", tmp),
		     1);
	expect_has("must not go into a transcript");
}
