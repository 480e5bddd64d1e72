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

#define RULES_FILE_MAX	(4u * 1024 * 1024)
#define RULES_DEPTH_MAX 32
/* Conditions in one file: YAML aliases can repeat a subtree exponentially. */
#define RULES_CONDS_MAX 20000
/* A regular expression: length, and bounded repetitions ({n,m}), which glibc expands. */
#define RULES_RE_LEN_MAX    1024
#define RULES_RE_BRACES_MAX 8
#define RULES_RE_COUNT_MAX  255
#define RULES_RE_NODES_MAX  65536 /* what regcomp expands it to (re_cost) */
#define RULES_RE_GROUPS_MAX 32

struct loader {
	struct ruleset *rs;
	const char *name;
	yaml_document_t doc;
	unsigned errors; /* in the rule being read */
	unsigned conds;	 /* conditions read from this file */
	bool nomem;
};

static const char *const severity_names[] = {"info", "warning", "error"};

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

static void cond_free(struct cond *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n_kids; i++)
		cond_free(c->kids[i]);
	free(c->kids);
	free(c->key);
	free(c->re_src);
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
	cond_free(r->when);
	cond_free(r->resolved_when);
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
static void __attribute__((format(printf, 3, 4)))
lerr(struct loader *l, const yaml_node_t *n, const char *fmt, ...)
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

static yaml_node_t *node(struct loader *l, int id)
{
	return yaml_document_get_node(&l->doc, id);
}

static const char *scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* The value node of key in mapping m, or NULL. */
static yaml_node_t *map_get(struct loader *l, const yaml_node_t *m, const char *key)
{
	yaml_node_pair_t *p;

	if (!m || m->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		const char *k = scalar(node(l, p->key));

		if (k && !strcmp(k, key))
			return node(l, p->value);
	}
	return NULL;
}

/* Every key of mapping m must be one of allowed (NULL-terminated). */
static void map_check_keys(struct loader *l, const yaml_node_t *m, const char *what,
			   const char *const *allowed)
{
	yaml_node_pair_t *p;
	size_t i;

	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		yaml_node_t *kn = node(l, p->key);
		const char *k = scalar(kn);
		bool ok = false;

		for (i = 0; k && allowed[i]; i++)
			ok |= !strcmp(k, allowed[i]);
		if (!ok)
			lerr(l, kn, "unknown key '%s' in %s", k ? k : "?", what);
	}
}

static char *dup_scalar(struct loader *l, const yaml_node_t *n, const char *what)
{
	const char *s = scalar(n);
	char *d;

	if (!s) {
		lerr(l, n, "%s: expected a string", what);
		return NULL;
	}
	d = strdup(s);
	if (!d)
		l->nomem = true;
	return d;
}

/* A sequence of strings (or one string) into *out. */
static void strv_read(struct loader *l, const yaml_node_t *n, const char *what, char ***out,
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
		(*out)[0] = dup_scalar(l, n, what);
		*count = (*out)[0] ? 1 : 0;
		return;
	}
	if (n->type != YAML_SEQUENCE_NODE) {
		lerr(l, n, "%s: expected a list of strings", what);
		return;
	}
	max = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	*out = calloc(max ? max : 1, sizeof(char *));
	if (!*out) {
		l->nomem = true;
		return;
	}
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		char *s = dup_scalar(l, node(l, *it), what);

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

static bool parse_i64(const char *s, int64_t *v)
{
	char *end;
	long long x;

	if (!s || !*s)
		return false;
	errno = 0;
	x = strtoll(s, &end, 0);
	if (errno || *end)
		return false;
	*v = x;
	return true;
}

/*
 * What glibc's regcomp builds for s, roughly, in tree nodes: it copies the
 * operand of '+' once and of {n,m} max(n,m) times, so stacked or nested
 * repetitions multiply ("a++++...", "((a+)+)+", "(a{255}){255}").
 * Bracket expressions and escapes count as one node. Stops early at limit.
 */
