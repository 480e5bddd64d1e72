// SPDX-License-Identifier: GPL-2.0-or-later
/* The modules probe's text parsers (probes/modules_text.c), on the forms modprobe.d(5) and the
 * kernel write. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "probes/modules_text.h"

struct hits {
	char lines[8][128];
	size_t n;
};

static void record(void *arg, const char *name, const char *what)
{
	struct hits *h = arg;

	if (h->n < 8)
		snprintf(h->lines[h->n++], sizeof(h->lines[0]), "%s <- %s", name, what);
}

Test(modules_text, modprobe_d_blacklist_and_install)
{
	char text[] =
	    "# tpm\nblacklist tpm_crb\n\tblacklist\ttpm_atmel  \r\ninstall tpm_tis /bin/false\n"
	    "install tpm_infineon /bin/true; echo\ninstall tpm_nsc /sbin/modprobe x\n"
	    "blacklist\noptions tpm_tis interrupts=0\n";
	struct hits h = {0};

	modules_conf_parse(text, record, &h);
	cr_assert_eq(h.n, 4);
	cr_expect_str_eq(h.lines[0], "tpm_crb <- blacklist tpm_crb");
	cr_expect_str_eq(h.lines[1], "tpm_atmel <- blacklist tpm_atmel");
	cr_expect_str_eq(h.lines[2], "tpm_tis <- install tpm_tis /bin/false");
	cr_expect_str_eq(h.lines[3], "tpm_infineon <- install tpm_infineon /bin/true");
}

Test(modules_text, kernel_command_line_lists)
{
	char text[] = "BOOT_IMAGE=/vmlinuz ro module_blacklist=tpm_tis,tpm_crb quiet "
		      "modprobe.blacklist=tpm\n";
	struct hits h = {0};

	modules_cmdline_parse(text, record, &h);
	cr_assert_eq(h.n, 3);
	cr_expect_str_eq(h.lines[0], "tpm_tis <- module_blacklist=tpm_tis,tpm_crb");
	cr_expect_str_eq(h.lines[1], "tpm_crb <- module_blacklist=tpm_tis,tpm_crb");
	cr_expect_str_eq(h.lines[2], "tpm <- modprobe.blacklist=tpm");
}

Test(modules_text, builtin_dep_and_proc_lists)
{
	const char *builtin =
	    "kernel/drivers/char/tpm/tpm.ko\nkernel/drivers/char/tpm/tpm_tis_core.ko\n";
	const char *dep = "kernel/drivers/char/tpm/tpm_crb.ko: kernel/drivers/char/tpm/tpm.ko\n"
			  "kernel/drivers/char/tpm/tpm-i2c-foo.ko:";
	const char *proc = "tpm_tis 16384 0 - Live 0x0\ntpm_tis_core 32768 1 tpm_tis, Live 0x0\n";

	cr_expect(modules_list_has(builtin, "tpm"));
	cr_expect(modules_list_has(builtin, "tpm_tis_core"));
	cr_expect_not(modules_list_has(builtin, "tpm_tis")); /* a prefix is not a name */
	cr_expect(modules_list_has(dep, "tpm_crb"));
	cr_expect(modules_list_has(dep, "tpm_i2c_foo")); /* '-' and '_' alike */
	cr_expect(modules_proc_has(proc, "tpm_tis"));
	cr_expect(modules_proc_has(proc, "tpm_tis_core"));
	cr_expect_not(modules_proc_has(proc, "tpm"));
}
