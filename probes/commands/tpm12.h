/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * TPM 1.2: the constants tpmdiag's named commands use, their builders and
 * the decoders of their answers (TCG TPM Main Specification 1.2, Part 2
 * "Structures" and Part 3 "Commands"; TSC_PhysicalPresence: TCG PC Client
 * TIS / Part 3 section 6.2).
 *
 * Builders and decoders have the signatures of struct tpm_send_cmd
 * (catalog.h); catalog.c lists them.
 */
#ifndef TPMDIAG_TPM12_H
#define TPMDIAG_TPM12_H

#include <stddef.h>
#include <stdint.h>

#include "probes/tpm/buf.h"
#include "probes/tpm/fields.h"

/* Ordinals (Part 2, 17). */
#define TPM_ORD_PcrRead		       0x00000015
#define TPM_ORD_GetRandom	       0x00000046
#define TPM_ORD_SelfTestFull	       0x00000050
#define TPM_ORD_ContinueSelfTest       0x00000053
#define TPM_ORD_GetTestResult	       0x00000054
#define TPM_ORD_GetCapability	       0x00000065
#define TPM_ORD_PhysicalEnable	       0x0000006F
#define TPM_ORD_PhysicalDisable	       0x00000070
#define TPM_ORD_PhysicalSetDeactivated 0x00000072
#define TPM_ORD_ReadPubek	       0x0000007C
#define TPM_ORD_SaveState	       0x00000098
#define TPM_ORD_Startup		       0x00000099
#define TSC_ORD_PhysicalPresence       0x4000000A

/* TPM_STARTUP_TYPE (Part 2, 4.2). */
#define TPM_ST_CLEAR	   0x0001
#define TPM_ST_STATE	   0x0002
#define TPM_ST_DEACTIVATED 0x0003

/* TPM_CAPABILITY_AREA for TPM_GetCapability (Part 2, 21.1). */
#define TPM_CAP_ORD	    0x00000001
#define TPM_CAP_ALG	    0x00000002
#define TPM_CAP_PID	    0x00000003
#define TPM_CAP_FLAG	    0x00000004
#define TPM_CAP_PROPERTY    0x00000005
#define TPM_CAP_VERSION	    0x00000006
#define TPM_CAP_KEY_HANDLE  0x00000007
#define TPM_CAP_VERSION_VAL 0x0000001A

/* Subcaps of TPM_CAP_FLAG and TPM_CAP_PROPERTY (Part 2, 21.2). */
#define TPM_CAP_PROP_PCR	      0x00000101
#define TPM_CAP_PROP_DIR	      0x00000102
#define TPM_CAP_PROP_MANUFACTURER     0x00000103
#define TPM_CAP_PROP_KEYS	      0x00000104
#define TPM_CAP_PROP_MIN_COUNTER      0x00000107
#define TPM_CAP_FLAG_PERMANENT	      0x00000108
#define TPM_CAP_FLAG_VOLATILE	      0x00000109
#define TPM_CAP_PROP_AUTHSESS	      0x0000010A
#define TPM_CAP_PROP_TRANSESS	      0x0000010B
#define TPM_CAP_PROP_COUNTERS	      0x0000010C
#define TPM_CAP_PROP_MAX_AUTHSESS     0x0000010D
#define TPM_CAP_PROP_MAX_TRANSESS     0x0000010E
#define TPM_CAP_PROP_MAX_COUNTERS     0x0000010F
#define TPM_CAP_PROP_MAX_KEYS	      0x00000110
#define TPM_CAP_PROP_OWNER	      0x00000111
#define TPM_CAP_PROP_CONTEXT	      0x00000112
#define TPM_CAP_PROP_MAX_CONTEXT      0x00000113
#define TPM_CAP_PROP_FAMILYROWS	      0x00000114
#define TPM_CAP_PROP_TIS_TIMEOUT      0x00000115
#define TPM_CAP_PROP_STARTUP_EFFECT   0x00000116
#define TPM_CAP_PROP_DELEGATE_ROW     0x00000117
#define TPM_CAP_PROP_MAX_DAASESS      0x00000119
#define TPM_CAP_PROP_DAASESS	      0x0000011A
#define TPM_CAP_PROP_CONTEXT_DIST     0x0000011B
#define TPM_CAP_PROP_DAA_INTERRUPT    0x0000011C
#define TPM_CAP_PROP_SESSIONS	      0x0000011D
#define TPM_CAP_PROP_MAX_SESSIONS     0x0000011E
#define TPM_CAP_PROP_CMK_RESTRICTION  0x0000011F
#define TPM_CAP_PROP_DURATION	      0x00000120
#define TPM_CAP_PROP_ACTIVE_COUNTER   0x00000122
#define TPM_CAP_PROP_MAX_NV_AVAILABLE 0x00000123
#define TPM_CAP_PROP_INPUT_BUFFER     0x00000124

