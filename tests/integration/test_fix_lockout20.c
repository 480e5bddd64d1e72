// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The TPM 2.0 lockout-password actions on swtpm 2.0, proven by tpm2-tools:
 * `fix da-reset` zeroes the dictionary-attack counter that wrong passwords
 * on a DA-protected NV index raised (also out of a full lockout), and
 * `fix clear` after `tpmdiag own` leaves no owner password and no SRK at
 * 0x81000001. A wrong lockout password is refused and locks the lockout
 * authorisation. No output holds a password.
 */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "tests/integration/swtpm_proc.h"

#define LOCKOUT_PW "L0ckout-fix20"
#define OWNER_PW   "0wner-fix20"
#define NV_PW	   "nv-pw-fix20"
#define NV_INDEX   "0x1500016"

static struct swtpm_proc proc;
static char out[65536], tool_out[65536];
static char lockout_file[400], ownerf[400], wrongf[400], state_dir[400];

static void teardown(void)
{
	swtpm_proc_stop(&proc);
}

TestSuite(fix_lockout20, .fini = teardown, .timeout = 120);

#define expect_has(s) cr_expect(strstr(out, s), "output lacks '%s':\n%s", s, out)

static void write_pw(const char *path, const char *pw)
{
	FILE *f = fopen(path, "w");

	cr_assert_not_null(f);
	fprintf(f, "%s\n", pw);
	fclose(f);
	cr_assert_eq(chmod(path, 0600), 0);
}

