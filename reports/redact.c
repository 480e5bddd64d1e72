// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Redaction (redact.h). Identifiers come from two places: what the facts
 * name (kernel.hostname, a *serial* or *uuid* fact, the EK in the chip's
 * TPM_ReadPubek answer), and what text shows by its form (UUIDs, MAC
 * addresses, labelled serials, a "Modulus:" hex block, the host of a
 * syslog line). Each distinct value gets one placeholder per redactor.
 * This file keeps the registry and what the facts name; redact_text.c
 * recognises identifiers in text by their form.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/redact.h"
#include "reports/redact_priv.h"

static const struct {
	const char *tag;   /* "<tag-N>" */
	const char *label; /* the summary's name */
} rd_kinds[RD_KINDS] = {
    [RD_HOSTNAME] = {"hostname", "hostname"},
    [RD_SERIAL] = {"serial", "serial number"},
    [RD_EK] = {"ek", "EK public key"},
    [RD_EKCERT] = {"ek-cert", "EK certificate"},
    [RD_UUID] = {"uuid", "UUID"},
    [RD_MAC] = {"mac", "MAC address"},
};

#define RD_IDENT_MAX 4096 /* distinct values kept; beyond, "<tag>" without a number */
/* ---- the registry ---------------------------------------------------------- */

bool rd_fold(enum rd_kind k)
{
	return k != RD_SERIAL;
}

long rd_find(const struct redactor *rd, enum rd_kind k, const char *v, size_t len)
{
	size_t i;

	for (i = 0; i < rd->n; i++)
		if (rd->id[i].kind == k && rd->id[i].len == len &&
		    !(rd_fold(k) ? strncasecmp(rd->id[i].value, v, len)
				 : memcmp(rd->id[i].value, v, len)))
			return (long)i;
	return -1;
}

/* The index of value v of kind k, added when new; -1 when full, -2 on ENOMEM. */
long rd_add(struct redactor *rd, enum rd_kind k, const char *v, size_t len, bool literal, bool hex)
{
	long at = rd_find(rd, k, v, len);
	struct rd_ident *grown, *e;

	if (at >= 0) {
		rd->id[at].literal |= literal;
		return at;
	}
	if (rd->n >= RD_IDENT_MAX)
		return -1;
	if (rd->n == rd->cap) {
		size_t cap = rd->cap ? rd->cap * 2 : 16;

		grown = realloc(rd->id, cap * sizeof(*grown));
		if (!grown)
			return -2;
		rd->id = grown;
		rd->cap = cap;
	}
	e = &rd->id[rd->n];
	memset(e, 0, sizeof(*e));
	e->value = strndup(v, len);
	if (!e->value)
		return -2;
	e->len = len;
	e->kind = k;
	e->alias = -1;
	e->literal = literal;
	e->hex = hex;
	return (long)rd->n++;
}

/* "<tag-N>" for ident i (numbered on first use), or "<tag>" when i < 0. */
void rd_placeholder(struct redactor *rd, long i, enum rd_kind k, char *buf, size_t len)
{
	struct rd_ident *e;

	if (i < 0) {
		snprintf(buf, len, "<%s>", rd_kinds[k].tag);
		return;
	}
	while (rd->id[i].alias >= 0)
		i = rd->id[i].alias;
	e = &rd->id[i];
	if (!e->num)
		e->num = ++rd->count[e->kind];
	snprintf(buf, len, "<%s-%u>", rd_kinds[e->kind].tag, e->num);
}

/* ---- an output buffer ------------------------------------------------------- */

void rd_sb_put(struct sb *b, const char *s, size_t len)
{
	if (b->oom)
		return;
	if (b->n + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		char *p;

		while (cap < b->n + len + 1)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, len);
	b->n += len;
	b->p[b->n] = '\0';
}

/* Put ident i's placeholder; -ENOMEM when the registry could not grow. */
int rd_sb_ident(struct sb *b, struct redactor *rd, long i, enum rd_kind k)
{
	char ph[48];

	if (i == -2) {
		b->oom = true;
		return -ENOMEM;
	}
	rd_placeholder(rd, i, k, ph, sizeof(ph));
	rd_sb_put(b, ph, strlen(ph));
	return 0;
}

