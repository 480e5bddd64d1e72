// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Evaluating rules over facts and log records into findings, each with the
 * evidence that made it fire (findings_order.c orders them root cause first).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag/engine/findings.h"
#include "diag/engine/unknown.h"

#define EVAL_CAPS	  10
#define EVAL_LOG_EVIDENCE 8  /* records kept as evidence per log condition */
#define RULES_SEQ_MAX	  16 /* steps in a sequence */

struct eval {
	const struct facts *fs;
	const struct kmsg_log *log;
	const char *chip;  /* "tpm0", or NULL for a machine-wide rule */
	char (*chips)[16]; /* the chips the machine has (resolved_when reads them) */
	size_t n_chips;
	char chiprm[16]; /* "tpmrm0" */
	char caps[EVAL_CAPS][256];
	bool have_caps;
	unsigned count;
	bool have_count;
	struct evidence *ev;
	size_t n_ev, cap_ev;
	/*
	 * While the fallback rules run: the records a finding, a known entry or
	 * another rule already covers (by index in log), which they may not match.
	 */
	const bool *covered;
	bool nomem;
};

static void ev_add(struct eval *e, const struct evidence *v)
{
	struct evidence *grown;
	size_t i;

	for (i = 0; i < e->n_ev; i++)
		if (e->ev[i].kind == v->kind && e->ev[i].fact == v->fact && e->ev[i].rec == v->rec)
			return;
	if (e->n_ev == e->cap_ev) {
		grown = realloc(e->ev, (e->cap_ev ? e->cap_ev * 2 : 16) * sizeof(*grown));
		if (!grown) {
			e->nomem = true;
			return;
		}
		e->ev = grown;
		e->cap_ev = e->cap_ev ? e->cap_ev * 2 : 16;
	}
	e->ev[e->n_ev++] = *v;
}

/* key with tpmN / tpmrmN replaced by the chip being evaluated. */
static const char *eval_key(const struct eval *e, const char *key, char *buf, size_t len)
{
	if (e->chip && !strncmp(key, "tpmN.", 5))
		snprintf(buf, len, "%s.%s", e->chip, key + 5);
	else if (e->chip && !strncmp(key, "tpmrmN.", 7))
		snprintf(buf, len, "%s.%s", e->chiprm, key + 7);
	else
		snprintf(buf, len, "%s", key);
	return buf;
}

static bool fact_number(const struct fact *f, int64_t *v)
{
	char *end;

	if (f->type == FACT_INT) {
		*v = f->num;
		return true;
	}
	if (f->type != FACT_STRING || !f->str[0])
		return false;
	*v = strtoll(f->str, &end, 0);
	return !*end;
}

static bool fact_test(const struct cond *c, const struct fact *f)
{
	struct version ver;
	char text[1024];
	int64_t v;
	size_t i;

	if (c->test == TEST_EXISTS)
		return (f && f->type != FACT_UNREADABLE) == c->flag;
	if (!f)
		return false;
	if (c->test == TEST_UNREADABLE)
		return f->type == FACT_UNREADABLE &&
		       (c->why == FACT_REASON_NONE || f->why == c->why);
	if (f->type == FACT_UNREADABLE)
		return false;
	fact_value_text(f, text, sizeof(text));
	switch (c->test) {
	case TEST_EQUALS:
		return !strcmp(text, c->vals[0]);
	case TEST_IN:
		for (i = 0; i < c->n_vals; i++)
			if (!strcmp(text, c->vals[i]))
				return true;
		return false;
	case TEST_CONTAINS:
		for (i = 0; f->type == FACT_LIST && i < f->n_items; i++)
			if (!strcmp(f->items[i], c->vals[0]))
				return true;
		return false;
	case TEST_MATCHES:
		if (f->type != FACT_LIST)
			return regexec(&c->re, text, 0, NULL, 0) == 0;
		for (i = 0; i < f->n_items; i++)
			if (regexec(&c->re, f->items[i], 0, NULL, 0) == 0)
				return true;
		return false;
	case TEST_LT:
		return fact_number(f, &v) && v < c->num;
	case TEST_LE:
		return fact_number(f, &v) && v <= c->num;
	case TEST_GT:
		return fact_number(f, &v) && v > c->num;
	case TEST_GE:
		return fact_number(f, &v) && v >= c->num;
	case TEST_VERSION_IN:
		if (version_parse(text, &ver))
			return false;
		for (i = 0; i < c->n_ranges; i++)
			if (version_in_range(&ver, &c->ranges[i]))
				return true;
		return false;
	case TEST_VERSION_GE:
		return c->n_ranges && !version_parse(text, &ver) &&
		       version_cmp(&ver, &c->ranges[0].lo) >= 0;
	case TEST_VERSION_LT:
		return c->n_ranges && !version_parse(text, &ver) &&
		       version_cmp(&ver, &c->ranges[0].lo) < 0;
	case TEST_EXISTS:
	case TEST_UNREADABLE:
		break;
	}
	return false;
}

