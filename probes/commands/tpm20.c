// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * TPM 2.0 named commands: builders from argument words, decoders of the
 * answers into fields. Every read goes through a bounded tpm_rd.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/commands/catalog.h"
#include "probes/tpm/rc.h"
#include "probes/tpm/tpm.h"
#include "probes/commands/tpm20.h"
#include "probes/commands/tpm20_priv.h"

/*
 * Reader over the response parameters: after the header, and for a
 * TPM2_ST_SESSIONS answer only the parameterSize bytes (sessions follow).
 */
int tpm20_params(const uint8_t *rsp, size_t len, struct tpm_rd *r)
{
	const uint8_t *p = NULL;
	uint16_t tag = 0;
	uint32_t n = 0;
	struct tpm_rd all;

	tpm_rd_init(&all, rsp, len);
	tpm_rd_u16(&all, &tag);
	tpm_rd_skip(&all, TPM_HEADER_SIZE - 2);
	if (tag == TPM2_ST_SESSIONS && !tpm_rd_u32(&all, &n) && !tpm_rd_ref(&all, &p, n)) {
		tpm_rd_init(r, p, n);
		return 0;
	}
	*r = all;
	return all.bad ? -EBADMSG : 0;
}

/* *sub reads exactly the bytes of the TPM2B that r is at. */
static int tpm20_rd_2b(struct tpm_rd *r, struct tpm_rd *sub)
{
	const uint8_t *p = NULL;
	uint16_t n = 0;
	int ret = tpm_rd_tpm2b(r, &p, &n);

	tpm_rd_init(sub, p, n);
	sub->bad = ret != 0;
	return ret;
}

/* --- names ------------------------------------------------------------------ */

static const struct tpm_sym tpm20_algs[] = {
    {0x0001, "rsa"},	   {0x0003, "tdes"},
    {0x0004, "sha1"},	   {0x0005, "hmac"},
    {0x0006, "aes"},	   {0x0007, "mgf1"},
    {0x0008, "keyedhash"}, {0x000A, "xor"},
    {0x000B, "sha256"},	   {0x000C, "sha384"},
    {0x000D, "sha512"},	   {0x000E, "sha256_192"},
    {0x0010, "null"},	   {0x0012, "sm3_256"},
    {0x0013, "sm4"},	   {0x0014, "rsassa"},
    {0x0015, "rsaes"},	   {0x0016, "rsapss"},
    {0x0017, "oaep"},	   {0x0018, "ecdsa"},
    {0x0019, "ecdh"},	   {0x001A, "ecdaa"},
    {0x001B, "sm2"},	   {0x001C, "ecschnorr"},
    {0x001D, "ecmqv"},	   {0x0020, "kdf1_sp800_56a"},
    {0x0021, "kdf2"},	   {0x0022, "kdf1_sp800_108"},
    {0x0023, "ecc"},	   {0x0025, "symcipher"},
    {0x0026, "camellia"},  {0x0027, "sha3_256"},
    {0x0028, "sha3_384"},  {0x0029, "sha3_512"},
    {0x002A, "shake128"},  {0x002B, "shake256"},
    {0x003F, "cmac"},	   {0x0040, "ctr"},
    {0x0041, "ofb"},	   {0x0042, "cbc"},
    {0x0043, "cfb"},	   {0x0044, "ecb"},
};

const char *tpm20_alg_name(uint16_t alg)
{
	return tpm_sym_name(tpm20_algs, TPM_ARRAY_SIZE(tpm20_algs), alg);
}

const char *tpm20_alg_fmt(uint16_t alg, char *buf, size_t len)
{
	return tpm_sym_fmt(tpm20_algs, TPM_ARRAY_SIZE(tpm20_algs), alg, 4, buf, len);
}

/* "sha256", or "alg 0x0099" for one this file does not know. */
const char *tpm20_alg_key(uint16_t alg, char *buf, size_t len)
{
	const char *name = tpm20_alg_name(alg);

	if (name)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "alg 0x%04x", alg);
	return buf;
}

