// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The device probe's TPM 2.0 questions (device_chip.h): properties, self-test
 * result, PCR banks and persistent handles, read from the responses with
 * bounded readers, as tpmN.chip.* facts.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/device/device_chip.h"
#include "probes/commands/tpm20.h"
#include "probes/keys/ek_facts.h"
#include "probes/keys/pubkey.h"

/* Position r after a GetCapability answer's moreData and capability. */
static int dev20_cap_body(const struct dev_ask *a, struct tpm_rd *r)
{
	uint8_t more;
	uint32_t cap;
	struct tpm_hdr h;

	if (tpm_hdr_parse(a->rsp, a->rsp_len, &h, r) || tpm_rd_u8(r, &more) || tpm_rd_u32(r, &cap))
		return -EBADMSG;
	return 0;
}

/* The value of property pt in a TPML_TAGGED_TPM_PROPERTY answer; -ENOENT when absent. */
static int dev20_prop(const struct dev_ask *a, uint32_t pt, uint32_t *v)
{
	uint32_t n = 0, i, p = 0, x = 0;
	struct tpm_rd r;

	if (dev20_cap_body(a, &r) || tpm_rd_u32(&r, &n))
		return -EBADMSG;
	for (i = 0; i < n; i++) {
		if (tpm_rd_u32(&r, &p) || tpm_rd_u32(&r, &x))
			return -EBADMSG;
		if (p == pt) {
			*v = x;
			return 0;
		}
	}
	return -ENOENT;
}

/* A property as an integer fact, or unreadable when the answer did not include it. */
static int dev20_int(struct dev_chip *d, const char *name, uint32_t pt, const char *ptname)
{
	uint32_t v;

	if (dev20_prop(&d->ask, pt, &v))
		return dev_missing(d, name, ptname);
	return dev_int(d, name, v, ptname);
}

static int rec20_fixed(struct dev_chip *d, const struct tpm_fields *fs)
{
	struct fact_src s = dev_src(&d->ask, "TPM2_PT_MANUFACTURER");
	char text[32];
	size_t pos = 0;
	uint32_t v, v2, pt;
	int ret;

	(void)fs;
	if (dev20_prop(&d->ask, TPM2_PT_MANUFACTURER, &v)) {
		ret = dev_missing(d, "manufacturer", "TPM2_PT_MANUFACTURER");
	} else {
		dev_chars(v, text, sizeof(text), &pos);
		dev_trim(text);
		ret = dev_str(d, "manufacturer", text, "TPM2_PT_MANUFACTURER");
		if (!ret)
			ret = dev_top_str(d, "manufacturer", text, &s);
	}
	if (ret)
		return ret;
	pos = 0;
	text[0] = '\0';
	for (pt = TPM2_PT_VENDOR_STRING_1; pt <= TPM2_PT_VENDOR_STRING_4; pt++)
		if (!dev20_prop(&d->ask, pt, &v))
			dev_chars(v, text, sizeof(text), &pos);
	dev_trim(text);
	ret = dev20_prop(&d->ask, TPM2_PT_VENDOR_STRING_1, &v)
		  ? dev_missing(d, "vendor", "TPM2_PT_VENDOR_STRING_1")
		  : dev_str(d, "vendor", text, "TPM2_PT_VENDOR_STRING_1..4");
	if (ret)
		return ret;
	if (dev20_prop(&d->ask, TPM2_PT_FIRMWARE_VERSION_1, &v)) {
		ret = dev_missing(d, "firmware", "TPM2_PT_FIRMWARE_VERSION_1");
	} else {
		snprintf(text, sizeof(text), "%u.%u", v >> 16, v & 0xffffu);
		ret = dev_str(d, "firmware", text,
			      "TPM2_PT_FIRMWARE_VERSION_1: high 16 bits . low 16 bits");
		/* the knowledge base's four-number ranges (diag/rules/kb-advisories.yaml) */
		if (!ret && !dev20_prop(&d->ask, TPM2_PT_FIRMWARE_VERSION_2, &v2)) {
			snprintf(text + strlen(text), sizeof(text) - strlen(text), ".%u.%u",
				 v2 >> 16, v2 & 0xffffu);
			ret = dev_str(d, "firmware_full", text,
				      "TPM2_PT_FIRMWARE_VERSION_1 and _2, each high16.low16");
		}
	}
	if (ret)
		return ret;
	if (dev20_prop(&d->ask, TPM2_PT_REVISION, &v)) {
		ret = dev_missing(d, "spec_revision", "TPM2_PT_REVISION");
	} else {
		snprintf(text, sizeof(text), "%u.%02u", v / 100, v % 100);
		ret = dev_str(d, "spec_revision", text, "TPM2_PT_REVISION");
	}
	if (!ret)
		ret = dev20_int(d, "spec_level", TPM2_PT_LEVEL, "TPM2_PT_LEVEL");
	if (!ret)
		ret = dev20_int(d, "spec_year", TPM2_PT_YEAR, "TPM2_PT_YEAR");
	return ret;
}

