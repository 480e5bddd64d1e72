/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What tpmdiag says of a chip's endorsement key once it has its modulus
 * (the TPM 1.2 sysfs pubek, a TPM_ReadPubek answer, the TPM 2.0 EK's
 * TPM2_ReadPublic answer, the key in its EK certificate): its size and whether
 * it has the ROCA fingerprint (roca.h). Facts, with the source given:
 *   tpmN.ek.bits   int     2048
 *   tpmN.ek.roca   string  "vulnerable" / "clean"; unreadable (failed)
 *                          where libcrypto cannot be loaded
 * The first source that could judge the key wins: a later call for the
 * same chip changes nothing, unless the earlier key could not be judged
 * (a malformed sysfs pubek, say), which the later one then replaces.
 */
#ifndef TPMDIAG_EK_FACTS_H
#define TPMDIAG_EK_FACTS_H

#include <stddef.h>
#include <stdint.h>

#include "diag/facts/facts.h"

/* 0, or -ENOMEM; a modulus roca_check refuses is said in tpmN.ek.roca. */
int ek_key_facts(struct facts *fs, unsigned chip, const uint8_t *modulus, size_t len,
		 const struct fact_src *src);

/*
 * The same for the storage root key (TPM 2.0: the one persistent at
 * 0x81000001), as tpmN.srk.bits and tpmN.srk.roca: a chip whose RSA key
 * generation has the flaw made its SRK with it too.
 */
int srk_key_facts(struct facts *fs, unsigned chip, const uint8_t *modulus, size_t len,
		  const struct fact_src *src);

#endif
