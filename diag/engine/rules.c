// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Loading and linting rule files (format: tpmdiag-rules(5)). A file is
 * parsed into a libyaml document; every node keeps its line and column, so
 * each error names FILE:LINE:COLUMN and what was expected there. A rule
 * with any error is left out, and the rest load.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "diag/engine/rules.h"
#include "diag/engine/rules_embedded.h"
#include "diag/engine/rules_priv.h"
#include "probes/os/dl.h"

#define RULES_FILE_MAX (4u * 1024 * 1024)

static const char *const severity_names[] = {"info", "warning", "error"};
static const char *const bool_names[] = {"false", "true"};

static const char *const group_names[] = {
    "presence", "probe", "bus",	      "timeout", "interrupt", "firmware", "startup",
    "selftest", "state", "ownership", "lockout", "access",    "ima",	  "userspace",
};

const char *severity_name(enum severity s)
{
	return (size_t)s < 3 ? severity_names[s] : "?";
}

int ruleset_new(struct ruleset **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : -ENOMEM;
}

static void strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void rules_cond_free(struct cond *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n_kids; i++)
		rules_cond_free(c->kids[i]);
	free(c->kids);
	free(c->key);
	free(c->re_src);
	free(c->ranges);
	strv_free(c->vals, c->n_vals);
	if (c->has_re)
		regfree(&c->re);
	if (c->has_trace)
		regfree(&c->trace_re);
	free(c);
}

static void rule_clear(struct rule *r)
{
	size_t i;

	free(r->id);
	free(r->group);
	free(r->title);
	free(r->explain);
	rules_cond_free(r->when);
	rules_cond_free(r->resolved_when);
	for (i = 0; i < r->n_remedy; i++) {
		free(r->remedy[i].text);
		free(r->remedy[i].action);
	}
	free(r->remedy);
	strv_free(r->refs, r->n_refs);
	strv_free(r->explains, r->n_explains);
	free(r->file);
	memset(r, 0, sizeof(*r));
}

void ruleset_free(struct ruleset *rs)
{
	size_t i;

	if (!rs)
		return;
	for (i = 0; i < rs->n; i++)
		rule_clear(&rs->r[i]);
	free(rs->r);
	for (i = 0; i < rs->n_known; i++)
		rules_known_clear(&rs->known[i]);
	free(rs->known);
	strv_free(rs->lint, rs->n_lint);
	free(rs);
}

const struct rule *ruleset_find(const struct ruleset *rs, const char *id)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (!strcmp(rs->r[i].id, id))
			return &rs->r[i];
	return NULL;
}

static int lint_add(struct ruleset *rs, const char *msg)
{
	char **grown;

	if (rs->n_lint == rs->cap_lint) {
		grown = realloc(rs->lint, (rs->cap_lint ? rs->cap_lint * 2 : 16) * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		rs->lint = grown;
		rs->cap_lint = rs->cap_lint ? rs->cap_lint * 2 : 16;
	}
	rs->lint[rs->n_lint] = strdup(msg);
	if (!rs->lint[rs->n_lint])
		return -ENOMEM;
	rs->n_lint++;
	return 0;
}

/* Record "NAME:LINE:COL: message" for the node (or a file-level error when n is NULL). */
void __attribute__((format(printf, 3, 4)))
rules_lerr(struct loader *l, const yaml_node_t *n, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	int k;

	k = snprintf(msg, sizeof(msg), "%s:%lu:%lu: ", l->name,
		     n ? (unsigned long)n->start_mark.line + 1 : 1UL,
		     n ? (unsigned long)n->start_mark.column + 1 : 1UL);
	va_start(ap, fmt);
	vsnprintf(msg + k, sizeof(msg) - (size_t)k, fmt, ap);
	va_end(ap);
	l->errors++;
	if (lint_add(l->rs, msg))
		l->nomem = true;
}

yaml_node_t *rules_node(struct loader *l, int id)
{
	return yaml_document_get_node(&l->doc, id);
}

const char *rules_scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* The value node of key in mapping m, or NULL. */
yaml_node_t *rules_map_get(struct loader *l, const yaml_node_t *m, const char *key)
{
	yaml_node_pair_t *p;

	if (!m || m->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		const char *k = rules_scalar(rules_node(l, p->key));

		if (k && !strcmp(k, key))
			return rules_node(l, p->value);
	}
	return NULL;
}

/* Every key of mapping m must be one of allowed (NULL-terminated). */
void rules_map_check_keys(struct loader *l, const yaml_node_t *m, const char *what,
			  const char *const *allowed)
{
	yaml_node_pair_t *p;
	size_t i;

	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		yaml_node_t *kn = rules_node(l, p->key);
		const char *k = rules_scalar(kn);
		bool ok = false;

		for (i = 0; k && allowed[i]; i++)
			ok |= !strcmp(k, allowed[i]);
		if (!ok)
			rules_lerr(l, kn, "unknown key '%s' in %s", k ? k : "?", what);
	}
}

