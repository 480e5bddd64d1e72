// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The device probe: what the chip itself says, asked through the device
 * layer with the read-only questions of probes/tpm/queries.h (the same ones
 * `tpmdiag info` asks). Every fact keeps the command's spec name and its raw
 * request and response as provenance.
 *
 * Which chip: --device SPEC when given (facts under tpmN for a .../tpmN
 * path, else tpm0); otherwise each chip of the fact tpm.devices on the live
 * machine, through /dev/tpmrmN for a TPM 2.0 and /dev/tpmN else. A fixture
 * tree has no live device: its chips get an "absent" fact saying so.
 *
 * The first answer says whether the chip was started (a chip without
 * Startup answers every question with TPM_INVALID_POSTINIT or
 * TPM_RC_INITIALIZE: the rest are then recorded as such, not asked) and
 * whether it is in failure mode (TPM_RC_FAILURE; TPM_FAIL with a TPM 1.2
 * tag, which qemu also makes up for a TPM 2.0 that stopped answering).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/device.h"
#include "probes/tpm/buf.h"
#include "probes/tpm/family.h"
#include "probes/tpm/queries.h"
#include "probes/tpm/rc.h"
#include "probes/tpm/tpm12_da.h"
#include "probes/tpm/tpm20.h"

#define TPM12_FAIL	     0x009u
#define TPM12_DISABLED_CMD   0x008u
#define TPM12_NO_ENDORSEMENT 0x023u
#define TPM2_RC_FAILURE	     0x101u

#define DEV_CMD_MAX   256
#define DEV_MAX_CHIPS 64
#define DEV_TEXT_MAX  1024

/* One question and its answer (or the transport's error). */
struct dev_ask {
	const struct tpm_query *q;
	const struct tpm_cmd_info *info;
	uint8_t cmd[DEV_CMD_MAX];
	size_t cmd_len;
	uint8_t rsp[TPM_MAX_MSG];
	size_t rsp_len;
	int err; /* -errno of the transport; 0 = answered, h holds the header */
	struct tpm_hdr h;
};

/* One chip being asked. */
struct dev_chip {
	struct probe_ctx *c;
	struct tpm_transport *t;
	unsigned n;
	enum tpm_family fam;
	char family_src[512];
	bool family_done;    /* chip.family recorded */
	bool preanswered;    /* ask holds the answer to the 2.0 fixed properties already */
	bool have_first;     /* the first answer was looked at */
	bool failure;	     /* chip.failure recorded true */
	struct dev_ask ask;  /* the current exchange */
	struct dev_ask stop; /* the exchange that made us stop asking */
	char stop_text[DEV_TEXT_MAX];
	enum fact_reason stop_why;
	struct tpm_fields fs;
};

/* --- small helpers --------------------------------------------------------- */

/* Only running out of memory stops a probe; a bad key is this file's bug, not the run's. */
static int dev_ok(int r)
{
	return r == -ENOMEM ? -ENOMEM : 0;
}

static const char *dev_key(const struct dev_chip *d, char *buf, size_t len, const char *name)
{
	return facts_key(buf, len, "tpm%u.chip.%s", d->n, name);
}

static struct fact_src dev_src(const struct dev_ask *a, const char *note)
{
	struct fact_src s = {
	    .kind = FACT_SRC_TPM,
	    .cmd_name = a->info ? a->info->name : NULL,
	    .cmd = a->cmd_len ? a->cmd : NULL,
	    .cmd_len = a->cmd_len,
	    .rsp = a->err || !a->rsp_len ? NULL : a->rsp,
	    .rsp_len = a->err ? 0 : a->rsp_len,
	    .note = note ? note : (a->q ? a->q->title : NULL),
	};

	return s;
}

/* Whose return codes the answer uses: its tag's family, else the chip's. */
static enum tpm_family dev_rc_family(const struct dev_chip *d, const struct dev_ask *a)
{
	if (tpm20_is_tag(a->h.tag))
		return TPM_FAMILY_20;
	if (tpm12_is_rsp_tag(a->h.tag))
		return TPM_FAMILY_12;
	return d->fam;
}

/* "TPM_INVALID_POSTINIT (0x26)" */
static const char *dev_rc_name(const struct dev_chip *d, const struct dev_ask *a, char *buf,
			       size_t len)
{
	struct tpm_rc_desc rd;

	tpm_rc_decode(a->h.code, dev_rc_family(d, a), &rd);
	snprintf(buf, len, "%s (0x%x)", rd.name ? rd.name : "an unknown code", a->h.code);
	return buf;
}

/* "TPM_RC_VALUE (parameter 1): a value is out of range ..." */
static const char *dev_rc_line(const struct dev_chip *d, const struct dev_ask *a, char *buf,
			       size_t len)
{
	struct tpm_rc_desc rd;

	tpm_rc_decode(a->h.code, dev_rc_family(d, a), &rd);
	tpm_rc_format(&rd, buf, len);
	return buf;
}

