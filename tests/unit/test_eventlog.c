// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The event-log parser and replay (probes/eventlog/) on the seven real
 * captures of fixtures/eventlog/: the replayed PCRs 0-7 equal what the
 * guest's kernel read from the TPM (pcrs.txt) and every PCR equals what
 * tpm2_eventlog replayed (the "pcrs:" section of tpm2_eventlog.txt); the
 * records are as many as tpm2_eventlog printed, and the events per PCR as
 * many as replay.txt counted. Then logs cut short and garbage, each with
 * its exact error.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/eventlog/eventlog.h"
#include "probes/eventlog/eventlog_priv.h"
#include "probes/eventlog/eventlog_replay.h"

#define DIR "fixtures/eventlog/"

static const char *const fixtures[] = {
    "ovmf-tpm20-sb-off-k1", "ovmf-tpm20-sb-off-k1-esp",	  "ovmf-tpm20-sb-off-k2",
    "ovmf-tpm20-sb-on-k1",  "ovmf-tpm20-sb-on-k1-direct", "seabios-tpm12",
    "seabios-tpm20",
};

static uint8_t *slurp(const char *name, const char *file, size_t *len)
{
	char path[512];
	uint8_t *buf;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), DIR "%s/%s", name, file);
	f = fopen(path, "rb");
	cr_assert(f, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	cr_assert(buf);
	cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void hex(const uint8_t *d, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
	out[2 * n] = '\0';
}

static const struct evlog_bank_replay *bank(const struct evlog_replay *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->n_banks; i++)
		if (!strcmp(evlog_alg_name(r->banks[i].alg), name))
			return &r->banks[i];
	return NULL;
}

static void replayed(const struct evlog_replay *r, const char *b, unsigned pcr, char *out)
{
	const struct evlog_bank_replay *k = bank(r, b);

	cr_assert(k, "no bank %s", b);
	cr_assert(k->supported, "bank %s not replayed", b);
	hex(k->pcr[pcr], k->size, out);
}

/* pcrs.txt: "BANK INDEX HEX"; returns the lines compared. */
static int against_pcrs_txt(const char *name, const struct evlog_replay *r)
{
	char b[16], v[160], got[160];
	unsigned idx;
	int n = 0;
	size_t len;
	char *text = (char *)slurp(name, "pcrs.txt", &len), *line, *save = NULL;

	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		cr_assert_eq(sscanf(line, "%15s %u %159s", b, &idx, v), 3, "%s: '%s'", name, line);
		if (idx > 7)
			continue;
		replayed(r, b, idx, got);
		cr_expect_str_eq(got, v, "%s: %s %u replayed %s, the TPM read %s", name, b, idx,
				 got, v);
		n++;
	}
	free(text);
	return n;
}

/* tpm2_eventlog.txt's "pcrs:" section: "  BANK:" then "    N  : 0xHEX". */
static int against_tpm2_eventlog(const char *name, const struct evlog_replay *r)
{
	char bname[16] = "", v[160], got[160];
	unsigned idx;
	int n = 0, in = 0;
	size_t len;
	char *text = (char *)slurp(name, "tpm2_eventlog.txt", &len), *line, *save = NULL;

	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strcmp(line, "pcrs:")) {
			in = 1;
			continue;
		}
		if (!in)
			continue;
		if (line[2] != ' ') { /* "  sha256:" */
			cr_assert_eq(sscanf(line, "  %15[a-z0-9_]:", bname), 1, "'%s'", line);
			continue;
		}
		if (sscanf(line, "    %u : 0x%159s", &idx, v) != 2)
			break;
		replayed(r, bname, idx, got);
		cr_expect_str_eq(got, v, "%s: %s %u replayed %s, tpm2_eventlog %s", name, bname,
				 idx, got, v);
		n++;
	}
	free(text);
	return n;
}

static size_t count_of(const char *text, const char *word)
{
	size_t n = 0;

	for (; (text = strstr(text, word)); text += strlen(word))
		n++;
	return n;
}

