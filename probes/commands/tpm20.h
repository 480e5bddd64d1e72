/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * TPM 2.0: the constants tpmdiag's named commands use, their builders and
 * the decoders of their answers (TCG TPM Library Specification, Part 2
 * "Structures" and Part 3 "Commands").
 *
 * Builders and decoders have the signatures of struct tpm_send_cmd
 * (catalog.h); catalog.c lists them.
 */
#ifndef TPMDIAG_TPM20_H
#define TPMDIAG_TPM20_H

#include <stddef.h>
#include <stdint.h>

#include "probes/tpm/buf.h"
#include "probes/tpm/fields.h"

/* TPM_CC (Part 2, 6.5). */
#define TPM2_CC_SelfTest      0x00000143
#define TPM2_CC_NV_Read	      0x0000014E
#define TPM2_CC_NV_ReadPublic 0x00000169
#define TPM2_CC_Startup	      0x00000144
#define TPM2_CC_Shutdown      0x00000145
#define TPM2_CC_ReadPublic    0x00000173
#define TPM2_CC_GetCapability 0x0000017A
#define TPM2_CC_GetRandom     0x0000017B
#define TPM2_CC_GetTestResult 0x0000017C
#define TPM2_CC_PCR_Read      0x0000017E

/* TPM_SU (Part 2, 6.6). */
#define TPM2_SU_CLEAR 0x0000
#define TPM2_SU_STATE 0x0001

/* TPM_CAP (Part 2, 6.12). */
#define TPM2_CAP_ALGS		0x00000000
#define TPM2_CAP_HANDLES	0x00000001
#define TPM2_CAP_COMMANDS	0x00000002
#define TPM2_CAP_PP_COMMANDS	0x00000003
#define TPM2_CAP_AUDIT_COMMANDS 0x00000004
#define TPM2_CAP_PCRS		0x00000005
#define TPM2_CAP_TPM_PROPERTIES 0x00000006
#define TPM2_CAP_PCR_PROPERTIES 0x00000007
#define TPM2_CAP_ECC_CURVES	0x00000008

/* TPM_PT (Part 2, 6.13): groups, and the properties decoded specially. */
#define TPM2_PT_GROUP		    0x00000100
#define TPM2_PT_FIXED		    0x00000100
#define TPM2_PT_VAR		    0x00000200
#define TPM2_PT_FAMILY_INDICATOR    0x00000100
#define TPM2_PT_LEVEL		    0x00000101
#define TPM2_PT_REVISION	    0x00000102
#define TPM2_PT_DAY_OF_YEAR	    0x00000103
#define TPM2_PT_YEAR		    0x00000104
#define TPM2_PT_MANUFACTURER	    0x00000105
#define TPM2_PT_VENDOR_STRING_1	    0x00000106
#define TPM2_PT_VENDOR_STRING_4	    0x00000109
#define TPM2_PT_FIRMWARE_VERSION_1  0x0000010B
#define TPM2_PT_FIRMWARE_VERSION_2  0x0000010C
#define TPM2_PT_HR_TRANSIENT_MIN    0x0000010E
#define TPM2_PT_HR_PERSISTENT_MIN   0x0000010F
#define TPM2_PT_HR_LOADED_MIN	    0x00000110
#define TPM2_PT_MEMORY		    0x00000118
#define TPM2_PT_CONTEXT_HASH	    0x0000011A
#define TPM2_PT_CONTEXT_SYM	    0x0000011B
#define TPM2_PT_PS_FAMILY_INDICATOR 0x00000123
#define TPM2_PT_PS_REVISION	    0x00000125
#define TPM2_PT_MODES		    0x0000012D
#define TPM2_PT_PERMANENT	    0x00000200
#define TPM2_PT_STARTUP_CLEAR	    0x00000201
#define TPM2_PT_ALGORITHM_SET	    0x0000020C

/* Handle ranges (Part 2, 7.4: TPM_HT in the top byte). */
#define TPM2_HR_PCR	       0x00000000
#define TPM2_HR_NV_INDEX       0x01000000
#define TPM2_HR_HMAC_SESSION   0x02000000
#define TPM2_HR_POLICY_SESSION 0x03000000
#define TPM2_HR_PERMANENT      0x40000000
#define TPM2_HR_TRANSIENT      0x80000000
#define TPM2_HR_PERSISTENT     0x81000000