static bool dev_is_failure(const struct dev_ask *a)
{
	if (a->err)
		return false;
	return (tpm12_is_rsp_tag(a->h.tag) && a->h.code == TPM12_FAIL) ||
	       (tpm20_is_tag(a->h.tag) && a->h.code == TPM2_RC_FAILURE);
}

/* True when tpmN.NAME is not set, or set as unreadable: the chip's answer may fill it. */
static bool dev_top_unset(const struct dev_chip *d, const char *name)
{
	const struct fact *f;
	char key[128];

	f = facts_get(d->c->facts, facts_key(key, sizeof(key), "tpm%u.%s", d->n, name));
	return !f || f->type == FACT_UNREADABLE;
}

static int dev_top_str(struct dev_chip *d, const char *name, const char *v,
		       const struct fact_src *s)
{
	char key[128];

	if (!dev_top_unset(d, name))
		return 0;
	return dev_ok(
	    facts_set_str(d->c->facts, facts_key(key, sizeof(key), "tpm%u.%s", d->n, name), v, s));
}

static int dev_top_bool(struct dev_chip *d, const char *name, bool v, const struct fact_src *s)
{
	char key[128];

	if (!dev_top_unset(d, name))
		return 0;
	return dev_ok(
	    facts_set_bool(d->c->facts, facts_key(key, sizeof(key), "tpm%u.%s", d->n, name), v, s));
}

static int dev_str(struct dev_chip *d, const char *name, const char *v, const char *note)
{
	struct fact_src s = dev_src(&d->ask, note);
	char key[128];

	return dev_ok(facts_set_str(d->c->facts, dev_key(d, key, sizeof(key), name), v, &s));
}

static int dev_int(struct dev_chip *d, const char *name, int64_t v, const char *note)
{
	struct fact_src s = dev_src(&d->ask, note);
	char key[128];

	return dev_ok(facts_set_int(d->c->facts, dev_key(d, key, sizeof(key), name), v, &s));
}

static int dev_bool(struct dev_chip *d, const char *name, bool v, const char *note)
{
	struct fact_src s = dev_src(&d->ask, note);
	char key[128];

	return dev_ok(facts_set_bool(d->c->facts, dev_key(d, key, sizeof(key), name), v, &s));
}

static int dev_unreadable(struct dev_chip *d, const struct dev_ask *a, const char *name,
			  enum fact_reason why, const char *text, const char *note)
{
	struct fact_src s = dev_src(a, note);
	char key[128];

	return dev_ok(
	    facts_set_unreadable(d->c->facts, dev_key(d, key, sizeof(key), name), why, text, &s));
}

/* "the answer to TPM_GetCapability (version) had no specLevel" */
static int dev_missing(struct dev_chip *d, const char *name, const char *what)
{
	char text[256];

	snprintf(text, sizeof(text), "the answer to %s (%s) did not include %s",
		 d->ask.info ? d->ask.info->name : "the question", d->ask.q->title, what);
	return dev_unreadable(d, &d->ask, name, FACT_MALFORMED, text, NULL);
}

/* Four characters packed in a u32 (a manufacturer): NULs dropped, spaces trimmed. */
static void dev_chars(uint32_t v, char *out, size_t len, size_t *pos)
{
	int i;

	for (i = 3; i >= 0; i--) {
		unsigned char ch = (unsigned char)(v >> (i * 8));

		if (!ch || *pos + 1 >= len)
			continue;
		out[(*pos)++] = isprint(ch) ? (char)ch : '.';
	}
	out[*pos] = '\0';
}

static void dev_trim(char *s)
{
	size_t n = strlen(s), i = 0;

	while (n && s[n - 1] == ' ')
		s[--n] = '\0';
	while (s[i] == ' ')
		i++;
	memmove(s, s + i, n - i + 1);
}

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

/* --- TPM 1.2 answers (from the catalogue decoder's fields) ------------------- */

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
	(void)fs;
	return dev_bool(d, "ek", true, "TPM_ReadPubek answered with the endorsement key");
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

/* --- TPM 2.0 answers (read from the response, bounded) ----------------------- */

/* Position r after a GetCapability answer's moreData and capability. */
static int dev20_cap_body(const struct dev_ask *a, struct tpm_rd *r)
{
	uint8_t more;
	uint32_t cap;
	struct tpm_hdr h;

	if (tpm_hdr_parse(a->rsp, a->rsp_len, &h, r) || tpm_rd_u8(r, &more) || tpm_rd_u32(r, &cap))
		return -EBADMSG;
	return 0;
}

/* The value of property pt in a TPML_TAGGED_TPM_PROPERTY answer; -ENOENT when absent. */
static int dev20_prop(const struct dev_ask *a, uint32_t pt, uint32_t *v)
{
	uint32_t n = 0, i, p = 0, x = 0;
	struct tpm_rd r;

	if (dev20_cap_body(a, &r) || tpm_rd_u32(&r, &n))
		return -EBADMSG;
	for (i = 0; i < n; i++) {
		if (tpm_rd_u32(&r, &p) || tpm_rd_u32(&r, &x))
			return -EBADMSG;
		if (p == pt) {
			*v = x;
			return 0;
		}
	}
	return -ENOENT;
}

