// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * TPM 1.2 named commands: TPM_GetCapability, its builder and the decoders
 * of its answer by capability area (version, flags, properties, DA state).
 * Every read goes through a bounded tpm_rd.
 */
#include <errno.h>
#include <stdio.h>

#include "probes/commands/catalog.h"
#include "probes/tpm/tpm.h"
#include "probes/commands/tpm12.h"
#include "probes/commands/tpm12_da.h"
#include "probes/commands/tpm12_priv.h"

/* --- getcap --------------------------------------------------------------- */

enum tpm12_cap_kind {
	TPM12_CAP_VERSION,
	TPM12_CAP_PERMANENT,
	TPM12_CAP_VOLATILE,
	TPM12_CAP_PROPERTY, /* a named property, from the second word */
	TPM12_CAP_MANUFACTURER,
	TPM12_CAP_DURATIONS,
	TPM12_CAP_TIMEOUTS,
	TPM12_CAP_DA, /* TPM_CAP_DA_LOGIC for the owner */
};

static const struct tpm_sym tpm12_cap_words[] = {
    {TPM12_CAP_VERSION, "version"},
    {TPM12_CAP_MANUFACTURER, "manufacturer"},
    {TPM12_CAP_PERMANENT, "permanent"},
    {TPM12_CAP_VOLATILE, "volatile"},
    {TPM12_CAP_DURATIONS, "durations"},
    {TPM12_CAP_TIMEOUTS, "timeouts"},
    {TPM12_CAP_DA, "da"},
    {TPM12_CAP_PROPERTY, "property"},
};

/* Argument words of `getcap property NAME`. */
static const struct tpm_sym tpm12_prop_words[] = {
    {TPM_CAP_PROP_PCR, "pcr"},
    {TPM_CAP_PROP_DIR, "dir"},
    {TPM_CAP_PROP_MANUFACTURER, "manufacturer"},
    {TPM_CAP_PROP_KEYS, "keys"},
    {TPM_CAP_PROP_MIN_COUNTER, "min-counter"},
    {TPM_CAP_PROP_AUTHSESS, "authsess"},
    {TPM_CAP_PROP_TRANSESS, "transess"},
    {TPM_CAP_PROP_COUNTERS, "counters"},
    {TPM_CAP_PROP_MAX_AUTHSESS, "max-authsess"},
    {TPM_CAP_PROP_MAX_TRANSESS, "max-transess"},
    {TPM_CAP_PROP_MAX_COUNTERS, "max-counters"},
    {TPM_CAP_PROP_MAX_KEYS, "max-keys"},
    {TPM_CAP_PROP_OWNER, "owner"},
    {TPM_CAP_PROP_CONTEXT, "context"},
    {TPM_CAP_PROP_MAX_CONTEXT, "max-context"},
    {TPM_CAP_PROP_FAMILYROWS, "familyrows"},
    {TPM_CAP_PROP_TIS_TIMEOUT, "tis-timeout"},
    {TPM_CAP_PROP_STARTUP_EFFECT, "startup-effect"},
    {TPM_CAP_PROP_DELEGATE_ROW, "delegate-row"},
    {TPM_CAP_PROP_MAX_DAASESS, "max-daasess"},
    {TPM_CAP_PROP_DAASESS, "daasess"},
    {TPM_CAP_PROP_CONTEXT_DIST, "context-dist"},
    {TPM_CAP_PROP_DAA_INTERRUPT, "daa-interrupt"},
    {TPM_CAP_PROP_SESSIONS, "sessions"},
    {TPM_CAP_PROP_MAX_SESSIONS, "max-sessions"},
    {TPM_CAP_PROP_CMK_RESTRICTION, "cmk-restriction"},
    {TPM_CAP_PROP_DURATION, "duration"},
    {TPM_CAP_PROP_ACTIVE_COUNTER, "active-counter"},
    {TPM_CAP_PROP_MAX_NV_AVAILABLE, "max-nv-available"},
    {TPM_CAP_PROP_INPUT_BUFFER, "input-buffer"},
};

