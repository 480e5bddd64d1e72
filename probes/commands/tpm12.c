// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * TPM 1.2 named commands: builders from argument words, decoders of the
 * answers into fields. Every read goes through a bounded tpm_rd.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "probes/commands/catalog.h"
#include "probes/tpm/tpm.h"
#include "probes/commands/tpm12.h"
#include "probes/commands/tpm12_priv.h"

/* Reader over the parameters of a response (after the 10-byte header). */
int tpm12_params(const uint8_t *rsp, size_t len, struct tpm_rd *r)
{
	tpm_rd_init(r, rsp, len);
	return tpm_rd_skip(r, TPM_HEADER_SIZE);
}

/* A u32 size, then that many bytes; *sub reads exactly those. */
int tpm12_rd_sized(struct tpm_rd *r, struct tpm_rd *sub)
{
	const uint8_t *p = NULL;
	uint32_t n = 0;
	int ret;

	ret = tpm_rd_u32(r, &n);
	if (!ret)
		ret = tpm_rd_ref(r, &p, n);
	tpm_rd_init(sub, ret ? NULL : p, ret ? 0 : n);
	sub->bad = ret != 0;
	return ret;
}

/* --- commands without parameters ---------------------------------------- */

static int tpm12_build_plain(struct tpm_buf *b, uint32_t ord, const char *cmd, int argc,
			     char **argv, char *err, size_t errlen)
{
	int ret = tpm_arg_max(argc, argv, 0, cmd, err, errlen);

	if (ret)
		return ret;
	TPM12_BEGIN(b, ord);
	return tpm_cmd_finish(b);
}

int tpm12_build_physicalenable(TPM12_BUILD_ARGS)
{
	return tpm12_build_plain(b, TPM_ORD_PhysicalEnable, "physicalenable", argc, argv, err,
				 errlen);
}

int tpm12_build_physicaldisable(TPM12_BUILD_ARGS)
{
	return tpm12_build_plain(b, TPM_ORD_PhysicalDisable, "physicaldisable", argc, argv, err,
				 errlen);
}

int tpm12_build_gettestresult(TPM12_BUILD_ARGS)
{
	return tpm12_build_plain(b, TPM_ORD_GetTestResult, "gettestresult", argc, argv, err,
				 errlen);
}

int tpm12_decode_none(TPM12_DECODE_ARGS)
{
	struct tpm_rd r;

	(void)argc;
	(void)argv;
	tpm12_params(rsp, len, &r);
	return tpm_rd_done(&r, out);
}

/* --- startup, savestate, selftest ---------------------------------------- */

static const struct tpm_sym tpm12_startup_words[] = {
    {TPM_ST_CLEAR, "clear"},
    {TPM_ST_STATE, "state"},
    {TPM_ST_DEACTIVATED, "deactivated"},
};

int tpm12_build_startup(TPM12_BUILD_ARGS)
{
	uint32_t st = 0;
	int ret;

	ret = tpm_arg_pick(tpm12_startup_words, TPM_ARRAY_SIZE(tpm12_startup_words), argc, argv, 0,
			   "startup type", &st, err, errlen);
	if (!ret)
		ret = tpm_arg_max(argc, argv, 1, "startup", err, errlen);
	if (ret)
		return ret;
	TPM12_BEGIN(b, TPM_ORD_Startup);
	tpm_buf_u16(b, (uint16_t)st);
	return tpm_cmd_finish(b);
}

int tpm12_build_savestate(TPM12_BUILD_ARGS)
{
	if (argc > 0 && argv[0] && strcmp(argv[0], "state"))
		return tpm_arg_error(
		    err, errlen,
		    "TPM 1.2 has no shutdown \"%s\"; shutdown sends TPM_SaveState, "
		    "which takes no argument or \"state\"",
		    argv[0]);
	return tpm12_build_plain(b, TPM_ORD_SaveState, "shutdown", argc > 0 ? argc - 1 : 0,
				 argc > 0 ? argv + 1 : argv, err, errlen);
}

static const struct tpm_sym tpm12_selftest_words[] = {
    {TPM_ORD_SelfTestFull, "full"},
    {TPM_ORD_ContinueSelfTest, "continue"},
};

int tpm12_build_selftest(TPM12_BUILD_ARGS)
{
	uint32_t ord = 0;
	int ret;

	ret = tpm_arg_pick(tpm12_selftest_words, TPM_ARRAY_SIZE(tpm12_selftest_words), argc, argv,
			   0, "self-test kind", &ord, err, errlen);
	if (!ret)
		ret = tpm_arg_max(argc, argv, 1, "selftest", err, errlen);
	if (ret)
		return ret;
	TPM12_BEGIN(b, ord);
	return tpm_cmd_finish(b);
}

/* --- gettestresult ------------------------------------------------------- */

int tpm12_decode_gettestresult(TPM12_DECODE_ARGS)
{
	struct tpm_rd r, data;

	(void)argc;
	(void)argv;
	if (!tpm12_params(rsp, len, &r) && !tpm12_rd_sized(&r, &data)) {
		tpm_fields_add(out, "outDataSize", "%zu", data.len);
		tpm_fields_add_hex(out, "outData", data.data, data.len);
		if (data.len && tpm_is_text(data.data, data.len))
			tpm_fields_add_text(out, "outData text", data.data, data.len);
	}
	return tpm_rd_done(&r, out);
}