/* replay.txt: "pcr N events M" of the independent reading. */
static void against_replay_txt(const char *name, const struct evlog_replay *r)
{
	unsigned pcr, n, want[EVLOG_PCRS] = {0}, i;
	size_t len;
	char *text = (char *)slurp(name, "replay.txt", &len), *line, *save = NULL;

	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (sscanf(line, "pcr %u events %u", &pcr, &n) == 2 && pcr < EVLOG_PCRS)
			want[pcr] = n;
	for (i = 0; i < EVLOG_PCRS; i++)
		cr_expect_eq(r->banks[0].events[i], want[i], "%s: PCR %u: %u events, replay.txt %u",
			     name, i, r->banks[0].events[i], want[i]);
	free(text);
}

Test(eventlog, fixtures_replay_to_the_tpms_pcrs)
{
	struct evlog_replay r;
	struct evlog log;
	size_t i, len;
	uint8_t *buf;
	char *tool;

	for (i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
		buf = slurp(fixtures[i], "binary_bios_measurements", &len);
		cr_assert_eq(evlog_parse(buf, len, &log), 0, "%s: %s at %zu", fixtures[i],
			     evlog_err_str(log.err), log.err_offset);
		cr_assert_eq(evlog_replay(&log, &r), 0);
		tool = (char *)slurp(fixtures[i], "tpm2_eventlog.txt", &len);
		cr_expect_eq(log.n_events, count_of(tool, "PCRIndex:"),
			     "%s: %zu records, tpm2_eventlog %zu", fixtures[i], log.n_events,
			     count_of(tool, "PCRIndex:"));
		free(tool);
		/* sha1 (and sha256 for TPM 2.0) PCRs 0-7 */
		cr_expect_eq(against_pcrs_txt(fixtures[i], &r), log.format == EVLOG_TCG12 ? 8 : 16,
			     "%s", fixtures[i]);
		cr_expect_geq(against_tpm2_eventlog(fixtures[i], &r), 8, "%s", fixtures[i]);
		against_replay_txt(fixtures[i], &r);
		evlog_free(&log);
		free(buf);
	}
}

Test(eventlog, formats_and_banks)
{
	struct evlog log;
	size_t len;
	uint8_t *buf = slurp("seabios-tpm12", "binary_bios_measurements", &len);

	cr_assert_eq(evlog_parse(buf, len, &log), 0);
	cr_expect_eq(log.format, EVLOG_TCG12);
	cr_expect_eq(log.n_banks, 1);
	cr_expect_eq(log.n_events, 13);
	evlog_free(&log);
	free(buf);
	buf = slurp("ovmf-tpm20-sb-on-k1", "binary_bios_measurements", &len);
	cr_assert_eq(evlog_parse(buf, len, &log), 0);
	cr_expect_eq(log.format, EVLOG_CRYPTO_AGILE);
	cr_expect_eq(log.n_banks, 2);
	cr_expect_str_eq(evlog_alg_name(log.banks[0].alg), "sha1");
	cr_expect_str_eq(evlog_alg_name(log.banks[1].alg), "sha256");
	cr_expect_eq(log.banks[1].size, 32);
	cr_expect(log.events[0].spec_id);
	cr_expect_eq(log.n_events, 49);
	evlog_free(&log);
	free(buf);
}

