/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Parsers for the text the kernel writes in the tpm class's sysfs files
 * (drivers/char/tpm/tpm-sysfs.c; Documentation/ABI/stable/sysfs-class-tpm)
 * and the few other small text files the udev, sysfs and holders probes
 * read: a uevent, a modalias, /etc/passwd and /etc/group.
 *
 * Every parser takes a NUL-terminated string (at most what the caller's
 * bounded read gave it), never reads past it, and returns 0, -ENODATA when
 * the text is empty (the kernel printed nothing: it got no answer from the
 * chip), or -EBADMSG when the text is not what the kernel writes.
 */
#ifndef TPMDIAG_SYSFS_TEXT_H
#define TPMDIAG_SYSFS_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* "caps": "Manufacturer: 0x49424d00\nTCG version: 1.2\nFirmware version: 18.158\n". */
struct sysfs_caps {
	uint32_t manufacturer;
	unsigned tcg_major, tcg_minor;
	unsigned fw_major, fw_minor;
};

int sysfs_parse_caps(const char *text, struct sysfs_caps *out);

/* The four manufacturer bytes as text: 0x49424d00 -> "IBM", 0x53544d20 -> "STM". */
void sysfs_vendor_text(uint32_t id, char *buf, size_t cap);

/* "0" or "1" (one trailing newline allowed). */
int sysfs_parse_bool(const char *text, bool *out);

/* tpm_version_major: a small decimal number (1 or 2; anything else -EBADMSG). */
int sysfs_parse_version_major(const char *text, unsigned *out);

/*
 * "durations" (3 values) and "timeouts" (4 values): "N N N [original]" or
 * "[adjusted]". want is the number of values; vals[i] get the numbers as
 * printed (at most SYSFS_NUM_MAX - 1 characters each).
 */
#define SYSFS_NUM_MAX 24
int sysfs_parse_times(const char *text, size_t want, char vals[][SYSFS_NUM_MAX], bool *adjusted);

/*
 * "pcrs": lines "PCR-00: 3A 3F ... 75 " (20 bytes each). *count = the number
 * of lines. On -EBADMSG, *bad_line is the 1-based number of the first line
 * that is not of that shape.
 */
int sysfs_parse_pcrs(const char *text, size_t *count, size_t *bad_line);

/* The same, with the values: line i's 20 bytes into vals[i] for i < max. */
#define SYSFS_PCR12_SIZE 20
int sysfs_parse_pcr_values(const char *text, uint8_t (*vals)[SYSFS_PCR12_SIZE], size_t max,
			   size_t *count, size_t *bad_line);

/*
 * A pcr-<bank>/N file (kernels since 5.12): the digest as hex digits, upper
 * case as the kernel prints them (lower accepted), one trailing newline.
 * At most cap bytes into out, their number in *len.
 */
int sysfs_parse_pcr_digest(const char *text, uint8_t *out, size_t cap, size_t *len);

/* "pubek": the "Modulus length: 256" line. */
int sysfs_parse_pubek(const char *text, unsigned *modulus_length);
/*
 * The modulus bytes of the pubek file: the hex pairs after "Modulus:", as
 * many as its "Modulus length:" says. 0 with *len; -ENODATA for an empty
 * file; -EBADMSG for no length, another count of bytes, a token that is not
 * two hex digits, or more than cap bytes.
 */
int sysfs_parse_pubek_modulus(const char *text, uint8_t *out, size_t cap, size_t *len);

/* A "KEY=value" line of a uevent file; -ENOENT when key is not there. */
int sysfs_uevent_get(const char *text, const char *key, char *buf, size_t cap);

/*
 * The hardware id in a modalias: "acpi:MSFT0101:" -> "MSFT0101",
 * "pnp:dPNP0c31" -> "PNP0C31", "of:NtpmT(null)Cinfineon,slb9670" ->
 * "infineon,slb9670". -ENOENT for another kind of modalias.
 */
int sysfs_modalias_id(const char *modalias, char *buf, size_t cap);

/* An ACPI/PNP id normalised to upper case ("PNP0c31" -> "PNP0C31"); first line only. */
int sysfs_acpi_id(const char *text, char *buf, size_t cap);

/*
 * The name for id in /etc/passwd or /etc/group text ("name:x:id:..."),
 * text[len] not necessarily NUL-terminated. -ENOENT when not there.
 */
int sysfs_id_name(const char *text, size_t len, unsigned id, char *buf, size_t cap);

/*
 * A device tree's of_node/compatible: the first entry of its NUL-separated
 * list (raw is read up to that NUL), when all printable: 0, -EINVAL
 * (a control or non-ASCII byte), -ENOENT (empty).
 */
int sysfs_compatible_id(const char *raw, char *id, size_t len);

#endif
