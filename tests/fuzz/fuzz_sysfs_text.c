// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the tpm sysfs text parsers (probes/parse/sysfs_text.c):
 * the first byte picks the parser, the rest is the text, handed over as a
 * NUL-terminated copy (or, for the passwd/group lookup, as an exact-size
 * buffer with no NUL, so a read past it is caught). Outputs are checked
 * for being NUL-terminated within their buffers.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "probes/parse/sysfs_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_str(const char *buf, size_t cap)
{
	if (!memchr(buf, '\0', cap))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char vals[4][SYSFS_NUM_MAX], buf[16];
	struct sysfs_caps caps;
	size_t count, line, i, n, modlen = 0;
	uint8_t mod[512];
	unsigned u, sel;
	bool b;
	char *text;

	if (!size)
		return 0;
	sel = data[0] % 13;
	n = size - 1;
	text = malloc(n + 1);
	if (!text)
		return 0;
	memcpy(text, data + 1, n);
	text[n] = '\0';
	switch (sel) {
	case 0:
		if (!sysfs_parse_caps(text, &caps)) {
			sysfs_vendor_text(caps.manufacturer, buf, sizeof(buf));
			check_str(buf, sizeof(buf));
		}
		break;
	case 1:
		sysfs_parse_bool(text, &b);
		sysfs_parse_version_major(text, &u);
		break;
	case 2:
	case 3:
		if (!sysfs_parse_times(text, sel == 2 ? 3 : 4, vals, &b))
			for (i = 0; i < (sel == 2 ? 3u : 4u); i++)
				check_str(vals[i], sizeof(vals[i]));
		break;
	case 4:
		if (sysfs_parse_pcrs(text, &count, &line) == 0 && count > n)
			abort();
		break;
	case 5:
		sysfs_parse_pubek(text, &u);
		if (!sysfs_parse_pubek_modulus(text, mod, sizeof(mod), &modlen) &&
		    (modlen > sizeof(mod) || sysfs_parse_pubek(text, &u) || u != modlen))
			abort();
		break;
	case 6:
		if (!sysfs_uevent_get(text, "DEVNAME", buf, sizeof(buf)))
			check_str(buf, sizeof(buf));
		break;
	case 7:
		if (!sysfs_modalias_id(text, buf, sizeof(buf)))
			check_str(buf, sizeof(buf));
		break;
	case 8:
		if (!sysfs_acpi_id(text, buf, sizeof(buf)))
			check_str(buf, sizeof(buf));
		break;
	case 10: {
		uint8_t pv[24][SYSFS_PCR12_SIZE];

		if (sysfs_parse_pcr_values(text, pv, 24, &count, &line) == 0 && count > n)
			abort();
		break;
	}
	case 11: {
		uint8_t dg[64];
		size_t len;

		if (sysfs_parse_pcr_digest(text, dg, sizeof(dg), &len) == 0 &&
		    (len > sizeof(dg) || 2 * len > n))
			abort();
		break;
	}
	case 12:
		if (!sysfs_compatible_id(text, buf, sizeof(buf)))
			check_str(buf, sizeof(buf));
		break;
	default: {
		char *exact = malloc(n ? n : 1);

		if (exact) {
			memcpy(exact, data + 1, n);
			if (!sysfs_id_name(exact, n, 0, buf, sizeof(buf)))
				check_str(buf, sizeof(buf));
			sysfs_id_name(exact, n, 107, buf, 1);
			free(exact);
		}
		break;
	}
	}
	free(text);
	return 0;
}