/* Run a tpm2-tools command line against the swtpm; its exit status, output in tool_out. */
static int tool(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int tool(const char *fmt, ...)
{
	char args[1024];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	st = swtpm_tool(&proc, tool_out, sizeof(tool_out), "%s", args);
	cr_log_info("$ %s -> %d\n%s", args, st, tool_out);
	return st;
}

/* A TCP swtpm 2.0 whose lockout password is LOCKOUT_PW (set by tpm2-tools). */
static void start(void)
{
	struct swtpm_opts o = {.tpm2 = true, .tcp = true, .flags = "not-need-init,startup-clear"};

	cr_assert_eq(swtpm_proc_start(&o, &proc), 0, "swtpm 2.0 did not start");
	snprintf(lockout_file, sizeof(lockout_file), "%s/lockout.pw", proc.dir);
	snprintf(ownerf, sizeof(ownerf), "%s/owner.pw", proc.dir);
	snprintf(wrongf, sizeof(wrongf), "%s/wrong.pw", proc.dir);
	snprintf(state_dir, sizeof(state_dir), "%s/statedir", proc.dir);
	write_pw(lockout_file, LOCKOUT_PW);
	write_pw(ownerf, OWNER_PW);
	write_pw(wrongf, "not-the-lockout-pw");
	cr_assert_eq(mkdir(state_dir, 0700), 0);
	cr_assert_eq(tool("tpm2_changeauth -c lockout %s", LOCKOUT_PW), 0, "%s", tool_out);
}

static int tpmdiag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int tpmdiag(const char *fmt, ...)
{
	char args[2048];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	st = run_tpmdiag(out, sizeof(out), "--device %s --state-dir %s %s", proc.spec, state_dir,
			 args);
	cr_log_info("tpmdiag %s -> %d\n%s", args, st, out);
	cr_expect_null(strstr(out, LOCKOUT_PW), "the lockout password is in the output");
	cr_expect_null(strstr(out, OWNER_PW), "the owner password is in the output");
	return st;
}

/* TPM2_PT_LOCKOUT_COUNTER as tpm2_getcap prints it. */
static unsigned lockout_counter(void)
{
	const char *p;

	cr_assert_eq(tool("tpm2_getcap properties-variable"), 0);
	p = strstr(tool_out, "TPM2_PT_LOCKOUT_COUNTER: ");
	cr_assert_not_null(p, "%s", tool_out);
	return (unsigned)strtoul(p + strlen("TPM2_PT_LOCKOUT_COUNTER: "), NULL, 0);
}

/* An NV index under a password, DA-protected (no noda), written, and n wrong reads of it. */
static void wrong_passwords(unsigned n)
{
	unsigned i;

	if (tool("tpm2_nvreadpublic %s", NV_INDEX)) {
		cr_assert_eq(tool("tpm2_nvdefine %s -C o -s 8 -a 'authread|authwrite' -p %s",
				  NV_INDEX, NV_PW),
			     0, "%s", tool_out);
		cr_assert_eq(tool("printf 12345678 | tpm2_nvwrite %s -C %s -P %s -i -", NV_INDEX,
				  NV_INDEX, NV_PW),
			     0, "%s", tool_out);
	}
	for (i = 0; i < n; i++)
		cr_assert_neq(tool("tpm2_nvread %s -C %s -P wrong-nv-pw -s 8", NV_INDEX, NV_INDEX),
			      0, "a wrong NV password was accepted");
}

Test(fix_lockout20, da_reset_zeroes_the_counter)
{
	int st;

	start();
	wrong_passwords(2);
	cr_assert_eq(lockout_counter(), 2);
	st = tpmdiag("fix da-reset --yes --lockout-password-file %s", lockout_file);
	cr_expect_eq(st & 4, 0, "exit %d", st);
	expect_has("command     TPM2_DictionaryAttackLockReset");
	expect_has("sent        80 02 00 00 00 1b 00 00 01 39 40 00 00 0a 00 00");
	expect_has("(shown with an empty password; the real command is 13 bytes longer: the "
		   "password, never printed)");
	expect_has("result      TPM_RC_SUCCESS");
	expect_has("Gone:\n  tpm2-auth-failures: ");
	cr_expect_eq(lockout_counter(), 0, "tpm2_getcap: the counter is 0 after fix da-reset");
	/* the NV password still works: nothing else changed */
	cr_expect_eq(tool("tpm2_nvread %s -C %s -P %s -s 8", NV_INDEX, NV_INDEX, NV_PW), 0);
}

Test(fix_lockout20, da_reset_ends_a_full_lockout)
{
	int st;

	start();
	wrong_passwords(3);
	cr_assert_eq(tool("tpm2_getcap properties-variable"), 0);
	cr_assert(strstr(tool_out, "inLockout:                 1"), "%s", tool_out);
	/* the plan names both ways out */
	st = tpmdiag("fix");
	cr_expect_eq(st, 0, "%s", out);
	expect_has("error tpm2-da-lockout: ");
	expect_has("  wait-for-lockout (2.0): ");
	expect_has("  da-reset (2.0): ");
	st = tpmdiag("fix da-reset --yes --lockout-password-file %s", lockout_file);
	cr_expect_eq(st & 4, 0, "exit %d", st);
	expect_has("Gone:\n  tpm2-da-lockout: ");
	cr_expect_eq(lockout_counter(), 0);
	cr_assert_eq(tool("tpm2_getcap properties-variable"), 0);
	cr_expect(strstr(tool_out, "inLockout:                 0"), "%s", tool_out);
	cr_expect_eq(tool("tpm2_nvread %s -C %s -P %s -s 8", NV_INDEX, NV_INDEX, NV_PW), 0,
		     "usable again");
}

Test(fix_lockout20, wrong_lockout_password_locks_the_lockout_auth)
{
	int st;

	start();
	wrong_passwords(1);
	st = tpmdiag("fix da-reset --yes --lockout-password-file %s", wrongf);
	cr_expect_eq(st & 4, 4, "exit %d", st);
	expect_has("TPM_RC_AUTH_FAIL");
	expect_has("stopped at step 1: the lockout password is wrong; the lockout authorisation "
		   "is now locked");
	cr_expect_eq(lockout_counter(), 1, "nothing was reset");
	/* now even the right one is refused until LOCKOUT_RECOVERY has passed */
	st = tpmdiag("fix da-reset --yes --lockout-password-file %s", lockout_file);
	cr_expect_eq(st & 4, 4, "exit %d", st);
	expect_has("stopped at step 1: the lockout authorisation itself is locked out");
}

Test(fix_lockout20, clear_after_own_removes_owner_and_srk)
{
	int st;

	start();
	st = tpmdiag("own --yes --owner-password-file %s", ownerf);
	cr_assert_eq(st, 0, "%s", out);
	cr_assert_eq(tool("tpm2_getcap handles-persistent"), 0);
	cr_assert(strstr(tool_out, "0x81000001"), "%s", tool_out);
	cr_assert_eq(tool("tpm2_getcap properties-variable"), 0);
	cr_assert(strstr(tool_out, "ownerAuthSet:              1"), "%s", tool_out);

	/* asks twice */
	st = tpmdiag("fix clear --yes --lockout-password-file %s", lockout_file);
	cr_expect_eq(st, 1);
	expect_has("asks twice: --yes --really-clear; nothing was sent");
	cr_assert_eq(tool("tpm2_getcap handles-persistent"), 0);
	cr_expect(strstr(tool_out, "0x81000001"), "nothing was cleared");

	st = tpmdiag("fix clear --yes --really-clear --lockout-password-file %s", lockout_file);
	cr_expect_eq(st & 4, 0, "exit %d", st);
	expect_has("command     TPM2_Clear");
	expect_has("result      TPM_RC_SUCCESS");
	expect_has("Gone:\n  tpm2-owner-auth-set: ");
	cr_assert_eq(tool("tpm2_getcap properties-variable"), 0);
	cr_expect(strstr(tool_out, "ownerAuthSet:              0"), "%s", tool_out);
	cr_expect(strstr(tool_out, "lockoutAuthSet:            0"), "%s", tool_out);
	cr_assert_eq(tool("tpm2_getcap handles-persistent"), 0);
	cr_expect_null(strstr(tool_out, "0x81000001"), "the SRK is gone: %s", tool_out);
	cr_expect_eq(tool("tpm2_changeauth -c owner again-pw"), 0,
		     "the owner password is empty again");
}
