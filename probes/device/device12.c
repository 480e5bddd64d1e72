// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The device probe's TPM 1.2 questions (device_chip.h): each answer, decoded
 * by the catalogue, becomes tpmN.chip.* facts; a refusal that says something
 * of its own (no endorsement key, no dictionary-attack capability) too.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/device/device_chip.h"
#include "probes/commands/tpm12_da.h"
#include "probes/keys/ek_facts.h"
#include "probes/keys/pubkey.h"

#define TPM12_DISABLED_CMD   0x008u
#define TPM12_NO_ENDORSEMENT 0x023u

/* The number in the "(0x...)" a decoder writes after a formatted value; -EINVAL without one. */
static int dev_paren_hex(const char *v, uint32_t *out)
{
	const char *p = v ? strrchr(v, '(') : NULL;
	char *end;
	unsigned long x;

	if (!p || strncmp(p, "(0x", 3))
		return -EINVAL;
	errno = 0;
	x = strtoul(p + 3, &end, 16);
	if (errno || end == p + 3 || *end != ')' || x > UINT32_MAX)
		return -EINVAL;
	*out = (uint32_t)x;
	return 0;
}

static int dev_parse_i64(const char *v, int64_t *out)
{
	char *end;
	long long x;

	if (!v || !isdigit((unsigned char)*v))
		return -EINVAL;
	errno = 0;
	x = strtoll(v, &end, 10);
	if (errno || (*end && *end != ' '))
		return -EINVAL;
	*out = x;
	return 0;
}

static int dev_field_str(struct dev_chip *d, const struct tpm_fields *fs, const char *field,
			 const char *name)
{
	const char *v = tpm_fields_get(fs, field);

	return v ? dev_str(d, name, v, NULL) : dev_missing(d, name, field);
}

static int dev_field_int(struct dev_chip *d, const struct tpm_fields *fs, const char *field,
			 const char *name)
{
	const char *v = tpm_fields_get(fs, field);
	int64_t x;

	if (dev_parse_i64(v, &x))
		return dev_missing(d, name, field);
	return dev_int(d, name, x, NULL);
}

static int rec12_version(struct dev_chip *d, const struct tpm_fields *fs)
{
	int ret;

	ret = dev_field_str(d, fs, "version", "version");
	if (!ret)
		ret = dev_field_str(d, fs, "revision", "firmware");
	if (!ret)
		ret = dev_field_int(d, fs, "specLevel", "spec_level");
	if (!ret)
		ret = dev_field_int(d, fs, "errataRev", "errata");
	return ret;
}

static int rec12_manufacturer(struct dev_chip *d, const struct tpm_fields *fs)
{
	struct fact_src s = dev_src(&d->ask, NULL);
	char name[8];
	size_t pos = 0;
	uint32_t v;
	int ret;

	if (dev_paren_hex(tpm_fields_get(fs, "TPM_CAP_PROP_MANUFACTURER"), &v))
		return dev_missing(d, "manufacturer", "TPM_CAP_PROP_MANUFACTURER");
	dev_chars(v, name, sizeof(name), &pos);
	dev_trim(name);
	ret = dev_str(d, "manufacturer", name, NULL);
	return ret ? ret : dev_top_str(d, "manufacturer", name, &s);
}

/* "true"/"false" into *v; -EINVAL for anything else. */
static int dev_parse_bool(const char *v, bool *out)
{
	if (v && !strcmp(v, "true"))
		*out = true;
	else if (v && !strcmp(v, "false"))
		*out = false;
	else
		return -EINVAL;
	return 0;
}

static int rec12_owner(struct dev_chip *d, const struct tpm_fields *fs)
{
	struct fact_src s = dev_src(&d->ask, NULL);
	bool owned;
	int ret;

	if (dev_parse_bool(tpm_fields_get(fs, "TPM_CAP_PROP_OWNER"), &owned))
		return dev_missing(d, "owned", "TPM_CAP_PROP_OWNER");
	ret = dev_bool(d, "owned", owned, NULL);
	return ret ? ret : dev_top_bool(d, "owned", owned, &s);
}

