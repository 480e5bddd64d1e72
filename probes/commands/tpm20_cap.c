// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * TPM 2.0 named commands: TPM2_GetCapability, its builder and the decoders
 * of its answer by capability (properties, PCR banks, algorithms, handles).
 * Every read goes through a bounded tpm_rd.
 */
#include <errno.h>
#include <stdio.h>

#include "probes/commands/catalog.h"
#include "probes/tpm/tpm.h"
#include "probes/commands/tpm20.h"
#include "probes/commands/tpm20_priv.h"

/* --- getcap --------------------------------------------------------------------- */

/* TPMA_ALGORITHM (Part 2, 8.2). */
static const struct tpm_sym tpm20_alg_attrs[] = {
    {1u << 0, "asymmetric"}, {1u << 1, "symmetric"},  {1u << 2, "hash"},    {1u << 3, "object"},
    {1u << 8, "signing"},    {1u << 9, "encrypting"}, {1u << 10, "method"},
};

/* TPMA_PERMANENT (Part 2, 8.6). */
static const struct tpm_sym tpm20_perm_attrs[] = {
    {1u << 0, "ownerAuthSet"}, {1u << 1, "endorsementAuthSet"}, {1u << 2, "lockoutAuthSet"},
    {1u << 8, "disableClear"}, {1u << 9, "inLockout"},		{1u << 10, "tpmGeneratedEPS"},
};

/* TPMA_STARTUP_CLEAR (Part 2, 8.7). */
static const struct tpm_sym tpm20_stclear_attrs[] = {
    {1u << 0, "phEnable"},   {1u << 1, "shEnable"}, {1u << 2, "ehEnable"},
    {1u << 3, "phEnableNV"}, {1u << 31, "orderly"},
};

/* TPMA_MEMORY (Part 2, 8.8). */
static const struct tpm_sym tpm20_memory_attrs[] = {
    {1u << 0, "sharedRAM"},
    {1u << 1, "sharedNV"},
    {1u << 2, "objectCopiedToRam"},
};

/* TPMA_MODES (Part 2, 8.10). */
static const struct tpm_sym tpm20_modes_attrs[] = {
    {1u << 0, "FIPS_140_2"},
    {1u << 1, "FIPS_140_3"},
};

/* Permanent handles (Part 2, 7.4). */
static const struct tpm_sym tpm20_rh[] = {
    {0x40000000, "TPM2_RH_SRK"},
    {TPM2_RH_OWNER, "TPM2_RH_OWNER"},
    {0x40000002, "TPM2_RH_REVOKE"},
    {0x40000003, "TPM2_RH_TRANSPORT"},
    {0x40000004, "TPM2_RH_OPERATOR"},
    {0x40000005, "TPM2_RH_ADMIN"},
    {0x40000006, "TPM2_RH_EK"},
    {TPM2_RH_NULL, "TPM2_RH_NULL"},
    {0x40000008, "TPM2_RH_UNASSIGNED"},
    {TPM2_RS_PW, "TPM2_RS_PW"},
    {TPM2_RH_LOCKOUT, "TPM2_RH_LOCKOUT"},
    {TPM2_RH_ENDORSEMENT, "TPM2_RH_ENDORSEMENT"},
    {TPM2_RH_PLATFORM, "TPM2_RH_PLATFORM"},
    {TPM2_RH_PLATFORM_NV, "TPM2_RH_PLATFORM_NV"},
};

/* How a TPM2_PT_* value reads. */
enum tpm20_pt_kind {
	PT_DEC,
	PT_HEX,
	PT_CHARS,
	PT_REVISION, /* value / 100, "1.64" */
	PT_ALG,
	PT_PERMANENT,
	PT_STARTUP_CLEAR,
	PT_MEMORY,
	PT_MODES,
};

struct tpm20_pt {
	uint32_t pt;
	enum tpm20_pt_kind kind;
	const char *name;
};

