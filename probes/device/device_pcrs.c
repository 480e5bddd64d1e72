// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * PCR values over the device layer, when the kernel gave none: no
 * pcr-<bank>/ files (kernels before 5.12 with a TPM 2.0), or a device that
 * is not the kernel's (a swtpm socket, a spawned swtpm, a transcript).
 * Read-only TPM2_PCR_Read (eight PCRs a question, each bank the chip has
 * allocated) or TPM_PcrRead (one PCR a question), into the same
 * tpmN.pcr.BANK.I facts as the pcrs probe, with the exchange as evidence.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "probes/commands/tpm20.h"
#include "probes/device/device_chip.h"
#include "probes/tpm/hex.h"

#define PCR_GROUP 8 /* a TPM2_PCR_Read answer holds at most eight digests */
#define PCR_N	  24
#define PCR_MAX	  64 /* the longest digest (SHA-512) */

/* One pass over a chip's PCRs. */
struct dev_pcr_run {
	struct dev_chip *d;
	const char *const *banks; /* sha1 only for a TPM 1.2 */
	size_t n_banks;
	unsigned got; /* values read */
	bool stop;    /* asking more is not worth it: why and text say why */
	enum fact_reason why;
	char text[DEV_TEXT_MAX];
	/* the question being asked: d->ask.q points here while facts cite it */
	struct tpm_query q;
	char arg[64];
};

/* tpmN.pcr.BANK.I unreadable (only where nothing set it yet). */
static int dev_pcr_unreadable(struct dev_pcr_run *p, const char *bank, unsigned i,
			      enum fact_reason why, const char *text)
{
	struct fact_src s = dev_src(&p->d->ask, NULL);
	char key[128];

	facts_key(key, sizeof(key), "tpm%u.pcr.%s.%u", p->d->n, bank, i);
	if (facts_get(p->d->c->facts, key))
		return 0;
	return dev_ok(facts_set_unreadable(p->d->c->facts, key, why, text, &s));
}

static int dev_pcr_group_failed(struct dev_pcr_run *p, const char *bank, unsigned lo, unsigned hi,
				enum fact_reason why, const char *text)
{
	unsigned i;
	int ret = 0;

	for (i = lo; !ret && i <= hi; i++)
		ret = dev_pcr_unreadable(p, bank, i, why, text);
	return ret;
}

static int dev_pcr_value(struct dev_pcr_run *p, const char *bank, unsigned i, const uint8_t *v,
			 size_t n)
{
	struct fact_src s = dev_src(&p->d->ask, NULL);
	char key[128], hex[2 * PCR_MAX + 1];

	hex_lower(v, n, hex);
	facts_key(key, sizeof(key), "tpm%u.pcr.%s.%u", p->d->n, bank, i);
	p->got++;
	return dev_ok(facts_set_str(p->d->c->facts, key, hex, &s));
}

/*
 * The digests of a TPM2_PCR_Read answer: pcrUpdateCounter, the selection
 * it answers (TPML_PCR_SELECTION) and the digests in that order
 * (TPML_DIGEST). What the selection leaves out stays unset.
 */
static int dev_pcr20_answer(struct dev_pcr_run *p)
{
	const struct dev_ask *a = &p->d->ask;
	const uint8_t *sel[4] = {NULL}, *dig;
	uint32_t counter, nsel, ndig, k, bit;
	uint16_t hash[4], size;
	uint8_t sz[4];
	struct tpm_hdr h;
	struct tpm_rd r;
	const char *bank;
	int ret;

	if (tpm_hdr_parse(a->rsp, a->rsp_len, &h, &r) || tpm_rd_u32(&r, &counter) ||
	    tpm_rd_u32(&r, &nsel) || nsel > 4)
		return -EBADMSG;
	for (k = 0; k < nsel; k++)
		if (tpm_rd_u16(&r, &hash[k]) || tpm_rd_u8(&r, &sz[k]) ||
		    tpm_rd_ref(&r, &sel[k], sz[k]))
			return -EBADMSG;
	if (tpm_rd_u32(&r, &ndig) || ndig > PCR_GROUP * 4)
		return -EBADMSG;
	for (k = 0; k < nsel; k++) {
		bank = tpm20_alg_name(hash[k]);
		for (bit = 0; bit < 8u * sz[k] && bit < PCR_N; bit++) {
			if (!(sel[k][bit / 8] & (1u << (bit % 8))))
				continue;
			if (!ndig--)
				return -EBADMSG; /* fewer digests than the selection says */
			if (tpm_rd_u16(&r, &size) || size > PCR_MAX || tpm_rd_ref(&r, &dig, size))
				return -EBADMSG;
			ret = bank ? dev_pcr_value(p, bank, bit, dig, size) : 0;
			if (ret)
				return ret;
		}
	}
	return 0;
}

/*
 * One question, NAME ARG as `tpmdiag send` builds it: 0 when answered with
 * success; 1 when not (p->stop set, with why: the rest is not asked); -ENOMEM.
 */