/* Every true/false field as PREFIX.<lower-case spec name>. */
static int dev_flags(struct dev_chip *d, const struct tpm_fields *fs, const char *prefix)
{
	char name[TPM_FIELD_KEY_MAX + 16];
	size_t i, j;
	bool v;
	int ret;

	for (i = 0; i < fs->n; i++) {
		const char *k = fs->f[i].key;

		if (dev_parse_bool(fs->f[i].value, &v))
			continue;
		for (j = 0; k[j] && isalnum((unsigned char)k[j]); j++)
			;
		if (k[j] || !j)
			continue; /* not a flag's spec name */
		j = (size_t)snprintf(name, sizeof(name), "%s.", prefix);
		for (; *k && j + 1 < sizeof(name); k++)
			name[j++] = (char)tolower((unsigned char)*k);
		name[j] = '\0';
		ret = dev_bool(d, name, v, NULL);
		if (ret)
			return ret;
	}
	return 0;
}

/* NAME = !FLAG (enabled from disable, active from deactivated), here and at tpmN.NAME. */
static int dev_not_flag(struct dev_chip *d, const struct tpm_fields *fs, const char *flag,
			const char *name, const char *note)
{
	struct fact_src s = dev_src(&d->ask, note);
	bool v;
	int ret;

	if (dev_parse_bool(tpm_fields_get(fs, flag), &v))
		return dev_missing(d, name, flag);
	ret = dev_bool(d, name, !v, note);
	return ret ? ret : dev_top_bool(d, name, !v, &s);
}

static int rec12_permanent(struct dev_chip *d, const struct tpm_fields *fs)
{
	int ret;

	ret = dev_flags(d, fs, "flags");
	if (!ret)
		ret = dev_not_flag(d, fs, "disable", "enabled", "permanent flags: not disable");
	if (!ret)
		ret = dev_not_flag(d, fs, "deactivated", "active",
				   "permanent flags: not deactivated");
	return ret;
}

static int rec12_volatile(struct dev_chip *d, const struct tpm_fields *fs)
{
	return dev_flags(d, fs, "vflags");
}

static int rec12_pubek(struct dev_chip *d, const struct tpm_fields *fs)
{
	static const char note[] = "TPM_ReadPubek answered with the endorsement key";
	struct fact_src s = dev_src(&d->ask, note);
	struct rsa_pubkey k;
	size_t used;
	int ret;

	(void)fs;
	ret = dev_bool(d, "ek", true, note);
	/* the TPM_PUBKEY after the header; its key judged as sysfs' would be */
	if (!ret && d->ask.rsp_len > TPM_HEADER_SIZE &&
	    !pubkey_parse_tpm12_pubkey(d->ask.rsp + TPM_HEADER_SIZE,
				       d->ask.rsp_len - TPM_HEADER_SIZE, &used, &k))
		ret = dev_ok(ek_key_facts(d->c->facts, d->n, k.modulus, k.modulus_len, &s));
	return ret;
}

/* ReadPubek's refusals say something of their own. 1 = recorded, 0 = not this one. */
static int rc12_pubek(struct dev_chip *d)
{
	int ret;

	if (d->ask.h.code == TPM12_NO_ENDORSEMENT) {
		ret =
		    dev_bool(d, "ek", false, "TPM_NO_ENDORSEMENT: the TPM has no endorsement key");
		return ret ? ret : 1;
	}
	if (d->ask.h.code == TPM12_DISABLED_CMD) {
		ret = dev_unreadable(
		    d, &d->ask, "ek", FACT_FAILED,
		    "TPM_ReadPubek answered TPM_DISABLED_CMD (0x8): the TPM has an owner who "
		    "turned off reading the public endorsement key without authorisation, so "
		    "whether one exists cannot be told without the owner's password",
		    NULL);
		return ret ? ret : 1;
	}
	return 0;
}

