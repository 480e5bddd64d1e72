// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The modules probe on small machine trees built here: /proc/modules lines
 * as the kernel prints them ("name size refs deps state addr"), /sys/module
 * with initstate and parameters (tpm_tis's force/hid/interrupts/itpm are
 * 0444 module parameters, so a built-in tpm_tis has them too), the module
 * tree's modules.builtin, modules.dep text and modules.dep.bin (libkmod's
 * index; the one here was written by depmod), and modprobe.d files.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "probes/probe.h"
#include "tests/unit/scratch.h"
#include "tests/unit/want_facts.h"

static struct scratch mt_s;

static void mt_setup(void)
{
	scratch_setup(&mt_s, "mod");
}

static void mt_teardown(void)
{
	scratch_teardown(&mt_s);
}

static void mt_mkdirs(const char *rel)
{
	scratch_mkdirs(&mt_s, rel);
}

static void mt_write_bytes(const char *rel, const void *data, size_t len)
{
	scratch_write(&mt_s, rel, data, len);
}

static void mt_write(const char *rel, const char *s)
{
	char dir[512], p[512];
	const char *slash = strrchr(rel, '/');
	FILE *f;

	snprintf(dir, sizeof(dir), "%.*s", (int)(slash - rel), rel);
	mt_mkdirs(dir);
	snprintf(p, sizeof(p), "%s/%s", mt_s.root, rel);
	f = fopen(p, "w");
	cr_assert_not_null(f, "fopen %s", p);
	cr_assert_eq(fputs(s, f) >= 0, 1);
	cr_assert_eq(fclose(f), 0);
}

static struct facts *mt_run_with(struct facts *fs)
{
	struct probe_ctx c = {0};
	struct rootfs r;

	cr_assert_eq(rootfs_open(mt_s.root, &r), 0);
	c.root = &r;
	c.facts = fs;
	cr_assert_eq(probe_modules(&c), 0);
	rootfs_close(&r);
	return fs;
}

static struct facts *mt_run(void)
{
	struct facts *fs = NULL;

	cr_assert_eq(facts_new(&fs), 0);
	return mt_run_with(fs);
}

static void want_src(const struct facts *fs, const char *key, enum fact_src_kind kind,
		     const char *path_or_note)
{
	const struct fact *f = facts_get(fs, key);

	cr_assert_not_null(f, "no fact %s", key);
	cr_assert_eq(f->src.kind, kind, "%s: source %s", key, fact_src_kind_name(f->src.kind));
	cr_assert_str_eq(kind == FACT_SRC_FILE ? f->src.path : f->src.note, path_or_note, "%s",
			 key);
}

#define RELEASE "6.1.0-18-amd64"
#define MODDIR	"lib/modules/" RELEASE

