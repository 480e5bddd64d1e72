/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Who made the chip and which firmware it runs, from pasted text
 * (`tpmdiag analyze FILE`), so the knowledge base (diag/rules/kb-*.yaml)
 * can judge a chip nobody here can probe. Read, a line at a time, from
 * what people paste:
 *   - tpm-tools' tpm_version: "Chip Version: 1.2.4.32" (TPM 1.2: version
 *     1.2, then the firmware's revMajor.revMinor) and "TPM Vendor ID: IFX";
 *   - tpm2-tools' tpm2_getcap properties-fixed: TPM2_PT_MANUFACTURER's
 *     value: "IFX" and TPM2_PT_FIRMWARE_VERSION_1's raw: 0x70055 (high 16
 *     bits . low 16 bits, as the chip reports it);
 *   - Windows' Get-Tpm: ManufacturerIdTxt / ManufacturerId (the four
 *     vendor characters as a decimal number) and ManufacturerVersion;
 *   - fwupdmgr get-devices: a "Vendor ID: TPM:IFX" or "(TPM:IFX)" and the
 *     "Current version:" of the same device.
 * Facts written (provenance: the file and the line):
 *   tpm0.chip.manufacturer  string  "IFX", as the chip spells its vendor id
 *   tpm0.chip.firmware      string  "4.32", "7.85", "7.63.3353.0"
 *   tpm0.chip.family        string  "1.2" or "2.0", when the text says
 *   tpm0.chip.firmware_full string  all four numbers, when the text has
 *                                   them: FIRMWARE_VERSION_1 and _2 as
 *                                   hi.lo.hi.lo ("7.85.4555.0"), or a
 *                                   four-part ManufacturerVersion
 */
#ifndef TPMDIAG_CHIP_TEXT_H
#define TPMDIAG_CHIP_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "diag/facts/facts.h"

#define CHIP_TEXT_MAX 64

struct chip_text_field {
	char value[CHIP_TEXT_MAX];
	unsigned line;	/* 0: not seen */
	char text[160]; /* the line it came from */
};

struct chip_text {
	struct chip_text_field manufacturer, firmware, family;
	struct chip_text_field firmware2; /* tpm2_getcap: TPM2_PT_FIRMWARE_VERSION_2 as hi.lo */
	char pending[40];  /* tpm2_getcap: the property whose raw/value lines follow */
	bool in_fwupd_tpm; /* fwupdmgr: inside a TPM device's block */
	unsigned line;
};

void chip_text_init(struct chip_text *t);
/*
 * One line of the text (any bytes, n of them, no newline): whether it is
 * a line of one of those outputs (so it is no kernel or user-space record).
 */
bool chip_text_line(struct chip_text *t, const char *s, size_t n);
/* The facts of what was seen into fs; name is the file's. 0 or -ENOMEM. */
int chip_text_facts(const struct chip_text *t, struct facts *fs, const char *name);

#endif
