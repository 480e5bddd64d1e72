/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Machine trees for the udev, sysfs and holders probe tests, built in a
 * temp dir from shell snippets. Their shapes follow what a real kernel
 * (Debian 6.1 under qemu, research/lab.md section 4, logs qemu-t2tis.log,
 * qemu-t2crb.log, qemu-t12tis.log) shows under /sys/class/tpm/tpm0: the same
 * file names, value formats and relative symlinks. Device nodes are
 * regular files (a test cannot count on mknod).
 */
#ifndef TPMDIAG_TEST_TPM_TREES_H
#define TPMDIAG_TEST_TPM_TREES_H

#include <criterion/criterion.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag/facts/facts.h"
#include "probes/probe.h"

/* TPM 2.0 on tpm_tis: a platform device MSFT0101:00 below the PCI ISA bridge. */
#define TREE_T2_TIS                                                                                \
	"D=sys/devices/pci0000:00/0000:00:01.0/MSFT0101:00; T=$D/tpm/tpm0; "                       \
	"F=sys/devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:01/MSFT0101:00; "                 \
	"mkdir -p $T/pcr-sha1 $T/pcr-sha256 $T/pcr-sha384 $T/pcr-sha512 $T/power $T/ppi "          \
	"$D/tpmrm/tpmrm0 $F sys/bus/platform/drivers/tpm_tis sys/class/tpm sys/class/tpmrm dev "   \
	"etc; "                                                                                    \
	"ln -s ../../devices/pci0000:00/0000:00:01.0/MSFT0101:00/tpm/tpm0 sys/class/tpm/tpm0; "    \
	"ln -s ../../devices/pci0000:00/0000:00:01.0/MSFT0101:00/tpmrm/tpmrm0 "                    \
	"sys/class/tpmrm/tpmrm0; "                                                                 \
	"ln -s ../../../MSFT0101:00 $T/device; ln -s ../../../../../../class/tpm $T/subsystem; "   \
	"ln -s ../../../MSFT0101:00 $D/tpmrm/tpmrm0/device; "                                      \
	"ln -s ../../../../bus/platform/drivers/tpm_tis $D/driver; "                               \
	"ln -s ../../../../bus/platform $D/subsystem; "                                            \
	"ln -s ../../../LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:01/MSFT0101:00 "                 \
	"$D/firmware_node; "                                                                       \
	"echo acpi:MSFT0101: > $D/modalias; echo MSFT0101 > $F/hid; "                              \
	"echo 'TPM 2.0 Device' > $F/description; echo 2 > $T/tpm_version_major; "                  \
	"echo 10:224 > $T/dev; printf 'MAJOR=10\\nMINOR=224\\nDEVNAME=tpm0\\n' > $T/uevent; "      \
	"echo 1.3 > $T/ppi/version; echo 253:65536 > $D/tpmrm/tpmrm0/dev; "                        \
	"printf 'MAJOR=253\\nMINOR=65536\\nDEVNAME=tpmrm0\\n' > $D/tpmrm/tpmrm0/uevent; "          \
	": > dev/tpm0; chmod 0600 dev/tpm0; : > dev/tpmrm0; chmod 0660 dev/tpmrm0; "

/* TPM 2.0 on tpm_crb: the driver binds the ACPI node itself, so device/ is it. */
#define TREE_T2_CRB                                                                                \
	"A=sys/devices/LNXSYSTM:00/LNXSYBUS:00/MSFT0101:00; T=$A/tpm/tpm0; "                       \
	"mkdir -p $T/pcr-sha1 $T/pcr-sha256 $T/power $T/ppi $A/tpmrm/tpmrm0 "                      \
	"sys/devices/platform/MSFT0101:00 sys/bus/acpi/drivers/tpm_crb sys/class/tpm "             \
	"sys/class/tpmrm; "                                                                        \
	"ln -s ../../devices/LNXSYSTM:00/LNXSYBUS:00/MSFT0101:00/tpm/tpm0 sys/class/tpm/tpm0; "    \
	"ln -s ../../devices/LNXSYSTM:00/LNXSYBUS:00/MSFT0101:00/tpmrm/tpmrm0 "                    \
	"sys/class/tpmrm/tpmrm0; "                                                                 \
	"ln -s ../../../MSFT0101:00 $T/device; ln -s ../../../../../../class/tpm $T/subsystem; "   \
	"ln -s ../../../../bus/acpi/drivers/tpm_crb $A/driver; ln -s ../../../../bus/acpi "        \
	"$A/subsystem; ln -s ../../../platform/MSFT0101:00 $A/physical_node; "                     \
	"echo 'TPM 2.0 Device' > $A/description; echo MSFT0101 > $A/hid; "                         \
	"echo acpi:MSFT0101: > $A/modalias; echo '\\_SB_.TPM_' > $A/path; "                        \
	"echo 2 > $T/tpm_version_major; echo 10:224 > $T/dev; "                                    \
	"printf 'MAJOR=10\\nMINOR=224\\nDEVNAME=tpm0\\n' > $T/uevent; echo 1.3 > $T/ppi/version; " \
	"echo 253:65536 > $A/tpmrm/tpmrm0/dev; "                                                   \
	"printf 'MAJOR=253\\nMINOR=65536\\nDEVNAME=tpmrm0\\n' > $A/tpmrm/tpmrm0/uevent; "

