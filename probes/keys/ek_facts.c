// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The endorsement key's facts from its modulus: its size and the ROCA
 * fingerprint (ek_facts.h).
 */
#include <errno.h>
#include <string.h>

#include "probes/keys/ek_facts.h"
#include "probes/keys/roca.h"

static int key_facts(struct facts *fs, unsigned chip, const char *which, const uint8_t *modulus,
		     size_t len, const struct fact_src *src)
{
	enum roca_verdict v = ROCA_CLEAN;
	const struct fact *had;
	char key[48];
	int ret;

	had = facts_get(fs, facts_key(key, sizeof(key), "tpm%u.%s.roca", chip, which));
	if (had && had->type != FACT_UNREADABLE)
		return 0;
	ret = facts_set_int(fs, facts_key(key, sizeof(key), "tpm%u.%s.bits", chip, which),
			    (int64_t)len * 8, src);
	if (ret)
		goto out;
	facts_key(key, sizeof(key), "tpm%u.%s.roca", chip, which);
	ret = roca_check(modulus, len, &v);
	if (ret == -ENOMEM)
		goto out;
	if (ret == -ENOPKG)
		ret = facts_set_unreadable(fs, key, FACT_FAILED,
					   "libcrypto could not be loaded: the ROCA test of the "
					   "key needs it (libssl3)",
					   src);
	else if (ret)
		ret = facts_set_unreadable(fs, key, FACT_MALFORMED,
					   "the modulus is even, or too short or long to be an RSA "
					   "key",
					   src);
	else
		ret = facts_set_str(fs, key, v == ROCA_VULNERABLE ? "vulnerable" : "clean", src);
out:
	return ret;
}

int ek_key_facts(struct facts *fs, unsigned chip, const uint8_t *modulus, size_t len,
		 const struct fact_src *src)
{
	return key_facts(fs, chip, "ek", modulus, len, src);
}

int srk_key_facts(struct facts *fs, unsigned chip, const uint8_t *modulus, size_t len,
		  const struct fact_src *src)
{
	return key_facts(fs, chip, "srk", modulus, len, src);
}