static double re_cost(const char *s, double limit)
{
	struct {
		double alts, branch, last;
	} st[RULES_RE_GROUPS_MAX + 1] = {{0, 0, 0}};
	unsigned long n, m;
	size_t d = 0;
	const char *p;

	for (p = s; *p && st[d].alts + st[d].branch <= limit; p++) {
		switch (*p) {
		case '\\':
			p += p[1] ? 1 : 0;
			st[d].last = 1;
			st[d].branch += 1;
			break;
		case '[': /* to the closing ']', past a leading ']' and [:class:] */
			p += p[1] == '^' ? 1 : 0;
			p += p[1] == ']' ? 1 : 0;
			while (p[1] && p[1] != ']') {
				p++;
				if (*p == '[' && (p[1] == ':' || p[1] == '.' || p[1] == '=')) {
					const char *e = strchr(p + 2, ']');

					p = e ? e : p; /* the class's own ']' */
				}
			}
			p += p[1] ? 1 : 0;
			st[d].last = 1;
			st[d].branch += 1;
			break;
		case '(':
			if (d == RULES_RE_GROUPS_MAX)
				return limit + 1;
			d++;
			st[d].alts = st[d].branch = st[d].last = 0;
			break;
		case ')':
			if (d) {
				double g = st[d].alts + st[d].branch + 1;

				d--;
				st[d].last = g;
				st[d].branch += g;
			}
			break;
		case '|':
			st[d].alts += st[d].branch + 1;
			st[d].branch = st[d].last = 0;
			break;
		case '+':
			st[d].branch += st[d].last;
			st[d].last *= 2;
			break;
		case '{':
			if (p[1] < '0' || p[1] > '9') {
				st[d].last = 1;
				st[d].branch += 1;
				break;
			}
			n = strtoul(p + 1, NULL, 10);
			p += strspn(p + 1, "0123456789");
			m = p[1] == ',' ? strtoul(p + 2, NULL, 10) : 0;
			n = (m > n ? m : n) + (p[1] == ',' && !m ? 1 : 0);
			n = n ? n : 1;
			st[d].branch += st[d].last * (double)(n - 1);
			st[d].last *= (double)n;
			break;
		case '*':
		case '?':
			break;
		default:
			st[d].last = 1;
			st[d].branch += 1;
			break;
		}
	}
	while (d) {
		double g = st[d].alts + st[d].branch + 1;

		d--;
		st[d].branch += g;
	}
	return st[0].alts + st[0].branch;
}

/*
 * glibc's regcomp expands repetitions, so "(a{255}){255}" or a long run of
 * '+' costs gigabytes: bound the length, the number of {n,m}, their counts,
 * and the size of the tree they expand to.
 */
static bool re_bounded(const char *s)
{
	unsigned long n, m;
	size_t braces = 0;
	const char *p;

	if (strlen(s) > RULES_RE_LEN_MAX)
		return false;
	for (p = s; (p = strchr(p, '{')); p++) {
		if (p > s && p[-1] == '\\')
			continue;
		n = strtoul(p + 1, NULL, 10);
		p += strspn(p + 1, "0123456789");
		m = p[1] == ',' ? strtoul(p + 2, NULL, 10) : 0;
		n = m > n ? m : n;
		if (++braces > RULES_RE_BRACES_MAX || n > RULES_RE_COUNT_MAX)
			return false;
	}
	return re_cost(s, RULES_RE_NODES_MAX) <= RULES_RE_NODES_MAX;
}

