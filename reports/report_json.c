// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tpmdiag check --format json: the diagnosis for a program, versioned
 * ("schema": "tpmdiag-report/1") and described by
 * reports/tpmdiag-report.schema.json. With a redactor every string comes
 * from the redacted copies of the facts and records (or through
 * redact_str), so nothing the redactor knows leaves unredacted.
 */
#include <errno.h>
#include <stdlib.h>

#include <json-c/json.h>

#include "diag/engine/exit_status.h"
#include "probes/tpm/rc.h"
#include "reports/facts/facts_json.h"
#include "reports/facts/kmsg_json.h"
#include "reports/redact.h"
#include "reports/report.h"

#define TPMDIAG_REPORT_SCHEMA "tpmdiag-report/1"

#ifndef TPMDIAG_VERSION
#define TPMDIAG_VERSION "0"
#endif

/* report.h */
const struct report_exit_bit report_exit_bits[] = {
    {TPMDIAG_EXIT_USAGE, "usage"},
    {TPMDIAG_EXIT_DEVICE, "unreadable"},
    {TPMDIAG_EXIT_TPM_ERROR, "tpm-error"},
    {TPMDIAG_EXIT_WARNING_FINDING, "warning-finding"},
    {TPMDIAG_EXIT_ERROR_FINDING, "error-finding"},
    {TPMDIAG_EXIT_INFO_FINDING, "info-finding"},
    {0, NULL},
};

/* The machine summary: JSON name and fact key. */
static const struct {
	const char *name;
	const char *key;
} machine_keys[] = {
    {"kernel_release", "kernel.release"},
    {"tpm_family", "tpm0.family"},
    {"driver", "tpm0.driver"},
    {"hid", "tpm0.hid"},
    {"manufacturer", "tpm0.manufacturer"},
};

struct jctx {
	struct redactor *rd;	    /* NULL: no redaction */
	const struct facts *fs;	    /* what to render from (the redacted copy) */
	const struct kmsg_log *log; /* the same, may be NULL */
	const struct kmsg_log *orig_log;
	bool oom;
};

/* v, noting an allocation failure. */
static struct json_object *chk(struct jctx *c, struct json_object *v)
{
	if (!v)
		c->oom = true;
	return v;
}

/* A JSON string of s (null for NULL), through the redactor when redact. */
static struct json_object *jstr(struct jctx *c, const char *s, bool redact)
{
	struct json_object *o;
	char *t;

	if (!s)
		return NULL;
	if (!redact || !c->rd)
		return chk(c, json_object_new_string(s));
	t = redact_str(c->rd, s);
	if (!t) {
		c->oom = true;
		return NULL;
	}
	o = chk(c, json_object_new_string(t));
	free(t);
	return o;
}

static void put(struct json_object *o, const char *k, struct json_object *v)
{
	json_object_object_add(o, k, v);
}

/* The fact to render for an evidence fact: its redacted copy when there is one. */
static const struct fact *ev_fact_of(const struct jctx *c, const struct fact *fa, bool *redact)
{
	const struct fact *rf = c->rd ? facts_get(c->fs, fa->key) : NULL;

	*redact = c->rd && !rf;
	return rf ? rf : fa;
}

/* The record to render: the same record of the redacted log when there is one. */
static const struct kmsg_rec *ev_rec_of(const struct jctx *c, const struct kmsg_rec *rec,
					bool *redact)
{
	const struct kmsg_log *o = c->orig_log;

	*redact = false;
	if (!c->rd)
		return rec;
	if (o && c->log && c->log != o && rec >= o->r && rec < o->r + o->n &&
	    (size_t)(rec - o->r) < c->log->n)
		return &c->log->r[rec - o->r];
	*redact = true;
	return rec;
}

static void ev_source(struct jctx *c, struct json_object *o, const struct fact_src *s, bool red)
{
	struct json_object *src = chk(c, json_object_new_object());

	if (!src)
		return;
	put(src, "kind", jstr(c, fact_src_kind_name(s->kind), false));
	if (s->path)
		put(src, "path", jstr(c, s->path, red));
	if (s->kind == FACT_SRC_KMSG) {
		put(src, "seq", chk(c, json_object_new_uint64(s->kmsg_seq)));
		if (s->kmsg_text)
			put(src, "text", jstr(c, s->kmsg_text, red));
	}
	if (s->kind == FACT_SRC_TPM && s->cmd_name)
		put(src, "command", jstr(c, s->cmd_name, false));
	if (s->note)
		put(src, "note", jstr(c, s->note, red));
	put(o, "source", src);
}

static void ev_put_fact(struct jctx *c, struct json_object *o, const struct fact *orig)
{
	char text[4096];
	bool red;
	const struct fact *fa = ev_fact_of(c, orig, &red);

	fact_value_text(fa, text, sizeof(text));
	put(o, "key", jstr(c, fa->key, false));
	put(o, "value", jstr(c, text, red));
	ev_source(c, o, &fa->src, red);
}