/* PCR banks a person can name. */
static const struct tpm_sym tpm20_banks[] = {
    {TPM2_ALG_SHA1, "sha1"},	 {TPM2_ALG_SHA256, "sha256"},	{TPM2_ALG_SHA384, "sha384"},
    {TPM2_ALG_SHA512, "sha512"}, {TPM2_ALG_SM3_256, "sm3_256"},
};

/* TPMA_OBJECT (Part 2, 8.3). */
static const struct tpm_sym tpm20_obj_attrs[] = {
    {1u << 1, "fixedTPM"},     {1u << 2, "stClear"},
    {1u << 4, "fixedParent"},  {1u << 5, "sensitiveDataOrigin"},
    {1u << 6, "userWithAuth"}, {1u << 7, "adminWithPolicy"},
    {1u << 10, "noDA"},	       {1u << 11, "encryptedDuplication"},
    {1u << 16, "restricted"},  {1u << 17, "decrypt"},
    {1u << 18, "sign"},	       {1u << 19, "x509sign"},
};

/* TPM_ECC_CURVE (Part 2, 6.4). */
static const struct tpm_sym tpm20_curves[] = {
    {0x0001, "nist_p192"}, {0x0002, "nist_p224"}, {0x0003, "nist_p256"}, {0x0004, "nist_p384"},
    {0x0005, "nist_p521"}, {0x0010, "bn_p256"},	  {0x0011, "bn_p638"},	 {0x0020, "sm2_p256"},
};

/* "a|b (0x00000003)" for an attribute word. */
const char *tpm20_attrs_fmt(const struct tpm_sym *t, size_t n, uint32_t v, char *buf, size_t len)
{
	char names[512];

	tpm_bits_fmt(t, n, v, names, sizeof(names));
	snprintf(buf, len, "%s (0x%08x)", names, v);
	return buf;
}

/* --- commands without parameters, startup, shutdown, selftest ---------------- */

int tpm20_decode_none(TPM20_DECODE_ARGS)
{
	struct tpm_rd r;

	(void)argc;
	(void)argv;
	tpm20_params(rsp, len, &r);
	return tpm_rd_done(&r, out);
}

static const struct tpm_sym tpm20_su_words[] = {
    {TPM2_SU_CLEAR, "clear"},
    {TPM2_SU_STATE, "state"},
};

static int tpm20_build_su(struct tpm_buf *b, uint32_t cc, const char *cmd, int argc, char **argv,
			  char *err, size_t errlen)
{
	uint32_t su = 0;
	int ret;

	if (cc == TPM2_CC_Startup && argc > 0 && argv[0] && !strcmp(argv[0], "deactivated"))
		return tpm_arg_error(err, errlen,
				     "TPM 2.0 has no deactivated startup; use clear or state");
	ret = tpm_arg_pick(tpm20_su_words, TPM_ARRAY_SIZE(tpm20_su_words), argc, argv, 0,
			   "shutdown/startup type", &su, err, errlen);
	if (!ret)
		ret = tpm_arg_max(argc, argv, 1, cmd, err, errlen);
	if (ret)
		return ret;
	TPM20_BEGIN(b, cc);
	tpm_buf_u16(b, (uint16_t)su);
	return tpm_cmd_finish(b);
}

int tpm20_build_startup(TPM20_BUILD_ARGS)
{
	return tpm20_build_su(b, TPM2_CC_Startup, "startup", argc, argv, err, errlen);
}

int tpm20_build_shutdown(TPM20_BUILD_ARGS)
{
	return tpm20_build_su(b, TPM2_CC_Shutdown, "shutdown", argc, argv, err, errlen);
}

static const struct tpm_sym tpm20_selftest_words[] = {
    {1, "full"},
    {0, "continue"},
};