/* The meaning of the events a person looks for, in the Secure Boot log. */
Test(eventlog, describe_sb_on)
{
	static const char *const want[] = {
	    "EFI variable SecureBoot = 1",
	    "EFI variable PK = 1 X.509 certificate: Debian UEFI Secure Boot (PK/KEK key)\n",
	    "EFI variable dbx = 1 SHA-256 hash\n",
	    "EFI variable db = 2 X.509 certificates: Microsoft Windows Production PCA 2011; "
	    "Microsoft Corporation UEFI CA 2011\n",
	    "EFI variable BootOrder = ",
	    "separator",
	    "GPT disk ",
	    "boot application PciRoot(0x0)/Pci(",
	    "/HD(1,GPT,",
	    "\\EFI\\BOOT\\BOOTX64.EFI",
	    "EFI variable db (authority): X.509 certificate Microsoft Corporation UEFI CA 2011\n",
	    "EFI variable MokListRT (authority): X.509 certificate Debian Secure Boot CA\n",
	    "EFI variable SbatLevel (authority): \"sbat,1,2025021800; shim,4; grub,5\"\n",
	    "action \"Calling EFI Application from Boot Option\"",
	    "action \"Exit Boot Services Invocation\"",
	};
	static char all[65536];
	char line[1024];
	struct evlog log;
	size_t i, len;
	uint8_t *buf = slurp("ovmf-tpm20-sb-on-k1", "binary_bios_measurements", &len);

	cr_assert_eq(evlog_parse(buf, len, &log), 0);
	all[0] = '\0';
	for (i = 0; i < log.n_events; i++) {
		evlog_describe(&log.events[i], line, sizeof(line));
		strncat(all, line, sizeof(all) - strlen(all) - 2);
		strcat(all, "\n");
	}
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		cr_expect(strstr(all, want[i]), "no '%s' in:\n%s", want[i], all);
	cr_expect_str_eq(evlog_type_name(0x800000E0), "EV_EFI_VARIABLE_AUTHORITY");
	cr_expect_str_eq(evlog_type_name(0x12), "EV_OMIT_BOOT_DEVICE_EVENTS");
	cr_expect_null(evlog_type_name(0x13));
	evlog_free(&log);
	free(buf);
}

/* Linux's EFI stub tags its PCR 9 events. */
Test(eventlog, describe_linux_tags)
{
	char all[8192] = "", line[1024];
	struct evlog log;
	size_t i, len;
	uint8_t *buf = slurp("ovmf-tpm20-sb-off-k1", "binary_bios_measurements", &len);

	cr_assert_eq(evlog_parse(buf, len, &log), 0);
	for (i = 0; i < log.n_events; i++) {
		evlog_describe(&log.events[i], line, sizeof(line));
		strncat(all, line, sizeof(all) - strlen(all) - 2);
		strcat(all, "\n");
	}
	cr_expect(strstr(all, "\nevent tag 0x8f3b22ec (Linux initrd) \"Linux initrd\"\n"), "%s",
		  all);
	cr_expect(
	    strstr(all,
		   "\nboot application VenMedia(1428f772-b64a-441e-b8c3-9ebdd7f893c7)/kernel\n"),
	    "%s", all);
	cr_expect(strstr(all, "\nEFI variable PK (empty)\n"), "%s", all);
	evlog_free(&log);
	free(buf);
}

Test(eventlog, separator_values)
{
	uint8_t v[4] = {0xff, 0xff, 0xff, 0xff};
	struct evlog_event e = {.type = EV_SEPARATOR, .data = v, .data_len = 4};
	char line[128];

	evlog_describe(&e, line, sizeof(line));
	cr_expect_str_eq(line, "separator 0xffffffff"); /* SeaBIOS writes it: not judged */
	memset(v, 0, 4);
	evlog_describe(&e, line, sizeof(line));
	cr_expect_str_eq(line, "separator");
}

/* Every cut of a real log short of its end is refused as truncated, at the cut record. */
Test(eventlog, truncated_logs)
{
	struct evlog log, whole;
	size_t i, len, cut, k;
	uint8_t *buf;

	for (i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
		buf = slurp(fixtures[i], "binary_bios_measurements", &len);
		cr_assert_eq(evlog_parse(buf, len, &whole), 0);
		for (cut = 1; cut < len; cut++) {
			int rc = evlog_parse(buf, cut, &log);

			for (k = 0; k + 1 < whole.n_events && whole.events[k + 1].offset <= cut;
			     k++)
				;
			if (whole.events[k].offset == cut ||
			    (k + 1 == whole.n_events && cut == len)) {
				cr_assert_eq(rc, 0, "%s cut %zu", fixtures[i], cut);
				evlog_free(&log);
				continue;
			}
			cr_assert_eq(rc, -EBADMSG, "%s cut %zu: %d", fixtures[i], cut, rc);
			/* a cut into the Spec ID header leaves a malformed header */
			if (log.err != EVLOG_ERR_SPEC_ID)
				cr_assert_eq(log.err, EVLOG_ERR_TRUNCATED, "%s cut %zu: %s",
					     fixtures[i], cut, evlog_err_str(log.err));
			cr_assert_eq(log.err_offset, whole.events[k].offset, "%s cut %zu",
				     fixtures[i], cut);
			cr_assert_null(log.events);
		}
		evlog_free(&whole);
		free(buf);
	}
}