static bool eval_fact(struct eval *e, const struct cond *c)
{
	struct evidence v = {.kind = EV_FACT};
	char key[160];
	const struct fact *f = facts_get(e->fs, eval_key(e, c->key, key, sizeof(key)));

	if (!fact_test(c, f))
		return false;
	if (f) {
		v.fact = f;
		ev_add(e, &v);
	}
	return true;
}

/* Does record i of the log match log condition c? m receives the capture groups. */
static bool rec_match(const struct eval *e, const struct cond *c, size_t i, regmatch_t *m)
{
	const struct kmsg_rec *r = &e->log->r[i];

	if (e->covered && e->covered[i])
		return false;
	if ((c->source == LOG_KERNEL && r->userspace) ||
	    (c->source == LOG_USERSPACE && !r->userspace))
		return false;
	if (!r->text || regexec(&c->re, r->text, EVAL_CAPS, m, 0))
		return false;
	return !c->has_trace || (r->trace && !regexec(&c->trace_re, r->trace, 0, NULL, 0));
}

static void eval_caps(struct eval *e, const char *text, const regmatch_t *m)
{
	size_t i;

	if (e->have_caps)
		return;
	e->have_caps = true;
	for (i = 0; i < EVAL_CAPS; i++) {
		e->caps[i][0] = '\0';
		if (m[i].rm_so >= 0)
			snprintf(e->caps[i], sizeof(e->caps[i]), "%.*s",
				 (int)(m[i].rm_eo - m[i].rm_so), text + m[i].rm_so);
	}
}

static bool eval_log(struct eval *e, const struct cond *c)
{
	struct evidence v = {.kind = EV_LOG};
	regmatch_t m[EVAL_CAPS];
	size_t i, first = 0;
	unsigned n = 0;

	for (i = 0; e->log && i < e->log->n; i++)
		if (rec_match(e, c, i, m) && !n++)
			first = i;
	if (!n || n < c->count)
		return false;
	rec_match(e, c, first, m); /* the captures of the first match */
	eval_caps(e, e->log->r[first].text, m);
	if (!e->have_count) {
		e->count = n;
		e->have_count = true;
	}
	for (i = first, n = 0; i < e->log->n && n < EVAL_LOG_EVIDENCE; i++)
		if (rec_match(e, c, i, m)) {
			v.rec = &e->log->r[i];
			ev_add(e, &v);
			n++;
		}
	return true;
}

/* The return code and family of a TPM response (facts' provenance). */
static bool rsp_rc(const struct fact_src *s, uint32_t *rc, int *fam)
{
	const uint8_t *p = s->rsp;
	unsigned tag;

	if (s->kind != FACT_SRC_TPM || !p || s->rsp_len < 10)
		return false;
	tag = (unsigned)p[0] << 8 | p[1];
	*fam = tag >= 0xc4 && tag <= 0xc6 ? 12 : tag == 0x8001 || tag == 0x8002 ? 20 : 0;
	*rc = (uint32_t)p[6] << 24 | (uint32_t)p[7] << 16 | (uint32_t)p[8] << 8 | p[9];
	return true;
}

