// SPDX-License-Identifier: GPL-2.0-or-later
#include <criterion/criterion.h>
#include <string.h>

#include "probes/tpm/commands.h"

static const enum tpm_family both[] = {TPM_FAMILY_12, TPM_FAMILY_20};

struct name_case {
	uint32_t code;
	const char *name;
};

struct dur_case {
	uint32_t code;
	enum tpm_duration d;
};

static void check_names(enum tpm_family f, const struct name_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct tpm_cmd_info *info = tpm_cmd_lookup(f, c[i].code);

		cr_assert_not_null(info, "0x%x missing", c[i].code);
		cr_expect_str_eq(info->name, c[i].name, "0x%x", c[i].code);
		cr_expect_eq(info->family, f, "%s", c[i].name);
	}
}

static void check_durations(enum tpm_family f, const struct dur_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct tpm_cmd_info *info = tpm_cmd_lookup(f, c[i].code);

		cr_assert_not_null(info, "0x%x missing", c[i].code);
		cr_expect_eq(info->duration, c[i].d, "%s: %s, want %s", info->name,
			     tpm_duration_name(info->duration), tpm_duration_name(c[i].d));
	}
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

Test(commands, tables_sorted_unique_and_complete)
{
	for (size_t f = 0; f < N(both); f++) {
		size_t n = 0;
		const struct tpm_cmd_info *t = tpm_cmd_table(both[f], &n);

		cr_assert_not_null(t);
		cr_assert_gt(n, 100);
		for (size_t i = 0; i < n; i++) {
			cr_expect_eq(t[i].family, both[f], "%s", t[i].name);
			cr_expect_lt((unsigned)t[i].duration, TPM_DUR_COUNT, "%s", t[i].name);
			cr_expect_eq(tpm_cmd_lookup(both[f], t[i].code), &t[i], "%s", t[i].name);
			if (i > 0)
				cr_expect_lt(t[i - 1].code, t[i].code, "%s before %s",
					     t[i - 1].name, t[i].name);
		}
	}
	/* 123 TPM_ORD_* plus 2 TSC_ORD_*; TPM_CC 0x11F..0x1A1 minus 5 gaps. */
	size_t n12, n20;
	tpm_cmd_table(TPM_FAMILY_12, &n12);
	tpm_cmd_table(TPM_FAMILY_20, &n20);
	cr_expect_eq(n12, 125);
	cr_expect_eq(n20, 126);
}

Test(commands, names_prefixed_and_unique)
{
	for (size_t f = 0; f < N(both); f++) {
		size_t n;
		const struct tpm_cmd_info *t = tpm_cmd_table(both[f], &n);

		for (size_t i = 0; i < n; i++) {
			const char *s = t[i].name;
			bool ok = both[f] == TPM_FAMILY_20
				      ? strncmp(s, "TPM2_", 5) == 0 && s[5]
				      : (strncmp(s, "TPM_", 4) == 0 && s[4]) ||
					    (strncmp(s, "TSC_", 4) == 0 && s[4]);

			cr_expect(ok, "bad name \"%s\" at 0x%x", s, t[i].code);
			/* Names are unique across both families, so by_name is unambiguous. */
			cr_expect_eq(tpm_cmd_by_name(s), &t[i], "%s", s);
		}
	}
}

Test(commands, unknown_family)
{
	size_t n = 99;

	cr_expect_null(tpm_cmd_table(TPM_FAMILY_UNKNOWN, &n));
	cr_expect_eq(n, 0);
	cr_expect_null(tpm_cmd_table((enum tpm_family)42, NULL));
	cr_expect_null(tpm_cmd_lookup(TPM_FAMILY_UNKNOWN, 0x65));
}