int tpm20_build_selftest(TPM20_BUILD_ARGS)
{
	uint32_t full = 0;
	int ret;

	ret = tpm_arg_pick(tpm20_selftest_words, TPM_ARRAY_SIZE(tpm20_selftest_words), argc, argv,
			   0, "self-test kind", &full, err, errlen);
	if (!ret)
		ret = tpm_arg_max(argc, argv, 1, "selftest", err, errlen);
	if (ret)
		return ret;
	TPM20_BEGIN(b, TPM2_CC_SelfTest);
	tpm_buf_u8(b, (uint8_t)full);
	return tpm_cmd_finish(b);
}

/* --- gettestresult ------------------------------------------------------------ */

int tpm20_build_gettestresult(TPM20_BUILD_ARGS)
{
	int ret = tpm_arg_max(argc, argv, 0, "gettestresult", err, errlen);

	if (ret)
		return ret;
	TPM20_BEGIN(b, TPM2_CC_GetTestResult);
	return tpm_cmd_finish(b);
}

int tpm20_decode_gettestresult(TPM20_DECODE_ARGS)
{
	struct tpm_rc_desc d;
	struct tpm_rd r, data;
	uint32_t rc = 0;
	char buf[256];

	(void)argc;
	(void)argv;
	if (tpm20_params(rsp, len, &r) || tpm20_rd_2b(&r, &data))
		return -EBADMSG;
	tpm_fields_add(out, "outDataSize", "%zu", data.len);
	tpm_fields_add_hex(out, "outData", data.data, data.len);
	if (data.len && tpm_is_text(data.data, data.len))
		tpm_fields_add_text(out, "outData text", data.data, data.len);
	if (tpm_rd_u32(&r, &rc))
		return -EBADMSG;
	buf[0] = '\0';
	if (!tpm_rc_decode(rc, TPM_FAMILY_20, &d))
		tpm_rc_format(&d, buf, sizeof(buf));
	tpm_fields_add(out, "testResult", "0x%08x %s", rc, buf);
	return tpm_rd_done(&r, out);
}

/* --- readpublic -------------------------------------------------------------- */

int tpm20_build_readpublic(TPM20_BUILD_ARGS)
{
	uint32_t handle = 0;
	int ret;

	ret = tpm_arg_number(argc > 0 ? argv[0] : NULL, "object handle (e.g. 0x81000001)", 0,
			     UINT32_MAX, &handle, err, errlen);
	if (!ret)
		ret = tpm_arg_max(argc, argv, 1, "readpublic", err, errlen);
	if (ret)
		return ret;
	TPM20_BEGIN(b, TPM2_CC_ReadPublic);
	tpm_buf_u32(b, handle);
	return tpm_cmd_finish(b);
}

static void tpm20_add_alg(struct tpm_fields *out, const char *key, uint16_t alg)
{
	char buf[64];

	tpm_fields_add(out, key, "%s", tpm20_alg_fmt(alg, buf, sizeof(buf)));
}

/* TPMT_SYM_DEF_OBJECT: algorithm, and unless null its keyBits and mode. */
static int tpm20_rd_symdef(struct tpm_rd *r, struct tpm_fields *out)
{
	uint16_t alg = 0, bits = 0, mode = 0;

	if (tpm_rd_u16(r, &alg))
		return -EBADMSG;
	tpm20_add_alg(out, "symmetric", alg);
	if (alg == TPM2_ALG_NULL)
		return 0;
	if (tpm_rd_u16(r, &bits) || tpm_rd_u16(r, &mode))
		return -EBADMSG;
	tpm_fields_add(out, "symmetric keyBits", "%u", bits);
	tpm20_add_alg(out, "symmetric mode", mode);
	return 0;
}

/*
 * A TPMT_*_SCHEME: scheme, and unless null its details: a hash (every
 * scheme here), plus a count for ECDAA and a KDF for XOR.
 */
