// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The sysfs probe: every attribute the kernel documents for the tpm class
 * (Documentation/ABI/stable/sysfs-class-tpm), TPM 1.2 and 2.0, read at
 * /sys/class/tpm/tpmN/ and, where older kernels keep them, at
 * /sys/class/tpm/tpmN/device/.
 *
 * Some of these files make the kernel send the chip a command when read
 * (caps, enabled, active, owned, temp_deactivated, pcrs, pubek); on a hung
 * chip such a read blocks for the kernel's own timeouts, minutes. Those are
 * read in a child process the probe waits for at most a deadline, and a
 * read that does not finish becomes an unreadable fact saying so.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/probe.h"
#include "probes/keys/ek_facts.h"
#include "probes/keys/pubkey.h"
#include "probes/parse/sysfs_text.h"
#include "probes/os/chip_read.h"
#include "probes/os/tpm_class.h"

#define SYSFS_CHIP_DEADLINE_MS 10000 /* a read that makes the kernel ask the chip */
#define SYSFS_VALUE_MAX	       8192  /* sysfs values are at most a page */
#define SYSFS_PATH	       4200
#define SYSFS_QUOTE	       64 /* characters of a bad value quoted in a reason */

enum sysfs_kind {
	SYSFS_CAPS,
	SYSFS_BOOL,
	SYSFS_DURATIONS,
	SYSFS_TIMEOUTS,
	SYSFS_PCRS,
	SYSFS_PUBEK
};

static const char sysfs_no_answer[] = "the kernel could not get an answer from the chip";

/* The TPM 1.2 attributes, in the order the facts appear. */
static const struct sysfs_attr {
	const char *name;
	enum sysfs_kind kind;
	bool asks_chip;		   /* the kernel sends a TPM command: read with a deadline */
	const char *empty_why;	   /* what an empty value means */
	const char *const keys[6]; /* the facts it gives, "tpmN." + key */
} sysfs_tpm12[] = {
    {"caps",
     SYSFS_CAPS,
     true,
     sysfs_no_answer,
     {"caps", "manufacturer", "manufacturer_id", "tcg_version", "firmware_version", NULL}},
    {"enabled", SYSFS_BOOL, true, sysfs_no_answer, {"enabled", NULL}},
    {"active", SYSFS_BOOL, true, sysfs_no_answer, {"active", NULL}},
    {"owned", SYSFS_BOOL, true, sysfs_no_answer, {"owned", NULL}},
    {"temp_deactivated", SYSFS_BOOL, true, sysfs_no_answer, {"temp_deactivated", NULL}},
    {"durations",
     SYSFS_DURATIONS,
     false,
     "the driver has no command durations for the chip",
     {"durations", "durations.adjusted", NULL}},
    {"timeouts",
     SYSFS_TIMEOUTS,
     false,
     "the driver has no timeouts for the chip",
     {"timeouts", "timeouts.adjusted", NULL}},
    {"pcrs", SYSFS_PCRS, true, sysfs_no_answer, {"pcrs.count", NULL}},
    {"pubek",
     SYSFS_PUBEK,
     true,
     "the kernel could not get the public endorsement key from the chip (a TPM 1.2 "
     "refuses it once it has an owner, or it did not answer)",
     {"pubek", "pubek.modulus_length", NULL}},
};

/* What one attribute read gave. */
struct sysfs_value {
	char path[SYSFS_PATH]; /* the file read, as the machine names it */
	char text[SYSFS_VALUE_MAX];
	int err; /* 0, -errno, or -ETIME when the deadline passed */
};

/* Read path into v->text in a child process, waiting at most ms (probes/os/chip_read.h). */
static int sysfs_read_deadline(const struct rootfs *r, const char *path, unsigned ms,
			       struct sysfs_value *v)
{
	struct chip_read rd = {.path = path, .buf = v->text, .cap = sizeof(v->text)};
	int ret = chip_read_all(r, &rd, 1, ms);

