// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The event-log parser (probes/eventlog/) on the seven real captures of
 * fixtures/eventlog/, then logs cut short and garbage, each with its exact
 * error.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/eventlog/eventlog.h"

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
	    "EFI variable PK (",
	    "EFI variable dbx (",
	    "EFI variable BootOrder = ",
	    "separator",
	    "GPT disk ",
	    "boot application PciRoot(0x0)/Pci(",
	    "/HD(1,GPT,",
	    "\\EFI\\BOOT\\BOOTX64.EFI",
	    "EFI variable db (authority, ",
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

Test(eventlog, separator_values)
{
	uint8_t v[4] = {0xff, 0xff, 0xff, 0xff};
	struct evlog_event e = {.type = EV_SEPARATOR, .data = v, .data_len = 4};
	char line[128];

	evlog_describe(&e, line, sizeof(line));
	cr_expect_str_eq(line, "separator 0xffffffff (the error value)");
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
	/* zeros: two TCG_PCR_EVENT records of PCR 0, type EV_PREBOOT_CERT, no data */
	cr_expect_eq(evlog_parse(zeros, 64, &log), 0);
	cr_expect_eq(log.n_events, 2);
	evlog_free(&log);
	/* 0xff: PCR 0xffffffff with an event size of 4 GiB */
	memset(ff, 0xff, sizeof(ff));
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