static const struct tpm20_pt tpm20_pts[] = {
    {0x100, PT_CHARS, "TPM2_PT_FAMILY_INDICATOR"},
    {0x101, PT_DEC, "TPM2_PT_LEVEL"},
    {0x102, PT_REVISION, "TPM2_PT_REVISION"},
    {0x103, PT_DEC, "TPM2_PT_DAY_OF_YEAR"},
    {0x104, PT_DEC, "TPM2_PT_YEAR"},
    {0x105, PT_CHARS, "TPM2_PT_MANUFACTURER"},
    {0x106, PT_CHARS, "TPM2_PT_VENDOR_STRING_1"},
    {0x107, PT_CHARS, "TPM2_PT_VENDOR_STRING_2"},
    {0x108, PT_CHARS, "TPM2_PT_VENDOR_STRING_3"},
    {0x109, PT_CHARS, "TPM2_PT_VENDOR_STRING_4"},
    {0x10A, PT_DEC, "TPM2_PT_VENDOR_TPM_TYPE"},
    {0x10B, PT_HEX, "TPM2_PT_FIRMWARE_VERSION_1"},
    {0x10C, PT_HEX, "TPM2_PT_FIRMWARE_VERSION_2"},
    {0x10D, PT_DEC, "TPM2_PT_INPUT_BUFFER"},
    {0x10E, PT_HEX, "TPM2_PT_HR_TRANSIENT_MIN"},
    {0x10F, PT_HEX, "TPM2_PT_HR_PERSISTENT_MIN"},
    {0x110, PT_HEX, "TPM2_PT_HR_LOADED_MIN"},
    {0x111, PT_DEC, "TPM2_PT_ACTIVE_SESSIONS_MAX"},
    {0x112, PT_DEC, "TPM2_PT_PCR_COUNT"},
    {0x113, PT_DEC, "TPM2_PT_PCR_SELECT_MIN"},
    {0x114, PT_DEC, "TPM2_PT_CONTEXT_GAP_MAX"},
    {0x116, PT_DEC, "TPM2_PT_NV_COUNTERS_MAX"},
    {0x117, PT_DEC, "TPM2_PT_NV_INDEX_MAX"},
    {0x118, PT_MEMORY, "TPM2_PT_MEMORY"},
    {0x119, PT_DEC, "TPM2_PT_CLOCK_UPDATE"},
    {0x11A, PT_ALG, "TPM2_PT_CONTEXT_HASH"},
    {0x11B, PT_ALG, "TPM2_PT_CONTEXT_SYM"},
    {0x11C, PT_DEC, "TPM2_PT_CONTEXT_SYM_SIZE"},
    {0x11D, PT_DEC, "TPM2_PT_ORDERLY_COUNT"},
    {0x11E, PT_DEC, "TPM2_PT_MAX_COMMAND_SIZE"},
    {0x11F, PT_DEC, "TPM2_PT_MAX_RESPONSE_SIZE"},
    {0x120, PT_DEC, "TPM2_PT_MAX_DIGEST"},
    {0x121, PT_DEC, "TPM2_PT_MAX_OBJECT_CONTEXT"},
    {0x122, PT_DEC, "TPM2_PT_MAX_SESSION_CONTEXT"},
    {0x123, PT_HEX, "TPM2_PT_PS_FAMILY_INDICATOR"},
    {0x124, PT_DEC, "TPM2_PT_PS_LEVEL"},
    {0x125, PT_HEX, "TPM2_PT_PS_REVISION"},
    {0x126, PT_DEC, "TPM2_PT_PS_DAY_OF_YEAR"},
    {0x127, PT_DEC, "TPM2_PT_PS_YEAR"},
    {0x128, PT_DEC, "TPM2_PT_SPLIT_MAX"},
    {0x129, PT_DEC, "TPM2_PT_TOTAL_COMMANDS"},
    {0x12A, PT_DEC, "TPM2_PT_LIBRARY_COMMANDS"},
    {0x12B, PT_DEC, "TPM2_PT_VENDOR_COMMANDS"},
    {0x12C, PT_DEC, "TPM2_PT_NV_BUFFER_MAX"},
    {0x12D, PT_MODES, "TPM2_PT_MODES"},
    {0x12E, PT_DEC, "TPM2_PT_MAX_CAP_BUFFER"},
    {0x12F, PT_DEC, "TPM2_PT_FIRMWARE_SVN"},
    {0x130, PT_DEC, "TPM2_PT_FIRMWARE_MAX_SVN"},
    {0x200, PT_PERMANENT, "TPM2_PT_PERMANENT"},
    {0x201, PT_STARTUP_CLEAR, "TPM2_PT_STARTUP_CLEAR"},
    {0x202, PT_DEC, "TPM2_PT_HR_NV_INDEX"},
    {0x203, PT_DEC, "TPM2_PT_HR_LOADED"},
    {0x204, PT_DEC, "TPM2_PT_HR_LOADED_AVAIL"},
    {0x205, PT_DEC, "TPM2_PT_HR_ACTIVE"},
    {0x206, PT_DEC, "TPM2_PT_HR_ACTIVE_AVAIL"},
    {0x207, PT_DEC, "TPM2_PT_HR_TRANSIENT_AVAIL"},
    {0x208, PT_DEC, "TPM2_PT_HR_PERSISTENT"},
    {0x209, PT_DEC, "TPM2_PT_HR_PERSISTENT_AVAIL"},
    {0x20A, PT_DEC, "TPM2_PT_NV_COUNTERS"},
    {0x20B, PT_DEC, "TPM2_PT_NV_COUNTERS_AVAIL"},
    {0x20C, PT_HEX, "TPM2_PT_ALGORITHM_SET"},
    {0x20D, PT_DEC, "TPM2_PT_LOADED_CURVES"},
    {0x20E, PT_DEC, "TPM2_PT_LOCKOUT_COUNTER"},
    {0x20F, PT_DEC, "TPM2_PT_MAX_AUTH_FAIL"},
    {0x210, PT_DEC, "TPM2_PT_LOCKOUT_INTERVAL"},
    {0x211, PT_DEC, "TPM2_PT_LOCKOUT_RECOVERY"},
    {0x212, PT_DEC, "TPM2_PT_NV_WRITE_RECOVERY"},
    {0x213, PT_DEC, "TPM2_PT_AUDIT_COUNTER_0"},
    {0x214, PT_DEC, "TPM2_PT_AUDIT_COUNTER_1"},
};