/* A Debian-like machine: tpm, tpm_tis(_core) and tpm_crb built in, the rest modules. */
static void mt_debian(void)
{
	mt_write("proc/sys/kernel/osrelease", RELEASE "\n");
	mt_write("proc/cmdline",
		 "BOOT_IMAGE=/boot/vmlinuz-" RELEASE
		 " root=/dev/mapper/vg-root ro modprobe.blacklist=nouveau,tpm_nsc quiet\n");
	mt_write(MODDIR "/modules.builtin", "kernel/drivers/char/tpm/tpm.ko\n"
					    "kernel/drivers/char/tpm/tpm_tis_core.ko\n"
					    "kernel/drivers/char/tpm/tpm_tis.ko\n"
					    "kernel/drivers/char/tpm/tpm_crb.ko\n"
					    "kernel/drivers/char/hw_random/rng-core.ko\n");
	mt_write(
	    MODDIR "/modules.dep",
	    "kernel/drivers/char/tpm/tpm_tis_spi.ko.xz:\n"
	    "kernel/drivers/char/tpm/tpm_tis_i2c.ko.xz:\n"
	    "kernel/drivers/char/tpm/tpm_tis_i2c_cr50.ko.xz:\n"
	    "kernel/drivers/char/tpm/tpm_i2c_atmel.ko.xz:\n"
	    "kernel/drivers/char/tpm/tpm_i2c_infineon.ko.xz:\n"
	    "kernel/drivers/char/tpm/tpm_i2c_nuvoton.ko.xz:\n"
	    "kernel/drivers/char/tpm/tpm_atmel.ko.xz:\n"
	    "kernel/drivers/char/tpm/tpm_infineon.ko.xz:\n"
	    "kernel/drivers/char/tpm/tpm_nsc.ko.xz:\n"
	    "kernel/drivers/char/tpm/tpm_vtpm_proxy.ko.xz:\n"
	    "kernel/drivers/gpu/drm/nouveau/nouveau.ko.xz: kernel/drivers/gpu/drm/drm.ko.xz\n");
	mt_write("proc/modules", "tpm_vtpm_proxy 20480 0 - Live 0x0000000000000000\n"
				 "nouveau 2879488 0 - Live 0x0000000000000000\n");
	mt_write("sys/module/tpm_vtpm_proxy/initstate", "live\n");
	mt_write("sys/module/tpm/parameters/suspend_pcr", "0\n");
	mt_write("sys/module/tpm_tis/parameters/force", "N\n");
	mt_write("sys/module/tpm_tis/parameters/hid", "\n");
	mt_write("sys/module/tpm_tis/parameters/interrupts", "N\n");
	mt_write("sys/module/tpm_tis/parameters/itpm", "N\n");
	mt_write("etc/modprobe.d/tpm.conf", "# keep the old Infineon driver away\n"
					    "blacklist tpm_infineon\n"
					    "options tpm_tis interrupts=0\n"
					    "install tpm_atmel /bin/false\n");
	mt_write("lib/modprobe.d/aliases.conf", "alias char-major-10-224 tpm_tis\n");
}

TestSuite(modules, .init = mt_setup, .fini = mt_teardown);

Test(modules, debian_machine)
{
	static const struct {
		const char *key, *v;
	} want[] = {
	    {"module.tpm.state", "builtin"},
	    {"module.tpm_tis.state", "builtin"},
	    {"module.tpm_tis_core.state", "builtin"},
	    {"module.tpm_crb.state", "builtin"},
	    {"module.tpm_tis_spi.state", "available"},
	    {"module.tpm_tis_i2c.state", "available"},
	    {"module.tpm_tis_i2c_cr50.state", "available"},
	    {"module.tpm_infineon.state", "blacklisted"},
	    {"module.tpm_atmel.state", "blacklisted"},
	    {"module.tpm_nsc.state", "blacklisted"},
	    {"module.tpm_i2c_atmel.state", "available"},
	    {"module.tpm_i2c_infineon.state", "available"},
	    {"module.tpm_i2c_nuvoton.state", "available"},
	    {"module.tpm_vtpm_proxy.state", "loaded"},
	    {"module.tpm_ftpm_tee.state", "absent"},
	    {"module.tpm_infineon.blacklisted_by",
	     "/etc/modprobe.d/tpm.conf: blacklist tpm_infineon"},
	    {"module.tpm_atmel.blacklisted_by",
	     "/etc/modprobe.d/tpm.conf: install tpm_atmel /bin/false"},
	    {"module.tpm_nsc.blacklisted_by",
	     "kernel command line: modprobe.blacklist=nouveau,tpm_nsc"},
	    {"module.tpm_tis.params.force", "N"},
	    {"module.tpm_tis.params.hid", ""},
	    {"module.tpm_tis.params.interrupts", "N"},
	    {"module.tpm_tis.params.itpm", "N"},
	    {"module.tpm.params.suspend_pcr", "0"},
	    {"modules.dir", "/" MODDIR},
	};
	struct facts *fs;
	size_t i;

	mt_debian();
	fs = mt_run();
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		want_str(fs, want[i].key, want[i].v);
	cr_assert_null(facts_get(fs, "module.tpm_tis.blacklisted_by"));
	cr_assert_null(facts_get(fs, "module.tpm_vtpm_proxy.initstate"));
	/* provenance: the file that told */
	want_src(fs, "module.tpm.state", FACT_SRC_FILE, "/sys/module/tpm");
	want_src(fs, "module.tpm_crb.state", FACT_SRC_FILE, "/" MODDIR "/modules.builtin");
	want_src(fs, "module.tpm_vtpm_proxy.state", FACT_SRC_FILE,
		 "/sys/module/tpm_vtpm_proxy/initstate");
	want_src(fs, "module.tpm_tis_spi.state", FACT_SRC_FILE, "/" MODDIR "/modules.dep");
	want_src(fs, "module.tpm_ftpm_tee.state", FACT_SRC_FILE, "/" MODDIR "/modules.dep");
	want_src(fs, "module.tpm_infineon.state", FACT_SRC_DERIVED,
		 "/etc/modprobe.d/tpm.conf: blacklist tpm_infineon");
	want_src(fs, "module.tpm_tis.params.interrupts", FACT_SRC_FILE,
		 "/sys/module/tpm_tis/parameters/interrupts");
	facts_free(fs);
}