static int tpm20_rd_scheme(struct tpm_rd *r, const char *key, struct tpm_fields *out)
{
	char k[TPM_FIELD_KEY_MAX];
	uint16_t scheme = 0, v = 0;

	if (tpm_rd_u16(r, &scheme))
		return -EBADMSG;
	tpm20_add_alg(out, key, scheme);
	if (scheme == TPM2_ALG_NULL || scheme == 0x0015 /* rsaes: no details */)
		return 0;
	if (tpm_rd_u16(r, &v))
		return -EBADMSG;
	snprintf(k, sizeof(k), "%s hashAlg", key);
	tpm20_add_alg(out, k, v);
	if (scheme != TPM2_ALG_ECDAA && scheme != TPM2_ALG_XOR)
		return 0;
	if (tpm_rd_u16(r, &v))
		return -EBADMSG;
	snprintf(k, sizeof(k), "%s %s", key, scheme == TPM2_ALG_XOR ? "kdf" : "count");
	if (scheme == TPM2_ALG_XOR)
		tpm20_add_alg(out, k, v);
	else
		tpm_fields_add(out, k, "%u", v);
	return 0;
}

/* A TPM2B added as hex under key. */
static int tpm20_rd_2b_hex(struct tpm_rd *r, const char *key, struct tpm_fields *out)
{
	struct tpm_rd sub;

	if (tpm20_rd_2b(r, &sub))
		return -EBADMSG;
	tpm_fields_add_hex(out, key, sub.data, sub.len);
	return 0;
}

static int tpm20_rd_rsa(struct tpm_rd *r, struct tpm_fields *out)
{
	uint16_t bits = 0;
	uint32_t e = 0;

	if (tpm20_rd_symdef(r, out) || tpm20_rd_scheme(r, "scheme", out) || tpm_rd_u16(r, &bits) ||
	    tpm_rd_u32(r, &e))
		return -EBADMSG;
	tpm_fields_add(out, "keyBits", "%u", bits);
	if (e)
		tpm_fields_add(out, "exponent", "%u", e);
	else
		tpm_fields_add(out, "exponent", "65537 (default)");
	return tpm20_rd_2b_hex(r, "modulus", out);
}

static int tpm20_rd_ecc(struct tpm_rd *r, struct tpm_fields *out)
{
	uint16_t curve = 0;
	char buf[64];

	if (tpm20_rd_symdef(r, out) || tpm20_rd_scheme(r, "scheme", out) || tpm_rd_u16(r, &curve))
		return -EBADMSG;
	tpm_fields_add(
	    out, "curveID", "%s",
	    tpm_sym_fmt(tpm20_curves, TPM_ARRAY_SIZE(tpm20_curves), curve, 4, buf, sizeof(buf)));
	if (tpm20_rd_scheme(r, "kdf", out) || tpm20_rd_2b_hex(r, "x", out) ||
	    tpm20_rd_2b_hex(r, "y", out))
		return -EBADMSG;
	return 0;
}