/* --- physical presence ---------------------------------------------------- */

static const struct tpm_sym tpm12_pp_words[] = {
    {TPM_PHYSICAL_PRESENCE_CMD_ENABLE, "cmd_enable"},
    {TPM_PHYSICAL_PRESENCE_CMD_DISABLE, "cmd_disable"},
    {TPM_PHYSICAL_PRESENCE_HW_ENABLE, "hw_enable"},
    {TPM_PHYSICAL_PRESENCE_HW_DISABLE, "hw_disable"},
    {TPM_PHYSICAL_PRESENCE_LIFETIME_LOCK, "lifetime_lock"},
    {TPM_PHYSICAL_PRESENCE_PRESENT, "present"},
    {TPM_PHYSICAL_PRESENCE_NOTPRESENT, "not_present"},
    {TPM_PHYSICAL_PRESENCE_LOCK, "lock"},
};

int tpm12_build_physicalpresence(TPM12_BUILD_ARGS)
{
	uint32_t flags = 0, v = 0;
	int i, ret;

	/* i == 0 always runs, so that no word at all is reported as missing. */
	for (i = 0, ret = 0; !ret && (i == 0 || i < argc); i++) {
		ret = tpm_arg_pick(tpm12_pp_words, TPM_ARRAY_SIZE(tpm12_pp_words), argc, argv, i,
				   "physical presence flag", &v, err, errlen);
		flags |= v;
	}
	if (ret)
		return ret;
	TPM12_BEGIN(b, TSC_ORD_PhysicalPresence);
	tpm_buf_u16(b, (uint16_t)flags);
	return tpm_cmd_finish(b);
}

static const struct tpm_sym tpm12_bool_words[] = {
    {0, "false"},
    {1, "true"},
};

int tpm12_build_physicalsetdeactivated(TPM12_BUILD_ARGS)
{
	uint32_t state = 0;
	int ret;

	ret = tpm_arg_pick(tpm12_bool_words, TPM_ARRAY_SIZE(tpm12_bool_words), argc, argv, 0,
			   "deactivated state", &state, err, errlen);
	if (!ret)
		ret = tpm_arg_max(argc, argv, 1, "physicalsetdeactivated", err, errlen);
	if (ret)
		return ret;
	TPM12_BEGIN(b, TPM_ORD_PhysicalSetDeactivated);
	tpm_buf_u8(b, (uint8_t)state);
	return tpm_cmd_finish(b);
}

/* --- readpubek ------------------------------------------------------------ */

int tpm12_build_readpubek(TPM12_BUILD_ARGS)
{
	uint8_t nonce[TPM_SHA1_DIGEST_SIZE];
	size_t i;
	int ret;

	ret = tpm_arg_max(argc, argv, 0, "readpubek", err, errlen);
	if (ret)
		return ret;
	if (getrandom(nonce, sizeof(nonce), GRND_NONBLOCK) != (ssize_t)sizeof(nonce))
		for (i = 0; i < sizeof(nonce); i++)
			nonce[i] = (uint8_t)(0xa5 ^ i);
	TPM12_BEGIN(b, TPM_ORD_ReadPubek);
	tpm_buf_bytes(b, nonce, sizeof(nonce));
	return tpm_cmd_finish(b);
}

static const struct tpm_sym tpm12_alg_names[] = {
    {0x01, "TPM_ALG_RSA"},  {0x02, "TPM_ALG_DES"},    {0x03, "TPM_ALG_3DES"},
    {0x04, "TPM_ALG_SHA"},  {0x05, "TPM_ALG_HMAC"},   {0x06, "TPM_ALG_AES128"},
    {0x07, "TPM_ALG_MGF1"}, {0x08, "TPM_ALG_AES192"}, {0x09, "TPM_ALG_AES256"},
    {0x0A, "TPM_ALG_XOR"},
};

static const struct tpm_sym tpm12_es_names[] = {
    {0x01, "TPM_ES_NONE"},    {0x02, "TPM_ES_RSAESPKCSv15"}, {0x03, "TPM_ES_RSAESOAEP_SHA1_MGF1"},
    {0x04, "TPM_ES_SYM_CTR"}, {0x05, "TPM_ES_SYM_OFB"},
};

static const struct tpm_sym tpm12_ss_names[] = {
    {0x01, "TPM_SS_NONE"},
    {0x02, "TPM_SS_RSASSAPKCS1v15_SHA1"},
    {0x03, "TPM_SS_RSASSAPKCS1v15_DER"},
    {0x04, "TPM_SS_RSASSAPKCS1v15_INFO"},
};