static bool eval_rc(struct eval *e, const struct cond *c)
{
	struct evidence v = {.kind = EV_RC};
	bool hit = false;
	size_t i, cl = e->chip ? strlen(e->chip) : 0;
	uint32_t rc;
	int fam;

	for (i = 0; i < facts_count(e->fs); i++) {
		const struct fact *f = facts_at(e->fs, i);

		if (e->chip && (strncmp(f->key, e->chip, cl) || f->key[cl] != '.'))
			continue;
		if (!rsp_rc(&f->src, &rc, &fam) || rc != c->rc ||
		    (c->rc_family && fam != c->rc_family))
			continue;
		v.fact = f;
		v.rec = NULL;
		v.rc = rc;
		v.rc_family = fam;
		ev_add(e, &v);
		hit = true;
		break; /* one answer is evidence enough; many facts share it */
	}
	for (i = 0; e->log && i < e->log->n; i++) {
		const struct kmsg_rec *r = &e->log->r[i];

		if (!r->has_rc || r->rc != c->rc ||
		    (c->rc_family && r->rc_family && r->rc_family != c->rc_family) ||
		    (e->covered && e->covered[i]))
			continue;
		v.fact = NULL;
		v.rec = r;
		v.rc = r->rc;
		v.rc_family = r->rc_family;
		ev_add(e, &v);
		hit = true;
	}
	return hit;
}

static bool eval_cond(struct eval *e, const struct cond *c);

/* The indices of the records matching log condition c, in order. */
static size_t *matching_records(const struct eval *e, const struct cond *c, size_t *n)
{
	size_t *v = malloc((e->log->n ? e->log->n : 1) * sizeof(*v)), i;
	regmatch_t m[EVAL_CAPS];

	*n = 0;
	for (i = 0; v && i < e->log->n; i++)
		if (rec_match(e, c, i, m))
			v[(*n)++] = i;
	return v;
}

/*
 * Records matching the log steps in order (by position, never earlier in
 * time), the last within c->within seconds of the first; fact and rc steps
 * hold "now". Each step's matches are found in one pass, then walked with
 * one cursor per step, so a sequence costs O(records x steps).
 */
