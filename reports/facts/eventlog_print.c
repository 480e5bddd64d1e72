// SPDX-License-Identifier: GPL-2.0-or-later
/* The firmware event log as text and JSON (reports/facts/eventlog_print.h). */
#include <string.h>

#include "reports/facts/eventlog_print.h"
#include "probes/tpm/hex.h"

#define SHORT_DIGEST 8 /* hex digits of the first bank in the listing */
#define MEANING_MAX  1024

static const char *type_text(uint32_t type, char *buf, size_t cap)
{
	const char *name = evlog_type_name(type);

	if (name)
		return name;
	snprintf(buf, cap, "0x%08x", type);
	return buf;
}

static const char *alg_text(uint16_t alg, char *buf, size_t cap)
{
	const char *name = evlog_alg_name(alg);

	if (name)
		return name;
	snprintf(buf, cap, "alg-0x%04x", alg);
	return buf;
}

static const char *format_name(enum evlog_format f)
{
	return f == EVLOG_CRYPTO_AGILE ? "crypto-agile" : "tcg1.2-sha1";
}

static void print_header(FILE *f, const char *source, const struct evlog *log)
{
	char a[16];
	size_t i;

	fprintf(f, "Event log %s: %s", source,
		log->format == EVLOG_CRYPTO_AGILE ? "crypto-agile (TCG2)" : "TPM 1.2 (SHA-1)");
	if (log->format == EVLOG_CRYPTO_AGILE)
		fprintf(f, ", spec %u.%u errata %u", log->spec_major, log->spec_minor,
			log->spec_errata);
	fprintf(f, ", %zu records, banks", log->n_events);
	for (i = 0; i < log->n_banks; i++)
		fprintf(f, " %s", alg_text(log->banks[i].alg, a, sizeof(a)));
	if (log->padding)
		fprintf(f, "; then %zu bytes of padding", log->padding);
	fprintf(f, "\n\n%5s %3s  %-32s %-8s  %s\n", "#", "PCR", "type",
		alg_text(log->banks[0].alg, a, sizeof(a)), "meaning");
}

static void print_events(FILE *f, const struct evlog *log)
{
	char meaning[MEANING_MAX], t[16], d[2 * EVLOG_MAX_DIGEST + 1];
	const struct evlog_event *e;
	size_t i;

	for (i = 0; i < log->n_events; i++) {
		e = &log->events[i];
		if (e->digests[0]) {
			hex_lower(e->digests[0], log->banks[0].size, d);
			d[SHORT_DIGEST] = '\0';
		} else {
			strcpy(d, "-");
		}
		evlog_describe(e, meaning, sizeof(meaning));
		fprintf(f, "%5zu %3u  %-32s %-8s  %s\n", i, e->pcr,
			type_text(e->type, t, sizeof(t)), d, meaning);
	}
}

static void print_bank(FILE *f, const struct evlog *log, const struct evlog_bank_replay *b,
		       size_t bi)
{
	char a[16], v[2 * EVLOG_MAX_DIGEST + 1];
	const char *name = alg_text(b->alg, a, sizeof(a));
	unsigned pcr;
	size_t i;

	fprintf(f, "\nReplayed PCRs, %s:\n", name);
	if (!b->supported) {
		fprintf(f, "  (this libcrypto has no %s: not replayed)\n", name);
		return;
	}
	for (pcr = 0; pcr < EVLOG_PCRS; pcr++) {
		if (!b->events[pcr])
			continue;
		hex_lower(b->pcr[pcr], b->size, v);
		fprintf(f, "  %2u  %s  %u event%s:", pcr, v, b->events[pcr],
			b->events[pcr] == 1 ? "" : "s");
		for (i = 0; i < log->n_events; i++)
			if (log->events[i].pcr == pcr && evlog_extends(&log->events[i]) &&
			    log->events[i].digests[bi])
				fprintf(f, " %zu", i);
		fputc('\n', f);
	}
}

void eventlog_text_print(FILE *f, const char *source, const struct evlog *log,
			 const struct evlog_replay *r)
{
	size_t i;

	print_header(f, source, log);
	print_events(f, log);
	if (r->startup_locality >= 0)
		fprintf(f, "\nPCR 0 starts at locality %d (StartupLocality)\n",
			r->startup_locality);
	for (i = 0; i < r->n_banks; i++)
		print_bank(f, log, &r->banks[i], i);
}