static void ev_put_rec(struct jctx *c, struct json_object *o, const struct kmsg_rec *orig)
{
	bool red;
	const struct kmsg_rec *r = ev_rec_of(c, orig, &red);

	put(o, "ts", r->ts >= 0 ? chk(c, json_object_new_double(r->ts)) : NULL);
	put(o, "wall", jstr(c, r->wall, red));
	put(o, "text", jstr(c, r->text, red));
	put(o, "trace", jstr(c, r->trace, red));
	put(o, "seq", chk(c, json_object_new_uint64(r->seq)));
	put(o, "line", chk(c, json_object_new_int64(r->line)));
	put(o, "userspace", chk(c, json_object_new_boolean(r->userspace)));
}

static void ev_put_rc(struct jctx *c, struct json_object *o, const struct evidence *v)
{
	struct tpm_rc_desc d = {0};
	enum tpm_family fam = v->rc_family == 20   ? TPM_FAMILY_20
			      : v->rc_family == 12 ? TPM_FAMILY_12
						   : TPM_FAMILY_UNKNOWN;

	tpm_rc_decode(v->rc, fam, &d);
	put(o, "rc", chk(c, json_object_new_int64(v->rc)));
	put(o, "rc_family",
	    fam == TPM_FAMILY_UNKNOWN ? NULL : jstr(c, tpm_family_name(fam), false));
	put(o, "rc_name", jstr(c, d.name, false));
	put(o, "command",
	    v->fact && v->fact->src.cmd_name ? jstr(c, v->fact->src.cmd_name, false) : NULL);
}

static const char *const ev_kind_names[] = {"fact", "log", "rc"};

static struct json_object *evidence_json(struct jctx *c, const struct evidence *v)
{
	struct json_object *o = chk(c, json_object_new_object());

	if (!o)
		return NULL;
	put(o, "kind", jstr(c, ev_kind_names[v->kind], false));
	if (v->kind == EV_RC)
		ev_put_rc(c, o, v);
	if (v->fact)
		ev_put_fact(c, o, v->fact);
	if (v->rec)
		ev_put_rec(c, o, v->rec);
	return o;
}

static struct json_object *remedy_json(struct jctx *c, const struct finding *f)
{
	struct json_object *a = chk(c, json_object_new_array()), *s;
	size_t i;

	for (i = 0; a && i < f->n_remedy; i++) {
		const char *action = i < f->rule->n_remedy ? f->rule->remedy[i].action : NULL;

		s = chk(c, json_object_new_object());
		if (!s)
			break;
		put(s, "step", chk(c, json_object_new_int64((int64_t)i + 1)));
		put(s, "text", jstr(c, f->remedy[i], true));
		put(s, "action", jstr(c, action, false));
		json_object_array_add(a, s);
	}
	return a;
}

static struct json_object *finding_json(struct jctx *c, const struct findings *fi, size_t n)
{
	const struct finding *f = &fi->f[n];
	struct json_object *o = chk(c, json_object_new_object()), *a;
	size_t i;

	if (!o)
		return NULL;
	put(o, "id", jstr(c, f->rule->id, false));
	put(o, "severity", jstr(c, severity_name(f->severity), false));
	put(o, "group", jstr(c, f->rule->group, false));
	put(o, "chip", f->chip[0] ? jstr(c, f->chip, false) : NULL);
	put(o, "title", jstr(c, f->title, true));
	put(o, "explain", jstr(c, f->explain, true));
	put(o, "explained_by",
	    f->explained_by >= 0 && (size_t)f->explained_by < fi->n
		? jstr(c, fi->f[f->explained_by].rule->id, false)
		: NULL);
	a = chk(c, json_object_new_array());
	for (i = 0; a && i < f->n_ev; i++)
		json_object_array_add(a, evidence_json(c, &f->ev[i]));
	put(o, "evidence", a);
	put(o, "remedy", remedy_json(c, f));
	a = chk(c, json_object_new_array());
	for (i = 0; a && i < f->rule->n_refs; i++)
		json_object_array_add(a, jstr(c, f->rule->refs[i], false));
	put(o, "references", a);
	return o;
}

static struct json_object *verdict_json(struct jctx *c, const struct findings *fi)
{
	struct json_object *o = chk(c, json_object_new_object());
	const struct finding *first = NULL;
	int64_t n[3] = {0, 0, 0};
	size_t i;

