// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The firmware probe: what the firmware tells the kernel about a TPM — the
 * ACPI TPM2 and TCPA tables, the boot event log the kernel exposes under
 * securityfs, and whether the machine booted with EFI.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probes/parse/acpi_tpm.h"
#include "probes/probe.h"

#define FW_TABLE_MAX  (64u * 1024)	  /* far above any TPM2/TCPA table */
#define FW_LOG_MAX    (16u * 1024 * 1024) /* the event log is counted up to this */
#define FW_SECURITYFS "/sys/kernel/security"

/* Only -ENOMEM stops a probe; a refused key is a bug here, not a reason to stop. */
static int fw_keep(int ret)
{
	return ret == -ENOMEM ? ret : 0;
}

static int fw_hex(struct facts *fs, const char *key, uint64_t v, const struct fact_src *src)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%" PRIx64, v);
	return fw_keep(facts_set_str(fs, key, buf, src));
}

/* The header facts every table has: revision, length, checksum_ok, oem_id, oem_table_id. */
static int fw_header_facts(struct facts *fs, const char *base, const struct acpi_header *h,
			   const struct fact_src *src)
{
	char key[128];
	int ret;

	if ((ret = fw_keep(facts_set_int(fs, facts_key(key, sizeof(key), "%s.revision", base),
					 h->revision, src))))
		return ret;
	if ((ret = fw_keep(facts_set_int(fs, facts_key(key, sizeof(key), "%s.length", base),
					 h->length, src))))
		return ret;
	if ((ret = fw_keep(facts_set_bool(fs, facts_key(key, sizeof(key), "%s.checksum_ok", base),
					  h->checksum_ok, src))))
		return ret;
	if ((ret = fw_keep(facts_set_str(fs, facts_key(key, sizeof(key), "%s.oem_id", base),
					 h->oem_id, src))))
		return ret;
	return fw_keep(facts_set_str(fs, facts_key(key, sizeof(key), "%s.oem_table_id", base),
				     h->oem_table_id, src));
}

static int fw_tpm2_facts(struct facts *fs, const uint8_t *buf, size_t len,
			 const struct fact_src *src)
{
	static const char base[] = "firmware.acpi.tpm2";
	struct acpi_tpm2 t;
	char err[160], text[200];
	int ret;

	if (acpi_tpm2_parse(buf, len, &t, err, sizeof(err))) {
		snprintf(text, sizeof(text), "malformed TPM2 table: %s", err);
		return fw_keep(facts_set_unreadable(fs, "firmware.acpi.tpm2.table", FACT_MALFORMED,
						    text, src));
	}
	if ((ret = fw_header_facts(fs, base, &t.h, src)))
		return ret;
	if ((ret = fw_keep(facts_set_str(fs, "firmware.acpi.tpm2.platform_class",
					 acpi_platform_class_name(t.platform_class), src))))
		return ret;
	if ((ret = fw_keep(facts_set_str(fs, "firmware.acpi.tpm2.start_method",
					 acpi_tpm2_start_method_name(t.start_method), src))))
		return ret;
	if ((ret = fw_keep(
		 facts_set_int(fs, "firmware.acpi.tpm2.start_method_code", t.start_method, src))))
		return ret;
	if ((ret = fw_keep(facts_set_bool(fs, "firmware.acpi.tpm2.start_method_params_ok",
					  t.params_ok, src))))
		return ret;
	if ((ret = fw_hex(fs, "firmware.acpi.tpm2.control_area", t.control_area, src)))
		return ret;
	if (!t.has_log) {
		snprintf(text, sizeof(text),
			 "the TPM2 table (%zu bytes, revision %u) has no log area fields", len,
			 t.h.revision);
		return fw_keep(facts_set_unreadable(fs, "firmware.acpi.tpm2.log_area_length",
						    FACT_ABSENT, text, src));
	}
	if ((ret = fw_keep(
		 facts_set_int(fs, "firmware.acpi.tpm2.log_area_length", t.log_area_length, src))))
		return ret;
	return fw_hex(fs, "firmware.acpi.tpm2.log_area_start", t.log_area_start, src);
}