/* TPM_RSA_KEY_PARMS (Part 2, 11.1) inside the parms of a TPM_KEY_PARMS. */
static void tpm12_decode_rsa_parms(struct tpm_rd *r, struct tpm_fields *out)
{
	uint32_t bits = 0, primes = 0, n = 0;
	const uint8_t *e = NULL;

	if (tpm_rd_u32(r, &bits) || tpm_rd_u32(r, &primes) || tpm_rd_u32(r, &n) ||
	    tpm_rd_ref(r, &e, n))
		return;
	tpm_fields_add(out, "keyLength bits", "%u", bits);
	tpm_fields_add(out, "numPrimes", "%u", primes);
	if (n)
		tpm_fields_add_hex(out, "exponent", e, n);
	else
		tpm_fields_add(out, "exponent", "65537 (default)");
}

int tpm12_decode_readpubek(TPM12_DECODE_ARGS)
{
	uint16_t es = 0, ss = 0;
	uint32_t alg = 0;
	struct tpm_rd r, parms, key;
	const uint8_t *sum = NULL;
	char buf[64];

	(void)argc;
	(void)argv;
	if (tpm12_params(rsp, len, &r) || tpm_rd_u32(&r, &alg) || tpm_rd_u16(&r, &es) ||
	    tpm_rd_u16(&r, &ss) || tpm12_rd_sized(&r, &parms))
		return -EBADMSG;
	tpm_fields_add(out, "algorithmID", "%s",
		       tpm_sym_fmt(tpm12_alg_names, TPM_ARRAY_SIZE(tpm12_alg_names), alg, 1, buf,
				   sizeof(buf)));
	tpm_fields_add(
	    out, "encScheme", "%s",
	    tpm_sym_fmt(tpm12_es_names, TPM_ARRAY_SIZE(tpm12_es_names), es, 1, buf, sizeof(buf)));
	tpm_fields_add(
	    out, "sigScheme", "%s",
	    tpm_sym_fmt(tpm12_ss_names, TPM_ARRAY_SIZE(tpm12_ss_names), ss, 1, buf, sizeof(buf)));
	if (alg == TPM_ALG_RSA) {
		tpm12_decode_rsa_parms(&parms, out);
		if (parms.bad)
			return -EBADMSG;
	} else if (parms.len) {
		tpm_fields_add_hex(out, "parms", parms.data, parms.len);
	}
	if (tpm12_rd_sized(&r, &key))
		return -EBADMSG;
	tpm_fields_add(out, "modulus bytes", "%zu", key.len);
	tpm_fields_add_hex(out, "modulus", key.data, key.len);
	if (tpm_rd_ref(&r, &sum, TPM_SHA1_DIGEST_SIZE))
		return -EBADMSG;
	tpm_fields_add_hex(out, "checksum", sum, TPM_SHA1_DIGEST_SIZE);
	return tpm_rd_done(&r, out);
}

/* --- pcrread, getrandom --------------------------------------------------- */

int tpm12_build_pcrread(TPM12_BUILD_ARGS)
{
	uint32_t index = 0;
	int ret;

	ret = tpm_arg_number(argc > 0 ? argv[0] : NULL, "PCR index", 0, TPM12_PCR_MAX, &index, err,
			     errlen);
	if (!ret)
		ret = tpm_arg_max(argc, argv, 1, "pcrread", err, errlen);
	if (ret)
		return ret;
	TPM12_BEGIN(b, TPM_ORD_PcrRead);
	tpm_buf_u32(b, index);
	return tpm_cmd_finish(b);
}

int tpm12_decode_pcrread(TPM12_DECODE_ARGS)
{
	char key[TPM_FIELD_KEY_MAX];
	const uint8_t *d = NULL;
	uint32_t index = 0;
	struct tpm_rd r;

	if (tpm_arg_number(argc > 0 ? argv[0] : NULL, "PCR index", 0, TPM12_PCR_MAX, &index, NULL,
			   0))
		return -EINVAL;
	if (tpm12_params(rsp, len, &r) || tpm_rd_ref(&r, &d, TPM_SHA1_DIGEST_SIZE))
		return -EBADMSG;
	snprintf(key, sizeof(key), "sha1 PCR %u", index);
	tpm_fields_add_hex(out, key, d, TPM_SHA1_DIGEST_SIZE);
	return tpm_rd_done(&r, out);
}

int tpm12_build_getrandom(TPM12_BUILD_ARGS)
{
	uint32_t n = 0;
	int ret;

	ret = tpm_arg_number(argc > 0 ? argv[0] : NULL, "byte count", 1, TPM12_RANDOM_MAX, &n, err,
			     errlen);
	if (!ret)
		ret = tpm_arg_max(argc, argv, 1, "getrandom", err, errlen);
	if (ret)
		return ret;
	TPM12_BEGIN(b, TPM_ORD_GetRandom);
	tpm_buf_u32(b, n);
	return tpm_cmd_finish(b);
}

int tpm12_decode_getrandom(TPM12_DECODE_ARGS)
{
	struct tpm_rd r, data;

	(void)argc;
	(void)argv;
	if (tpm12_params(rsp, len, &r) || tpm12_rd_sized(&r, &data))
		return -EBADMSG;
	tpm_fields_add(out, "randomBytesSize", "%zu", data.len);
	tpm_fields_add_hex(out, "randomBytes", data.data, data.len);
	return tpm_rd_done(&r, out);
}
