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
#include "probes/commands/tpm12_da.h"

#define TPM12_BEGIN(b, ord) tpm_cmd_begin((b), TPM_TAG_RQU_COMMAND, (ord))

/* Reader over the parameters of a response (after the 10-byte header). */
static int tpm12_params(const uint8_t *rsp, size_t len, struct tpm_rd *r)
{
	tpm_rd_init(r, rsp, len);
	return tpm_rd_skip(r, TPM_HEADER_SIZE);
}

/* A u32 size, then that many bytes; *sub reads exactly those. */
static int tpm12_rd_sized(struct tpm_rd *r, struct tpm_rd *sub)
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
