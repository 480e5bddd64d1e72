// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The TPM 2.0 EK certificates (device_chip.h), where the TCG EK Credential
 * Profile (2.2.1.4) stores them: RSA 2048 in NV 0x01c00002, ECC P-256 in
 * 0x01c0000a, and ECC P-384 in 0x01c00016 of its high range. Each is read with NV_ReadPublic (its
 * size) and NV_Read in pieces, decoded with libcrypto (probes/keys/ekcert.h), and said as
 *   tpmN.chip.ekcert.ALG              bool: a certificate is stored there
 *   tpmN.chip.ekcert.ALG.issuer       "CN = ..., O = ..."
 *   tpmN.chip.ekcert.ALG.not_before   "2026-12-07T23:22:07Z", .not_after
 *   tpmN.chip.ekcert.ALG.key_bits     2048
 *   tpmN.chip.ekcert.rsa.matches_ek   bool: its key is the EK at 0x81010001
 * with ALG rsa, ecc or ecc384. The RSA certificate's key also goes through the ROCA
 * test (ek_facts.h) when the EK itself was not read.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/commands/tpm20.h"
#include "probes/device/device_chip.h"
#include "probes/keys/ek_facts.h"
#include "probes/keys/ekcert.h"

#define EKCERT_MAX 4096u /* no EK certificate seen is over 2 KB */

static const struct ekcert_slot {
	const char *alg;
	const char *index;
	const char *what;
} ekcert_slots[] = {
    {"rsa", "0x01c00002", "RSA 2048"},
    {"ecc", "0x01c0000a", "ECC NIST P-256"},
    /* the profile's high range (2.3), where swtpm_setup puts its P-384 certificate */
    {"ecc384", "0x01c00016", "ECC NIST P-384"},
};

struct ekcert_run {
	struct dev_chip *d;
	const struct ekcert_slot *slot;
	struct tpm_query q; /* the question being asked: d->ask.q points here */
	char size[16], offset[16];
	char name[64];
};

static const char *ekcert_name(struct ekcert_run *r, const char *field)
{
	snprintf(r->name, sizeof(r->name), "ekcert.%s%s%s", r->slot->alg, field ? "." : "",
		 field ? field : "");
	return r->name;
}

/* The slot's presence fact unreadable: the reason as the exchange gave it. */
static int ekcert_unreadable(struct ekcert_run *r, enum fact_reason why, const char *text)
{
	return dev_unreadable(r->d, &r->d->ask, ekcert_name(r, NULL), why, text, NULL);
}

/* Ask; 0 answered with success, 1 not (the fact says why), or -ENOMEM. */
static int ekcert_ask(struct ekcert_run *r, const char *name, const char *title, bool with_size)
{
	struct dev_chip *d = r->d;
	char text[DEV_TEXT_MAX];
	int ret;

	r->q = (struct tpm_query){
	    .family = TPM_FAMILY_20,
	    .title = title,
	    .name = name,
	    .args = {r->slot->index, with_size ? r->size : NULL, with_size ? r->offset : NULL}};
	dev_send(d, &r->q);
	if (d->ask.err) {
		/* ENOMSG: a transcript recorded before tpmdiag read certificates */
		ret = ekcert_unreadable(r, d->ask.err == -ENOMSG ? FACT_ABSENT : FACT_FAILED,
					d->t->err);
		if (d->ask.err != -ENOMSG) {
			/* a chip that stalls here is not asked again: one timeout, not one a
			 * question */
			d->stop = d->ask;
			d->stop_why = FACT_FAILED;
			snprintf(d->stop_text, sizeof(d->stop_text),
				 "not asked: an earlier question failed: %s", d->t->err);
		}
	} else if (!with_size && dev_rc_base(d, &d->ask) == TPM2_RC_HANDLE) {
		snprintf(text, sizeof(text),
			 "TPM_RC_HANDLE: no NV index %s, so no %s EK certificate is stored in "
			 "the TPM (Intel PTT and AMD fTPM give theirs from the vendor's server)",
			 r->slot->index, r->slot->what);
		ret = dev_bool(d, ekcert_name(r, NULL), false, text);
	} else if (d->ask.h.code) {
		ret =
		    ekcert_unreadable(r, FACT_FAILED, dev_rc_line(d, &d->ask, text, sizeof(text)));
	} else {
		return 0;
	}
	return ret ? ret : 1;
}