	return ret ? ret : rd.err;
}

/*
 * Read attribute name of tpmN: the class directory first, device/ when it
 * is not there (kernels before 4.x kept them only there).
 */
static void sysfs_read_attr(const struct probe_ctx *c, unsigned n, const char *name, bool asks_chip,
			    struct sysfs_value *v)
{
	struct stat st;
	unsigned ms = c->timeout_ms ? c->timeout_ms : SYSFS_CHIP_DEADLINE_MS;

	snprintf(v->path, sizeof(v->path), "/sys/class/tpm/tpm%u/%s", n, name);
	if (rootfs_stat(c->root, v->path, &st, true) == -ENOENT)
		snprintf(v->path, sizeof(v->path), "/sys/class/tpm/tpm%u/device/%s", n, name);
	v->text[0] = '\0';
	if (asks_chip)
		v->err = sysfs_read_deadline(c->root, v->path, ms, v);
	else
		v->err = rootfs_read(c->root, v->path, v->text, sizeof(v->text), NULL);
}

/* s as a short quoted string for a reason: control characters escaped, cut at SYSFS_QUOTE. */
static void sysfs_quote(const char *s, char *out, size_t cap)
{
	size_t o = 0, i;

	for (i = 0; s[i] && o + 8 < cap; i++) {
		if (i == SYSFS_QUOTE) {
			o += (size_t)snprintf(out + o, cap - o, "...");
			break;
		}
		if (s[i] == '\n')
			o += (size_t)snprintf(out + o, cap - o, "\\n");
		else if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f)
			o += (size_t)snprintf(out + o, cap - o, "\\x%02x", (unsigned char)s[i]);
		else
			out[o++] = s[i];
	}
	out[o < cap ? o : cap - 1] = '\0';
}

/* Every key of attribute a unreadable for the same reason. */
static int sysfs_all_unreadable(struct probe_ctx *c, unsigned n, const struct sysfs_attr *a,
				enum fact_reason why, const char *text, const struct sysfs_value *v)
{
	struct fact_src src = probe_file_src(v->path);
	char key[128];
	size_t i;
	int ret = 0;

	for (i = 0; !ret && a->keys[i]; i++)
		ret = facts_set_unreadable(c->facts,
					   facts_key(key, sizeof(key), "tpm%u.%s", n, a->keys[i]),
					   why, text, &src);
	return ret;
}

/* The key in pubek, judged (probes/keys/ek_facts.h); a modulus it cannot read is said. */
static int sysfs_ek_key(struct probe_ctx *c, unsigned n, const char *text,
			const struct fact_src *src)
{
	uint8_t mod[PUBKEY_MAX_MODULUS];
	char key[48];
	size_t len = 0;
	int ret = sysfs_parse_pubek_modulus(text, mod, sizeof(mod), &len);

	if (ret)
		return facts_set_unreadable(
		    c->facts, facts_key(key, sizeof(key), "tpm%u.ek.roca", n), FACT_MALFORMED,
		    "pubek's Modulus lines are not its Modulus length of hex "
		    "bytes",
		    src);
	return ek_key_facts(c->facts, n, mod, len, src);
}

/* Whether the owned attribute (read before pubek) said the TPM has an owner. */
static bool sysfs_owned(const struct probe_ctx *c, unsigned n)
{
	const struct fact *f;
	char key[64];

	f = facts_get(c->facts, facts_key(key, sizeof(key), "tpm%u.owned", n));
	return f && f->type == FACT_BOOL && f->flag;
}

