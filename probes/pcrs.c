// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The pcrs probe: the PCR values the kernel reads from each chip, as facts
 * tpmN.pcr.BANK.I (lower-case hex), each with the file it came from:
 *  - /sys/class/tpm/tpmN/pcr-BANK/I for I = 0..23, one directory per bank
 *    the chip has allocated (kernels since 5.12; Documentation/ABI/stable/
 *    sysfs-class-tpm);
 *  - else the TPM 1.2 "pcrs" file (the class directory, or device/ on
 *    older kernels), as bank sha1.
 * tpmN.pcr.source says which, or why there are none. Every read makes the
 * kernel send the chip a PCR_Read, so all of a chip's reads are made in one
 * child process waited for at most --timeout (10 s by default, never past
 * the run's deadline: probes/os/chip_read.h); what did not come back in
 * time is unreadable with how long the probe waited.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "probes/os/chip_read.h"
#include "probes/os/tpm_class.h"
#include "probes/parse/sysfs_text.h"
#include "probes/probe.h"
#include "probes/tpm/tpm.h"
#include "probes/tpm/hex.h"

#define PCRS_DEADLINE_MS 10000 /* as the sysfs probe's reads that ask the chip */
#define PCRS_N		 24    /* PCRs 0..23: what the kernel's pcr-BANK/ lists */
#define PCRS_BANKS	 8     /* sha1 sha256 sha384 sha512 sm3_256 sha3_*: room to spare */
#define PCRS_DIGEST_MAX	 64
#define PCRS_TEXT	 (2 * PCRS_DIGEST_MAX + 8)
#define PCRS_FILE_TEXT	 4096 /* the 1.2 pcrs file: 24 lines of 70 characters */
#define PCRS_PATH	 256

struct pcrs_job {
	unsigned n; /* tpmN */
	char banks[PCRS_BANKS][32];
	size_t n_banks;
	bool file12; /* no pcr-sha1/: the 1.2 pcrs file is read as well */
	char paths[PCRS_BANKS * PCRS_N + 1][PCRS_PATH];
	char texts[PCRS_BANKS * PCRS_N][PCRS_TEXT];
	char file_text[PCRS_FILE_TEXT];
	struct chip_read reads[PCRS_BANKS * PCRS_N + 1];
	size_t n_reads;
	unsigned ms;
};

static int pcrs_bank_cmp(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

/* The pcr-BANK directories of tpmN, sorted; none when the kernel has none. */
static void pcrs_list_banks(const struct probe_ctx *c, struct pcrs_job *j)
{
	char dir[PCRS_PATH];
	struct dirent *e;
	DIR *d;

	snprintf(dir, sizeof(dir), "/sys/class/tpm/tpm%u", j->n);
	if (rootfs_opendir(c->root, dir, &d))
		return;
	while ((e = readdir(d)) && j->n_banks < PCRS_BANKS) {
		if (strncmp(e->d_name, "pcr-", 4) || !e->d_name[4] ||
		    strlen(e->d_name + 4) >= sizeof(j->banks[0]))
			continue;
		snprintf(j->banks[j->n_banks++], sizeof(j->banks[0]), "%s", e->d_name + 4);
	}
	closedir(d);
	qsort(j->banks, j->n_banks, sizeof(j->banks[0]), pcrs_bank_cmp);
}

/* The 1.2 pcrs file's path: the class directory, else device/ (as the sysfs probe). */
static bool pcrs_file12_path(const struct probe_ctx *c, unsigned n, char *path, size_t cap)
{
	struct stat st;

	snprintf(path, cap, "/sys/class/tpm/tpm%u/pcrs", n);
	if (!rootfs_stat(c->root, path, &st, true))
		return true;
	snprintf(path, cap, "/sys/class/tpm/tpm%u/device/pcrs", n);
	return !rootfs_stat(c->root, path, &st, true);
}

static void pcrs_plan(const struct probe_ctx *c, struct pcrs_job *j)
{
	size_t b, i, k = 0;

	for (b = 0; b < j->n_banks; b++)
		for (i = 0; i < PCRS_N; i++, k++) {
			snprintf(j->paths[k], PCRS_PATH, "/sys/class/tpm/tpm%u/pcr-%s/%zu", j->n,
				 j->banks[b], i);
			j->reads[k] = (struct chip_read){
			    .path = j->paths[k], .buf = j->texts[k], .cap = PCRS_TEXT};
		}
	for (b = 0; b < j->n_banks && strcmp(j->banks[b], "sha1"); b++)
		;
	j->file12 = b == j->n_banks && pcrs_file12_path(c, j->n, j->paths[k], PCRS_PATH);
	if (j->file12) {
		j->reads[k] = (struct chip_read){
		    .path = j->paths[k], .buf = j->file_text, .cap = sizeof(j->file_text)};
		k++;
	}
	j->n_reads = k;
}

/* Why a read gave no value, as a fact. */
static int pcrs_unreadable(struct probe_ctx *c, const char *key, const struct pcrs_job *j,
			   const struct chip_read *rd, int parse_err)
{
	struct fact_src src = probe_file_src(rd->path);
	char text[PCRS_PATH + 160];

	if (rd->err == -ETIME) { /* worded as the sysfs probe's */
		snprintf(text, sizeof(text),
			 "reading %s did not finish within %.*f s: the kernel is waiting for "
			 "the chip",
			 rd->path, j->ms % 1000 ? 1 : 0, j->ms / 1000.0);
		return facts_set_unreadable(c->facts, key, FACT_FAILED, text, &src);
	}
	if (rd->err) {
		snprintf(text, sizeof(text), "cannot read %s", rd->path);
		return facts_set_errno(c->facts, key, rd->err, text, &src);
	}
	if (parse_err == -ENODATA)
		return facts_set_unreadable(c->facts, key, FACT_FAILED,
					    "the file is empty: the kernel could not get an "
					    "answer from the chip",
					    &src);
	snprintf(text, sizeof(text), "%s is not what the kernel writes (hex digits)", rd->path);
	return facts_set_unreadable(c->facts, key, FACT_MALFORMED, text, &src);
}

static int pcrs_from_banks(struct probe_ctx *c, const struct pcrs_job *j)
{
	uint8_t v[PCRS_DIGEST_MAX];
	char key[128], hex[2 * PCRS_DIGEST_MAX + 1];
	size_t b, i, k = 0, len;
	int ret = 0, perr;

	for (b = 0; !ret && b < j->n_banks; b++)
		for (i = 0; !ret && i < PCRS_N; i++, k++) {
			const struct chip_read *rd = &j->reads[k];
			struct fact_src src = probe_file_src(rd->path);

			facts_key(key, sizeof(key), "tpm%u.pcr.%s.%zu", j->n, j->banks[b], i);
			perr =
			    rd->err ? rd->err : sysfs_parse_pcr_digest(rd->buf, v, sizeof(v), &len);
			if (perr) {
				ret = pcrs_unreadable(c, key, j, rd, perr);
				continue;
			}
			hex_lower(v, len, hex);
			ret = facts_set_str(c->facts, key, hex, &src);
		}
	return ret;
}

static int pcrs_from_file12(struct probe_ctx *c, const struct pcrs_job *j)
{
	const struct chip_read *rd = &j->reads[j->n_reads - 1];
	struct fact_src src = probe_file_src(rd->path);
	uint8_t vals[PCRS_N][SYSFS_PCR12_SIZE];
	char key[128], hex[2 * SYSFS_PCR12_SIZE + 1];
	size_t count = 0, bad = 0, i;
	int ret = 0, perr;

	perr = rd->err ? rd->err : sysfs_parse_pcr_values(rd->buf, vals, PCRS_N, &count, &bad);
	for (i = 0; !ret && i < PCRS_N; i++) {
		facts_key(key, sizeof(key), "tpm%u.pcr.sha1.%zu", j->n, i);
		if (perr)
			ret = pcrs_unreadable(c, key, j, rd, perr);
		else if (i >= count)
			ret = facts_set_unreadable(c->facts, key, FACT_ABSENT,
						   "the pcrs file lists fewer PCRs", &src);
		else {
			hex_lower(vals[i], SYSFS_PCR12_SIZE, hex);
			ret = facts_set_str(c->facts, key, hex, &src);
		}
	}
	return ret;
}

/*
 * The key of a fact of tpmN whose read already missed its deadline (the
 * sysfs probe's "reading ... did not finish"), or NULL: then the chip is not
 * asked again, since every read would wait as long.
 */
static const char *pcrs_chip_hung(const struct probe_ctx *c, unsigned n)
{
	char prefix[32];
	size_t i, plen = (size_t)snprintf(prefix, sizeof(prefix), "tpm%u.", n);

	for (i = 0; i < facts_count(c->facts); i++) {
		const struct fact *f = facts_at(c->facts, i);

		if (f->type == FACT_UNREADABLE && f->why == FACT_FAILED &&
		    !strncmp(f->key, prefix, plen) && f->why_text &&
		    !strncmp(f->why_text, "reading ", 8) && strstr(f->why_text, "did not finish"))
			return f->key;
	}
	return NULL;
}

static int pcrs_chip(struct probe_ctx *c, struct pcrs_job *j)
{
	char key[128], dir[PCRS_PATH], text[256];
	const char *hung = pcrs_chip_hung(c, j->n);
	struct fact_src src;
	int ret;

	pcrs_list_banks(c, j);
	pcrs_plan(c, j);
	snprintf(dir, sizeof(dir), "/sys/class/tpm/tpm%u", j->n);
	facts_key(key, sizeof(key), "tpm%u.pcr.source", j->n);
	if (hung && j->n_reads) {
		src = probe_file_src(dir);
		snprintf(text, sizeof(text),
			 "not read: the read of %s did not finish in time, so the chip is not "
			 "asked again",
			 hung);
		return facts_set_unreadable(c->facts, key, FACT_FAILED, text, &src);
	}
	if (!j->n_reads) {
		src = probe_file_src(dir);
		return facts_set_unreadable(c->facts, key, FACT_ABSENT,
					    "the kernel lists no pcr-<bank>/ directory (kernels "
					    "since 5.12 do) and no TPM 1.2 pcrs file",
					    &src);
	}
	ret = chip_read_all(c->root, j->reads, j->n_reads, j->ms);
	if (ret) {
		src = probe_file_src(dir);
		return facts_set_errno(c->facts, key, ret, "cannot start the reader of the PCRs",
				       &src);
	}
	src = probe_file_src(j->file12 ? j->paths[j->n_reads - 1] : dir);
	ret = facts_set_str(c->facts, key,
			    j->n_banks && j->file12 ? "pcr-<bank>/ and the pcrs file"
			    : j->n_banks	    ? "pcr-<bank>/"
						    : "the pcrs file",
			    &src);
	if (!ret && j->n_banks)
		ret = pcrs_from_banks(c, j);
	if (!ret && j->file12)
		ret = pcrs_from_file12(c, j);
	return ret;
}

/* --timeout, or the default, and never past the run's deadline. */
static unsigned pcrs_ms(const struct probe_ctx *c)
{
	unsigned ms = c->timeout_ms ? c->timeout_ms : PCRS_DEADLINE_MS;
	double left;

	if (c->deadline > 0) {
		left = c->deadline - tpm_now_ms();
		if (left < ms)
			ms = left > 0 ? (unsigned)left : 0;
	}
	return ms;
}

int probe_pcrs(struct probe_ctx *c)
{
	unsigned nums[TPM_CLASS_MAX];
	size_t n = 0, i;
	struct pcrs_job *j;
	int ret = tpm_class_numbers(c->root, "/sys/class/tpm", "tpm", nums, TPM_CLASS_MAX, &n);

	if (ret)
		return 0; /* no class directory: no chip (the udev probe says why) */
	j = malloc(sizeof(*j));
	if (!j)
		return -ENOMEM;
	for (i = 0; !ret && i < n; i++) {
		memset(j, 0, sizeof(*j));
		j->n = nums[i];
		j->ms = pcrs_ms(c);
		ret = pcrs_chip(c, j);
	}
	free(j);
	return ret == -ENOMEM ? -ENOMEM : 0;
}
