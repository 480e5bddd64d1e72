/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The firmware's measured-boot event log (binary_bios_measurements), read
 * as a pure function over a buffer: no I/O, every length checked against
 * what is left, the whole log and each event capped. Both formats of the
 * TCG PC Client Platform Firmware Profile:
 *   - TPM 1.2 / SHA-1: TCG_PCR_EVENT records (pcr, type, 20-byte digest,
 *     size, data);
 *   - crypto-agile (TCG2): one TCG_PCR_EVENT with EV_NO_ACTION carrying
 *     "Spec ID Event03" (TCG_EfiSpecIdEvent: the algorithms and their digest
 *     sizes), then TCG_PCR_EVENT2 records (pcr, type, TPML_DIGEST_VALUES,
 *     size, data).
 * A tail of 32 or more 0x00 or 0xff bytes (the unused part of the
 * firmware's log area, in a copy of the whole area) ends the log.
 * Events point into the caller's buffer, which must outlive the log.
 */
#ifndef TPMDIAG_EVENTLOG_H
#define TPMDIAG_EVENTLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EVLOG_MAX_BYTES	     (16u << 20) /* the whole log */
#define EVLOG_MAX_EVENTS     65536u	 /* records in one log */
#define EVLOG_MAX_EVENT_DATA (1u << 20)	 /* one event's data */
#define EVLOG_MAX_BANKS	     8		 /* algorithms in the Spec ID event */
#define EVLOG_MAX_DIGEST     64		 /* SHA-512 */
#define EVLOG_PCRS	     24

#define EV_NO_ACTION 0x00000003u
#define EV_SEPARATOR 0x00000004u
#define TPM_ALG_SHA1 0x0004u

enum evlog_format {
	EVLOG_TCG12,	    /* TPM 1.2, SHA-1 records */
	EVLOG_CRYPTO_AGILE, /* TCG2: Spec ID Event03, then TCG_PCR_EVENT2 */
};

/* Why a log was refused: where (the record's offset) and what. */
enum evlog_err {
	EVLOG_OK,
	EVLOG_ERR_EMPTY,	/* no bytes */
	EVLOG_ERR_TOO_BIG,	/* more than EVLOG_MAX_BYTES */
	EVLOG_ERR_TRUNCATED,	/* a record runs past the end */
	EVLOG_ERR_TOO_MANY,	/* more than EVLOG_MAX_EVENTS */
	EVLOG_ERR_DATA_TOO_BIG, /* an event's data over EVLOG_MAX_EVENT_DATA */
	EVLOG_ERR_BAD_PCR,	/* a PCR index of 24 or more */
	EVLOG_ERR_SPEC_ID,	/* the Spec ID event is malformed */
	EVLOG_ERR_DIGEST_COUNT, /* digests of an event are not the Spec ID's */
	EVLOG_ERR_UNKNOWN_ALG,	/* a digest of an algorithm the Spec ID lacks */
	EVLOG_ERR_NO_MEMORY,
};

struct evlog_bank {
	uint16_t alg;  /* TPM_ALG_ID */
	uint16_t size; /* digest bytes */
};

struct evlog_event {
	uint32_t pcr, type;
	size_t offset;				 /* of the record in the log */
	const uint8_t *digests[EVLOG_MAX_BANKS]; /* by bank index, NULL when absent */
	const uint8_t *data;
	uint32_t data_len;
	bool spec_id; /* the crypto-agile header (not counted in replay) */
};

struct evlog {
	enum evlog_format format;
	struct evlog_bank banks[EVLOG_MAX_BANKS];
	size_t n_banks;
	uint8_t spec_major, spec_minor, spec_errata, uintn_size;
	struct evlog_event *events; /* including the Spec ID header */
	size_t n_events;
	enum evlog_err err; /* why parsing stopped */
	size_t err_offset;  /* the offset of the record refused */
	size_t padding;	    /* bytes of 0x00 or 0xff after the last record */
};

/*
 * Parse len bytes. 0 with *log filled (free with evlog_free), or -errno:
 * -EBADMSG (log->err and log->err_offset say what and where), -EFBIG
 * (EVLOG_ERR_TOO_BIG), -ENODATA (empty), -ENOMEM. On error log->events is
 * NULL.
 */
int evlog_parse(const uint8_t *buf, size_t len, struct evlog *log);
void evlog_free(struct evlog *log);

/* A sentence for err, e.g. "a record runs past the end of the log". */
const char *evlog_err_str(enum evlog_err err);

/* Whether the event extends its PCR (every event but EV_NO_ACTION). */
bool evlog_extends(const struct evlog_event *e);

/* Names. NULL when unknown. */
const char *evlog_type_name(uint32_t type);   /* "EV_SEPARATOR" */
const char *evlog_alg_name(uint16_t alg);     /* "sha256" */
const char *evlog_alg_evp_name(uint16_t alg); /* OpenSSL's name, "SHA256" */
/* The bank index of alg in log, or -1. */
int evlog_bank_index(const struct evlog *log, uint16_t alg);

/*
 * What an event means for a person, as one line into out (always NUL-
 * terminated): "EFI variable SecureBoot = 1", "separator", "boot
 * application PciRoot(0x0)/Pci(0x1,0x1)/.../\EFI\BOOT\BOOTX64.EFI".
 * Data that does not fit its structure is said so, never read past.
 */
void evlog_describe(const struct evlog_event *e, char *out, size_t cap);

/*
 * A UEFI device path (EFI_DEVICE_PATH_PROTOCOL nodes) as text, in the
 * UEFI specification's text form for the common nodes, Path(TYPE,SUBTYPE)
 * for others. 0, or -EBADMSG when a node's length is impossible (what was
 * read before is in out, followed by "/<bad node>").
 */
int evlog_devpath_text(const uint8_t *p, size_t len, char *out, size_t cap);

/*
 * Secure Boot as PCR 7 saw it: the SecureBoot variable's value and the
 * entries of PK, KEK, db and dbx measured into PCR 7, and the database
 * entries that allowed an image (EV_EFI_VARIABLE_AUTHORITY), as
 * evlog_describe says them without "EFI variable ".
 */
#define EVLOG_SB_AUTH_MAX 8

struct evlog_secureboot {
	int secureboot;		 /* 1 on, 0 off, -1 not measured, -2 not one byte */
	size_t secureboot_event; /* its event's number */
	long pk, kek, db, dbx;	 /* entries; -1 not measured, -2 not signature lists */
	char auth[EVLOG_SB_AUTH_MAX][192];
	size_t n_auth, more_auth; /* kept, and left out past EVLOG_SB_AUTH_MAX */
};

void evlog_secureboot(const struct evlog *log, struct evlog_secureboot *sb);

/*
 * Blank, in place, what identifies the machine in the event data of a
 * log: the disk and partition GUIDs of the GPT events, and in the device
 * paths of boot applications, drivers and Boot#### variables the
 * partition GUIDs, MAC and IP addresses, NVMe EUI-64s and URIs. The
 * digests stay as they are, so the log still parses and replays to the
 * same PCRs. 0 with *blanked the number of fields zeroed, or
 * evlog_parse's -errno when the log does not parse.
 */
int evlog_redact(uint8_t *buf, size_t len, size_t *blanked);

/* UTF-16LE of n units to UTF-8 into out, stopping at a NUL unit. */
void evlog_utf16_to_utf8(const uint8_t *p, size_t n_units, char *out, size_t cap);

#endif