/* Values from trousers src/include/tss/tpm_ordinal.h (TPM Main Part 2). */
Test(commands, tpm12_codes)
{
	static const struct name_case c[] = {
	    {0x0A, "TPM_OIAP"},
	    {0x0B, "TPM_OSAP"},
	    {0x0C, "TPM_ChangeAuth"},
	    {0x0D, "TPM_TakeOwnership"},
	    {0x11, "TPM_DSAP"},
	    {0x14, "TPM_Extend"},
	    {0x15, "TPM_PcrRead"},
	    {0x16, "TPM_Quote"},
	    {0x17, "TPM_Seal"},
	    {0x18, "TPM_Unseal"},
	    {0x1F, "TPM_CreateWrapKey"},
	    {0x20, "TPM_LoadKey"},
	    {0x29, "TPM_DAA_Join"},
	    {0x2C, "TPM_CreateMaintenanceArchive"},
	    {0x31, "TPM_DAA_Sign"},
	    {0x3E, "TPM_Quote2"},
	    {0x41, "TPM_LoadKey2"},
	    {0x46, "TPM_GetRandom"},
	    {0x50, "TPM_SelfTestFull"},
	    {0x53, "TPM_ContinueSelfTest"},
	    {0x54, "TPM_GetTestResult"},
	    {0x5B, "TPM_OwnerClear"},
	    {0x5D, "TPM_ForceClear"},
	    {0x65, "TPM_GetCapability"},
	    {0x6F, "TPM_PhysicalEnable"},
	    {0x70, "TPM_PhysicalDisable"},
	    {0x72, "TPM_PhysicalSetDeactivated"},
	    {0x78, "TPM_CreateEndorsementKeyPair"},
	    {0x7C, "TPM_ReadPubek"},
	    {0x8D, "TPM_SetOrdinalAuditStatus"},
	    {0x98, "TPM_SaveState"},
	    {0x99, "TPM_Startup"},
	    {0xAA, "TPM_FieldUpgrade"},
	    {0xBA, "TPM_FlushSpecific"},
	    {0xC8, "TPM_PCR_Reset"},
	    {0xCC, "TPM_NV_DefineSpace"},
	    {0xCF, "TPM_NV_ReadValue"},
	    {0xD2, "TPM_Delegate_Manage"},
	    {0xDC, "TPM_CreateCounter"},
	    {0xE6, "TPM_EstablishTransport"},
	    {0xF1, "TPM_GetTicks"},
	    {0xF2, "TPM_TickStampBlob"},
	    {0x4000000A, "TSC_PhysicalPresence"},
	    {0x4000000B, "TSC_ResetEstablishmentBit"},
	};
	check_names(TPM_FAMILY_12, c, N(c));
}

/* Values from tpm2-tss include/tss2/tss2_tpm2_types.h (Part 2, TPM_CC). */
Test(commands, tpm20_codes)
{
	static const struct name_case c[] = {
	    {0x11F, "TPM2_NV_UndefineSpaceSpecial"},
	    {0x120, "TPM2_EvictControl"},
	    {0x121, "TPM2_HierarchyControl"},
	    {0x126, "TPM2_Clear"},
	    {0x129, "TPM2_HierarchyChangeAuth"},
	    {0x12A, "TPM2_NV_DefineSpace"},
	    {0x12B, "TPM2_PCR_Allocate"},
	    {0x12F, "TPM2_FieldUpgradeStart"},
	    {0x131, "TPM2_CreatePrimary"},
	    {0x137, "TPM2_NV_Write"},
	    {0x139, "TPM2_DictionaryAttackLockReset"},
	    {0x13A, "TPM2_DictionaryAttackParameters"},
	    {0x140, "TPM2_SetCommandCodeAuditStatus"},
	    {0x143, "TPM2_SelfTest"},
	    {0x144, "TPM2_Startup"},
	    {0x145, "TPM2_Shutdown"},
	    {0x14C, "TPM2_GetTime"},
	    {0x14E, "TPM2_NV_Read"},
	    {0x153, "TPM2_Create"},
	    {0x155, "TPM2_HMAC"},
	    {0x157, "TPM2_Load"},
	    {0x158, "TPM2_Quote"},
	    {0x15B, "TPM2_HMAC_Start"},
	    {0x161, "TPM2_ContextLoad"},
	    {0x165, "TPM2_FlushContext"},
	    {0x169, "TPM2_NV_ReadPublic"},
	    {0x173, "TPM2_ReadPublic"},
	    {0x176, "TPM2_StartAuthSession"},
	    {0x177, "TPM2_VerifySignature"},
	    {0x17A, "TPM2_GetCapability"},
	    {0x17B, "TPM2_GetRandom"},
	    {0x17C, "TPM2_GetTestResult"},
	    {0x17E, "TPM2_PCR_Read"},
	    {0x181, "TPM2_ReadClock"},
	    {0x182, "TPM2_PCR_Extend"},
	    {0x18A, "TPM2_TestParms"},
	    {0x191, "TPM2_CreateLoaded"},
	    {0x197, "TPM2_CertifyX509"},
	    {0x198, "TPM2_ACT_SetTimeout"},
	    {0x199, "TPM2_ECC_Encrypt"},
	    {0x19A, "TPM2_ECC_Decrypt"},
	};
	check_names(TPM_FAMILY_20, c, N(c));
}