/* TPMT_PUBLIC (Part 2, 12.2.4), read from exactly the TPM2B_PUBLIC's bytes. */
static int tpm20_rd_public(struct tpm_rd *r, struct tpm_fields *out)
{
	uint16_t type = 0, name_alg = 0;
	uint32_t attrs = 0;
	char buf[640];
	int ret;

	if (tpm_rd_u16(r, &type) || tpm_rd_u16(r, &name_alg) || tpm_rd_u32(r, &attrs))
		return -EBADMSG;
	tpm20_add_alg(out, "type", type);
	tpm20_add_alg(out, "nameAlg", name_alg);
	tpm_fields_add(out, "objectAttributes", "%s",
		       tpm20_attrs_fmt(tpm20_obj_attrs, TPM_ARRAY_SIZE(tpm20_obj_attrs), attrs, buf,
				       sizeof(buf)));
	if (tpm20_rd_2b_hex(r, "authPolicy", out))
		return -EBADMSG;
	switch (type) {
	case TPM2_ALG_RSA:
		ret = tpm20_rd_rsa(r, out);
		break;
	case TPM2_ALG_ECC:
		ret = tpm20_rd_ecc(r, out);
		break;
	case TPM2_ALG_KEYEDHASH:
		ret = tpm20_rd_scheme(r, "scheme", out);
		if (!ret)
			ret = tpm20_rd_2b_hex(r, "unique", out);
		break;
	case TPM2_ALG_SYMCIPHER:
		ret = tpm20_rd_symdef(r, out);
		if (!ret)
			ret = tpm20_rd_2b_hex(r, "unique", out);
		break;
	default:
		tpm_fields_add_hex(out, "parameters", r->data + r->pos, tpm_rd_left(r));
		ret = -EBADMSG;
		break;
	}
	if (!ret && tpm_rd_left(r)) {
		tpm_fields_add(out, "outPublic trailing bytes", "%zu", tpm_rd_left(r));
		ret = -EBADMSG;
	}
	return ret;
}

int tpm20_decode_readpublic(TPM20_DECODE_ARGS)
{
	struct tpm_rd r, pub;

	(void)argc;
	(void)argv;
	if (tpm20_params(rsp, len, &r) || tpm20_rd_2b(&r, &pub))
		return -EBADMSG;
	tpm_fields_add(out, "outPublic size", "%zu", pub.len);
	if (tpm20_rd_public(&pub, out) || tpm20_rd_2b_hex(&r, "name", out) ||
	    tpm20_rd_2b_hex(&r, "qualifiedName", out))
		return -EBADMSG;
	return tpm_rd_done(&r, out);
}

/* --- pcrread ------------------------------------------------------------------- */

struct tpm20_pcr_req {
	size_t n;
	struct {
		uint16_t hash;
		uint8_t sel[TPM2_PCR_SELECT_SIZE];
	} bank[TPM_ARRAY_SIZE(tpm20_banks)];
};

/* "0,1,7", "0-7", "0-3,7" into sel; 0 or -EINVAL. */
static int tpm20_parse_pcr_list(const char *list, const char *word, uint8_t *sel, char *err,
				size_t errlen)
{
	unsigned long lo, hi;
	const char *p = list;
	char *end;

	for (;;) {
		if (*p < '0' || *p > '9')
			goto bad;
		lo = strtoul(p, &end, 10);
		hi = lo;
		if (*end == '-') {
			p = end + 1;
			if (*p < '0' || *p > '9')
				goto bad;
			hi = strtoul(p, &end, 10);
		}
		if (lo > hi || hi > TPM2_PCR_MAX)
			goto bad;
		for (; lo <= hi; lo++)
			sel[lo / 8] |= (uint8_t)(1u << (lo % 8));
		if (!*end)
			return 0;
		if (*end != ',')
			goto bad;
		p = end + 1;
	}
bad:
	return tpm_arg_error(err, errlen,
			     "bad PCR selection \"%s\"; give [BANK:]LIST with BANK one of sha1, "
			     "sha256, sha384, sha512, sm3_256 and LIST like 0,1,7 or 0-7 (PCRs 0 "
			     "to %u)",
			     word, TPM2_PCR_MAX);
}

/* One "[BANK:]LIST" word into req (a bank named twice is merged). */
static int tpm20_parse_pcr_word(const char *word, struct tpm20_pcr_req *req, char *err,
				size_t errlen)
{
	const char *colon = strchr(word, ':'), *list = word;
	uint32_t hash = TPM2_ALG_SHA256;
	char bank[16];
	size_t i;

	if (colon) {
		if ((size_t)(colon - word) >= sizeof(bank))
			goto bad_bank;
		memcpy(bank, word, (size_t)(colon - word));
		bank[colon - word] = '\0';
		if (tpm_sym_value(tpm20_banks, TPM_ARRAY_SIZE(tpm20_banks), bank, &hash))
			goto bad_bank;
		list = colon + 1;
	}
	for (i = 0; i < req->n && req->bank[i].hash != hash; i++)
		;
	if (i == req->n) {
		req->n++;
		req->bank[i].hash = (uint16_t)hash;
		memset(req->bank[i].sel, 0, sizeof(req->bank[i].sel));
	}
	return tpm20_parse_pcr_list(list, word, req->bank[i].sel, err, errlen);
bad_bank:
	return tpm_arg_error(err, errlen,
			     "unknown PCR bank in \"%s\"; use one of: sha1, sha256, sha384, "
			     "sha512, sm3_256",
			     word);
}