/* Spec names of the same properties, used as field keys. */
static const struct tpm_sym tpm12_prop_names[] = {
    {TPM_CAP_PROP_PCR, "TPM_CAP_PROP_PCR"},
    {TPM_CAP_PROP_DIR, "TPM_CAP_PROP_DIR"},
    {TPM_CAP_PROP_MANUFACTURER, "TPM_CAP_PROP_MANUFACTURER"},
    {TPM_CAP_PROP_KEYS, "TPM_CAP_PROP_KEYS"},
    {TPM_CAP_PROP_MIN_COUNTER, "TPM_CAP_PROP_MIN_COUNTER"},
    {TPM_CAP_PROP_AUTHSESS, "TPM_CAP_PROP_AUTHSESS"},
    {TPM_CAP_PROP_TRANSESS, "TPM_CAP_PROP_TRANSESS"},
    {TPM_CAP_PROP_COUNTERS, "TPM_CAP_PROP_COUNTERS"},
    {TPM_CAP_PROP_MAX_AUTHSESS, "TPM_CAP_PROP_MAX_AUTHSESS"},
    {TPM_CAP_PROP_MAX_TRANSESS, "TPM_CAP_PROP_MAX_TRANSESS"},
    {TPM_CAP_PROP_MAX_COUNTERS, "TPM_CAP_PROP_MAX_COUNTERS"},
    {TPM_CAP_PROP_MAX_KEYS, "TPM_CAP_PROP_MAX_KEYS"},
    {TPM_CAP_PROP_OWNER, "TPM_CAP_PROP_OWNER"},
    {TPM_CAP_PROP_CONTEXT, "TPM_CAP_PROP_CONTEXT"},
    {TPM_CAP_PROP_MAX_CONTEXT, "TPM_CAP_PROP_MAX_CONTEXT"},
    {TPM_CAP_PROP_FAMILYROWS, "TPM_CAP_PROP_FAMILYROWS"},
    {TPM_CAP_PROP_TIS_TIMEOUT, "TPM_CAP_PROP_TIS_TIMEOUT"},
    {TPM_CAP_PROP_STARTUP_EFFECT, "TPM_CAP_PROP_STARTUP_EFFECT"},
    {TPM_CAP_PROP_DELEGATE_ROW, "TPM_CAP_PROP_DELEGATE_ROW"},
    {TPM_CAP_PROP_MAX_DAASESS, "TPM_CAP_PROP_MAX_DAASESS"},
    {TPM_CAP_PROP_DAASESS, "TPM_CAP_PROP_DAASESS"},
    {TPM_CAP_PROP_CONTEXT_DIST, "TPM_CAP_PROP_CONTEXT_DIST"},
    {TPM_CAP_PROP_DAA_INTERRUPT, "TPM_CAP_PROP_DAA_INTERRUPT"},
    {TPM_CAP_PROP_SESSIONS, "TPM_CAP_PROP_SESSIONS"},
    {TPM_CAP_PROP_MAX_SESSIONS, "TPM_CAP_PROP_MAX_SESSIONS"},
    {TPM_CAP_PROP_CMK_RESTRICTION, "TPM_CAP_PROP_CMK_RESTRICTION"},
    {TPM_CAP_PROP_DURATION, "TPM_CAP_PROP_DURATION"},
    {TPM_CAP_PROP_ACTIVE_COUNTER, "TPM_CAP_PROP_ACTIVE_COUNTER"},
    {TPM_CAP_PROP_MAX_NV_AVAILABLE, "TPM_CAP_PROP_MAX_NV_AVAILABLE"},
    {TPM_CAP_PROP_INPUT_BUFFER, "TPM_CAP_PROP_INPUT_BUFFER"},
};

