// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * TPM 2.0 NV reads (TCG TPM 2.0 Library Part 3, 31.6 NV_ReadPublic and
 * 31.13 NV_Read): the public area of an index, and its data read with the
 * index's own authorisation (TPMA_NV_AUTHREAD) by an empty password
 * session, as the EK certificate indices of the TCG EK Credential Profile
 * allow. Every read is bounded by a tpm_rd.
 */
#include <errno.h>
#include <stdio.h>

#include "probes/commands/catalog.h"
#include "probes/commands/tpm20.h"
#include "probes/commands/tpm20_priv.h"
#include "probes/tpm/tpm.h"

/* TPMA_NV (Part 2, 13.4): the bits worth a name; TPM_NT in bits 4-7. */
static const struct tpm_sym tpm20_nv_attrs[] = {
    {1u << 0, "ppwrite"},     {1u << 1, "ownerwrite"},	    {1u << 2, "authwrite"},
    {1u << 3, "policywrite"}, {1u << 10, "policy_delete"},  {1u << 11, "writelocked"},
    {1u << 12, "writeall"},   {1u << 13, "writedefine"},    {1u << 14, "write_stclear"},
    {1u << 15, "globallock"}, {1u << 16, "ppread"},	    {1u << 17, "ownerread"},
    {1u << 18, "authread"},   {1u << 19, "policyread"},	    {1u << 25, "no_da"},
    {1u << 26, "orderly"},    {1u << 27, "clear_stclear"},  {1u << 28, "readlocked"},
    {1u << 29, "written"},    {1u << 30, "platformcreate"}, {1u << 31, "read_stclear"},
};

static int tpm20_nv_index(int argc, char **argv, uint32_t *index, char *err, size_t errlen)
{
	int ret =
	    tpm_arg_number(argc > 0 ? argv[0] : NULL, "NV index (e.g. 0x01c00002)",
			   TPM2_HR_NV_INDEX, TPM2_HR_NV_INDEX | 0x00ffffffu, index, err, errlen);

	return ret;
}

int tpm20_build_nvreadpublic(TPM20_BUILD_ARGS)
{
	uint32_t index = 0;
	int ret = tpm20_nv_index(argc, argv, &index, err, errlen);

	if (!ret)
		ret = tpm_arg_max(argc, argv, 1, "nvreadpublic", err, errlen);
	if (ret)
		return ret;
	TPM20_BEGIN(b, TPM2_CC_NV_ReadPublic);
	tpm_buf_u32(b, index);
	return tpm_cmd_finish(b);
}

int tpm20_nv_public(const uint8_t *rsp, size_t len, struct tpm20_nv_public *out)
{
	const uint8_t *p = NULL;
	uint16_t n = 0, digest = 0;
	struct tpm_rd r, pub;

	if (tpm20_params(rsp, len, &r) || tpm_rd_tpm2b(&r, &p, &n))
		return -EBADMSG;
	tpm_rd_init(&pub, p, n);
	if (tpm_rd_u32(&pub, &out->index) || tpm_rd_u16(&pub, &out->name_alg) ||
	    tpm_rd_u32(&pub, &out->attributes) || tpm_rd_u16(&pub, &digest) ||
	    tpm_rd_skip(&pub, digest) || tpm_rd_u16(&pub, &out->data_size) || tpm_rd_left(&pub))
		return -EBADMSG;
	return 0;
}

int tpm20_decode_nvreadpublic(TPM20_DECODE_ARGS)
{
	struct tpm20_nv_public pub;
	char buf[512];

	(void)argc;
	(void)argv;
	if (tpm20_nv_public(rsp, len, &pub))
		return -EBADMSG;
	tpm_fields_add(out, "nvIndex", "0x%08x", pub.index);
	tpm_fields_add(out, "nameAlg", "%s", tpm20_alg_fmt(pub.name_alg, buf, sizeof(buf)));
	tpm_fields_add(out, "attributes", "%s",
		       tpm20_attrs_fmt(tpm20_nv_attrs, TPM_ARRAY_SIZE(tpm20_nv_attrs),
				       pub.attributes & ~0xf0u, buf, sizeof(buf)));
	tpm_fields_add(out, "type (TPM_NT)", "%u", (pub.attributes >> 4) & 0xfu);
	tpm_fields_add(out, "dataSize", "%u", pub.data_size);
	return 0;
}

int tpm20_build_nvread(TPM20_BUILD_ARGS)
{
	uint32_t index = 0, size = 0, offset = 0;
	int ret = tpm20_nv_index(argc, argv, &index, err, errlen);

	if (!ret)
		ret = tpm_arg_number(argc > 1 ? argv[1] : NULL, "byte count", 1, TPM20_NV_READ_MAX,
				     &size, err, errlen);
	if (!ret && argc > 2)
		ret = tpm_arg_number(argv[2], "offset", 0, UINT16_MAX, &offset, err, errlen);
	if (!ret)
		ret = tpm_arg_max(argc, argv, 3, "nvread", err, errlen);
	if (ret)
		return ret;
	tpm_cmd_begin(b, TPM2_ST_SESSIONS, TPM2_CC_NV_Read);
	tpm_buf_u32(b, index); /* authHandle: the index itself (TPMA_NV_AUTHREAD) */
	tpm_buf_u32(b, index); /* nvIndex */
	tpm_buf_u32(b, 9);     /* authorizationSize: one password session */
	tpm_buf_u32(b, TPM2_RS_PW);
	tpm_buf_u16(b, 0); /* nonceCaller: empty */
	tpm_buf_u8(b, 0);  /* sessionAttributes */
	tpm_buf_u16(b, 0); /* hmac: the empty password */
	tpm_buf_u16(b, (uint16_t)size);
	tpm_buf_u16(b, (uint16_t)offset);
	return tpm_cmd_finish(b);
}

int tpm20_nv_data(const uint8_t *rsp, size_t len, const uint8_t **data, uint16_t *n)
{
	struct tpm_rd r;

	if (tpm20_params(rsp, len, &r) || tpm_rd_tpm2b(&r, data, n) || tpm_rd_left(&r))
		return -EBADMSG;
	return 0;
}

int tpm20_decode_nvread(TPM20_DECODE_ARGS)
{
	const uint8_t *data = NULL;
	uint16_t n = 0;

	(void)argc;
	(void)argv;
	if (tpm20_nv_data(rsp, len, &data, &n))
		return -EBADMSG;
	tpm_fields_add(out, "data size", "%u", n);
	tpm_fields_add_hex(out, "data", data, n);
	return 0;
}
