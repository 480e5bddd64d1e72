// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tpmdiag fix: plans before anything is sent, actions carried out with
 * --yes and the diagnosis before and after, against swtpm 1.2 and 2.0.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/integration/swtpm_proc.h"

#define OUT_MAX 65536

static struct swtpm_proc proc;
static char out[OUT_MAX];
static char perm_before[OUT_MAX];

static void teardown(void)
{
	swtpm_proc_stop(&proc);
}

TestSuite(fix, .fini = teardown, .timeout = 120);

#define expect_has(s)	cr_expect(strstr(out, s), "output lacks '%s':\n%s", s, out)
#define expect_lacks(s) cr_expect_null(strstr(out, s), "output has '%s':\n%s", s, out)

/* The value of one decoded field ("  NAME   value") of the last output. */
static const char *field(const char *name, char *val, size_t len)
{
	char key[96];
	const char *p;

	snprintf(key, sizeof(key), "\n  %s ", name);
	p = strstr(out, key);
	val[0] = '\0';
	if (!p)
		return val;
	p += strlen(key);
	while (*p == ' ')
		p++;
	snprintf(val, len, "%.*s", (int)strcspn(p, "\n"), p);
	return val;
}

static void expect_perm(const char *name, const char *want)
{
	char v[64];

	cr_assert_eq(run_tpmdiag(out, sizeof(out), "--device %s send getcap permanent", proc.spec),
		     0, "%s", out);
	cr_expect_str_eq(field(name, v, sizeof(v)), want, "%s: %s", name, out);
}

static void start12(void)
{
	struct swtpm_opts o = {.tpm2 = false, .flags = "not-need-init,startup-clear"};

	cr_assert_eq(swtpm_proc_start(&o, &proc), 0);
}

/* The Before column (left of '|') of the side-by-side table lists id. */
static bool before_has(const char *id)
{
	const char *p = strstr(out, "\nBefore ");
	const char *end = p ? strstr(p, "\nGone:") : NULL;

	while (p && end && p < end) {
		const char *bar = strchr(p + 1, '|');
		const char *hit = strstr(p + 1, id);

		if (hit && bar && hit < bar && hit < end)
			return true;
		p = strchr(p + 1, '\n');
	}
	return false;
}

Test(fix, tpm12_startup_clear_before_and_after)
{
	int st = run_tpmdiag(out, sizeof(out), "--device spawn:1.2 fix startup-clear --yes");

	cr_expect_eq(st & 4, 0, "exit %d:\n%s", st, out);
	expect_has("sent        00 c1 00 00 00 0c 00 00 00 99 00 01");
	expect_has("result      TPM_SUCCESS");
	cr_expect(before_has("tpm12-no-startup"), "%s", out);
	expect_has("Gone:\n  tpm12-no-startup: ");
	expect_has("Appeared: (none)");
}

Test(fix, tpm20_startup_clear_before_and_after)
{
	int st = run_tpmdiag(out, sizeof(out), "--device spawn:2.0 fix startup-clear --yes");

	cr_expect_eq(st & 4, 0, "exit %d:\n%s", st, out);
	expect_has("sent        80 01 00 00 00 0c 00 00 01 44 00 00");
	expect_has("result      TPM_RC_SUCCESS");
	cr_expect(before_has("tpm2-no-startup"), "%s", out);
	expect_has("Gone:\n  tpm2-no-startup: ");
}