char *rules_dup_scalar(struct loader *l, const yaml_node_t *n, const char *what)
{
	const char *s = rules_scalar(n);
	char *d;

	if (!s) {
		rules_lerr(l, n, "%s: expected a string", what);
		return NULL;
	}
	d = strdup(s);
	if (!d)
		l->nomem = true;
	return d;
}

/* A sequence of strings (or one string) into *out. */
void rules_strv_read(struct loader *l, const yaml_node_t *n, const char *what, char ***out,
		     size_t *count)
{
	yaml_node_item_t *it;
	size_t i = 0, max;

	*out = NULL;
	*count = 0;
	if (n->type == YAML_SCALAR_NODE) {
		*out = calloc(1, sizeof(char *));
		if (!*out) {
			l->nomem = true;
			return;
		}
		(*out)[0] = rules_dup_scalar(l, n, what);
		*count = (*out)[0] ? 1 : 0;
		return;
	}
	if (n->type != YAML_SEQUENCE_NODE) {
		rules_lerr(l, n, "%s: expected a list of strings", what);
		return;
	}
	max = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	*out = calloc(max ? max : 1, sizeof(char *));
	if (!*out) {
		l->nomem = true;
		return;
	}
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		char *s = rules_dup_scalar(l, rules_node(l, *it), what);

		if (s)
			(*out)[i++] = s;
	}
	*count = i;
}

static int table_index(const char *s, const char *const *t, size_t n)
{
	size_t i;

	for (i = 0; s && i < n; i++)
		if (!strcmp(s, t[i]))
			return (int)i;
	return -1;
}

/* True when some key in the condition names a chip (tpmN / tpmrmN). */
static bool cond_per_chip(const struct cond *c)
{
	size_t i;

	if (c->key && (!strncmp(c->key, "tpmN.", 5) || !strncmp(c->key, "tpmrmN.", 7)))
		return true;
	for (i = 0; i < c->n_kids; i++)
		if (cond_per_chip(c->kids[i]))
			return true;
	return false;
}

/* Templates: {fact:KEY}, {chip}, {0}..{9}, {count}. */
static void check_template(struct loader *l, const yaml_node_t *n, const char *s)
{
	const char *p = s, *e;
	char name[160];

	while (s && (p = strchr(p, '{'))) {
		e = strchr(p, '}');
		if (!e) {
			rules_lerr(
			    l, n,
			    "unclosed '{' in text: templates are {fact:KEY}, {chip}, {0}..{9}, "
			    "{count}");
			return;
		}
		snprintf(name, sizeof(name), "%.*s", (int)(e - p - 1), p + 1);
		if (!strncmp(name, "fact:", 5)) {
			if (!fact_key_known(name + 5))
				rules_lerr(l, n, "unknown fact '%s' in template", name + 5);
		} else if (strcmp(name, "chip") && strcmp(name, "count") &&
			   !(strlen(name) == 1 && name[0] >= '0' && name[0] <= '9')) {
			rules_lerr(
			    l, n,
			    "unknown template {%s}: use {fact:KEY}, {chip}, {0}..{9}, {count}",
			    name);
		}
		p = e + 1;
	}
}