/* The reason for a read that failed or a value that did not parse (err). */
static int sysfs_bad(struct probe_ctx *c, unsigned n, const struct sysfs_attr *a,
		     const struct sysfs_value *v, int err, size_t line)
{
	char text[SYSFS_PATH + 256], q[SYSFS_QUOTE * 4 + 16];
	struct fact_src src = probe_file_src(v->path);
	unsigned ms = c->timeout_ms ? c->timeout_ms : SYSFS_CHIP_DEADLINE_MS;
	char key[128];
	size_t i;
	int ret = 0;

	if (err == -ETIME) {
		if (ms % 1000)
			snprintf(text, sizeof(text),
				 "reading %s did not finish within %.1f s: the kernel is waiting "
				 "for the chip",
				 v->path, ms / 1000.0);
		else
			snprintf(text, sizeof(text),
				 "reading %s did not finish within %u s: the kernel is waiting "
				 "for the chip",
				 v->path, ms / 1000);
		return sysfs_all_unreadable(c, n, a, FACT_FAILED, text, v);
	}
	if (err == -ENOENT) {
		snprintf(text, sizeof(text), "%s is not there", v->path);
		return sysfs_all_unreadable(c, n, a, FACT_ABSENT, text, v);
	}
	if (err == -ENODATA) {
		snprintf(text, sizeof(text), "%s is empty: %s", a->name, a->empty_why);
		return sysfs_all_unreadable(c, n, a, FACT_MALFORMED, text, v);
	}
	if (err == -EBADMSG) {
		sysfs_quote(v->text, q, sizeof(q));
		if (line)
			snprintf(text, sizeof(text),
				 "%s line %zu is not what the kernel writes: \"%s\"", a->name, line,
				 q);
		else
			snprintf(text, sizeof(text), "%s is not what the kernel writes: \"%s\"",
				 a->name, q);
		return sysfs_all_unreadable(c, n, a, FACT_MALFORMED, text, v);
	}
	snprintf(text, sizeof(text), "cannot read %s", v->path);
	for (i = 0; !ret && a->keys[i]; i++)
		ret = facts_set_errno(c->facts,
				      facts_key(key, sizeof(key), "tpm%u.%s", n, a->keys[i]), err,
				      text, &src);
	return ret;
}

static int sysfs_caps(struct probe_ctx *c, unsigned n, const struct sysfs_value *v)
{
	struct fact_src src = probe_file_src(v->path);
	struct sysfs_caps caps;
	char key[128], val[64], raw[SYSFS_VALUE_MAX];
	size_t len;
	int ret = sysfs_parse_caps(v->text, &caps);

	if (ret)
		return sysfs_bad(c, n, &sysfs_tpm12[0], v, ret, 0);
	len = strlen(v->text);
	while (len && v->text[len - 1] == '\n')
		len--;
	memcpy(raw, v->text, len);
	raw[len] = '\0';
	ret = facts_set_str(c->facts, facts_key(key, sizeof(key), "tpm%u.caps", n), raw, &src);
	sysfs_vendor_text(caps.manufacturer, val, sizeof(val));
	if (!ret)
		ret = facts_set_str(c->facts, facts_key(key, sizeof(key), "tpm%u.manufacturer", n),
				    val, &src);
	snprintf(val, sizeof(val), "0x%08x", caps.manufacturer);
	if (!ret)
		ret = facts_set_str(
		    c->facts, facts_key(key, sizeof(key), "tpm%u.manufacturer_id", n), val, &src);
	snprintf(val, sizeof(val), "%u.%u", caps.tcg_major, caps.tcg_minor);
	if (!ret)
		ret = facts_set_str(c->facts, facts_key(key, sizeof(key), "tpm%u.tcg_version", n),
				    val, &src);
	snprintf(val, sizeof(val), "%u.%u", caps.fw_major, caps.fw_minor);
	if (!ret)
		ret = facts_set_str(
		    c->facts, facts_key(key, sizeof(key), "tpm%u.firmware_version", n), val, &src);
	return ret;
}