/* TPM_PERMANENT_FLAGS (Part 2, 7.1), in wire order after the tag. */
static const char *const tpm12_perm_flags[] = {
    "disable",
    "ownership",
    "deactivated",
    "readPubek",
    "disableOwnerClear",
    "allowMaintenance",
    "physicalPresenceLifetimeLock",
    "physicalPresenceHWEnable",
    "physicalPresenceCMDEnable",
    "CEKPUsed",
    "TPMpost",
    "TPMpostLock",
    "FIPS",
    "operator",
    "enableRevokeEK",
    "nvLocked",
    "readSRKPub",
    "tpmEstablished",
    "maintenanceDone",
    "disableFullDALogicInfo",
};

/* TPM_STCLEAR_FLAGS (Part 2, 7.2), in wire order after the tag. */
static const char *const tpm12_vol_flags[] = {
    "deactivated", "disableForceClear", "physicalPresence", "physicalPresenceLock", "bGlobalLock",
};

const char *const *tpm12_perm_flag_names(size_t *n)
{
	*n = TPM_ARRAY_SIZE(tpm12_perm_flags);
	return tpm12_perm_flags;
}

const char *const *tpm12_vol_flag_names(size_t *n)
{
	*n = TPM_ARRAY_SIZE(tpm12_vol_flags);
	return tpm12_vol_flags;
}

/* The capability area and subcap of the words in argv; 0 or -EINVAL. */
static int tpm12_cap_parse(int argc, char **argv, uint32_t *kind, uint32_t *area, uint32_t *sub,
			   char *err, size_t errlen)
{
	int ret, max = 1;

	ret = tpm_arg_pick(tpm12_cap_words, TPM_ARRAY_SIZE(tpm12_cap_words), argc, argv, 0,
			   "capability", kind, err, errlen);
	if (ret)
		return ret;
	*area = TPM_CAP_PROPERTY;
	switch (*kind) {
	case TPM12_CAP_VERSION:
		*area = TPM_CAP_VERSION_VAL;
		*sub = 0;
		break;
	case TPM12_CAP_PERMANENT:
		*area = TPM_CAP_FLAG;
		*sub = TPM_CAP_FLAG_PERMANENT;
		break;
	case TPM12_CAP_VOLATILE:
		*area = TPM_CAP_FLAG;
		*sub = TPM_CAP_FLAG_VOLATILE;
		break;
	case TPM12_CAP_MANUFACTURER:
		*sub = TPM_CAP_PROP_MANUFACTURER;
		break;
	case TPM12_CAP_DURATIONS:
		*sub = TPM_CAP_PROP_DURATION;
		break;
	case TPM12_CAP_TIMEOUTS:
		*sub = TPM_CAP_PROP_TIS_TIMEOUT;
		break;
	case TPM12_CAP_DA:
		*area = TPM_CAP_DA_LOGIC;
		*sub = TPM_ET_OWNER;
		break;
	default:
		max = 2;
		ret = tpm_arg_pick(tpm12_prop_words, TPM_ARRAY_SIZE(tpm12_prop_words), argc, argv,
				   1, "property", sub, err, errlen);
		break;
	}
	if (!ret)
		ret = tpm_arg_max(argc, argv, max, "getcap", err, errlen);
	return ret;
}

int tpm12_build_getcap(TPM12_BUILD_ARGS)
{
	uint32_t kind = 0, area = 0, sub = 0;
	int ret;

	ret = tpm12_cap_parse(argc, argv, &kind, &area, &sub, err, errlen);
	if (ret)
		return ret;
	TPM12_BEGIN(b, TPM_ORD_GetCapability);
	tpm_buf_u32(b, area);
	if (area == TPM_CAP_VERSION_VAL) {
		tpm_buf_u32(b, 0);
	} else if (area == TPM_CAP_DA_LOGIC) {
		tpm_buf_u32(b, 2); /* a TPM_ENTITY_TYPE is a UINT16 */
		tpm_buf_u16(b, (uint16_t)sub);
	} else {
		tpm_buf_u32(b, 4);
		tpm_buf_u32(b, sub);
	}
	return tpm_cmd_finish(b);
}

