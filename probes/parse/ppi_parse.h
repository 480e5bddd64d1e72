/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Parsers for the files of the TPM Physical Presence Interface under
 * /sys/class/tpm/tpmN/ppi/ (drivers/char/tpm/tpm_ppi.c; ABI in
 * Documentation/ABI/testing/sysfs-driver-ppi). The kernel writes:
 *
 *   version            "1.3\n"              the firmware's PPI version string
 *   request            "5\n"                the pending operation (0: none);
 *                      "23 2\n"             PPI 1.3: operation 23 with its parameter
 *   response           "0: No Recent Request\n"
 *                      "5 0: Success\n"
 *                      "5 0xFFFFFFF0: User Abort\n"
 *                      "5 0xFFFFFFF1: BIOS Failure\n"
 *                      "5 38: Corresponding TPM error\n"   (1..0xFFF, decimal)
 *                      "5 4660: Error\n"                   (anything else, decimal)
 *   transition_action  "2: Reboot\n"        0 None, 1 Shutdown, 2 Reboot,
 *                                           3 OS Vendor-specific, >= 4 "Error"
 *   tcg_operations     "N S: text\n" per operation 0..101 (0..22 before 4.19)
 *   vs_operations      the same for 128..255
 *
 * In the operations files S is the firmware's answer to PPI function 8
 * (1 BIOS only, 2 Blocked for OS by BIOS, 3 User required, 4 User not
 * required); operations it answers 0 ("Not implemented") are left out, so
 * an empty file means the firmware implements none.
 *
 * Every parser takes a NUL-terminated string (at most what the caller's
 * bounded read gave), never reads past it, and returns 0, -ENODATA when the
 * text is empty, or -EBADMSG when it is not what the kernel writes.
 */
#ifndef TPMDIAG_PPI_PARSE_H
#define TPMDIAG_PPI_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PPI_OP_COUNT   256 /* operation values 0..255 */
#define PPI_TCG_LAST   127 /* TCG operations 0..127, vendor-specific 128..255 */
#define PPI_VS_FIRST   128
#define PPI_LINE_MAX   128 /* the kernel's lines are far shorter; longer is malformed */
#define PPI_CODE_ABORT 0xFFFFFFF0u
#define PPI_CODE_BIOS  0xFFFFFFF1u

/* The firmware's answer for one operation (PPI function 8). */
enum ppi_status {
	PPI_STATUS_NOT_IMPLEMENTED = 0,
	PPI_STATUS_BIOS_ONLY = 1,
	PPI_STATUS_BLOCKED = 2,
	PPI_STATUS_USER_REQUIRED = 3,
	PPI_STATUS_USER_NOT_REQUIRED = 4,
	PPI_STATUS_UNKNOWN = 5, /* the table could not be read */
};

/* "not-implemented", "bios-only", "blocked", "user-required", "user-not-required", "unknown". */
const char *ppi_status_token(enum ppi_status s);
/* A phrase for a person: "allowed, the user must confirm at the console". */
const char *ppi_status_words(enum ppi_status s);
/* The token back to the status; -EINVAL for another word. */
int ppi_status_from_token(const char *token, enum ppi_status *out);
/* The OS may request it (user required or not). */
bool ppi_status_allowed(enum ppi_status s);

/* version: "A.B" (one line). */
int ppi_parse_version(const char *text, unsigned *major, unsigned *minor);

/* request: the pending operation, and with PPI 1.3 its parameter. */
struct ppi_request {
	uint32_t op;
	bool has_param;
	uint32_t param;
};
int ppi_parse_request(const char *text, struct ppi_request *out);

enum ppi_response_kind {
	PPI_RSP_NONE = 0,     /* "0: No Recent Request" */
	PPI_RSP_SUCCESS,      /* code 0 */
	PPI_RSP_USER_ABORT,   /* 0xFFFFFFF0 */
	PPI_RSP_BIOS_FAILURE, /* 0xFFFFFFF1 */
	PPI_RSP_TPM_ERROR,    /* 1..0xFFF: the TPM's return code */
	PPI_RSP_ERROR,	      /* any other code */
};

/* response: the operation the firmware last acted upon and what came of it. */
struct ppi_response {
	uint32_t op; /* 0 with PPI_RSP_NONE */
	uint32_t code;
	enum ppi_response_kind kind;
};
int ppi_parse_response(const char *text, struct ppi_response *out);
/* "none", "success", "user-abort", "bios-failure", "tpm-error", "error". */
const char *ppi_response_token(enum ppi_response_kind k);

/* transition_action: the action number. */
int ppi_parse_transition(const char *text, uint32_t *code);
/* "none", "shutdown", "reboot", "os-vendor-specific", "error" (4 and above). */
const char *ppi_transition_token(uint32_t code);

/* An operations table: status[op] for op in first..last; count = lines. */
struct ppi_ops {
	uint8_t status[PPI_OP_COUNT]; /* enum ppi_status; not listed = not implemented */
	size_t count;
};

/*
 * tcg_operations (first 0, last PPI_TCG_LAST) or vs_operations (PPI_VS_FIRST,
 * 255): each line "N S: text" with first <= N <= last, S 1..4, each N once.
 * An empty text is an empty table (0). On -EBADMSG *bad_line is the 1-based
 * number of the first bad line.
 */
int ppi_parse_operations(const char *text, unsigned first, unsigned last, struct ppi_ops *out,
			 size_t *bad_line);

#endif