static int sysfs_times(struct probe_ctx *c, unsigned n, const struct sysfs_attr *a,
		       const struct sysfs_value *v)
{
	struct fact_src src = probe_file_src(v->path);
	size_t want = a->kind == SYSFS_DURATIONS ? 3 : 4, i;
	char vals[4][SYSFS_NUM_MAX], key[128];
	const char *items[4];
	bool adjusted;
	int ret = sysfs_parse_times(v->text, want, vals, &adjusted);

	if (ret)
		return sysfs_bad(c, n, a, v, ret, 0);
	for (i = 0; i < want; i++)
		items[i] = vals[i];
	ret = facts_set_list(c->facts, facts_key(key, sizeof(key), "tpm%u.%s", n, a->keys[0]),
			     items, want, &src);
	if (!ret)
		ret =
		    facts_set_bool(c->facts, facts_key(key, sizeof(key), "tpm%u.%s", n, a->keys[1]),
				   adjusted, &src);
	return ret;
}

/*
 * One TPM 1.2 attribute. hung names the attribute whose read already
 * missed its deadline (empty: none); after that the chip is not asked
 * again, since every further read would wait as long.
 */
static int sysfs_one(struct probe_ctx *c, unsigned n, const struct sysfs_attr *a, char *hung,
		     size_t hung_len)
{
	struct sysfs_value *v = malloc(sizeof(*v));
	struct fact_src src;
	char key[128], text[256];
	size_t count, line = 0;
	unsigned modlen;
	bool flag;
	int ret;

	if (!v)
		return -ENOMEM;
	if (a->asks_chip && hung[0]) {
		snprintf(v->path, sizeof(v->path), "/sys/class/tpm/tpm%u/%s", n, a->name);
		snprintf(text, sizeof(text),
			 "not read: reading %s did not finish in time, so the chip is not asked "
			 "again",
			 hung);
		ret = sysfs_all_unreadable(c, n, a, FACT_FAILED, text, v);
		goto out;
	}
	sysfs_read_attr(c, n, a->name, a->asks_chip, v);
	src = probe_file_src(v->path);
	facts_key(key, sizeof(key), "tpm%u.%s", n, a->keys[0]);
	if (v->err == -ETIME)
		snprintf(hung, hung_len, "%s", a->name);
	if (v->err) {
		ret = sysfs_bad(c, n, a, v, v->err, 0);
		goto out;
	}
	switch (a->kind) {
	case SYSFS_CAPS:
		ret = sysfs_caps(c, n, v);
		break;
	case SYSFS_BOOL:
		ret = sysfs_parse_bool(v->text, &flag);
		ret =
		    ret ? sysfs_bad(c, n, a, v, ret, 0) : facts_set_bool(c->facts, key, flag, &src);
		break;
	case SYSFS_DURATIONS:
	case SYSFS_TIMEOUTS:
		ret = sysfs_times(c, n, a, v);
		break;
	case SYSFS_PCRS:
		ret = sysfs_parse_pcrs(v->text, &count, &line);
		ret = ret ? sysfs_bad(c, n, a, v, ret, line)
			  : facts_set_int(c->facts, key, (int64_t)count, &src);
		break;
	case SYSFS_PUBEK:
		ret = sysfs_parse_pubek(v->text, &modlen);
		if (ret == -ENODATA && sysfs_owned(c, n)) {
			/* expected, not a failure: no exit bit for it */
			ret = sysfs_all_unreadable(
			    c, n, a, FACT_ABSENT,
			    "pubek is empty: the TPM has an owner, and an owned TPM 1.2 gives "
			    "its public endorsement key to the owner only (TakeOwnership "
			    "clears readPubek)",
			    v);
			break;
		}
		if (ret) {
			ret = sysfs_bad(c, n, a, v, ret, 0);
			break;
		}
		ret = facts_set_bool(c->facts, key, true, &src);
		if (!ret)
			ret = facts_set_int(c->facts,
					    facts_key(key, sizeof(key), "tpm%u.%s", n, a->keys[1]),
					    modlen, &src);
		if (!ret)
			ret = sysfs_ek_key(c, n, v->text, &src);
		break;
	default:
		ret = 0;
	}
out:
	free(v);
	return ret;
}