/* Hostnames that identify nobody. */
bool rd_host_trivial(const char *v, size_t len)
{
	static const char *const trivial[] = {"localhost", "localhost.localdomain", "(none)",
					      "(empty)", "localdomain"};
	size_t k;

	if (len < 2)
		return true;
	for (k = 0; k < sizeof(trivial) / sizeof(trivial[0]); k++)
		if (strlen(trivial[k]) == len && !strncasecmp(v, trivial[k], len))
			return true;
	return false;
}

/* ---- what the facts name ---------------------------------------------------- */

/* The last dotted component of key contains word. */
static bool key_names(const char *key, const char *word)
{
	const char *last = strrchr(key, '.');

	return strstr(last ? last + 1 : key, word) != NULL;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/*
 * TPM commands whose answers carry an identifier: by name, and where the
 * command names a handle, which (value under mask at offset).
 */
static const struct {
	const char *cmd_name;
	size_t off; /* 0: any */
	uint32_t mask, value;
	enum rd_kind kind;
} tpm_ident_cmds[] = {
    {"TPM_ReadPubek", 0, 0, 0, RD_EK},
    {"TPM_OwnerReadPubek", 0, 0, 0, RD_EK},
    {"TPM2_ReadPublic", 10, 0xFFFF0000u, 0x81010000u, RD_EK},	   /* endorsement primaries */
    {"TPM2_CreatePrimary", 10, 0xFFFFFFFFu, 0x4000000Bu, RD_EK},   /* TPM_RH_ENDORSEMENT */
    {"TPM2_NV_Read", 14, 0xFFFF8000u, 0x01C00000u, RD_EKCERT},	   /* TCG EK certificates */
    {"TPM_NV_ReadValue", 10, 0xFFFFF000u, 0x1000F000u, RD_EKCERT}, /* TPM_NV_INDEX_EKCert */
};

/* Which identifier a TPM source's raw bytes carry, or -1. */
static int tpm_src_ident(const struct fact_src *src)
{
	size_t k;

	if (src->kind != FACT_SRC_TPM || !src->cmd_name)
		return -1;
	for (k = 0; k < sizeof(tpm_ident_cmds) / sizeof(tpm_ident_cmds[0]); k++) {
		if (strcmp(src->cmd_name, tpm_ident_cmds[k].cmd_name))
			continue;
		if (!tpm_ident_cmds[k].off)
			return (int)tpm_ident_cmds[k].kind;
		if (src->cmd && src->cmd_len >= tpm_ident_cmds[k].off + 4 &&
		    (be32(src->cmd + tpm_ident_cmds[k].off) & tpm_ident_cmds[k].mask) ==
			tpm_ident_cmds[k].value)
			return (int)tpm_ident_cmds[k].kind;
	}
	return -1;
}

/*
 * The modulus of a TPM_ReadPubek answer: header (10), TPM_KEY_PARMS
 * (algorithm 4, schemes 2+2, parmSize 4, parms), TPM_STORE_PUBKEY (keyLength 4, key).
 */
static bool pubek_modulus(const uint8_t *r, size_t n, const uint8_t **key, size_t *klen)
{
	size_t off = 10 + 8, psz;

	if (n < off + 4)
		return false;
	psz = be32(r + off);
	off += 4;
	if (psz > n - off || n - off - psz < 4)
		return false;
	off += psz;
	*klen = be32(r + off);
	off += 4;
	if (*klen < 16 || *klen > n - off)
		return false;
	*key = r + off;
	return true;
}

/* The identifier in a TPM answer, registered (as hex); its index, or -2 on ENOMEM. */
static long rd_add_tpm(struct redactor *rd, const struct fact_src *src, enum rd_kind k)
{
	static const char digits[] = "0123456789ABCDEF";
	const uint8_t *p = src->rsp;
	size_t len = src->rsp_len, i;
	struct sb hex = {0};
	long at;

	if (!p || !len)
		return -1;
	if (!strcmp(src->cmd_name, "TPM_ReadPubek") || !strcmp(src->cmd_name, "TPM_OwnerReadPubek"))
		pubek_modulus(src->rsp, src->rsp_len, &p, &len);
	for (i = 0; i < len; i++) {
		char pair[2] = {digits[p[i] >> 4], digits[p[i] & 15]};

		rd_sb_put(&hex, pair, 2);
	}
	if (hex.oom)
		return -2;
	at = rd_add(rd, k, hex.p, hex.n, true, true);
	free(hex.p);
	return at;
}

/* What fact f names: a hostname, serial, UUID, EK; -ENOMEM or 0. */
static int rd_learn(struct redactor *rd, const struct fact *f)
{
	const char *v = f->type == FACT_STRING ? f->str : NULL;
	long at = 0, full;
	int k = tpm_src_ident(&f->src);

	if (k >= 0)
		at = rd_add_tpm(rd, &f->src, (enum rd_kind)k);
	if (at == -2)
		return -ENOMEM;
	if (!v || !*v)
		return 0;
	if (!strcmp(f->key, "kernel.hostname") || key_names(f->key, "hostname")) {
		const char *dot = strchr(v, '.');

		if (rd_host_trivial(v, strlen(v)))
			return 0;
		full = rd_add(rd, RD_HOSTNAME, v, strlen(v), true, false);
		if (full == -2)
			return -ENOMEM;
		if (dot && full >= 0 && !rd_host_trivial(v, (size_t)(dot - v))) {
			at = rd_add(rd, RD_HOSTNAME, v, (size_t)(dot - v), true, false);
			if (at == -2)
				return -ENOMEM;
			if (at >= 0 && at != full)
				rd->id[at].alias = full; /* the short name shares the FQDN's */
		}
		return 0;
	}
	if (key_names(f->key, "serial"))
		at = rd_add(rd, RD_SERIAL, v, strlen(v), true, false);
	else if (key_names(f->key, "uuid"))
		at = rd_add(rd, RD_UUID, v, strlen(v), true, false);
	else if (key_names(f->key, "ek_cert") || key_names(f->key, "ekcert"))
		at = rd_add(rd, RD_EKCERT, v, strlen(v), true, false);
	return at == -2 ? -ENOMEM : 0;
}

int redactor_new(const struct facts *fs, struct redactor **out)
{
	struct redactor *rd = calloc(1, sizeof(*rd));
	size_t i;

	*out = NULL;
	if (!rd)
		return -ENOMEM;
	for (i = 0; fs && i < facts_count(fs); i++)
		if (rd_learn(rd, facts_at(fs, i))) {
			redactor_free(rd);
			return -ENOMEM;
		}
	*out = rd;
	return 0;
}

void redactor_free(struct redactor *rd)
{
	size_t i;

	if (!rd)
		return;
	for (i = 0; i < rd->n; i++)
		free(rd->id[i].value);
	free(rd->id);
	free(rd);
}

void redactor_summary(const struct redactor *rd, char *buf, size_t len)
{
	size_t k, at = 0;

	if (!len)
		return;
	buf[0] = '\0';
	for (k = 0; rd && k < RD_KINDS; k++) {
		int w;

		if (!rd->count[k])
			continue;
		w = snprintf(buf + at, len - at, "%s%s (%u)", at ? ", " : "", rd_kinds[k].label,
			     rd->count[k]);
		if (w < 0 || (size_t)w >= len - at)
			break;
		at += (size_t)w;
	}
	if (!at)
		snprintf(buf, len, "nothing");
}

/* ---- redacted copies ------------------------------------------------------- */

/* *out = redacted s (NULL stays NULL); false on ENOMEM. */
static bool rd_dup(struct redactor *rd, const char *s, char **out)
{
	*out = s ? redact_str(rd, s) : NULL;
	return !s || *out;
}

static int fact_copy(struct redactor *rd, struct facts *out, const struct fact *f)
{
	struct fact_src src = f->src;
	char *path = NULL, *ktext = NULL, *note = NULL, *val = NULL, **items = NULL;
	char ph[48];
	size_t i;
	int k = tpm_src_ident(&f->src), ret = -ENOMEM;

	if (!rd_dup(rd, f->src.path, &path) || !rd_dup(rd, f->src.kmsg_text, &ktext) ||
	    !rd_dup(rd, f->src.note, &note))
		goto out;
	src.path = path;
	src.kmsg_text = ktext;
	src.note = note;
	if (k >= 0 && (f->src.cmd || f->src.rsp)) {
		long at = rd_add_tpm(rd, &f->src, (enum rd_kind)k);
		char *n2;

		if (at == -2)
			goto out;
		rd_placeholder(rd, at, (enum rd_kind)k, ph, sizeof(ph)); /* counts it */
		if (asprintf(&n2, "%s%s(raw bytes redacted: %s)", note ? note : "", note ? " " : "",
			     rd_kinds[k].label) < 0)
			goto out;
		free(note);
		note = n2;
		src.note = note;
		src.cmd = NULL;
		src.cmd_len = 0;
		src.rsp = NULL;
		src.rsp_len = 0;
	}
	switch (f->type) {
	case FACT_STRING:
		if (!rd_dup(rd, f->str, &val))
			goto out;
		ret = facts_set_str(out, f->key, val ? val : "", &src);
		break;
	case FACT_INT:
		ret = facts_set_int(out, f->key, f->num, &src);
		break;
	case FACT_BOOL:
		ret = facts_set_bool(out, f->key, f->flag, &src);
		break;
	case FACT_LIST:
		items = calloc(f->n_items + 1, sizeof(*items));
		if (!items)
			goto out;
		for (i = 0; i < f->n_items; i++)
			if (!rd_dup(rd, f->items[i] ? f->items[i] : "", &items[i]))
				goto out;
		ret = facts_set_list(out, f->key, (const char *const *)items, f->n_items, &src);
		break;
	case FACT_UNREADABLE:
		if (!rd_dup(rd, f->why_text, &val))
			goto out;
		ret = facts_set_unreadable(out, f->key, f->why, val, &src);
		break;
	default:
		ret = 0;
	}
	if (ret == -EINVAL)
		ret = 0; /* a key the store would not take again: nothing to copy */
out:
	if (items)
		for (i = 0; i < f->n_items; i++)
			free(items[i]);
	free(items);
	free(val);
	free(path);
	free(ktext);
	free(note);
	return ret;
}

int redact_facts(struct redactor *rd, const struct facts *in, struct facts **out)
{
	size_t i;
	int ret;

	*out = NULL;
	ret = facts_new(out);
	for (i = 0; !ret && i < facts_count(in); i++)
		ret = fact_copy(rd, *out, facts_at(in, i));
	if (ret) {
		facts_free(*out);
		*out = NULL;
	}
	return ret;
}

/* Records copied one for one (same index), duplicates and all. */
int redact_log(struct redactor *rd, const struct kmsg_log *in, struct kmsg_log **out)
{
	struct kmsg_log *log;
	size_t i;
	int ret = kmsg_log_new(&log);

	*out = NULL;
	if (ret)
		return ret;
	if (in && in->n) {
		log->r = calloc(in->n, sizeof(*log->r));
		if (!log->r)
			goto fail;
		log->cap = in->n;
	}
	for (i = 0; in && i < in->n; i++) {
		const struct kmsg_rec *s = &in->r[i];
		struct kmsg_rec *d = &log->r[i];

		*d = *s;
		d->wall = d->prefix = d->text = d->trace = d->tool = NULL;
		log->n = i + 1;
		if (!rd_dup(rd, s->wall, &d->wall) || !rd_dup(rd, s->prefix, &d->prefix) ||
		    !rd_dup(rd, s->text, &d->text) || !rd_dup(rd, s->trace, &d->trace) ||
		    (s->tool && !(d->tool = strdup(s->tool))))
			goto fail;
	}
	*out = log;
	return 0;
fail:
	kmsg_log_free(log);
	return -ENOMEM;
}
