// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The catalogue of named commands for `tpmdiag send`, one table per family,
 * and the small helpers the family files share (argument words, name tables,
 * bounded formatting). See catalog.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/commands/catalog.h"
#include "probes/commands/tpm12.h"
#include "probes/commands/tpm20.h"

static const struct tpm_send_cmd tpm12_cmds[] = {
    {"startup", TPM_FAMILY_12, "clear|state|deactivated",
     "TPM_Startup: start the TPM after a reset (clear, saved state, or deactivated)",
     tpm12_build_startup, tpm12_decode_none},
    {"shutdown", TPM_FAMILY_12, "[state]",
     "TPM_SaveState: TPM 1.2 has no shutdown, SaveState (keep state for Startup(state)) is the "
     "nearest",
     tpm12_build_savestate, tpm12_decode_none},
    {"selftest", TPM_FAMILY_12, "full|continue",
     "TPM_SelfTestFull or TPM_ContinueSelfTest: run the TPM's self-test", tpm12_build_selftest,
     tpm12_decode_none},
    {"gettestresult", TPM_FAMILY_12, "",
     "TPM_GetTestResult: the vendor's self-test report (as hex, and as text when it is text)",
     tpm12_build_gettestresult, tpm12_decode_gettestresult},
    {"getcap", TPM_FAMILY_12,
     "version|manufacturer|permanent|volatile|durations|timeouts|da|property NAME",
     "TPM_GetCapability: version, manufacturer, permanent or volatile flags, durations, "
     "timeouts, the dictionary-attack state, or one named property",
     tpm12_build_getcap, tpm12_decode_getcap},
    {"physicalpresence", TPM_FAMILY_12,
     "cmd_enable|cmd_disable|hw_enable|hw_disable|lifetime_lock|present|not_present|lock...",
     "TSC_PhysicalPresence: assert or configure physical presence (the words are OR-ed)",
     tpm12_build_physicalpresence, tpm12_decode_none},
    {"physicalenable", TPM_FAMILY_12, "",
     "TPM_PhysicalEnable: enable the TPM (needs physical presence)", tpm12_build_physicalenable,
     tpm12_decode_none},
    {"physicaldisable", TPM_FAMILY_12, "",
     "TPM_PhysicalDisable: disable the TPM (needs physical presence)", tpm12_build_physicaldisable,
     tpm12_decode_none},
    {"physicalsetdeactivated", TPM_FAMILY_12, "true|false",
     "TPM_PhysicalSetDeactivated: set or clear the deactivated flag (in effect after the next "
     "reset; needs physical presence)",
     tpm12_build_physicalsetdeactivated, tpm12_decode_none},
    {"readpubek", TPM_FAMILY_12, "",
     "TPM_ReadPubek: the public endorsement key (only while there is no owner)",
     tpm12_build_readpubek, tpm12_decode_readpubek},
    {"pcrread", TPM_FAMILY_12, "INDEX", "TPM_PcrRead: the SHA-1 value of PCR INDEX (0-23)",
     tpm12_build_pcrread, tpm12_decode_pcrread},
    {"getrandom", TPM_FAMILY_12, "N", "TPM_GetRandom: N random bytes (1-1024)",
     tpm12_build_getrandom, tpm12_decode_getrandom},
};

