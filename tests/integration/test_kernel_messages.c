// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel's TPM message catalogue (tests/kernel-messages/): every
 * format of drivers/char/tpm and IMA, instantiated as a dmesg line (a WARN
 * with the "[ cut here ]" and "WARNING: CPU: ... at drivers/char/tpm/FILE"
 * lines the kernel prints around it), goes through the kernel-log parser
 * and the built-in database. Each must be kept as TPM-related, and a rule
 * or a known entry must match it: none may come out "not in tpmdiag's
 * database". A row marked unattributable (its text names no TPM) must not
 * be kept, so the mark stays true.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag/engine/findings.h"
#include "diag/engine/rules.h"
#include "diag/engine/unknown.h"
#include "probes/kmsg.h"

#define CATALOGUE    "tests/kernel-messages/kernel-tpm-messages.tsv"
#define COLS	     7 /* file, function, level, kernels, format, example, note */
#define DESCRIPTIONS "tests/kernel-messages/tpm-error-descriptions.tsv"

static int add(void *arg, const struct kmsg_event *ev)
{
	int r = kmsg_log_add(arg, ev);

	return r < 0 ? r : 0;
}

/* The records the parser keeps of text. */
static struct kmsg_log *parse(const char *text)
{
	struct kmsg_parser *p;
	struct kmsg_log *log;

	cr_assert_eq(kmsg_log_new(&log), 0);
	cr_assert_eq(kmsg_parser_new(add, log, true, &p), 0);
	cr_assert_eq(kmsg_parser_feed(p, text, strlen(text)), 0);
	cr_assert_eq(kmsg_parser_finish(p), 0);
	kmsg_parser_free(p);
	return log;
}

/* Split a TSV line in place into at most COLS fields; returns how many. */
static int fields(char *line, char *col[COLS])
{
	int n = 0;

	line[strcspn(line, "\n")] = '\0';
	while (n < COLS) {
		col[n++] = line;
		line = strchr(line, '\t');
		if (!line)
			break;
		*line++ = '\0';
	}
	return n;
}

Test(kernel_messages, every_format_is_in_the_database, .timeout = 120)
{
	char line[4096], text[8192], *col[COLS];
	struct ruleset *rs;
	struct facts *fs;
	size_t rows = 0, bad = 0;
	FILE *f = fopen(CATALOGUE, "re");

	cr_assert_not_null(f, "%s", CATALOGUE);
	cr_assert_eq(ruleset_new(&rs), 0);
	cr_assert_eq(ruleset_load_builtin(rs), 0);
	cr_assert_eq(ruleset_finish(rs), 0);
	cr_assert_eq(facts_new(&fs), 0); /* the log alone, as pasted */
	cr_assert_not_null(fgets(line, sizeof(line), f));
	cr_assert_eq(fields(line, col), COLS, "the header has %d columns", COLS);
	while (fgets(line, sizeof(line), f)) {
		struct findings fi = {0};
		struct kmsg_log *log;
		const char *file, *where;
		bool warn, loose;
		int n = fields(line, col);

		cr_assert_geq(n, 6, "row %zu has %d columns", rows + 2, n);
		rows++;
		file = col[0];
		where = strstr(file, "drivers/") ? file : "security/integrity/ima/ima.c";
		warn = !strcmp(col[2], "WARN");
		loose = n > 6 && !strcmp(col[6], "unattributable");
		if (warn)
			snprintf(text, sizeof(text),
				 "[    1.234560] ------------[ cut here ]------------\n%s\n"
				 "[    1.234570] WARNING: CPU: 0 PID: 1 at %s:100 %s+0x10/0x20\n",
				 col[5], where, col[1]);
		else
			snprintf(text, sizeof(text), "%s\n", col[5]);
		log = parse(text);
		if (loose) {
			if (log->n) {
				cr_log_error("%s: marked unattributable, but kept as TPM: %s", file,
					     col[5]);
				bad++;
			}
			kmsg_log_free(log);
			continue;
		}
		if (!log->n) {
			cr_log_error("%s (%s): not kept as TPM-related: %s", file, col[2], col[5]);
			bad++;
		} else {
			cr_assert_eq(rules_evaluate(rs, fs, log, &fi), 0);
			if (fi.n_unknown) {
				cr_log_error("%s (%s): not in tpmdiag's database: %s  [format: %s]",
					     file, col[2], fi.unknown[0]->text, col[4]);
				bad++;
			}
			findings_free(&fi);
		}
		kmsg_log_free(log);
	}
	fclose(f);
	facts_free(fs);
	ruleset_free(rs);
	cr_expect_gt(rows, 300, "the catalogue has only %zu rows", rows);
	cr_expect_eq(bad, 0, "%zu of %zu kernel TPM messages are not recognised (see above)", bad,
		     rows);
}

/*
 * "A TPM error (%d) occurred %s" is one format with as many lines as there
 * are callers and codes: every description the kernel passes, crossed with
 * codes of both families (the common ones and some no rule names), must be
 * read by a rule, the specific one or the class rule of kernel-classes.yaml.
 */
Test(kernel_messages, every_tpm_error_description_with_any_code_is_read, .timeout = 120)
{
	static const unsigned codes[] = {1,	2,     3,     6,     7,	    8,	   9,	  10,
					 18,	38,    45,    0x3b,  0x100, 0x101, 0x143, 0x18b,
					 0x1c4, 0x902, 0x90a, 0x921, 0x922, 0x98e, 0x9a2, 0xb0143};
	char line[1024], text[1200], *col[COLS];
	struct ruleset *rs;
	struct facts *fs;
	size_t rows = 0, bad = 0, i;
	FILE *f = fopen(DESCRIPTIONS, "re");

	cr_assert_not_null(f, "%s", DESCRIPTIONS);
	cr_assert_eq(ruleset_new(&rs), 0);
	cr_assert_eq(ruleset_load_builtin(rs), 0);
	cr_assert_eq(ruleset_finish(rs), 0);
	cr_assert_eq(facts_new(&fs), 0);
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || !strncmp(line, "file\t", 5))
			continue;
		cr_assert_eq(fields(line, col), 3, "%s: a row has not 3 columns", DESCRIPTIONS);
		rows++;
		for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
			struct findings fi = {0};
			struct kmsg_log *log;

			snprintf(text, sizeof(text),
				 "[    2.345678] tpm tpm0: A TPM error (%u) occurred %s\n",
				 codes[i], col[2]);
			log = parse(text);
			cr_assert_eq(log->n, 1, "not kept: %s", text);
			cr_assert_eq(rules_evaluate(rs, fs, log, &fi), 0);
			/* read: a finding, or a known entry for a line that is normal */
			if (fi.n_unknown || (!fi.n && !ruleset_known_for(rs, &log->r[0]))) {
				cr_log_error("%s: no rule reads %s", col[0], text);
				bad++;
			}
			findings_free(&fi);
			kmsg_log_free(log);
		}
	}
	fclose(f);
	facts_free(fs);
	ruleset_free(rs);
	cr_expect_geq(rows, 16, "%zu descriptions", rows);
	cr_expect_eq(bad, 0, "%zu lines are not read (see above)", bad);
}