static const struct tpm20_pt *tpm20_pt_find(uint32_t pt)
{
	size_t i;

	for (i = 0; i < TPM_ARRAY_SIZE(tpm20_pts); i++)
		if (tpm20_pts[i].pt == pt)
			return &tpm20_pts[i];
	return NULL;
}

struct tpm20_cap_word {
	const char *word;
	uint32_t cap;
	uint32_t property;
};

static const struct tpm20_cap_word tpm20_cap_words[] = {
    {"properties-fixed", TPM2_CAP_TPM_PROPERTIES, TPM2_PT_FIXED},
    {"properties-variable", TPM2_CAP_TPM_PROPERTIES, TPM2_PT_VAR},
    {"pcrs", TPM2_CAP_PCRS, 0},
    {"algorithms", TPM2_CAP_ALGS, TPM2_ALG_FIRST},
    {"handles", TPM2_CAP_HANDLES, TPM2_HR_PERSISTENT},
};

/* The first word's choices, for messages. */
static const struct tpm_sym tpm20_cap_syms[] = {
    {0, "properties-fixed"}, {1, "properties-variable"}, {2, "pcrs"}, {3, "algorithms"},
    {4, "handles"},
};

static const struct tpm_sym tpm20_handle_words[] = {
    {TPM2_HR_PERSISTENT, "persistent"},
    {TPM2_HR_TRANSIENT, "transient"},
    {TPM2_HR_NV_INDEX, "nv"},
    {TPM2_HR_PCR, "pcr"},
    {TPM2_HR_HMAC_SESSION, "loaded-session"},
    {TPM2_HR_POLICY_SESSION, "saved-session"},
    {TPM2_HR_PERMANENT, "permanent"},
};

static int tpm20_cap_parse(int argc, char **argv, uint32_t *cap, uint32_t *property, char *err,
			   size_t errlen)
{
	uint32_t i = 0;
	int ret;

	ret = tpm_arg_pick(tpm20_cap_syms, TPM_ARRAY_SIZE(tpm20_cap_syms), argc, argv, 0,
			   "capability", &i, err, errlen);
	if (ret)
		return ret;
	*cap = tpm20_cap_words[i].cap;
	*property = tpm20_cap_words[i].property;
	if (*cap != TPM2_CAP_HANDLES)
		return tpm_arg_max(argc, argv, 1, "getcap", err, errlen);
	if (argc > 1)
		ret = tpm_arg_pick(tpm20_handle_words, TPM_ARRAY_SIZE(tpm20_handle_words), argc,
				   argv, 1, "handle range", property, err, errlen);
	if (!ret)
		ret = tpm_arg_max(argc, argv, 2, "getcap", err, errlen);
	return ret;
}