Test(modules, loaded_from_proc_modules_without_sysfs)
{
	struct facts *fs;

	mt_write("proc/sys/kernel/osrelease", RELEASE "\n");
	mt_write(MODDIR "/modules.dep", "kernel/drivers/char/tpm/tpm_crb.ko:\n");
	mt_write("proc/modules", "tpm_tis 16384 0 - Live 0x0000000000000000\n"
				 "tpm_tis_core 36864 1 tpm_tis, Live 0x0000000000000000\n"
				 "tpm 102400 2 tpm_tis,tpm_tis_core, Live 0x0000000000000000\n");
	fs = mt_run();
	want_str(fs, "module.tpm.state", "loaded");
	want_str(fs, "module.tpm_tis.state", "loaded");
	want_str(fs, "module.tpm_tis_core.state", "loaded");
	want_src(fs, "module.tpm_tis.state", FACT_SRC_FILE, "/proc/modules");
	want_str(fs, "module.tpm_crb.state", "available");
	want_str(fs, "module.tpm_tis_spi.state", "absent");
	facts_free(fs);
}

Test(modules, stuck_in_init)
{
	struct facts *fs;

	mt_write("proc/sys/kernel/osrelease", RELEASE "\n");
	mt_mkdirs(MODDIR);
	mt_write("sys/module/tpm_tis/initstate", "coming\n");
	mt_write("proc/modules", "tpm_tis 16384 1 - Loading 0x0000000000000000\n");
	fs = mt_run();
	want_str(fs, "module.tpm_tis.state", "loaded");
	want_str(fs, "module.tpm_tis.initstate", "coming");
	facts_free(fs);
}

Test(modules, no_module_tree)
{
	const struct fact *f;
	struct facts *fs;

	mt_write("proc/sys/kernel/osrelease", RELEASE "\n");
	mt_write("proc/modules", "tpm_crb 20480 0 - Live 0x0000000000000000\n"
				 "tpm 102400 1 tpm_crb, Live 0x0000000000000000\n");
	mt_write("etc/modprobe.d/no-tis.conf", "blacklist tpm_tis\n");
	fs = mt_run();
	f = want_fact(fs, "modules.dir", FACT_UNREADABLE);
	cr_assert_eq(f->why, FACT_ABSENT);
	cr_assert_str_eq(f->why_text, "/" MODDIR " is not there");
	want_str(fs, "module.tpm.state", "loaded");
	want_str(fs, "module.tpm_crb.state", "loaded");
	want_str(fs, "module.tpm_tis.state", "blacklisted");
	f = want_fact(fs, "module.tpm_tis_spi.state", FACT_UNREADABLE);
	cr_assert_eq(f->why, FACT_ABSENT);
	cr_assert_str_eq(f->why_text, "/" MODDIR " is not there: a module that is neither loaded "
				      "nor built in cannot be told available from absent");
	facts_free(fs);
}

Test(modules, empty_root)
{
	const struct fact *f;
	struct facts *fs;

	mt_mkdirs("proc");
	fs = mt_run();
	f = want_fact(fs, "modules.dir", FACT_UNREADABLE);
	cr_assert_str_eq(f->why_text,
			 "/lib/modules/RELEASE (the kernel release is unknown) is not there");
	cr_assert_eq(want_fact(fs, "module.tpm.state", FACT_UNREADABLE)->why, FACT_ABSENT);
	facts_free(fs);
}

