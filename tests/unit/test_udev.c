// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The udev probe on machine trees shaped like what a real kernel shows
 * (tests/unit/tpm_trees.h): where the chip sits, its driver, bus, id and
 * description, and its device nodes with owner, group and mode resolved
 * from the tree's /etc/passwd and /etc/group.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <sys/sysmacros.h>

#include "tests/unit/tpm_trees.h"

static struct tree t;

static void udev_teardown(void)
{
	tree_free(&t);
}

TestSuite(udev, .fini = udev_teardown);

/*
 * The tree's /etc names this process's uid and gid "tss", so the owner is
 * known; it has a dev/ (a node not in it is missing) unless nodev.
 */
static void run_udev_in(const char *script, bool nodev)
{
	char passwd[256];

	tree_new(&t, script);
	if (!nodev)
		tree_sh(&t, "mkdir -p dev");
	snprintf(passwd, sizeof(passwd),
		 "mkdir -p etc; printf 'tss:x:%u:%u::/var/lib/tpm:/bin/false\\n' > etc/passwd; "
		 "printf 'tss:x:%u:\\n' > etc/group; ",
		 (unsigned)getuid(), (unsigned)getgid(), (unsigned)getgid());
	tree_sh(&t, passwd);
	cr_assert_eq(probe_udev(&t.c), 0);
}

static void run_udev(const char *script)
{
	run_udev_in(script, false);
}

Test(udev, tpm20_tis_platform_device)
{
	run_udev(TREE_T2_TIS);
	tree_int(&t, "tpm.count", 1);
	tree_list(&t, "tpm.devices", 1, "tpm0");
	tree_list(&t, "tpmrm.devices", 1, "tpmrm0");
	tree_str(&t, "tpm0.syspath", "/sys/devices/pci0000:00/0000:00:01.0/MSFT0101:00/tpm/tpm0");
	tree_str(&t, "tpm0.driver", "tpm_tis");
	tree_src_path(&t, "tpm0.driver", "/sys/class/tpm/tpm0/device/driver");
	tree_str(&t, "tpm0.bus", "platform");
	tree_str(&t, "tpm0.hid", "MSFT0101");
	tree_src_path(&t, "tpm0.hid", "/sys/class/tpm/tpm0/device/firmware_node/hid");
	tree_str(&t, "tpm0.description", "TPM 2.0 Device");
	tree_str(&t, "tpm0.modalias", "acpi:MSFT0101:");
	tree_str(&t, "tpm0.dev", "10:224");
	tree_str(&t, "tpm0.devnode", "/dev/tpm0");
	tree_bool(&t, "tpm0.devnode.exists", true);
	tree_str(&t, "tpm0.devnode.owner", "tss");
	tree_str(&t, "tpm0.devnode.group", "tss");
	tree_str(&t, "tpm0.devnode.mode", "0600");
	tree_unreadable(&t, "tpm0.devnode.major_minor", FACT_MALFORMED,
			"/dev/tpm0 is not a character device (it is a regular file)");
	tree_unreadable(&t, "tpm0.udev.initialized", FACT_ABSENT,
			"/run/udev/data (the udev database) is not there");
	tree_str(&t, "tpmrm0.syspath",
		 "/sys/devices/pci0000:00/0000:00:01.0/MSFT0101:00/tpmrm/tpmrm0");
	tree_str(&t, "tpmrm0.dev", "253:65536");
	tree_str(&t, "tpmrm0.devnode", "/dev/tpmrm0");
	tree_bool(&t, "tpmrm0.devnode.exists", true);
	tree_str(&t, "tpmrm0.devnode.mode", "0660");
	tree_str(&t, "tpmrm0.devnode.group", "tss");
}