int tpm20_build_getcap(TPM20_BUILD_ARGS)
{
	uint32_t cap = 0, property = 0;
	int ret;

	ret = tpm20_cap_parse(argc, argv, &cap, &property, err, errlen);
	if (ret)
		return ret;
	TPM20_BEGIN(b, TPM2_CC_GetCapability);
	tpm_buf_u32(b, cap);
	tpm_buf_u32(b, property);
	tpm_buf_u32(b, TPM2_MAX_CAP_COUNT);
	return tpm_cmd_finish(b);
}

static void tpm20_add_pt(struct tpm_fields *out, uint32_t pt, uint32_t v)
{
	const struct tpm20_pt *p = tpm20_pt_find(pt);
	char key[TPM_FIELD_KEY_MAX], buf[640];

	if (!p) {
		snprintf(key, sizeof(key), "property 0x%08x", pt);
		tpm_fields_add(out, key, "%u (0x%x)", v, v);
		return;
	}
	switch (p->kind) {
	case PT_HEX:
		snprintf(buf, sizeof(buf), "0x%08x", v);
		break;
	case PT_CHARS:
		tpm_chars_fmt(v, buf, sizeof(buf));
		break;
	case PT_REVISION:
		snprintf(buf, sizeof(buf), "%u.%02u", v / 100, v % 100);
		break;
	case PT_ALG:
		tpm20_alg_fmt((uint16_t)v, buf, sizeof(buf));
		break;
	case PT_PERMANENT:
		tpm20_attrs_fmt(tpm20_perm_attrs, TPM_ARRAY_SIZE(tpm20_perm_attrs), v, buf,
				sizeof(buf));
		break;
	case PT_STARTUP_CLEAR:
		tpm20_attrs_fmt(tpm20_stclear_attrs, TPM_ARRAY_SIZE(tpm20_stclear_attrs), v, buf,
				sizeof(buf));
		break;
	case PT_MEMORY:
		tpm20_attrs_fmt(tpm20_memory_attrs, TPM_ARRAY_SIZE(tpm20_memory_attrs), v, buf,
				sizeof(buf));
		break;
	case PT_MODES:
		tpm20_attrs_fmt(tpm20_modes_attrs, TPM_ARRAY_SIZE(tpm20_modes_attrs), v, buf,
				sizeof(buf));
		break;
	case PT_DEC:
	default:
		snprintf(buf, sizeof(buf), "%u", v);
		break;
	}
	tpm_fields_add(out, p->name, "%s", buf);
}

/*
 * TPML_TAGGED_TPM_PROPERTY. group (0x100, 0x200) keeps only the properties
 * of that group (a TPM may run on into the next one); 0 keeps all.
 */
static void tpm20_decode_props(struct tpm_rd *r, uint32_t group, struct tpm_fields *out)
{
	uint32_t n = 0, i, pt = 0, v = 0, other = 0;

	if (tpm_rd_u32(r, &n))
		return;
	for (i = 0; i < n; i++) {
		if (tpm_rd_u32(r, &pt) || tpm_rd_u32(r, &v))
			return;
		if (group && (pt & ~(TPM2_PT_GROUP - 1)) != group)
			other++;
		else
			tpm20_add_pt(out, pt, v);
	}
	if (other)
		tpm_fields_add(out, "properties of other groups", "%u (not shown)", other);
}

/* "0-7, 10, 12-23" from a PCR bit map; "none" when empty. */
const char *tpm20_pcrs_fmt(const uint8_t *sel, size_t n, char *buf, size_t len)
{
	size_t i, start, pos = 0, bits = n * 8;
	int w;

	buf[0] = '\0';
	for (i = 0; i < bits; i++) {
		if (!(sel[i / 8] & (1u << (i % 8))))
			continue;
		for (start = i; i + 1 < bits && (sel[(i + 1) / 8] & (1u << ((i + 1) % 8))); i++)
			;
		if (start == i)
			w = snprintf(buf + pos, len - pos, "%s%zu", pos ? "," : "", start);
		else
			w = snprintf(buf + pos, len - pos, "%s%zu-%zu", pos ? "," : "", start, i);
		if (w < 0 || (size_t)w >= len - pos)
			break;
		pos += (size_t)w;
	}
	if (!pos)
		snprintf(buf, len, "none");
	return buf;
}