Test(fix, plan_without_yes_sends_nothing)
{
	struct swtpm_opts o = {.tpm2 = false, .flags = "not-need-init"};
	int st;

	cr_assert_eq(swtpm_proc_start(&o, &proc), 0);
	st = run_tpmdiag(out, sizeof(out), "--device %s fix startup-clear", proc.spec);
	cr_expect_eq(st, 1, "%s", out);
	expect_has("bytes       00 c1 00 00 00 0c 00 00 00 99 00 01");
	expect_has("nothing was sent; add --yes to carry out startup-clear");
	expect_lacks("received");
	/* the chip is still unstarted: the next run's diagnosis before still has it */
	st = run_tpmdiag(out, sizeof(out), "--device %s fix startup-clear --yes", proc.spec);
	cr_expect_eq(st & 4, 0, "%s", out);
	cr_expect(before_has("tpm12-no-startup"), "%s", out);
	/* and now it is started: a second Startup is refused, which is fine */
	st = run_tpmdiag(out, sizeof(out), "--device %s fix startup-clear --yes", proc.spec);
	cr_expect_eq(st & 4, 0, "%s", out);
	expect_has("it was already started");
	cr_expect(!before_has("tpm12-no-startup"), "%s", out);
}

Test(fix, fix_lists_plans_and_sends_nothing)
{
	int st = run_tpmdiag(out, sizeof(out), "--device spawn:1.2 fix");

	cr_expect_eq(st, 0, "%s", out);
	expect_has("error tpm12-no-startup: TPM 1.2 tpm0 has not been started");
	expect_has("  startup-clear (1.2): start the TPM 1.2 (TPM_Startup ST_CLEAR)");
	expect_has("bytes       00 c1 00 00 00 0c 00 00 00 99 00 01");
	expect_has("changes     starts the TPM after a reset");
	expect_has("risks       ");
	expect_has("Nothing was sent.");
	expect_lacks("received");
}

Test(fix, list_names_every_action)
{
	static const char *const names[] = {"startup-clear",
					    "selftest-full",
					    "continue-selftest",
					    "physical-presence-cmd-enable",
					    "physical-presence-present",
					    "physical-enable",
					    "physical-set-activated",
					    "wait-for-lockout",
					    "da-reset",
					    "clear",
					    "take-ownership",
					    "stop-holder"};
	size_t i;

	cr_expect_eq(run_tpmdiag(out, sizeof(out), "fix list"), 0, "%s", out);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		expect_has(names[i]);
}

Test(fix, physical_presence_then_enable_and_activate)
{
	int st;

	start12();
	/* a fresh swtpm 1.2 state: presence by command not yet allowed */
	expect_perm("physicalPresenceCMDEnable", "false");
	st = run_tpmdiag(out, sizeof(out), "--device %s fix physical-presence-present --yes",
			 proc.spec);
	cr_expect_eq(st & 4, 4, "%s", out);
	expect_has("physical-presence-cmd-enable --yes' first");

	st = run_tpmdiag(out, sizeof(out), "--device %s fix physical-presence-cmd-enable --yes",
			 proc.spec);
	cr_expect_eq(st & 4, 0, "%s", out);
	expect_has("sent        00 c1 00 00 00 0c 40 00 00 0a 00 20");
	expect_perm("physicalPresenceCMDEnable", "true");

	/* make it disabled and deactivated */
	cr_assert_eq(run_tpmdiag(out, sizeof(out),
				 "--device %s --yes send physicalpresence present", proc.spec),
		     0, "%s", out);
	cr_assert_eq(run_tpmdiag(out, sizeof(out),
				 "--device %s --yes send physicalsetdeactivated true", proc.spec),
		     0, "%s", out);
	cr_assert_eq(
	    run_tpmdiag(out, sizeof(out), "--device %s --yes send physicaldisable", proc.spec), 0,
	    "%s", out);
	expect_perm("disable", "true");
	expect_perm("deactivated", "true");

	st = run_tpmdiag(out, sizeof(out), "--device %s fix physical-presence-present --yes",
			 proc.spec);
	cr_expect_eq(st & 4, 0, "%s", out);
	expect_has("sent        00 c1 00 00 00 0c 40 00 00 0a 00 08");

	st = run_tpmdiag(out, sizeof(out), "--device %s fix physical-enable --yes", proc.spec);
	cr_expect_eq(st & 4, 0, "%s", out);
	expect_has("step 2 of 2");
	expect_has("TPM_PhysicalEnable");
	expect_perm("disable", "false");

	st = run_tpmdiag(out, sizeof(out), "--device %s fix physical-set-activated --yes",
			 proc.spec);
	cr_expect_eq(st & 4, 0, "%s", out);
	expect_has("Next: reboot: the deactivated flag takes effect at the next");
	expect_perm("deactivated", "false");
}