static void compile_re(struct loader *l, const yaml_node_t *n, regex_t *re, bool *has, bool icase,
		       char **src)
{
	const char *s = scalar(n);
	char msg[256];
	int r;

	if (!s) {
		lerr(l, n, "expected a regular expression (a string)");
		return;
	}
	if (!re_bounded(s)) {
		lerr(l, n,
		     "regular expression too costly: at most %d characters and %d {n,m} "
		     "repetitions, each count at most %d, nested at most %d deep, and no "
		     "more than %d copies in all once repetitions are expanded (a+ is aa*)",
		     RULES_RE_LEN_MAX, RULES_RE_BRACES_MAX, RULES_RE_COUNT_MAX, RULES_RE_GROUPS_MAX,
		     RULES_RE_NODES_MAX);
		return;
	}
	r = regcomp(re, s, REG_EXTENDED | (icase ? REG_ICASE : 0));
	if (r) {
		regerror(r, re, msg, sizeof(msg));
		lerr(l, n, "bad regular expression '%s': %s", s, msg);
		return;
	}
	*has = true;
	if (src && !*src && !(*src = strdup(s)))
		l->nomem = true;
}

static struct cond *cond_read(struct loader *l, const yaml_node_t *n, unsigned depth);

static void cond_kids(struct loader *l, struct cond *c, const yaml_node_t *n, const char *what,
		      unsigned depth)
{
	yaml_node_item_t *it;
	size_t max;

	if (!n || n->type != YAML_SEQUENCE_NODE) {
		lerr(l, n, "%s: expected a list of conditions", what);
		return;
	}
	max = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	if (!max) {
		lerr(l, n, "%s: the list of conditions is empty", what);
		return;
	}
	c->kids = calloc(max, sizeof(*c->kids));
	if (!c->kids) {
		l->nomem = true;
		return;
	}
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		struct cond *k = cond_read(l, node(l, *it), depth + 1);

		if (k)
			c->kids[c->n_kids++] = k;
	}
}

static const char *const fact_tests[] = {"equals", "in", "matches", "lt",	  "le",
					 "gt",	   "ge", "exists",  "unreadable", "contains"};

static void cond_fact(struct loader *l, struct cond *c, const yaml_node_t *m)
{
	static const char *const keys[] = {"fact",     "equals", "in", "matches", "lt",
					   "le",       "gt",	 "ge", "exists",  "unreadable",
					   "contains", "icase",	 NULL};
	const yaml_node_t *kn = map_get(l, m, "fact"), *v = NULL, *ic = map_get(l, m, "icase");
	const char *s;
	size_t i, found = 0;

	map_check_keys(l, m, "a fact condition", keys);
	c->kind = COND_FACT;
	c->key = dup_scalar(l, kn, "fact");
	if (c->key && !fact_key_known(c->key))
		lerr(l, kn, "unknown fact '%s' (see 'tpmdiag facts' and tpmdiag(1) FACTS)", c->key);
	for (i = 0; i < sizeof(fact_tests) / sizeof(fact_tests[0]); i++) {
		const yaml_node_t *t = map_get(l, m, fact_tests[i]);

		if (t) {
			found++;
			v = t;
			c->test = (enum cond_test)i;
		}
	}
	if (found != 1) {
		lerr(l, m,
		     "a fact condition needs exactly one test: equals, in, matches, lt, le, "
		     "gt, ge, exists, unreadable or contains");
		return;
	}
	s = scalar(v);
	switch (c->test) {
	case TEST_EQUALS:
	case TEST_CONTAINS:
	case TEST_IN:
		strv_read(l, v, fact_tests[c->test], &c->vals, &c->n_vals);
		if (c->test != TEST_IN && c->n_vals != 1)
			lerr(l, v, "%s: expected one value", fact_tests[c->test]);
		break;
	case TEST_MATCHES:
		compile_re(l, v, &c->re, &c->has_re,
			   ic && scalar(ic) && !strcmp(scalar(ic), "true"), &c->re_src);
		break;
	case TEST_LT:
	case TEST_LE:
	case TEST_GT:
	case TEST_GE:
		if (!parse_i64(s, &c->num))
			lerr(l, v, "%s: expected a whole number", fact_tests[c->test]);
		break;
	case TEST_EXISTS:
		if (!s || (strcmp(s, "true") && strcmp(s, "false")))
			lerr(l, v, "exists: expected true or false");
		c->flag = s && !strcmp(s, "true");
		break;
	case TEST_UNREADABLE:
		if (s && !strcmp(s, "true"))
			c->why = FACT_REASON_NONE;
		else if (s && !strcmp(s, "absent"))
			c->why = FACT_ABSENT;
		else if (s && !strcmp(s, "permission"))
			c->why = FACT_PERMISSION;
		else if (s && !strcmp(s, "malformed"))
			c->why = FACT_MALFORMED;
		else if (s && !strcmp(s, "failed"))
			c->why = FACT_FAILED;
		else
			lerr(l, v,
			     "unreadable: expected true, absent, permission, malformed or "
			     "failed");
		break;
	}
}