static void rule_remedy(struct loader *l, struct rule *r, const yaml_node_t *n)
{
	static const char *const keys[] = {"text", "action", NULL};
	yaml_node_item_t *it;
	size_t max;

	if (n->type != YAML_SEQUENCE_NODE) {
		rules_lerr(l, n, "remedy: expected a list of steps");
		return;
	}
	max = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	r->remedy = calloc(max ? max : 1, sizeof(*r->remedy));
	if (!r->remedy) {
		l->nomem = true;
		return;
	}
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		yaml_node_t *s = rules_node(l, *it);
		struct remedy *st = &r->remedy[r->n_remedy];

		if (s && s->type == YAML_MAPPING_NODE) {
			rules_map_check_keys(l, s, "a remedy step", keys);
			if (!rules_map_get(l, s, "text")) {
				rules_lerr(
				    l, s,
				    "a remedy step needs 'text' (an action goes with a text)");
				continue;
			}
			st->text = rules_dup_scalar(l, rules_map_get(l, s, "text"), "remedy text");
			if (rules_map_get(l, s, "action"))
				st->action =
				    rules_dup_scalar(l, rules_map_get(l, s, "action"), "action");
		} else {
			st->text = rules_dup_scalar(l, s, "remedy step");
		}
		check_template(l, s, st->text);
		if (st->text) {
			r->n_remedy++;
		} else { /* a step without text (an error said so): its action goes too */
			free(st->action);
			st->action = NULL;
		}
	}
}

static bool id_ok(const char *id)
{
	size_t i;

	for (i = 0; id[i]; i++)
		if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= '0' && id[i] <= '9') ||
		      id[i] == '-'))
			return false;
	return i > 0 && i < 64;
}