Test(fix, lifetime_lock_stops_with_the_firmware_message)
{
	int st;

	start12();
	/* what firmware does: presence by command off, and locked for the TPM's lifetime */
	cr_assert_eq(
	    run_tpmdiag(out, sizeof(out),
			"--device %s --yes send physicalpresence cmd_disable lifetime_lock",
			proc.spec),
	    0, "%s", out);
	expect_perm("physicalPresenceLifetimeLock", "true");
	memcpy(perm_before, out, sizeof(out));

	st = run_tpmdiag(out, sizeof(out), "--device %s fix physical-presence-cmd-enable --yes",
			 proc.spec);
	cr_expect_eq(st & 4, 4, "exit %d: %s", st, out);
	expect_has("TPM_BAD_PARAMETER");
	expect_has("stopped at step 1: the firmware set the physical-presence lifetime lock");
	expect_has("firmware setup");
	expect_has("The action did not complete.");

	st = run_tpmdiag(out, sizeof(out), "--device %s fix physical-enable --yes", proc.spec);
	cr_expect_eq(st & 4, 4, "%s", out);
	expect_has("stopped at step 1: the TPM does not accept physical presence by command");
	expect_lacks("step 2 of 2");

	/* nothing else changed: the permanent flags read as before */
	cr_assert_eq(run_tpmdiag(out, sizeof(out), "--device %s send getcap permanent", proc.spec),
		     0);
	cr_expect_str_eq(strstr(out, "result"), strstr(perm_before, "result"));
}

Test(fix, clear_asks_twice_and_sends_nothing)
{
	int st;

	start12();
	st = run_tpmdiag(out, sizeof(out), "--device %s fix clear --yes", proc.spec);
	cr_expect_eq(st, 1, "%s", out);
	expect_has("TPM_ForceClear");
	expect_has("bytes       00 c1 00 00 00 0a 00 00 00 5d");
	expect_has("DESTRUCTIVE");
	expect_has("--yes --really-clear");
	expect_lacks("received");
	expect_perm("ownership", "true");
}

Test(fix, tpm20_lockout_actions)
{
	struct swtpm_opts o = {.tpm2 = true, .flags = "not-need-init,startup-clear"};
	int st;

	cr_assert_eq(swtpm_proc_start(&o, &proc), 0);
	st = run_tpmdiag(out, sizeof(out), "--device %s fix wait-for-lockout", proc.spec);
	cr_expect_eq(st, 0, "%s", out);
	expect_has("lockout counter 0 of 3 failures");
	expect_has("the TPM is not in lockout: nothing to wait for");
	/* da-reset: a password session on TPM_RH_LOCKOUT; no terminal, no password */
	st = run_tpmdiag(out, sizeof(out), "--device %s fix da-reset --yes", proc.spec);
	cr_expect_eq(st, 1, "%s", out);
	expect_has("bytes       80 02 00 00 00 1b 00 00 01 39 40 00 00 0a 00 00");
	expect_has("--lockout-password-file");
	expect_lacks("received");
	st = run_tpmdiag(out, sizeof(out), "--device %s fix take-ownership --yes", proc.spec);
	cr_expect_eq(st, 1, "%s", out);
	expect_has("tpmdiag own --yes");
	st = run_tpmdiag(out, sizeof(out), "--device %s fix physical-enable --yes", proc.spec);
	cr_expect_eq(st, 1, "%s", out);
	expect_has("TPM 2.0 has no action 'physical-enable'");
}

Test(fix, unknown_action_and_extra_words)
{
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "fix frobnicate"), 1);
	expect_has("no action 'frobnicate'");
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "fix startup-clear selftest-full"), 1);
	expect_has("one action at a time");
}