Test(eventlog, garbage)
{
	static uint8_t zeros[64], big[40];
	uint8_t ff[40];
	struct evlog log;
	uint8_t *buf;
	size_t len;

	cr_expect_eq(evlog_parse(zeros, 0, &log), -ENODATA);
	cr_expect_eq(log.err, EVLOG_ERR_EMPTY);
	cr_expect_eq(evlog_parse(zeros, EVLOG_MAX_BYTES + 1, &log), -EFBIG);
	cr_expect_eq(log.err, EVLOG_ERR_TOO_BIG);
	/* zeros alone: padding, no record */
	cr_expect_eq(evlog_parse(zeros, 64, &log), -ENODATA);
	cr_expect_eq(log.err, EVLOG_ERR_EMPTY);
	/* a zero record before other bytes is a record (PCR 0, EV_PREBOOT_CERT, no data) */
	zeros[60] = 1; /* the second record has one byte of data, past the end */
	cr_expect_eq(evlog_parse(zeros, 64, &log), -EBADMSG);
	cr_expect_eq(log.err, EVLOG_ERR_TRUNCATED);
	cr_expect_eq(log.err_offset, 32);
	zeros[60] = 0;
	/* 0xff alone is padding; with a last byte of 0 a record of PCR 0xffffffff and 4 GiB of data
	 */
	memset(ff, 0xff, sizeof(ff));
	cr_expect_eq(evlog_parse(ff, sizeof(ff), &log), -ENODATA);
	ff[sizeof(ff) - 1] = 0;
	cr_expect_eq(evlog_parse(ff, sizeof(ff), &log), -EBADMSG);
	cr_expect_eq(log.err, EVLOG_ERR_DATA_TOO_BIG);
	cr_expect_eq(log.err_offset, 0);
	/* a record of PCR 24 */
	big[0] = 24;
	cr_expect_eq(evlog_parse(big, 32, &log), -EBADMSG);
	cr_expect_eq(log.err, EVLOG_ERR_BAD_PCR);
	/* a crypto-agile log whose second record names an algorithm not in the header */
	buf = slurp("seabios-tpm20", "binary_bios_measurements", &len);
	cr_assert_eq(evlog_parse(buf, len, &log), 0);
	buf[log.events[1].offset + 12] = 0x0c; /* sha1 -> sha384 */
	evlog_free(&log);
	cr_expect_eq(evlog_parse(buf, len, &log), -EBADMSG);
	cr_expect_eq(log.err, EVLOG_ERR_UNKNOWN_ALG);
	cr_expect_str_eq(evlog_err_str(log.err),
			 "a record has a digest of an algorithm the Spec ID header lacks");
	buf[log.err_offset + 12] = 0x04;
	buf[log.err_offset + 8] = 3; /* three digests, two banks */
	cr_expect_eq(evlog_parse(buf, len, &log), -EBADMSG);
	cr_expect_eq(log.err, EVLOG_ERR_DIGEST_COUNT);
	buf[log.err_offset + 8] = 2;
	buf[24 + 32] = 9; /* Spec ID: nine algorithms */
	cr_expect_eq(evlog_parse(buf, len, &log), -EBADMSG);
	cr_expect_eq(log.err, EVLOG_ERR_SPEC_ID);
	cr_expect_eq(log.err_offset, 0);
	free(buf);
}