static int ruleset_put(struct ruleset *rs, struct rule *r)
{
	struct rule *grown;
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (!strcmp(rs->r[i].id, r->id)) {
			rule_clear(&rs->r[i]);
			rs->r[i] = *r;
			return 0;
		}
	if (rs->n == rs->cap) {
		grown = realloc(rs->r, (rs->cap ? rs->cap * 2 : 64) * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		rs->r = grown;
		rs->cap = rs->cap ? rs->cap * 2 : 64;
	}
	rs->r[rs->n++] = *r;
	return 0;
}

static void rule_read(struct loader *l, const yaml_node_t *m)
{
	static const char *const keys[] = {"id",       "severity",	"group",    "title",
					   "explain",  "when",		"remedy",   "references",
					   "explains", "resolved_when", "fallback", NULL};
	static const char *const required[] = {"id",	  "severity", "group",	   "title",
					       "explain", "when",     "references"};
	struct rule r = {0};
	yaml_node_t *n;
	size_t i;
	int k;

	l->errors = 0;
	if (m->type != YAML_MAPPING_NODE) {
		rules_lerr(l, m,
			   "expected a rule: a mapping with id, severity, group, title, explain, "
			   "when, references");
		return;
	}
	rules_map_check_keys(l, m, "a rule", keys);
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (!rules_map_get(l, m, required[i]))
			rules_lerr(l, m, "the rule has no '%s'", required[i]);
	r.line = (unsigned)m->start_mark.line + 1;
	r.file = strdup(l->name);
	if ((n = rules_map_get(l, m, "id"))) {
		r.id = rules_dup_scalar(l, n, "id");
		if (r.id && !id_ok(r.id))
			rules_lerr(l, n, "id '%s': use lower-case letters, digits and '-'", r.id);
	}
	if ((n = rules_map_get(l, m, "severity"))) {
		k = table_index(rules_scalar(n), severity_names, 3);
		if (k < 0)
			rules_lerr(l, n, "severity: expected info, warning or error");
		r.severity = k < 0 ? SEV_INFO : (enum severity)k;
	}
	if ((n = rules_map_get(l, m, "group"))) {
		r.group = rules_dup_scalar(l, n, "group");
		if (r.group && table_index(r.group, group_names,
					   sizeof(group_names) / sizeof(group_names[0])) < 0)
			rules_lerr(
			    l, n,
			    "group '%s': expected one of presence, probe, bus, timeout, "
			    "interrupt, firmware, startup, selftest, state, ownership, lockout, "
			    "access, ima, userspace",
			    r.group);
	}
	if ((n = rules_map_get(l, m, "title"))) {
		r.title = rules_dup_scalar(l, n, "title");
		check_template(l, n, r.title);
	}
	if ((n = rules_map_get(l, m, "explain"))) {
		r.explain = rules_dup_scalar(l, n, "explain");
		check_template(l, n, r.explain);
	}
	if ((n = rules_map_get(l, m, "when")))
		r.when = rules_cond_read(l, n, 0);
	if ((n = rules_map_get(l, m, "resolved_when")))
		r.resolved_when = rules_cond_read(l, n, 0);
	if ((n = rules_map_get(l, m, "remedy")))
		rule_remedy(l, &r, n);
	if ((n = rules_map_get(l, m, "references"))) {
		rules_strv_read(l, n, "references", &r.refs, &r.n_refs);
		if (!r.n_refs)
			rules_lerr(
			    l, n, "references: at least one (spec section, kernel source, report)");
	}
	if ((n = rules_map_get(l, m, "explains")))
		rules_strv_read(l, n, "explains", &r.explains, &r.n_explains);
	if ((n = rules_map_get(l, m, "fallback"))) {
		k = table_index(rules_scalar(n), bool_names, 2);
		if (k < 0)
			rules_lerr(l, n, "fallback: expected true or false");
		r.fallback = k == 1;
	}
	r.per_chip = r.when && cond_per_chip(r.when);
	if (l->errors || l->nomem || !r.id || !r.when) {
		l->rs->skipped++;
		rule_clear(&r);
		return;
	}
	if (ruleset_put(l->rs, &r)) {
		l->nomem = true;
		rule_clear(&r);
	}
}

/* libyaml is loaded on first use (probes/os/dl.h): without it no rule file can be read. */
static int rules_no_yaml(struct ruleset *rs, const char *name)
{
	char why[2 * DL_WHY_MAX], msg[sizeof(why) + 256];

	dl_message(dl_status(DL_YAML), why, sizeof(why));
	snprintf(msg, sizeof(msg), "%s: cannot be read: %s", name, why);
	return lint_add(rs, msg);
}

int ruleset_load_text(struct ruleset *rs, const char *name, const char *text, size_t len)
{
	struct loader l = {.rs = rs, .name = name};
	yaml_parser_t parser;
	yaml_node_t *root, *v, *rules, *known;
	yaml_node_item_t *it;
	int ret = 0;

	if (!yaml_parser_initialize(&parser))
		return dl_status(DL_YAML)->err ? rules_no_yaml(rs, name) : -ENOMEM;
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &l.doc)) {
		char msg[1024];

		snprintf(msg, sizeof(msg), "%s:%lu:%lu: YAML syntax: %s%s%s", name,
			 (unsigned long)parser.problem_mark.line + 1,
			 (unsigned long)parser.problem_mark.column + 1,
			 parser.problem ? parser.problem : "error", parser.context ? " " : "",
			 parser.context ? parser.context : "");
		ret = lint_add(rs, msg);
		yaml_parser_delete(&parser);
		return ret;
	}
	root = yaml_document_get_root_node(&l.doc);
	if (!root) {
		rules_lerr(&l, NULL, "the file is empty: expected 'version: 1' and 'rules:'");
		goto out;
	}
	if (root->type != YAML_MAPPING_NODE) {
		rules_lerr(&l, root, "expected a mapping with 'version: 1' and 'rules:'");
		goto out;
	}
	{
		static const char *const keys[] = {"version", "rules", "known", NULL};

		rules_map_check_keys(&l, root, "the file", keys);
	}
	v = rules_map_get(&l, root, "version");
	if (!v || !rules_scalar(v) || strcmp(rules_scalar(v), "1"))
		rules_lerr(&l, v ? v : root, "expected 'version: 1' (this tpmdiag reads format 1)");
	rules = rules_map_get(&l, root, "rules");
	known = rules_map_get(&l, root, "known");
	if (known && known->type != YAML_SEQUENCE_NODE)
		rules_lerr(&l, known, "expected 'known:' with a list of known messages");
	else if (known)
		for (it = known->data.sequence.items.start;
		     it < known->data.sequence.items.top && !l.nomem; it++)
			rules_known_read(&l, rules_node(&l, *it));
	if (known && !rules)
		goto out;
	if (!rules || rules->type != YAML_SEQUENCE_NODE) {
		rules_lerr(&l, rules ? rules : root, "expected 'rules:' with a list of rules");
		goto out;
	}
	for (it = rules->data.sequence.items.start; it < rules->data.sequence.items.top && !l.nomem;
	     it++)
		rule_read(&l, rules_node(&l, *it));
