// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The Markdown report, for a bug tracker: summary (machine, verdict, a
 * table of findings), each finding, then the raw evidence in collapsible
 * sections, and what was redacted. With a redactor, everything shown comes
 * from redacted copies. Everything from outside is escaped: it can neither
 * format the report nor break out of a table or a code block.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "probes/tpm/rc.h"
#include "probes/tpm/hex.h"
#include "reports/redact.h"
#include "reports/report.h"

#define MD_VALUE_MAX 8192

enum md_mode {
	MD_INLINE, /* one line: newlines become spaces */
	MD_CELL,   /* a table cell: '|' escaped, newlines become <br> */
	MD_PARA,   /* a paragraph: newlines kept */
};

struct md {
	FILE *f;
	struct redactor *rd;
	const struct facts *fs;	     /* what is shown (a redacted copy, or the run's) */
	const struct kmsg_log *log;  /* the same */
	const struct kmsg_log *orig; /* the run's records, which evidence points at */
	int err;
};

static const char *const sev_label[] = {"note", "WARNING", "ERROR"};

/* ---- escaping ------------------------------------------------------------- */

static void md_esc(FILE *f, const char *s, enum md_mode mode)
{
	bool bol = mode != MD_CELL, lead = false; /* lead: only digits since the line began */

	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\n') {
			if (mode == MD_PARA)
				fputc('\n', f);
			else
				fputs(mode == MD_CELL ? "<br>" : " ", f);
			bol = mode == MD_PARA;
			lead = false;
			continue;
		}
		if (c == '<')
			fputs("&lt;", f);
		else if (c == '>')
			fputs("&gt;", f);
		else if (c == '&')
			fputs("&amp;", f);
		else if (c < 0x20 || c == 0x7f)
			fputc(c == '\t' ? ' ' : '?', f);
		else if (strchr("\\`*_[]|~#@!", c) || (bol && strchr("-+=", c))) {
			fputc('\\', f);
			fputc(c, f);
		} else if ((c == '.' || c == ')') && lead) {
			fputc('\\', f); /* "1." at a line start would start a list */
			fputc(c, f);
		} else
			fputc(c, f);
		lead = (bol || lead) && c >= '0' && c <= '9';
		if (!(bol && c == ' '))
			bol = false;
	}
}