/* The variable properties worth a fact: a bit of an attribute word, or a number. */
static const struct dev20_var {
	const char *name;
	uint32_t pt;
	const char *ptname;
	int bit; /* -1: the value itself */
} dev20_vars[] = {
    {"owner_auth_set", 0x200, "TPM2_PT_PERMANENT ownerAuthSet", 0},
    {"endorsement_auth_set", 0x200, "TPM2_PT_PERMANENT endorsementAuthSet", 1},
    {"lockout_auth_set", 0x200, "TPM2_PT_PERMANENT lockoutAuthSet", 2},
    {"disable_clear", 0x200, "TPM2_PT_PERMANENT disableClear", 8},
    {"in_lockout", 0x200, "TPM2_PT_PERMANENT inLockout", 9},
    {"ph_enable", 0x201, "TPM2_PT_STARTUP_CLEAR phEnable", 0},
    {"sh_enable", 0x201, "TPM2_PT_STARTUP_CLEAR shEnable", 1},
    {"eh_enable", 0x201, "TPM2_PT_STARTUP_CLEAR ehEnable", 2},
    {"lockout_counter", 0x20E, "TPM2_PT_LOCKOUT_COUNTER", -1},
    {"max_auth_fail", 0x20F, "TPM2_PT_MAX_AUTH_FAIL", -1},
    {"lockout_interval", 0x210, "TPM2_PT_LOCKOUT_INTERVAL", -1},
    {"lockout_recovery", 0x211, "TPM2_PT_LOCKOUT_RECOVERY", -1},
};

static int rec20_variable(struct dev_chip *d, const struct tpm_fields *fs)
{
	const struct dev20_var *x;
	uint32_t v;
	size_t i;
	int ret = 0;

	(void)fs;
	for (i = 0; !ret && i < TPM_ARRAY_SIZE(dev20_vars); i++) {
		x = &dev20_vars[i];
		if (dev20_prop(&d->ask, x->pt, &v))
			ret = dev_missing(d, x->name, x->ptname);
		else if (x->bit < 0)
			ret = dev_int(d, x->name, v, x->ptname);
		else
			ret = dev_bool(d, x->name, (v >> x->bit) & 1u, x->ptname);
	}
	return ret;
}

static int rec20_selftest(struct dev_chip *d, const struct tpm_fields *fs)
{
	struct dev_ask res = {.h.tag = TPM2_ST_NO_SESSIONS};
	const uint8_t *data;
	char name[160];
	struct tpm_rd r;
	uint16_t n;

	(void)fs;
	if (tpm_hdr_parse(d->ask.rsp, d->ask.rsp_len, &res.h, &r) || tpm_rd_tpm2b(&r, &data, &n) ||
	    tpm_rd_u32(&r, &res.h.code))
		return dev_missing(d, "selftest_rc", "testResult");
	return dev_str(d, "selftest_rc", dev_rc_name(d, &res, name, sizeof(name)), "testResult");
}

