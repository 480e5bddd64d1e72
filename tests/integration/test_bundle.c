// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Bundles: on every fixture, `collect` then `analyze` reaches the findings
 * `check` does (written plain and redacted, read back, the same ids, chips,
 * severities, in the same order); a broken or hostile bundle gets one clear
 * sentence; a directory of bundles gives the fleet summary.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/offline/bundle_read.h"
#include "diag/cli/cli.h"
#include "diag/engine/findings.h"
#include "diag/engine/rules.h"
#include "reports/facts/bundle.h"
#include "reports/redact.h"
#include "tests/integration/fixture_run.h"
#include "tests/integration/swtpm_proc.h"

static char tmp[256];
static struct ruleset *rs;

static void setup(void)
{
	cr_assert_eq(test_tmpdir(tmp, sizeof(tmp)), 0);
	cr_assert_eq(ruleset_new(&rs), 0);
	cr_assert_eq(ruleset_load_builtin(rs), 0);
	cr_assert_eq(ruleset_finish(rs), 0);
}

static void teardown(void)
{
	ruleset_free(rs);
	rs = NULL;
	test_rmtree(tmp);
	tmp[0] = '\0';
}

TestSuite(bundle, .init = setup, .fini = teardown, .timeout = 120);

/* Write a bundle of fs/log to path (redacted: through the redactor, as collect does). */
static void write_bundle(const char *path, const struct facts *fs, const struct kmsg_log *log,
			 bool redacted)
{
	struct kmsg_log *rlog = NULL;
	struct facts *rfs = NULL;
	struct redactor *rd = NULL;
	char summary[512];
	FILE *f = fopen(path, "w");

	cr_assert(f, "cannot write %s", path);
	if (redacted) {
		cr_assert_eq(redactor_new(fs, &rd), 0);
		cr_assert_eq(redact_facts(rd, fs, &rfs), 0);
		cr_assert_eq(redact_log(rd, log, &rlog), 0);
		redactor_summary(rd, summary, sizeof(summary));
		cr_assert_eq(bundle_write(f, rfs, rlog, NULL, 0, "fixture", summary), 0);
		kmsg_log_free(rlog);
		facts_free(rfs);
		redactor_free(rd);
	} else {
		cr_assert_eq(bundle_write(f, fs, log, NULL, 0, "fixture", NULL), 0);
	}
	cr_assert_eq(fclose(f), 0);
}

/* The findings of a and b are the same: ids, chips, severities, order, explained_by. */
static int same_findings(const char *what, const struct findings *a, const struct findings *b)
{
	size_t i;

	if (a->n != b->n) {
		cr_log_error("%s: %zu findings, the bundle gives %zu", what, a->n, b->n);
		return 1;
	}
	for (i = 0; i < a->n; i++) {
		const struct finding *x = &a->f[i], *y = &b->f[i];

		if (strcmp(x->rule->id, y->rule->id) || strcmp(x->chip, y->chip) ||
		    x->severity != y->severity || x->explained_by != y->explained_by) {
			cr_log_error("%s: finding %zu is %s %s %s, from the bundle %s %s %s", what,
				     i + 1, severity_name(x->severity), x->rule->id, x->chip,
				     severity_name(y->severity), y->rule->id, y->chip);
			return 1;
		}
	}
	return 0;
}

static bool same_bytes(const uint8_t *a, size_t an, const uint8_t *b, size_t bn)
{
	return an == bn && (!an || !memcmp(a, b, an));
}

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* An unredacted bundle gives back every fact, value and provenance exactly. */
static int same_facts(const char *what, const struct facts *a, const struct facts *b)
{
	char va[4096], vb[4096];
	size_t i;

	if (facts_count(a) != facts_count(b)) {
		cr_log_error("%s: %zu facts, the bundle gives %zu", what, facts_count(a),
			     facts_count(b));
		return 1;
	}
	for (i = 0; i < facts_count(a); i++) {
		const struct fact *x = facts_at(a, i), *y = facts_at(b, i);

		fact_value_text(x, va, sizeof(va));
		fact_value_text(y, vb, sizeof(vb));
		if (strcmp(x->key, y->key) || x->type != y->type || strcmp(va, vb) ||
		    x->src.kind != y->src.kind || !same_str(x->src.path, y->src.path) ||
		    !same_str(x->src.note, y->src.note) ||
		    !same_str(x->src.cmd_name, y->src.cmd_name) ||
		    !same_bytes(x->src.cmd, x->src.cmd_len, y->src.cmd, y->src.cmd_len) ||
		    !same_bytes(x->src.rsp, x->src.rsp_len, y->src.rsp, y->src.rsp_len) ||
		    (x->src.kind == FACT_SRC_KMSG &&
		     (x->src.kmsg_seq != y->src.kmsg_seq || x->src.kmsg_ts != y->src.kmsg_ts ||
		      !same_str(x->src.kmsg_text, y->src.kmsg_text)))) {
			cr_log_error(
			    "%s: fact %s = %s comes back as %s = %s (or its source differs)", what,
			    x->key, va, y->key, vb);
			return 1;
		}
	}
	return 0;
}