Test(fix, tpm12_owner_actions_need_the_owner_password)
{
	char pw[400];
	FILE *f;
	int st;

	start12();
	/* no terminal and no password: the user is told how to give it */
	st = run_tpmdiag(out, sizeof(out), "--device %s fix da-reset --yes", proc.spec);
	cr_expect_eq(st, 1, "%s", out);
	expect_has("bytes       00 c2 00 00 00 37 00 00 00 40");
	expect_has("tpmdiag fix: da-reset needs the owner password, asked on a terminal; with no "
		   "terminal, give it with --owner-password-file F, --owner-password-stdin or "
		   "--well-known. Nothing was sent.");
	expect_lacks("Carrying out");
	/* a TPM 1.2 has no lockout password */
	snprintf(pw, sizeof(pw), "%s/lockout.pw", proc.dir);
	f = fopen(pw, "w");
	cr_assert_not_null(f);
	fputs("lockout-pw-12\n", f);
	fclose(f);
	cr_assert_eq(chmod(pw, 0600), 0);
	st =
	    run_tpmdiag(out, sizeof(out),
			"--device %s fix da-reset --yes --lockout-password-file %s", proc.spec, pw);
	cr_expect_eq(st, 1, "%s", out);
	expect_has("a TPM 1.2 has no lockout password; da-reset takes the owner password");
	expect_lacks("lockout-pw-12");
	/* no transcript of an owner-authorised command */
	st = run_tpmdiag(out, sizeof(out),
			 "--device %s --record %s/t.transcript fix da-reset --yes --well-known",
			 proc.spec, proc.dir);
	cr_expect_eq(st, 1, "%s", out);
	expect_has("drop --record. Nothing was sent.");
	/* with the owner secret but no owner: TPM_NOSRK, explained */
	st =
	    run_tpmdiag(out, sizeof(out), "--device %s fix da-reset --yes --well-known", proc.spec);
	cr_expect_eq(st & 4, 4, "%s", out);
	expect_has("result      TPM_NOSRK");
	expect_has("stopped at step 1: the TPM has no owner, so there is no owner password to end "
		   "the lock with");
}

Test(fix, tpm12_wait_for_lockout_reads_the_da_state)
{
	int st;

	start12();
	st = run_tpmdiag(out, sizeof(out), "--device %s fix wait-for-lockout", proc.spec);
	cr_expect_eq(st, 0, "%s", out);
	expect_has("sent        00 c1 00 00 00 14 00 00 00 65 00 00 00 19 00 00");
	expect_has("dictionary-attack state: not defending; 0 failures counted, the TPM acts "
		   "after 5");
	expect_has("the TPM is not defending: nothing to wait for");
}

Test(fix, tpm12_lockout_rule_plans_the_owner_actions)
{
	char dir[300], log[400];
	FILE *f;
	int st;

	/* the TPM 1.2 lock as a user's log shows it: the rule's actions get TPM 1.2 plans */
	cr_assert_eq(test_tmpdir(dir, sizeof(dir)), 0);
	snprintf(log, sizeof(log), "%s/kmsg.log", dir);
	f = fopen(log, "w");
	cr_assert_not_null(f);
	fputs("Tspi_TPM_GetPubEndorsementKey failed: 0x00000803 - layer=tpm, code=0803 (2051), "
	      "The TPM is defending against dictionary attacks and is in some time-out period\n",
	      f);
	fclose(f);
	st = run_tpmdiag(out, sizeof(out), "--device spawn:1.2 --kmsg %s fix", log);
	test_rmtree(dir);
	cr_expect_eq(st, 0, "%s", out);
	expect_has("tpm12-da-lockout: ");
	expect_has("  wait-for-lockout (1.2): wait until the dictionary-attack time-out ends");
	expect_has("  da-reset (1.2): end a dictionary-attack lock (TPM_ResetLockValue with the "
		   "owner password)");
	expect_has("  clear (1.2): clear the TPM (physical presence, then TPM_ForceClear)");
	expect_lacks("not available for this TPM family");
}
