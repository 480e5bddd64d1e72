// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The optional libraries (probes/os/dl.h): a command loads only what it
 * uses, and one that needs a missing library says which, from which
 * Debian package, and what it cannot read without it.
 * TPMDIAG_TEST_NO_LIB makes tpmdiag treat the named sonames as missing.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/integration/swtpm_proc.h"

#define OUT_MAX 65536
#define FIX "fixtures/healthy-tpm20-tis-infineon"
#define ALL_OPTIONAL                                                                               \
	"libudev.so.1,libkmod.so.2,libsystemd.so.0,libz.so.1,libcrypto.so.3,libyaml-0.so.2"

static struct swtpm_proc proc;
static char out[OUT_MAX];
static char tmp[256];

static void teardown(void)
{
	swtpm_proc_stop(&proc);
	if (tmp[0])
		test_rmtree(tmp);
	tmp[0] = '\0';
}

TestSuite(libraries, .fini = teardown, .timeout = 60);

#define expect_has(s) cr_expect(strstr(out, s), "output lacks '%s':\n%s", s, out)
#define expect_lacks(s) cr_expect(!strstr(out, s), "output has '%s':\n%s", s, out)

/* LD_DEBUG_OUTPUT's files, one per process (sh and tpmdiag), into out. */
static void read_loader_log(const char *dir)
{
	char cmd[600];
	FILE *p;
	size_t n;

	snprintf(cmd, sizeof(cmd), "cat '%s'/ld.* 2>/dev/null", dir);
	p = popen(cmd, "r");
	cr_assert(p);
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	pclose(p);
}

/* The dynamic loader's own account (LD_DEBUG=files) of what rc opened. */
Test(libraries, rc_opens_none_of_the_optional_libraries)
{
	char ld[400];

	cr_assert_eq(test_tmpdir(tmp, sizeof(tmp)), 0);
	snprintf(ld, sizeof(ld), "%s/ld", tmp);
	setenv("LD_DEBUG", "files", 1);
	setenv("LD_DEBUG_OUTPUT", ld, 1);
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "rc 0x26"), 0, "%s", out);
	expect_has("TPM_INVALID_POSTINIT");
	unsetenv("LD_DEBUG");
	read_loader_log(tmp);
	expect_has("file=libjson-c.so.5"); /* the loader did report, and json-c is linked */
	expect_lacks("libudev");
	expect_lacks("libkmod");
	expect_lacks("libsystemd");
	expect_lacks("libz.so");
	expect_lacks("libcrypto");
	expect_lacks("libyaml");
}

Test(libraries, send_and_info_work_without_any_of_them)
{
	struct swtpm_opts o = {.tpm2 = true, .flags = "not-need-init,startup-clear"};

	cr_assert_eq(swtpm_proc_start(&o, &proc), 0);
	setenv("TPMDIAG_TEST_NO_LIB", ALL_OPTIONAL, 1);
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "--device %s send getcap properties-fixed",
				 proc.spec),
		     0, "%s", out);
	expect_has("result    TPM_RC_SUCCESS");
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "--device %s info", proc.spec), 0, "%s", out);
	expect_has("TPM 2.0");
}

Test(libraries, no_libyaml_is_no_diagnosis_not_no_problem)
{
	setenv("TPMDIAG_TEST_NO_LIB", "libyaml-0.so.2", 1);
	cr_expect_eq(run_tpmdiag(out, sizeof(out),
				 "check --root " FIX "/root --kmsg " FIX "/kmsg.log --no-device"),
		     2, "%s", out);
	expect_has("tpmdiag: cannot diagnose without the rule database: ");
	expect_has("libyaml-0.so.2 (Debian package libyaml-0-2) is needed to read the rule "
		   "database (YAML)");
	expect_lacks("Verdict");
}

Test(libraries, no_libkmod_is_a_fact_that_names_the_package)
{
	setenv("TPMDIAG_TEST_NO_LIB", "libkmod.so.2", 1);
	cr_expect_eq(
	    run_tpmdiag(out, sizeof(out), "facts --root " FIX "/root --kmsg " FIX "/kmsg.log"), 0,
	    "%s", out);
	expect_has("library.libkmod                            (absent) libkmod.so.2 (Debian "
		   "package libkmod2) is needed to read the module index");
	expect_has("tpm.devices                                tpm0"); /* the rest is read */
}
