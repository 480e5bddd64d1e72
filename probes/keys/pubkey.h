/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The RSA public key in bytes a TPM returned, parsed within their bounds:
 *   - TPM 2.0: a TPM2B_PUBLIC (TPM2_ReadPublic, TPM2_CreatePrimary; the
 *     file `tpm2_createek -u` writes), TCG TPM 2.0 Library Part 2,
 *     TPMT_PUBLIC / TPMS_RSA_PARMS / TPM2B_PUBLIC_KEY_RSA;
 *   - TPM 1.2: a TPM_PUBKEY (TPM_ReadPubek after the response header,
 *     TPM_OwnerReadInternalPub), TPM Main Part 2, TPM_KEY_PARMS /
 *     TPM_RSA_KEY_PARMS / TPM_STORE_PUBKEY.
 * Nothing is read outside the bytes given; the modulus is copied out.
 */
#ifndef TPMDIAG_PUBKEY_H
#define TPMDIAG_PUBKEY_H

#include <stddef.h>
#include <stdint.h>

/* The longest modulus kept: 4096 bits. */
#define PUBKEY_MAX_MODULUS 512

struct rsa_pubkey {
	uint32_t exponent;  /* the public exponent; a "default" 0 is given as 65537 */
	uint16_t bits;	    /* the key size the TPM states: modulus_len * 8 */
	size_t modulus_len; /* bytes of modulus, big-endian, its top bit set */
	uint8_t modulus[PUBKEY_MAX_MODULUS];
};

/*
 * The len bytes must be exactly one TPM2B_PUBLIC of an RSA key. Returns 0;
 * -EPROTONOSUPPORT for an ECC, keyed-hash or symmetric object (not RSA);
 * -EBADMSG for bytes short of or past the structure, a size field that
 * disagrees, an unknown algorithm selector, or a modulus whose length is
 * not keyBits / 8 (or over PUBKEY_MAX_MODULUS).
 */
int pubkey_parse_tpm2b_public(const uint8_t *b, size_t len, struct rsa_pubkey *out);

/*
 * One TPM_PUBKEY at the start of the len bytes (more may follow, such as
 * TPM_ReadPubek's checksum): 0 with *used the bytes it took; -EPROTONOSUPPORT
 * for a key that is not RSA; -EBADMSG as above (parmSize that disagrees
 * with its parameters, numPrimes other than 2, an exponent over 4 bytes,
 * a key length other than keyLength / 8).
 */
int pubkey_parse_tpm12_pubkey(const uint8_t *b, size_t len, size_t *used, struct rsa_pubkey *out);

#endif
