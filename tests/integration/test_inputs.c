// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Outside input that never ends, or is not what its name says: every
 * reader is bounded by bytes and by time whatever the file is (a device,
 * a pipe), and says where it stopped; a .json that holds no bundle is
 * refused, not read as text.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/integration/swtpm_proc.h"

#define OUT_MAX 65536

static char out[OUT_MAX], tmp[256];

static void teardown(void)
{
	if (tmp[0])
		test_rmtree(tmp);
	tmp[0] = '\0';
}

TestSuite(inputs, .fini = teardown, .timeout = 120);

#define expect_has(s) cr_expect(strstr(out, s), "output lacks '%s':\n%s", s, out)

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

Test(inputs, endless_devices_are_read_to_the_limit_and_said)
{
	static const char *const devs[] = {"/dev/zero", "/dev/urandom"};
	double t0;
	int rc;

	for (size_t i = 0; i < 2; i++) {
		t0 = now_s();
		rc = run_tpmdiag(out, sizeof(out), "analyze %s", devs[i]);
		cr_expect_lt(now_s() - t0, 60.0, "%s took %.1f s", devs[i], now_s() - t0);
		cr_expect_eq(rc, 2, "%s: exit %d (the device bit: not read whole)", devs[i], rc);
		expect_has("Not read to the end");
		expect_has("at the limit of 256 MiB for one input");
	}
	rc = run_tpmdiag(out, sizeof(out), "facts --kmsg /dev/zero --no-device");
	expect_has("kmsg.read_error");
	expect_has("at the limit of 256 MiB for one input");
}

/* A pipe whose writer stays silent: reading ends after 10 s with nothing, and says so. */
Test(inputs, a_silent_pipe_ends_after_ten_seconds)
{
	const char *bin = getenv("TPMDIAG_BIN");
	char cmd[1024];
	double took;
	FILE *f;
	size_t n;

	/* the writer outlives the reader's patience by 3 s; time the reader alone */
	snprintf(cmd, sizeof(cmd),
		 "(sleep 13) | { s=$(date +%%s%%N); %s analyze - 2>&1; echo \"rc=$?\"; "
		 "echo \"ms=$((($(date +%%s%%N) - s) / 1000000))\"; }",
		 bin && *bin ? bin : "./tpmdiag");
	f = popen(cmd, "r");
	cr_assert(f);
	n = fread(out, 1, sizeof(out) - 1, f);
	out[n] = '\0';
	pclose(f);
	cr_assert(strstr(out, "ms="), "%s", out);
	took = atof(strstr(out, "ms=") + 3) / 1000.0;
	cr_expect_lt(took, 12.0, "the reader gave up after %.1f s", took);
	cr_expect_gt(took, 9.5, "the reader gave up after %.1f s", took);
	expect_has("nothing came from - for 10 s");
	expect_has("rc=1");
}

Test(inputs, a_json_that_is_no_bundle_is_refused)
{
	char path[400];
	FILE *f;

	cr_assert_eq(test_tmpdir(tmp, sizeof(tmp)), 0);
	snprintf(path, sizeof(path), "%s/empty.json", tmp);
	f = fopen(path, "w");
	cr_assert(f);
	fclose(f);
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "analyze %s", path), 1);
	expect_has("is named like a bundle but holds no JSON object");
	snprintf(path, sizeof(path), "%s/seven.json", tmp);
	f = fopen(path, "w");
	cr_assert(f);
	fputs("{\"schema\": 7}\n", f);
	fclose(f);
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "analyze %s", path), 1);
	expect_has("its \"schema\" is int, not the string \"tpmdiag-bundle/1\"");
}