static int same_log(const char *what, const struct kmsg_log *a, const struct kmsg_log *b)
{
	size_t i, an = a ? a->n : 0, bn = b ? b->n : 0;

	if (an != bn) {
		cr_log_error("%s: %zu records, the bundle gives %zu", what, an, bn);
		return 1;
	}
	for (i = 0; i < an; i++) {
		const struct kmsg_rec *x = &a->r[i], *y = &b->r[i];

		if (x->seq != y->seq || x->ts != y->ts || x->prio != y->prio ||
		    x->line != y->line || strcmp(x->text, y->text) || !same_str(x->wall, y->wall) ||
		    !same_str(x->prefix, y->prefix) || !same_str(x->trace, y->trace) ||
		    x->userspace != y->userspace || x->has_rc != y->has_rc || x->rc != y->rc ||
		    x->rc_family != y->rc_family) {
			cr_log_error("%s: record %zu (%s) comes back different", what, i + 1,
				     x->text);
			return 1;
		}
	}
	return 0;
}

/* Whether the bundle at path holds the value of the identifying fact id. */
static int leaks(const char *what, const char *path, const struct fact *id)
{
	char *text = NULL;
	size_t n = 0;
	FILE *f;
	int bad = 0;

	if (!id || id->type != FACT_STRING || !id->str[0])
		return 0;
	f = fopen(path, "r");
	cr_assert(f);
	text = calloc(1, 1 << 22);
	cr_assert(text);
	n = fread(text, 1, (1 << 22) - 1, f);
	fclose(f);
	text[n] = '\0';
	if (strstr(text, id->str)) {
		cr_log_error("%s: the redacted bundle still holds %s (%s)", what, id->str, id->key);
		bad = 1;
	}
	free(text);
	return bad;
}

/* One fixture: plain and redacted bundles give the findings of the machine. */
static int roundtrip(const char *name)
{
	struct findings orig = {0};
	struct kmsg_log *log;
	struct facts *fs;
	char path[512], what[300], err[512];
	int bad = 0;

	cr_assert_eq(fixture_probe(name, &fs, &log), 0, "%s: a probe failed", name);
	cr_assert_eq(rules_evaluate(rs, fs, log, &orig), 0);
	for (int redacted = 0; redacted < 2; redacted++) {
		struct findings back = {0};
		struct bundle b;

		snprintf(path, sizeof(path), "%s/%s%s.json", tmp, name,
			 redacted ? "-redacted" : "");
		snprintf(what, sizeof(what), "%s (%s)", name,
			 redacted ? "redacted" : "not redacted");
		write_bundle(path, fs, log, redacted);
		cr_assert_eq(bundle_read_file(path, &b, err, sizeof(err)), 0, "%s: %s", what, err);
		cr_assert_eq(rules_evaluate(rs, b.fs, b.log, &back), 0);
		bad += same_findings(what, &orig, &back);
		if (!redacted) {
			bad += same_facts(what, fs, b.fs);
			bad += same_log(what, log, b.log);
			cr_expect_null(b.redacted, "%s: says it was redacted", what);
		} else {
			cr_expect_not_null(b.redacted, "%s: does not say what it redacted", what);
			bad += leaks(what, path, facts_get(fs, "kernel.hostname"));
		}
		cr_expect_str_eq(b.source, "fixture");
		findings_free(&back);
		bundle_clear(&b);
	}
	findings_free(&orig);
	facts_free(fs);
	kmsg_log_free(log);
	return bad;
}

Test(bundle, every_fixture_gives_the_same_findings_from_its_bundle)
{
	char **names;
	size_t n, i;
	int bad = 0;

	cr_assert_eq(fixture_names(&names, &n), 0);
	cr_assert_gt(n, 0);
	for (i = 0; i < n; i++)
		bad += roundtrip(names[i]);
	fixture_names_free(names, n);
	cr_expect_eq(bad, 0, "%d fixture(s) diagnose differently from their bundles", bad);
}

