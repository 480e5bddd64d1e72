// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tpmdiag check --format junit: one <testsuite> per rule group, each with
 * one <testcase> named after the group, so a CI system lists every family
 * of checks. A group fails when it has a finding of severity warning or
 * error (the <failure> carries the explanation, the evidence and the
 * steps); notes go to the test case's <system-out>. Every group is listed,
 * passed or not. A finding of a group not in the table (a rule file of a
 * newer tpmdiag) goes to a suite "other".
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "probes/tpm/rc.h"
#include "reports/redact.h"
#include "reports/report.h"
#include "reports/utf8.h"

static const char *const groups[] = {
    "presence", "probe", "bus",	      "timeout", "interrupt", "firmware", "startup",
    "selftest", "state", "ownership", "lockout", "access",    "ima",	  "userspace",
};
#define N_GROUPS (sizeof(groups) / sizeof(groups[0]))
#define OTHER	 "other"
#define UNKNOWN	 "not-in-database" /* the lines no rule knows */

static const char *const sev_label[] = {"note", "WARNING", "ERROR"};

/*
 * s as XML character data (attr: inside a "..." attribute, where line
 * breaks and tabs are written as references). Control characters XML 1.0
 * does not allow are left out; a byte that is not UTF-8 becomes '?'.
 */
static void xml_put(FILE *out, const char *str, bool attr)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str), i = 0, len;

	while (i < n) {
		unsigned char ch = s[i];

		if (ch >= 0x80) {
			len = utf8_len(s + i, n - i);
			if (len)
				fwrite(s + i, 1, len, out);
			else
				fputc('?', out);
			i += len ? len : 1;
			continue;
		}
		switch (ch) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&apos;", out);
			break;
		case '\n':
		case '\t':
		case '\r':
			if (attr)
				fprintf(out, "&#%d;", ch);
			else
				fputc(ch, out);
			break;
		default:
			if (ch >= 0x20 && ch != 0x7f)
				fputc(ch, out);
			break;
		}
		i++;
	}
}

/* xml_put of s through the redactor when there is one; -ENOMEM. */
static int xml_put_red(FILE *out, struct redactor *rd, const char *s, bool attr)
{
	char *t;

	if (!rd) {
		xml_put(out, s, attr);
		return 0;
	}
	t = redact_str(rd, s);
	if (!t)
		return -ENOMEM;
	xml_put(out, t, attr);
	free(t);
	return 0;
}

static void evidence_text(FILE *out, const struct evidence *v)
{
	char text[4096];
	struct tpm_rc_desc d = {0};

	if (v->kind == EV_RC) {
		tpm_rc_decode(v->rc, v->rc_family == 20 ? TPM_FAMILY_20 : TPM_FAMILY_12, &d);
		fprintf(out, "  %s answered %s (0x%x)\n",
			v->fact && v->fact->src.cmd_name ? v->fact->src.cmd_name : "the chip",
			d.name ? d.name : "code", v->rc);
		if (v->fact)
			return;
	}
	if (v->rec) {
		if (v->rec->ts >= 0)
			fprintf(out, "  [%12.6f] %s\n", v->rec->ts, v->rec->text);
		else
			fprintf(out, "  %s%s%s\n", v->rec->wall ? v->rec->wall : "",
				v->rec->wall ? " " : "", v->rec->text);
		return;
	}
	if (!v->fact)
		return;
	fact_value_text(v->fact, text, sizeof(text));
	fprintf(out, "  %s = %s", v->fact->key, text);
	if (v->fact->src.kind == FACT_SRC_FILE && v->fact->src.path)
		fprintf(out, "  (%s)", v->fact->src.path);
	else if (v->fact->src.kind == FACT_SRC_TPM && v->fact->src.cmd_name)
		fprintf(out, "  (the chip's answer to %s)", v->fact->src.cmd_name);
	fputc('\n', out);
}

/* A finding as plain text: what a person reads in the CI system. */
static void finding_text(FILE *out, const struct findings *fi, const struct finding *f)
{
	size_t i;

	fprintf(out, "%s: %s%s%s [%s]\n", sev_label[f->severity], f->title, f->chip[0] ? " - " : "",
		f->chip, f->rule->id);
	if (f->explained_by >= 0 && (size_t)f->explained_by < fi->n)
		fprintf(out, "Explained by: %s\n", fi->f[f->explained_by].rule->id);
	fprintf(out, "%s%s", f->explain,
		f->explain[0] && f->explain[strlen(f->explain) - 1] == '\n' ? "" : "\n");
	if (f->n_ev)
		fprintf(out, "Evidence:\n");
	for (i = 0; i < f->n_ev; i++)
		evidence_text(out, &f->ev[i]);
	if (f->n_remedy)
		fprintf(out, "What to do:\n");
	for (i = 0; i < f->n_remedy; i++) {
		const char *action = i < f->rule->n_remedy ? f->rule->remedy[i].action : NULL;

		fprintf(out, "  %zu. %s%s%s%s\n", i + 1, f->remedy[i], action ? " [action: " : "",
			action ? action : "", action ? "]" : "");
	}
	for (i = 0; i < f->rule->n_refs; i++)
		fprintf(out, "%s %s\n", i ? "           " : "References:", f->rule->refs[i]);
	fputc('\n', out);
}