Test(eventlog, device_paths)
{
	/* PciRoot(0x0)/Pci(0x1,0x1)/\A, a node of length 2, an unknown node */
	static const uint8_t p[] = {2,	  1, 12,  0, 0xd0, 0x41, 0x03, 0x0a, 0, 0,  0,
				    0,	  1, 1,	  6, 0,	   1,	 1,    4,    4, 10, 0,
				    '\\', 0, 'A', 0, 0,	   0,	 0x7f, 0xff, 4, 0};
	static const uint8_t bad[] = {1, 1, 2, 0};
	static const uint8_t odd[] = {9, 9, 4, 0, 0x7f, 0xff, 4, 0};
	char out[128];

	cr_expect_eq(evlog_devpath_text(p, sizeof(p), out, sizeof(out)), 0);
	cr_expect_str_eq(out, "PciRoot(0x0)/Pci(0x1,0x1)/\\A");
	cr_expect_eq(evlog_devpath_text(bad, sizeof(bad), out, sizeof(out)), -EBADMSG);
	cr_expect_str_eq(out, "<bad node>");
	cr_expect_eq(evlog_devpath_text(odd, sizeof(odd), out, sizeof(out)), 0);
	cr_expect_str_eq(out, "Path(9,9)");
	cr_expect_eq(evlog_devpath_text(p, sizeof(p), out, 8), 0);
	cr_expect_str_eq(out, "PciRoot");
}

static size_t put_event(uint8_t *p, uint32_t pcr, uint32_t type, const uint8_t *digest,
			const void *data, uint32_t n)
{
	memset(p, 0, 32);
	memcpy(p, &pcr, 4);
	memcpy(p + 4, &type, 4);
	if (digest)
		memcpy(p + 8, digest, 20);
	memcpy(p + 28, &n, 4);
	memcpy(p + 32, data, n);
	return 32 + n;
}

/* PCR 0 starts at the StartupLocality's locality in its last byte. */
Test(eventlog, startup_locality)
{
	static const uint8_t sep_sha1[20] = {0x90, 0x69, 0xca, 0x78, 0xe7, 0x45, 0x0a,
					     0x28, 0x51, 0x73, 0x43, 0x1b, 0x3e, 0x52,
					     0xc5, 0xc2, 0x52, 0x99, 0xe4, 0x73};
	uint8_t buf[128], zero[4] = {0};
	struct evlog_replay r;
	struct evlog log;
	char got[41];
	size_t n;

	n = put_event(buf, 0, EV_NO_ACTION, NULL, "StartupLocality\0\3", 17);
	n += put_event(buf + n, 0, EV_SEPARATOR, sep_sha1, zero, 4);
	cr_assert_eq(evlog_parse(buf, n, &log), 0);
	cr_assert_eq(evlog_replay(&log, &r), 0);
	cr_expect_eq(r.startup_locality, 3);
	cr_expect_eq(r.banks[0].events[0], 1);
	hex(r.banks[0].pcr[0], 20, got);
	/* sha1(19 zero bytes, 03, sha1(00000000)) */
	cr_expect_str_eq(got, "3cbcd420d8a58de607677e036109f6eb2c72ef7f");
	evlog_free(&log);
}

/* The node kinds of network and disk boots, in the UEFI text forms. */
Test(eventlog, device_path_nodes)
{
	static const uint8_t p[] = {
	    /* MAC(525400123456,0x1) */
	    3, 11, 37, 0, 0x52, 0x54, 0, 0x12, 0x34, 0x56, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	    /* IPv4(0.0.0.0,TCP,DHCP,10.0.2.15) */
	    3, 12, 27, 0, 10, 0, 2, 15, 0, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    /* Uri(http://x/a.efi) */
	    3, 24, 18, 0, 'h', 't', 't', 'p', ':', '/', '/', 'x', '/', 'a', '.', 'e', 'f', 'i',
	    /* end of instance, then NVMe(0x1,00-11-22-33-44-55-66-77) */
	    0x7f, 0x01, 4, 0, 3, 23, 16, 0, 1, 0, 0, 0, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
	    /* Sata(0x0,0xffff,0x0) */
	    3, 18, 10, 0, 0, 0, 0xff, 0xff, 0, 0,
	    /* USB(0x1,0x0) */
	    3, 5, 6, 0, 1, 0, 0x7f, 0xff, 4, 0};
	char out[512];

	cr_expect_eq(evlog_devpath_text(p, sizeof(p), out, sizeof(out)), 0);
	cr_expect_str_eq(
	    out, "MAC(525400123456,0x1)/IPv4(0.0.0.0,TCP,DHCP,10.0.2.15)/Uri(http://x/a.efi),"
		 "NVMe(0x1,00-11-22-33-44-55-66-77)/Sata(0x0,0xffff,0x0)/USB(0x1,0x0)");
}