static const struct tpm_send_cmd tpm20_cmds[] = {
    {"startup", TPM_FAMILY_20, "clear|state",
     "TPM2_Startup: start the TPM after a reset (clear, or resume saved state)",
     tpm20_build_startup, tpm20_decode_none},
    {"shutdown", TPM_FAMILY_20, "clear|state",
     "TPM2_Shutdown: prepare for power loss (clear, or save state for Startup(state))",
     tpm20_build_shutdown, tpm20_decode_none},
    {"selftest", TPM_FAMILY_20, "full|continue",
     "TPM2_SelfTest: test all functions (full) or only those not yet tested (continue)",
     tpm20_build_selftest, tpm20_decode_none},
    {"gettestresult", TPM_FAMILY_20, "",
     "TPM2_GetTestResult: the self-test report and its result code", tpm20_build_gettestresult,
     tpm20_decode_gettestresult},
    {"getcap", TPM_FAMILY_20,
     "properties-fixed|properties-variable|pcrs|algorithms|handles "
     "[persistent|transient|nv|pcr|loaded-session|saved-session|permanent]",
     "TPM2_GetCapability: fixed or variable properties, PCR banks, algorithms, or handles",
     tpm20_build_getcap, tpm20_decode_getcap},
    {"readpublic", TPM_FAMILY_20, "HANDLE",
     "TPM2_ReadPublic: the public area and name of a loaded or persistent object",
     tpm20_build_readpublic, tpm20_decode_readpublic},
    {"pcrread", TPM_FAMILY_20, "[BANK:]LIST...",
     "TPM2_PCR_Read: PCR values, e.g. sha256:0,1,7 or 0-7 (bank sha256 unless given; at "
     "most 8 values per answer)",
     tpm20_build_pcrread, tpm20_decode_pcrread},
    {"nvreadpublic", TPM_FAMILY_20, "INDEX",
     "TPM2_NV_ReadPublic: the attributes and size of an NV index, e.g. 0x01c00002 (the RSA "
     "EK certificate)",
     tpm20_build_nvreadpublic, tpm20_decode_nvreadpublic},
    {"nvread", TPM_FAMILY_20, "INDEX SIZE [OFFSET]",
     "TPM2_NV_Read: SIZE bytes (at most 768) of an index readable with its own empty "
     "password (TPMA_NV_AUTHREAD), as the EK certificate indices are",
     tpm20_build_nvread, tpm20_decode_nvread},
    {"getrandom", TPM_FAMILY_20, "N",
     "TPM2_GetRandom: N random bytes (1-1024; a TPM gives at most a digest's worth)",
     tpm20_build_getrandom, tpm20_decode_getrandom},
};

const struct tpm_send_cmd *tpm_send_table(enum tpm_family family, size_t *n)
{
	switch (family) {
	case TPM_FAMILY_12:
		*n = TPM_ARRAY_SIZE(tpm12_cmds);
		return tpm12_cmds;
	case TPM_FAMILY_20:
		*n = TPM_ARRAY_SIZE(tpm20_cmds);
		return tpm20_cmds;
	case TPM_FAMILY_UNKNOWN:
		break;
	}
	*n = 0;
	return NULL;
}

const struct tpm_send_cmd *tpm_send_lookup(enum tpm_family family, const char *name)
{
	const struct tpm_send_cmd *t;
	size_t i, n;

	t = tpm_send_table(family, &n);
	for (i = 0; name && i < n; i++)
		if (!strcmp(t[i].name, name))
			return &t[i];
	return NULL;
}

const char *tpm_sym_name(const struct tpm_sym *t, size_t n, uint32_t v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].value == v)
			return t[i].name;
	return NULL;
}

int tpm_sym_value(const struct tpm_sym *t, size_t n, const char *word, uint32_t *v)
{
	size_t i;

	for (i = 0; word && i < n; i++) {
		if (!strcmp(t[i].name, word)) {
			*v = t[i].value;
			return 0;
		}
	}
	return -ENOENT;
}

int tpm_arg_error(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* "a, b, c" from the names of t[n]. */
static void tpm_sym_list(const struct tpm_sym *t, size_t n, char *buf, size_t len)
{
	size_t i, pos = 0;
	int w;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		w = snprintf(buf + pos, len - pos, "%s%s", i ? ", " : "", t[i].name);
		if (w < 0 || (size_t)w >= len - pos)
			return;
		pos += (size_t)w;
	}
}

int tpm_arg_pick(const struct tpm_sym *t, size_t n, int argc, char **argv, int i, const char *what,
		 uint32_t *v, char *err, size_t errlen)
{
	char list[512];

	tpm_sym_list(t, n, list, sizeof(list));
	if (i >= argc || !argv || !argv[i])
		return tpm_arg_error(err, errlen, "missing %s; use one of: %s", what, list);
	if (tpm_sym_value(t, n, argv[i], v))
		return tpm_arg_error(err, errlen, "unknown %s \"%s\"; use one of: %s", what,
				     argv[i], list);
	return 0;
}

