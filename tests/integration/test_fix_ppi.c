// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The firmware route of `tpmdiag fix` (issue 8, deliverable 3) on copies of
 * captured machines: the plan names the operation, what the firmware offers
 * and what the next boot asks; nothing is written without --yes (and a
 * second yes for a clear); the request lands in ppi/request and the
 * diagnosis after shows it pending; ppi-cancel withdraws it; firmware
 * that implements no operation is refused before anything is written.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/integration/swtpm_proc.h"

struct tree {
	char tmp[256], args[1024], request[600];
};

static void tree_copy(struct tree *t, const char *fixture, const char *request)
{
	char cmd[1024];

	cr_assert_eq(test_tmpdir(t->tmp, sizeof(t->tmp)), 0);
	snprintf(cmd, sizeof(cmd), "cp -a fixtures/%s/. %s/", fixture, t->tmp);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
	snprintf(
	    t->args, sizeof(t->args),
	    "--root %s/root --kmsg %s/kmsg.log --device replay:%s/transcript --state-dir %s/st",
	    t->tmp, t->tmp, t->tmp, t->tmp);
	snprintf(t->request, sizeof(t->request), "%s/root/%s/request", t->tmp, request);
}

static void request_is(const struct tree *t, const char *want)
{
	char buf[64] = "";
	FILE *f = fopen(t->request, "r");
	size_t n;

	cr_assert(f, "%s", t->request);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	cr_expect_str_eq(buf, want);
}

#define OVMF_PPI "sys/devices/pci0000:00/0000:00:01.0/MSFT0101:00/tpm/tpm0/ppi"

Test(fix_ppi, clear_is_planned_asked_twice_written_and_cancelled, .timeout = 60)
{
	char out[1 << 17];
	struct tree t;
	int r;

	tree_copy(&t, "ppi-success", OVMF_PPI);
	r = run_tpmdiag(out, sizeof(out), "fix ppi-clear %s", t.args);
	cr_expect_eq(r, 1, "%s", out);
	cr_expect(strstr(out, "      write:      5 (Clear) to /sys/class/tpm/tpm0/ppi/request"),
		  "%s", out);
	cr_expect(
	    strstr(out, "      firmware:   allowed; the person at the console must confirm it"),
	    "%s", out);
	cr_expect(strstr(out, "nothing was written; add --yes to request ppi-clear"), "%s", out);
	request_is(&t, "0\n");

	r = run_tpmdiag(out, sizeof(out), "fix ppi-clear --yes %s", t.args);
	cr_expect_eq(r, 1, "%s", out);
	cr_expect(strstr(out, "ppi-clear is destructive and asks twice"), "%s", out);
	request_is(&t, "0\n");

	r = run_tpmdiag(out, sizeof(out), "fix ppi-clear --yes --really-clear %s", t.args);
	cr_expect_eq(r & 4, 0, "%s", out);
	cr_expect(strstr(out, "  done: ppi/request reads 5 "), "%s", out);
	cr_expect(strstr(out, "Appeared:\n  ppi-request-pending: A physical-presence request waits "
			      "for the firmware of tpm0: operation 5 (Clear)"),
		  "%s", out);
	request_is(&t, "5\n");

	r = run_tpmdiag(out, sizeof(out), "fix ppi-cancel --yes %s", t.args);
	cr_expect_eq(r & 4, 0, "%s", out);
	cr_expect(strstr(out, "Gone:\n  ppi-request-pending"), "%s", out);
	request_is(&t, "0\n");
	test_rmtree(t.tmp);
}

Test(fix_ppi, firmware_without_operations_is_refused_before_writing, .timeout = 60)
{
	char out[1 << 17];
	struct tree t;
	int r;

	tree_copy(&t, "ppi-no-operations", "sys/devices/pnp0/00:00/tpm/tpm0/ppi");
	r = run_tpmdiag(out, sizeof(out), "fix ppi-enable-activate --yes %s", t.args);
	cr_expect_eq(r & 4, 4, "%s", out);
	cr_expect(strstr(out,
			 "    refused     the firmware of tpm0 implements none of 6 (Enable + "
			 "Activate), 10 (Enable + Activate + SetOwnerInstall TRUE) through PPI"),
		  "%s", out);
	cr_expect(strstr(out, "ppi-enable-activate is refused on this machine (see the plan); "
			      "nothing was written"),
		  "%s", out);
	cr_expect_null(strstr(out, "Carrying out"), "a refused request is not carried out: %s",
		       out);
	cr_expect_null(strstr(out, "    result "), "nor promised: %s", out);
	request_is(&t, "0\n");
	test_rmtree(t.tmp);
}