/* Gaps in the numbering and codes of the other family. */
Test(commands, unknown_codes)
{
	static const uint32_t gaps12[] = {0x00, 0x09, 0x26, 0x27,  0x34,       0x51,
					  0x84, 0xD3, 0xF3, 0x143, 0x4000000C, 0xFFFFFFFF};
	static const uint32_t gaps20[] = {0x00,	 0x65,	0x11E, 0x123,	   0x15A,     0x15F,
					  0x166, 0x175, 0x1A2, 0x20000000, 0xFFFFFFFF};

	for (size_t i = 0; i < N(gaps12); i++)
		cr_expect_null(tpm_cmd_lookup(TPM_FAMILY_12, gaps12[i]), "0x%x", gaps12[i]);
	for (size_t i = 0; i < N(gaps20); i++)
		cr_expect_null(tpm_cmd_lookup(TPM_FAMILY_20, gaps20[i]), "0x%x", gaps20[i]);
}

/* linux drivers/char/tpm/tpm1-cmd.c, tpm1_ordinal_duration[]; UNDEFINED -> MEDIUM. */
Test(commands, tpm12_durations)
{
	static const struct dur_case c[] = {
	    {0x0A, TPM_DUR_SHORT},	  /* OIAP */
	    {0x0D, TPM_DUR_LONG},	  /* TakeOwnership */
	    {0x13, TPM_DUR_LONG},	  /* CMK_CreateKey */
	    {0x14, TPM_DUR_SHORT},	  /* Extend */
	    {0x15, TPM_DUR_SHORT},	  /* PcrRead */
	    {0x16, TPM_DUR_MEDIUM},	  /* Quote */
	    {0x1F, TPM_DUR_LONG},	  /* CreateWrapKey */
	    {0x29, TPM_DUR_LONG},	  /* DAA_Join */
	    {0x46, TPM_DUR_SHORT},	  /* GetRandom */
	    {0x50, TPM_DUR_LONG},	  /* SelfTestFull */
	    {0x53, TPM_DUR_LONG},	  /* ContinueSelfTest */
	    {0x54, TPM_DUR_SHORT},	  /* GetTestResult */
	    {0x65, TPM_DUR_SHORT},	  /* GetCapability */
	    {0x78, TPM_DUR_LONG},	  /* CreateEndorsementKeyPair */
	    {0x79, TPM_DUR_LONG},	  /* MakeIdentity */
	    {0x98, TPM_DUR_MEDIUM},	  /* SaveState */
	    {0x99, TPM_DUR_SHORT},	  /* Startup */
	    {0xAA, TPM_DUR_LONG},	  /* FieldUpgrade */
	    {0xBA, TPM_DUR_SHORT},	  /* FlushSpecific */
	    {0xE7, TPM_DUR_LONG},	  /* ExecuteTransport */
	    {0xF1, TPM_DUR_MEDIUM},	  /* GetTicks: kernel UNDEFINED */
	    {0xF2, TPM_DUR_MEDIUM},	  /* TickStampBlob */
	    {0x4000000A, TPM_DUR_MEDIUM}, /* past the kernel table */
	};
	check_durations(TPM_FAMILY_12, c, N(c));
}