/* True when attribute name is there, in the class directory or device/. */
static bool sysfs_has(const struct probe_ctx *c, unsigned n, const char *name)
{
	char path[SYSFS_PATH];

	snprintf(path, sizeof(path), "/sys/class/tpm/tpm%u/%s", n, name);
	if (rootfs_exists(c->root, path))
		return true;
	snprintf(path, sizeof(path), "/sys/class/tpm/tpm%u/device/%s", n, name);
	return rootfs_exists(c->root, path);
}

/*
 * tpmN.version_major and tpmN.family; *family12 tells whether to read the
 * TPM 1.2 attributes (1.2, or not known).
 */
static int sysfs_family(struct probe_ctx *c, unsigned n, bool *family12)
{
	struct sysfs_value *v = malloc(sizeof(*v));
	struct fact_src src, der = {.kind = FACT_SRC_DERIVED};
	char key[128], fam[128], rm[64], text[SYSFS_PATH + 256], q[SYSFS_QUOTE * 4 + 16];
	unsigned major = 0;
	int ret, perr;

	if (!v)
		return -ENOMEM;
	*family12 = true;
	sysfs_read_attr(c, n, "tpm_version_major", false, v);
	src = probe_file_src(v->path);
	facts_key(key, sizeof(key), "tpm%u.version_major", n);
	facts_key(fam, sizeof(fam), "tpm%u.family", n);
	perr = v->err ? v->err : sysfs_parse_version_major(v->text, &major);
	if (!perr) {
		ret = facts_set_int(c->facts, key, major, &src);
		*family12 = major == 1;
		if (!ret)
			ret = facts_set_str(c->facts, fam, major == 1 ? "1.2" : "2.0", &src);
		goto out;
	}
	if (perr == -ENODATA || perr == -EBADMSG) {
		sysfs_quote(v->text, q, sizeof(q));
		snprintf(text, sizeof(text), "tpm_version_major is %s%s%s",
			 perr == -ENODATA ? "empty" : "not 1 or 2: \"", perr == -ENODATA ? "" : q,
			 perr == -ENODATA ? "" : "\"");
		ret = facts_set_unreadable(c->facts, key, FACT_MALFORMED, text, &src);
	} else if (perr == -ENOENT) {
		ret = facts_set_unreadable(
		    c->facts, key, FACT_ABSENT,
		    "tpm_version_major is not there (kernels before 5.5 do not have it)", &src);
	} else {
		snprintf(text, sizeof(text), "cannot read %s", v->path);
		ret = facts_set_errno(c->facts, key, perr, text, &src);
	}
	if (ret)
		goto out;
	snprintf(rm, sizeof(rm), "/sys/class/tpmrm/tpmrm%u", n);
	if (sysfs_has(c, n, "caps") || sysfs_has(c, n, "pcrs")) {
		der.note =
		    "tpm_version_major cannot tell; the chip has the TPM 1.2 files caps/pcrs";
		ret = facts_set_str(c->facts, fam, "1.2", &der);
	} else if (rootfs_exists(c->root, rm)) {
		der.note = "tpm_version_major cannot tell; the chip has a tpmrm device, which only "
			   "TPM 2.0 chips have";
		*family12 = false;
		ret = facts_set_str(c->facts, fam, "2.0", &der);
	} else {
		enum fact_reason why = perr == -ENOENT			   ? FACT_ABSENT
				       : perr == -EACCES || perr == -EPERM ? FACT_PERMISSION
									   : FACT_MALFORMED;

		der.note = "tpm_version_major, caps/pcrs and tpmrm";
		ret = facts_set_unreadable(c->facts, fam, why,
					   "neither tpm_version_major, nor the TPM 1.2 files "
					   "(caps, pcrs), nor a tpmrm device tell the family",
					   &der);
	}
out:
	free(v);
	return ret;
}