static bool eval_sequence(struct eval *e, const struct cond *c)
{
	size_t *idx[RULES_SEQ_MAX] = {0}, cnt[RULES_SEQ_MAX] = {0}, cur[RULES_SEQ_MAX] = {0};
	size_t k, k0 = RULES_SEQ_MAX, s0, mark = e->n_ev, chosen[RULES_SEQ_MAX];
	regmatch_t m[EVAL_CAPS];
	bool ok = false;

	if (!e->log || c->n_kids > RULES_SEQ_MAX)
		return false;
	for (k = 0; k < c->n_kids; k++) {
		if (c->kids[k]->kind != COND_LOG) {
			if (!eval_cond(e, c->kids[k]))
				goto out;
			continue;
		}
		if (k0 == RULES_SEQ_MAX)
			k0 = k; /* the first log step: its matches are the candidate starts */
		idx[k] = matching_records(e, c->kids[k], &cnt[k]);
		if (!idx[k]) {
			e->nomem = true;
			goto out;
		}
		if (!cnt[k])
			goto out;
	}
	if (k0 == RULES_SEQ_MAX) {
		ok = true; /* no log step: the fact and rc steps held */
		goto out;
	}
	for (s0 = 0; !ok && s0 < cnt[k0]; s0++) {
		const struct kmsg_rec *first = NULL, *last = NULL;
		size_t pos = 0;
		bool have = true;

		for (k = 0; have && k < c->n_kids; k++) {
			const struct kmsg_rec *r;

			if (c->kids[k]->kind != COND_LOG)
				continue;
			if (!first)
				cur[k] = s0;
			while (cur[k] < cnt[k] && idx[k][cur[k]] < pos)
				cur[k]++;
			while (cur[k] < cnt[k] && last && last->ts >= 0 &&
			       e->log->r[idx[k][cur[k]]].ts >= 0 &&
			       e->log->r[idx[k][cur[k]]].ts < last->ts)
				cur[k]++;
			if (cur[k] == cnt[k]) {
				have = false;
				break;
			}
			chosen[k] = idx[k][cur[k]];
			r = &e->log->r[chosen[k]];
			first = first ? first : r;
			last = r;
			pos = chosen[k] + 1;
		}
		if (!have)
			break; /* later starts only move every cursor further */
		if (c->within >= 0 && first && last && first->ts >= 0 && last->ts >= 0 &&
		    last->ts - first->ts > c->within)
			continue;
		ok = true;
		for (k = 0; k < c->n_kids; k++)
			if (c->kids[k]->kind == COND_LOG) {
				const struct kmsg_rec *r = &e->log->r[chosen[k]];

				if (r == first) {
					rec_match(e, c->kids[k], chosen[k], m);
					eval_caps(e, r->text, m);
				}
				ev_add(e, &(struct evidence){.kind = EV_LOG, .rec = r});
			}
	}
out:
	for (k = 0; k < RULES_SEQ_MAX; k++)
		free(idx[k]);
	if (!ok)
		e->n_ev = mark;
	return ok;
}

static bool eval_cond(struct eval *e, const struct cond *c)
{
	size_t i, mark = e->n_ev;
	bool ok;

	switch (c->kind) {
	case COND_ALL:
		for (i = 0; i < c->n_kids; i++)
			if (!eval_cond(e, c->kids[i])) {
				e->n_ev = mark;
				return false;
			}
		return true;
	case COND_ANY:
		for (i = 0; i < c->n_kids; i++) {
			if (eval_cond(e, c->kids[i]))
				return true;
			e->n_ev = mark;
		}
		return false;
	case COND_NOT:
		ok = c->n_kids && !eval_cond(e, c->kids[0]);
		e->n_ev = mark; /* what is absent has no evidence */
		return ok;
	case COND_FACT:
		return eval_fact(e, c);
	case COND_LOG:
		return eval_log(e, c);
	case COND_SEQUENCE:
		return eval_sequence(e, c);
	case COND_RC:
		return eval_rc(e, c);
	}
	return false;
}

/* Expand {fact:KEY}, {chip}, {0}..{9}, {count} in t. */
static char *expand(const struct eval *e, const char *t)
{
	char out[4096], key[160], val[1024], name[160];
	const char *p = t, *q;
	size_t o = 0;

	while (*p && o + 1 < sizeof(out)) {
		q = *p == '{' ? strchr(p, '}') : NULL;
		if (!q) {
			out[o++] = *p++;
			continue;
		}
		snprintf(name, sizeof(name), "%.*s", (int)(q - p - 1), p + 1);
		val[0] = '\0';
		if (!strncmp(name, "fact:", 5)) {
			const struct fact *f =
			    facts_get(e->fs, eval_key(e, name + 5, key, sizeof(key)));

			if (f)
				fact_value_text(f, val, sizeof(val));
			else
				snprintf(val, sizeof(val), "(unknown)");
		} else if (!strcmp(name, "chip")) {
			snprintf(val, sizeof(val), "%s", e->chip ? e->chip : "the TPM");
		} else if (!strcmp(name, "count")) {
			snprintf(val, sizeof(val), "%u", e->count);
		} else if (strlen(name) == 1 && name[0] >= '0' && name[0] <= '9') {
			snprintf(val, sizeof(val), "%s", e->caps[name[0] - '0']);
		}
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s", val);
		if (o >= sizeof(out))
			o = sizeof(out) - 1;
		p = q + 1;
	}
	out[o] = '\0';
	return strdup(out);
}

