/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ACPI TPM2 and TCPA tables, parsed from their bytes (as read from
 * /sys/firmware/acpi/tables/TPM2 and /TCPA). Pure: no I/O, every field
 * read is checked against the buffer.
 *
 * Layouts (little-endian, packed), after the 36-byte ACPI header, as the
 * TCG ACPI Specification and the kernel's include/acpi/actbl2.h/actbl3.h
 * lay them out:
 *   TPM2  @36 u16 platform class, @38 u16 reserved, @40 u64 address of the
 *         control area, @48 u32 start method (52 bytes minimum), @52 12
 *         bytes of start-method parameters, @64 u32 log area minimum
 *         length, @68 u64 log area start address (76 bytes: revision 4).
 *   TCPA  @36 u16 platform class; client (0): @38 u32 log area minimum
 *         length, @42 u64 log area start (50 bytes); server (1): @38 u16
 *         reserved, @40 u64 log area minimum length, @48 u64 log area start
 *         (56 bytes). Any class but 1 is read as client, as the kernel does;
 *         a table shorter than its class's layout is malformed.
 */
#ifndef TPMDIAG_ACPI_TPM_H
#define TPMDIAG_ACPI_TPM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ACPI_HEADER_LEN	  36
#define ACPI_TPM2_MIN_LEN 52 /* header + class + reserved + control area + start method */
#define ACPI_TPM2_LOG_LEN 76 /* ... + 12 bytes of parameters + log area length and start */

/* The common ACPI table header; strings made printable, trailing blanks cut. */
struct acpi_header {
	char signature[5];
	uint32_t length;
	uint8_t revision;
	uint8_t checksum;
	char oem_id[7];
	char oem_table_id[9];
	uint32_t oem_revision;
	char creator_id[5];
	uint32_t creator_revision;
	bool checksum_ok; /* all bytes of the table sum to 0 (mod 256) */
};

struct acpi_tpm2 {
	struct acpi_header h;
	uint16_t platform_class; /* 0 client, 1 server */
	uint64_t control_area;
	uint32_t start_method;
	bool params_ok; /* the table holds the parameters its start method needs */
	bool has_log;	/* length >= 76: the log area fields are there */
	uint32_t log_area_length;
	uint64_t log_area_start;
};

struct acpi_tcpa {
	struct acpi_header h;
	uint16_t platform_class;
	uint64_t log_area_length; /* u32 in a client table, u64 in a server table */
	uint64_t log_area_start;
};

/*
 * Parse len bytes. 0, or -EBADMSG when the bytes are not such a table (too
 * short for the header or the fields, another signature, a length field
 * that disagrees with len); err then says what is wrong in one sentence.
 * A bad checksum or an unknown start method is not an error.
 */
int acpi_tpm2_parse(const uint8_t *buf, size_t len, struct acpi_tpm2 *out, char *err,
		    size_t errlen);
int acpi_tcpa_parse(const uint8_t *buf, size_t len, struct acpi_tcpa *out, char *err,
		    size_t errlen);

/*
 * The start method's short name ("crb", "tis", "acpi", "crb+acpi", "crb+smc",
 * "crb+pluton", "crb+ffa", "not-allowed", "reserved"), "unknown" past the
 * known range; never NULL.
 */
const char *acpi_tpm2_start_method_name(uint32_t code);
/* "client", "server" or "unknown". */
const char *acpi_platform_class_name(uint16_t cls);

#endif
