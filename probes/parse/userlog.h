/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The user-space line parser: a pure function on one line of text that
 * tells whether it was printed by the TPM user-space stack, by which
 * tool, and which return code it carries. For `tpmdiag analyze`, which
 * reads whatever a user pasted: the kernel's lines go to kmsg_parse.h,
 * these to here.
 *
 * Decorations stripped first (as kmsg_parse.h reads them): "> " quoting,
 * a syslog or journal stamp and host ("Nov 20 10:08:46 host ", also a
 * month in another language, "avr 25 15:12:06 host "), a /dev/kmsg or
 * dmesg stamp, and the identifier "tcsd[7945]: ". What is left is the
 * record's text. Recognised (the sources name where each form comes from):
 *
 *   tcsd        TrouSerS (src/include/tcslog.h LogMessage): foreground
 *               "TCSD TDDL ERROR: write to device /dev/tpm0 failed: Timer expired",
 *               "TCSD TCS ERROR: TCS GetCapability failed with result = 0x1087",
 *               syslog "TCSD TDDL[7945]: TrouSerS ERROR: ...", any line of ident tcsd
 *   tpm-tools   "Tspi_TPM_TakeOwnership failed: 0x00001087 - layer=tddl, code=0087 (135),
 *               I/O error" (lib/tpm_tspi.c tspiError), any "Tspi_..." line
 *   tpm2-tss    "LEVEL:module:file:line:func() msg" (src/util/log.c): "ERROR:esys:...
 *               Esys Finish ErrorCode (0x00000907)", "ERROR:tcti:...tcti-device.c:...
 *               Failed to open specified TCTI device file /dev/tpm0: ..."
 *   tpm2-tools  lib/log.c "ERROR: msg" / "WARN: msg" / "ERROR on line: ..." about the TPM:
 *               "ERROR: Esys_PCR_Reset(0x907) - tpm:warn(2.0): bad locality",
 *               "ERROR: Unable to run tpm2_unseal"
 *   tpm2-abrmd  ident tpm2-abrmd, glib "** (tpm2-abrmd:1838): CRITICAL **: TCTI
 *               initialization failed: 0xa000a", the tabrmd TCTI's D-Bus complaints
 *   systemd     a systemd tool's line about the TPM ("TPM2 support not installed:
 *               Operation not supported", "Failed to start up TPM: ...", a systemd
 *               ident's line naming the TPM, tcsd, trousers or tpm2-abrmd)
 *   raw-bytes   a response printed by a script: "b'\x00\xc4\x00\x00\x00\n\x00\x00\x00&'",
 *               "00 c4 00 00 00 0a 00 00 00 26", "['0x0', '0xc4', ...]", "[0, 196, ...]",
 *               "00c40000000a00000026", hexdump -C / xxd lines at offset 0; the tag
 *               (0x00C4..0x00C6 TPM 1.2, 0x8001/0x8002 TPM 2.0) gives the family
 *
 * Return codes: TSS 1.2 values (tcsd, tpm-tools; layer in bits 12-15) are
 * family 12; TSS 2.0 values (tpm2-tss, tpm2-tools, tpm2-abrmd; layer in
 * bits 16-23) family 20; raw bytes by their tag.
 */
#ifndef TPMDIAG_USERLOG_H
#define TPMDIAG_USERLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct userlog_line {
	const char *tool;  /* "tcsd", "tpm-tools", "tpm2-tss", "tpm2-tools", "tpm2-abrmd",
			      "systemd", "raw-bytes" (static strings) */
	const char *ident; /* the syslog/journal/glib identifier ("tcsd"), or NULL */
	size_t ident_len;
	const char *text; /* the message, decorations stripped; points into the input */
	size_t text_len;
	double ts;	  /* seconds since boot (journal -o short-monotonic, kmsg); -1 none */
	const char *wall; /* wall-clock stamp as written, or NULL */
	size_t wall_len;
	int prio; /* 0..7 from the stamp or the tool's level word; -1 unknown */
	unsigned quote;
	bool has_rc;
	uint32_t rc;
	int rc_family; /* 12, 20; 0 unknown */
};

/*
 * true: s (len bytes, no '\n'; a trailing '\r' ignored) is a user-space
 * TPM line, *out filled. false: a kernel line, someone else's, or junk.
 * Reads nothing beyond len; never fails.
 */
bool userlog_parse_line(const char *s, size_t len, struct userlog_line *out);

/*
 * true: s is a shell prompt with a command ("$ sudo tpm_takeownership -z",
 * "root@host:~# tpm2_startup -c", "[root@host tpm2]# ..."), quoted or not:
 * what the user typed, neither a kernel record nor a tool's output.
 */
bool userlog_is_prompt(const char *s, size_t len);

/*
 * A TPM response header printed as text (the raw-bytes forms above):
 * tag, rc and family (12 or 20). false when s is not one.
 */
bool userlog_raw_response(const char *s, size_t len, uint16_t *tag, uint32_t *rc, int *family);

#endif