static void finding_clear(struct finding *f)
{
	size_t i;

	free(f->title);
	free(f->explain);
	for (i = 0; i < f->n_remedy; i++)
		free(f->remedy[i]);
	free(f->remedy);
	free(f->ev);
}

void findings_free(struct findings *fs)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		finding_clear(&fs->f[i]);
	free(fs->f);
	fs->f = NULL;
	fs->n = fs->cap = 0;
	free((void *)fs->unknown);
	fs->unknown = NULL;
	fs->n_unknown = 0;
}

static int finding_add(struct findings *out, const struct rule *r, struct eval *e)
{
	struct finding *f, *grown;
	size_t i;

	if (out->n == out->cap) {
		grown = realloc(out->f, (out->cap ? out->cap * 2 : 16) * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		out->f = grown;
		out->cap = out->cap ? out->cap * 2 : 16;
	}
	f = &out->f[out->n];
	memset(f, 0, sizeof(*f));
	f->rule = r;
	f->severity = r->severity;
	f->explained_by = -1;
	snprintf(f->chip, sizeof(f->chip), "%s", e->chip ? e->chip : "");
	f->title = expand(e, r->title);
	f->explain = expand(e, r->explain);
	f->remedy = calloc(r->n_remedy ? r->n_remedy : 1, sizeof(char *));
	f->ev = e->n_ev ? malloc(e->n_ev * sizeof(*f->ev)) : NULL;
	if (!f->title || !f->explain || !f->remedy || (e->n_ev && !f->ev)) {
		finding_clear(f);
		return -ENOMEM;
	}
	for (i = 0; i < r->n_remedy; i++) {
		f->remedy[i] = expand(e, r->remedy[i].text);
		if (!f->remedy[i]) {
			f->n_remedy = i;
			finding_clear(f);
			return -ENOMEM;
		}
	}
	f->n_remedy = r->n_remedy;
	if (e->n_ev)
		memcpy(f->ev, e->ev, e->n_ev * sizeof(*f->ev));
	f->n_ev = e->n_ev;
	out->n++;
	return 0;
}

/*
 * Does the rule's resolved_when hold: for the finding's chip, or for a
 * machine-wide finding for some chip the machine has? (Evidence the check
 * gathers is not the finding's: it is dropped.)
 */
static bool eval_resolved(const struct rule *r, struct eval *e)
{
	const char *chip = e->chip;
	size_t i, n_ev = e->n_ev;
	bool yes = false;

	if (!r->resolved_when)
		return false;
	for (i = 0; !yes && i < (chip ? 1 : e->n_chips); i++) {
		if (!chip) {
			e->chip = e->chips[i];
			snprintf(e->chiprm, sizeof(e->chiprm), "tpmrm%s", e->chips[i] + 3);
		}
		yes = eval_cond(e, r->resolved_when);
	}
	e->chip = chip;
	e->n_ev = n_ev;
	return yes;
}

/* " (earlier; now resolved)" after the title, and why in the explanation. */
static int finding_resolve(struct finding *f)
{
	char *title = NULL, *explain = NULL;

	if (asprintf(&title, "%s (earlier; resolved now)", f->title) < 0)
		return -ENOMEM;
	if (asprintf(&explain,
		     "%s\nThis is history: the chip's answers now show it resolved (for "
		     "instance by tpmdiag fix, or because the chip was started or owned "
		     "since), so it is kept as a note.",
		     f->explain) < 0) {
		free(title);
		return -ENOMEM;
	}
	free(f->title);
	free(f->explain);
	f->title = title;
	f->explain = explain;
	f->severity = SEV_INFO;
	f->resolved = true;
	return 0;
}

static int eval_rule(const struct rule *r, struct eval *e, struct findings *out)
{
	int ret;

	e->n_ev = 0;
	e->have_caps = e->have_count = false;
	e->count = 0;
	memset(e->caps, 0, sizeof(e->caps));
	if (!eval_cond(e, r->when))
		return e->nomem ? -ENOMEM : 0;
	ret = e->nomem ? -ENOMEM : finding_add(out, r, e);
	if (!ret && eval_resolved(r, e))
		ret = finding_resolve(&out->f[out->n - 1]);
	return ret ? ret : e->nomem ? -ENOMEM : 0;
}

#define EVAL_CHIPS_MAX 16

/*
 * The chips to evaluate per-chip rules for: those in tpm.devices, and those
 * the device probe asked (a swtpm:, spawn: or replay: device has tpmN.chip
 * facts but no /sys/class/tpm entry).
 */
static size_t chip_list(const struct facts *fs, char chips[][16])
{
	const struct fact *f = facts_get(fs, "tpm.devices");
	size_t i, j, n = 0;
	char name[16];

	for (i = 0; f && f->type == FACT_LIST && i < f->n_items && n < EVAL_CHIPS_MAX; i++)
		snprintf(chips[n++], 16, "%s", f->items[i]);
	for (i = 0; i < facts_count(fs) && n < EVAL_CHIPS_MAX; i++) {
		const char *k = facts_at(fs, i)->key, *dot = strstr(k, ".chip");
		size_t l = dot ? (size_t)(dot - k) : 0;

		if (!dot || strncmp(k, "tpm", 3) || l < 4 || l >= sizeof(name) ||
		    strspn(k + 3, "0123456789") != l - 3)
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)l, k);
		for (j = 0; j < n && strcmp(chips[j], name); j++)
			;
		if (j == n)
			snprintf(chips[n++], 16, "%s", name);
	}
	return n;
}

