// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The device probe: what the chip itself says, asked through the device
 * layer with the read-only questions of probes/commands/queries.h (the same ones
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
 *
 * This file asks and decides what to ask; device12.c and device20.c record
 * each family's answers, device_facts.c writes the facts (device_chip.h).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/device/device.h"
#include "probes/device/device_chip.h"
#include "probes/tpm/buf.h"
#include "probes/commands/family.h"
#include "probes/commands/queries.h"
#include "probes/tpm/rc.h"
#include "probes/commands/tpm20.h"

#define TPM12_FAIL    0x009u
#define DEV_MAX_CHIPS 64

/* The question of id, from either family's table. */
static const struct dev_question *dev_question_of(enum tpm_query_id id)
{
	const struct dev_question *t;
	size_t i, n;

	t = dev12_questions(&n);
	for (i = 0; i < n; i++)
		if (t[i].id == id)
			return &t[i];
	t = dev20_questions(&n);
	for (i = 0; i < n; i++)
		if (t[i].id == id)
			return &t[i];
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

/* device_chip.h */
void dev_send(struct dev_chip *d, const struct tpm_query *q)
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
	if (!ret)
		ret = dev_ekcert(d);
	if (!ret)
		ret = dev_pcrs(d);
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
	    .deadline = c->deadline,
	    .budget_ms = c->timeout_ms,
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