static int sysfs_bank_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* tpmN.pcr_banks from the pcr-<bank>/ directories (kernels since 5.12). */
static int sysfs_banks(struct probe_ctx *c, unsigned n)
{
	char dir[SYSFS_PATH] = "", key[128], names[16][32];
	const char *items[16];
	struct fact_src src = probe_file_src(dir);
	struct dirent *e;
	size_t count = 0;
	DIR *d;
	int ret;

	snprintf(dir, sizeof(dir), "/sys/class/tpm/tpm%u", n);
	facts_key(key, sizeof(key), "tpm%u.pcr_banks", n);
	ret = rootfs_opendir(c->root, dir, &d);
	if (ret)
		return facts_set_errno(c->facts, key, ret, "cannot list the chip's directory",
				       &src);
	while ((e = readdir(d)) && count < 16) {
		if (strncmp(e->d_name, "pcr-", 4) || !e->d_name[4] ||
		    strlen(e->d_name + 4) >= sizeof(names[0]))
			continue;
		snprintf(names[count], sizeof(names[count]), "%s", e->d_name + 4);
		items[count] = names[count];
		count++;
	}
	closedir(d);
	qsort(items, count, sizeof(items[0]), sysfs_bank_cmp);
	return facts_set_list(c->facts, key, items, count, &src);
}

/* tpmN.ppi (the physical presence interface is there) and tpmN.ppi.version. */
static int sysfs_ppi(struct probe_ctx *c, unsigned n)
{
	struct sysfs_value *v = malloc(sizeof(*v));
	struct fact_src src;
	char key[128], text[SYSFS_PATH + 64];
	bool there = sysfs_has(c, n, "ppi");
	int ret;

	if (!v)
		return -ENOMEM;
	snprintf(v->path, sizeof(v->path), "/sys/class/tpm/tpm%u/ppi", n);
	src = probe_file_src(v->path);
	ret = facts_set_bool(c->facts, facts_key(key, sizeof(key), "tpm%u.ppi", n), there, &src);
	if (ret || !there)
		goto out;
	sysfs_read_attr(c, n, "ppi/version", false, v);
	src = probe_file_src(v->path);
	facts_key(key, sizeof(key), "tpm%u.ppi.version", n);
	if (v->err) {
		snprintf(text, sizeof(text), "cannot read %s", v->path);
		ret = facts_set_errno(c->facts, key, v->err, text, &src);
	} else if (!v->text[0] || v->text[0] == '\n') {
		ret = facts_set_unreadable(c->facts, key, FACT_MALFORMED, "ppi/version is empty",
					   &src);
	} else {
		v->text[strcspn(v->text, "\n")] = '\0';
		ret = facts_set_str(c->facts, key, v->text, &src);
	}
out:
	free(v);
	return ret;
}

static int sysfs_chip(struct probe_ctx *c, unsigned n)
{
	char hung[32] = "";
	bool family12;
	size_t i;
	int ret = sysfs_family(c, n, &family12);

	for (i = 0; !ret && family12 && i < sizeof(sysfs_tpm12) / sizeof(sysfs_tpm12[0]); i++)
		ret = sysfs_one(c, n, &sysfs_tpm12[i], hung, sizeof(hung));
	if (!ret)
		ret = sysfs_banks(c, n);
	if (!ret)
		ret = sysfs_ppi(c, n);
	return ret;
}

int probe_sysfs(struct probe_ctx *c)
{
	unsigned nums[TPM_CLASS_MAX];
	size_t n = 0, i;
	int ret = tpm_class_numbers(c->root, "/sys/class/tpm", "tpm", nums, TPM_CLASS_MAX, &n);

	/* No class directory: no chip to read (the udev probe says why). */
	if (ret)
		n = 0;
	ret = 0;
	for (i = 0; !ret && i < n; i++)
		ret = sysfs_chip(c, nums[i]);
	return ret == -ENOMEM ? -ENOMEM : 0;
}