out:
	yaml_document_delete(&l.doc);
	yaml_parser_delete(&parser);
	return l.nomem ? -ENOMEM : ret;
}

static int load_file(struct ruleset *rs, const char *path)
{
	char msg[1200], *text = NULL;
	size_t len = 0;
	FILE *f = fopen(path, "re");
	int ret = 0;

	if (!f) {
		snprintf(msg, sizeof(msg), "%s:1:1: cannot read: %s", path, strerror(errno));
		return lint_add(rs, msg);
	}
	text = malloc(RULES_FILE_MAX + 1);
	if (!text) {
		fclose(f);
		return -ENOMEM;
	}
	len = fread(text, 1, RULES_FILE_MAX + 1, f);
	fclose(f);
	if (len > RULES_FILE_MAX) {
		snprintf(msg, sizeof(msg), "%s:1:1: larger than %u MiB", path,
			 RULES_FILE_MAX >> 20);
		ret = lint_add(rs, msg);
	} else {
		ret = ruleset_load_text(rs, path, text, len);
	}
	free(text);
	return ret;
}

static int yaml_name(const struct dirent *e)
{
	size_t n = strlen(e->d_name);

	return e->d_name[0] != '.' && n > 5 && !strcmp(e->d_name + n - 5, ".yaml");
}

int ruleset_load_path(struct ruleset *rs, const char *path)
{
	struct dirent **names = NULL;
	char file[4200];
	int i, n, ret = 0;
	DIR *d = opendir(path);

	if (!d)
		return errno == ENOTDIR	 ? load_file(rs, path)
		       : errno == ENOENT ? 0
					 : load_file(rs, path);
	closedir(d);
	n = scandir(path, &names, yaml_name, alphasort);
	for (i = 0; i < n; i++) {
		snprintf(file, sizeof(file), "%s/%s", path, names[i]->d_name);
		if (!ret)
			ret = load_file(rs, file);
		free(names[i]);
	}
	free(names);
	return ret;
}

int ruleset_load_builtin(struct ruleset *rs)
{
	size_t i;
	int ret = 0;

	if (dl_status(DL_YAML)->err) { /* one message, not one per file */
		ret = rules_no_yaml(rs, "the built-in rules");
		return ret ? ret : -ENOPKG;
	}
	for (i = 0; !ret && i < tpmdiag_rules_embedded_count; i++)
		ret = ruleset_load_text(rs, tpmdiag_rules_embedded[i].name,
					(const char *)tpmdiag_rules_embedded[i].text,
					tpmdiag_rules_embedded[i].len);
	return ret;
}

int ruleset_finish(struct ruleset *rs)
{
	char msg[512];
	size_t i, j;
	int ret = 0;

	for (i = 0; !ret && i < rs->n; i++)
		for (j = 0; !ret && j < rs->r[i].n_explains; j++)
			if (!ruleset_find(rs, rs->r[i].explains[j])) {
				snprintf(msg, sizeof(msg),
					 "%s:%u:1: rule %s explains '%s', which is "
					 "not a rule",
					 rs->r[i].file, rs->r[i].line, rs->r[i].id,
					 rs->r[i].explains[j]);
				ret = lint_add(rs, msg);
			}
	return ret;
}