/* linux drivers/char/tpm/tpm2-cmd.c, tpm2_ordinal_duration_index(); default -> MEDIUM. */
Test(commands, tpm20_durations)
{
	static const struct dur_case c[] = {
	    {0x144, TPM_DUR_MEDIUM},	/* Startup */
	    {0x143, TPM_DUR_LONG},	/* SelfTest */
	    {0x17B, TPM_DUR_LONG},	/* GetRandom */
	    {0x15C, TPM_DUR_MEDIUM},	/* SequenceUpdate */
	    {0x13E, TPM_DUR_MEDIUM},	/* SequenceComplete */
	    {0x185, TPM_DUR_MEDIUM},	/* EventSequenceComplete */
	    {0x186, TPM_DUR_MEDIUM},	/* HashSequenceStart */
	    {0x177, TPM_DUR_LONG_LONG}, /* VerifySignature */
	    {0x182, TPM_DUR_MEDIUM},	/* PCR_Extend */
	    {0x121, TPM_DUR_LONG},	/* HierarchyControl */
	    {0x129, TPM_DUR_LONG},	/* HierarchyChangeAuth */
	    {0x17A, TPM_DUR_MEDIUM},	/* GetCapability */
	    {0x14E, TPM_DUR_LONG},	/* NV_Read */
	    {0x131, TPM_DUR_LONG_LONG}, /* CreatePrimary */
	    {0x153, TPM_DUR_LONG_LONG}, /* Create */
	    {0x191, TPM_DUR_LONG_LONG}, /* CreateLoaded */
	    {0x17E, TPM_DUR_MEDIUM},	/* PCR_Read: not in the kernel's list */
	    {0x145, TPM_DUR_MEDIUM},	/* Shutdown: not in the kernel's list */
	};
	check_durations(TPM_FAMILY_20, c, N(c));
}

Test(commands, read_only_and_state_changing)
{
	static const char *const ro[] = {
	    "TPM_GetCapability",  "TPM_GetRandom",    "TPM_PcrRead",	    "TPM_ReadPubek",
	    "TPM_GetTestResult",  "TPM_NV_ReadValue", "TPM2_GetCapability", "TPM2_GetRandom",
	    "TPM2_PCR_Read",	  "TPM2_ReadPublic",  "TPM2_GetTestResult", "TPM2_NV_Read",
	    "TPM2_NV_ReadPublic", "TPM2_ReadClock",   "TPM2_TestParms",	    "TPM2_GetTime",
	};
	static const char *const rw[] = {
	    "TPM_Startup",
	    "TPM_TakeOwnership",
	    "TPM_OwnerClear",
	    "TPM_ForceClear",
	    "TSC_PhysicalPresence",
	    "TPM_SelfTestFull",
	    "TPM_ContinueSelfTest",
	    "TPM_OIAP",
	    "TPM_OSAP",
	    "TPM_Extend",
	    "TPM_PhysicalEnable",
	    "TPM_NV_WriteValue",
	    "TPM_FlushSpecific",
	    "TPM2_Startup",
	    "TPM2_Shutdown",
	    "TPM2_SelfTest",
	    "TPM2_Clear",
	    "TPM2_HierarchyChangeAuth",
	    "TPM2_HierarchyControl",
	    "TPM2_EvictControl",
	    "TPM2_FlushContext",
	    "TPM2_StartAuthSession",
	    "TPM2_PCR_Extend",
	    "TPM2_NV_Write",
	    "TPM2_CreatePrimary",
	    "TPM2_DictionaryAttackLockReset",
	    "TPM2_SetCommandCodeAuditStatus",
	    "TPM2_FieldUpgradeStart",
	};

	for (size_t i = 0; i < N(ro); i++) {
		const struct tpm_cmd_info *c = tpm_cmd_by_name(ro[i]);

		cr_assert_not_null(c, "%s", ro[i]);
		cr_expect(!c->changes_state, "%s should be read-only", ro[i]);
	}
	for (size_t i = 0; i < N(rw); i++) {
		const struct tpm_cmd_info *c = tpm_cmd_by_name(rw[i]);

		cr_assert_not_null(c, "%s", rw[i]);
		cr_expect(c->changes_state, "%s should change state", rw[i]);
	}
}