static int fw_tcpa_facts(struct facts *fs, const uint8_t *buf, size_t len,
			 const struct fact_src *src)
{
	struct acpi_tcpa t;
	char err[160], text[200];
	int ret;

	if (acpi_tcpa_parse(buf, len, &t, err, sizeof(err))) {
		snprintf(text, sizeof(text), "malformed TCPA table: %s", err);
		return fw_keep(facts_set_unreadable(fs, "firmware.acpi.tcpa.table", FACT_MALFORMED,
						    text, src));
	}
	if ((ret = fw_header_facts(fs, "firmware.acpi.tcpa", &t.h, src)))
		return ret;
	if ((ret = fw_keep(facts_set_str(fs, "firmware.acpi.tcpa.platform_class",
					 acpi_platform_class_name(t.platform_class), src))))
		return ret;
	if ((ret = fw_keep(facts_set_int(fs, "firmware.acpi.tcpa.log_area_length",
					 (int64_t)(t.log_area_length & INT64_MAX), src))))
		return ret;
	return fw_hex(fs, "firmware.acpi.tcpa.log_area_start", t.log_area_start, src);
}

/*
 * One ACPI table: firmware.acpi.<name> is whether the file is there; when
 * it is there and cannot be read or parsed, firmware.acpi.<name>.table says
 * why; otherwise the parsed fields follow.
 */
static const struct {
	const char *sig;
	const char *key;
	int (*facts)(struct facts *fs, const uint8_t *buf, size_t len, const struct fact_src *src);
} fw_tables[] = {
    {"TPM2", "firmware.acpi.tpm2", fw_tpm2_facts},
    {"TCPA", "firmware.acpi.tcpa", fw_tcpa_facts},
};

static int fw_table(struct probe_ctx *c, size_t i, bool have_acpi)
{
	char path[64], key[128], what[128];
	struct fact_src src;
	unsigned char *buf = NULL;
	size_t len = 0;
	int ret, rd;

	snprintf(path, sizeof(path), "/sys/firmware/acpi/tables/%s", fw_tables[i].sig);
	src = probe_file_src(path);
	if (!have_acpi || !rootfs_exists(c->root, path))
		return fw_keep(facts_set_bool(c->facts, fw_tables[i].key, false, &src));
	if ((ret = fw_keep(facts_set_bool(c->facts, fw_tables[i].key, true, &src))))
		return ret;
	rd = rootfs_read_alloc(c->root, path, FW_TABLE_MAX, &buf, &len);
	if (rd == -ENOMEM)
		return rd;
	if (rd) {
		snprintf(what, sizeof(what), "cannot read %s", path);
		ret = fw_keep(facts_set_errno(
		    c->facts, facts_key(key, sizeof(key), "%s.table", fw_tables[i].key), rd, what,
		    &src));
		goto out;
	}
	ret = fw_tables[i].facts(c->facts, buf, len, &src);
out:
	free(buf);
	return ret;
}

/* Count the bytes of a file that stat() calls empty (securityfs), up to max. */
static int fw_count_bytes(const struct rootfs *r, const char *path, size_t max, size_t *total)
{
	char chunk[65536];
	ssize_t n;
	int fd, ret = 0;

	*total = 0;
	fd = rootfs_openat(r, path, O_RDONLY);
	if (fd < 0)
		return fd;
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			break;
		}
		if (n == 0)
			break;
		*total += (size_t)n;
		if (*total > max) {
			ret = -EFBIG;
			break;
		}
	}
	close(fd);
	return ret;
}

/* Event-log files in a chip's securityfs directory, the TPM 2.0 / 1.2 binary one first. */
static const char *const fw_log_names[] = {"binary_bios_measurements", "ascii_bios_measurements"};

/* The first tpmN directory (lowest N) holding a log file: its path, or "" when none. */
static void fw_find_log(const struct rootfs *r, char *path, size_t cap)
{
	char dir[256], cand[320];
	unsigned best = ~0u, n;
	struct dirent *e;
	DIR *d = NULL;
	size_t i;

	path[0] = '\0';
	if (rootfs_opendir(r, FW_SECURITYFS, &d))
		return;
	while ((e = readdir(d))) {
		char tail;

		if (sscanf(e->d_name, "tpm%u%c", &n, &tail) != 1 || n >= best)
			continue;
		snprintf(dir, sizeof(dir), FW_SECURITYFS "/%s", e->d_name);
		for (i = 0; i < sizeof(fw_log_names) / sizeof(fw_log_names[0]); i++) {
			snprintf(cand, sizeof(cand), "%s/%s", dir, fw_log_names[i]);
			if (rootfs_exists(r, cand)) {
				snprintf(path, cap, "%s", cand);
				best = n;
				break;
			}
		}
	}
	closedir(d);
}

