// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the ACPI TPM2/TCPA table parser. Each input is
 * parsed as it is, and again as a TPM2 and a TCPA table whose signature and
 * length field are patched to agree with the input, so the fuzzer reaches
 * the field parsing past the header checks. The copy is exactly as long as
 * the input, so ASan catches any read past it. The seeds are tables built
 * in the layout qemu writes (see tests/unit/test_firmware.c), not captured.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "probes/parse/acpi_tpm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_header(const struct acpi_header *h, size_t size)
{
	if (h->length != size || size < ACPI_HEADER_LEN)
		abort();
	if (strlen(h->signature) > 4 || strlen(h->oem_id) > 6 || strlen(h->oem_table_id) > 8 ||
	    strlen(h->creator_id) > 4)
		abort();
}

static void parse_both(const uint8_t *buf, size_t size)
{
	struct acpi_tpm2 t;
	struct acpi_tcpa q;
	char err[96];

	if (acpi_tpm2_parse(buf, size, &t, err, sizeof(err)) == 0) {
		check_header(&t.h, size);
		if (size < ACPI_TPM2_MIN_LEN || t.has_log != (size >= ACPI_TPM2_LOG_LEN))
			abort();
		if (!acpi_tpm2_start_method_name(t.start_method) ||
		    !acpi_platform_class_name(t.platform_class))
			abort();
	} else if (!memchr(err, '\0', sizeof(err)) || !err[0]) {
		abort();
	}
	if (acpi_tcpa_parse(buf, size, &q, err, sizeof(err)) == 0)
		check_header(&q.h, size);
	else if (!memchr(err, '\0', sizeof(err)) || !err[0])
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const sigs[] = {"TPM2", "TCPA"};
	uint8_t *copy = malloc(size ? size : 1);
	size_t i;

	if (!copy)
		return 0;
	if (size)
		memcpy(copy, data, size);
	parse_both(copy, size);
	for (i = 0; i < 2 && size >= 8; i++) {
		memcpy(copy, sigs[i], 4);
		copy[4] = (uint8_t)size;
		copy[5] = (uint8_t)(size >> 8);
		copy[6] = (uint8_t)(size >> 16);
		copy[7] = (uint8_t)(size >> 24);
		parse_both(copy, size);
	}
	free(copy);
	return 0;
}