static struct json_object *event_json(const struct evlog *log, size_t i)
{
	const struct evlog_event *e = &log->events[i];
	struct json_object *o = json_object_new_object(), *dg = json_object_new_object();
	char meaning[MEANING_MAX], t[16], d[2 * EVLOG_MAX_DIGEST + 1];
	size_t b;

	json_object_object_add(o, "number", json_object_new_int64((int64_t)i));
	json_object_object_add(o, "offset", json_object_new_int64((int64_t)e->offset));
	json_object_object_add(o, "pcr", json_object_new_int64(e->pcr));
	json_object_object_add(o, "type", json_object_new_string(type_text(e->type, t, sizeof(t))));
	json_object_object_add(o, "type_code", json_object_new_int64(e->type));
	for (b = 0; b < log->n_banks; b++) {
		if (!e->digests[b])
			continue;
		hex_lower(e->digests[b], log->banks[b].size, d);
		json_object_object_add(dg, alg_text(log->banks[b].alg, t, sizeof(t)),
				       json_object_new_string(d));
	}
	json_object_object_add(o, "digests", dg);
	json_object_object_add(o, "size", json_object_new_int64(e->data_len));
	evlog_describe(e, meaning, sizeof(meaning));
	json_object_object_add(o, "meaning", json_object_new_string(meaning));
	return o;
}

static struct json_object *bank_json(const struct evlog *log, const struct evlog_bank_replay *b,
				     size_t bi)
{
	struct json_object *arr = json_object_new_array(), *p, *ev;
	char v[2 * EVLOG_MAX_DIGEST + 1];
	unsigned pcr;
	size_t i;

	for (pcr = 0; b->supported && pcr < EVLOG_PCRS; pcr++) {
		if (!b->events[pcr])
			continue;
		p = json_object_new_object();
		ev = json_object_new_array();
		hex_lower(b->pcr[pcr], b->size, v);
		json_object_object_add(p, "pcr", json_object_new_int64(pcr));
		json_object_object_add(p, "value", json_object_new_string(v));
		for (i = 0; i < log->n_events; i++)
			if (log->events[i].pcr == pcr && evlog_extends(&log->events[i]) &&
			    log->events[i].digests[bi])
				json_object_array_add(ev, json_object_new_int64((int64_t)i));
		json_object_object_add(p, "events", ev);
		json_object_array_add(arr, p);
	}
	return arr;
}

struct json_object *eventlog_json(const char *source, const struct evlog *log,
				  const struct evlog_replay *r)
{
	struct json_object *doc = json_object_new_object(), *arr, *banks, *pcrs, *o;
	const char *name;
	char a[16];
	size_t i;

	if (!doc)
		return NULL;
	json_object_object_add(doc, "schema", json_object_new_string(TPMDIAG_EVENTLOG_SCHEMA));
	json_object_object_add(doc, "source", json_object_new_string(source));
	json_object_object_add(doc, "format", json_object_new_string(format_name(log->format)));
	json_object_object_add(doc, "padding", json_object_new_int64((int64_t)log->padding));
	banks = json_object_new_array();
	pcrs = json_object_new_object();
	for (i = 0; i < log->n_banks; i++) {
		name = alg_text(log->banks[i].alg, a, sizeof(a));
		o = json_object_new_object();
		json_object_object_add(o, "alg", json_object_new_string(name));
		json_object_object_add(o, "size", json_object_new_int64(log->banks[i].size));
		json_object_object_add(o, "replayed",
				       json_object_new_boolean(r->banks[i].supported));
		json_object_array_add(banks, o);
		json_object_object_add(pcrs, name, bank_json(log, &r->banks[i], i));
	}
	json_object_object_add(doc, "banks", banks);
	json_object_object_add(doc, "startup_locality",
			       r->startup_locality >= 0 ? json_object_new_int(r->startup_locality)
							: NULL);
	arr = json_object_new_array();
	for (i = 0; i < log->n_events; i++)
		json_object_array_add(arr, event_json(log, i));
	json_object_object_add(doc, "events", arr);
	json_object_object_add(doc, "pcrs", pcrs);
	return doc;
}