/* The data of the index, *len bytes into a new *out. 0, 1 (said), -ENOMEM. */
static int ekcert_read(struct ekcert_run *r, uint8_t **out, size_t *len)
{
	struct tpm20_nv_public pub;
	const uint8_t *part = NULL;
	uint8_t *buf = NULL;
	uint16_t got = 0;
	size_t have = 0, want;
	int ret;

	*out = NULL;
	ret = ekcert_ask(r, "nvreadpublic", "EK certificate size", false);
	if (ret)
		return ret;
	if (tpm20_nv_public(r->d->ask.rsp, r->d->ask.rsp_len, &pub) || !pub.data_size ||
	    pub.data_size > EKCERT_MAX) {
		ret =
		    ekcert_unreadable(r, FACT_MALFORMED,
				      "the answer to TPM2_NV_ReadPublic is short, or gives a size "
				      "of 0 or over 4096 bytes");
		return ret ? ret : 1;
	}
	buf = malloc(pub.data_size);
	if (!buf)
		return -ENOMEM;
	while (have < pub.data_size) {
		want = pub.data_size - have;
		want = want > TPM20_NV_READ_MAX ? TPM20_NV_READ_MAX : want;
		snprintf(r->size, sizeof(r->size), "%zu", want);
		snprintf(r->offset, sizeof(r->offset), "%zu", have);
		ret = ekcert_ask(r, "nvread", "EK certificate", true);
		if (!ret &&
		    (tpm20_nv_data(r->d->ask.rsp, r->d->ask.rsp_len, &part, &got) || got != want)) {
			ret = ekcert_unreadable(r, FACT_MALFORMED,
						"TPM2_NV_Read answered other than the bytes asked");
			ret = ret ? ret : 1;
		}
		if (ret)
			break;
		memcpy(buf + have, part, got);
		have += got;
	}
	if (ret)
		free(buf);
	else
		*out = buf, *len = have;
	return ret;
}

static int ekcert_facts(struct ekcert_run *r, const struct ekcert *c)
{
	struct dev_chip *d = r->d;
	struct fact_src s = dev_src(&d->ask, "the EK certificate, read from NV with TPM2_NV_Read");
	bool same;
	int ret;

	ret = dev_bool(d, ekcert_name(r, NULL), true, "an X.509 certificate");
	if (!ret)
		ret = dev_str(d, ekcert_name(r, "issuer"), c->issuer, "its issuer");
	if (!ret)
		ret = dev_str(d, ekcert_name(r, "not_before"), c->not_before, "its notBefore");
	if (!ret)
		ret = dev_str(d, ekcert_name(r, "not_after"), c->not_after, "its notAfter");
	if (!ret)
		ret = dev_int(d, ekcert_name(r, "key_bits"), c->key_bits, "its public key's size");
	if (ret || c->key != EKCERT_KEY_RSA)
		return ret;
	if (d->ek_modulus_len) {
		same = d->ek_modulus_len == c->modulus_len &&
		       !memcmp(d->ek_modulus, c->modulus, c->modulus_len);
		ret = dev_bool(d, ekcert_name(r, "matches_ek"), same,
			       same ? "its RSA modulus is the EK's at 0x81010001"
				    : "its RSA modulus is not the EK's at 0x81010001");
	} else {
		ret = dev_unreadable(d, &d->ask, ekcert_name(r, "matches_ek"), FACT_ABSENT,
				     "no RSA EK was read (nothing persistent at 0x81010001) to "
				     "compare it with",
				     NULL);
	}
	if (!ret)
		ret = dev_ok(ek_key_facts(d->c->facts, d->n, c->modulus, c->modulus_len, &s));
	return ret;
}

static int ekcert_slot(struct ekcert_run *r)
{
	struct ekcert *c = NULL;
	uint8_t *der = NULL;
	size_t len = 0;
	int ret;

	ret = ekcert_read(r, &der, &len);
	if (ret)
		return ret < 0 ? ret : 0;
	c = malloc(sizeof(*c));
	if (!c) {
		ret = -ENOMEM;
		goto out;
	}
	ret = ekcert_parse(der, len, c);
	if (ret == -ENOPKG)
		ret = ekcert_unreadable(r, FACT_FAILED,
					"libcrypto could not be loaded: reading the EK certificate "
					"needs it (libssl3)");
	else if (ret == -EBADMSG)
		ret =
		    ekcert_unreadable(r, FACT_MALFORMED,
				      "the NV index holds bytes that are not an X.509 certificate");
	else if (!ret)
		ret = ekcert_facts(r, c);
out:
	free(c);
	free(der);
	return ret;
}

int dev_ekcert(struct dev_chip *d)
{
	struct ekcert_run r = {.d = d};
	size_t i;
	int ret = 0;

	if (d->fam != TPM_FAMILY_20 || d->stop_text[0])
		return 0;
	for (i = 0; !ret && !d->stop_text[0] && i < TPM_ARRAY_SIZE(ekcert_slots); i++) {
		r.slot = &ekcert_slots[i];
		ret = ekcert_slot(&r);
	}
	d->ask.q = NULL; /* r.q goes out of scope */
	return ret;
}