/* A list fact of n items of width w packed in buf. */
static int dev_list(struct dev_chip *d, const char *name, const char *buf, size_t w, size_t n,
		    const char *note)
{
	struct fact_src s = dev_src(&d->ask, note);
	const char **items = NULL;
	char key[128];
	size_t i;
	int ret;

	if (n) {
		items = calloc(n, sizeof(*items));
		if (!items)
			return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		items[i] = buf + i * w;
	ret = dev_ok(facts_set_list(d->c->facts, dev_key(d, key, sizeof(key), name), items, n, &s));
	free(items);
	return ret;
}

#define DEV_ITEM_W 16

static int rec20_pcrs(struct dev_chip *d, const struct tpm_fields *fs)
{
	uint32_t count = 0, i;
	const uint8_t *sel;
	const char *alg;
	size_t k, used = 0;
	char *buf = NULL;
	struct tpm_rd r;
	uint16_t hash;
	uint8_t sz;
	int ret;

	(void)fs;
	if (dev20_cap_body(&d->ask, &r) || tpm_rd_u32(&r, &count))
		return dev_missing(d, "pcr_banks", "TPML_PCR_SELECTION");
	if (count > tpm_rd_left(&r) / 3) /* each selection is at least 3 bytes */
		return dev_missing(d, "pcr_banks", "as many PCR selections as it said");
	buf = calloc(count ? count : 1, DEV_ITEM_W);
	if (!buf)
		return -ENOMEM;
	for (i = 0; i < count; i++) {
		if (tpm_rd_u16(&r, &hash) || tpm_rd_u8(&r, &sz) || tpm_rd_ref(&r, &sel, sz))
			break;
		for (k = 0; k < sz && !sel[k]; k++)
			;
		if (k == sz)
			continue; /* a bank with no PCR selected is not in use */
		alg = tpm20_alg_name(hash);
		if (alg)
			snprintf(buf + used * DEV_ITEM_W, DEV_ITEM_W, "%s", alg);
		else
			snprintf(buf + used * DEV_ITEM_W, DEV_ITEM_W, "alg-0x%04x", hash);
		used++;
	}
	ret = i < count ? dev_missing(d, "pcr_banks", "as many PCR selections as it said")
			: dev_list(d, "pcr_banks", buf, DEV_ITEM_W, used, NULL);
	free(buf);
	return ret;
}

static int rec20_handles(struct dev_chip *d, const struct tpm_fields *fs)
{
	uint32_t count = 0, i, h;
	char *buf = NULL;
	struct tpm_rd r;
	int ret;

	(void)fs;
	if (dev20_cap_body(&d->ask, &r) || tpm_rd_u32(&r, &count))
		return dev_missing(d, "persistent_handles", "TPML_HANDLE");
	if (count > tpm_rd_left(&r) / 4)
		return dev_missing(d, "persistent_handles", "as many handles as it said");
	buf = calloc(count ? count : 1, DEV_ITEM_W);
	if (!buf)
		return -ENOMEM;
	for (i = 0; i < count && !tpm_rd_u32(&r, &h); i++)
		snprintf(buf + i * DEV_ITEM_W, DEV_ITEM_W, "0x%08x", h);
	ret = dev_list(d, "persistent_handles", buf, DEV_ITEM_W, count, NULL);
	free(buf);
	return ret;
}

/*
 * TPM2_ReadPublic of the persistent keys a chip's own RSA key generation
 * made: the RSA EK where the TCG EK Credential Profile puts it, and the
 * SRK where the TCG Provisioning Guidance does. An RSA key is judged as the
 * 1.2 pubek is (ek_facts.h); an object of another type there is said, not
 * judged.
 */
static const struct dev20_key {
	enum tpm_query_id id;
	const char *fact; /* tpmN.chip.FACT: whether an object is there */
	const char *note;
	const char *absent;
	int (*judge)(struct facts *fs, unsigned chip, const uint8_t *m, size_t len,
		     const struct fact_src *src);
} dev20_keys[] = {
    {TPM_Q20_EK, "ek_persistent", "TPM2_ReadPublic(0x81010001) answered with the public area",
     "TPM_RC_HANDLE: no object is persistent at 0x81010001 (the EK is then made from its "
     "template on demand, e.g. by tpm2_createek)",
     ek_key_facts},
    {TPM_Q20_SRK, "srk_persistent", "TPM2_ReadPublic(0x81000001) answered with the public area",
     "TPM_RC_HANDLE: no object is persistent at 0x81000001 (no storage root key was made "
     "persistent there: common where nothing provisioned the TPM)",
     srk_key_facts},
};

static const struct dev20_key *dev20_key_of(enum tpm_query_id id)
{
	size_t i;

	for (i = 0; i < TPM_ARRAY_SIZE(dev20_keys) && dev20_keys[i].id != id; i++)
		;
	return i < TPM_ARRAY_SIZE(dev20_keys) ? &dev20_keys[i] : NULL;
}

static int rec20_key(struct dev_chip *d, const struct tpm_fields *fs)
{
	const struct dev20_key *x = dev20_key_of(d->ask.q->id);
	struct fact_src s = dev_src(&d->ask, x ? x->note : NULL);
	struct rsa_pubkey *k = NULL;
	const uint8_t *p = d->ask.rsp + TPM_HEADER_SIZE;
	size_t left = d->ask.rsp_len > TPM_HEADER_SIZE ? d->ask.rsp_len - TPM_HEADER_SIZE : 0;
	size_t size;
	int ret;

	(void)fs;
	if (!x)
		return 0;
	ret = dev_bool(d, x->fact, true, x->note);
	if (ret || left < 2)
		goto out;
	size = (size_t)p[0] << 8 | p[1]; /* outPublic: a TPM2B_PUBLIC first */
	if (size + 2 > left)
		goto out;
	k = malloc(sizeof(*k));
	if (!k) {
		ret = -ENOMEM;
		goto out;
	}
	if (!pubkey_parse_tpm2b_public(p, size + 2, k)) {
		if (x->id == TPM_Q20_EK) { /* for its certificate (device_ekcert.c) */
			memcpy(d->ek_modulus, k->modulus, k->modulus_len);
			d->ek_modulus_len = k->modulus_len;
		}
		ret = dev_ok(x->judge(d->c->facts, d->n, k->modulus, k->modulus_len, &s));
	}
out:
	free(k);
	return ret;
}

/* TPM_RC_HANDLE: nothing is persistent there, which is common and no fault. */
static int rc20_key(struct dev_chip *d)
{
	const struct dev20_key *x = dev20_key_of(d->ask.q->id);
	int ret;

	if (!x || dev_rc_base(d, &d->ask) != TPM2_RC_HANDLE)
		return 0;
	ret = dev_bool(d, x->fact, false, x->absent);
	return ret ? ret : 1;
}

static const char *const k20_fixed[] = {"manufacturer",	 "vendor",     "firmware",
					"spec_revision", "spec_level", "spec_year"};
static const char *const k20_variable[] = {"owner_auth_set",   "endorsement_auth_set",
					   "lockout_auth_set", "disable_clear",
					   "in_lockout",       "ph_enable",
					   "sh_enable",	       "eh_enable",
					   "lockout_counter",  "max_auth_fail",
					   "lockout_interval", "lockout_recovery"};
static const char *const k20_selftest[] = {"selftest_rc"};
static const char *const k20_pcrs[] = {"pcr_banks"};
static const char *const k20_handles[] = {"persistent_handles"};
static const char *const k20_ek[] = {"ek_persistent"};
static const char *const k20_srk[] = {"srk_persistent"};

static const struct dev_question dev20_table[] = {
    DEV_Q(TPM_Q20_FIXED, k20_fixed, rec20_fixed, NULL),
    DEV_Q(TPM_Q20_VARIABLE, k20_variable, rec20_variable, NULL),
    DEV_Q(TPM_Q20_TESTRESULT, k20_selftest, rec20_selftest, NULL),
    DEV_Q(TPM_Q20_PCRS, k20_pcrs, rec20_pcrs, NULL),
    DEV_Q(TPM_Q20_HANDLES, k20_handles, rec20_handles, NULL),
    DEV_Q(TPM_Q20_EK, k20_ek, rec20_key, rc20_key),
    DEV_Q(TPM_Q20_SRK, k20_srk, rec20_key, rc20_key),
};

const struct dev_question *dev20_questions(size_t *n)
{
	*n = TPM_ARRAY_SIZE(dev20_table);
	return dev20_table;
}