	if (!o)
		return NULL;
	for (i = 0; i < fi->n; i++) {
		const struct finding *f = &fi->f[i];

		n[f->severity]++;
		if (!first && f->explained_by < 0 && f->severity > SEV_INFO)
			first = f;
	}
	put(o, "errors", chk(c, json_object_new_int64(n[SEV_ERROR])));
	put(o, "warnings", chk(c, json_object_new_int64(n[SEV_WARNING])));
	put(o, "notes", chk(c, json_object_new_int64(n[SEV_INFO])));
	put(o, "first", first ? jstr(c, first->title, true) : NULL);
	return o;
}

static struct json_object *machine_json(struct jctx *c)
{
	struct json_object *o = chk(c, json_object_new_object());
	char buf[512];
	size_t i;

	for (i = 0; o && i < sizeof(machine_keys) / sizeof(machine_keys[0]); i++) {
		const struct fact *fa = facts_get(c->fs, machine_keys[i].key);

		if (fa && fa->type != FACT_UNREADABLE)
			fact_value_text(fa, buf, sizeof(buf));
		put(o, machine_keys[i].name,
		    fa && fa->type != FACT_UNREADABLE ? jstr(c, buf, false) : NULL);
	}
	return o;
}

static struct json_object *exit_bits_json(struct jctx *c, int status)
{
	struct json_object *a = chk(c, json_object_new_array());
	size_t i;

	for (i = 0; a && report_exit_bits[i].name; i++)
		if (status & report_exit_bits[i].bit)
			json_object_array_add(a, jstr(c, report_exit_bits[i].name, false));
	return a;
}

/* A record not in the database (its redacted copy when redacting). */
static struct json_object *unknown_json(struct jctx *c, const struct kmsg_rec *orig)
{
	struct json_object *o = chk(c, json_object_new_object());
	bool red;
	const struct kmsg_rec *r = ev_rec_of(c, orig, &red);

	if (!o)
		return NULL;
	put(o, "seq", chk(c, json_object_new_uint64(r->seq)));
	put(o, "line", chk(c, json_object_new_int64(r->line)));
	if (r->ts >= 0)
		put(o, "ts", chk(c, json_object_new_double(r->ts)));
	if (r->wall)
		put(o, "wall", jstr(c, r->wall, red));
	put(o, "text", jstr(c, r->text, red));
	put(o, "userspace", chk(c, json_object_new_boolean(r->userspace)));
	if (r->tool)
		put(o, "tool", jstr(c, r->tool, false));
	return o;
}

static struct json_object *report_doc(struct jctx *c, const struct report *r)
{
	struct json_object *doc = chk(c, json_object_new_object()), *a;
	char summary[512];
	size_t i;

	if (!doc)
		return NULL;
	put(doc, "schema", jstr(c, TPMDIAG_REPORT_SCHEMA, false));
	put(doc, "version", jstr(c, TPMDIAG_VERSION, false));
	put(doc, "source", jstr(c, r->source ? r->source : "live", true));
	put(doc, "exit_status", chk(c, json_object_new_int(r->exit_status)));
	put(doc, "exit_bits", exit_bits_json(c, r->exit_status));
	if (r->rd)
		redactor_summary(r->rd, summary, sizeof(summary));
	put(doc, "redacted", r->rd ? jstr(c, summary, false) : NULL);
	put(doc, "machine", machine_json(c));
	put(doc, "verdict", verdict_json(c, r->fi));
	a = chk(c, json_object_new_array());
	for (i = 0; a && i < r->fi->n; i++)
		json_object_array_add(a, finding_json(c, r->fi, i));
	put(doc, "findings", a);
	a = chk(c, json_object_new_array());
	for (i = 0; a && i < r->fi->n_unknown; i++)
		json_object_array_add(a, unknown_json(c, r->fi->unknown[i]));
	put(doc, "not_in_database", a);
	put(doc, "facts", chk(c, facts_json_array(c->fs)));
	put(doc, "kmsg", chk(c, kmsg_json_array(c->log)));
	return doc;
}

int report_json(FILE *f, const struct report *r)
{
	struct jctx c = {.rd = r->rd, .fs = r->fs, .log = r->log, .orig_log = r->log};
	struct facts *rfs = NULL;
	struct kmsg_log *rlog = NULL;
	struct json_object *doc = NULL;
	const char *s;
	int ret = -ENOMEM;

	if (r->rd) {
		if (redact_facts(r->rd, r->fs, &rfs))
			goto out;
		if (r->log && redact_log(r->rd, r->log, &rlog))
			goto out;
		c.fs = rfs;
		c.log = rlog;
	}
	doc = report_doc(&c, r);
	if (!doc || c.oom)
		goto out;
	s = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY |
						    JSON_C_TO_STRING_NOSLASHESCAPE);
	if (!s)
		goto out;
	fprintf(f, "%s\n", s);
	ret = ferror(f) ? -EIO : 0;
out:
	json_object_put(doc);
	kmsg_log_free(rlog);
	facts_free(rfs);
	return ret;
}