/* The values a healthy TPM 1.2 (swtpm, qemu-t12tis.log) shows, written into $T. */
#define TREE_T12_VALUES                                                                            \
	"echo 1 > $T/tpm_version_major; "                                                          \
	"printf 'Manufacturer: 0x49424d00\\nTCG version: 1.2\\nFirmware version: 18.158\\n' > "    \
	"$T/caps; echo 1 > $T/enabled; echo 1 > $T/active; echo 0 > $T/owned; "                    \
	"echo 0 > $T/temp_deactivated; "                                                           \
	"echo '50000000 100000000 300000000 [original]' > $T/durations; "                          \
	"echo '1000000 1000000 1000000 1000000 [original]' > $T/timeouts; "                        \
	"i=0; while [ $i -lt 24 ]; do printf 'PCR-%02d: 3A 3F 78 0F 11 A4 B4 99 69 FC AA 80 CD "   \
	"6E 39 57 C3 3B 22 75 \\n' $i; i=$((i+1)); done > $T/pcrs; "                               \
	"{ printf 'Algorithm: 00 00 00 01\\nEncscheme: 00 03\\nSigscheme: 00 01\\n'; "             \
	"printf 'Parameters: 00 00 08 00 00 00 00 02 00 00 00 00\\nModulus length: 256\\n'; "      \
	"printf 'Modulus:\\n'; i=0; while [ $i -lt 16 ]; do printf 'CB D8 DF 7E EA 05 AB FA 55 "   \
	"B5 ED D7 BD 07 5F 2C \\n'; i=$((i+1)); done; } > $T/pubek; "                              \
	": > $T/cancel; chmod 0200 $T/cancel; "

/* TPM 1.2 on tpm_tis bound as pnp device 00:00, with the legacy device/ links. */
#define TREE_T12_PNP                                                                               \
	"P=sys/devices/pnp0/00:00; T=$P/tpm/tpm0; "                                                \
	"F=sys/devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:01/PNP0C31:00; "                  \
	"mkdir -p $T/pcr-sha1 $T/power $T/ppi $F sys/bus/pnp/drivers/tpm_tis sys/class/tpm dev; "  \
	"ln -s ../../devices/pnp0/00:00/tpm/tpm0 sys/class/tpm/tpm0; "                             \
	"ln -s ../../../00:00 $T/device; ln -s ../../../../../class/tpm "                          \
	"$T/subsystem; " TREE_T12_VALUES "echo 1.3 > $T/ppi/version; echo 10:224 > $T/dev; "       \
	"printf 'MAJOR=10\\nMINOR=224\\nDEVNAME=tpm0\\n' > $T/uevent; "                            \
	"for a in active cancel caps durations enabled owned pcrs ppi pubek temp_deactivated "     \
	"timeouts tpm_version_major; do ln -s tpm/tpm0/$a $P/$a; done; "                           \
	"ln -s ../../../bus/pnp/drivers/tpm_tis $P/driver; ln -s ../../../bus/pnp $P/subsystem; "  \
	"ln -s ../../LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:01/PNP0C31:00 $P/firmware_node; "   \
	"echo PNP0c31 > $P/id; echo PNP0C31 > $F/hid; : > dev/tpm0; chmod 0600 dev/tpm0; "

/*
 * TPM 1.2 as a kernel before 4.x shows it: the attributes only in device/,
 * no tpm_version_major, no firmware_node (the id only in device/id).
 */
#define TREE_T12_OLD                                                                               \
	"P=sys/devices/pnp0/00:0a; T=$P; mkdir -p $P/tpm/tpm0 sys/bus/pnp/drivers/tpm_tis "        \
	"sys/class/tpm; ln -s ../../devices/pnp0/00:0a/tpm/tpm0 sys/class/tpm/tpm0; "              \
	"ln -s ../../../00:0a $P/tpm/tpm0/device; " TREE_T12_VALUES                                \
	"rm $T/tpm_version_major; echo 10:224 > $P/tpm/tpm0/dev; "                                 \
	"printf 'MAJOR=10\\nMINOR=224\\nDEVNAME=tpm0\\n' > $P/tpm/tpm0/uevent; "                   \
	"ln -s ../../../bus/pnp/drivers/tpm_tis $P/driver; ln -s ../../../bus/pnp $P/subsystem; "  \
	"echo PNP0c31 > $P/id; "

/* The TPM 1.2 tree after the chip died: what needs the chip reads empty (lab.md). */
#define TREE_T12_DEAD                                                                              \
	TREE_T12_PNP "for a in caps enabled active owned temp_deactivated pcrs pubek; do "         \
		     ": > $T/$a; done; "