/* A copy of the whole log area: the records, then 0x00 or 0xff to its end. */
Test(eventlog, padding_after_the_last_record)
{
	struct evlog_replay r;
	struct evlog log;
	size_t len, i;
	uint8_t *buf = slurp("seabios-tpm12", "binary_bios_measurements", &len), *area;
	static const uint8_t fills[] = {0x00, 0xff};
	char got[41];

	for (i = 0; i < 2; i++) {
		area = malloc(len + 4096);
		cr_assert(area);
		memcpy(area, buf, len);
		memset(area + len, fills[i], 4096);
		cr_assert_eq(evlog_parse(area, len + 4096, &log), 0);
		cr_expect_eq(log.n_events, 13);
		cr_expect_eq(log.padding, 4096);
		cr_assert_eq(evlog_replay(&log, &r), 0);
		hex(r.banks[0].pcr[0], 20, got);
		cr_expect_str_eq(got, "3a3f780f11a4b49969fcaa80cd6e3957c33b2275");
		evlog_free(&log);
		free(area);
	}
	free(buf);
}

/* Fewer than 32 bytes of zeros after the last record are a record cut short. */
Test(eventlog, short_zero_tail_is_truncation)
{
	uint8_t area[640];
	struct evlog log;
	size_t len;
	uint8_t *buf = slurp("seabios-tpm12", "binary_bios_measurements", &len);

	cr_assert_leq(len + 31, sizeof(area));
	memcpy(area, buf, len);
	memset(area + len, 0, 31);
	cr_expect_eq(evlog_parse(area, len + 31, &log), -EBADMSG);
	cr_expect_eq(log.err, EVLOG_ERR_TRUNCATED);
	cr_expect_eq(log.err_offset, len);
	free(buf);
}

/* The PFP 1.05 forms with a description: EV_EFI_HANDOFF_TABLES2, EV_EFI_PLATFORM_FIRMWARE_BLOB2. */
Test(eventlog, described_tables_and_blobs)
{
	static const uint8_t tables[] = {3, 'a', 'b', 'c', 2, 0, 0, 0, 0, 0, 0, 0};
	static const uint8_t blob[] = {2, 'f', 'v',  0, 0, 0x80, 0, 0, 0, 0,
				       0, 0,   0x10, 0, 0, 0,	 0, 0, 0};
	struct evlog_event e = {.type = 0x8000000B, .data = tables, .data_len = sizeof(tables)};
	char line[128];

	evlog_describe(&e, line, sizeof(line));
	cr_expect_str_eq(line, "2 configuration tables \"abc\"");
	e.data_len = 5;
	evlog_describe(&e, line, sizeof(line));
	cr_expect_str_eq(line, "configuration tables (5 bytes, short)");
	e = (struct evlog_event){.type = 0x8000000A, .data = blob, .data_len = sizeof(blob)};
	evlog_describe(&e, line, sizeof(line));
	cr_expect_str_eq(line, "firmware blob \"fv\" at 0x800000, 0x1000 bytes");
}

