// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading the conditions of a rule (when, resolved_when: all, any, not, fact,
 * log, sequence, rc) and bounding the cost of their regular expressions.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "diag/engine/rules.h"
#include "diag/engine/rules_priv.h"

#define RULES_DEPTH_MAX 32
/* Conditions in one file: YAML aliases can repeat a subtree exponentially. */
#define RULES_CONDS_MAX 20000
/* A regular expression: length, and bounded repetitions ({n,m}), which glibc expands. */
#define RULES_RE_LEN_MAX    1024
#define RULES_RE_BRACES_MAX 8
#define RULES_RE_COUNT_MAX  255
#define RULES_RE_NODES_MAX  65536 /* what regcomp expands it to (re_cost) */
#define RULES_RE_GROUPS_MAX 32

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
	const char *s = rules_scalar(n);
	char msg[256];
	int r;

	if (!s) {
		rules_lerr(l, n, "expected a regular expression (a string)");
		return;
	}
	if (!re_bounded(s)) {
		rules_lerr(l, n,
			   "regular expression too costly: at most %d characters and %d {n,m} "
			   "repetitions, each count at most %d, nested at most %d deep, and no "
			   "more than %d copies in all once repetitions are expanded (a+ is aa*)",
			   RULES_RE_LEN_MAX, RULES_RE_BRACES_MAX, RULES_RE_COUNT_MAX,
			   RULES_RE_GROUPS_MAX, RULES_RE_NODES_MAX);
		return;
	}
	r = regcomp(re, s, REG_EXTENDED | (icase ? REG_ICASE : 0));
	if (r) {
		regerror(r, re, msg, sizeof(msg));
		rules_lerr(l, n, "bad regular expression '%s': %s", s, msg);
		return;
	}
	*has = true;
	if (src && !*src && !(*src = strdup(s)))
		l->nomem = true;
}

static void cond_kids(struct loader *l, struct cond *c, const yaml_node_t *n, const char *what,
		      unsigned depth)
{
	yaml_node_item_t *it;
	size_t max;

	if (!n || n->type != YAML_SEQUENCE_NODE) {
		rules_lerr(l, n, "%s: expected a list of conditions", what);
		return;
	}
	max = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	if (!max) {
		rules_lerr(l, n, "%s: the list of conditions is empty", what);
		return;
	}
	c->kids = calloc(max, sizeof(*c->kids));
	if (!c->kids) {
		l->nomem = true;
		return;
	}
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		struct cond *k = rules_cond_read(l, rules_node(l, *it), depth + 1);

		if (k)
			c->kids[c->n_kids++] = k;
	}
}

static const char *const fact_tests[] = {
    "equals", "in",	    "matches",	"lt",	      "le",	    "gt",	 "ge",
    "exists", "unreadable", "contains", "version_in", "version_ge", "version_lt"};

/* version_in: a list of ranges; version_ge, version_lt: one version. */
static void cond_versions(struct loader *l, struct cond *c, const yaml_node_t *v)
{
	char **vals = NULL;
	size_t n = 0, i;

	rules_strv_read(l, v, fact_tests[c->test], &vals, &n);
	if (c->test != TEST_VERSION_IN && n != 1)
		rules_lerr(l, v, "%s: expected one version", fact_tests[c->test]);
	c->ranges = calloc(n ? n : 1, sizeof(*c->ranges));
	if (!c->ranges) {
		l->nomem = true;
		goto out;
	}
	for (i = 0; i < n; i++) {
		struct version_range *r = &c->ranges[c->n_ranges];
		int bad = c->test == TEST_VERSION_IN
			      ? version_range_parse(vals[i], r)
			      : version_range_parse(vals[i], r) || r->has_lo != r->has_hi;

		if (bad) {
			rules_lerr(l, v, "%s: '%s' is not %s", fact_tests[c->test], vals[i],
				   c->test == TEST_VERSION_IN
				       ? "a version range (4.40..4.42, ..4.33, 7.0.., or 5.61)"
				       : "a version (numbers and dots: 5.12)");
			continue;
		}
		c->n_ranges++;
	}
out:
	for (i = 0; i < n; i++)
		free(vals[i]);
	free(vals);
}