/* A TPM 2.0 on SPI from a device tree (a Raspberry Pi module). */
#define TREE_T2_SPI                                                                                \
	"S=sys/devices/platform/soc/fe204000.spi/spi_master/spi0/spi0.1; T=$S/tpm/tpm0; "          \
	"mkdir -p $T/pcr-sha256 $S/tpmrm/tpmrm0 sys/bus/spi/drivers/tpm_tis_spi sys/class/tpm; "   \
	"ln -s ../../devices/platform/soc/fe204000.spi/spi_master/spi0/spi0.1/tpm/tpm0 "           \
	"sys/class/tpm/tpm0; ln -s ../../../spi0.1 $T/device; "                                    \
	"ln -s ../../../../../../../bus/spi/drivers/tpm_tis_spi $S/driver; "                       \
	"ln -s ../../../../../../../bus/spi $S/subsystem; "                                        \
	"echo 'of:NtpmT(null)Cinfineon,slb9670' > $S/modalias; echo 2 > $T/tpm_version_major; "    \
	"echo 10:224 > $T/dev; printf 'MAJOR=10\\nMINOR=224\\nDEVNAME=tpm0\\n' > $T/uevent; "

struct tree {
	char root[256];
	struct rootfs r;
	struct facts *fs;
	struct probe_ctx c;
};

static inline int tree_rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* A fresh temp dir with script run in it (sh -e), opened as the probes' root. */
static inline void tree_new(struct tree *t, const char *script)
{
	const char *base = getenv("TPMDIAG_TEST_TMP");
	size_t len = strlen(script) + 512;
	char *cmd = malloc(len);

	memset(t, 0, sizeof(*t));
	t->r.fd = -1;
	snprintf(t->root, sizeof(t->root), "%s/tpmdiag-tree-XXXXXX", base && *base ? base : "/tmp");
	cr_assert_not_null(mkdtemp(t->root));
	cr_assert_not_null(cmd);
	snprintf(cmd, len, "cd '%s' && set -e && %s true", t->root, script);
	cr_assert_eq(system(cmd), 0, "building the tree failed: %s", script);
	free(cmd);
	cr_assert_eq(rootfs_open(t->root, &t->r), 0);
	cr_assert_eq(facts_new(&t->fs), 0);
	t->c.root = &t->r;
	t->c.facts = t->fs;
}

/* More shell in the tree. */
static inline void tree_sh(struct tree *t, const char *script)
{
	char cmd[4096];

	snprintf(cmd, sizeof(cmd), "cd '%s' && set -e && %s true", t->root, script);
	cr_assert_eq(system(cmd), 0, "%s", script);
}

static inline void tree_free(struct tree *t)
{
	facts_free(t->fs);
	rootfs_close(&t->r);
	if (t->root[0])
		nftw(t->root, tree_rm, 16, FTW_DEPTH | FTW_PHYS);
	memset(t, 0, sizeof(*t));
}

/* ---- exact checks on facts ---- */

static inline const struct fact *tree_fact(const struct tree *t, const char *key,
					   enum fact_type type)
{
	const struct fact *f = facts_get(t->fs, key);

	cr_assert_not_null(f, "no fact %s", key);
	cr_assert_eq(f->type, type, "%s is %s (%s), not %s", key, fact_type_name(f->type),
		     f->type == FACT_UNREADABLE ? f->why_text : "", fact_type_name(type));
	return f;
}

static inline void tree_str(const struct tree *t, const char *key, const char *want)
{
	cr_expect_str_eq(tree_fact(t, key, FACT_STRING)->str, want, "%s", key);
}

static inline void tree_int(const struct tree *t, const char *key, int64_t want)
{
	cr_expect_eq(tree_fact(t, key, FACT_INT)->num, want, "%s", key);
}

static inline void tree_bool(const struct tree *t, const char *key, bool want)
{
	cr_expect_eq(tree_fact(t, key, FACT_BOOL)->flag, want, "%s", key);
}

/* A list fact with exactly the n strings that follow. */
static inline void tree_list(const struct tree *t, const char *key, size_t n, ...)
{
	const struct fact *f = tree_fact(t, key, FACT_LIST);
	va_list ap;
	size_t i;

	cr_assert_eq(f->n_items, n, "%s has %zu items, not %zu", key, f->n_items, n);
	va_start(ap, n);
	for (i = 0; i < n; i++)
		cr_expect_str_eq(f->items[i], va_arg(ap, const char *), "%s[%zu]", key, i);
	va_end(ap);
}

/* An unreadable fact with reason why and exactly the text (NULL: any text). */
static inline void tree_unreadable(const struct tree *t, const char *key, enum fact_reason why,
				   const char *text)
{
	const struct fact *f = tree_fact(t, key, FACT_UNREADABLE);

	cr_expect_eq(f->why, why, "%s: %s, not %s (%s)", key, fact_reason_name(f->why),
		     fact_reason_name(why), f->why_text);
	if (text)
		cr_expect_str_eq(f->why_text, text, "%s", key);
}

static inline void tree_src_path(const struct tree *t, const char *key, const char *path)
{
	const struct fact *f = facts_get(t->fs, key);

	cr_assert_not_null(f, "no fact %s", key);
	cr_expect_eq(f->src.kind, FACT_SRC_FILE, "%s", key);
	cr_expect_str_eq(f->src.path ? f->src.path : "(null)", path, "%s", key);
}

#endif