/* ---- errors ------------------------------------------------------------------ */

static char err[1024];

static int read_str(const char *doc)
{
	struct bundle b;
	int ret = bundle_read_buf("bundle.json", doc, strlen(doc), &b, err, sizeof(err));

	if (!ret)
		bundle_clear(&b);
	return ret;
}

#define HEAD "{\"schema\": \"tpmdiag-bundle/1\", \"version\": \"0.1.0\", \"redacted\": false, "

#define expect_error(doc, msg)                                                                     \
	do {                                                                                       \
		cr_expect_eq(read_str(doc), -EINVAL, "accepted: %s", doc);                         \
		cr_expect_str_eq(err, msg);                                                        \
	} while (0)

Test(bundle, a_small_bundle_reads_back)
{
	static const char doc[] = HEAD
	    "\"source\": \"live\", \"facts\": [{\"key\": \"tpm0.family\", \"type\": \"string\", "
	    "\"value\": \"2.0\"}, {\"key\": \"tpm0.pcrs\", \"type\": \"list\", \"value\": "
	    "[\"a\", \"b\x1b[31m\"]}, {\"key\": \"x.y\", \"type\": \"unreadable\", "
	    "\"reason\": \"permission\", \"why\": \"no\", \"source\": {\"kind\": \"tpm\", "
	    "\"command\": \"TPM2_Startup\", \"request\": \"80 01 00 00 00 0c\", \"response\": "
	    "\"\"}}], \"kmsg\": [{\"seq\": 5, \"ts\": 1.5, \"prio\": 3, \"text\": \"tpm tpm0: "
	    "A TPM error (38) occurred\", \"line\": 4}], \"future\": {\"ignored\": 1}}";
	struct bundle b;
	const struct fact *fa;

	cr_assert_eq(bundle_read_buf("bundle.json", doc, strlen(doc), &b, err, sizeof(err)), 0,
		     "%s", err);
	cr_expect_eq(facts_count(b.fs), 3);
	cr_expect_str_eq(facts_get(b.fs, "tpm0.family")->str, "2.0");
	cr_expect_str_eq(facts_get(b.fs, "tpm0.pcrs")->items[1], "b?[31m");
	fa = facts_get(b.fs, "x.y");
	cr_expect_eq(fa->why, FACT_PERMISSION);
	cr_expect_eq(fa->src.cmd_len, 6);
	cr_expect_eq(fa->src.cmd[5], 0x0c);
	cr_expect_eq(b.log->n, 1);
	cr_expect_eq(b.log->r[0].ts, 1.5);
	cr_expect(b.log->r[0].has_rc && b.log->r[0].rc == 38);
	cr_expect_null(b.redacted);
	bundle_clear(&b);
}

Test(bundle, truncated_bundle)
{
	expect_error(
	    HEAD "\"facts\": [{\"key\": \"a\"",
	    "bundle.json: not valid JSON at byte 91: the document ends early (truncated?)");
}

Test(bundle, truncated_file)
{
	char path[512], msg[1024];
	struct bundle b;
	FILE *f;

	snprintf(path, sizeof(path), "%s/cut.json", tmp);
	f = fopen(path, "w");
	cr_assert(f);
	fputs(HEAD "\"facts\": [", f);
	fclose(f);
	cr_expect_eq(bundle_read_file(path, &b, err, sizeof(err)), -EINVAL);
	snprintf(msg, sizeof(msg),
		 "%s: not valid JSON at byte 80: the document ends early (truncated?)", path);
	cr_expect_str_eq(err, msg);
}

Test(bundle, not_json)
{
	expect_error("[    0.000000] tpm_tis 00:05: 2.0 TPM (device-id 0x1, rev-id 1)\n",
		     "bundle.json is not a tpmdiag bundle (a bundle is a JSON object, beginning "
		     "with '{')");
	expect_error("", "bundle.json is empty, not a tpmdiag bundle");
	expect_error("{\"schema\": @}",
		     "bundle.json: not valid JSON at byte 11: unexpected character");
	expect_error(HEAD "\"facts\": []} trailing",
		     "bundle.json: not valid JSON at byte 83: more data after the document");
}

