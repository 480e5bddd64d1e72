// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A TPM that misbehaves (hostile_srv.h) against every command that talks
 * to a chip: info, send, check, fix and own. With --timeout 2 each must end
 * within 3 s, exit with the device bit, and say what the chip did.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tests/integration/hostile_srv.h"
#include "tests/integration/swtpm_proc.h"

#define OUT_MAX	 65536
#define BUDGET_S 2
#define FIXTURE	 "fixtures/tpm20-spi-rpi"

static char out[OUT_MAX];
static struct hostile_srv srv;

static void teardown(void)
{
	hostile_stop(&srv);
}

TestSuite(hostile, .fini = teardown, .timeout = 120);

/* What a person must read for each mode: the chip's misdeed in words. */
static const char *const said[HOSTILE_MODES] = {
    [HOSTILE_HANG] = "did not answer within",
    [HOSTILE_DEAF] = "did not answer within",
    [HOSTILE_DRIP] = "and then stalled for 1.0 s",
    [HOSTILE_SHORT] = "its header says 6 bytes",
    [HOSTILE_LONG] = "sent 10 of 4096 bytes and then stalled",
    [HOSTILE_GARBAGE] = "it began 48 54 54 50 2f 31 \"HTTP/1\"",
    [HOSTILE_EXTRA] = "bytes more than the 10 its header announced",
    [HOSTILE_CLOSE] = "the connection closed after 5 of 10 bytes",
    [HOSTILE_WRONG] = "is not to the command it was sent",
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Run one tpmdiag command against a server of mode m; check time, status and words. */
static void against(enum hostile_mode m, const char *what, const char *args, int want_rc,
		    const char *also)
{
	double t0, took;
	int rc;

	cr_assert_eq(hostile_start(&srv, m), 0);
	t0 = now_s();
	rc = run_tpmdiag(out, sizeof(out), "--device %s --timeout %d %s", srv.spec, BUDGET_S, args);
	took = now_s() - t0;
	cr_expect_lt(took, BUDGET_S + 1.0, "%s, %s: took %.1f s against --timeout %d", what,
		     hostile_mode_name(m), took, BUDGET_S);
	/* check adds the bits of its findings to the device bit */
	cr_expect(want_rc == 2 ? rc >= 0 && (rc & 2) && !(rc & 1) : rc == want_rc,
		  "%s, %s: exit %d, not %d:\n%s", what, hostile_mode_name(m), rc, want_rc, out);
	cr_expect(strstr(out, said[m]), "%s, %s: the output lacks '%s':\n%s", what,
		  hostile_mode_name(m), said[m], out);
	if (also)
		cr_expect(strstr(out, also), "%s, %s: the output lacks '%s':\n%s", what,
			  hostile_mode_name(m), also, out);
	hostile_stop(&srv);
}

Test(hostile, info)
{
	for (int m = 0; m < HOSTILE_MODES; m++)
		against(m, "info", "info", 2, NULL);
}

Test(hostile, send)
{
	for (int m = 0; m < HOSTILE_MODES; m++)
		against(m, "send", "--tpm20 send getrandom 8", 2, NULL);
}

Test(hostile, check_says_the_device_did_not_answer)
{
	for (int m = 0; m < HOSTILE_MODES; m++)
		against(m, "check", "check --root " FIXTURE "/root --kmsg " FIXTURE "/kmsg.log", 2,
			"got no usable answer");
}

Test(hostile, fix)
{
	for (int m = 0; m < HOSTILE_MODES; m++)
		against(m, "fix", "fix startup-clear --yes", 2, NULL);
}

Test(hostile, own)
{
	char dir[256], args[600];

	cr_assert_eq(test_tmpdir(dir, sizeof(dir)), 0);
	snprintf(args, sizeof(args), "own --yes --well-known --state-dir %s", dir);
	for (int m = 0; m < HOSTILE_MODES; m++)
		against(m, "own", args, 2, NULL);
	test_rmtree(dir);
}