/* TPM_CAP_VERSION_INFO (Part 2, 21.6). */
static void tpm12_decode_version(struct tpm_rd *r, struct tpm_fields *out)
{
	uint8_t v[4], errata = 0, vendor[4];
	const uint8_t *spec = NULL;
	uint16_t tag = 0, level = 0, n = 0;
	char buf[32];

	tpm_rd_u16(r, &tag);
	if (tag != TPM_TAG_CAP_VERSION_INFO) {
		tpm_fields_add(out, "tag", "0x%04x (expected 0x%04x)", tag,
			       TPM_TAG_CAP_VERSION_INFO);
		r->bad = true;
		return;
	}
	if (tpm_rd_bytes(r, v, 4) || tpm_rd_u16(r, &level) || tpm_rd_u8(r, &errata) ||
	    tpm_rd_bytes(r, vendor, 4))
		return;
	tpm_fields_add(out, "version", "%u.%u", v[0], v[1]);
	tpm_fields_add(out, "revision", "%u.%u", v[2], v[3]);
	tpm_fields_add(out, "specLevel", "%u", level);
	tpm_fields_add(out, "errataRev", "%u", errata);
	tpm_fields_add(out, "tpmVendorID", "%s",
		       tpm_chars_fmt((uint32_t)vendor[0] << 24 | (uint32_t)vendor[1] << 16 |
					 (uint32_t)vendor[2] << 8 | vendor[3],
				     buf, sizeof(buf)));
	if (!tpm_rd_u16(r, &n) && !tpm_rd_ref(r, &spec, n) && n)
		tpm_fields_add_hex(out, "vendorSpecific", spec, n);
}

/* A tagged run of BOOLs named by names[n]; a field per flag, then the set ones. */
static void tpm12_decode_flags(struct tpm_rd *r, uint16_t want, const char *const *names, size_t n,
			       struct tpm_fields *out)
{
	char set[TPM_FIELD_VALUE_MAX];
	size_t i, pos = 0;
	uint16_t tag = 0;
	uint8_t v = 0;
	int w;

	tpm_rd_u16(r, &tag);
	if (tag != want) {
		tpm_fields_add(out, "tag", "0x%04x (expected 0x%04x)", tag, want);
		r->bad = true;
		return;
	}
	set[0] = '\0';
	for (i = 0; i < n && tpm_rd_left(r); i++) {
		tpm_rd_u8(r, &v);
		tpm_fields_add(out, names[i], "%s", v ? "true" : "false");
		w = v ? snprintf(set + pos, sizeof(set) - pos, "%s%s", pos ? ", " : "", names[i])
		      : 0;
		if (w > 0 && (size_t)w < sizeof(set) - pos)
			pos += (size_t)w;
	}
	tpm_fields_add(out, "set", "%s", pos ? set : "none");
	if (i < n)
		tpm_fields_add(out, "flags reported", "%zu of %zu (an older TPM 1.2 revision)", i,
			       n);
	if (tpm_rd_left(r))
		tpm_fields_add(out, "flags unknown", "%zu more bytes", tpm_rd_left(r));
}

/* A list of u32 values in microseconds, named by names[n]. */
static void tpm12_decode_us(struct tpm_rd *r, const char *const *names, size_t n,
			    struct tpm_fields *out)
{
	char key[TPM_FIELD_KEY_MAX];
	uint32_t v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (tpm_rd_u32(r, &v))
			return;
		snprintf(key, sizeof(key), "%s (us)", names[i]);
		tpm_fields_add(out, key, "%u", v);
	}
}