Test(bundle, wrong_schema)
{
	expect_error("{\"schema\": \"tpmdiag-facts/1\", \"facts\": []}",
		     "bundle.json is a tpmdiag-facts/1 document, not a bundle");
	expect_error("{\"facts\": []}",
		     "bundle.json is not a tpmdiag bundle (it has no \"schema\")");
	expect_error("{\"schema\": \"tpmdiag-bundle/x\", \"facts\": []}",
		     "bundle.json has an unknown schema \"tpmdiag-bundle/x\"; this tpmdiag reads "
		     "tpmdiag-bundle/1");
}

Test(bundle, newer_schema)
{
	expect_error("{\"schema\": \"tpmdiag-bundle/2\", \"facts\": []}",
		     "bundle.json was written by a newer tpmdiag (schema tpmdiag-bundle/2); this "
		     "one reads tpmdiag-bundle/1");
}

Test(bundle, deep_nesting)
{
	size_t depth = 100000, i;
	char *doc = malloc(depth * 2 + 64), *p = doc;

	cr_assert(doc);
	p += sprintf(p, "{\"schema\": \"tpmdiag-bundle/1\", \"facts\": ");
	for (i = 0; i < depth; i++)
		*p++ = '[';
	for (i = 0; i < depth; i++)
		*p++ = ']';
	strcpy(p, "}");
	expect_error(doc, "bundle.json: not valid JSON at byte 71: nesting too deep");
	free(doc);
}

Test(bundle, huge_string)
{
	size_t n = BUNDLE_MAX_STR + 1;
	char *doc = malloc(n + 256), *p = doc;

	cr_assert(doc);
	p += sprintf(p, HEAD "\"facts\": [{\"key\": \"a.b\", \"type\": \"string\", \"value\": \"");
	memset(p, 'A', n);
	strcpy(p + n, "\"}]}");
	expect_error(doc, "bundle.json: fact 1: \"value\" is longer than 65536 bytes");
	free(doc);
}

Test(bundle, wrong_types_and_values)
{
	expect_error(HEAD "\"facts\": {}}", "bundle.json: the document: \"facts\" is not a list");
	expect_error(HEAD "\"kmsg\": []}", "bundle.json: the document: \"facts\" is missing");
	expect_error(HEAD "\"facts\": [1]}", "bundle.json: fact 1: not an object");
	expect_error(HEAD "\"facts\": [{\"key\": \"a\", \"type\": \"integer\", \"value\": \"1\"}]}",
		     "bundle.json: fact 1: \"value\" is not an integer");
	expect_error(HEAD
		     "\"facts\": [{\"key\": \"A B\", \"type\": \"boolean\", \"value\": true}]}",
		     "bundle.json: fact 1: \"A B\" is not a fact key");
	expect_error(HEAD "\"facts\": [{\"key\": \"a\", \"type\": \"float\", \"value\": 1}]}",
		     "bundle.json: fact 1: unknown type \"float\"");
	expect_error(HEAD "\"facts\": [{\"key\": \"a\", \"type\": \"unreadable\", \"reason\": "
			  "\"none\"}]}",
		     "bundle.json: fact 1: unknown reason \"none\"");
	expect_error(HEAD "\"facts\": [{\"key\": \"a\", \"type\": \"string\", \"value\": \"x\", "
			  "\"source\": {\"kind\": \"tpm\", \"response\": \"80 0\"}}]}",
		     "bundle.json: fact 1: \"response\" is not hex bytes (at character 3)");
	expect_error(HEAD "\"facts\": [], \"kmsg\": [{\"seq\": -1, \"text\": \"x\"}]}",
		     "bundle.json: record 1: \"seq\" is negative");
	expect_error(HEAD "\"facts\": [], \"kmsg\": [{\"text\": \"x\", \"prio\": 9}]}",
		     "bundle.json: record 1: \"prio\" is out of range");
	expect_error(HEAD "\"facts\": [], \"kmsg\": [{\"text\": \"x\\u0000y\"}]}",
		     "bundle.json: record 1: \"text\" holds a NUL character");
}

Test(bundle, raw_bytes_are_bounded)
{
	size_t n = BUNDLE_MAX_RAW + 1;
	char *doc = malloc(n * 3 + 256), *p = doc;

	cr_assert(doc);
	p += sprintf(p, HEAD "\"facts\": [{\"key\": \"a\", \"type\": \"boolean\", \"value\": true, "
			     "\"source\": {\"kind\": \"tpm\", \"request\": \"");
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "00 ");
	strcpy(p, "\"}}]}");
	expect_error(doc, "bundle.json: fact 1: \"request\" holds more than 4096 bytes");
	free(doc);
}

