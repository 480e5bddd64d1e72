/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An endorsement key certificate (X.509, DER, as the TCG EK Credential
 * Profile stores it in NV 0x01c00002 for RSA and 0x01c0000a for ECC), read
 * with libcrypto: who issued it, when it is valid, and its public key.
 */
#ifndef TPMDIAG_EKCERT_H
#define TPMDIAG_EKCERT_H

#include <stddef.h>
#include <stdint.h>

#include "probes/keys/pubkey.h"

enum ekcert_key { EKCERT_KEY_OTHER, EKCERT_KEY_RSA, EKCERT_KEY_EC };

struct ekcert {
	char issuer[256];    /* "CN = ..., O = ..." as openssl x509 -issuer prints it */
	char not_before[24]; /* "2026-12-07T23:22:07Z" */
	char not_after[24];
	enum ekcert_key key;
	unsigned key_bits;
	size_t der_len;	    /* bytes of the certificate; the rest of the input is padding */
	size_t modulus_len; /* RSA: big-endian, no leading zero */
	uint8_t modulus[PUBKEY_MAX_MODULUS];
};

/*
 * The certificate at the start of der[len]: 0; -EBADMSG when it is not one
 * (or an RSA modulus over PUBKEY_MAX_MODULUS); -ENOPKG without libcrypto;
 * -ENOMEM.
 */
int ekcert_parse(const uint8_t *der, size_t len, struct ekcert *out);

#endif