static void cond_log(struct loader *l, struct cond *c, const yaml_node_t *m)
{
	static const char *const keys[] = {"log", "count", "source", "trace", "icase", NULL};
	const yaml_node_t *ic = map_get(l, m, "icase"), *cn = map_get(l, m, "count"),
			  *sn = map_get(l, m, "source"), *tn = map_get(l, m, "trace");
	bool icase = ic && scalar(ic) && !strcmp(scalar(ic), "true");
	int64_t v = 1;

	map_check_keys(l, m, "a log condition", keys);
	c->kind = COND_LOG;
	compile_re(l, map_get(l, m, "log"), &c->re, &c->has_re, icase, &c->re_src);
	if (tn)
		compile_re(l, tn, &c->trace_re, &c->has_trace, icase, NULL);
	if (cn && (!parse_i64(scalar(cn), &v) || v < 1 || v > 1000000))
		lerr(l, cn, "count: expected a whole number from 1");
	c->count = (unsigned)v;
	if (sn) {
		const char *s = scalar(sn);

		if (s && !strcmp(s, "kernel"))
			c->source = LOG_KERNEL;
		else if (s && !strcmp(s, "userspace"))
			c->source = LOG_USERSPACE;
		else if (!s || strcmp(s, "any"))
			lerr(l, sn, "source: expected kernel, userspace or any");
	}
}

static void cond_rc(struct loader *l, struct cond *c, const yaml_node_t *m)
{
	static const char *const keys[] = {"rc", "family", NULL};
	const yaml_node_t *rn = map_get(l, m, "rc"), *fn = map_get(l, m, "family");
	int64_t v;

	map_check_keys(l, m, "an rc condition", keys);
	c->kind = COND_RC;
	if (!parse_i64(scalar(rn), &v) || v < 0 || v > 0xffffffffLL)
		lerr(l, rn, "rc: expected a return code (0x26, 256)");
	else
		c->rc = (uint32_t)v;
	if (fn) {
		const char *s = scalar(fn);

		if (s && !strcmp(s, "1.2"))
			c->rc_family = 12;
		else if (s && !strcmp(s, "2.0"))
			c->rc_family = 20;
		else
			lerr(l, fn, "family: expected \"1.2\" or \"2.0\"");
	}
}

static void cond_sequence(struct loader *l, struct cond *c, const yaml_node_t *m, unsigned depth)
{
	static const char *const keys[] = {"sequence", "within", NULL};
	const yaml_node_t *wn = map_get(l, m, "within");
	size_t i;

	map_check_keys(l, m, "a sequence", keys);
	c->kind = COND_SEQUENCE;
	c->within = -1;
	cond_kids(l, c, map_get(l, m, "sequence"), "sequence", depth);
	for (i = 0; i < c->n_kids; i++)
		if (c->kids[i]->kind != COND_LOG && c->kids[i]->kind != COND_FACT &&
		    c->kids[i]->kind != COND_RC)
			lerr(l, m, "sequence: each step is a log, fact or rc condition");
	if (wn) {
		char *end;
		const char *s = scalar(wn);

		c->within = s ? strtod(s, &end) : -1;
		if (!s || *end || c->within < 0)
			lerr(l, wn, "within: expected seconds (a number, 0 or more)");
	}
}

static struct cond *cond_read(struct loader *l, const yaml_node_t *n, unsigned depth)
{
	struct cond *c;

