// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The holders probe on a /proc built in a temp dir: tcsd (pid 812) holds
 * /dev/tpm0 as fd 5, tpm2-abrmd holds /dev/tpmrm0, a shell holds neither,
 * and one process's fd directory cannot be read.
 */
#include <criterion/criterion.h>
#include <errno.h>

#include "probes/os/holders.h"
#include "tests/unit/tpm_trees.h"

#define PROC_TREE                                                                                  \
	"mkdir -p proc/812/fd proc/900/fd proc/1234/fd proc/77/fd proc/self dev; "                 \
	"echo tcsd > proc/812/comm; ln -s /dev/tpm0 proc/812/fd/5; "                               \
	"ln -s /dev/null proc/812/fd/0; echo bash > proc/900/comm; "                               \
	"ln -s /dev/pts/1 proc/900/fd/0; echo tpm2-abrmd > proc/1234/comm; "                       \
	"ln -s /dev/tpmrm0 proc/1234/fd/7; ln -s /dev/tpmrm0 proc/1234/fd/8; "                     \
	"echo python3 > proc/77/comm; ln -s /dev/tpmrm0 proc/77/fd/3; "                            \
	"mkdir -p proc/555; echo gone > proc/555/comm; : > proc/555/fd; "                          \
	": > dev/tpm0; : > dev/tpmrm0; "

static struct tree t;

static void holders_teardown(void)
{
	tree_free(&t);
}

TestSuite(holders, .fini = holders_teardown);

static void set_devices(void)
{
	const char *tpm[] = {"tpm0"}, *rm[] = {"tpmrm0"};

	cr_assert_eq(facts_set_list(t.fs, "tpm.devices", tpm, 1, NULL), 0);
	cr_assert_eq(facts_set_list(t.fs, "tpmrm.devices", rm, 1, NULL), 0);
	cr_assert_eq(facts_set_str(t.fs, "tpm0.devnode", "/dev/tpm0", NULL), 0);
}

Test(holders, from_the_udev_facts)
{
	tree_new(&t, PROC_TREE);
	set_devices();
	cr_assert_eq(probe_holders(&t.c), 0);
	tree_list(&t, "tpm0.holders", 1, "tcsd (pid 812)");
	tree_list(&t, "tpm0.holders.known", 1, "tcsd");
	tree_src_path(&t, "tpm0.holders", "/proc");
	tree_list(&t, "tpmrm0.holders", 2, "python3 (pid 77)", "tpm2-abrmd (pid 1234)");
	tree_list(&t, "tpmrm0.holders.known", 1, "tpm2-abrmd");
	tree_int(&t, "holders.unreadable_processes", 1);
	cr_expect_not_null(facts_get(t.fs, "holders.unreadable_processes")->src.note);
}

Test(holders, nobody_holds_it)
{
	tree_new(&t, "mkdir -p proc/900/fd; echo bash > proc/900/comm; "
		     "ln -s /dev/pts/1 proc/900/fd/0; ");
	set_devices();
	cr_assert_eq(probe_holders(&t.c), 0);
	tree_list(&t, "tpm0.holders", 0);
	tree_list(&t, "tpm0.holders.known", 0);
	tree_list(&t, "tpmrm0.holders", 0);
	tree_int(&t, "holders.unreadable_processes", 0);
	cr_expect_null(facts_get(t.fs, "holders.unreadable_processes")->src.note);
}

Test(holders, only_the_listed_devices)
{
	const char *tpm[] = {"tpm0"};

	tree_new(&t, PROC_TREE);
	cr_assert_eq(facts_set_list(t.fs, "tpm.devices", tpm, 1, NULL), 0);
	cr_assert_eq(probe_holders(&t.c), 0);
	tree_list(&t, "tpm0.holders", 1, "tcsd (pid 812)");
	cr_expect_null(facts_get(t.fs, "tpmrm0.holders"));
}

Test(holders, from_dev_without_facts)
{
	tree_new(&t, PROC_TREE);
	cr_assert_eq(probe_holders(&t.c), 0);
	tree_list(&t, "tpm0.holders", 1, "tcsd (pid 812)");
	tree_list(&t, "tpmrm0.holders", 2, "python3 (pid 77)", "tpm2-abrmd (pid 1234)");
}

Test(holders, no_devices_no_facts)
{
	tree_new(&t, "mkdir -p proc/1/fd dev; ");
	cr_assert_eq(probe_holders(&t.c), 0);
	cr_expect_eq(facts_count(t.fs), 0);
}

Test(holders, no_proc)
{
	tree_new(&t, "mkdir -p dev; : > dev/tpm0; ");
	cr_assert_eq(probe_holders(&t.c), 0);
	tree_unreadable(&t, "tpm0.holders", FACT_ABSENT,
			"cannot list the processes in /proc: No such file or directory");
	tree_unreadable(&t, "holders.unreadable_processes", FACT_ABSENT, NULL);
}

Test(holders, devnode_named_by_udev)
{
	const char *tpm[] = {"tpm0"};

	tree_new(&t, "mkdir -p proc/812/fd; echo tcsd > proc/812/comm; "
		     "ln -s /dev/tpm/chip0 proc/812/fd/5; ");
	cr_assert_eq(facts_set_list(t.fs, "tpm.devices", tpm, 1, NULL), 0);
	cr_assert_eq(facts_set_str(t.fs, "tpm0.devnode", "/dev/tpm/chip0", NULL), 0);
	cr_assert_eq(probe_holders(&t.c), 0);
	tree_list(&t, "tpm0.holders", 1, "tcsd (pid 812)");
}

Test(holders, find_one_device_compat)
{
	struct tpm_holder h[4];
	size_t n = 0, unreadable = 0;

	tree_new(&t, PROC_TREE);
	cr_assert_eq(tpm_holders_find(t.root, "/dev/tpmrm0", h, 1, &n, &unreadable), 0);
	cr_expect_eq(n, 2); /* two found, one stored */
	cr_expect_eq(unreadable, 1);
	cr_expect(h[0].pid == 77 || h[0].pid == 1234);
	cr_expect_str_eq(tpm_holder_remedy("tpm2-abrmd"),
			 "systemctl stop tpm2-abrmd (the TPM 2.0 access broker)");
}

/* The scan's reading of /proc names, split out as tpm_holders_pid. */
Test(holders, pid_names)
{
	pid_t pid;

	cr_assert_eq(tpm_holders_pid("1234", &pid), 0);
	cr_assert_eq(pid, 1234);
	cr_assert_eq(tpm_holders_pid("self", &pid), -EINVAL);
	cr_assert_eq(tpm_holders_pid("", &pid), -EINVAL);
	cr_assert_eq(tpm_holders_pid("12a", &pid), -EINVAL);
	/* 11 digits passed the old check and overflowed atoi (seen writing fuzz_holders). */
	cr_assert_eq(tpm_holders_pid("99999999999", &pid), -EINVAL);
	cr_assert_eq(pid, 0);
	cr_assert_eq(tpm_holders_pid("2147483647", &pid), 0);
	cr_assert_eq(pid, 2147483647);
}

Test(holders, match_targets)
{
	const char *const devs[] = {"/dev/tpm0", "/dev/tpmrm0", "/dev/tpm0"};

	cr_assert_eq(tpm_holders_match("/dev/tpm0", devs, 3), 5);
	cr_assert_eq(tpm_holders_match("/dev/tpm0 (deleted)", devs, 3), 0);
	cr_assert_eq(tpm_holders_match("/dev/tpmrm0", devs, 1), 0);
}