Test(udev, tpm20_crb_acpi_device)
{
	run_udev(TREE_T2_CRB);
	tree_int(&t, "tpm.count", 1);
	tree_str(&t, "tpm0.syspath", "/sys/devices/LNXSYSTM:00/LNXSYBUS:00/MSFT0101:00/tpm/tpm0");
	tree_str(&t, "tpm0.driver", "tpm_crb");
	tree_str(&t, "tpm0.bus", "acpi");
	tree_str(&t, "tpm0.hid", "MSFT0101");
	tree_src_path(&t, "tpm0.hid", "/sys/class/tpm/tpm0/device/hid");
	tree_str(&t, "tpm0.description", "TPM 2.0 Device");
	tree_src_path(&t, "tpm0.description", "/sys/class/tpm/tpm0/device/description");
	tree_str(&t, "tpm0.devnode", "/dev/tpm0");
	tree_bool(&t, "tpm0.devnode.exists", false);
	tree_unreadable(&t, "tpm0.devnode.owner", FACT_ABSENT, "/dev/tpm0 is not there");
	tree_unreadable(&t, "tpm0.devnode.mode", FACT_ABSENT, "/dev/tpm0 is not there");
	tree_bool(&t, "tpmrm0.devnode.exists", false);
}

/* A saved tree with no dev/ at all: its nodes were not captured, not missing. */
Test(udev, a_tree_without_dev_did_not_capture_the_nodes)
{
	run_udev_in(TREE_T2_CRB, true);
	tree_str(&t, "tpm0.devnode", "/dev/tpm0");
	tree_unreadable(&t, "tpm0.devnode.exists", FACT_ABSENT,
			"not captured: the saved root has no dev/");
	tree_unreadable(&t, "tpm0.devnode.mode", FACT_ABSENT,
			"not captured: the saved root has no dev/");
	tree_unreadable(&t, "tpmrm0.devnode.exists", FACT_ABSENT,
			"not captured: the saved root has no dev/");
}

Test(udev, tpm12_pnp_device)
{
	run_udev(TREE_T12_PNP);
	tree_str(&t, "tpm0.syspath", "/sys/devices/pnp0/00:00/tpm/tpm0");
	tree_str(&t, "tpm0.driver", "tpm_tis");
	tree_str(&t, "tpm0.bus", "pnp");
	tree_str(&t, "tpm0.hid", "PNP0C31");
	tree_unreadable(&t, "tpm0.description", FACT_ABSENT,
			"/sys/class/tpm/tpm0/device has no firmware_node/description or "
			"description");
	tree_unreadable(&t, "tpm0.modalias", FACT_ABSENT,
			"/sys/class/tpm/tpm0/device has no modalias");
	tree_list(&t, "tpmrm.devices", 0);
	cr_expect_null(facts_get(t.fs, "tpmrm0.devnode"));
}

Test(udev, pnp_id_upper_cased_without_firmware_node)
{
	run_udev(TREE_T12_OLD);
	tree_str(&t, "tpm0.hid", "PNP0C31");
	tree_src_path(&t, "tpm0.hid", "/sys/class/tpm/tpm0/device/id");
	tree_str(&t, "tpm0.syspath", "/sys/devices/pnp0/00:0a/tpm/tpm0");
}

Test(udev, spi_chip_from_device_tree)
{
	run_udev(TREE_T2_SPI);
	tree_str(&t, "tpm0.driver", "tpm_tis_spi");
	tree_str(&t, "tpm0.bus", "spi");
	tree_str(&t, "tpm0.hid", "infineon,slb9670");
	tree_src_path(&t, "tpm0.hid", "/sys/class/tpm/tpm0/device/modalias");
}

Test(udev, no_tpm)
{
	run_udev("mkdir -p sys/class/net; ");
	tree_int(&t, "tpm.count", 0);
	tree_list(&t, "tpm.devices", 0);
	tree_list(&t, "tpmrm.devices", 0);
}

Test(udev, no_sysfs)
{
	run_udev(": ; ");
	tree_unreadable(&t, "tpm.count", FACT_ABSENT,
			"/sys/class is not there: sysfs is not mounted, or the tree has no sys/");
	tree_unreadable(&t, "tpm.devices", FACT_ABSENT, NULL);
}

