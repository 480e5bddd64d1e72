// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the public-key parsers of probes/keys/pubkey.c and
 * the ROCA check behind them: the input is given whole to
 * pubkey_parse_tpm2b_public and pubkey_parse_tpm12_pubkey. Either fails
 * with -EBADMSG or -EPROTONOSUPPORT and nothing else; a success keeps
 * within its bounds (the TPM2B's size field is the rest of the input, the
 * TPM 1.2 key used no more than there was and parses the same from just
 * those bytes), the modulus fits, is bits / 8 bytes with its top bit set,
 * and roca_check on it answers 0 or -EINVAL exactly when the modulus is
 * even or at most 8 bytes (or -ENOPKG without libcrypto).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "probes/keys/pubkey.h"
#include "probes/keys/roca.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_key(const struct rsa_pubkey *k)
{
	enum roca_verdict v = (enum roca_verdict) - 1;
	bool refused;
	int rc;

	if (k->modulus_len > sizeof(k->modulus) || !k->modulus_len ||
	    k->modulus_len * 8 != k->bits || !(k->modulus[0] & 0x80) || !k->exponent)
		abort();
	refused = !(k->modulus[k->modulus_len - 1] & 1) || k->modulus_len <= 8;
	rc = roca_check(k->modulus, k->modulus_len, &v);
	if (rc == -ENOPKG)
		return;
	if (refused ? rc != -EINVAL : rc || (v != ROCA_CLEAN && v != ROCA_VULNERABLE))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rsa_pubkey k, again;
	size_t used = SIZE_MAX, used2 = SIZE_MAX;
	int rc;

	memset(&k, 0xa5, sizeof(k));
	rc = pubkey_parse_tpm2b_public(data, size, &k);
	if (!rc) {
		if (size < 2 || (size_t)(data[0] << 8 | data[1]) != size - 2)
			abort();
		check_key(&k);
	} else if (rc != -EBADMSG && rc != -EPROTONOSUPPORT) {
		abort();
	}

	memset(&k, 0xa5, sizeof(k));
	rc = pubkey_parse_tpm12_pubkey(data, size, &used, &k);
	if (!rc) {
		if (used > size)
			abort();
		check_key(&k);
		if (pubkey_parse_tpm12_pubkey(data, used, &used2, &again) || used2 != used ||
		    again.bits != k.bits || again.exponent != k.exponent ||
		    again.modulus_len != k.modulus_len ||
		    memcmp(again.modulus, k.modulus, k.modulus_len))
			abort();
	} else if (rc != -EBADMSG && rc != -EPROTONOSUPPORT) {
		abort();
	}
	return 0;
}