	if (!n || n->type != YAML_MAPPING_NODE) {
		lerr(l, n,
		     "expected a condition: a mapping with all, any, not, fact, log, "
		     "sequence or rc");
		return NULL;
	}
	if (depth > RULES_DEPTH_MAX) {
		lerr(l, n, "conditions nested deeper than %d", RULES_DEPTH_MAX);
		return NULL;
	}
	if (++l->conds > RULES_CONDS_MAX) {
		if (l->conds == RULES_CONDS_MAX + 1)
			lerr(l, n,
			     "more than %d conditions in one file (aliases repeating a "
			     "condition?)",
			     RULES_CONDS_MAX);
		return NULL;
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		l->nomem = true;
		return NULL;
	}
	c->line = (unsigned)n->start_mark.line + 1;
	c->col = (unsigned)n->start_mark.column + 1;
	if (map_get(l, n, "all") || map_get(l, n, "any")) {
		static const char *const all_keys[] = {"all", NULL}, *const any_keys[] = {"any",
											  NULL};
		bool all = map_get(l, n, "all") != NULL;

		c->kind = all ? COND_ALL : COND_ANY;
		map_check_keys(l, n, all ? "all" : "any", all ? all_keys : any_keys);
		cond_kids(l, c, map_get(l, n, all ? "all" : "any"), all ? "all" : "any", depth);
	} else if (map_get(l, n, "not")) {
		static const char *const keys[] = {"not", NULL};
		struct cond *k;

		c->kind = COND_NOT;
		map_check_keys(l, n, "not", keys);
		k = cond_read(l, map_get(l, n, "not"), depth + 1);
		c->kids = calloc(1, sizeof(*c->kids));
		if (c->kids && k)
			c->kids[c->n_kids++] = k;
		else
			cond_free(k);
	} else if (map_get(l, n, "fact")) {
		cond_fact(l, c, n);
	} else if (map_get(l, n, "log")) {
		cond_log(l, c, n);
	} else if (map_get(l, n, "sequence")) {
		cond_sequence(l, c, n, depth);
	} else if (map_get(l, n, "rc")) {
		cond_rc(l, c, n);
	} else {
		lerr(l, n, "expected a condition: all, any, not, fact, log, sequence or rc");
	}
	return c;
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
			lerr(l, n,
			     "unclosed '{' in text: templates are {fact:KEY}, {chip}, {0}..{9}, "
			     "{count}");
			return;
		}
		snprintf(name, sizeof(name), "%.*s", (int)(e - p - 1), p + 1);
		if (!strncmp(name, "fact:", 5)) {
			if (!fact_key_known(name + 5))
				lerr(l, n, "unknown fact '%s' in template", name + 5);
		} else if (strcmp(name, "chip") && strcmp(name, "count") &&
			   !(strlen(name) == 1 && name[0] >= '0' && name[0] <= '9')) {
			lerr(l, n,
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
		lerr(l, n, "remedy: expected a list of steps");
		return;
	}
	max = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	r->remedy = calloc(max ? max : 1, sizeof(*r->remedy));
	if (!r->remedy) {
		l->nomem = true;
		return;
	}
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		yaml_node_t *s = node(l, *it);
		struct remedy *st = &r->remedy[r->n_remedy];

		if (s && s->type == YAML_MAPPING_NODE) {
			map_check_keys(l, s, "a remedy step", keys);
			if (!map_get(l, s, "text")) {
				lerr(l, s,
				     "a remedy step needs 'text' (an action goes with a text)");
				continue;
			}
			st->text = dup_scalar(l, map_get(l, s, "text"), "remedy text");
			if (map_get(l, s, "action"))
				st->action = dup_scalar(l, map_get(l, s, "action"), "action");
		} else {
			st->text = dup_scalar(l, s, "remedy step");
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
	static const char *const keys[] = {"id",       "severity",	"group",  "title",
					   "explain",  "when",		"remedy", "references",
					   "explains", "resolved_when", NULL};
	static const char *const required[] = {"id",	  "severity", "group",	   "title",
					       "explain", "when",     "references"};
	struct rule r = {0};
	yaml_node_t *n;
	size_t i;
	int k;

	l->errors = 0;
	if (m->type != YAML_MAPPING_NODE) {
		lerr(l, m,
		     "expected a rule: a mapping with id, severity, group, title, explain, "
		     "when, references");
		return;
	}
	map_check_keys(l, m, "a rule", keys);
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (!map_get(l, m, required[i]))
			lerr(l, m, "the rule has no '%s'", required[i]);
	r.line = (unsigned)m->start_mark.line + 1;
	r.file = strdup(l->name);
	if ((n = map_get(l, m, "id"))) {
		r.id = dup_scalar(l, n, "id");
		if (r.id && !id_ok(r.id))
			lerr(l, n, "id '%s': use lower-case letters, digits and '-'", r.id);
	}
	if ((n = map_get(l, m, "severity"))) {
		k = table_index(scalar(n), severity_names, 3);
		if (k < 0)
			lerr(l, n, "severity: expected info, warning or error");
		r.severity = k < 0 ? SEV_INFO : (enum severity)k;
	}
	if ((n = map_get(l, m, "group"))) {
		r.group = dup_scalar(l, n, "group");
		if (r.group && table_index(r.group, group_names,
					   sizeof(group_names) / sizeof(group_names[0])) < 0)
			lerr(l, n,
			     "group '%s': expected one of presence, probe, bus, timeout, "
			     "interrupt, firmware, startup, selftest, state, ownership, lockout, "
			     "access, ima, userspace",
			     r.group);
	}
	if ((n = map_get(l, m, "title"))) {
		r.title = dup_scalar(l, n, "title");
		check_template(l, n, r.title);
	}
	if ((n = map_get(l, m, "explain"))) {
		r.explain = dup_scalar(l, n, "explain");
		check_template(l, n, r.explain);
	}
	if ((n = map_get(l, m, "when")))
		r.when = cond_read(l, n, 0);
	if ((n = map_get(l, m, "resolved_when")))
		r.resolved_when = cond_read(l, n, 0);
	if ((n = map_get(l, m, "remedy")))
		rule_remedy(l, &r, n);
	if ((n = map_get(l, m, "references"))) {
		strv_read(l, n, "references", &r.refs, &r.n_refs);
		if (!r.n_refs)
			lerr(l, n,
			     "references: at least one (spec section, kernel source, report)");
	}
	if ((n = map_get(l, m, "explains")))
		strv_read(l, n, "explains", &r.explains, &r.n_explains);
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

int ruleset_load_text(struct ruleset *rs, const char *name, const char *text, size_t len)
{
	struct loader l = {.rs = rs, .name = name};
	yaml_parser_t parser;
	yaml_node_t *root, *v, *rules;
	yaml_node_item_t *it;
	int ret = 0;

	if (!yaml_parser_initialize(&parser))
		return -ENOMEM;
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
		lerr(&l, NULL, "the file is empty: expected 'version: 1' and 'rules:'");
		goto out;
	}
	if (root->type != YAML_MAPPING_NODE) {
		lerr(&l, root, "expected a mapping with 'version: 1' and 'rules:'");
		goto out;
	}
	{
		static const char *const keys[] = {"version", "rules", NULL};

		map_check_keys(&l, root, "the file", keys);
	}
	v = map_get(&l, root, "version");
	if (!v || !scalar(v) || strcmp(scalar(v), "1"))
		lerr(&l, v ? v : root, "expected 'version: 1' (this tpmdiag reads format 1)");
	rules = map_get(&l, root, "rules");
	if (!rules || rules->type != YAML_SEQUENCE_NODE) {
		lerr(&l, rules ? rules : root, "expected 'rules:' with a list of rules");
		goto out;
	}
	for (it = rules->data.sequence.items.start; it < rules->data.sequence.items.top && !l.nomem;
	     it++)
		rule_read(&l, node(&l, *it));
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