/* One TPMS_PCR_SELECTION: 0, or -EBADMSG. */
int tpm20_rd_pcr_sel(struct tpm_rd *r, uint16_t *hash, const uint8_t **sel, uint8_t *n)
{
	if (tpm_rd_u16(r, hash) || tpm_rd_u8(r, n) || tpm_rd_ref(r, sel, *n))
		return -EBADMSG;
	return 0;
}

/* TPML_PCR_SELECTION: one field per bank, key the hash name. */
static void tpm20_decode_pcr_banks(struct tpm_rd *r, struct tpm_fields *out)
{
	char key[TPM_FIELD_KEY_MAX], buf[TPM20_LIST_MAX];
	const uint8_t *sel = NULL;
	uint32_t count = 0, i;
	uint16_t hash = 0;
	uint8_t n = 0;

	if (tpm_rd_u32(r, &count))
		return;
	for (i = 0; i < count; i++) {
		if (tpm20_rd_pcr_sel(r, &hash, &sel, &n))
			return;
		tpm_fields_add(out, tpm20_alg_key(hash, key, sizeof(key)), "%s",
			       tpm20_pcrs_fmt(sel, n, buf, sizeof(buf)));
	}
}

/* TPML_ALG_PROPERTY: one field per algorithm, its attributes as names. */
static void tpm20_decode_algs(struct tpm_rd *r, struct tpm_fields *out)
{
	char key[TPM_FIELD_KEY_MAX], buf[640];
	uint32_t count = 0, i, attrs = 0;
	uint16_t alg = 0;

	if (tpm_rd_u32(r, &count))
		return;
	for (i = 0; i < count; i++) {
		if (tpm_rd_u16(r, &alg) || tpm_rd_u32(r, &attrs))
			return;
		tpm_fields_add(out, tpm20_alg_key(alg, key, sizeof(key)), "%s",
			       tpm20_attrs_fmt(tpm20_alg_attrs, TPM_ARRAY_SIZE(tpm20_alg_attrs),
					       attrs, buf, sizeof(buf)));
	}
}

/* TPML_HANDLE: the count, then one field listing them. */
static void tpm20_decode_handles(struct tpm_rd *r, struct tpm_fields *out)
{
	uint32_t count = 0, i, h = 0;
	char buf[TPM20_LIST_MAX];
	const char *name;
	size_t pos = 0;
	int w;

	if (tpm_rd_u32(r, &count))
		return;
	buf[0] = '\0';
	for (i = 0; i < count; i++) {
		if (tpm_rd_u32(r, &h))
			return;
		name = tpm_sym_name(tpm20_rh, TPM_ARRAY_SIZE(tpm20_rh), h);
		w = snprintf(buf + pos, sizeof(buf) - pos, "%s0x%08x%s%s", pos ? ", " : "", h,
			     name ? " " : "", name ? name : "");
		if (w > 0 && (size_t)w < sizeof(buf) - pos)
			pos += (size_t)w;
	}
	tpm_fields_add(out, "count", "%u", count);
	tpm_fields_add(out, "handles", "%s", pos ? buf : "none");
}

int tpm20_decode_getcap(TPM20_DECODE_ARGS)
{
	uint32_t want = 0, property = 0, cap = 0;
	struct tpm_rd r;
	uint8_t more = 0;

	if (tpm20_cap_parse(argc, argv, &want, &property, NULL, 0))
		return -EINVAL;
	if (tpm20_params(rsp, len, &r) || tpm_rd_u8(&r, &more) || tpm_rd_u32(&r, &cap))
		return -EBADMSG;
	tpm_fields_add(out, "moreData", "%s", more ? "true" : "false");
	if (cap != want) {
		tpm_fields_add(out, "capability", "0x%08x (asked for 0x%08x)", cap, want);
		return -EBADMSG;
	}
	switch (cap) {
	case TPM2_CAP_TPM_PROPERTIES:
		tpm20_decode_props(&r, property, out);
		break;
	case TPM2_CAP_PCRS:
		tpm20_decode_pcr_banks(&r, out);
		break;
	case TPM2_CAP_ALGS:
		tpm20_decode_algs(&r, out);
		break;
	default:
		tpm20_decode_handles(&r, out);
		break;
	}
	return tpm_rd_done(&r, out);
}
