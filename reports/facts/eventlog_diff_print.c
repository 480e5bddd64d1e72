// SPDX-License-Identifier: GPL-2.0-or-later
/* What changed between two boots, printed (reports/facts/eventlog_diff_print.h). */
#include <stdio.h>
#include <string.h>

#include "reports/facts/eventlog_diff_print.h"
#include "probes/tpm/hex.h"

#define DESC_MAX 512

static const char *type_name(const struct evlog_event *e, char *buf, size_t cap)
{
	const char *n = evlog_type_name(e->type);

	if (n)
		return n;
	snprintf(buf, cap, "0x%08x", e->type);
	return buf;
}

static const char *kind_word(enum evlog_change_kind k)
{
	return k == EVLOG_CHANGED ? "changed" : k == EVLOG_ADDED ? "added" : "removed";
}

/* One change as a sentence: "event 4 EV_EFI_VARIABLE_DRIVER_CONFIG changed: A -> B". */
static void change_line(const struct evlog_diff_input *in, const struct evlog_change *c, char *out,
			size_t cap)
{
	const struct evlog_event *o =
	    c->kind == EVLOG_ADDED ? NULL : &in->old_log->events[c->old_i];
	const struct evlog_event *n =
	    c->kind == EVLOG_REMOVED ? NULL : &in->new_log->events[c->new_i];
	char od[DESC_MAX] = "", nd[DESC_MAX] = "", tb[16];

	if (o)
		evlog_describe(o, od, sizeof(od));
	if (n)
		evlog_describe(n, nd, sizeof(nd));
	if (c->kind == EVLOG_CHANGED && strcmp(od, nd))
		snprintf(out, cap, "event %zu %s changed: %s -> %s", c->new_i,
			 type_name(n, tb, sizeof(tb)), od, nd);
	else if (c->kind == EVLOG_CHANGED)
		snprintf(out, cap, "event %zu %s changed its digest: %s", c->new_i,
			 type_name(n, tb, sizeof(tb)), nd);
	else if (c->kind == EVLOG_ADDED)
		snprintf(out, cap, "event %zu %s added: %s", c->new_i, type_name(n, tb, sizeof(tb)),
			 nd);
	else
		snprintf(out, cap, "event %zu of the old log, %s, is gone: %s", c->old_i,
			 type_name(o, tb, sizeof(tb)), od);
}

/* "4 and 7", "0, 4 and 7" */
static void pcr_list(const struct evlog_diff *d, char *out, size_t cap)
{
	size_t i, pos = 0;

	out[0] = '\0';
	for (i = 0; i < d->n_pcrs && pos + 1 < cap; i++)
		pos += (size_t)snprintf(out + pos, cap - pos, "%s%u",
					!i		     ? ""
					: i + 1 == d->n_pcrs ? " and "
							     : ", ",
					d->pcrs[i].pcr);
}

void eventlog_diff_text(FILE *f, const struct evlog_diff_input *in, bool markdown)
{
	const struct evlog_diff *d = in->d;
	const char *bank = evlog_alg_name(d->alg);
	char ov[2 * EVLOG_MAX_DIGEST + 1], nv[2 * EVLOG_MAX_DIGEST + 1], line[2 * DESC_MAX + 128],
	    pcrs[128];
	size_t i, k;

	fprintf(f,
		markdown ? "### What changed between two boots\n\n- old: `%s`\n- new: `%s`\n"
			 : "What changed between two boots\n  old: %s\n  new: %s\n",
		in->old_name, in->new_name);
	fprintf(f, markdown ? "- bank compared: %s\n\n" : "  bank compared: %s\n\n", bank);
	if (!d->n_pcrs) {
		fprintf(f, "%s\n",
			d->same_log ? "The two event logs are the same: no PCR differs."
				    : "No PCR differs: the logs differ only in events "
				      "that extend nothing (EV_NO_ACTION).");
		return;
	}
	for (i = 0; i < d->n_pcrs; i++) {
		const struct evlog_pcr_diff *p = &d->pcrs[i];
		const char *what = evlog_pcr_meaning(p->pcr);

		hex_lower(p->old_v, d->size, ov);
		hex_lower(p->new_v, d->size, nv);
		if (markdown)
			fprintf(f, "**PCR %u** changed%s%s%s\n\n- old `%s`\n- new `%s`\n", p->pcr,
				what ? " — " : "", what ? what : "", "", ov, nv);
		else
			fprintf(f, "PCR %u changed%s%s\n  old %s\n  new %s\n", p->pcr,
				what ? ": " : "", what ? what : "", ov, nv);
		for (k = 0; k < p->n_changes; k++) {
			change_line(in, &p->changes[k], line, sizeof(line));
			fprintf(f, markdown ? "- %s\n" : "  - %s\n", line);
		}
		if (!p->n_changes)
			fprintf(f, markdown
				       ? "- no event differs: the log does not account for the "
					 "change\n"
				       : "  - no event differs: the log does not account for "
					 "the change\n");
		fputc('\n', f);
	}
	pcr_list(d, pcrs, sizeof(pcrs));
	fprintf(f,
		"A secret sealed to a set of PCRs that includes %s%s no longer unseals on the "
		"new boot; one sealed only to other PCRs still does.\n",
		d->n_pcrs == 1 ? "PCR " : "any of PCRs ", pcrs);
}