static void cond_fact(struct loader *l, struct cond *c, const yaml_node_t *m)
{
	static const char *const keys[] = {"fact",	 "equals",     "in",	     "matches",
					   "lt",	 "le",	       "gt",	     "ge",
					   "exists",	 "unreadable", "contains",   "icase",
					   "version_in", "version_ge", "version_lt", NULL};
	const yaml_node_t *kn = rules_map_get(l, m, "fact"), *v = NULL,
			  *ic = rules_map_get(l, m, "icase");
	const char *s;
	size_t i, found = 0;

	rules_map_check_keys(l, m, "a fact condition", keys);
	c->kind = COND_FACT;
	c->key = rules_dup_scalar(l, kn, "fact");
	if (c->key && !fact_key_known(c->key))
		rules_lerr(l, kn, "unknown fact '%s' (see 'tpmdiag facts' and tpmdiag(1) FACTS)",
			   c->key);
	for (i = 0; i < sizeof(fact_tests) / sizeof(fact_tests[0]); i++) {
		const yaml_node_t *t = rules_map_get(l, m, fact_tests[i]);

		if (t) {
			found++;
			v = t;
			c->test = (enum cond_test)i;
		}
	}
	if (found != 1) {
		rules_lerr(l, m,
			   "a fact condition needs exactly one test: equals, in, matches, lt, le, "
			   "gt, ge, exists, unreadable, contains, version_in, version_ge or "
			   "version_lt");
		return;
	}
	s = rules_scalar(v);
	switch (c->test) {
	case TEST_EQUALS:
	case TEST_CONTAINS:
	case TEST_IN:
		rules_strv_read(l, v, fact_tests[c->test], &c->vals, &c->n_vals);
		if (c->test != TEST_IN && c->n_vals != 1)
			rules_lerr(l, v, "%s: expected one value", fact_tests[c->test]);
		break;
	case TEST_MATCHES:
		compile_re(l, v, &c->re, &c->has_re,
			   ic && rules_scalar(ic) && !strcmp(rules_scalar(ic), "true"), &c->re_src);
		break;
	case TEST_LT:
	case TEST_LE:
	case TEST_GT:
	case TEST_GE:
		if (!parse_i64(s, &c->num))
			rules_lerr(l, v, "%s: expected a whole number", fact_tests[c->test]);
		break;
	case TEST_VERSION_IN:
	case TEST_VERSION_GE:
	case TEST_VERSION_LT:
		cond_versions(l, c, v);
		break;
	case TEST_EXISTS:
		if (!s || (strcmp(s, "true") && strcmp(s, "false")))
			rules_lerr(l, v, "exists: expected true or false");
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
			rules_lerr(l, v,
				   "unreadable: expected true, absent, permission, malformed or "
				   "failed");
		break;
	}
}

static void cond_log(struct loader *l, struct cond *c, const yaml_node_t *m)
{
	static const char *const keys[] = {"log", "count", "source", "trace", "icase", NULL};
	const yaml_node_t *ic = rules_map_get(l, m, "icase"), *cn = rules_map_get(l, m, "count"),
			  *tn = rules_map_get(l, m, "trace");
	bool icase = ic && rules_scalar(ic) && !strcmp(rules_scalar(ic), "true");
	int64_t v = 1;

	rules_map_check_keys(l, m, "a log condition", keys);
	rules_log_pattern(l, c, m);
	if (tn)
		compile_re(l, tn, &c->trace_re, &c->has_trace, icase, NULL);
	if (cn && (!parse_i64(rules_scalar(cn), &v) || v < 1 || v > 1000000))
		rules_lerr(l, cn, "count: expected a whole number from 1");
	c->count = (unsigned)v;
}

void rules_log_pattern(struct loader *l, struct cond *c, const yaml_node_t *m)
{
	const yaml_node_t *ic = rules_map_get(l, m, "icase"), *sn = rules_map_get(l, m, "source");
	bool icase = ic && rules_scalar(ic) && !strcmp(rules_scalar(ic), "true");

	c->kind = COND_LOG;
	c->count = 1;
	compile_re(l, rules_map_get(l, m, "log"), &c->re, &c->has_re, icase, &c->re_src);
	if (sn) {
		const char *s = rules_scalar(sn);

		if (s && !strcmp(s, "kernel"))
			c->source = LOG_KERNEL;
		else if (s && !strcmp(s, "userspace"))
			c->source = LOG_USERSPACE;
		else if (!s || strcmp(s, "any"))
			rules_lerr(l, sn, "source: expected kernel, userspace or any");
	}
}