int tpm_arg_number(const char *word, const char *what, uint32_t min, uint32_t max, uint32_t *v,
		   char *err, size_t errlen)
{
	unsigned long long x;
	char *end;

	if (!word || !*word)
		return tpm_arg_error(err, errlen, "missing %s; give a number from %u to %u", what,
				     min, max);
	errno = 0;
	x = strtoull(word, &end, 0);
	if (*word == '-' || *word == '+' || *end || errno || x < min || x > max)
		return tpm_arg_error(err, errlen, "bad %s \"%s\"; give a number from %u to %u",
				     what, word, min, max);
	*v = (uint32_t)x;
	return 0;
}

int tpm_arg_max(int argc, char **argv, int max, const char *cmd, char *err, size_t errlen)
{
	if (argc <= max)
		return 0;
	if (!max)
		return tpm_arg_error(err, errlen, "%s takes no arguments; \"%s\" is one too many",
				     cmd, argv[0]);
	return tpm_arg_error(err, errlen, "%s takes at most %d argument%s; \"%s\" is one too many",
			     cmd, max, max == 1 ? "" : "s", argv[max]);
}

const char *tpm_sym_fmt(const struct tpm_sym *t, size_t n, uint32_t v, int hexdigits, char *buf,
			size_t len)
{
	const char *name = tpm_sym_name(t, n, v);

	snprintf(buf, len, "%s (0x%0*x)", name ? name : "unknown", hexdigits, v);
	return buf;
}

const char *tpm_bits_fmt(const struct tpm_sym *t, size_t n, uint32_t v, char *buf, size_t len)
{
	uint32_t rest = v, bit;
	size_t pos = 0;
	const char *name;
	int w;

	buf[0] = '\0';
	if (!v) {
		snprintf(buf, len, "none");
		return buf;
	}
	for (bit = 1; bit; bit <<= 1) {
		if (!(v & bit))
			continue;
		name = tpm_sym_name(t, n, bit);
		if (!name)
			continue;
		rest &= ~bit;
		w = snprintf(buf + pos, len - pos, "%s%s", pos ? "|" : "", name);
		if (w < 0 || (size_t)w >= len - pos)
			return buf;
		pos += (size_t)w;
	}
	if (rest)
		snprintf(buf + pos, len - pos, "%s0x%x", pos ? "|" : "", rest);
	return buf;
}

const char *tpm_chars_fmt(uint32_t v, char *buf, size_t len)
{
	char c[5];
	int i, n = 4;

	for (i = 0; i < 4; i++)
		c[i] = (char)(v >> (24 - 8 * i));
	while (n && !c[n - 1])
		n--;
	for (i = 0; i < n; i++)
		if (c[i] < 0x20 || c[i] > 0x7e)
			c[i] = '.';
	c[n] = '\0';
	snprintf(buf, len, "\"%s\" (0x%08x)", c, v);
	return buf;
}

bool tpm_is_text(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] == '\t' || p[i] == '\n' || p[i] == '\r')
			continue;
		if (p[i] < 0x20 || p[i] > 0x7e)
			return false;
	}
	return true;
}

void tpm_fields_add_text(struct tpm_fields *fs, const char *key, const uint8_t *p, size_t n)
{
	while (n && (p[n - 1] == '\0' || p[n - 1] == '\n' || p[n - 1] == '\r'))
		n--;
	tpm_fields_add(fs, key, "\"%.*s\"",
		       (int)(n > TPM_FIELD_VALUE_MAX ? TPM_FIELD_VALUE_MAX : n), (const char *)p);
}

int tpm_rd_done(struct tpm_rd *r, struct tpm_fields *out)
{
	if (r->bad)
		return -EBADMSG;
	if (tpm_rd_left(r)) {
		tpm_fields_add(out, "unexpected trailing bytes", "%zu", tpm_rd_left(r));
		return -EBADMSG;
	}
	return 0;
}
