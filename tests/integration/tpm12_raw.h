/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tests: one TPM 1.2 command with a u16 parameter (or none) through a fresh
 * connection to spec; its return code (a failure to send fails the test).
 * Used to put a swtpm 1.2 into the state a firmware left (physical presence
 * locked, disabled) before tpmdiag sees it.
 */
#ifndef TPMDIAG_TEST_TPM12_RAW_H
#define TPMDIAG_TEST_TPM12_RAW_H

#include <stdbool.h>
#include <stdint.h>

uint32_t tpm12_raw(const char *spec, uint32_t ord, bool param, uint16_t v);

#endif