Test(udev, virtual_chip_without_parent)
{
	run_udev("mkdir -p sys/devices/virtual/tpm/tpm1 sys/class/tpm; "
		 "ln -s ../../devices/virtual/tpm/tpm1 sys/class/tpm/tpm1; "
		 "printf 'MAJOR=253\\nMINOR=1\\nDEVNAME=tpm1\\n' > "
		 "sys/devices/virtual/tpm/tpm1/uevent; ");
	tree_list(&t, "tpm.devices", 1, "tpm1");
	tree_str(&t, "tpm1.syspath", "/sys/devices/virtual/tpm/tpm1");
	tree_unreadable(&t, "tpm1.driver", FACT_ABSENT,
			"/sys/class/tpm/tpm1/device is not there: the chip has no parent device (a "
			"virtual TPM)");
	tree_unreadable(&t, "tpm1.hid", FACT_ABSENT, NULL);
	tree_unreadable(&t, "tpm1.dev", FACT_ABSENT, NULL);
	tree_str(&t, "tpm1.devnode", "/dev/tpm1");
}

Test(udev, devnode_name_from_uevent)
{
	run_udev(TREE_T2_CRB "printf 'MAJOR=10\\nMINOR=224\\nDEVNAME=tpm/chip0\\n' > $T/uevent; ");
	tree_str(&t, "tpm0.devnode", "/dev/tpm/chip0");
	tree_src_path(&t, "tpm0.devnode", "/sys/class/tpm/tpm0/uevent");
}

Test(udev, devnode_without_uevent_is_derived)
{
	run_udev(TREE_T2_CRB "rm $T/uevent; ");
	tree_str(&t, "tpm0.devnode", "/dev/tpm0");
	cr_expect_eq(facts_get(t.fs, "tpm0.devnode")->src.kind, FACT_SRC_DERIVED);
}

Test(udev, owner_as_number_without_etc)
{
	char want[32];

	tree_new(&t, TREE_T2_TIS);
	cr_assert_eq(probe_udev(&t.c), 0);
	snprintf(want, sizeof(want), "%u", (unsigned)getuid());
	tree_str(&t, "tpm0.devnode.owner", want);
}

Test(udev, udev_database_entry)
{
	run_udev(TREE_T2_TIS "mkdir -p run/udev/data; : > run/udev/data/c10:224; ");
	tree_bool(&t, "tpm0.udev.initialized", true);
	tree_src_path(&t, "tpm0.udev.initialized", "/run/udev/data/c10:224");
	tree_bool(&t, "tpmrm0.udev.initialized", false);
}

Test(udev, cyclic_symlinks_are_malformed)
{
	run_udev(TREE_T2_TIS "rm sys/class/tpmrm/tpmrm0 $D/driver; "
			     "ln -s tpmrm0 sys/class/tpmrm/tpmrm0; ln -s driver $D/driver; ");
	tree_unreadable(&t, "tpmrm0.syspath", FACT_MALFORMED,
			"cannot resolve the link: Too many levels of symbolic links");
	tree_unreadable(&t, "tpmrm0.dev", FACT_MALFORMED, NULL);
	tree_unreadable(&t, "tpm0.driver", FACT_MALFORMED, NULL);
	tree_str(&t, "tpm0.bus", "platform");
}

Test(udev, real_character_device_node)
{
	char node[512];

	run_udev(TREE_T2_TIS "rm dev/tpm0; ");
	snprintf(node, sizeof(node), "%s/dev/tpm0", t.root);
	if (mknod(node, S_IFCHR | 0660, makedev(10, 224)) != 0) {
		tree_free(&t); /* a skipped test does not reach the suite's fini */
		cr_skip_test("mknod needs privileges this test run does not have");
	}
	cr_assert_eq(chmod(node, 0660), 0);
	facts_free(t.fs);
	cr_assert_eq(facts_new(&t.fs), 0);
	t.c.facts = t.fs;
	cr_assert_eq(probe_udev(&t.c), 0);
	tree_str(&t, "tpm0.devnode.major_minor", "10:224");
	tree_str(&t, "tpm0.devnode.mode", "0660");
}