static const char *const k12_da[] = {"da_defending", "da_action", "da_count", "da_threshold",
				     "da_seconds_left"};

/*
 * TPM_CAP_DA_LOGIC (Part 2, 21.7): whether the TPM defends against
 * dictionary attacks now, its counts and the time left. The counts are
 * absent where the owner hid them (TPM_DA_INFO_LIMITED).
 */
static int rec12_da(struct dev_chip *d, const struct tpm_fields *fs)
{
	const char *cap = "TPM_CAP_DA_LOGIC", *hidden = "the TPM hides the dictionary-attack "
							"counts (TPM_DA_INFO_LIMITED: the owner "
							"set disableFullDALogicInfo)";
	struct tpm12_da_info da;
	char acts[128];
	int ret;

	(void)fs;
	if (tpm12_da_info_parse(d->ask.rsp, d->ask.rsp_len, &da))
		return dev_missing(d, "da_defending", "a TPM_DA_INFO");
	ret = dev_bool(d, "da_defending", da.active, cap);
	if (!ret)
		ret = dev_str(d, "da_action", tpm12_da_actions_text(da.actions, acts, sizeof(acts)),
			      "TPM_CAP_DA_LOGIC actionAtThreshold");
	if (!ret && da.limited) {
		ret = dev_unreadable(d, &d->ask, "da_count", FACT_ABSENT, hidden, NULL);
		if (!ret)
			ret = dev_unreadable(d, &d->ask, "da_threshold", FACT_ABSENT, hidden, NULL);
		if (!ret)
			ret = dev_unreadable(d, &d->ask, "da_seconds_left", FACT_ABSENT, hidden,
					     NULL);
		return ret;
	}
	if (!ret)
		ret = dev_int(d, "da_count", da.count, "TPM_CAP_DA_LOGIC currentCount");
	if (!ret)
		ret = dev_int(d, "da_threshold", da.threshold, "TPM_CAP_DA_LOGIC thresholdCount");
	if (ret)
		return ret;
	if (!da.active)
		return dev_int(d, "da_seconds_left", 0, "not defending: nothing to wait for");
	if (da.actions & TPM12_DA_ACTION_TIMEOUT)
		return dev_int(d, "da_seconds_left", da.depend,
			       "TPM_CAP_DA_LOGIC actionDependValue (seconds of the time-out left)");
	return dev_unreadable(d, &d->ask, "da_seconds_left", FACT_ABSENT,
			      "the TPM's answer to the threshold is not a time-out: waiting does "
			      "not end it",
			      NULL);
}

/*
 * TPM_CAP_DA_LOGIC came late to TPM 1.2: an older chip refuses the
 * capability. That is an absent fact, not a failed read. 1 = recorded.
 */
static int rc12_da(struct dev_chip *d)
{
	static const uint32_t unknown_cap[] = {
	    0x002, /* TPM_BADINDEX */
	    0x003, /* TPM_BAD_PARAMETER */
	    0x019, /* TPM_BAD_PARAM_SIZE */
	    0x02C, /* TPM_BAD_MODE */
	};
	char name[160], text[DEV_TEXT_MAX];
	size_t i;
	int ret = 0;

	for (i = 0; i < TPM_ARRAY_SIZE(unknown_cap) && d->ask.h.code != unknown_cap[i]; i++)
		;
	if (i == TPM_ARRAY_SIZE(unknown_cap))
		return 0;
	snprintf(text, sizeof(text),
		 "the TPM does not offer TPM_CAP_DA_LOGIC (it answered %s): the capability is "
		 "optional and older TPM 1.2 chips lack it, so a dictionary-attack lock shows "
		 "only when a password is refused with TPM_DEFEND_LOCK_RUNNING (0x803)",
		 dev_rc_name(d, &d->ask, name, sizeof(name)));
	for (i = 0; !ret && i < TPM_ARRAY_SIZE(k12_da); i++)
		ret = dev_unreadable(d, &d->ask, k12_da[i], FACT_ABSENT, text, NULL);
	return ret ? ret : 1;
}