/* The longest run of backticks in s. */
static size_t md_ticks(const char *s)
{
	size_t best = 0, run = 0;

	for (; s && *s; s++) {
		run = *s == '`' ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	return best;
}

static void md_code_text(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		fputc((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f ? '?' : c, f);
	}
}

static void md_fence(FILE *f, size_t n)
{
	while (n--)
		fputc('`', f);
}

/* ---- redacting what the renderer shows --------------------------------------- */

/* s redacted (into *tmp, freed by the caller), or s itself without a redactor; NULL on ENOMEM. */
static const char *md_txt(struct md *m, const char *s, char **tmp)
{
	*tmp = NULL;
	if (!m->rd || !s)
		return s;
	*tmp = redact_str(m->rd, s);
	if (!*tmp)
		m->err = -ENOMEM;
	return *tmp;
}

/* Escaped, redacted text. */
static void md_put(struct md *m, const char *s, enum md_mode mode)
{
	char *tmp;
	const char *t = md_txt(m, s, &tmp);

	if (t)
		md_esc(m->f, t, mode);
	free(tmp);
}

static const struct fact *md_fact(const struct md *m, const struct fact *orig)
{
	return m->rd ? facts_get(m->fs, orig->key) : orig;
}

static const struct kmsg_rec *md_rec(const struct md *m, const struct kmsg_rec *orig)
{
	if (!m->rd)
		return orig;
	if (m->orig && m->log && orig >= m->orig->r && orig < m->orig->r + m->orig->n)
		return &m->log->r[orig - m->orig->r];
	return NULL; /* not one of the run's records: shown through md_put */
}

/* ---- the summary --------------------------------------------------------------- */

static const char *val(const struct facts *fs, const char *key, char *buf, size_t len)
{
	const struct fact *f = facts_get(fs, key);

	if (!f || f->type == FACT_UNREADABLE)
		return NULL;
	fact_value_text(f, buf, len);
	return buf;
}

static void md_machine(struct md *m)
{
	char fam[32], drv[64], hid[64], man[64], rel[128], cnt[16], line[512];
	const char *n = val(m->fs, "tpm.count", cnt, sizeof(cnt));
	const char *r = val(m->fs, "kernel.release", rel, sizeof(rel));
	size_t at = 0;

	if (val(m->fs, "tpm0.family", fam, sizeof(fam)) || (n && strcmp(n, "0"))) {
		at += snprintf(line + at, sizeof(line) - at, "TPM %s on %s",
			       val(m->fs, "tpm0.family", fam, sizeof(fam)) ? fam : "?",
			       val(m->fs, "tpm0.driver", drv, sizeof(drv)) ? drv : "no driver");
		if (at < sizeof(line) && val(m->fs, "tpm0.hid", hid, sizeof(hid)))
			at += snprintf(line + at, sizeof(line) - at, " (%s)", hid);
		if (at < sizeof(line) && val(m->fs, "tpm0.manufacturer", man, sizeof(man)))
			at += snprintf(line + at, sizeof(line) - at, ", made by %s", man);
	} else {
		at += snprintf(line, sizeof(line), "No TPM registered by the kernel");
	}
	if (at < sizeof(line))
		snprintf(line + at, sizeof(line) - at, "; Linux %s", r ? r : "(release unknown)");
	fputs("**Machine:** ", m->f);
	md_put(m, line, MD_INLINE);
}

static void md_verdict(struct md *m, const struct findings *fi)
{
	size_t n[3] = {0, 0, 0}, i;
	const struct finding *root = NULL;

	for (i = 0; i < fi->n; i++) {
		n[fi->f[i].severity]++;
		if (!root && fi->f[i].explained_by < 0 && fi->f[i].severity > SEV_INFO)
			root = &fi->f[i];
	}
	fputs("**Verdict:** ", m->f);
	if (!root) {
		fprintf(m->f, "no problem found%s", n[SEV_INFO] ? " (see the notes below)" : "");
	} else {
		fprintf(m->f, "%zu error%s, %zu warning%s%s; first: ", n[SEV_ERROR],
			n[SEV_ERROR] == 1 ? "" : "s", n[SEV_WARNING],
			n[SEV_WARNING] == 1 ? "" : "s", n[SEV_INFO] ? ", and notes" : "");
		md_put(m, root->title, MD_INLINE);
	}
	if (fi->n_unknown)
		fprintf(m->f, "; %zu TPM line%s not in tpmdiag's database (below)", fi->n_unknown,
			fi->n_unknown == 1 ? " is" : "s are");
}

/* The display order: root causes, each followed by its symptoms. */
static size_t md_order(const struct findings *fi, size_t *ord)
{
	size_t i, j, k = 0;

	for (i = 0; i < fi->n; i++) {
		if (fi->f[i].explained_by >= 0 && (size_t)fi->f[i].explained_by < fi->n)
			continue;
		ord[k++] = i;
		for (j = 0; j < fi->n; j++)
			if (fi->f[j].explained_by == (int)i)
				ord[k++] = j;
	}
	return k;
}

/* Display number (from 1) of finding index i. */
static size_t md_num(const size_t *ord, size_t n, size_t i)
{
	size_t k;

	for (k = 0; k < n && ord[k] != i; k++)
		;
	return k + 1;
}

static void md_title(struct md *m, const struct finding *f, enum md_mode mode)
{
	md_put(m, f->title, mode);
	if (f->chip[0]) {
		fputs(" — ", m->f);
		md_esc(m->f, f->chip, mode);
	}
}

static void md_table(struct md *m, const struct findings *fi, const size_t *ord, size_t n)
{
	size_t k;

	if (!n) {
		fputs("No findings.\n\n", m->f);
		return;
	}
	fputs("| # | Severity | ID | Finding |\n|---|---|---|---|\n", m->f);
	for (k = 0; k < n; k++) {
		const struct finding *f = &fi->f[ord[k]];

		fprintf(m->f, "| %zu | %s | ", k + 1, sev_label[f->severity]);
		md_esc(m->f, f->rule->id, MD_CELL);
		fputs(" | ", m->f);
		if (f->explained_by >= 0)
			fprintf(m->f,
				"↳ symptom of #%zu: ", md_num(ord, n, (size_t)f->explained_by));
		md_title(m, f, MD_CELL);
		fputs(" |\n", m->f);
	}
	fputc('\n', m->f);
}

/* ---- each finding ------------------------------------------------------------- */

static void md_fact_src(struct md *m, const struct fact *f)
{
	const struct fact_src *s = &f->src;

	switch (s->kind) {
	case FACT_SRC_FILE:
		md_put(m, s->path, MD_CELL);
		break;
	case FACT_SRC_KMSG:
		fprintf(m->f, "kernel log record %llu", (unsigned long long)s->kmsg_seq);
		break;
	case FACT_SRC_TPM:
		fputs("the chip's answer to ", m->f);
		md_put(m, s->cmd_name ? s->cmd_name : "a command", MD_CELL);
		break;
	case FACT_SRC_LIBRARY:
	case FACT_SRC_DERIVED:
		fputs(s->kind == FACT_SRC_LIBRARY ? "library" : "derived", m->f);
		break;
	default:
		fputs("-", m->f);
		return;
	}
	if (s->note) {
		fputs(s->kind == FACT_SRC_LIBRARY || s->kind == FACT_SRC_DERIVED ? ": " : " — ",
		      m->f);
		md_put(m, s->note, MD_CELL);
	}
}

static void md_rec_line(struct md *m, const struct kmsg_rec *orig)
{
	const struct kmsg_rec *r = md_rec(m, orig);
	char stamp[48];

	if (!r)
		r = orig; /* fields go through md_put, which redacts */
	if (r->ts >= 0)
		snprintf(stamp, sizeof(stamp), "[%12.6f] ", r->ts);
	else
		stamp[0] = '\0';
	md_esc(m->f, stamp, MD_INLINE);
	if (r->ts < 0 && r->wall) {
		md_put(m, r->wall, MD_INLINE);
		fputc(' ', m->f);
	}
	md_put(m, r->text, MD_INLINE);
}

/* smartctl's "not in smartctl database": the lines no rule knows, said. */
static void md_unknown(struct md *m, const struct findings *fi)
{
	bool one = fi->n_unknown == 1;
	size_t i;

	if (!fi->n_unknown)
		return;
	fprintf(m->f,
		"### Not in tpmdiag's database\n\n%zu TPM line%s no rule knows. tpmdiag cannot "
		"tell whether %s. Please send %s with a bundle (`tpmdiag collect -o FILE`) to "
		"the tpmdiag developers: REPORTING in tpmdiag(1).\n\n",
		fi->n_unknown, one ? "" : "s", one ? "it matters" : "they matter",
		one ? "it" : "them");
	for (i = 0; i < fi->n_unknown; i++) {
		fputs("- ", m->f);
		md_rec_line(m, fi->unknown[i]);
		fputc('\n', m->f);
	}
	fputc('\n', m->f);
}

static void md_evidence(struct md *m, const struct evidence *v)
{
	char text[MD_VALUE_MAX];
	const struct fact *f;

	fputs("- ", m->f);
	if (v->kind == EV_RC && v->fact) {
		struct tpm_rc_desc d;

		tpm_rc_decode(v->rc, v->rc_family == 20 ? TPM_FAMILY_20 : TPM_FAMILY_12, &d);
		md_put(m, v->fact->src.cmd_name ? v->fact->src.cmd_name : "the chip", MD_INLINE);
		fputs(" answered ", m->f);
		md_esc(m->f, d.name ? d.name : "code", MD_INLINE);
		fprintf(m->f, " (0x%x)\n", v->rc);
		return;
	}
	if (v->rec) {
		md_rec_line(m, v->rec);
		fputc('\n', m->f);
		return;
	}
	f = v->fact ? md_fact(m, v->fact) : NULL;
	if (!f) {
		fputs("(evidence not shown)\n", m->f);
		return;
	}
	fact_value_text(f, text, sizeof(text));
	md_esc(m->f, f->key, MD_INLINE);
	fputs(" = ", m->f);
	md_esc(m->f, text, MD_INLINE); /* f is the redacted copy when redacting */
	fputs(" (", m->f);
	md_fact_src(m, f);
	fputs(")\n", m->f);
}

static void md_finding(struct md *m, const struct findings *fi, const size_t *ord, size_t n,
		       size_t k)
{
	const struct finding *f = &fi->f[ord[k]];
	size_t i;

	fprintf(m->f, "#### %zu. %s: ", k + 1, sev_label[f->severity]);
	md_title(m, f, MD_INLINE);
	fputs("\n\n**Rule:** ", m->f);
	md_esc(m->f, f->rule->id, MD_INLINE);
	fprintf(m->f, " · **Severity:** %s", severity_name(f->severity));
	if (f->explained_by >= 0)
		fprintf(m->f, " · a symptom of #%zu", md_num(ord, n, (size_t)f->explained_by));
	fputs("\n\n", m->f);
	md_put(m, f->explain, MD_PARA);
	fputs("\n\n", m->f);
	if (f->n_ev) {
		fputs("**Evidence:**\n\n", m->f);
		for (i = 0; i < f->n_ev; i++)
			md_evidence(m, &f->ev[i]);
		fputc('\n', m->f);
	}
	if (f->n_remedy) {
		fputs("**What to do:**\n\n", m->f);
		for (i = 0; i < f->n_remedy; i++) {
			fprintf(m->f, "%zu. ", i + 1);
			md_put(m, f->remedy[i], MD_INLINE);
			if (i < f->rule->n_remedy && f->rule->remedy[i].action) {
				fputs(" (action: ", m->f);
				md_esc(m->f, f->rule->remedy[i].action, MD_INLINE);
				fputc(')', m->f);
			}
			fputc('\n', m->f);
		}
		fputc('\n', m->f);
	}
	if (f->rule->n_refs) {
		fputs("**References:**\n\n", m->f);
		for (i = 0; i < f->rule->n_refs; i++) {
			fputs("- ", m->f);
			md_put(m, f->rule->refs[i], MD_INLINE);
			fputc('\n', m->f);
		}
		fputc('\n', m->f);
	}
}

/* ---- raw evidence -------------------------------------------------------------- */

static void md_facts(struct md *m)
{
	char text[MD_VALUE_MAX];
	size_t i, n = m->fs ? facts_count(m->fs) : 0;

	fprintf(m->f, "<details><summary>All facts (%zu)</summary>\n\n", n);
	fputs("| Key | Value | Source |\n|---|---|---|\n", m->f);
	for (i = 0; i < n; i++) {
		const struct fact *f = facts_at(m->fs, i);

		fact_value_text(f, text, sizeof(text));
		fputs("| ", m->f);
		md_esc(m->f, f->key, MD_CELL);
		fputs(" | ", m->f);
		md_esc(m->f, text, MD_CELL); /* from the redacted copy when redacting */
		fputs(" | ", m->f);
		md_fact_src(m, f);
		fputs(" |\n", m->f);
	}
	fputs("\n</details>\n\n", m->f);
}

/* The records as one code block; the fence is longer than any backtick run inside. */
static void md_log(struct md *m)
{
	size_t i, ticks = 2, n = m->log ? m->log->n : 0;
	char stamp[48];

	if (!n)
		return;
	for (i = 0; i < n; i++) {
		const struct kmsg_rec *r = &m->log->r[i];
		size_t t = md_ticks(r->text);

		ticks = t > ticks ? t : ticks;
		t = md_ticks(r->trace);
		ticks = t > ticks ? t : ticks;
		t = md_ticks(r->wall);
		ticks = t > ticks ? t : ticks;
	}
	fprintf(m->f, "<details><summary>Kernel log: %zu TPM-related record%s</summary>\n\n", n,
		n == 1 ? "" : "s");
	md_fence(m->f, ticks + 1);
	fputs("text\n", m->f);
	for (i = 0; i < n; i++) {
		const struct kmsg_rec *r = &m->log->r[i];

		if (r->ts >= 0) {
			snprintf(stamp, sizeof(stamp), "[%12.6f] ", r->ts);
			fputs(stamp, m->f);
		} else if (r->wall) {
			md_code_text(m->f, r->wall);
			fputc(' ', m->f);
		}
		if (r->userspace && r->tool)
			fprintf(m->f, "(%s) ", r->tool);
		md_code_text(m->f, r->text);
		fputc('\n', m->f);
		if (r->trace) {
			md_code_text(m->f, r->trace);
			if (*r->trace && r->trace[strlen(r->trace) - 1] != '\n')
				fputc('\n', m->f);
		}
	}
	md_fence(m->f, ticks + 1);
	fputs("\n\n</details>\n\n", m->f);
}

static void md_tpm(struct md *m)
{
	size_t i, n = m->fs ? facts_count(m->fs) : 0, count = 0;

	for (i = 0; i < n; i++) {
		const struct fact *f = facts_at(m->fs, i);

		count += f->src.kind == FACT_SRC_TPM &&
			 (f->src.cmd_len || f->src.rsp_len || f->src.note);
	}
	if (!count)
		return;
	fprintf(m->f, "<details><summary>TPM commands and answers (%zu)</summary>\n\n", count);
	for (i = 0; i < n; i++) {
		const struct fact *f = facts_at(m->fs, i);

		if (f->src.kind != FACT_SRC_TPM ||
		    !(f->src.cmd_len || f->src.rsp_len || f->src.note))
			continue;
		fputs("**", m->f);
		md_esc(m->f, f->key, MD_INLINE);
		fputs("** — ", m->f);
		md_esc(m->f, f->src.cmd_name ? f->src.cmd_name : "a command", MD_INLINE);
		if (f->src.note) {
			fputs(" (", m->f);
			md_esc(m->f, f->src.note, MD_INLINE);
			fputc(')', m->f);
		}
		fputs("\n\n```\n", m->f);
		fputs("command:  ", m->f);
		if (f->src.cmd_len)
			hex_print(m->f, f->src.cmd, f->src.cmd_len, 10);
		else
			fputs("(none)", m->f);
		fputs("\nresponse: ", m->f);
		if (f->src.rsp_len)
			hex_print(m->f, f->src.rsp, f->src.rsp_len, 10);
		else
			fputs("(none)", m->f);
		fputs("\n```\n\n", m->f);
	}
	fputs("</details>\n\n", m->f);
}

static void md_redaction(struct md *m)
{
	char sum[256];

	fputs("---\n\n", m->f);
	if (!m->rd) {
		fputs(
		    "Redaction was off (--no-redact): this report may contain the hostname, serial "
		    "numbers, the EK, UUIDs and MAC addresses.\n",
		    m->f);
		return;
	}
	redactor_summary(m->rd, sum, sizeof(sum));
	if (!strcmp(sum, "nothing"))
		fputs("Redacted: nothing (no hostname, serial number, EK, UUID or MAC address was "
		      "found).\n",
		      m->f);
	else
		fprintf(m->f, "Redacted: %s. Run with --no-redact to keep them.\n", sum);
}

int report_markdown(FILE *f, const struct report *r)
{
	struct facts *rfs = NULL;
	struct kmsg_log *rlog = NULL;
	struct md m = {.f = f, .rd = r->rd, .fs = r->fs, .log = r->log, .orig = r->log};
	size_t *ord = NULL, n = 0, k;
	int ret = 0;

	if (r->rd) {
		if ((ret = redact_facts(r->rd, r->fs, &rfs)) ||
		    (r->log && (ret = redact_log(r->rd, r->log, &rlog))))
			goto out;
		m.fs = rfs;
		m.log = rlog;
	}
	ord = calloc(r->fi->n + 1, sizeof(*ord));
	if (!ord) {
		ret = -ENOMEM;
		goto out;
	}
	n = md_order(r->fi, ord);
	fputs("## tpmdiag report\n\n", f);
	md_machine(&m);
	if (r->source) {
		fputs("  \n**Read from:** ", f);
		md_put(&m, r->source, MD_INLINE);
	}
	fputs("  \n", f);
	md_verdict(&m, r->fi);
	fprintf(f, "  \n**Exit status:** %d\n\n", r->exit_status);
	md_table(&m, r->fi, ord, n);
	if (n)
		fputs("### Findings\n\n", f);
	for (k = 0; k < n; k++)
		md_finding(&m, r->fi, ord, n, k);
	md_unknown(&m, r->fi);
	fputs("### Raw evidence\n\n", f);
	md_facts(&m);
	md_log(&m);
	md_tpm(&m);
	md_redaction(&m);
	ret = m.err ? m.err : ferror(f) ? -EIO : 0;
out:
	free(ord);
	facts_free(rfs);
	kmsg_log_free(rlog);
	return ret;
}