Test(modules, release_from_kernel_probe)
{
	struct facts *fs = NULL;

	cr_assert_eq(facts_new(&fs), 0);
	cr_assert_eq(facts_set_str(fs, "kernel.release", "6.6.15-amd64", NULL), 0);
	mt_write("lib/modules/6.6.15-amd64/modules.builtin", "kernel/drivers/char/tpm/tpm.ko\n");
	mt_run_with(fs);
	want_str(fs, "modules.dir", "/lib/modules/6.6.15-amd64");
	want_str(fs, "module.tpm.state", "builtin");
	facts_free(fs);
}

Test(modules, dash_and_underscore_are_one_name)
{
	struct facts *fs;

	mt_write("proc/sys/kernel/osrelease", RELEASE "\n");
	mt_write(MODDIR "/modules.dep", "kernel/drivers/char/tpm/tpm_crb.ko:\n");
	mt_write("etc/modprobe.d/crb.conf", "  blacklist\ttpm-crb   # trailing words\n");
	fs = mt_run();
	want_str(fs, "module.tpm_crb.state", "blacklisted");
	want_str(fs, "module.tpm_crb.blacklisted_by",
		 "/etc/modprobe.d/crb.conf: blacklist tpm-crb");
	facts_free(fs);
}

Test(modules, etc_file_masks_the_same_name_in_lib)
{
	struct facts *fs;

	mt_write("proc/sys/kernel/osrelease", RELEASE "\n");
	mt_write(MODDIR "/modules.dep", "kernel/drivers/char/tpm/tpm_crb.ko:\n"
					"kernel/drivers/char/tpm/tpm_tis.ko:\n");
	mt_write("lib/modprobe.d/blacklist-tpm.conf", "blacklist tpm_crb\n");
	mt_write("etc/modprobe.d/blacklist-tpm.conf", "# emptied by the admin\n");
	mt_write("lib/modprobe.d/other.conf", "blacklist tpm_tis\n");
	fs = mt_run();
	want_str(fs, "module.tpm_crb.state", "available");
	cr_assert_null(facts_get(fs, "module.tpm_crb.blacklisted_by"));
	want_str(fs, "module.tpm_tis.blacklisted_by",
		 "/lib/modprobe.d/other.conf: blacklist tpm_tis");
	facts_free(fs);
}

Test(modules, blacklisted_but_loaded_stays_loaded)
{
	struct facts *fs;

	mt_write("proc/sys/kernel/osrelease", RELEASE "\n");
	mt_mkdirs(MODDIR);
	mt_write("proc/cmdline", "ro module_blacklist=tpm_crb\n");
	mt_write("sys/module/tpm_crb/initstate", "live\n");
	fs = mt_run();
	want_str(fs, "module.tpm_crb.state", "loaded");
	want_str(fs, "module.tpm_crb.blacklisted_by",
		 "kernel command line: module_blacklist=tpm_crb");
	facts_free(fs);
}

Test(modules, cyclic_parameter_link)
{
	char p[512];
	const struct fact *f;
	struct facts *fs;

	mt_write("proc/sys/kernel/osrelease", RELEASE "\n");
	mt_mkdirs("sys/module/tpm_tis/parameters");
	snprintf(p, sizeof(p), "%s/sys/module/tpm_tis/parameters/force", mt_s.root);
	cr_assert_eq(symlink("force", p), 0);
	fs = mt_run();
	want_str(fs, "module.tpm_tis.state", "builtin");
	f = want_fact(fs, "module.tpm_tis.params.force", FACT_UNREADABLE);
	cr_assert_eq(f->why, FACT_MALFORMED);
	cr_assert_str_eq(f->why_text, "cannot read /sys/module/tpm_tis/parameters/force: Too many "
				      "levels of symbolic links");
	facts_free(fs);
}

Test(modules, unreadable_parameter)
{
	char p[512];
	struct facts *fs;

	if (geteuid() == 0) {
		mt_teardown(); /* a skipped test does not reach .fini */
		cr_skip_test("runs as root: a mode-000 file is readable, the EACCES path cannot "
			     "be reached");
	}
	mt_write("proc/sys/kernel/osrelease", RELEASE "\n");
	mt_write("sys/module/tpm_tis/parameters/hid", "\n");
	snprintf(p, sizeof(p), "%s/sys/module/tpm_tis/parameters/hid", mt_s.root);
	cr_assert_eq(chmod(p, 0), 0);
	fs = mt_run();
	cr_assert_eq(want_fact(fs, "module.tpm_tis.params.hid", FACT_UNREADABLE)->why,
		     FACT_PERMISSION);
	facts_free(fs);
}