Test(commands, by_name)
{
	const struct tpm_cmd_info *c = tpm_cmd_by_name("tpm2_getcapability");

	cr_assert_not_null(c);
	cr_expect_eq(c->code, 0x17A);
	cr_expect_eq(c->family, TPM_FAMILY_20);

	c = tpm_cmd_by_name("TPM_STARTUP");
	cr_assert_not_null(c);
	cr_expect_eq(c->code, 0x99);
	cr_expect_eq(c->family, TPM_FAMILY_12);

	c = tpm_cmd_by_name("tsc_physicalpresence");
	cr_assert_not_null(c);
	cr_expect_eq(c->code, 0x4000000A);

	/* Part 2 gives 0x155 and 0x15B two names each. */
	c = tpm_cmd_by_name("TPM2_MAC");
	cr_assert_not_null(c);
	cr_expect_eq(c->code, 0x155);
	c = tpm_cmd_by_name("tpm2_mac_start");
	cr_assert_not_null(c);
	cr_expect_eq(c->code, 0x15B);

	/* Exact spec names only: no prefix-less or cross-family guesses. */
	cr_expect_null(tpm_cmd_by_name("Startup"));
	cr_expect_null(tpm_cmd_by_name("GetCapability"));
	cr_expect_null(tpm_cmd_by_name("TPM2_PcrRead"));
	cr_expect_null(tpm_cmd_by_name("TPM_PCR_Read"));
	cr_expect_null(tpm_cmd_by_name("TPM2_Startup "));
	cr_expect_null(tpm_cmd_by_name(""));
	cr_expect_null(tpm_cmd_by_name(NULL));
}

Test(commands, duration_names)
{
	cr_expect_str_eq(tpm_duration_name(TPM_DUR_SHORT), "short");
	cr_expect_str_eq(tpm_duration_name(TPM_DUR_MEDIUM), "medium");
	cr_expect_str_eq(tpm_duration_name(TPM_DUR_LONG), "long");
	cr_expect_str_eq(tpm_duration_name(TPM_DUR_LONG_LONG), "long-long");
	cr_expect_str_eq(tpm_duration_name(TPM_DUR_COUNT), "unknown");
}

Test(commands, deadlines)
{
	cr_expect_eq(tpm_duration_deadline_ms(TPM_DUR_SHORT), 5000);
	cr_expect_eq(tpm_duration_deadline_ms(TPM_DUR_MEDIUM), 20000);
	cr_expect_eq(tpm_duration_deadline_ms(TPM_DUR_LONG), 60000);
	cr_expect_eq(tpm_duration_deadline_ms(TPM_DUR_LONG_LONG), 300000);
	cr_expect_eq(tpm_duration_deadline_ms(TPM_DUR_COUNT), 60000);

	cr_expect_eq(tpm_cmd_deadline_ms(TPM_FAMILY_12, 0x65), 5000);	 /* GetCapability */
	cr_expect_eq(tpm_cmd_deadline_ms(TPM_FAMILY_12, 0x98), 20000);	 /* SaveState */
	cr_expect_eq(tpm_cmd_deadline_ms(TPM_FAMILY_12, 0x0D), 60000);	 /* TakeOwnership */
	cr_expect_eq(tpm_cmd_deadline_ms(TPM_FAMILY_20, 0x17A), 20000);	 /* GetCapability */
	cr_expect_eq(tpm_cmd_deadline_ms(TPM_FAMILY_20, 0x143), 60000);	 /* SelfTest */
	cr_expect_eq(tpm_cmd_deadline_ms(TPM_FAMILY_20, 0x131), 300000); /* CreatePrimary */
	/* Unknown code or family: the long class. */
	cr_expect_eq(tpm_cmd_deadline_ms(TPM_FAMILY_20, 0x20000001), 60000);
	cr_expect_eq(tpm_cmd_deadline_ms(TPM_FAMILY_12, 0x27), 60000);
	cr_expect_eq(tpm_cmd_deadline_ms(TPM_FAMILY_UNKNOWN, 0x144), 60000);

	/* Every class's deadline grows with the class. */
	for (unsigned d = 1; d < TPM_DUR_COUNT; d++)
		cr_expect_gt(tpm_duration_deadline_ms((enum tpm_duration)d),
			     tpm_duration_deadline_ms((enum tpm_duration)(d - 1)));
}