/* A property as an integer fact, or unreadable when the answer did not include it. */
static int dev20_int(struct dev_chip *d, const char *name, uint32_t pt, const char *ptname)
{
	uint32_t v;

	if (dev20_prop(&d->ask, pt, &v))
		return dev_missing(d, name, ptname);
	return dev_int(d, name, v, ptname);
}

static int rec20_fixed(struct dev_chip *d, const struct tpm_fields *fs)
{
	struct fact_src s = dev_src(&d->ask, "TPM2_PT_MANUFACTURER");
	char text[32];
	size_t pos = 0;
	uint32_t v, pt;
	int ret;

	(void)fs;
	if (dev20_prop(&d->ask, TPM2_PT_MANUFACTURER, &v)) {
		ret = dev_missing(d, "manufacturer", "TPM2_PT_MANUFACTURER");
	} else {
		dev_chars(v, text, sizeof(text), &pos);
		dev_trim(text);
		ret = dev_str(d, "manufacturer", text, "TPM2_PT_MANUFACTURER");
		if (!ret)
			ret = dev_top_str(d, "manufacturer", text, &s);
	}
	if (ret)
		return ret;
	pos = 0;
	text[0] = '\0';
	for (pt = TPM2_PT_VENDOR_STRING_1; pt <= TPM2_PT_VENDOR_STRING_4; pt++)
		if (!dev20_prop(&d->ask, pt, &v))
			dev_chars(v, text, sizeof(text), &pos);
	dev_trim(text);
	ret = dev20_prop(&d->ask, TPM2_PT_VENDOR_STRING_1, &v)
		  ? dev_missing(d, "vendor", "TPM2_PT_VENDOR_STRING_1")
		  : dev_str(d, "vendor", text, "TPM2_PT_VENDOR_STRING_1..4");
	if (ret)
		return ret;
	if (dev20_prop(&d->ask, TPM2_PT_FIRMWARE_VERSION_1, &v)) {
		ret = dev_missing(d, "firmware", "TPM2_PT_FIRMWARE_VERSION_1");
	} else {
		snprintf(text, sizeof(text), "%u.%u", v >> 16, v & 0xffffu);
		ret = dev_str(d, "firmware", text,
			      "TPM2_PT_FIRMWARE_VERSION_1: high 16 bits . low 16 bits");
	}
	if (ret)
		return ret;
	if (dev20_prop(&d->ask, TPM2_PT_REVISION, &v)) {
		ret = dev_missing(d, "spec_revision", "TPM2_PT_REVISION");
	} else {
		snprintf(text, sizeof(text), "%u.%02u", v / 100, v % 100);
		ret = dev_str(d, "spec_revision", text, "TPM2_PT_REVISION");
	}
	if (!ret)
		ret = dev20_int(d, "spec_level", TPM2_PT_LEVEL, "TPM2_PT_LEVEL");
	if (!ret)
		ret = dev20_int(d, "spec_year", TPM2_PT_YEAR, "TPM2_PT_YEAR");
	return ret;
}

/* The variable properties worth a fact: a bit of an attribute word, or a number. */
static const struct dev20_var {
	const char *name;
	uint32_t pt;
	const char *ptname;
	int bit; /* -1: the value itself */
} dev20_vars[] = {
    {"owner_auth_set", 0x200, "TPM2_PT_PERMANENT ownerAuthSet", 0},
    {"endorsement_auth_set", 0x200, "TPM2_PT_PERMANENT endorsementAuthSet", 1},
    {"lockout_auth_set", 0x200, "TPM2_PT_PERMANENT lockoutAuthSet", 2},
    {"disable_clear", 0x200, "TPM2_PT_PERMANENT disableClear", 8},
    {"in_lockout", 0x200, "TPM2_PT_PERMANENT inLockout", 9},
    {"ph_enable", 0x201, "TPM2_PT_STARTUP_CLEAR phEnable", 0},
    {"sh_enable", 0x201, "TPM2_PT_STARTUP_CLEAR shEnable", 1},
    {"eh_enable", 0x201, "TPM2_PT_STARTUP_CLEAR ehEnable", 2},
    {"lockout_counter", 0x20E, "TPM2_PT_LOCKOUT_COUNTER", -1},
    {"max_auth_fail", 0x20F, "TPM2_PT_MAX_AUTH_FAIL", -1},
    {"lockout_interval", 0x210, "TPM2_PT_LOCKOUT_INTERVAL", -1},
    {"lockout_recovery", 0x211, "TPM2_PT_LOCKOUT_RECOVERY", -1},
};