/* Every rule of the pass (fallback rules or the others) over the machine. */
static int eval_pass(const struct ruleset *rs, bool fallback, struct eval *e, struct findings *out)
{
	size_t i, j;
	int ret = 0;

	for (i = 0; !ret && i < rs->n; i++) {
		const struct rule *r = &rs->r[i];

		if (r->fallback != fallback)
			continue;
		if (!r->per_chip) {
			e->chip = NULL;
			ret = eval_rule(r, e, out);
			continue;
		}
		for (j = 0; !ret && j < e->n_chips; j++) {
			e->chip = e->chips[j];
			snprintf(e->chiprm, sizeof(e->chiprm), "tpmrm%s", e->chips[j] + 3);
			ret = eval_rule(r, e, out);
		}
	}
	return ret;
}

int rules_evaluate(const struct ruleset *rs, const struct facts *facts, const struct kmsg_log *log,
		   struct findings *out)
{
	return rules_evaluate_ex(rs, facts, log, 0, out);
}

int rules_evaluate_ex(const struct ruleset *rs, const struct facts *facts,
		      const struct kmsg_log *log, unsigned flags, struct findings *out)
{
	struct eval e = {.fs = facts, .log = log};
	char chips[EVAL_CHIPS_MAX][16];
	bool *covered = NULL;
	int ret;

	memset(out, 0, sizeof(*out));
	e.chips = chips;
	e.n_chips = chip_list(facts, chips);
	ret = eval_pass(rs, false, &e, out);
	if (!ret)
		ret = records_covered(rs, log, out, &covered);
	if (!ret) { /* then the rules for a class of line, on what no finding explained */
		e.covered = covered;
		ret = eval_pass(rs, true, &e, out);
	}
	free(covered);
	free(e.ev);
	if (!ret)
		ret = findings_order(out);
	if (!ret && !(flags & RULES_EVAL_NO_UNKNOWN))
		ret = records_unknown(rs, log, out, &out->unknown, &out->n_unknown);
	if (ret)
		findings_free(out);
	return ret;
}
