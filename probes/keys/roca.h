/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ROCA fingerprint of an RSA modulus (CVE-2017-15361): whether it has
 * the structure of a key made by Infineon's RSALib, whose primes are
 * p = k * M + (65537^a mod M) with M a primorial. Such a modulus N has,
 * for every small prime p of the published list (3 .. 167), N mod p in the
 * subgroup of Z_p* that 65537 mod p generates; a random modulus passes for
 * all of them with odds of about 2^-28, the product of |<65537>| / (p - 1)
 * over the list (Nemec, Sys, Svenda, Klinec,
 * Matyas, "The Return of Coppersmith's Attack: Practical Factorization of
 * Widely Used RSA Moduli", ACM CCS 2017, and their roca-detect tool).
 *
 * Only the fingerprint: a flagged key is one to replace (and the TPM's
 * firmware to update), not a key shown to be factorable. It is the
 * per-prime residue test (roca-detect's "moduli" method); a modulus
 * crafted to pass it is flagged too, where roca-detect's discrete-log
 * method would not (tests/unit/test_roca.c has one).
 */
#ifndef TPMDIAG_ROCA_H
#define TPMDIAG_ROCA_H

#include <stddef.h>
#include <stdint.h>

/* The longest modulus checked, in bytes (8192 bits). */
#define ROCA_MAX_MODULUS 1024

enum roca_verdict {
	ROCA_CLEAN,	 /* some residue is outside its subgroup: not RSALib's */
	ROCA_VULNERABLE, /* every residue is inside: RSALib's structure */
};

/*
 * Test the big-endian modulus of len bytes (leading zero bytes allowed).
 * Returns 0 with *out set; -EINVAL for len 0 or over ROCA_MAX_MODULUS, or a
 * modulus that is even or below 2^64; -ENOPKG when libcrypto cannot be
 * loaded (dl_status(DL_CRYPTO) says why); -ENOMEM.
 */
int roca_check(const uint8_t *modulus, size_t len, enum roca_verdict *out);

/* "CVE-2017-15361 (ROCA, ...)": what to cite next to a verdict. */
const char *roca_reference(void);

#endif