/* The self-test's outData: its text (without the decoder's quotes) when it is text, else hex. */
static int rec12_selftest(struct dev_chip *d, const struct tpm_fields *fs)
{
	const char *v = tpm_fields_get(fs, "outData text");
	char text[TPM_FIELD_VALUE_MAX];
	size_t n;

	if (!v)
		v = tpm_fields_get(fs, "outData");
	if (!v)
		return dev_missing(d, "selftest", "outData");
	n = strlen(v);
	if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
		snprintf(text, sizeof(text), "%.*s", (int)(n - 2), v + 1);
		v = text;
	}
	return dev_str(d, "selftest", *v ? v : "none (no data)", NULL);
}

/* The microsecond values of fields NAMES[n] as a list. */
static int dev_us_list(struct dev_chip *d, const struct tpm_fields *fs, const char *const *names,
		       size_t n, const char *key)
{
	struct fact_src s = dev_src(&d->ask, NULL);
	char vals[4][24], fk[128];
	const char *items[4];
	int64_t v;
	size_t i;

	for (i = 0; i < n && i < 4; i++) {
		if (dev_parse_i64(tpm_fields_get(fs, names[i]), &v))
			return dev_missing(d, key, names[i]);
		snprintf(vals[i], sizeof(vals[i]), "%lld", (long long)v);
		items[i] = vals[i];
	}
	return dev_ok(facts_set_list(d->c->facts, dev_key(d, fk, sizeof(fk), key), items, i, &s));
}

static int rec12_durations(struct dev_chip *d, const struct tpm_fields *fs)
{
	static const char *const names[] = {"duration short (us)", "duration medium (us)",
					    "duration long (us)"};

	return dev_us_list(d, fs, names, TPM_ARRAY_SIZE(names), "durations");
}

static int rec12_timeouts(struct dev_chip *d, const struct tpm_fields *fs)
{
	static const char *const names[] = {"timeout A (us)", "timeout B (us)", "timeout C (us)",
					    "timeout D (us)"};

	return dev_us_list(d, fs, names, TPM_ARRAY_SIZE(names), "timeouts");
}

static const char *const k12_version[] = {"version", "firmware", "spec_level", "errata"};
static const char *const k12_manufacturer[] = {"manufacturer"};
static const char *const k12_owner[] = {"owned"};
static const char *const k12_permanent[] = {"flags", "enabled", "active"};
static const char *const k12_volatile[] = {"vflags"};
static const char *const k12_pubek[] = {"ek"};
static const char *const k12_selftest[] = {"selftest"};
static const char *const k12_durations[] = {"durations"};
static const char *const k12_timeouts[] = {"timeouts"};

static const struct dev_question dev12_table[] = {
    DEV_Q(TPM_Q12_VERSION, k12_version, rec12_version, NULL),
    DEV_Q(TPM_Q12_MANUFACTURER, k12_manufacturer, rec12_manufacturer, NULL),
    DEV_Q(TPM_Q12_OWNER, k12_owner, rec12_owner, NULL),
    DEV_Q(TPM_Q12_PERMANENT, k12_permanent, rec12_permanent, NULL),
    DEV_Q(TPM_Q12_VOLATILE, k12_volatile, rec12_volatile, NULL),
    DEV_Q(TPM_Q12_PUBEK, k12_pubek, rec12_pubek, rc12_pubek),
    DEV_Q(TPM_Q12_TESTRESULT, k12_selftest, rec12_selftest, NULL),
    DEV_Q(TPM_Q12_DURATIONS, k12_durations, rec12_durations, NULL),
    DEV_Q(TPM_Q12_TIMEOUTS, k12_timeouts, rec12_timeouts, NULL),
    DEV_Q(TPM_Q12_DA, k12_da, rec12_da, rc12_da),
};

const struct dev_question *dev12_questions(size_t *n)
{
	*n = TPM_ARRAY_SIZE(dev12_table);
	return dev12_table;
}