Test(bundle, too_many_facts)
{
	size_t n = BUNDLE_MAX_FACTS + 1;
	char *doc = malloc(n * 80 + 256), *p = doc;

	cr_assert(doc);
	p += sprintf(p, HEAD "\"facts\": [");
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "%s{\"key\": \"k.f%zu\", \"type\": \"integer\", \"value\": 1}",
			     i ? ", " : "", i);
	strcpy(p, "]}");
	expect_error(doc, "bundle.json: the document: \"facts\" has more than 10000 entries");
	free(doc);
}

/* ---- a directory ------------------------------------------------------------- */

static char *run_analyze(const char *arg, int *status, char **errs)
{
	char *outbuf = NULL, *errbuf = NULL;
	size_t outlen = 0, errlen = 0;
	char *argv[] = {(char *)arg, NULL};
	struct cli c = {.fail_on = 1, .argc = 1, .argv = argv, .format = NULL};

	c.out = open_memstream(&outbuf, &outlen);
	c.err = open_memstream(&errbuf, &errlen);
	cr_assert(c.out && c.err);
	*status = cli_analyze(&c);
	fclose(c.out);
	fclose(c.err);
	*errs = errbuf;
	return outbuf;
}

static void fixture_bundle(const char *name, const char *file)
{
	struct kmsg_log *log;
	struct facts *fs;
	char path[512];

	cr_assert_eq(fixture_probe(name, &fs, &log), 0);
	snprintf(path, sizeof(path), "%s/%s", tmp, file);
	write_bundle(path, fs, log, true);
	facts_free(fs);
	kmsg_log_free(log);
}

Test(bundle, a_directory_of_three_gives_the_fleet_summary)
{
	char head[600], *out, *errs;
	FILE *f;
	int st;

	fixture_bundle("stmicro-tpm12-coreboot", "host-a.json");
	fixture_bundle("tpm12-chip-died", "host-b.json");
	fixture_bundle("healthy-intel-ptt-crb", "host-c.json");
	snprintf(head, sizeof(head), "%s/notes.txt", tmp); /* not a bundle: skipped */
	f = fopen(head, "w");
	cr_assert(f);
	fputs("not a bundle\n", f);
	fclose(f);
	out = run_analyze(tmp, &st, &errs);
	snprintf(head, sizeof(head),
		 "Fleet %s: 3 bundles, 2 with a problem, 1 without, 0 unreadable\n", tmp);
	cr_expect(!strncmp(out, head, strlen(head)), "the summary begins:\n%s", out);
	cr_expect(strstr(out, "       2  warning   tpm-sysfs-empty "), "%s", out);
	cr_expect(strstr(out, "tpm-sysfs-empty") &&
		      strstr(strstr(out, "tpm-sysfs-empty"), "  host-a, host-b\n"),
		  "%s", out);
	cr_expect(strstr(out, "       1  error     tpm12-fail-logged  "), "%s", out);
	cr_expect(strstr(out, "       2  info      tpm-devnode-root-only  "), "%s", out);
	cr_expect(strstr(out, "No problem found (no warning or error): 1 machine: host-c\n"), "%s",
		  out);
	cr_expect_str_eq(errs, "");
	cr_expect(st & TPMDIAG_EXIT_ERROR_FINDING);
	cr_expect_eq(st & TPMDIAG_EXIT_USAGE, 0);
	free(out);
	free(errs);
}

Test(bundle, a_directory_counts_an_unreadable_bundle)
{
	char path[512], *out, *errs, msg[700];
	FILE *f;
	int st;

	fixture_bundle("healthy-intel-ptt-crb", "ok.json");
	snprintf(path, sizeof(path), "%s/new.json", tmp);
	f = fopen(path, "w");
	cr_assert(f);
	fputs("{\"schema\": \"tpmdiag-bundle/7\", \"facts\": []}\n", f);
	fclose(f);
	out = run_analyze(tmp, &st, &errs);
	cr_expect(strstr(out, ": 2 bundles, 0 with a problem, 1 without, 1 unreadable\n"), "%s",
		  out);
	snprintf(msg, sizeof(msg),
		 "tpmdiag analyze: %s was written by a newer tpmdiag (schema tpmdiag-bundle/7); "
		 "this one reads tpmdiag-bundle/1\n",
		 path);
	cr_expect_str_eq(errs, msg);
	cr_expect(st & TPMDIAG_EXIT_USAGE);
	free(out);
	free(errs);
}