static int tpm20_parse_pcr_req(int argc, char **argv, struct tpm20_pcr_req *req, char *err,
			       size_t errlen)
{
	int i, ret = 0;

	req->n = 0;
	if (argc < 1 || !argv || !argv[0])
		return tpm_arg_error(err, errlen,
				     "missing PCR selection; give [BANK:]LIST, e.g. sha256:0,1,7 "
				     "or 0-7");
	for (i = 0; !ret && i < argc; i++)
		ret = tpm20_parse_pcr_word(argv[i] ? argv[i] : "", req, err, errlen);
	return ret;
}

int tpm20_build_pcrread(TPM20_BUILD_ARGS)
{
	struct tpm20_pcr_req req;
	size_t i;
	int ret;

	ret = tpm20_parse_pcr_req(argc, argv, &req, err, errlen);
	if (ret)
		return ret;
	TPM20_BEGIN(b, TPM2_CC_PCR_Read);
	tpm_buf_u32(b, (uint32_t)req.n);
	for (i = 0; i < req.n; i++) {
		tpm_buf_u16(b, req.bank[i].hash);
		tpm_buf_u8(b, TPM2_PCR_SELECT_SIZE);
		tpm_buf_bytes(b, req.bank[i].sel, TPM2_PCR_SELECT_SIZE);
	}
	return tpm_cmd_finish(b);
}

/* Clear in req what the answer's selection (hash, sel[n]) holds. */
static void tpm20_pcr_req_clear(struct tpm20_pcr_req *req, uint16_t hash, const uint8_t *sel,
				size_t n)
{
	size_t i, j;

	for (i = 0; i < req->n; i++)
		if (req->bank[i].hash == hash)
			for (j = 0; j < n && j < TPM2_PCR_SELECT_SIZE; j++)
				req->bank[i].sel[j] &= (uint8_t)~sel[j];
}

/* The requested PCRs the answer left out, "sha256:8-15", as a field. */
static void tpm20_pcr_req_report(const struct tpm20_pcr_req *req, struct tpm_fields *out)
{
	char buf[TPM20_LIST_MAX], list[256];
	size_t i, pos = 0;
	int w;

	for (i = 0; i < req->n; i++) {
		tpm20_pcrs_fmt(req->bank[i].sel, TPM2_PCR_SELECT_SIZE, list, sizeof(list));
		if (!strcmp(list, "none"))
			continue;
		w = snprintf(buf + pos, sizeof(buf) - pos, "%s%s:%s", pos ? " " : "",
			     tpm20_alg_name(req->bank[i].hash), list);
		if (w > 0 && (size_t)w < sizeof(buf) - pos)
			pos += (size_t)w;
	}
	if (pos)
		tpm_fields_add(out, "not read (ask again)", "%s", buf);
}

/*
 * Digests in the order of the answer's selection: bank by bank, PCR by
 * PCR ascending. sels reads the selection list again, in step.
 */
static void tpm20_decode_pcr_values(struct tpm_rd *r, struct tpm_rd sels, uint32_t nsel,
				    struct tpm_fields *out)
{
	char key[TPM_FIELD_KEY_MAX], alg[32];
	uint32_t count = 0, d = 0, s;
	const uint8_t *sel = NULL;
	struct tpm_rd digest;
	uint16_t hash = 0;
	uint8_t n = 0;
	size_t bit;