/*
 * modules.dep.bin as depmod (kmod 30) wrote it with "depmod -b ROOT
 * 6.1.0-18-amd64" for a tree holding kernel/drivers/char/tpm/tpm_crb.ko and
 * tpm_tis_spi.ko (and modules.builtin naming tpm.ko).
 */
static const unsigned char depmod_bin[] = {
    0xb0, 0x07, 0xf4, 0x57, 0x00, 0x02, 0x00, 0x01, 0x20, 0x00, 0x00, 0xc0, 0x72, 0x62, 0x00, 0x00,
    0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x6b, 0x65, 0x72, 0x6e, 0x65, 0x6c, 0x2f, 0x64, 0x72,
    0x69, 0x76, 0x65, 0x72, 0x73, 0x2f, 0x63, 0x68, 0x61, 0x72, 0x2f, 0x74, 0x70, 0x6d, 0x2f, 0x74,
    0x70, 0x6d, 0x5f, 0x63, 0x72, 0x62, 0x2e, 0x6b, 0x6f, 0x3a, 0x00, 0x69, 0x73, 0x5f, 0x73, 0x70,
    0x69, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x6b, 0x65, 0x72, 0x6e, 0x65, 0x6c,
    0x2f, 0x64, 0x72, 0x69, 0x76, 0x65, 0x72, 0x73, 0x2f, 0x63, 0x68, 0x61, 0x72, 0x2f, 0x74, 0x70,
    0x6d, 0x2f, 0x74, 0x70, 0x6d, 0x5f, 0x74, 0x69, 0x73, 0x5f, 0x73, 0x70, 0x69, 0x2e, 0x6b, 0x6f,
    0x3a, 0x00, 0x70, 0x6d, 0x5f, 0x00, 0x63, 0x74, 0xc0, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x00, 0x3b,
    0x74, 0x74, 0xa0, 0x00, 0x00, 0x72,

};

Test(modules, libkmod_index_below_the_root)
{
	struct facts *fs;

	mt_write("proc/sys/kernel/osrelease", RELEASE "\n");
	mt_write_bytes(MODDIR "/modules.dep.bin", depmod_bin, sizeof(depmod_bin));
	mt_write(MODDIR "/modules.builtin", "kernel/drivers/char/tpm/tpm.ko\n");
	mt_write("etc/modprobe.d/tpm.conf", "blacklist tpm_tis_spi\n");
	fs = mt_run();
	want_str(fs, "module.tpm.state", "builtin");
	want_str(fs, "module.tpm_crb.state", "available");
	want_src(fs, "module.tpm_crb.state", FACT_SRC_LIBRARY,
		 "libkmod: /" MODDIR "/modules.dep.bin");
	want_str(fs, "module.tpm_tis.state", "absent");
	want_src(fs, "module.tpm_tis.state", FACT_SRC_LIBRARY,
		 "libkmod: /" MODDIR "/modules.dep.bin");
	want_str(fs, "module.tpm_tis_spi.state", "blacklisted");
	facts_free(fs);
}

Test(modules, live_machine)
{
	static const char *const names[] = {"tpm", "tpm_tis", "tpm_crb", "tpm_ftpm_tee"};
	struct probe_ctx c = {0};
	struct facts *fs = NULL;
	char key[128];
	struct rootfs r;
	size_t i;

	/* Read-only: libkmod and /sys/module of this machine, nothing loaded or changed. */
	cr_assert_eq(rootfs_open("/", &r), 0);
	cr_assert_eq(facts_new(&fs), 0);
	c.root = &r;
	c.facts = fs;
	cr_assert_eq(probe_modules(&c), 0);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		cr_assert_not_null(
		    facts_get(fs, facts_key(key, sizeof(key), "module.%s.state", names[i])));
	cr_assert_not_null(facts_get(fs, "modules.dir"));
	facts_free(fs);
	rootfs_close(&r);
}