/* Structure tags (Part 2, 3.1). */
#define TPM_TAG_PERMANENT_FLAGS	 0x001F
#define TPM_TAG_STCLEAR_FLAGS	 0x0020
#define TPM_TAG_CAP_VERSION_INFO 0x0030

/* TPM_PHYSICAL_PRESENCE bits (Part 2, 4.6). */
#define TPM_PHYSICAL_PRESENCE_LOCK	    0x0004
#define TPM_PHYSICAL_PRESENCE_PRESENT	    0x0008
#define TPM_PHYSICAL_PRESENCE_NOTPRESENT    0x0010
#define TPM_PHYSICAL_PRESENCE_CMD_ENABLE    0x0020
#define TPM_PHYSICAL_PRESENCE_HW_ENABLE	    0x0040
#define TPM_PHYSICAL_PRESENCE_LIFETIME_LOCK 0x0080
#define TPM_PHYSICAL_PRESENCE_CMD_DISABLE   0x0100
#define TPM_PHYSICAL_PRESENCE_HW_DISABLE    0x0200

/* TPM_ALGORITHM_ID, TPM_ENC_SCHEME, TPM_SIG_SCHEME (Part 2, 4.3, 9.x). */
#define TPM_ALG_RSA		   0x00000001
#define TPM_ES_RSAESOAEP_SHA1_MGF1 0x0003
#define TPM_SHA1_DIGEST_SIZE	   20u
#define TPM12_PCR_MAX		   23u
#define TPM12_RANDOM_MAX	   1024u

#define TPM12_BUILD_ARGS struct tpm_buf *b, int argc, char **argv, char *err, size_t errlen
#define TPM12_DECODE_ARGS                                                                          \
	const uint8_t *rsp, size_t len, int argc, char **argv, struct tpm_fields *out

int tpm12_build_startup(TPM12_BUILD_ARGS);
int tpm12_build_savestate(TPM12_BUILD_ARGS);
int tpm12_build_selftest(TPM12_BUILD_ARGS);
int tpm12_build_gettestresult(TPM12_BUILD_ARGS);
int tpm12_build_getcap(TPM12_BUILD_ARGS);
int tpm12_build_physicalpresence(TPM12_BUILD_ARGS);
int tpm12_build_physicalenable(TPM12_BUILD_ARGS);
int tpm12_build_physicaldisable(TPM12_BUILD_ARGS);
int tpm12_build_physicalsetdeactivated(TPM12_BUILD_ARGS);
int tpm12_build_readpubek(TPM12_BUILD_ARGS);
int tpm12_build_pcrread(TPM12_BUILD_ARGS);
int tpm12_build_getrandom(TPM12_BUILD_ARGS);

/* For commands whose answer has no parameters. */
int tpm12_decode_none(TPM12_DECODE_ARGS);
int tpm12_decode_gettestresult(TPM12_DECODE_ARGS);
int tpm12_decode_getcap(TPM12_DECODE_ARGS);
int tpm12_decode_readpubek(TPM12_DECODE_ARGS);
int tpm12_decode_pcrread(TPM12_DECODE_ARGS);
int tpm12_decode_getrandom(TPM12_DECODE_ARGS);

/* Spec names of TPM_PERMANENT_FLAGS and TPM_STCLEAR_FLAGS, in wire order after the tag. */
const char *const *tpm12_perm_flag_names(size_t *n);
const char *const *tpm12_vol_flag_names(size_t *n);

#endif