	if (tpm_rd_u32(r, &count))
		return;
	for (s = 0; s < nsel && d < count; s++) {
		if (tpm20_rd_pcr_sel(&sels, &hash, &sel, &n))
			return;
		tpm20_alg_key(hash, alg, sizeof(alg));
		for (bit = 0; bit < (size_t)n * 8 && d < count; bit++) {
			if (!(sel[bit / 8] & (1u << (bit % 8))))
				continue;
			if (tpm20_rd_2b(r, &digest))
				return;
			snprintf(key, sizeof(key), "%s PCR %zu", alg, bit);
			tpm_fields_add_hex(out, key, digest.data, digest.len);
			d++;
		}
	}
	for (; d < count; d++) {
		if (tpm20_rd_2b(r, &digest))
			return;
		snprintf(key, sizeof(key), "digest %u (not in the selection)", d);
		tpm_fields_add_hex(out, key, digest.data, digest.len);
	}
}

int tpm20_decode_pcrread(TPM20_DECODE_ARGS)
{
	char buf[TPM20_LIST_MAX], list[256], alg[32];
	uint32_t counter = 0, nsel = 0, s;
	struct tpm20_pcr_req req;
	const uint8_t *sel = NULL;
	struct tpm_rd r, sels;
	uint16_t hash = 0;
	size_t pos = 0;
	uint8_t n = 0;
	int w;

	if (tpm20_parse_pcr_req(argc, argv, &req, NULL, 0))
		return -EINVAL;
	if (tpm20_params(rsp, len, &r) || tpm_rd_u32(&r, &counter) || tpm_rd_u32(&r, &nsel))
		return -EBADMSG;
	tpm_fields_add(out, "pcrUpdateCounter", "%u", counter);
	sels = r;
	buf[0] = '\0';
	for (s = 0; s < nsel; s++) {
		if (tpm20_rd_pcr_sel(&r, &hash, &sel, &n))
			return -EBADMSG;
		tpm20_pcr_req_clear(&req, hash, sel, n);
		w = snprintf(buf + pos, sizeof(buf) - pos, "%s%s:%s", pos ? " " : "",
			     tpm20_alg_key(hash, alg, sizeof(alg)),
			     tpm20_pcrs_fmt(sel, n, list, sizeof(list)));
		if (w > 0 && (size_t)w < sizeof(buf) - pos)
			pos += (size_t)w;
	}
	tpm_fields_add(out, "pcrSelectionOut", "%s", pos ? buf : "none");
	tpm20_pcr_req_report(&req, out);
	tpm20_decode_pcr_values(&r, sels, nsel, out);
	return tpm_rd_done(&r, out);
}

/* --- getrandom ------------------------------------------------------------------ */

int tpm20_build_getrandom(TPM20_BUILD_ARGS)
{
	uint32_t n = 0;
	int ret;

	ret = tpm_arg_number(argc > 0 ? argv[0] : NULL, "byte count", 1, TPM2_RANDOM_MAX, &n, err,
			     errlen);
	if (!ret)
		ret = tpm_arg_max(argc, argv, 1, "getrandom", err, errlen);
	if (ret)
		return ret;
	TPM20_BEGIN(b, TPM2_CC_GetRandom);
	tpm_buf_u16(b, (uint16_t)n);
	return tpm_cmd_finish(b);
}

int tpm20_decode_getrandom(TPM20_DECODE_ARGS)
{
	struct tpm_rd r, data;

	(void)argc;
	(void)argv;
	if (tpm20_params(rsp, len, &r) || tpm20_rd_2b(&r, &data))
		return -EBADMSG;
	tpm_fields_add(out, "randomBytesSize", "%zu", data.len);
	tpm_fields_add_hex(out, "randomBytes", data.data, data.len);
	return tpm_rd_done(&r, out);
}