/* Permanent handles (Part 2, 7.4). */
#define TPM2_RH_OWNER	    0x40000001
#define TPM2_RH_NULL	    0x40000007
#define TPM2_RS_PW	    0x40000009
#define TPM2_RH_LOCKOUT	    0x4000000A
#define TPM2_RH_ENDORSEMENT 0x4000000B
#define TPM2_RH_PLATFORM    0x4000000C
#define TPM2_RH_PLATFORM_NV 0x4000000D

/* TPM_ALG_ID (Part 2, 6.3; TCG Algorithm Registry). */
#define TPM2_ALG_ERROR	   0x0000
#define TPM2_ALG_FIRST	   0x0001
#define TPM2_ALG_RSA	   0x0001
#define TPM2_ALG_SHA1	   0x0004
#define TPM2_ALG_HMAC	   0x0005
#define TPM2_ALG_AES	   0x0006
#define TPM2_ALG_KEYEDHASH 0x0008
#define TPM2_ALG_XOR	   0x000A
#define TPM2_ALG_SHA256	   0x000B
#define TPM2_ALG_SHA384	   0x000C
#define TPM2_ALG_SHA512	   0x000D
#define TPM2_ALG_NULL	   0x0010
#define TPM2_ALG_SM3_256   0x0012
#define TPM2_ALG_ECDAA	   0x001A
#define TPM2_ALG_ECC	   0x0023
#define TPM2_ALG_SYMCIPHER 0x0025

/* Most entries one TPM2_GetCapability answer holds (MAX_CAP_BUFFER 1024). */
#define TPM2_MAX_CAP_COUNT 127u
/* PCRs a TPML_PCR_SELECTION built here can name (sizeofSelect 3). */
#define TPM2_PCR_SELECT_SIZE 3u
#define TPM2_PCR_MAX	     23u
#define TPM2_RANDOM_MAX	     1024u
/* The most NV_Read asks for at once: the smallest TPM_PT_NV_BUFFER_MAX seen is 0x300. */
#define TPM20_NV_READ_MAX 768u

/* TPMS_NV_PUBLIC (Part 2, 13.5), less its authPolicy. */
struct tpm20_nv_public {
	uint32_t index;
	uint16_t name_alg;
	uint32_t attributes; /* TPMA_NV */
	uint16_t data_size;
};

#define TPM20_BUILD_ARGS struct tpm_buf *b, int argc, char **argv, char *err, size_t errlen
#define TPM20_DECODE_ARGS                                                                          \
	const uint8_t *rsp, size_t len, int argc, char **argv, struct tpm_fields *out

int tpm20_build_startup(TPM20_BUILD_ARGS);
int tpm20_build_shutdown(TPM20_BUILD_ARGS);
int tpm20_build_selftest(TPM20_BUILD_ARGS);
int tpm20_build_gettestresult(TPM20_BUILD_ARGS);
int tpm20_build_getcap(TPM20_BUILD_ARGS);
int tpm20_build_readpublic(TPM20_BUILD_ARGS);
int tpm20_build_pcrread(TPM20_BUILD_ARGS);
int tpm20_build_getrandom(TPM20_BUILD_ARGS);
int tpm20_build_nvreadpublic(TPM20_BUILD_ARGS); /* tpm20_nv.c */
int tpm20_build_nvread(TPM20_BUILD_ARGS);

/* For commands whose answer has no parameters. */
int tpm20_decode_none(TPM20_DECODE_ARGS);
int tpm20_decode_gettestresult(TPM20_DECODE_ARGS);
int tpm20_decode_getcap(TPM20_DECODE_ARGS);
int tpm20_decode_readpublic(TPM20_DECODE_ARGS);
int tpm20_decode_pcrread(TPM20_DECODE_ARGS);
int tpm20_decode_getrandom(TPM20_DECODE_ARGS);
int tpm20_decode_nvreadpublic(TPM20_DECODE_ARGS);
int tpm20_decode_nvread(TPM20_DECODE_ARGS);

/*
 * The answers of NV_ReadPublic and NV_Read (the whole response, header
 * first), read within len: 0 or -EBADMSG. *data points into rsp.
 */
int tpm20_nv_public(const uint8_t *rsp, size_t len, struct tpm20_nv_public *out);
int tpm20_nv_data(const uint8_t *rsp, size_t len, const uint8_t **data, uint16_t *n);

/* The name of a TPM_ALG_ID ("sha256", "rsa", ...), or NULL. */
const char *tpm20_alg_name(uint16_t alg);

#endif
