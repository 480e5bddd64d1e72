// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `tpmdiag own` on a TPM 1.2 whose firmware locked physical presence by
 * command (the reported STMicro machine, Debian #1006726) takes the
 * firmware route (issue 8, deliverable 4): it asks the firmware through the
 * Physical Presence Interface to enable and activate the TPM at the next
 * boot, records the request in its journal and stops for the reboot; a
 * rerun reads what the firmware answered first.
 *
 * The TPM is a swtpm 1.2 locked the way the firmware of that machine left
 * it; the firmware's PPI is a copy of a captured machine tree
 * (fixtures/ppi-no-operations: SeaBIOS, which implements no operation),
 * given through --root, whose ppi/ files the test edits the way firmware
 * would between boots.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probes/transport/transport.h"
#include "tests/integration/swtpm_proc.h"
#include "tests/integration/tpm12_raw.h"

#define PW  "ppi-Route-Secret-9"
#define PPI "root/sys/devices/pnp0/00:00/tpm/tpm0/ppi"

struct scene {
	struct swtpm_proc sw;
	char tmp[256], pw[300], state[300], ppi[400];
};

static void put(const struct scene *s, const char *file, const char *text)
{
	char path[600];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", s->ppi, file);
	f = fopen(path, "w");
	cr_assert(f, "%s", path);
	fputs(text, f);
	fclose(f);
}

static void get(const struct scene *s, const char *file, char *buf, size_t len)
{
	char path[600];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", s->ppi, file);
	f = fopen(path, "r");
	cr_assert(f, "%s", path);
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
}

static void scene_start(struct scene *s)
{
	struct swtpm_opts o = {
	    .tcp = true, .createek = true, .flags = "not-need-init,startup-clear"};
	char cmd[1024], out[8192];
	int fd;

	memset(s, 0, sizeof(*s));
	cr_assert_eq(test_tmpdir(s->tmp, sizeof(s->tmp)), 0);
	snprintf(s->pw, sizeof(s->pw), "%s/pw", s->tmp);
	snprintf(s->state, sizeof(s->state), "%s/state", s->tmp);
	snprintf(s->ppi, sizeof(s->ppi), "%s/%s", s->tmp, PPI);
	fd = open(s->pw, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, PW, strlen(PW)), (ssize_t)strlen(PW));
	close(fd);
	snprintf(cmd, sizeof(cmd), "cp -a fixtures/ppi-no-operations/root %s/root", s->tmp);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
	cr_assert_eq(swtpm_proc_start(&o, &s->sw), 0, "swtpm did not start");
	/* disabled, physical presence by command off and locked for life */
	cr_assert_eq(tpm12_raw(s->sw.spec, 0x4000000A, true, 0x0008), 0, "PP present");
	cr_assert_eq(tpm12_raw(s->sw.spec, 0x70, false, 0), 0, "PhysicalDisable");
	cr_assert_eq(tpm12_raw(s->sw.spec, 0x4000000A, true, 0x0100), 0, "PP cmd_disable");
	cr_assert_eq(tpm12_raw(s->sw.spec, 0x4000000A, true, 0x0080), 0, "PP lifetime_lock");
	cr_assert_eq(run_tpmdiag(out, sizeof(out), "--device %s ctrl init --yes", s->sw.spec), 0,
		     "%s", out);
}

static void scene_stop(struct scene *s)
{
	swtpm_proc_stop(&s->sw);
	test_rmtree(s->tmp);
}

static int own(struct scene *s, char *out, size_t cap)
{
	return run_tpmdiag(out, cap,
			   "own --yes --device %s --owner-password-file %s --state-dir %s "
			   "--root %s/root",
			   s->sw.spec, s->pw, s->state, s->tmp);
}

Test(own_ppi, firmware_without_ppi_operations_leaves_the_setup_menu, .timeout = 120)
{
	char out[65536], req[64];
	struct scene s;

	scene_start(&s);
	cr_expect_eq(own(&s, out, sizeof(out)), 4, "%s", out);
	cr_expect(strstr(out, "firmware setup needed: physical presence by command is disabled"),
		  "%s", out);
	cr_expect(strstr(out, "(the firmware route does not go either: the firmware of tpm0 "
			      "implements none of 6 (Enable + Activate)"),
		  "%s", out);
	get(&s, "request", req, sizeof(req));
	cr_expect_str_eq(req, "0\n", "nothing may be written to ppi/request");
	cr_expect_null(strstr(out, PW));
	scene_stop(&s);
}

Test(own_ppi, locked_physical_presence_asks_the_firmware_and_a_rerun_reads_its_answer,
     .timeout = 180)
{
	char out[65536], req[64], journal[700], chk[1 << 17];
	struct scene s;

	scene_start(&s);
	/* firmware that offers enable + activate, confirmed at the console */
	put(&s, "tcg_operations", "0 3: User required\n6 3: User required\n10 3: User required\n");

	cr_expect_eq(own(&s, out, sizeof(out)), 4, "%s", out);
	cr_expect(strstr(out, "stop:     physical presence by command is locked, so the firmware "
			      "was asked through the Physical Presence Interface (operation 6)"),
		  "%s", out);
	get(&s, "request", req, sizeof(req));
	cr_expect_str_eq(req, "6\n");
	snprintf(journal, sizeof(journal), "%s/own-swtpm-tcp-127.0.0.1-%u.journal", s.state,
		 s.sw.port);
	cr_expect_eq(run_tpmdiag(chk, sizeof(chk),
				 "check --root %s/root --device %s --state-dir %s", s.tmp,
				 s.sw.spec, s.state) &
			 8,
		     8);
	cr_expect(strstr(chk, "[ppi-request-pending]"), "%s", chk);
	cr_expect(strstr(chk, "[own-stopped]"), "%s", chk);

	/* not rebooted yet: the request is still there */
	cr_expect_eq(own(&s, out, sizeof(out)), 4, "%s", out);
	cr_expect(strstr(out, "the firmware has not acted on the PPI request (operation 6) yet: "
			      "reboot"),
		  "%s", out);

	/* rebooted, and the person at the console pressed ESC */
	put(&s, "request", "0\n");
	put(&s, "response", "6 0xFFFFFFF0: User Abort\n");
	cr_expect_eq(own(&s, out, sizeof(out)), 4, "%s", out);
	cr_expect(strstr(out, "the PPI request (operation 6) was rejected at the firmware's "
			      "prompt"),
		  "%s", out);
	get(&s, "request", req, sizeof(req));
	cr_expect_str_eq(req, "0\n", "a rejected request is not repeated in the same run");

	/* the next run asks again */
	cr_expect_eq(own(&s, out, sizeof(out)), 4, "%s", out);
	get(&s, "request", req, sizeof(req));
	cr_expect_str_eq(req, "6\n", "%s", out);

	/* rebooted, and the firmware failed */
	put(&s, "request", "0\n");
	put(&s, "response", "6 0xFFFFFFF1: BIOS Failure\n");
	cr_expect_eq(own(&s, out, sizeof(out)), 4, "%s", out);
	cr_expect(strstr(out, "the firmware did not carry out the PPI request (operation 6)"), "%s",
		  out);
	cr_expect_null(strstr(out, PW));
	scene_stop(&s);
}
