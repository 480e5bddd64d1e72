// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The command table. Facts and where they come from:
 *
 * - TPM 1.2 ordinals and names: TPM Main Part 2 rev 116, section 17, as
 *   transcribed in trousers src/include/tss/tpm_ordinal.h and, identically,
 *   in EDK2's Tpm12.h (123 ordinals plus the two TSC_ ones).
 * - TPM 1.2 duration classes: linux drivers/char/tpm/tpm1-cmd.c,
 *   tpm1_ordinal_duration[], indexed by ordinal. Where the kernel says
 *   TPM_UNDEFINED (and for the TSC_ ordinals, which are past its table) we
 *   use MEDIUM; those entries say so.
 * - TPM 2.0 command codes and names: TPM Library Part 2, TPM_CC, as in
 *   tpm2-tss include/tss2/tss2_tpm2_types.h (to 0x19A), the TCG reference
 *   code (v1.83, to 0x19F) and Microsoft TSS.MSR (v184, 0x1A0-0x1A1).
 *   Part 2's v185 drafts add 0x1A3-0x1AA; not yet here.
 * - TPM 2.0 duration classes: linux drivers/char/tpm/tpm2-cmd.c,
 *   tpm2_ordinal_duration_index(). Only the entries marked "kernel" come
 *   from there; every other 2.0 command is ours: MEDIUM, where the kernel
 *   falls back to TPM2_DURATION_DEFAULT. A 2025 patch ("tpm: use a map for
 *   tpm2_calc_ordinal_duration()") swaps the classes for milliseconds over
 *   the same 16 commands: 750 medium, 2000 long, 3000 for SelfTest (still
 *   long here) and 30000 for the long-long ones; the classes below fit both.
 *
 * changes_state is ours: true for anything that alters persistent or
 * volatile TPM state (sessions, loaded objects, PCRs, NV, hierarchy
 * settings, self-tests), false for reads and stateless computations with an
 * already loaded key. When in doubt, true.
 */
#include <stdlib.h>
#include <strings.h>

#include "probes/tpm/commands.h"

/* changes_state */
#define RW true
#define RO false

/* Sorted by ordinal: tpm_cmd_lookup() bisects. */
static const struct tpm_cmd_info tpm12_cmds[] = {
    {"TPM_OIAP", 0x0A, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_OSAP", 0x0B, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_ChangeAuth", 0x0C, TPM_FAMILY_12, TPM_DUR_MEDIUM, RW},
    {"TPM_TakeOwnership", 0x0D, TPM_FAMILY_12, TPM_DUR_LONG, RW},
    {"TPM_ChangeAuthAsymStart", 0x0E, TPM_FAMILY_12, TPM_DUR_LONG, RW},
    {"TPM_ChangeAuthAsymFinish", 0x0F, TPM_FAMILY_12, TPM_DUR_MEDIUM, RW},
    {"TPM_ChangeAuthOwner", 0x10, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_DSAP", 0x11, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_CMK_CreateTicket", 0x12, TPM_FAMILY_12, TPM_DUR_MEDIUM, RW}, /* unsure; conservative */
    {"TPM_CMK_CreateKey", 0x13, TPM_FAMILY_12, TPM_DUR_LONG, RW},
    {"TPM_Extend", 0x14, TPM_FAMILY_12, TPM_DUR_SHORT, RW}, /* PCR write */
    {"TPM_PcrRead", 0x15, TPM_FAMILY_12, TPM_DUR_SHORT, RO},
    {"TPM_Quote", 0x16, TPM_FAMILY_12, TPM_DUR_MEDIUM, RO},
    {"TPM_Seal", 0x17, TPM_FAMILY_12, TPM_DUR_MEDIUM, RW},
    {"TPM_Unseal", 0x18, TPM_FAMILY_12, TPM_DUR_MEDIUM, RO},
    {"TPM_DirWriteAuth", 0x19, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_DirRead", 0x1A, TPM_FAMILY_12, TPM_DUR_SHORT, RO},
    {"TPM_CMK_CreateBlob", 0x1B, TPM_FAMILY_12, TPM_DUR_MEDIUM, RW},
    {"TPM_CMK_SetRestrictions", 0x1C, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_CMK_ApproveMA", 0x1D, TPM_FAMILY_12, TPM_DUR_SHORT, RW}, /* unsure; conservative */
    {"TPM_UnBind", 0x1E, TPM_FAMILY_12, TPM_DUR_MEDIUM, RO},
    {"TPM_CreateWrapKey", 0x1F, TPM_FAMILY_12, TPM_DUR_LONG, RW},
    {"TPM_LoadKey", 0x20, TPM_FAMILY_12, TPM_DUR_MEDIUM, RW},
    {"TPM_GetPubKey", 0x21, TPM_FAMILY_12, TPM_DUR_SHORT, RO},
    {"TPM_EvictKey", 0x22, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_KeyControlOwner", 0x23, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_CMK_ConvertMigration", 0x24, TPM_FAMILY_12, TPM_DUR_MEDIUM, RW},
    {"TPM_MigrateKey", 0x25, TPM_FAMILY_12, TPM_DUR_MEDIUM, RW},
    {"TPM_CreateMigrationBlob", 0x28, TPM_FAMILY_12, TPM_DUR_MEDIUM, RW},
    {"TPM_DAA_Join", 0x29, TPM_FAMILY_12, TPM_DUR_LONG, RW},
    {"TPM_ConvertMigrationBlob", 0x2A, TPM_FAMILY_12, TPM_DUR_MEDIUM, RW},
    {"TPM_AuthorizeMigrationKey", 0x2B, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_CreateMaintenanceArchive", 0x2C, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_LoadMaintenanceArchive", 0x2D, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_KillMaintenanceFeature", 0x2E, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_LoadManuMaintPub", 0x2F, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_ReadManuMaintPub", 0x30, TPM_FAMILY_12, TPM_DUR_SHORT, RO},
    {"TPM_DAA_Sign", 0x31, TPM_FAMILY_12, TPM_DUR_LONG, RW},
    {"TPM_CertifyKey", 0x32, TPM_FAMILY_12, TPM_DUR_MEDIUM, RO},
    {"TPM_CertifyKey2", 0x33, TPM_FAMILY_12, TPM_DUR_MEDIUM, RO},
    {"TPM_Sign", 0x3C, TPM_FAMILY_12, TPM_DUR_MEDIUM, RO},
    {"TPM_Sealx", 0x3D, TPM_FAMILY_12, TPM_DUR_MEDIUM, RW},
    {"TPM_Quote2", 0x3E, TPM_FAMILY_12, TPM_DUR_MEDIUM, RO},
    {"TPM_SetCapability", 0x3F, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_ResetLockValue", 0x40, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_LoadKey2", 0x41, TPM_FAMILY_12, TPM_DUR_MEDIUM, RW},
    {"TPM_GetRandom", 0x46, TPM_FAMILY_12, TPM_DUR_SHORT, RO},
    {"TPM_StirRandom", 0x47, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_SelfTestFull", 0x50, TPM_FAMILY_12, TPM_DUR_LONG,
     RW}, /* a failing test leaves the chip in failure mode */
    {"TPM_CertifySelfTest", 0x52, TPM_FAMILY_12, TPM_DUR_MEDIUM, RW}, /* runs the full self-test */
    {"TPM_ContinueSelfTest", 0x53, TPM_FAMILY_12, TPM_DUR_LONG, RW},  /* as SelfTestFull */
    {"TPM_GetTestResult", 0x54, TPM_FAMILY_12, TPM_DUR_SHORT, RO},
    {"TPM_Reset", 0x5A, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_OwnerClear", 0x5B, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_DisableOwnerClear", 0x5C, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_ForceClear", 0x5D, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_DisableForceClear", 0x5E, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_GetCapabilitySigned", 0x64, TPM_FAMILY_12, TPM_DUR_MEDIUM, RO},
    {"TPM_GetCapability", 0x65, TPM_FAMILY_12, TPM_DUR_SHORT, RO},
    {"TPM_GetCapabilityOwner", 0x66, TPM_FAMILY_12, TPM_DUR_SHORT, RO},
    {"TPM_OwnerSetDisable", 0x6E, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_PhysicalEnable", 0x6F, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_PhysicalDisable", 0x70, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_SetOwnerInstall", 0x71, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_PhysicalSetDeactivated", 0x72, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_SetTempDeactivated", 0x73, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_SetOperatorAuth", 0x74, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_SetOwnerPointer", 0x75, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_CreateEndorsementKeyPair", 0x78, TPM_FAMILY_12, TPM_DUR_LONG, RW},
    {"TPM_MakeIdentity", 0x79, TPM_FAMILY_12, TPM_DUR_LONG, RW},
    {"TPM_ActivateIdentity", 0x7A, TPM_FAMILY_12, TPM_DUR_MEDIUM, RW}, /* unsure; conservative */
    {"TPM_ReadPubek", 0x7C, TPM_FAMILY_12, TPM_DUR_SHORT, RO},
    {"TPM_OwnerReadPubek", 0x7D, TPM_FAMILY_12, TPM_DUR_SHORT, RO},
    {"TPM_DisablePubekRead", 0x7E, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_CreateRevocableEK", 0x7F, TPM_FAMILY_12, TPM_DUR_LONG, RW},
    {"TPM_RevokeTrust", 0x80, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_OwnerReadInternalPub", 0x81, TPM_FAMILY_12, TPM_DUR_SHORT, RO},
    {"TPM_GetAuditEvent", 0x82, TPM_FAMILY_12, TPM_DUR_SHORT, RO},
    {"TPM_GetAuditEventSigned", 0x83, TPM_FAMILY_12, TPM_DUR_MEDIUM, RO},
    {"TPM_GetAuditDigest", 0x85, TPM_FAMILY_12, TPM_DUR_SHORT, RO},
    {"TPM_GetAuditDigestSigned", 0x86, TPM_FAMILY_12, TPM_DUR_MEDIUM,
     RW}, /* closeAudit may reset the audit digest */
    {"TPM_GetOrdinalAuditStatus", 0x8C, TPM_FAMILY_12, TPM_DUR_SHORT, RO},
    {"TPM_SetOrdinalAuditStatus", 0x8D, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_Terminate_Handle", 0x96, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_Init", 0x97, TPM_FAMILY_12, TPM_DUR_MEDIUM, RW},
    {"TPM_SaveState", 0x98, TPM_FAMILY_12, TPM_DUR_MEDIUM, RW},
    {"TPM_Startup", 0x99, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_SetRedirection", 0x9A, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_SHA1Start", 0xA0, TPM_FAMILY_12, TPM_DUR_SHORT,
     RW}, /* holds the TPM's SHA-1 thread; conservative */
    {"TPM_SHA1Update", 0xA1, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_SHA1Complete", 0xA2, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_SHA1CompleteExtend", 0xA3, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_FieldUpgrade", 0xAA, TPM_FAMILY_12, TPM_DUR_LONG, RW},
    {"TPM_SaveKeyContext", 0xB4, TPM_FAMILY_12, TPM_DUR_MEDIUM, RW},
    {"TPM_LoadKeyContext", 0xB5, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_SaveAuthContext", 0xB6, TPM_FAMILY_12, TPM_DUR_MEDIUM, RW},
    {"TPM_LoadAuthContext", 0xB7, TPM_FAMILY_12, TPM_DUR_MEDIUM, RW},
    {"TPM_SaveContext", 0xB8, TPM_FAMILY_12, TPM_DUR_MEDIUM, RW},
    {"TPM_LoadContext", 0xB9, TPM_FAMILY_12, TPM_DUR_MEDIUM, RW},
    {"TPM_FlushSpecific", 0xBA, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_PCR_Reset", 0xC8, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_NV_DefineSpace", 0xCC, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_NV_WriteValue", 0xCD, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_NV_WriteValueAuth", 0xCE, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_NV_ReadValue", 0xCF, TPM_FAMILY_12, TPM_DUR_SHORT,
     RO}, /* dataSize 0 sets the read lock; we never send that */
    {"TPM_NV_ReadValueAuth", 0xD0, TPM_FAMILY_12, TPM_DUR_SHORT, RO},
    {"TPM_Delegate_UpdateVerification", 0xD1, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_Delegate_Manage", 0xD2, TPM_FAMILY_12, TPM_DUR_MEDIUM, RW},
    {"TPM_Delegate_CreateKeyDelegation", 0xD4, TPM_FAMILY_12, TPM_DUR_MEDIUM, RW},
    {"TPM_Delegate_CreateOwnerDelegation", 0xD5, TPM_FAMILY_12, TPM_DUR_MEDIUM, RW},
    {"TPM_Delegate_VerifyDelegation", 0xD6, TPM_FAMILY_12, TPM_DUR_MEDIUM,
     RO}, /* only checks a blob against the tables */
    {"TPM_Delegate_LoadOwnerDelegation", 0xD8, TPM_FAMILY_12, TPM_DUR_MEDIUM, RW},
    {"TPM_Delegate_ReadTable", 0xDB, TPM_FAMILY_12, TPM_DUR_SHORT, RO},
    {"TPM_CreateCounter", 0xDC, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_IncrementCounter", 0xDD, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_ReadCounter", 0xDE, TPM_FAMILY_12, TPM_DUR_SHORT, RO},
    {"TPM_ReleaseCounter", 0xDF, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_ReleaseCounterOwner", 0xE0, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_EstablishTransport", 0xE6, TPM_FAMILY_12, TPM_DUR_SHORT, RW},
    {"TPM_ExecuteTransport", 0xE7, TPM_FAMILY_12, TPM_DUR_LONG, RW},
    {"TPM_ReleaseTransportSigned", 0xE8, TPM_FAMILY_12, TPM_DUR_MEDIUM, RW},
    {"TPM_GetTicks", 0xF1, TPM_FAMILY_12, TPM_DUR_MEDIUM,
     RO}, /* kernel: TPM_UNDEFINED, ours MEDIUM */
    {"TPM_TickStampBlob", 0xF2, TPM_FAMILY_12, TPM_DUR_MEDIUM, RO},
    {"TSC_PhysicalPresence", 0x4000000A, TPM_FAMILY_12, TPM_DUR_MEDIUM,
     RW}, /* kernel: fallback, ours MEDIUM */
    {"TSC_ResetEstablishmentBit", 0x4000000B, TPM_FAMILY_12, TPM_DUR_MEDIUM,
     RW}, /* kernel: fallback, ours MEDIUM */
};

/* Sorted by command code: tpm_cmd_lookup() bisects. */
static const struct tpm_cmd_info tpm20_cmds[] = {
    {"TPM2_NV_UndefineSpaceSpecial", 0x11F, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_EvictControl", 0x120, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_HierarchyControl", 0x121, TPM_FAMILY_20, TPM_DUR_LONG, RW}, /* kernel */
    {"TPM2_NV_UndefineSpace", 0x122, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_ChangeEPS", 0x124, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_ChangePPS", 0x125, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_Clear", 0x126, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_ClearControl", 0x127, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_ClockSet", 0x128, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_HierarchyChangeAuth", 0x129, TPM_FAMILY_20, TPM_DUR_LONG, RW}, /* kernel */
    {"TPM2_NV_DefineSpace", 0x12A, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_PCR_Allocate", 0x12B, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_PCR_SetAuthPolicy", 0x12C, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_PP_Commands", 0x12D, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_SetPrimaryPolicy", 0x12E, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_FieldUpgradeStart", 0x12F, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_ClockRateAdjust", 0x130, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_CreatePrimary", 0x131, TPM_FAMILY_20, TPM_DUR_LONG_LONG, RW}, /* kernel */
    {"TPM2_NV_GlobalWriteLock", 0x132, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_GetCommandAuditDigest", 0x133, TPM_FAMILY_20, TPM_DUR_MEDIUM,
     RW}, /* resets the command audit digest */
    {"TPM2_NV_Increment", 0x134, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_NV_SetBits", 0x135, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_NV_Extend", 0x136, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_NV_Write", 0x137, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_NV_WriteLock", 0x138, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_DictionaryAttackLockReset", 0x139, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_DictionaryAttackParameters", 0x13A, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_NV_ChangeAuth", 0x13B, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_PCR_Event", 0x13C, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_PCR_Reset", 0x13D, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_SequenceComplete", 0x13E, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW}, /* kernel */
    {"TPM2_SetAlgorithmSet", 0x13F, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_SetCommandCodeAuditStatus", 0x140, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_FieldUpgradeData", 0x141, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_IncrementalSelfTest", 0x142, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW}, /* as SelfTest */
    {"TPM2_SelfTest", 0x143, TPM_FAMILY_20, TPM_DUR_LONG,
     RW}, /* kernel; a failing test leaves the chip in failure mode */
    {"TPM2_Startup", 0x144, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW}, /* kernel */
    {"TPM2_Shutdown", 0x145, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_StirRandom", 0x146, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_ActivateCredential", 0x147, TPM_FAMILY_20, TPM_DUR_MEDIUM, RO},
    {"TPM2_Certify", 0x148, TPM_FAMILY_20, TPM_DUR_MEDIUM, RO},
    {"TPM2_PolicyNV", 0x149, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_CertifyCreation", 0x14A, TPM_FAMILY_20, TPM_DUR_MEDIUM, RO},
    {"TPM2_Duplicate", 0x14B, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW}, /* key material; conservative */
    {"TPM2_GetTime", 0x14C, TPM_FAMILY_20, TPM_DUR_MEDIUM, RO},
    {"TPM2_GetSessionAuditDigest", 0x14D, TPM_FAMILY_20, TPM_DUR_MEDIUM, RO},
    {"TPM2_NV_Read", 0x14E, TPM_FAMILY_20, TPM_DUR_LONG, RO}, /* kernel */
    {"TPM2_NV_ReadLock", 0x14F, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_ObjectChangeAuth", 0x150, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_PolicySecret", 0x151, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_Rewrap", 0x152, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},	  /* key material; conservative */
    {"TPM2_Create", 0x153, TPM_FAMILY_20, TPM_DUR_LONG_LONG, RW}, /* kernel */
    {"TPM2_ECDH_ZGen", 0x154, TPM_FAMILY_20, TPM_DUR_MEDIUM, RO},
    {"TPM2_HMAC", 0x155, TPM_FAMILY_20, TPM_DUR_MEDIUM, RO},   /* also named TPM2_MAC */
    {"TPM2_Import", 0x156, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW}, /* key material; conservative */
    {"TPM2_Load", 0x157, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_Quote", 0x158, TPM_FAMILY_20, TPM_DUR_MEDIUM, RO},
    {"TPM2_RSA_Decrypt", 0x159, TPM_FAMILY_20, TPM_DUR_MEDIUM, RO},
    {"TPM2_HMAC_Start", 0x15B, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW}, /* also named TPM2_MAC_Start */
    {"TPM2_SequenceUpdate", 0x15C, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW}, /* kernel */
    {"TPM2_Sign", 0x15D, TPM_FAMILY_20, TPM_DUR_MEDIUM, RO},
    {"TPM2_Unseal", 0x15E, TPM_FAMILY_20, TPM_DUR_MEDIUM, RO},
    {"TPM2_PolicySigned", 0x160, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_ContextLoad", 0x161, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_ContextSave", 0x162, TPM_FAMILY_20, TPM_DUR_MEDIUM,
     RW}, /* advances the context counter */
    {"TPM2_ECDH_KeyGen", 0x163, TPM_FAMILY_20, TPM_DUR_MEDIUM, RO},
    {"TPM2_EncryptDecrypt", 0x164, TPM_FAMILY_20, TPM_DUR_MEDIUM, RO},
    {"TPM2_FlushContext", 0x165, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_LoadExternal", 0x167, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_MakeCredential", 0x168, TPM_FAMILY_20, TPM_DUR_MEDIUM, RO},
    {"TPM2_NV_ReadPublic", 0x169, TPM_FAMILY_20, TPM_DUR_MEDIUM, RO},
    {"TPM2_PolicyAuthorize", 0x16A, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_PolicyAuthValue", 0x16B, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_PolicyCommandCode", 0x16C, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_PolicyCounterTimer", 0x16D, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_PolicyCpHash", 0x16E, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_PolicyLocality", 0x16F, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_PolicyNameHash", 0x170, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_PolicyOR", 0x171, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_PolicyTicket", 0x172, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_ReadPublic", 0x173, TPM_FAMILY_20, TPM_DUR_MEDIUM, RO},
    {"TPM2_RSA_Encrypt", 0x174, TPM_FAMILY_20, TPM_DUR_MEDIUM, RO},
    {"TPM2_StartAuthSession", 0x176, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_VerifySignature", 0x177, TPM_FAMILY_20, TPM_DUR_LONG_LONG, RO}, /* kernel */
    {"TPM2_ECC_Parameters", 0x178, TPM_FAMILY_20, TPM_DUR_MEDIUM, RO},
    {"TPM2_FirmwareRead", 0x179, TPM_FAMILY_20, TPM_DUR_MEDIUM, RO},
    {"TPM2_GetCapability", 0x17A, TPM_FAMILY_20, TPM_DUR_MEDIUM, RO}, /* kernel */
    {"TPM2_GetRandom", 0x17B, TPM_FAMILY_20, TPM_DUR_LONG, RO},	      /* kernel */
    {"TPM2_GetTestResult", 0x17C, TPM_FAMILY_20, TPM_DUR_MEDIUM, RO},
    {"TPM2_Hash", 0x17D, TPM_FAMILY_20, TPM_DUR_MEDIUM, RO},
    {"TPM2_PCR_Read", 0x17E, TPM_FAMILY_20, TPM_DUR_MEDIUM, RO},
    {"TPM2_PolicyPCR", 0x17F, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_PolicyRestart", 0x180, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_ReadClock", 0x181, TPM_FAMILY_20, TPM_DUR_MEDIUM, RO},
    {"TPM2_PCR_Extend", 0x182, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW}, /* kernel */
    {"TPM2_PCR_SetAuthValue", 0x183, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_NV_Certify", 0x184, TPM_FAMILY_20, TPM_DUR_MEDIUM, RO},
    {"TPM2_EventSequenceComplete", 0x185, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW}, /* kernel */
    {"TPM2_HashSequenceStart", 0x186, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},     /* kernel */
    {"TPM2_PolicyPhysicalPresence", 0x187, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_PolicyDuplicationSelect", 0x188, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_PolicyGetDigest", 0x189, TPM_FAMILY_20, TPM_DUR_MEDIUM,
     RO}, /* reads the policy session digest */
    {"TPM2_TestParms", 0x18A, TPM_FAMILY_20, TPM_DUR_MEDIUM, RO},
    {"TPM2_Commit", 0x18B, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW}, /* bumps the commit counter */
    {"TPM2_PolicyPassword", 0x18C, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_ZGen_2Phase", 0x18D, TPM_FAMILY_20, TPM_DUR_MEDIUM,
     RW}, /* consumes a commit counter slot */
    {"TPM2_EC_Ephemeral", 0x18E, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW}, /* bumps the commit counter */
    {"TPM2_PolicyNvWritten", 0x18F, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_PolicyTemplate", 0x190, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_CreateLoaded", 0x191, TPM_FAMILY_20, TPM_DUR_LONG_LONG, RW}, /* kernel */
    {"TPM2_PolicyAuthorizeNV", 0x192, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_EncryptDecrypt2", 0x193, TPM_FAMILY_20, TPM_DUR_MEDIUM, RO},
    {"TPM2_AC_GetCapability", 0x194, TPM_FAMILY_20, TPM_DUR_MEDIUM, RO}, /* deprecated (Part 0) */
    {"TPM2_AC_Send", 0x195, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},		 /* deprecated (Part 0) */
    {"TPM2_Policy_AC_SendSelect", 0x196, TPM_FAMILY_20, TPM_DUR_MEDIUM,
     RW}, /* deprecated (Part 0) */
    {"TPM2_CertifyX509", 0x197, TPM_FAMILY_20, TPM_DUR_MEDIUM, RO},
    {"TPM2_ACT_SetTimeout", 0x198, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_ECC_Encrypt", 0x199, TPM_FAMILY_20, TPM_DUR_MEDIUM, RO},
    {"TPM2_ECC_Decrypt", 0x19A, TPM_FAMILY_20, TPM_DUR_MEDIUM, RO},
    {"TPM2_PolicyCapability", 0x19B, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW}, /* Library v1.83 */
    {"TPM2_PolicyParameters", 0x19C, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_NV_DefineSpace2", 0x19D, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_NV_ReadPublic2", 0x19E, TPM_FAMILY_20, TPM_DUR_MEDIUM, RO},
    {"TPM2_SetCapability", 0x19F, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},
    {"TPM2_ReadOnlyControl", 0x1A0, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW},	    /* Library v184 */
    {"TPM2_PolicyTransportSPDM", 0x1A1, TPM_FAMILY_20, TPM_DUR_MEDIUM, RW}, /* Library v184 */
};

/* Second spec names for a code already in the table (Part 2 lists both). */
static const struct {
	const char *name;
	uint32_t code;
} tpm20_aliases[] = {
    {"TPM2_MAC", 0x155},
    {"TPM2_MAC_Start", 0x15B},
};

struct cmd_table {
	const struct tpm_cmd_info *cmds;
	size_t n;
};

static const struct cmd_table tables[] = {
    [TPM_FAMILY_12] = {tpm12_cmds, sizeof(tpm12_cmds) / sizeof(tpm12_cmds[0])},
    [TPM_FAMILY_20] = {tpm20_cmds, sizeof(tpm20_cmds) / sizeof(tpm20_cmds[0])},
};

static const char *const duration_names[TPM_DUR_COUNT] = {
    [TPM_DUR_SHORT] = "short",
    [TPM_DUR_MEDIUM] = "medium",
    [TPM_DUR_LONG] = "long",
    [TPM_DUR_LONG_LONG] = "long-long",
};

/*
 * The PTP gives 20 ms / 750 ms / 2 s for TPM 2.0 short/medium/long and the
 * kernel 5 min for long-long; 1.2 chips report their own. These leave a slow
 * chip plenty of room; an unknown command gets the long class, 1 min, where
 * the kernel waits 2.
 */
static const unsigned duration_deadline_ms[TPM_DUR_COUNT] = {
    [TPM_DUR_SHORT] = 5000,
    [TPM_DUR_MEDIUM] = 20000,
    [TPM_DUR_LONG] = 60000,
    [TPM_DUR_LONG_LONG] = 300000,
};

const struct tpm_cmd_info *tpm_cmd_table(enum tpm_family family, size_t *n)
{
	const struct cmd_table *t = NULL;

	if (family == TPM_FAMILY_12 || family == TPM_FAMILY_20)
		t = &tables[family];
	if (n)
		*n = t ? t->n : 0;
	return t ? t->cmds : NULL;
}

static int cmp_code(const void *key, const void *elem)
{
	uint32_t code = *(const uint32_t *)key;
	uint32_t other = ((const struct tpm_cmd_info *)elem)->code;

	return (code > other) - (code < other);
}

const struct tpm_cmd_info *tpm_cmd_lookup(enum tpm_family family, uint32_t code)
{
	size_t n;
	const struct tpm_cmd_info *cmds = tpm_cmd_table(family, &n);

	if (!cmds)
		return NULL;
	return bsearch(&code, cmds, n, sizeof(*cmds), cmp_code);
}

const struct tpm_cmd_info *tpm_cmd_by_name(const char *name)
{
	static const enum tpm_family families[] = {TPM_FAMILY_12, TPM_FAMILY_20};

	if (!name)
		return NULL;
	for (size_t f = 0; f < sizeof(families) / sizeof(families[0]); f++) {
		size_t n;
		const struct tpm_cmd_info *cmds = tpm_cmd_table(families[f], &n);

		for (size_t i = 0; i < n; i++)
			if (strcasecmp(cmds[i].name, name) == 0)
				return &cmds[i];
	}
	for (size_t i = 0; i < sizeof(tpm20_aliases) / sizeof(tpm20_aliases[0]); i++)
		if (strcasecmp(tpm20_aliases[i].name, name) == 0)
			return tpm_cmd_lookup(TPM_FAMILY_20, tpm20_aliases[i].code);
	return NULL;
}

const char *tpm_duration_name(enum tpm_duration d)
{
	return (unsigned)d < TPM_DUR_COUNT ? duration_names[d] : "unknown";
}

unsigned tpm_duration_deadline_ms(enum tpm_duration d)
{
	/* An out-of-range class gets the long deadline, like an unknown command. */
	return duration_deadline_ms[(unsigned)d < TPM_DUR_COUNT ? d : TPM_DUR_LONG];
}

unsigned tpm_cmd_deadline_ms(enum tpm_family family, uint32_t code)
{
	const struct tpm_cmd_info *c = tpm_cmd_lookup(family, code);

	return tpm_duration_deadline_ms(c ? c->duration : TPM_DUR_LONG);
}