/* One TPM_CAP_PROPERTY answer: a BOOL, a u32, or a list of u32. */
static void tpm12_decode_property(struct tpm_rd *r, uint32_t sub, struct tpm_fields *out)
{
	static const char *const durations[] = {"duration short", "duration medium",
						"duration long"};
	static const char *const timeouts[] = {"timeout A", "timeout B", "timeout C", "timeout D"};
	const char *key = tpm_sym_name(tpm12_prop_names, TPM_ARRAY_SIZE(tpm12_prop_names), sub);
	char buf[64];
	uint32_t v = 0;
	uint8_t b = 0;

	if (sub == TPM_CAP_PROP_DURATION) {
		tpm12_decode_us(r, durations, TPM_ARRAY_SIZE(durations), out);
	} else if (sub == TPM_CAP_PROP_TIS_TIMEOUT) {
		tpm12_decode_us(r, timeouts, TPM_ARRAY_SIZE(timeouts), out);
	} else if (r->len == 1) {
		tpm_rd_u8(r, &b);
		tpm_fields_add(out, key, "%s", b ? "true" : "false");
	} else if (!tpm_rd_u32(r, &v)) {
		if (sub == TPM_CAP_PROP_MANUFACTURER)
			tpm_fields_add(out, key, "%s", tpm_chars_fmt(v, buf, sizeof(buf)));
		else
			tpm_fields_add(out, key, "%u (0x%x)", v, v);
	}
	if (tpm_rd_left(r))
		tpm_fields_add_hex(out, "more", r->data + r->pos, tpm_rd_left(r));
}

/* TPM_DA_INFO or TPM_DA_INFO_LIMITED (Part 2, 21.7, 21.8). */
static void tpm12_decode_da(struct tpm_rd *r, struct tpm_fields *out)
{
	struct tpm12_da_info da;
	char acts[128];

	if (tpm12_da_info_read(r, &da)) {
		r->bad = true;
		return;
	}
	tpm_fields_add(out, "state", "%s",
		       da.active ? "active (the TPM is defending)" : "inactive");
	if (da.limited) {
		tpm_fields_add(out, "counts",
			       "not given (TPM_DA_INFO_LIMITED: disableFullDALogicInfo "
			       "is set)");
	} else {
		tpm_fields_add(out, "currentCount", "%u", da.count);
		tpm_fields_add(out, "thresholdCount", "%u", da.threshold);
	}
	tpm_fields_add(out, "actionAtThreshold", "%s (0x%x)",
		       tpm12_da_actions_text(da.actions, acts, sizeof(acts)), da.actions);
	if (!da.limited)
		tpm_fields_add(out, "actionDependValue", "%u%s", da.depend,
			       da.actions & TPM12_DA_ACTION_TIMEOUT ? " s" : "");
}

int tpm12_decode_getcap(TPM12_DECODE_ARGS)
{
	uint32_t kind = 0, area = 0, sub = 0;
	struct tpm_rd r, cap;

	if (tpm12_cap_parse(argc, argv, &kind, &area, &sub, NULL, 0))
		return -EINVAL;
	if (tpm12_params(rsp, len, &r) || tpm12_rd_sized(&r, &cap))
		return -EBADMSG;
	switch (kind) {
	case TPM12_CAP_VERSION:
		tpm12_decode_version(&cap, out);
		break;
	case TPM12_CAP_PERMANENT:
		tpm12_decode_flags(&cap, TPM_TAG_PERMANENT_FLAGS, tpm12_perm_flags,
				   TPM_ARRAY_SIZE(tpm12_perm_flags), out);
		break;
	case TPM12_CAP_VOLATILE:
		tpm12_decode_flags(&cap, TPM_TAG_STCLEAR_FLAGS, tpm12_vol_flags,
				   TPM_ARRAY_SIZE(tpm12_vol_flags), out);
		break;
	case TPM12_CAP_DA:
		tpm12_decode_da(&cap, out);
		break;
	default:
		tpm12_decode_property(&cap, sub, out);
		break;
	}
	if (cap.bad)
		return -EBADMSG;
	return tpm_rd_done(&r, out);
}
