// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The eventlog probe: each chip's firmware event log
 * (/sys/kernel/security/tpmN/binary_bios_measurements) parsed and replayed
 * (probes/eventlog/), and the replay compared with the PCR values the pcrs
 * and device probes read. Facts tpmN.eventlog.*:
 *   format, events, banks, separators     what the log is
 *   replay.BANK.I                         the value the log says PCR I has
 *   compared, mismatch, mismatch_events   PCRs 0-9 that have events, those
 *                                         whose value differs, and per
 *                                         mismatch the last events that
 *                                         extended it
 *   banks_missing, banks_extra            active banks the log lacks, and
 *                                         log banks the chip does not have
 * PCRs 10 and above are replayed but not compared: the OS extends them
 * after boot (IMA: 10; systemd: 11-15) without writing this log.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/eventlog/eventlog.h"
#include "probes/eventlog/eventlog_replay.h"
#include "probes/os/tpm_class.h"
#include "probes/probe.h"
#include "probes/tpm/hex.h"

#define EVP_COMPARE_MAX 9 /* PCRs 0-9: firmware, boot loader */
#define EVP_LAST	3 /* events named per mismatching PCR */
#define EVP_ITEM	96
#define EVP_LINE	1024

struct evp_chip {
	struct probe_ctx *c;
	unsigned n;
	char path[128];
	const struct evlog *log;
	const struct evlog_replay *rp;
	/* lists built for facts */
	char (*items)[EVP_ITEM];
	const char **ptrs;
	size_t n_items, cap;
};

static const char *evp_key(const struct evp_chip *e, char *key, size_t len, const char *name)
{
	return facts_key(key, len, "tpm%u.eventlog.%s", e->n, name);
}