/* Secure Boot as PCR 7 of the two captured OVMF boots saw it. */
Test(eventlog, secure_boot_as_pcr7_saw_it)
{
	struct evlog_secureboot sb;
	struct evlog log;
	size_t len;
	uint8_t *buf = slurp("ovmf-tpm20-sb-on-k1", "binary_bios_measurements", &len);

	cr_assert_eq(evlog_parse(buf, len, &log), 0);
	evlog_secureboot(&log, &sb);
	cr_expect_eq(sb.secureboot, 1);
	cr_expect_eq(sb.secureboot_event, 4);
	cr_expect_eq(sb.pk, 1);
	cr_expect_eq(sb.kek, 2);
	cr_expect_eq(sb.db, 2);
	cr_expect_eq(sb.dbx, 1);
	cr_assert_eq(sb.n_auth, 3);
	cr_expect_str_eq(sb.auth[0],
			 "db (authority): X.509 certificate Microsoft Corporation UEFI CA 2011");
	cr_expect_str_eq(sb.auth[2],
			 "MokListRT (authority): X.509 certificate Debian Secure Boot CA");
	evlog_free(&log);
	free(buf);

	buf = slurp("ovmf-tpm20-sb-off-k1", "binary_bios_measurements", &len);
	cr_assert_eq(evlog_parse(buf, len, &log), 0);
	evlog_secureboot(&log, &sb);
	cr_expect_eq(sb.secureboot, 0);
	cr_expect(!sb.pk && !sb.kek && !sb.db && !sb.dbx, "empty databases count 0");
	cr_expect_eq(sb.n_auth, 0);
	evlog_free(&log);
	free(buf);

	buf = slurp("seabios-tpm20", "binary_bios_measurements", &len);
	cr_assert_eq(evlog_parse(buf, len, &log), 0);
	evlog_secureboot(&log, &sb);
	cr_expect_eq(sb.secureboot, -1, "a BIOS boot measures no SecureBoot");
	cr_expect_eq(sb.dbx, -1);
	evlog_free(&log);
	free(buf);
}

/*
 * Redacted, the log with a GPT disk keeps its records and replays to the
 * same PCRs; the disk GUID, the partition's in the GPT event and in the
 * boot application's path are zero.
 */
Test(eventlog, redaction_keeps_the_replay)
{
	struct evlog_replay *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
	struct evlog log, red;
	char text[1024];
	size_t len, blanked, i;
	uint8_t *buf = slurp("ovmf-tpm20-sb-off-k1-esp", "binary_bios_measurements", &len);
	uint8_t *copy = malloc(len);

	cr_assert(a && b && copy);
	memcpy(copy, buf, len);
	cr_assert_eq(evlog_redact(copy, len, &blanked), 0);
	cr_expect_eq(blanked, 3);
	cr_assert_eq(evlog_parse(buf, len, &log), 0);
	cr_assert_eq(evlog_parse(copy, len, &red), 0);
	cr_assert_eq(log.n_events, red.n_events);
	cr_assert_eq(evlog_replay(&log, a), 0);
	cr_assert_eq(evlog_replay(&red, b), 0);
	for (i = 0; i < a->n_banks; i++)
		cr_expect_arr_eq(a->banks[i].pcr, b->banks[i].pcr, sizeof(a->banks[i].pcr));
	for (i = 0; i < red.n_events; i++) {
		evlog_describe(&red.events[i], text, sizeof(text));
		cr_expect(!strstr(text, "6a1f5b2e") && !strstr(text, "0e5a3c1d"), "event %zu: %s",
			  i, text);
		if (strstr(text, "GPT disk"))
			cr_expect(strstr(text, "GPT disk 00000000-0000-0000-0000-000000000000"),
				  "%s", text);
	}
	evlog_free(&log);
	evlog_free(&red);
	free(copy);
	free(buf);
	free(a);
	free(b);
}

/* A signature list whose ListSize is 0 (fuzz_eventlog found it looping forever): refused. */
Test(eventlog, a_signature_list_of_size_zero_ends_the_walk)
{
	uint8_t d[56] = {0};
	size_t count = 99;
	char text[256] = "";

	d[24] = 17; /* SignatureSize 17 (owner GUID + 1 byte); ListSize and HeaderSize 0 */
	d[28 + 24] = 17;
	cr_expect_eq(evlog_siglists_count(d, sizeof(d), &count), -EBADMSG);
	cr_expect_eq(count, 0);
	evlog_siglists_text(d, sizeof(d), text, sizeof(text));
	cr_expect(strstr(text, "not signature lists"), "%s", text);
}