/* securityfs is mounted when its directory has entries; an unmounted one is an empty mount point.
 */
static bool fw_securityfs_mounted(const struct rootfs *r)
{
	struct dirent *e;
	bool any = false;
	DIR *d = NULL;

	if (rootfs_opendir(r, FW_SECURITYFS, &d))
		return false;
	while (!any && (e = readdir(d)))
		any = strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return any;
}

static int fw_eventlog(struct probe_ctx *c)
{
	struct fact_src sfs = probe_file_src(FW_SECURITYFS), src;
	char path[320], what[400];
	size_t size = 0;
	int ret, rd;

	if (!fw_securityfs_mounted(c->root)) {
		if ((ret = fw_keep(facts_set_bool(c->facts, "firmware.securityfs", false, &sfs))))
			return ret;
		return fw_keep(facts_set_unreadable(
		    c->facts, "firmware.eventlog", FACT_ABSENT,
		    rootfs_exists(c->root, FW_SECURITYFS)
			? "securityfs is not mounted on " FW_SECURITYFS
			  " (the directory is empty), so the event log cannot be seen"
			: FW_SECURITYFS " does not exist, so the event log cannot be seen",
		    &sfs));
	}
	if ((ret = fw_keep(facts_set_bool(c->facts, "firmware.securityfs", true, &sfs))))
		return ret;
	fw_find_log(c->root, path, sizeof(path));
	if (!path[0])
		return fw_keep(facts_set_bool(c->facts, "firmware.eventlog", false, &sfs));
	src = probe_file_src(path);
	if ((ret = fw_keep(facts_set_bool(c->facts, "firmware.eventlog", true, &src))))
		return ret;
	if ((ret = fw_keep(facts_set_str(c->facts, "firmware.eventlog.path", path, &src))))
		return ret;
	rd = fw_count_bytes(c->root, path, FW_LOG_MAX, &size);
	if ((ret = fw_keep(facts_set_bool(c->facts, "firmware.eventlog.readable",
					  rd == 0 || rd == -EFBIG, &src))))
		return ret;
	if (rd == -EFBIG) {
		snprintf(what, sizeof(what), "%s is larger than %u bytes", path, FW_LOG_MAX);
		return fw_keep(facts_set_unreadable(c->facts, "firmware.eventlog.size",
						    FACT_MALFORMED, what, &src));
	}
	if (rd) {
		snprintf(what, sizeof(what), "cannot read %s", path);
		return fw_keep(facts_set_errno(c->facts, "firmware.eventlog.size", rd, what, &src));
	}
	return fw_keep(facts_set_int(c->facts, "firmware.eventlog.size", (int64_t)size, &src));
}

int probe_firmware(struct probe_ctx *c)
{
	static const char why_no_fw[] =
	    "/sys/firmware is not there (sysfs not mounted, or not in this root)";
	struct fact_src fw = probe_file_src("/sys/firmware");
	struct fact_src acpi = probe_file_src("/sys/firmware/acpi/tables");
	struct fact_src efi = probe_file_src("/sys/firmware/efi");
	bool have_acpi;
	size_t i;
	int ret;

	if (!rootfs_exists(c->root, "/sys/firmware")) {
		static const char *const keys[] = {"firmware.efi", "firmware.acpi",
						   "firmware.acpi.tpm2", "firmware.acpi.tcpa"};

		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if ((ret = fw_keep(facts_set_unreadable(c->facts, keys[i], FACT_ABSENT,
								why_no_fw, &fw))))
				return ret;
		return fw_eventlog(c);
	}
	if ((ret = fw_keep(facts_set_bool(c->facts, "firmware.efi",
					  rootfs_exists(c->root, "/sys/firmware/efi"), &efi))))
		return ret;
	have_acpi = rootfs_exists(c->root, "/sys/firmware/acpi/tables");
	if ((ret = fw_keep(facts_set_bool(c->facts, "firmware.acpi", have_acpi, &acpi))))
		return ret;
	for (i = 0; i < sizeof(fw_tables) / sizeof(fw_tables[0]); i++)
		if ((ret = fw_table(c, i, have_acpi)))
			return ret;
	return fw_eventlog(c);
}