static void cond_rc(struct loader *l, struct cond *c, const yaml_node_t *m)
{
	static const char *const keys[] = {"rc", "family", NULL};
	const yaml_node_t *rn = rules_map_get(l, m, "rc"), *fn = rules_map_get(l, m, "family");
	int64_t v;

	rules_map_check_keys(l, m, "an rc condition", keys);
	c->kind = COND_RC;
	if (!parse_i64(rules_scalar(rn), &v) || v < 0 || v > 0xffffffffLL)
		rules_lerr(l, rn, "rc: expected a return code (0x26, 256)");
	else
		c->rc = (uint32_t)v;
	if (fn) {
		const char *s = rules_scalar(fn);

		if (s && !strcmp(s, "1.2"))
			c->rc_family = 12;
		else if (s && !strcmp(s, "2.0"))
			c->rc_family = 20;
		else
			rules_lerr(l, fn, "family: expected \"1.2\" or \"2.0\"");
	}
}

static void cond_sequence(struct loader *l, struct cond *c, const yaml_node_t *m, unsigned depth)
{
	static const char *const keys[] = {"sequence", "within", NULL};
	const yaml_node_t *wn = rules_map_get(l, m, "within");
	size_t i;

	rules_map_check_keys(l, m, "a sequence", keys);
	c->kind = COND_SEQUENCE;
	c->within = -1;
	cond_kids(l, c, rules_map_get(l, m, "sequence"), "sequence", depth);
	for (i = 0; i < c->n_kids; i++)
		if (c->kids[i]->kind != COND_LOG && c->kids[i]->kind != COND_FACT &&
		    c->kids[i]->kind != COND_RC)
			rules_lerr(l, m, "sequence: each step is a log, fact or rc condition");
	if (wn) {
		char *end;
		const char *s = rules_scalar(wn);

		c->within = s ? strtod(s, &end) : -1;
		if (!s || *end || c->within < 0)
			rules_lerr(l, wn, "within: expected seconds (a number, 0 or more)");
	}
}

struct cond *rules_cond_read(struct loader *l, const yaml_node_t *n, unsigned depth)
{
	struct cond *c;

	if (!n || n->type != YAML_MAPPING_NODE) {
		rules_lerr(l, n,
			   "expected a condition: a mapping with all, any, not, fact, log, "
			   "sequence or rc");
		return NULL;
	}
	if (depth > RULES_DEPTH_MAX) {
		rules_lerr(l, n, "conditions nested deeper than %d", RULES_DEPTH_MAX);
		return NULL;
	}
	if (++l->conds > RULES_CONDS_MAX) {
		if (l->conds == RULES_CONDS_MAX + 1)
			rules_lerr(l, n,
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
	if (rules_map_get(l, n, "all") || rules_map_get(l, n, "any")) {
		static const char *const all_keys[] = {"all", NULL}, *const any_keys[] = {"any",
											  NULL};
		bool all = rules_map_get(l, n, "all") != NULL;

		c->kind = all ? COND_ALL : COND_ANY;
		rules_map_check_keys(l, n, all ? "all" : "any", all ? all_keys : any_keys);
		cond_kids(l, c, rules_map_get(l, n, all ? "all" : "any"), all ? "all" : "any",
			  depth);
	} else if (rules_map_get(l, n, "not")) {
		static const char *const keys[] = {"not", NULL};
		struct cond *k;

		c->kind = COND_NOT;
		rules_map_check_keys(l, n, "not", keys);
		k = rules_cond_read(l, rules_map_get(l, n, "not"), depth + 1);
		c->kids = calloc(1, sizeof(*c->kids));
		if (c->kids && k)
			c->kids[c->n_kids++] = k;
		else
			rules_cond_free(k);
	} else if (rules_map_get(l, n, "fact")) {
		cond_fact(l, c, n);
	} else if (rules_map_get(l, n, "log")) {
		cond_log(l, c, n);
	} else if (rules_map_get(l, n, "sequence")) {
		cond_sequence(l, c, n, depth);
	} else if (rules_map_get(l, n, "rc")) {
		cond_rc(l, c, n);
	} else {
		rules_lerr(l, n, "expected a condition: all, any, not, fact, log, sequence or rc");
	}
	return c;
}
