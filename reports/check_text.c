// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>

#include "probes/tpm/rc.h"
#include "reports/check_text.h"
#include "reports/report.h"
#include "reports/facts/facts_text.h"
#include "reports/wrap.h"

#define WIDTH 80

static const char *const sev_label[] = {"note", "WARNING", "ERROR"};

/* ANSI colour (only when the report asks for it): the labels and the titles. */
static const char *const sev_color[] = {"\033[36m", "\033[1;33m", "\033[1;31m"};
#define BOLD  "\033[1m"
#define RESET "\033[0m"

/* The value of key as text, or NULL when missing or unreadable. */
static const char *val(const struct facts *fs, const char *key, char *buf, size_t len)
{
	const struct fact *f = facts_get(fs, key);

	if (!f || f->type == FACT_UNREADABLE)
		return NULL;
	fact_value_text(f, buf, len);
	return buf;
}

/* analyze: where the text came from and what was in it. */
static bool header_analyze(FILE *out, const struct facts *fs)
{
	char src[512], kb[16], ub[16];
	const struct fact *stop;
	const char *k, *u;

	if (!val(fs, "analyze.source", src, sizeof(src)))
		return false;
	k = val(fs, "analyze.kernel_records", kb, sizeof(kb));
	u = val(fs, "analyze.userspace_records", ub, sizeof(ub));
	k = k ? k : "0";
	u = u ? u : "0";
	fprintf(out, "From %s alone: %s kernel record%s and %s user-space line%s about the TPM\n",
		src, k, strcmp(k, "1") ? "s" : "", u, strcmp(u, "1") ? "s" : "");
	stop = facts_get(fs, "analyze.read_error");
	if (stop && stop->type == FACT_UNREADABLE && stop->why_text)
		fprintf(out, "Not read to the end: %s\n", stop->why_text);
	fputc('\n', out);
	return true;
}

static void header(FILE *out, const struct facts *fs)
{
	char fam[32], drv[64], hid[64], man[64], rel[128], cnt[16];
	const char *n = val(fs, "tpm.count", cnt, sizeof(cnt));
	const char *r = val(fs, "kernel.release", rel, sizeof(rel));

	if (header_analyze(out, fs))
		return;

	if (val(fs, "tpm0.family", fam, sizeof(fam)) || (n && strcmp(n, "0"))) {
		fprintf(out, "TPM %s", val(fs, "tpm0.family", fam, sizeof(fam)) ? fam : "?");
		fprintf(out, " on %s",
			val(fs, "tpm0.driver", drv, sizeof(drv)) ? drv : "no driver");
		if (val(fs, "tpm0.hid", hid, sizeof(hid)))
			fprintf(out, " (%s)", hid);
		if (val(fs, "tpm0.manufacturer", man, sizeof(man)))
			fprintf(out, ", made by %s", man);
	} else {
		fprintf(out, "No TPM registered by the kernel");
	}
	fprintf(out, "; Linux %s\n\n", r ? r : "(release unknown)");
}

/* "TPM_GetCapability answered TPM_INVALID_POSTINIT (0x26)" for a return code. */
static void evidence_rc(FILE *out, const struct evidence *v, int indent)
{
	struct tpm_rc_desc d;

	tpm_rc_decode(v->rc, v->rc_family == 20 ? TPM_FAMILY_20 : TPM_FAMILY_12, &d);
	fprintf(out, "%*s%s answered %s (0x%x)\n", indent, "",
		v->fact->src.cmd_name ? v->fact->src.cmd_name : "the chip",
		d.name ? d.name : "code", v->rc);
}

static void record_line(FILE *out, const struct kmsg_rec *r, int indent)
{
	if (r->ts >= 0)
		fprintf(out, "%*s[%12.6f] %s\n", indent, "", r->ts, r->text);
	else
		fprintf(out, "%*s%s%s%s\n", indent, "", r->wall ? r->wall : "", r->wall ? " " : "",
			r->text);
}

static void evidence_line(FILE *out, const struct evidence *v, int indent)
{
	char text[1024];

	if (v->kind == EV_RC && v->fact) {
		evidence_rc(out, v, indent);
		return;
	}
	if (v->rec) {
		record_line(out, v->rec, indent);
		return;
	}
	if (!v->fact)
		return;
	fact_value_text(v->fact, text, sizeof(text));
	fprintf(out, "%*s%s = %s", indent, "", v->fact->key, text);
	if (v->fact->src.kind == FACT_SRC_FILE && v->fact->src.path)
		fprintf(out, "  (%s)", v->fact->src.path);
	else if (v->fact->src.kind == FACT_SRC_TPM && v->fact->src.cmd_name)
		fprintf(out, "  (the chip's answer to %s)", v->fact->src.cmd_name);
	fputc('\n', out);
}