static struct json_object *change_json(const struct evlog_diff_input *in,
				       const struct evlog_change *c)
{
	struct json_object *o = json_object_new_object();
	char desc[DESC_MAX], tb[16];

	if (!o)
		return NULL;
	json_object_object_add(o, "change", json_object_new_string(kind_word(c->kind)));
	if (c->kind != EVLOG_ADDED) {
		const struct evlog_event *e = &in->old_log->events[c->old_i];

		evlog_describe(e, desc, sizeof(desc));
		json_object_object_add(o, "old_event", json_object_new_int64((int64_t)c->old_i));
		json_object_object_add(o, "old_type",
				       json_object_new_string(type_name(e, tb, sizeof(tb))));
		json_object_object_add(o, "old", json_object_new_string(desc));
	}
	if (c->kind != EVLOG_REMOVED) {
		const struct evlog_event *e = &in->new_log->events[c->new_i];

		evlog_describe(e, desc, sizeof(desc));
		json_object_object_add(o, "new_event", json_object_new_int64((int64_t)c->new_i));
		json_object_object_add(o, "new_type",
				       json_object_new_string(type_name(e, tb, sizeof(tb))));
		json_object_object_add(o, "new", json_object_new_string(desc));
	}
	return o;
}

struct json_object *eventlog_diff_json(const struct evlog_diff_input *in)
{
	const struct evlog_diff *d = in->d;
	struct json_object *doc = json_object_new_object(), *pcrs = json_object_new_array();
	char v[2 * EVLOG_MAX_DIGEST + 1];
	size_t i, k;

	if (!doc || !pcrs) {
		json_object_put(doc);
		json_object_put(pcrs);
		return NULL;
	}
	json_object_object_add(doc, "schema", json_object_new_string(TPMDIAG_EVENTLOG_DIFF_SCHEMA));
	json_object_object_add(doc, "old", json_object_new_string(in->old_name));
	json_object_object_add(doc, "new", json_object_new_string(in->new_name));
	json_object_object_add(doc, "bank", json_object_new_string(evlog_alg_name(d->alg)));
	json_object_object_add(doc, "same_log", json_object_new_boolean(d->same_log));
	for (i = 0; i < d->n_pcrs; i++) {
		const struct evlog_pcr_diff *p = &d->pcrs[i];
		struct json_object *o = json_object_new_object(), *ch = json_object_new_array();
		const char *what = evlog_pcr_meaning(p->pcr);

		if (!o || !ch) {
			json_object_put(o);
			json_object_put(ch);
			json_object_put(doc);
			json_object_put(pcrs);
			return NULL;
		}
		json_object_object_add(o, "pcr", json_object_new_int((int)p->pcr));
		if (what)
			json_object_object_add(o, "holds", json_object_new_string(what));
		hex_lower(p->old_v, d->size, v);
		json_object_object_add(o, "old", json_object_new_string(v));
		hex_lower(p->new_v, d->size, v);
		json_object_object_add(o, "new", json_object_new_string(v));
		for (k = 0; k < p->n_changes; k++)
			json_object_array_add(ch, change_json(in, &p->changes[k]));
		json_object_object_add(o, "events", ch);
		json_object_array_add(pcrs, o);
	}
	json_object_object_add(doc, "changed", pcrs);
	return doc;
}