static int evp_item(struct evp_chip *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int evp_item(struct evp_chip *e, const char *fmt, ...)
{
	va_list ap;

	if (e->n_items == e->cap)
		return 0; /* cap is the most there can be; never reached */
	va_start(ap, fmt);
	vsnprintf(e->items[e->n_items], EVP_ITEM, fmt, ap);
	va_end(ap);
	e->ptrs[e->n_items] = e->items[e->n_items];
	e->n_items++;
	return 0;
}

static int evp_list(struct evp_chip *e, const char *name, const struct fact_src *src)
{
	char key[128];
	int ret;

	evp_key(e, key, sizeof(key), name);
	ret = facts_set_list(e->c->facts, key, e->ptrs, e->n_items, src);
	e->n_items = 0;
	return ret;
}

/* The last EVP_LAST events that extended PCR pcr, latest first, as one line. */
static void evp_last_events(const struct evp_chip *e, unsigned pcr, char *out, size_t cap)
{
	char what[256];
	size_t i, k = 0, pos = 0;

	out[0] = '\0';
	for (i = e->log->n_events; i-- > 0 && k < EVP_LAST && pos + 1 < cap;) {
		const struct evlog_event *ev = &e->log->events[i];
		const char *type = evlog_type_name(ev->type);

		if (ev->pcr != pcr || !evlog_extends(ev))
			continue;
		evlog_describe(ev, what, sizeof(what));
		pos += (size_t)snprintf(out + pos, cap - pos, "%sevent %zu %s: %s", k ? "; " : "",
					i, type ? type : "(unknown type)", what);
		k++;
	}
}

/* tpmN.eventlog.format, events, banks, separators. */
static int evp_describe_log(struct evp_chip *e, const struct fact_src *src)
{
	char key[128];
	size_t i, seps = 0, events = 0;
	int ret;

	for (i = 0; i < e->log->n_events; i++) {
		const struct evlog_event *ev = &e->log->events[i];

		if (ev->spec_id)
			continue;
		events++;
		seps += ev->type == EV_SEPARATOR && ev->pcr <= 7;
	}
	evp_key(e, key, sizeof(key), "format");
	ret = facts_set_str(
	    e->c->facts, key,
	    e->log->format == EVLOG_CRYPTO_AGILE ? "crypto-agile" : "TPM 1.2 (SHA-1)", src);
	if (!ret)
		ret = facts_set_int(e->c->facts, evp_key(e, key, sizeof(key), "events"),
				    (int64_t)events, src);
	if (!ret)
		ret = facts_set_int(e->c->facts, evp_key(e, key, sizeof(key), "separators"),
				    (int64_t)seps, src);
	for (i = 0; !ret && i < e->log->n_banks; i++) {
		const char *name = evlog_alg_name(e->log->banks[i].alg);

		if (name)
			ret = evp_item(e, "%s", name);
		else
			ret = evp_item(e, "alg-0x%04x", e->log->banks[i].alg);
	}
	return ret ? ret : evp_list(e, "banks", src);
}

/* The chip's active banks: tpmN.pcr_banks (sysfs), else tpmN.chip.pcr_banks. */
static const struct fact *evp_chip_banks(const struct evp_chip *e)
{
	char key[128];
	const struct fact *f;

	facts_key(key, sizeof(key), "tpm%u.pcr_banks", e->n);
	f = facts_get(e->c->facts, key);
	if (f && f->type == FACT_LIST)
		return f;
	facts_key(key, sizeof(key), "tpm%u.chip.pcr_banks", e->n);
	f = facts_get(e->c->facts, key);
	return f && f->type == FACT_LIST ? f : NULL;
}

static bool evp_has(const struct fact *list, const char *name)
{
	size_t i;

	for (i = 0; list && i < list->n_items; i++)
		if (!strcmp(list->items[i], name))
			return true;
	return false;
}

/* tpmN.eventlog.banks_missing and banks_extra, when the chip's banks are known. */
static int evp_banks(struct evp_chip *e, const struct fact_src *src)
{
	const struct fact *chip = evp_chip_banks(e);
	struct fact log = {0};
	char *names[EVLOG_MAX_BANKS];
	size_t i;
	int ret;

	if (!chip)
		return 0;
	for (i = 0; i < e->log->n_banks; i++)
		names[i] = (char *)evlog_alg_name(e->log->banks[i].alg);
	log.items = names;
	log.n_items = e->log->n_banks;
	for (i = 0; i < chip->n_items; i++)
		if (!evp_has(&log, chip->items[i]))
			evp_item(e, "%s", chip->items[i]);
	ret = evp_list(e, "banks_missing", src);
	for (i = 0; !ret && i < e->log->n_banks; i++)
		if (names[i] && !evp_has(chip, names[i]))
			evp_item(e, "%s", names[i]);
	return ret ? ret : evp_list(e, "banks_extra", src);
}

/* "0-7,9" for the set bits of mask (PCRs 0..23), into out. */
static void evp_ranges(uint32_t mask, char *out, size_t cap)
{
	size_t pos = 0;
	unsigned i = 0, j;

	out[0] = '\0';
	while (i < EVLOG_PCRS && pos + 1 < cap) {
		if (!(mask & (1u << i))) {
			i++;
			continue;
		}
		for (j = i; j + 1 < EVLOG_PCRS && (mask & (1u << (j + 1))); j++)
			;
		pos += (size_t)snprintf(out + pos, cap - pos, j > i ? "%s%u-%u" : "%s%u",
					pos ? "," : "", i, j);
		i = j + 1;
	}
}

/* replay.BANK.I for every PCR the log extended; compared, mismatch, mismatch_events. */
static int evp_compare(struct evp_chip *e, const struct fact_src *derived)
{
	char key[128], hex[2 * EVLOG_MAX_DIGEST + 1], line[EVP_LINE];
	char(*detail)[EVP_LINE] = NULL;
	size_t b, n_detail = 0;
	unsigned i;
	int ret = 0;

	detail = calloc(EVLOG_MAX_BANKS * (EVP_COMPARE_MAX + 1), sizeof(*detail));
	if (!detail)
		return -ENOMEM;
	for (b = 0; !ret && b < e->rp->n_banks; b++) {
		const struct evlog_bank_replay *r = &e->rp->banks[b];
		const char *bank = evlog_alg_name(r->alg);
		char ranges[EVP_ITEM - 16];
		uint32_t compared = 0;

		if (!r->supported || !bank)
			continue;
		for (i = 0; !ret && i < EVLOG_PCRS; i++) {
			const struct fact *tpm;

			if (!r->events[i] && !(i == 0 && e->rp->startup_locality > 0))
				continue;
			hex_lower(r->pcr[i], r->size, hex);
			facts_key(key, sizeof(key), "tpm%u.eventlog.replay.%s.%u", e->n, bank, i);
			ret = facts_set_str(e->c->facts, key, hex, derived);
			if (ret || i > EVP_COMPARE_MAX)
				continue;
			facts_key(key, sizeof(key), "tpm%u.pcr.%s.%u", e->n, bank, i);
			tpm = facts_get(e->c->facts, key);
			if (!tpm || tpm->type != FACT_STRING)
				continue; /* the chip's value is not known: nothing to compare */
			compared |= 1u << i;
			if (strcmp(tpm->str, hex)) {
				evp_last_events(e, i, line, sizeof(line));
				snprintf(detail[n_detail++], EVP_LINE,
					 "%s PCR %u: the TPM has %.16s..., the log replays to "
					 "%.16s...; last extended by %s",
					 bank, i, tpm->str, hex, line);
			}
		}
		evp_ranges(compared, ranges, sizeof(ranges));
		if (compared)
			evp_item(e, "%s %s", bank, ranges);
	}
	if (!ret)
		ret = evp_list(e, "compared", derived);
	for (b = 0; !ret && b < n_detail; b++)
		evp_item(e, "%.*s", (int)strcspn(detail[b], ":"), detail[b]);
	if (!ret)
		ret = evp_list(e, "mismatch", derived);
	if (!ret) {
		const char *ptrs[EVLOG_MAX_BANKS * (EVP_COMPARE_MAX + 1)];

		for (b = 0; b < n_detail; b++)
			ptrs[b] = detail[b];
		facts_key(key, sizeof(key), "tpm%u.eventlog.mismatch_events", e->n);
		ret = facts_set_list(e->c->facts, key, ptrs, n_detail, derived);
	}
	free(detail);
	return ret;
}

/* A count of PCR 7's databases: an integer, or why there is none. */
static int evp_sb_count(struct evp_chip *e, const char *name, const char *var, long n,
			const struct fact_src *src)
{
	char key[128], why[160];

	evp_key(e, key, sizeof(key), name);
	if (n >= 0)
		return facts_set_int(e->c->facts, key, n, src);
	snprintf(why, sizeof(why),
		 n == -1 ? "the log measures no %s variable into PCR 7"
			 : "the %s variable in PCR 7 is not a list of EFI_SIGNATURE_LISTs",
		 var);
	return facts_set_unreadable(e->c->facts, key, n == -1 ? FACT_ABSENT : FACT_MALFORMED, why,
				    src);
}

/* secureboot, sb.pk, sb.kek, sb.db, sb.dbx, authorities: Secure Boot as PCR 7 saw it. */
static int evp_secureboot(struct evp_chip *e, const struct fact_src *src)
{
	struct evlog_secureboot *sb = malloc(sizeof(*sb));
	char key[128];
	size_t i;
	int ret;

	if (!sb)
		return -ENOMEM;
	evlog_secureboot(e->log, sb);
	evp_key(e, key, sizeof(key), "secureboot");
	if (sb->secureboot >= 0)
		ret = facts_set_bool(e->c->facts, key, sb->secureboot == 1, src);
	else
		ret = facts_set_unreadable(
		    e->c->facts, key, sb->secureboot == -1 ? FACT_ABSENT : FACT_MALFORMED,
		    sb->secureboot == -1
			? "the log measures no SecureBoot variable into PCR 7 (a BIOS boot, or "
			  "firmware without UEFI Secure Boot)"
			: "the SecureBoot variable in PCR 7 is not one byte",
		    src);
	if (!ret)
		ret = evp_sb_count(e, "sb.pk", "PK", sb->pk, src);
	if (!ret)
		ret = evp_sb_count(e, "sb.kek", "KEK", sb->kek, src);
	if (!ret)
		ret = evp_sb_count(e, "sb.db", "db", sb->db, src);
	if (!ret)
		ret = evp_sb_count(e, "sb.dbx", "dbx", sb->dbx, src);
	for (i = 0; !ret && i < sb->n_auth; i++)
		ret = evp_item(e, "%s", sb->auth[i]);
	if (!ret && sb->more_auth)
		ret = evp_item(e, "and %zu more", sb->more_auth);
	if (!ret)
		ret = evp_list(e, "authorities", src);
	free(sb);
	return ret;
}

static int evp_unreadable(struct evp_chip *e, enum fact_reason why, const char *text,
			  const struct fact_src *src)
{
	char key[128];

	evp_key(e, key, sizeof(key), "format");
	return facts_set_unreadable(e->c->facts, key, why, text, src);
}

static int evp_chip(struct probe_ctx *c, unsigned n)
{
	struct evp_chip e = {.c = c, .n = n};
	struct evlog log = {0};
	struct evlog_replay *rp = NULL;
	struct fact_src src, derived = {.kind = FACT_SRC_DERIVED};
	unsigned char *buf = NULL;
	char text[512], key[128];
	size_t len = 0;
	int ret, rd;

	snprintf(e.path, sizeof(e.path), "/sys/kernel/security/tpm%u/binary_bios_measurements", n);
	src = probe_file_src(e.path);
	rd = rootfs_read_alloc(c->root, e.path, EVLOG_MAX_BYTES, &buf, &len);
	if (rd == -ENOENT) {
		ret =
		    evp_unreadable(&e, FACT_ABSENT,
				   "the kernel has no event log for the chip (no firmware log, or "
				   "securityfs is not mounted)",
				   &src);
		goto out;
	}
	if (rd) {
		snprintf(text, sizeof(text), "cannot read %s", e.path);
		ret = facts_set_errno(c->facts, evp_key(&e, key, sizeof(key), "format"), rd, text,
				      &src);
		goto out;
	}
	ret = evlog_parse(buf, len, &log);
	if (ret == -ENOMEM)
		goto out;
	if (ret) {
		snprintf(text, sizeof(text),
			 "%s at byte %zu of %zu: the log is not what the TCG "
			 "firmware profile defines, or it is cut short",
			 evlog_err_str(log.err), log.err_offset, len);
		ret = evp_unreadable(&e, FACT_MALFORMED, text, &src);
		goto out;
	}
	rp = calloc(1, sizeof(*rp));
	e.cap = 2 * EVLOG_MAX_BANKS * (EVP_COMPARE_MAX + 1) + EVLOG_PCRS;
	e.items = calloc(e.cap, sizeof(*e.items));
	e.ptrs = calloc(e.cap, sizeof(*e.ptrs));
	if (!rp || !e.items || !e.ptrs) {
		ret = -ENOMEM;
		goto out;
	}
	e.log = &log;
	e.rp = rp;
	ret = evp_describe_log(&e, &src);
	if (!ret)
		ret = evp_banks(&e, &src);
	if (!ret)
		ret = evp_secureboot(&e, &src);
	if (ret)
		goto out;
	if (evlog_replay(&log, rp)) {
		ret = evp_unreadable(&e, FACT_FAILED, "libcrypto failed a digest of the replay",
				     &src);
		goto out;
	}
	snprintf(text, sizeof(text), "the replay of %s", e.path);
	derived.note = text;
	ret = evp_compare(&e, &derived);
out:
	evlog_free(&log);
	free(rp);
	free(e.items);
	free(e.ptrs);
	free(buf);
	return ret;
}

int probe_eventlog(struct probe_ctx *c)
{
	unsigned nums[TPM_CLASS_MAX];
	size_t n = 0, i;
	int ret = tpm_class_numbers(c->root, "/sys/class/tpm", "tpm", nums, TPM_CLASS_MAX, &n);

	if (ret)
		return 0; /* no chip: nothing to compare with (firmware.eventlog says what is there)
			   */
	for (i = 0; !ret && i < n; i++)
		ret = evp_chip(c, nums[i]);
	return ret == -ENOMEM ? -ENOMEM : 0;
}