/* "ERROR   title — tpm0  [id]", the label padded to 7 columns. */
static void finding_head(FILE *out, const struct finding *f, int indent, bool color)
{
	const char *label = sev_label[f->severity];
	char head[1024];

	snprintf(head, sizeof(head), "%s%s%s", f->title, f->chip[0] ? " — " : "", f->chip);
	if (!color) {
		fprintf(out, "%*s%-7s %s  [%s]\n", indent, "", label, head, f->rule->id);
		return;
	}
	fprintf(out, "%*s%s%s%s%*s " BOLD "%s" RESET "  [%s]\n", indent, "", sev_color[f->severity],
		label, RESET, 7 - (int)strlen(label), "", head, f->rule->id);
}

static void finding_block(FILE *out, const struct finding *f, int indent, bool color)
{
	size_t i;

	finding_head(out, f, indent, color);
	wrap_print(out, f->explain, indent + 8, WIDTH);
	if (f->n_ev) {
		fprintf(out, "%*sEvidence:\n", indent + 8, "");
		for (i = 0; i < f->n_ev; i++)
			evidence_line(out, &f->ev[i], indent + 10);
	}
	if (f->n_remedy) {
		fprintf(out, "%*sWhat to do:\n", indent + 8, "");
		for (i = 0; i < f->n_remedy; i++) {
			char step[4200], lead[16];

			snprintf(lead, sizeof(lead), "%zu. ", i + 1);
			snprintf(step, sizeof(step), "%s%s%s%s", f->remedy[i],
				 f->rule->remedy[i].action ? " [action: " : "",
				 f->rule->remedy[i].action ? f->rule->remedy[i].action : "",
				 f->rule->remedy[i].action ? "]" : "");
			wrap_print_hanging(out, lead, step, indent + 10, WIDTH);
		}
	}
	for (i = 0; i < f->rule->n_refs; i++)
		fprintf(out, "%*s%-11s %s\n", indent + 8, "",
			i ? "" : "References:", f->rule->refs[i]);
	fputc('\n', out);
}

/* smartctl's "not in smartctl database": said, never dropped. */
static void unknown_block(FILE *out, const struct findings *fi)
{
	bool one = fi->n_unknown == 1;
	char note[512];
	size_t i;

	if (!fi->n_unknown)
		return;
	fprintf(out, "Not in tpmdiag's database: %zu TPM line%s no rule knows\n", fi->n_unknown,
		one ? "" : "s");
	for (i = 0; i < fi->n_unknown; i++)
		record_line(out, fi->unknown[i], 8);
	snprintf(note, sizeof(note),
		 "tpmdiag cannot tell whether %s. Please send %s with a bundle (tpmdiag collect -o "
		 "FILE) to the tpmdiag developers so %s can be added: REPORTING in tpmdiag(1).",
		 one ? "it matters" : "they matter", one ? "it" : "them", one ? "it" : "they");
	wrap_print(out, note, 8, WIDTH);
	fputc('\n', out);
}

static void verdict(FILE *out, const struct findings *fi)
{
	size_t n[3] = {0, 0, 0}, i;
	const struct finding *root = NULL;

	for (i = 0; i < fi->n; i++) {
		n[fi->f[i].severity]++;
		if (!root && fi->f[i].explained_by < 0 && fi->f[i].severity > SEV_INFO)
			root = &fi->f[i];
	}
	fprintf(out, "Verdict: ");
	if (!root)
		fprintf(out, "no problem found%s", n[SEV_INFO] ? " (see the notes above)" : "");
	else
		fprintf(out, "%zu error%s, %zu warning%s%s; first: %s", n[SEV_ERROR],
			n[SEV_ERROR] == 1 ? "" : "s", n[SEV_WARNING],
			n[SEV_WARNING] == 1 ? "" : "s", n[SEV_INFO] ? ", and notes" : "",
			root->title);
	if (fi->n_unknown)
		fprintf(out, "; %zu TPM line%s not in tpmdiag's database", fi->n_unknown,
			fi->n_unknown == 1 ? " is" : "s are");
	fputc('\n', out);
}

static void print_report(FILE *out, const struct facts *fs, const struct findings *fi, bool verbose,
			 bool color)
{
	size_t i;

	header(out, fs);
	for (i = 0; i < fi->n; i++) {
		if (fi->f[i].explained_by >= 0)
			continue;
		finding_block(out, &fi->f[i], 0, color);
		for (size_t j = 0; j < fi->n; j++)
			if (fi->f[j].explained_by == (int)i) {
				if (j == i + 1)
					fprintf(out, "        Explained by the finding above:\n\n");
				finding_block(out, &fi->f[j], 8, color);
			}
	}
	unknown_block(out, fi);
	if (verbose) {
		fprintf(out, "Facts:\n");
		facts_text_print(out, fs, false);
		fputc('\n', out);
	}
	verdict(out, fi);
}

int report_text(FILE *out, const struct report *r)
{
	print_report(out, r->fs, r->fi, r->verbose, r->color);
	return ferror(out) ? -EIO : 0;
}

void check_text_print(FILE *out, const struct facts *fs, const struct findings *fi, bool verbose)
{
	print_report(out, fs, fi, verbose, false);
}