static int rec20_variable(struct dev_chip *d, const struct tpm_fields *fs)
{
	const struct dev20_var *x;
	uint32_t v;
	size_t i;
	int ret = 0;

	(void)fs;
	for (i = 0; !ret && i < TPM_ARRAY_SIZE(dev20_vars); i++) {
		x = &dev20_vars[i];
		if (dev20_prop(&d->ask, x->pt, &v))
			ret = dev_missing(d, x->name, x->ptname);
		else if (x->bit < 0)
			ret = dev_int(d, x->name, v, x->ptname);
		else
			ret = dev_bool(d, x->name, (v >> x->bit) & 1u, x->ptname);
	}
	return ret;
}

static int rec20_selftest(struct dev_chip *d, const struct tpm_fields *fs)
{
	struct dev_ask res = {.h.tag = TPM2_ST_NO_SESSIONS};
	const uint8_t *data;
	char name[160];
	struct tpm_rd r;
	uint16_t n;

	(void)fs;
	if (tpm_hdr_parse(d->ask.rsp, d->ask.rsp_len, &res.h, &r) || tpm_rd_tpm2b(&r, &data, &n) ||
	    tpm_rd_u32(&r, &res.h.code))
		return dev_missing(d, "selftest_rc", "testResult");
	return dev_str(d, "selftest_rc", dev_rc_name(d, &res, name, sizeof(name)), "testResult");
}