/* Whether finding f belongs to group g (OTHER: to no group of the table). */
static bool in_group(const struct finding *f, const char *g)
{
	size_t i;

	if (strcmp(g, OTHER))
		return f->rule->group && !strcmp(f->rule->group, g);
	for (i = 0; i < N_GROUPS; i++)
		if (f->rule->group && !strcmp(f->rule->group, groups[i]))
			return false;
	return true;
}

/* The text of the findings of group g with (fail) or without severity >= warning. */
static int group_text(const struct findings *fi, const char *g, bool fail, char **buf)
{
	size_t len = 0, i;
	FILE *m = open_memstream(buf, &len);

	if (!m)
		return -ENOMEM;
	for (i = 0; i < fi->n; i++)
		if (in_group(&fi->f[i], g) && (fi->f[i].severity >= SEV_WARNING) == fail)
			finding_text(m, fi, &fi->f[i]);
	if (fclose(m))
		return -ENOMEM;
	return 0;
}

/* The first finding of group g with the highest severity (at least warning), or NULL. */
static const struct finding *group_worst(const struct findings *fi, const char *g)
{
	const struct finding *w = NULL;
	size_t i;

	for (i = 0; i < fi->n; i++)
		if (in_group(&fi->f[i], g) && fi->f[i].severity >= SEV_WARNING &&
		    (!w || fi->f[i].severity > w->severity))
			w = &fi->f[i];
	return w;
}

static int write_suite(FILE *out, const struct report *r, const char *g)
{
	const struct finding *w = group_worst(r->fi, g);
	char *fail = NULL, *notes = NULL;
	int ret;

	ret = group_text(r->fi, g, true, &fail);
	if (!ret)
		ret = group_text(r->fi, g, false, &notes);
	if (ret)
		goto out;
	fprintf(out,
		"  <testsuite name=\"%s\" tests=\"1\" failures=\"%d\" errors=\"0\" "
		"skipped=\"0\">\n",
		g, w ? 1 : 0);
	fprintf(out, "    <testcase classname=\"tpmdiag.%s\" name=\"%s\">\n", g, g);
	if (w) {
		fprintf(out, "      <failure message=\"");
		ret = xml_put_red(out, r->rd, w->title, true);
		fprintf(out, "\" type=\"%s\">", severity_name(w->severity));
		if (!ret)
			ret = xml_put_red(out, r->rd, fail, false);
		fprintf(out, "</failure>\n");
	}
	if (!ret && notes[0]) {
		fprintf(out, "      <system-out>");
		ret = xml_put_red(out, r->rd, notes, false);
		fprintf(out, "</system-out>\n");
	}
	fprintf(out, "    </testcase>\n  </testsuite>\n");
out:
	free(fail);
	free(notes);
	return ret;
}

/*
 * The lines not in the database: a passing test case (they never change
 * the exit status), the lines in its <system-out>.
 */
static int write_unknown(FILE *out, const struct report *r)
{
	const struct findings *fi = r->fi;
	char stamp[48];
	size_t i;
	int ret = 0;

	fprintf(out,
		"  <testsuite name=\"%s\" tests=\"1\" failures=\"0\" errors=\"0\" "
		"skipped=\"0\">\n",
		UNKNOWN);
	fprintf(out, "    <testcase classname=\"tpmdiag.%s\" name=\"%s\">\n", UNKNOWN, UNKNOWN);
	fprintf(out,
		"      <system-out>%zu TPM line%s no rule knows (tpmdiag cannot tell whether "
		"%s; REPORTING in tpmdiag(1)):\n",
		fi->n_unknown, fi->n_unknown == 1 ? "" : "s",
		fi->n_unknown == 1 ? "it matters" : "they matter");
	for (i = 0; !ret && i < fi->n_unknown; i++) {
		const struct kmsg_rec *k = fi->unknown[i];

		stamp[0] = '\0';
		if (k->ts >= 0)
			snprintf(stamp, sizeof(stamp), "[%12.6f] ", k->ts);
		fputs(stamp, out);
		ret = xml_put_red(out, r->rd, k->text, false);
		fputc('\n', out);
	}
	fprintf(out, "</system-out>\n    </testcase>\n  </testsuite>\n");
	return ret;
}

int report_junit(FILE *out, const struct report *r)
{
	size_t i, tests = N_GROUPS, failures = 0;
	bool other = false;
	int ret = 0;

	for (i = 0; i < r->fi->n; i++)
		other = other || in_group(&r->fi->f[i], OTHER);
	tests += other + (r->fi->n_unknown > 0);
	for (i = 0; i < N_GROUPS; i++)
		failures += group_worst(r->fi, groups[i]) != NULL;
	failures += other && group_worst(r->fi, OTHER);
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	fprintf(out, "<testsuites name=\"tpmdiag\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n",
		tests, failures);
	for (i = 0; !ret && i < N_GROUPS; i++)
		ret = write_suite(out, r, groups[i]);
	if (!ret && other)
		ret = write_suite(out, r, OTHER);
	if (!ret && r->fi->n_unknown)
		ret = write_unknown(out, r);
	fprintf(out, "</testsuites>\n");
	if (ret)
		return ret;
	return ferror(out) ? -EIO : 0;
}