static int dev_pcr_ask(struct dev_pcr_run *p)
{
	struct dev_chip *d = p->d;

	p->q = (struct tpm_query){
	    .family = d->fam, .title = "PCR values", .name = "pcrread", .args = {p->arg, NULL}};
	dev_send(d, &p->q);
	if (d->ask.err) {
		/* A transcript recorded without PCR reads is no failure of the chip. */
		p->why = d->ask.err == -ENOMSG ? FACT_ABSENT : FACT_FAILED;
		snprintf(p->text, sizeof(p->text), "%s", d->t->err);
	} else if (d->ask.h.code) {
		p->why = FACT_FAILED;
		dev_rc_line(d, &d->ask, p->text, sizeof(p->text));
	} else {
		return 0;
	}
	p->stop = true;
	return 1;
}

static int dev_pcrs20(struct dev_pcr_run *p)
{
	size_t b;
	unsigned lo;
	int ret = 0;

	for (b = 0; !ret && !p->stop && b < p->n_banks; b++)
		for (lo = 0; !ret && !p->stop && lo < PCR_N; lo += PCR_GROUP) {
			snprintf(p->arg, sizeof(p->arg), "%s:%u-%u", p->banks[b], lo,
				 lo + PCR_GROUP - 1);
			ret = dev_pcr_ask(p);
			if (ret)
				break;
			ret = dev_pcr20_answer(p);
			if (ret == -EBADMSG)
				ret = dev_pcr_group_failed(p, p->banks[b], lo, lo + PCR_GROUP - 1,
							   FACT_MALFORMED,
							   "the TPM2_PCR_Read answer is shorter or "
							   "other than the specification says");
			if (!ret) /* what the answer left out */
				ret = dev_pcr_group_failed(
				    p, p->banks[b], lo, lo + PCR_GROUP - 1, FACT_ABSENT,
				    "the chip's TPM2_PCR_Read answer did not "
				    "include it");
		}
	return ret < 0 ? ret : 0;
}

static int dev_pcrs12(struct dev_pcr_run *p)
{
	const struct dev_ask *a = &p->d->ask;
	const uint8_t *dig;
	struct tpm_hdr h;
	struct tpm_rd r;
	unsigned i;
	int ret = 0;

	for (i = 0; !ret && !p->stop && i < PCR_N; i++) {
		snprintf(p->arg, sizeof(p->arg), "%u", i);
		ret = dev_pcr_ask(p);
		if (ret)
			break;
		if (tpm_hdr_parse(a->rsp, a->rsp_len, &h, &r) || tpm_rd_ref(&r, &dig, 20))
			ret = dev_pcr_unreadable(p, "sha1", i, FACT_MALFORMED,
						 "the TPM_PCRRead answer is shorter than 20 bytes");
		else
			ret = dev_pcr_value(p, "sha1", i, dig, 20);
	}
	return ret < 0 ? ret : 0;
}

/* After a stop: every PCR not read says why; the source says where the values came from. */
static int dev_pcrs_finish(struct dev_pcr_run *p)
{
	struct fact_src s = dev_src(&p->d->ask, NULL);
	char key[128], text[DEV_TEXT_MAX + 64];
	size_t b;
	int ret = 0;

	snprintf(text, sizeof(text), "not read: %s", p->text);
	for (b = 0; !ret && p->stop && b < p->n_banks; b++)
		ret = dev_pcr_group_failed(p, p->banks[b], 0, PCR_N - 1, p->why, text);
	if (ret)
		return ret;
	facts_key(key, sizeof(key), "tpm%u.pcr.source", p->d->n);
	if (!p->got)
		return dev_ok(facts_set_unreadable(p->d->c->facts, key, p->why, text, &s));
	return dev_ok(facts_set_str(p->d->c->facts, key,
				    p->d->fam == TPM_FAMILY_20 ? "the chip (TPM2_PCR_Read)"
							       : "the chip (TPM_PcrRead)",
				    &s));
}

int dev_pcrs(struct dev_chip *d)
{
	static const char *const sha1[] = {"sha1"};
	struct dev_pcr_run p = {.d = d, .banks = sha1, .n_banks = 1, .why = FACT_ABSENT};
	const struct fact *src, *banks;
	char key[128];
	int ret;

	facts_key(key, sizeof(key), "tpm%u.pcr.source", d->n);
	src = facts_get(d->c->facts, key);
	/* The kernel's values, or a chip that hung under the kernel: nothing to ask. */
	if (d->stop_text[0] || (src && (src->type != FACT_UNREADABLE || src->why != FACT_ABSENT)))
		return 0;
	if (d->fam == TPM_FAMILY_20) {
		banks = facts_get(d->c->facts, dev_key(d, key, sizeof(key), "pcr_banks"));
		if (!banks || banks->type != FACT_LIST || !banks->n_items)
			return 0;
		p.banks = (const char *const *)banks->items;
		p.n_banks = banks->n_items;
		ret = dev_pcrs20(&p);
	} else {
		ret = dev_pcrs12(&p);
	}
	if (!ret)
		ret = dev_pcrs_finish(&p);
	d->ask.q = NULL; /* p.q goes out of scope */
	return ret;
}
