// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Owner-authorised TPM 1.2 commands on swtpm 1.2: tpm12_owner_xmit itself
 * (right password: rc 0 and the response HMAC verified; wrong: TPM_AUTHFAIL
 * and one more failure in the TPM's dictionary-attack counter), then
 * `tpmdiag fix da-reset` and `fix clear` (TPM_OwnerClear) with the owner
 * password, proven with the TPM's own TPM_DA_INFO, `tpmdiag send getcap`
 * and tpm-tools through a private tcsd. No output ever holds the password.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag/own/tpm12_owner.h"
#include "tests/integration/swtpm_proc.h"
#include "tests/integration/tcsd_proc.h"

#define PASSWORD "0wner-Fix12-pw"
#define WRONG	 "not-the-0wner"
#define OUT_MAX	 65536

#define ORD_GetCapabilityOwner 0x66u
#define ORD_DisableOwnerClear  0x5Cu

static struct swtpm_proc proc;
static struct tcsd_proc tcsd = {.pid = -1};
static char out[OUT_MAX], tbuf[16384];
static char pwf[400], wrongf[400], state_dir[400];

static void teardown(void)
{
	tcsd_proc_stop(&tcsd);
	swtpm_proc_stop(&proc);
}

TestSuite(fix_owner12, .fini = teardown, .timeout = 150);

#define expect_has(s)	cr_expect(strstr(out, s), "output lacks '%s':\n%s", s, out)
#define expect_lacks(s) cr_expect_null(strstr(out, s), "output has '%s':\n%s", s, out)

static void write_pw(const char *path, const char *pw)
{
	FILE *f = fopen(path, "w");

	cr_assert_not_null(f);
	fprintf(f, "%s\n", pw);
	fclose(f);
	cr_assert_eq(chmod(path, 0600), 0);
}

/* A TCP swtpm 1.2 with an EK, started; password files and a state dir beside it. */
static void start(void)
{
	struct swtpm_opts o = {
	    .tcp = true, .createek = true, .flags = "not-need-init,startup-clear"};

	cr_assert_eq(swtpm_proc_start(&o, &proc), 0, "swtpm 1.2 did not start");
	snprintf(pwf, sizeof(pwf), "%s/owner.pw", proc.dir);
	snprintf(wrongf, sizeof(wrongf), "%s/wrong.pw", proc.dir);
	snprintf(state_dir, sizeof(state_dir), "%s/statedir", proc.dir);
	write_pw(pwf, PASSWORD);
	write_pw(wrongf, WRONG);
	cr_assert_eq(mkdir(state_dir, 0700), 0);
}

/* Run tpmdiag on the swtpm; the password must never be in what it printed. */
static int tpmdiag(const char *args)
{
	int st = run_tpmdiag(out, sizeof(out), "--device %s --state-dir %s %s", proc.spec,
			     state_dir, args);

	cr_log_info("tpmdiag %s -> %d\n%s", args, st, out);
	cr_expect_null(strstr(out, PASSWORD), "the owner password is in the output");
	cr_expect_null(strstr(out, WRONG), "the wrong password is in the output");
	return st;
}

static void own(void)
{
	char args[600];

	snprintf(args, sizeof(args), "own --yes --owner-password-file %s", pwf);
	cr_assert_eq(tpmdiag(args), 0, "tpmdiag own failed:\n%s", out);
}

static struct tpm_transport *open_t(void)
{
	struct tpm_open_opts oo = {0};
	struct tpm_transport *t = NULL;
	char err[512];

	cr_assert_eq(tpm_transport_open(proc.spec, &oo, &t, err, sizeof(err)), 0, "%s", err);
	return t;
}

/* One owner-authorised command with the password pw (NULL: well-known). */
static int owner_cmd(const char *pw, uint32_t ordinal, struct tpm12_owner_rsp *r)
{
	struct tpm12_owner_cmd c = {.ordinal = ordinal};
	struct secret s = {.set = true};
	struct tpm_transport *t = open_t();
	uint8_t key[20];
	char err[512];
	int ret;

	if (pw) {
		s.len = strlen(pw);
		memcpy(s.v, pw, s.len);
	} else {
		s.well_known = true;
	}
	cr_assert_eq(tpm12_auth_from_secret(&s, key), 0);
	ret = tpm12_owner_xmit(t, &c, key, r, err, sizeof(err));
	cr_expect_null(strstr(err, "0wner"), "a password in the error");
	tpm_transport_close(t);
	cr_log_info("owner command 0x%x -> %d rc 0x%x %s", ordinal, ret, r->rc, err);
	return ret;
}

/*
 * TPM_GetCapability(TPM_CAP_DA_LOGIC, TPM_ET_OWNER), read from the raw
 * bytes (Part 2, 21.7 TPM_DA_INFO): state and currentCount.
 */
static void da_state(bool *active, unsigned *count)
{
	static const uint8_t cmd[] = {0x00, 0xc1, 0, 0,	   0, 0x14, 0, 0, 0, 0x65,
				      0,    0,	  0, 0x19, 0, 0,    0, 2, 0, 2};
	struct tpm_transport *t = open_t();
	uint8_t rsp[256];
	size_t n = 0;

	cr_assert_eq(tpm_transmit(t, cmd, sizeof(cmd), rsp, sizeof(rsp), &n, 5000), 0);
	tpm_transport_close(t);
	cr_assert_geq(n, 21);
	cr_assert_eq(rsp[9], 0, "TPM_CAP_DA_LOGIC refused");
	cr_assert_eq(rsp[14] << 8 | rsp[15], 0x37, "not a TPM_DA_INFO");
	*active = rsp[16] == 1;
	*count = (unsigned)(rsp[17] << 8 | rsp[18]);
}

static bool owned(void)
{
	cr_assert_eq(tpmdiag("send getcap property owner"), 0, "%s", out);
	return strstr(out, "TPM_CAP_PROP_OWNER  true") != NULL;
}

Test(fix_owner12, xmit_right_and_wrong_password)
{
	struct tpm12_owner_rsp r;
	unsigned count = 9;
	bool active = true;

	start();
	own();
	da_state(&active, &count);
	cr_expect_eq(count, 0);
	/* the right password: success, and the answer's HMAC checked */
	cr_assert_eq(owner_cmd(PASSWORD, ORD_GetCapabilityOwner, &r), 0);
	cr_expect_eq(r.rc, 0);
	cr_expect_eq(r.out_len, 12, "TPM_VERSION and two flag words");
	cr_expect_eq(r.out[0], 1, "version 1.x");
	da_state(&active, &count);
	cr_expect_eq(count, 0, "a right password counts nothing");
	/* a wrong one: TPM_AUTHFAIL, counted */
	cr_assert_eq(owner_cmd(WRONG, ORD_GetCapabilityOwner, &r), 0);
	cr_expect_eq(r.rc, 0x01, "TPM_AUTHFAIL");
	cr_expect_eq(r.out_len, 0);
	cr_assert_eq(owner_cmd(NULL, ORD_GetCapabilityOwner, &r), 0);
	cr_expect_eq(r.rc, 0x01, "the well-known secret is not this owner's");
	da_state(&active, &count);
	cr_expect_eq(count, 2, "each wrong password counts");
	cr_expect_not(active);
	/* the session of a refused command was closed: more commands still get one */
	cr_assert_eq(owner_cmd(PASSWORD, ORD_GetCapabilityOwner, &r), 0);
	cr_expect_eq(r.rc, 0);
}

Test(fix_owner12, xmit_without_owner)
{
	struct tpm12_owner_rsp r;

	start();
	/* no owner: OIAP opens, the command is refused with TPM_NOSRK */
	cr_assert_eq(owner_cmd(NULL, ORD_GetCapabilityOwner, &r), 0);
	cr_expect_eq(r.rc, 0x12);
	cr_expect_eq(r.out_len, 0);
}

/* Wrong passwords until the TPM has counted `want` and defends. */
static void drive_lock(unsigned want)
{
	struct tpm12_owner_rsp r;
	unsigned count = 0, tries;
	bool active = false;

	/* time-outs of 1 + 2 + ... s: at most 2^(want-5) s in all, polled every 0.2 s */
	for (tries = 0; tries < (5u << (want - 5)) + 2 * want; tries++) {
		da_state(&active, &count);
		if (count >= want && active)
			return;
		if (active) { /* libtpms: 1 s after the 6th failure, doubling after each */
			usleep(200000);
			continue;
		}
		cr_assert_eq(owner_cmd(WRONG, ORD_GetCapabilityOwner, &r), 0);
		cr_assert(r.rc == 0x01 || r.rc == 0x803, "rc 0x%x", r.rc);
	}
	cr_assert_fail("the TPM did not count %u failures (%u, %s)", want, count,
		       active ? "defending" : "not defending");
}

Test(fix_owner12, da_reset_ends_the_lock_proven_by_tpm_tools)
{
	char args[600];
	struct tpm12_owner_rsp r;
	unsigned count = 0;
	bool active = false;
	int st;

	start();
	own();
	/* a wrong password through fix: refused, and counted */
	snprintf(args, sizeof(args), "fix da-reset --yes --owner-password-file %s", wrongf);
	st = tpmdiag(args);
	cr_expect_eq(st & 4, 4, "exit %d", st);
	expect_has(
	    "sent        00 c2 00 00 00 37 00 00 00 40 + 45 bytes of authorisation (not shown)");
	expect_has("result      TPM_AUTHFAIL");
	expect_has("stopped at step 1: the owner password is wrong");
	da_state(&active, &count);
	cr_expect_eq(count, 1);

	/* nine failures: the TPM defends for 8 s; check reads it from the chip */
	drive_lock(9);
	st = tpmdiag("check");
	cr_expect_eq(st & 16, 16, "an error finding: exit %d", st);
	expect_has("ERROR   TPM 1.2 tpm0 is defending against dictionary attacks (9 failures "
		   "counted; it acts at 5) — tpm0  [tpm12-da-defending]");
	expect_has("action at the threshold: a time-out; time-out left: ");
	expect_has("[action: da-reset]");
	st = tpmdiag("fix wait-for-lockout");
	cr_expect_eq(st, 0, "%s", out);
	expect_has("dictionary-attack state: defending; 9 failures counted, the TPM acts after 5; "
		   "a time-out");
	expect_has("the lockout ends in about ");
	cr_assert_eq(owner_cmd(PASSWORD, ORD_GetCapabilityOwner, &r), 0);
	cr_expect_eq(r.rc, 0x803, "even the right password is refused while it defends");

	snprintf(args, sizeof(args), "fix da-reset --yes --owner-password-file %s", pwf);
	st = tpmdiag(args);
	cr_expect_eq(st & 4, 0, "exit %d", st);
	expect_has("result      TPM_SUCCESS");
	expect_has("verified    the answer's HMAC matches the owner secret");
	expect_has("Done.");
	/* defending (or, on a slow machine, past the 8 s and only counting) before; neither after
	 */
	cr_expect(strstr(out, "Gone:\n  tpm12-da-defending: TPM 1.2 tpm0 is defending against "
			      "dictionary attacks (") ||
		      strstr(out, "Gone:\n  tpm12-auth-failures: TPM 1.2 tpm0 has counted "),
		  "%s", out);
	da_state(&active, &count);
	cr_expect_eq(count, 0, "TPM_ResetLockValue zeroed the counter (a time-out alone does not)");
	cr_expect_not(active);

	if (!tool_available("tcsd") || !tool_available("tpm_getpubek")) {
		cr_log_warn("tcsd or tpm-tools missing: independent proof skipped");
		return;
	}
	cr_assert_eq(tcsd_proc_start(&proc, &tcsd), 0, "tcsd did not start");
	{
		char *argv[] = {"tpm_getpubek", NULL};

		st = tcsd_tool(&tcsd, PASSWORD "\n", tbuf, sizeof(tbuf), argv);
	}
	tcsd_proc_stop(&tcsd);
	cr_expect_eq(st, 0, "tpm_getpubek with the owner password after da-reset: %s", tbuf);
	cr_expect(strstr(tbuf, "Public Endorsement Key"), "%s", tbuf);
}

Test(fix_owner12, owner_clear_then_unowned_proven_by_tpm_tools)
{
	char args[700];
	int st;

	start();
	own();
	/* the plan: which command and why, with its bytes; nothing sent */
	snprintf(args, sizeof(args), "fix clear --owner-password-file %s", pwf);
	st = tpmdiag(args);
	cr_expect_eq(st, 1, "%s", out);
	expect_has("clear (1.2): clear the TPM with the owner password (TPM_OwnerClear)");
	expect_has("chosen      because an owner password was given; without one: clear the TPM "
		   "(physical presence, then TPM_ForceClear)");
	expect_has("session     00 c1 00 00 00 0a 00 00 00 0a");
	expect_has("bytes       00 c2 00 00 00 37 00 00 00 5b");
	expect_has("SHA1(00 00 00 5b) || nonceEven || nonceOdd || 00; never printed");
	expect_has("refused (TPM_CLEAR_DISABLED) when disableOwnerClear is set");
	expect_lacks("received");
	st = tpmdiag("fix clear");
	expect_has("chosen      because no owner password was given");
	expect_has("TPM_ForceClear");
	/* asks twice; refuses a transcript; a wrong password clears nothing */
	snprintf(args, sizeof(args), "fix clear --yes --owner-password-file %s", pwf);
	cr_expect_eq(tpmdiag(args), 1);
	expect_has("asks twice: --yes --really-clear; nothing was sent");
	snprintf(args, sizeof(args),
		 "--record %s/x.transcript fix clear --yes --really-clear --owner-password-file %s",
		 proc.dir, pwf);
	cr_expect_eq(tpmdiag(args), 1);
	expect_has("would allow an offline guess at the owner password from a transcript: drop "
		   "--record. Nothing was sent.");
	snprintf(args, sizeof(args), "fix clear --yes --really-clear --owner-password-file %s",
		 wrongf);
	st = tpmdiag(args);
	cr_expect_eq(st & 4, 4);
	expect_has("stopped at step 1: the owner password is wrong; nothing was cleared");
	cr_expect(owned(), "still owned after the refusals");

	snprintf(args, sizeof(args), "fix clear --yes --really-clear --owner-password-file %s",
		 pwf);
	st = tpmdiag(args);
	cr_expect_eq(st & 4, 0, "exit %d", st);
	expect_has("command     TPM_OwnerClear: removes the owner");
	expect_has("verified    the answer's HMAC matches the owner secret");
	expect_has("result      TPM_SUCCESS");
	expect_has("Next: reboot, enable and activate the TPM");
	/* OwnerClear also forgot the wrong password counted above */
	expect_has("Gone:\n  tpm12-auth-failures: TPM 1.2 tpm0 has counted 1 wrong password(s) of "
		   "5\n  tpm12-owned: ");
	cr_expect_not(owned(), "TPM_CAP_PROP_OWNER is false after TPM_OwnerClear");

	/* reboot, enable and activate, reboot: then tpm-tools may take ownership anew */
	cr_assert_eq(tpmdiag("ctrl init --yes"), 0, "%s", out);
	cr_assert_eq(tpmdiag("fix startup-clear --yes") & 4, 0, "%s", out);
	cr_assert_eq(tpmdiag("fix physical-enable --yes") & 4, 0, "%s", out);
	cr_assert_eq(tpmdiag("fix physical-set-activated --yes") & 4, 0, "%s", out);
	cr_assert_eq(tpmdiag("ctrl init --yes"), 0, "%s", out);
	cr_assert_eq(tpmdiag("fix startup-clear --yes") & 4, 0, "%s", out);
	if (!tool_available("tcsd") || !tool_available("tpm_takeownership")) {
		cr_log_warn("tcsd or tpm-tools missing: independent proof skipped");
		return;
	}
	cr_assert_eq(tcsd_proc_start(&proc, &tcsd), 0, "tcsd did not start");
	{
		char *argv[] = {"tpm_takeownership", "-y", "-z", NULL};

		st = tcsd_tool(&tcsd, "", tbuf, sizeof(tbuf), argv);
	}
	tcsd_proc_stop(&tcsd);
	cr_expect_eq(st, 0, "tpm_takeownership on the cleared TPM: %s", tbuf);
	cr_expect(owned(), "owned again, by tpm-tools");
}

Test(fix_owner12, owner_clear_disabled_is_explained)
{
	struct tpm12_owner_rsp r;
	char args[600];
	int st;

	start();
	own();
	cr_assert_eq(owner_cmd(PASSWORD, ORD_DisableOwnerClear, &r), 0);
	cr_assert_eq(r.rc, 0, "TPM_DisableOwnerClear");
	snprintf(args, sizeof(args), "fix clear --yes --really-clear --owner-password-file %s",
		 pwf);
	st = tpmdiag(args);
	cr_expect_eq(st & 4, 4);
	expect_has("result      TPM_CLEAR_DISABLED");
	expect_has("stopped at step 1: clearing with the owner password is disabled (permanent "
		   "flag disableOwnerClear");
	cr_expect(owned());
}