/* A list fact of n items of width w packed in buf. */
static int dev_list(struct dev_chip *d, const char *name, const char *buf, size_t w, size_t n,
		    const char *note)
{
	struct fact_src s = dev_src(&d->ask, note);
	const char **items = NULL;
	char key[128];
	size_t i;
	int ret;

	if (n) {
		items = calloc(n, sizeof(*items));
		if (!items)
			return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		items[i] = buf + i * w;
	ret = dev_ok(facts_set_list(d->c->facts, dev_key(d, key, sizeof(key), name), items, n, &s));
	free(items);
	return ret;
}

#define DEV_ITEM_W 16

static int rec20_pcrs(struct dev_chip *d, const struct tpm_fields *fs)
{
	uint32_t count = 0, i;
	const uint8_t *sel;
	const char *alg;
	size_t k, used = 0;
	char *buf = NULL;
	struct tpm_rd r;
	uint16_t hash;
	uint8_t sz;
	int ret;

	(void)fs;
	if (dev20_cap_body(&d->ask, &r) || tpm_rd_u32(&r, &count))
		return dev_missing(d, "pcr_banks", "TPML_PCR_SELECTION");
	if (count > tpm_rd_left(&r) / 3) /* each selection is at least 3 bytes */
		return dev_missing(d, "pcr_banks", "as many PCR selections as it said");
	buf = calloc(count ? count : 1, DEV_ITEM_W);
	if (!buf)
		return -ENOMEM;
	for (i = 0; i < count; i++) {
		if (tpm_rd_u16(&r, &hash) || tpm_rd_u8(&r, &sz) || tpm_rd_ref(&r, &sel, sz))
			break;
		for (k = 0; k < sz && !sel[k]; k++)
			;
		if (k == sz)
			continue; /* a bank with no PCR selected is not in use */
		alg = tpm20_alg_name(hash);
		if (alg)
			snprintf(buf + used * DEV_ITEM_W, DEV_ITEM_W, "%s", alg);
		else
			snprintf(buf + used * DEV_ITEM_W, DEV_ITEM_W, "alg-0x%04x", hash);
		used++;
	}
	ret = i < count ? dev_missing(d, "pcr_banks", "as many PCR selections as it said")
			: dev_list(d, "pcr_banks", buf, DEV_ITEM_W, used, NULL);
	free(buf);
	return ret;
}

static int rec20_handles(struct dev_chip *d, const struct tpm_fields *fs)
{
	uint32_t count = 0, i, h;
	char *buf = NULL;
	struct tpm_rd r;
	int ret;

	(void)fs;
	if (dev20_cap_body(&d->ask, &r) || tpm_rd_u32(&r, &count))
		return dev_missing(d, "persistent_handles", "TPML_HANDLE");
	if (count > tpm_rd_left(&r) / 4)
		return dev_missing(d, "persistent_handles", "as many handles as it said");
	buf = calloc(count ? count : 1, DEV_ITEM_W);
	if (!buf)
		return -ENOMEM;
	for (i = 0; i < count && !tpm_rd_u32(&r, &h); i++)
		snprintf(buf + i * DEV_ITEM_W, DEV_ITEM_W, "0x%08x", h);
	ret = dev_list(d, "persistent_handles", buf, DEV_ITEM_W, count, NULL);
	free(buf);
	return ret;
}

/* --- the questions ------------------------------------------------------------ */

static const char *const k12_version[] = {"version", "firmware", "spec_level", "errata"};
static const char *const k12_manufacturer[] = {"manufacturer"};
static const char *const k12_owner[] = {"owned"};
static const char *const k12_permanent[] = {"flags", "enabled", "active"};
static const char *const k12_volatile[] = {"vflags"};
static const char *const k12_pubek[] = {"ek"};
static const char *const k12_selftest[] = {"selftest"};
static const char *const k12_durations[] = {"durations"};
static const char *const k12_timeouts[] = {"timeouts"};
static const char *const k20_fixed[] = {"manufacturer",	 "vendor",     "firmware",
					"spec_revision", "spec_level", "spec_year"};
static const char *const k20_variable[] = {"owner_auth_set",   "endorsement_auth_set",
					   "lockout_auth_set", "disable_clear",
					   "in_lockout",       "ph_enable",
					   "sh_enable",	       "eh_enable",
					   "lockout_counter",  "max_auth_fail",
					   "lockout_interval", "lockout_recovery"};
static const char *const k20_selftest[] = {"selftest_rc"};
static const char *const k20_pcrs[] = {"pcr_banks"};
static const char *const k20_handles[] = {"persistent_handles"};

struct dev_question {
	enum tpm_query_id id;
	const char *const *keys; /* what the answer fills: unreadable together when it fails */
	size_t n_keys;
	int (*record)(struct dev_chip *d, const struct tpm_fields *fs); /* a successful answer */
	int (*on_rc)(struct dev_chip *d); /* an error answer: 1 = recorded, 0 = the default */
};

#define DEV_Q(id, keys, rec, rc)                                                                   \
	{                                                                                          \
		id, keys, TPM_ARRAY_SIZE(keys), rec, rc                                            \
	}

static const struct dev_question dev_questions[] = {
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
    DEV_Q(TPM_Q20_FIXED, k20_fixed, rec20_fixed, NULL),
    DEV_Q(TPM_Q20_VARIABLE, k20_variable, rec20_variable, NULL),
    DEV_Q(TPM_Q20_TESTRESULT, k20_selftest, rec20_selftest, NULL),
    DEV_Q(TPM_Q20_PCRS, k20_pcrs, rec20_pcrs, NULL),
    DEV_Q(TPM_Q20_HANDLES, k20_handles, rec20_handles, NULL),
};

static const struct dev_question *dev_question_of(enum tpm_query_id id)
{
	size_t i;

	for (i = 0; i < TPM_ARRAY_SIZE(dev_questions); i++)
		if (dev_questions[i].id == id)
			return &dev_questions[i];
	return NULL;
}

static const struct tpm_query *dev_query_of(enum tpm_query_id id)
{
	const struct tpm_query *t;
	size_t n, i;

	t = tpm_query_table(&n);
	for (i = 0; i < n; i++)
		if (t[i].id == id)
			return &t[i];
	return NULL;
}

/* Every key of question x as unreadable. */
static int dev_all_unreadable(struct dev_chip *d, const struct dev_question *x,
			      const struct dev_ask *a, enum fact_reason why, const char *text,
			      const char *note)
{
	size_t i;
	int ret = 0;

	for (i = 0; !ret && i < x->n_keys; i++)
		ret = dev_unreadable(d, a, x->keys[i], why, text, note);
	return ret;
}

/*
 * Ask q: build it from the catalogue, refuse anything that changes state,
 * send it. d->ask holds the exchange; d->ask.err the transport's -errno.
 */
static void dev_send(struct dev_chip *d, const struct tpm_query *q)
{
	struct dev_ask *a = &d->ask;

	memset(&a->h, 0, sizeof(a->h));
	a->q = q;
	a->rsp_len = 0;
	a->err = tpm_query_build(q, a->cmd, sizeof(a->cmd), &a->cmd_len, &a->info);
	if (a->err) {
		/* Never happens with the shipped table (a test builds every row). */
		snprintf(d->t->err, sizeof(d->t->err), "%s: not asked: %s", q->title,
			 a->err == -EPERM ? "it would change the TPM's state"
					  : "the command catalogue lacks it");
		return;
	}
	a->err = tpm_transmit(d->t, a->cmd, a->cmd_len, a->rsp, sizeof(a->rsp), &a->rsp_len,
			      d->c->timeout_ms);
	if (!a->err && tpm_hdr_parse(a->rsp, a->rsp_len, &a->h, NULL))
		a->err = -EPROTO; /* tpm_transmit checked it already */
}

/* chip.family, chip.family_source and tpmN.family, with a's exchange as evidence. */
static int dev_family_facts(struct dev_chip *d, const struct dev_ask *a)
{
	struct fact_src s = dev_src(a, d->family_src);
	const char *fam = tpm_family_name(d->fam);
	char key[128];
	int ret;

	d->family_done = true;
	ret = dev_ok(facts_set_str(d->c->facts, dev_key(d, key, sizeof(key), "family"), fam, &s));
	if (!ret)
		ret = dev_ok(facts_set_str(
		    d->c->facts, dev_key(d, key, sizeof(key), "family_source"), d->family_src, &s));
	if (!ret)
		ret = dev_top_str(d, "family", fam, &s);
	return ret;
}

/*
 * The family: the transport's knowledge (sysfs, a tpmrm node, the
 * transcript, the spawn) without a command, else asked with the first 2.0
 * question, TPM2_GetCapability of the fixed properties: a TPM 2.0 answers
 * with a 2.0 tag (and that answer is kept for the question), a TPM 1.2
 * with a 1.2 tag. Returns 0, 1 when the chip cannot be asked further
 * (recorded), or -ENOMEM.
 */
static int dev_family(struct dev_chip *d);

/*
 * A transcript of this machine's chip, or its kernel device, is the chip
 * sysfs describes: take the family the kernel reported instead of asking.
 * Not for swtpm: or spawn: devices, which are other chips than /sys shows.
 */
static bool dev_family_from_sysfs(struct dev_chip *d)
{
	const struct fact *f;
	char key[64];

	if (strcmp(d->t->ops->kind, "replay") && strcmp(d->t->ops->kind, "dev"))
		return false;
	f = facts_get(d->c->facts, facts_key(key, sizeof(key), "tpm%u.family", d->n));
	if (!f || f->type != FACT_STRING || (strcmp(f->str, "1.2") && strcmp(f->str, "2.0")))
		return false;
	d->fam = !strcmp(f->str, "1.2") ? TPM_FAMILY_12 : TPM_FAMILY_20;
	snprintf(d->family_src, sizeof(d->family_src), "the kernel (tpm%u.family from sysfs)",
		 d->n);
	return true;
}

static int dev_family(struct dev_chip *d)
{
	struct dev_ask *a = &d->ask;
	char rcname[160];
	int ret;

	if (d->t->family_hint != TPM_FAMILY_UNKNOWN) {
		/* Known without asking: tpm_detect_family sends nothing then. */
		if (tpm_detect_family(d->t, &d->fam, d->family_src, sizeof(d->family_src)))
			d->fam = d->t->family_hint;
		return 0;
	}
	if (dev_family_from_sysfs(d))
		return 0;
	dev_send(d, dev_query_of(TPM_Q20_FIXED));
	if (a->err) {
		ret = dev_unreadable(d, a, "family", FACT_FAILED, d->t->err,
				     "asking the family: TPM2_GetCapability");
		return ret ? ret : 1;
	}
	if (tpm20_is_tag(a->h.tag)) {
		d->fam = TPM_FAMILY_20;
		d->preanswered = true;
		snprintf(d->family_src, sizeof(d->family_src),
			 "asked: it answered TPM2_GetCapability with tag 0x%04x", a->h.tag);
		return 0;
	}
	if (tpm12_is_rsp_tag(a->h.tag)) {
		d->fam = TPM_FAMILY_12;
		snprintf(d->family_src, sizeof(d->family_src),
			 "asked: it answered TPM2_GetCapability with TPM 1.2 tag 0x%04x and %s%s",
			 a->h.tag, dev_rc_name(d, a, rcname, sizeof(rcname)),
			 a->h.code == TPM12_FAIL ? " (a TPM 2.0 in failure mode behind qemu "
						   "answers the same)"
						 : "");
		return dev_family_facts(d, a);
	}
	snprintf(rcname, sizeof(rcname),
		 "the device answered with tag 0x%04x, which neither TPM family uses: it is "
		 "probably not a TPM",
		 a->h.tag);
	ret = dev_unreadable(d, a, "family", FACT_MALFORMED, rcname,
			     "asking the family: TPM2_GetCapability");
	return ret ? ret : 1;
}

/* Record failure mode from a (first answer, or a later one that says so). */
static int dev_failure(struct dev_chip *d, const struct dev_ask *a)
{
	char name[160];
	bool fail = dev_is_failure(a);
	int ret;

	if (d->have_first && (!fail || d->failure))
		return 0;
	d->failure = fail;
	ret = dev_bool(d, "failure", fail,
		       fail ? "the TPM answers that it is in failure mode" : NULL);
	if (!ret && fail)
		ret = dev_str(d, "failure_rc", dev_rc_name(d, a, name, sizeof(name)), NULL);
	return ret;
}

/*
 * The first answer: the family facts (when from the transport), then
 * whether Startup was sent (chip.started, chip.first_rc) and failure mode.
 */
static int dev_first(struct dev_chip *d)
{
	const struct dev_ask *a = &d->ask;
	char name[160], text[DEV_TEXT_MAX];
	int ret = 0;

	if (!d->family_done)
		ret = dev_family_facts(d, a);
	if (ret)
		return ret;
	if (a->err) {
		ret = dev_unreadable(d, a, "started", FACT_FAILED, d->t->err, NULL);
		d->have_first = true;
		return ret;
	}
	dev_rc_name(d, a, name, sizeof(name));
	if (dev_is_failure(a)) {
		snprintf(text, sizeof(text),
			 "the TPM is in failure mode and answers %s, so whether it was started "
			 "cannot be told",
			 name);
		ret = dev_unreadable(d, a, "started", FACT_FAILED, text, NULL);
	} else {
		ret = dev_bool(d, "started", !tpm_query_not_started(d->fam, a->h.code),
			       "the first question's return code");
	}
	if (!ret)
		ret = dev_str(d, "first_rc", name, NULL);
	if (!ret)
		ret = dev_failure(d, a);
	d->have_first = true;
	if (!ret && tpm_query_not_started(d->fam, a->h.code)) {
		d->stop = *a;
		d->stop_why = FACT_FAILED;
		snprintf(
		    d->stop_text, sizeof(d->stop_text),
		    "not asked: the TPM has not been started since its last reset (it answered "
		    "%s), and answers every question the same until Startup",
		    name);
	}
	return ret;
}

static int dev_question(struct dev_chip *d, const struct tpm_query *q)
{
	const struct dev_question *x = dev_question_of(q->id);
	struct dev_ask *a = &d->ask;
	char text[DEV_TEXT_MAX];
	int ret;

	if (!x)
		return 0;
	if (d->stop_text[0])
		return dev_all_unreadable(d, x, &d->stop, d->stop_why, d->stop_text, NULL);
	if (!(d->preanswered && q->id == TPM_Q20_FIXED))
		dev_send(d, q);
	d->preanswered = false;
	if (!d->have_first) {
		ret = dev_first(d);
		if (ret)
			return ret;
	}
	if (a->err == -ENOMSG) {
		/*
		 * A transcript recorded without this question (by an older tpmdiag,
		 * or `send`): the answer is not in the evidence, which is no
		 * failure of the chip; the other answers may be there.
		 */
		return dev_all_unreadable(d, x, a, FACT_ABSENT, d->t->err, NULL);
	}
	if (a->err) {
		ret = dev_all_unreadable(d, x, a, FACT_FAILED, d->t->err, NULL);
		d->stop = *a;
		d->stop_why = FACT_FAILED;
		snprintf(d->stop_text, sizeof(d->stop_text),
			 "not asked: an earlier question failed: %s", d->t->err);
		return ret;
	}
	ret = dev_failure(d, a);
	if (ret)
		return ret;
	if (a->h.code) {
		ret = x->on_rc ? x->on_rc(d) : 0;
		if (ret)
			return ret < 0 ? ret : 0;
		return dev_all_unreadable(d, x, a, FACT_FAILED,
					  dev_rc_line(d, a, text, sizeof(text)), NULL);
	}
	if (tpm_query_decode(q, a->rsp, a->rsp_len, &d->fs)) {
		snprintf(text, sizeof(text),
			 "the answer to %s (%s) is shorter or other than the specification says",
			 a->info ? a->info->name : "the question", q->title);
		return dev_all_unreadable(d, x, a, FACT_MALFORMED, text, NULL);
	}
	return x->record(d, &d->fs);
}

int device_ask_chip(struct probe_ctx *c, unsigned n, struct tpm_transport *t)
{
	const struct tpm_query *qs;
	struct dev_chip *d;
	size_t i, nq;
	int ret;

	d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	d->c = c;
	d->t = t;
	d->n = n;
	ret = dev_family(d);
	if (ret)
		goto out;
	qs = tpm_query_table(&nq);
	for (i = 0; !ret && i < nq; i++)
		if (qs[i].family == d->fam)
			ret = dev_question(d, &qs[i]);
out:
	free(d);
	return ret < 0 ? ret : 0;
}

/* --- which chips, and opening them ----------------------------------------------- */

/* N of "tpmN" / "tpmrmN" (a name or the last component of a path); -EINVAL otherwise. */
static int dev_name_index(const char *s, unsigned *n)
{
	const char *base = strrchr(s, '/');
	char *end;
	unsigned long x;

	base = base ? base + 1 : s;
	if (!strncmp(base, "tpmrm", 5))
		base += 5;
	else if (!strncmp(base, "tpm", 3))
		base += 3;
	else
		return -EINVAL;
	if (!isdigit((unsigned char)*base))
		return -EINVAL;
	errno = 0;
	x = strtoul(base, &end, 10);
	if (errno || *end || x > 0xffff)
		return -EINVAL;
	*n = (unsigned)x;
	return 0;
}

unsigned device_spec_index(const char *spec)
{
	unsigned n = 0;

	if (spec && (!strncmp(spec, "dev:", 4) || spec[0] == '/') &&
	    !dev_name_index(spec[0] == '/' ? spec : spec + 4, &n))
		return n;
	return 0;
}

/* Add n to the sorted set chips[*count] (at most DEV_MAX_CHIPS). */
static void dev_chip_add(unsigned *chips, size_t *count, unsigned n)
{
	size_t i, j;

	for (i = 0; i < *count && chips[i] < n; i++)
		;
	if ((i < *count && chips[i] == n) || *count >= DEV_MAX_CHIPS)
		return;
	for (j = *count; j > i; j--)
		chips[j] = chips[j - 1];
	chips[i] = n;
	(*count)++;
}

/* The chips to ask: the udev probe's tpm.devices, else the tpmN nodes under /dev. */
static void dev_chip_list(const struct probe_ctx *c, unsigned *chips, size_t *count)
{
	const struct fact *f = facts_get(c->facts, "tpm.devices");
	struct dirent *de;
	DIR *dir = NULL;
	unsigned n;
	size_t i;

	*count = 0;
	if (f && f->type == FACT_LIST) {
		for (i = 0; i < f->n_items; i++)
			if (!dev_name_index(f->items[i], &n))
				dev_chip_add(chips, count, n);
		return;
	}
	if (rootfs_opendir(c->root, "/dev", &dir))
		return;
	while ((de = readdir(dir)))
		if (!dev_name_index(de->d_name, &n))
			dev_chip_add(chips, count, n);
	closedir(dir);
}

static enum fact_reason dev_open_reason(int err)
{
	switch (err) {
	case -ENOENT:
	case -ENOTDIR:
	case -ENODEV:
	case -ENXIO:
		return FACT_ABSENT;
	case -EACCES:
	case -EPERM:
		return FACT_PERMISSION;
	default:
		return FACT_FAILED;
	}
}

/* Open spec and ask chip n; an open that fails is recorded as tpmN.chip. */
static int dev_open_and_ask(struct probe_ctx *c, unsigned n, const char *spec)
{
	struct tpm_open_opts o = {
	    .want_rm = false,
	    .startup = c->startup, /* only a spawn: device, at power-on; never a real chip */
	    .record_path = c->record,
	    .progress = c->progress,
	    .root = c->root->host ? NULL : c->root->path,
	};
	struct tpm_transport *t = NULL;
	struct fact_src s = {.kind = FACT_SRC_TPM};
	char key[64], err[2048], note[4200];
	int ret;

	ret = tpm_transport_open(spec, &o, &t, err, sizeof(err));
	if (ret == -ENOMEM)
		return ret;
	if (ret) {
		snprintf(note, sizeof(note), "opening %s", spec);
		s.note = note;
		return dev_ok(facts_set_unreadable(c->facts,
						   facts_key(key, sizeof(key), "tpm%u.chip", n),
						   dev_open_reason(ret), err, &s));
	}
	ret = device_ask_chip(c, n, t);
	tpm_transport_close(t);
	return ret;
}

/* The node for chip n on the live machine: tpmrmN for a TPM 2.0 that has one, else tpmN. */
static void dev_node_spec(const struct probe_ctx *c, unsigned n, char *spec, size_t len)
{
	const struct fact *f;
	char key[64], path[64];

	f = facts_get(c->facts, facts_key(key, sizeof(key), "tpm%u.family", n));
	snprintf(path, sizeof(path), "/dev/tpmrm%u", n);
	if (f && f->type == FACT_STRING && !strcmp(f->str, "2.0") && rootfs_exists(c->root, path)) {
		snprintf(spec, len, "dev:%s", path);
		return;
	}
	snprintf(spec, len, "dev:/dev/tpm%u", n);
}

/*
 * The chip was not asked: a TPM 2.0 names its maker only in answer to a
 * command (sysfs has no caps for it), so say why tpmN.manufacturer is missing.
 */
static int dev_not_asked(struct probe_ctx *c, const char *why)
{
	struct fact_src s = {.kind = FACT_SRC_DERIVED, .note = why};
	unsigned chips[DEV_MAX_CHIPS];
	const struct fact *f;
	char key[64], text[256];
	size_t i, count;
	int ret = 0;

	dev_chip_list(c, chips, &count);
	for (i = 0; !ret && i < count; i++) {
		f = facts_get(c->facts,
			      facts_key(key, sizeof(key), "tpm%u.manufacturer", chips[i]));
		if (f)
			continue;
		snprintf(text, sizeof(text),
			 "only the chip can say (sysfs has no caps for a TPM 2.0), and it was not "
			 "asked: %s",
			 why);
		ret = dev_ok(facts_set_unreadable(c->facts, key, FACT_ABSENT, text, &s));
	}
	return ret;
}

int probe_device(struct probe_ctx *c)
{
	struct fact_src s = {.kind = FACT_SRC_DERIVED};
	unsigned chips[DEV_MAX_CHIPS];
	char key[64], spec[128];
	size_t i, count;
	int ret = 0;

	if (c->no_device) {
		s.note = "--no-device";
		ret = dev_ok(facts_set_bool(c->facts, "device.skipped", true, &s));
		return ret ? ret : dev_not_asked(c, "--no-device");
	}
	if (c->device)
		return dev_open_and_ask(c, device_spec_index(c->device), c->device);
	dev_chip_list(c, chips, &count);
	for (i = 0; !ret && i < count; i++) {
		if (!c->root->host) {
			s.note = "--root without --device";
			ret = dev_ok(facts_set_unreadable(
			    c->facts, facts_key(key, sizeof(key), "tpm%u.chip", chips[i]),
			    FACT_ABSENT,
			    "no live device under --root; a transcript can stand in: --device "
			    "replay:FILE",
			    &s));
			if (!ret)
				ret = dev_not_asked(c, "no live device under --root");
			continue;
		}
		dev_node_spec(c, chips[i], spec, sizeof(spec));
		ret = dev_open_and_ask(c, chips[i], spec);
	}
	return ret;
}
