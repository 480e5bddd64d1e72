// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "probes/parse/acpi_tpm.h"

#define TCPA_CLIENT_LEN 50
#define TCPA_SERVER_LEN 56

/*
 * Start methods (TCG ACPI Specification; the kernel's ACPI_TPM2_* values),
 * with the bytes of start-method parameters the kernel's tpm_crb requires
 * after offset 52 for that method.
 */
static const struct {
	uint32_t code;
	const char *name;
	size_t params;
} acpi_start_methods[] = {
    {0, "not-allowed", 0}, {1, "reserved", 0},	   {2, "acpi", 0},	{3, "reserved", 0},
    {4, "reserved", 0},	   {5, "reserved", 0},	   {6, "tis", 0},	{7, "crb", 0},
    {8, "crb+acpi", 0},	   {9, "reserved", 0},	   {10, "reserved", 0}, {11, "crb+smc", 12},
    {12, "reserved", 0},   {13, "crb+pluton", 16}, {14, "reserved", 0}, {15, "crb+ffa", 12},
};

static const char *const acpi_classes[] = {"client", "server"};

const char *acpi_tpm2_start_method_name(uint32_t code)
{
	size_t i;

	for (i = 0; i < sizeof(acpi_start_methods) / sizeof(acpi_start_methods[0]); i++)
		if (acpi_start_methods[i].code == code)
			return acpi_start_methods[i].name;
	return "unknown";
}

static size_t acpi_start_method_params(uint32_t code)
{
	size_t i;

	for (i = 0; i < sizeof(acpi_start_methods) / sizeof(acpi_start_methods[0]); i++)
		if (acpi_start_methods[i].code == code)
			return acpi_start_methods[i].params;
	return 0;
}

const char *acpi_platform_class_name(uint16_t cls)
{
	return cls < sizeof(acpi_classes) / sizeof(acpi_classes[0]) ? acpi_classes[cls] : "unknown";
}

/* Little-endian readers; callers have checked off + width <= len. */
static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* n bytes of a fixed-width ACPI string: printable ASCII, '?' for others, blanks cut. */
static void acpi_str(char *dst, const uint8_t *src, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? (char)src[i] : src[i] ? '?' : ' ';
	while (n && dst[n - 1] == ' ')
		n--;
	dst[n] = '\0';
}

static int acpi_header_parse(const uint8_t *buf, size_t len, const char *sig, size_t min,
			     struct acpi_header *h, char *err, size_t errlen)
{
	uint8_t sum = 0;
	size_t i;

	memset(h, 0, sizeof(*h));
	if (len < ACPI_HEADER_LEN) {
		snprintf(err, errlen, "table has %zu bytes, shorter than the %d-byte ACPI header",
			 len, ACPI_HEADER_LEN);
		return -EBADMSG;
	}
	acpi_str(h->signature, buf, 4);
	if (memcmp(buf, sig, 4)) {
		snprintf(err, errlen, "signature is \"%s\", expected \"%s\"", h->signature, sig);
		return -EBADMSG;
	}
	h->length = le32(buf + 4);
	if (h->length != len) {
		snprintf(err, errlen, "length field says %u, table has %zu bytes", h->length, len);
		return -EBADMSG;
	}
	if (h->length < min) {
		snprintf(err, errlen, "length %u is shorter than the %zu bytes a %s table needs",
			 h->length, min, sig);
		return -EBADMSG;
	}
	h->revision = buf[8];
	h->checksum = buf[9];
	acpi_str(h->oem_id, buf + 10, 6);
	acpi_str(h->oem_table_id, buf + 16, 8);
	h->oem_revision = le32(buf + 24);
	acpi_str(h->creator_id, buf + 28, 4);
	h->creator_revision = le32(buf + 32);
	for (i = 0; i < len; i++)
		sum = (uint8_t)(sum + buf[i]);
	h->checksum_ok = sum == 0;
	return 0;
}

int acpi_tpm2_parse(const uint8_t *buf, size_t len, struct acpi_tpm2 *out, char *err, size_t errlen)
{
	int ret;

	memset(out, 0, sizeof(*out));
	ret = acpi_header_parse(buf, len, "TPM2", ACPI_TPM2_MIN_LEN, &out->h, err, errlen);
	if (ret)
		return ret;
	out->platform_class = le16(buf + 36);
	out->control_area = le64(buf + 40);
	out->start_method = le32(buf + 48);
	out->params_ok = len >= ACPI_TPM2_MIN_LEN + acpi_start_method_params(out->start_method);
	out->has_log = len >= ACPI_TPM2_LOG_LEN;
	if (out->has_log) {
		out->log_area_length = le32(buf + 64);
		out->log_area_start = le64(buf + 68);
	}
	return 0;
}

int acpi_tcpa_parse(const uint8_t *buf, size_t len, struct acpi_tcpa *out, char *err, size_t errlen)
{
	size_t min;
	int ret;

	memset(out, 0, sizeof(*out));
	/* The class decides the layout, so check for it before the rest. */
	min = len >= ACPI_HEADER_LEN + 2 && le16(buf + 36) == 1 ? TCPA_SERVER_LEN : TCPA_CLIENT_LEN;
	ret = acpi_header_parse(buf, len, "TCPA", min, &out->h, err, errlen);
	if (ret)
		return ret;
	out->platform_class = le16(buf + 36);
	if (out->platform_class == 1) {
		out->log_area_length = le64(buf + 40);
		out->log_area_start = le64(buf + 48);
	} else {
		out->log_area_length = le32(buf + 38);
		out->log_area_start = le64(buf + 42);
	}
	return 0;
}
