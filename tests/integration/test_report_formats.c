// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The machine-readable reports on every fixture: the JSON validates
 * against reports/tpmdiag-report.schema.json (and the facts document
 * against reports/tpmdiag-facts.schema.json) and says what the findings
 * say; the JUnit XML is well formed, lists every rule group, and fails
 * exactly the groups with a warning or an error; the text report is
 * coloured only when asked, and then only by escape sequences around the
 * labels and titles.
 */
#include <criterion/criterion.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diag/cli/cli.h"
#include "diag/engine/findings.h"
#include "diag/engine/rules.h"
#include "reports/facts/facts_json.h"
#include "reports/facts/kmsg_json.h"
#include "reports/redact.h"
#include "reports/report.h"
#include "tests/integration/fixture_run.h"
#include "tests/integration/swtpm_proc.h"

#define REPORT_SCHEMA "reports/tpmdiag-report.schema.json"
#define FACTS_SCHEMA  "reports/tpmdiag-facts.schema.json"

#define PY_VALIDATE                                                                                \
	"import json,jsonschema,sys; "                                                             \
	"jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))"
#define PY_XML "import xml.etree.ElementTree as E,sys; E.parse(sys.argv[1])"
/* The counts in the attributes agree with the elements; every group is a suite. */
#define PY_JUNIT_COUNTS                                                                            \
	"import xml.etree.ElementTree as E,sys\n"                                                  \
	"t=E.parse(sys.argv[1]).getroot()\n"                                                       \
	"assert t.tag=='testsuites' and t.get('name')=='tpmdiag', t.tag\n"                         \
	"s=t.findall('testsuite')\n"                                                               \
	"g=[x.get('name') for x in s]\n"                                                           \
	"want=['presence','probe','bus','timeout','interrupt','firmware','startup','selftest',"    \
	"'state','ownership','lockout','access','ima','userspace']\n"                              \
	"assert g[:14]==want, g\n"                                                                 \
	"assert int(t.get('tests'))==len(t.findall('.//testcase')), t.get('tests')\n"              \
	"assert int(t.get('failures'))==len(t.findall('.//failure')), t.get('failures')\n"         \
	"for x in s:\n"                                                                            \
	"  assert int(x.get('failures'))==len(x.findall('.//failure'))\n"                          \
	"  c=x.find('testcase'); assert c.get('classname')=='tpmdiag.'+x.get('name')\n"

#define PY_MESSAGE                                                                                 \
	"import xml.etree.ElementTree as E,sys\n"                                                  \
	"f=E.parse(sys.argv[1]).find('.//failure')\n"                                              \
	"assert f.get('message')==sys.argv[2], repr(f.get('message'))\n"                           \
	"assert sys.argv[3] in f.text, repr(f.text)\n"

static char tmp[256];

static void setup(void)
{
	cr_assert_eq(test_tmpdir(tmp, sizeof(tmp)), 0);
}

static void teardown(void)
{
	test_rmtree(tmp);
}

TestSuite(report_formats, .init = setup, .fini = teardown, .timeout = 240);

/* A fixture through the built-in rules. */
struct diag {
	struct ruleset *rs;
	struct facts *fs;
	struct kmsg_log *log;
	struct findings fi;
};

static void diag_run(const char *name, struct diag *d)
{
	*d = (struct diag){0};
	cr_assert_eq(ruleset_new(&d->rs), 0);
	cr_assert_eq(ruleset_load_builtin(d->rs), 0);
	cr_assert_eq(ruleset_finish(d->rs), 0);
	cr_assert_eq(fixture_probe(name, &d->fs, &d->log), 0, "%s: a probe failed", name);
	cr_assert_eq(rules_evaluate(d->rs, d->fs, d->log, &d->fi), 0);
}

static void diag_free(struct diag *d)
{
	findings_free(&d->fi);
	facts_free(d->fs);
	kmsg_log_free(d->log);
	ruleset_free(d->rs);
}

static struct report diag_report(const struct diag *d, const char *name)
{
	return (struct report){.fs = d->fs, .log = d->log, .fi = &d->fi, .source = name};
}

typedef int (*render_fn)(FILE *f, const struct report *r);

/* What fn writes, malloc'd and NUL-terminated. */
static char *render(render_fn fn, const struct report *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	cr_assert_not_null(m);
	cr_assert_eq(fn(m, r), 0, "the renderer failed");
	cr_assert_eq(fclose(m), 0);
	return buf;
}

/* text into tmp/name; the path in path. */
static void write_tmp(const char *name, const char *text, char *path, size_t len)
{
	FILE *f;

	snprintf(path, len, "%s/%s", tmp, name);
	f = fopen(path, "w");
	cr_assert_not_null(f, "%s", path);
	fputs(text, f);
	cr_assert_eq(fclose(f), 0);
}

/* Debian's python3 (with python3-jsonschema) -c script a [b [c]]: its exit status. */
static int python(const char *script, const char *a, const char *b, const char *c)
{
	int st;
	pid_t pid = fork();

	cr_assert_geq(pid, 0);
	if (pid == 0) {
		execl("/usr/bin/python3", "python3", "-c", script, a, b, c, (char *)NULL);
		_exit(127);
	}
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void validate(const char *path, const char *schema, const char *what)
{
	cr_expect_eq(python(PY_VALIDATE, path, schema, NULL), 0, "%s: does not validate against %s",
		     what, schema);
}

static const char *jget_str(struct json_object *o, const char *k)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, k, &v) || !v)
		return NULL;
	return json_object_get_string(v);
}

static struct json_object *jget(struct json_object *o, const char *k)
{
	struct json_object *v = NULL;

	cr_assert(json_object_object_get_ex(o, k, &v), "no \"%s\"", k);
	return v;
}

/* The JSON findings say what the findings say, in the same order. */
static void json_matches_findings(struct json_object *doc, const struct findings *fi,
				  const char *name)
{
	struct json_object *arr = jget(doc, "findings");
	size_t i, j;

	cr_assert_eq(json_object_array_length(arr), fi->n, "%s: findings", name);
	for (i = 0; i < fi->n; i++) {
		const struct finding *f = &fi->f[i];
		struct json_object *o = json_object_array_get_idx(arr, i);
		struct json_object *ev = jget(o, "evidence"), *rem = jget(o, "remedy");
		const char *by = jget_str(o, "explained_by");

		cr_expect_str_eq(jget_str(o, "id"), f->rule->id, "%s", name);
		cr_expect_str_eq(jget_str(o, "severity"), severity_name(f->severity));
		cr_expect_str_eq(jget_str(o, "group"), f->rule->group);
		cr_expect_str_eq(jget_str(o, "title"), f->title);
		if (f->explained_by >= 0)
			cr_expect(by && !strcmp(by, fi->f[f->explained_by].rule->id),
				  "%s: %s explained_by", name, f->rule->id);
		else
			cr_expect_null(by);
		cr_assert_eq(json_object_array_length(ev), f->n_ev, "%s: %s evidence", name,
			     f->rule->id);
		for (j = 0; j < f->n_ev; j++) {
			static const char *const kinds[] = {"fact", "log", "rc"};
			struct json_object *e = json_object_array_get_idx(ev, j);

			cr_expect_str_eq(jget_str(e, "kind"), kinds[f->ev[j].kind]);
			if (f->ev[j].kind == EV_FACT)
				cr_expect_str_eq(jget_str(e, "key"), f->ev[j].fact->key);
			if (f->ev[j].kind == EV_LOG)
				cr_expect_str_eq(jget_str(e, "text"), f->ev[j].rec->text);
		}
		cr_assert_eq(json_object_array_length(rem), f->n_remedy);
		for (j = 0; j < f->n_remedy; j++) {
			struct json_object *s = json_object_array_get_idx(rem, j);
			const char *act = jget_str(s, "action");

			cr_expect_eq(json_object_get_int(jget(s, "step")), (int)j + 1);
			cr_expect_str_eq(jget_str(s, "text"), f->remedy[j]);
			if (f->rule->remedy[j].action)
				cr_expect_str_eq(act, f->rule->remedy[j].action);
			else
				cr_expect_null(act);
		}
	}
}

static void json_fixture(const char *name, bool redacted)
{
	struct diag d;
	struct report r;
	struct json_object *doc;
	char path[512], file[300];
	char *out;

	diag_run(name, &d);
	r = diag_report(&d, name);
	if (redacted)
		cr_assert_eq(redactor_new(d.fs, &r.rd), 0);
	out = render(report_json, &r);
	snprintf(file, sizeof(file), "%s%s.json", name, redacted ? "-redacted" : "");
	write_tmp(file, out, path, sizeof(path));
	validate(path, REPORT_SCHEMA, file);
	doc = json_tokener_parse(out);
	cr_assert_not_null(doc, "%s: not JSON", name);
	cr_expect_str_eq(jget_str(doc, "schema"), "tpmdiag-report/1");
	cr_expect_str_eq(jget_str(doc, "version"), TPMDIAG_VERSION);
	cr_expect_eq(json_object_get_int(jget(doc, "exit_status")), 0);
	cr_expect_eq(json_object_array_length(jget(doc, "facts")), facts_count(d.fs));
	cr_expect_eq(json_object_array_length(jget(doc, "kmsg")), d.log ? d.log->n : 0);
	if (redacted) {
		const struct fact *h = facts_get(d.fs, "kernel.hostname");

		cr_expect_not_null(jget_str(doc, "redacted"), "%s: says nothing of redaction",
				   name);
		if (h && h->type == FACT_STRING && h->str[0])
			cr_expect_null(strstr(out, h->str), "%s: the hostname %s is in the JSON",
				       name, h->str);
	} else {
		cr_expect_null(jget_str(doc, "redacted"));
		cr_expect_str_eq(jget_str(doc, "source"), name);
		json_matches_findings(doc, &d.fi, name);
	}
	json_object_put(doc);
	free(out);
	redactor_free(r.rd);
	diag_free(&d);
}

Test(report_formats, json_of_every_fixture_validates_and_matches_the_findings)
{
	char **names;
	size_t n, i;

	cr_assert_eq(fixture_names(&names, &n), 0);
	cr_assert_gt(n, 0);
	for (i = 0; i < n; i++)
		json_fixture(names[i], false);
	fixture_names_free(names, n);
}

Test(report_formats, redacted_json_of_every_fixture_validates)
{
	char **names;
	size_t n, i;

	cr_assert_eq(fixture_names(&names, &n), 0);
	for (i = 0; i < n; i++)
		json_fixture(names[i], true);
	fixture_names_free(names, n);
}

/* The document `tpmdiag facts --format json` prints (diag/cli/cli_facts.c). */
Test(report_formats, facts_document_of_every_fixture_validates)
{
	char **names;
	size_t n, i;

	cr_assert_eq(fixture_names(&names, &n), 0);
	for (i = 0; i < n; i++) {
		struct facts *fs;
		struct kmsg_log *log;
		struct json_object *doc = json_object_new_object();
		char path[512], file[300], root[300];

		cr_assert_eq(fixture_probe(names[i], &fs, &log), 0);
		snprintf(root, sizeof(root), FIXTURES "/%s/root", names[i]);
		json_object_object_add(doc, "schema", json_object_new_string(TPMDIAG_FACTS_SCHEMA));
		json_object_object_add(doc, "version", json_object_new_string(TPMDIAG_VERSION));
		json_object_object_add(doc, "root", json_object_new_string(root));
		json_object_object_add(doc, "facts", facts_json_array(fs));
		json_object_object_add(doc, "kmsg", kmsg_json_array(log));
		snprintf(file, sizeof(file), "%s-facts.json", names[i]);
		write_tmp(file,
			  json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY |
								  JSON_C_TO_STRING_NOSLASHESCAPE),
			  path, sizeof(path));
		validate(path, FACTS_SCHEMA, file);
		json_object_put(doc);
		facts_free(fs);
		kmsg_log_free(log);
	}
	fixture_names_free(names, n);
}

Test(report_formats, json_names_the_exit_bits_the_verdict_and_the_machine)
{
	struct diag d;
	struct report r;
	struct json_object *doc, *bits, *v, *m;
	const struct finding *first = NULL;
	size_t i, errors = 0;
	char *out;

	diag_run("tpm12-chip-died", &d);
	r = diag_report(&d, "tpm12-chip-died");
	r.exit_status =
	    TPMDIAG_EXIT_DEVICE | TPMDIAG_EXIT_ERROR_FINDING | TPMDIAG_EXIT_WARNING_FINDING;
	out = render(report_json, &r);
	doc = json_tokener_parse(out);
	cr_assert_not_null(doc);
	cr_expect_eq(json_object_get_int(jget(doc, "exit_status")), 2 | 16 | 8);
	bits = jget(doc, "exit_bits");
	cr_assert_eq(json_object_array_length(bits), 3);
	cr_expect_str_eq(json_object_get_string(json_object_array_get_idx(bits, 0)), "unreadable");
	cr_expect_str_eq(json_object_get_string(json_object_array_get_idx(bits, 1)),
			 "warning-finding");
	cr_expect_str_eq(json_object_get_string(json_object_array_get_idx(bits, 2)),
			 "error-finding");
	for (i = 0; i < d.fi.n; i++) {
		errors += d.fi.f[i].severity == SEV_ERROR;
		if (!first && d.fi.f[i].explained_by < 0 && d.fi.f[i].severity > SEV_INFO)
			first = &d.fi.f[i];
	}
	cr_assert_not_null(first);
	v = jget(doc, "verdict");
	cr_expect_eq((size_t)json_object_get_int(jget(v, "errors")), errors);
	cr_expect_gt(errors, 0);
	cr_expect_str_eq(jget_str(v, "first"), first->title);
	m = jget(doc, "machine");
	cr_expect_str_eq(jget_str(m, "kernel_release"), facts_get(d.fs, "kernel.release")->str);
	cr_expect_str_eq(jget_str(m, "tpm_family"), "1.2");
	json_object_put(doc);
	free(out);
	diag_free(&d);
}

Test(report_formats, json_of_a_healthy_machine_has_no_verdict)
{
	struct diag d;
	struct report r;
	struct json_object *doc, *v;
	char *out;

	diag_run("healthy-intel-ptt-crb", &d);
	r = diag_report(&d, "healthy-intel-ptt-crb");
	out = render(report_json, &r);
	doc = json_tokener_parse(out);
	cr_assert_not_null(doc);
	v = jget(doc, "verdict");
	cr_expect_eq(json_object_get_int(jget(v, "errors")), 0);
	cr_expect_eq(json_object_get_int(jget(v, "warnings")), 0);
	cr_expect_null(jget_str(v, "first"));
	cr_expect_eq(json_object_array_length(jget(doc, "exit_bits")), 0);
	cr_expect_str_eq(jget_str(jget(doc, "machine"), "tpm_family"), "2.0");
	json_object_put(doc);
	free(out);
	diag_free(&d);
}

/* The groups of the findings of severity >= warning, counted once each. */
static size_t failing_groups(const struct findings *fi)
{
	size_t i, j, n = 0;

	for (i = 0; i < fi->n; i++) {
		if (fi->f[i].severity < SEV_WARNING)
			continue;
		for (j = 0; j < i; j++)
			if (fi->f[j].severity >= SEV_WARNING &&
			    !strcmp(fi->f[j].rule->group, fi->f[i].rule->group))
				break;
		n += j == i;
	}
	return n;
}

Test(report_formats, junit_of_every_fixture_is_well_formed_and_counts_right)
{
	char **names;
	size_t n, i;

	cr_assert_eq(fixture_names(&names, &n), 0);
	for (i = 0; i < n; i++) {
		struct diag d;
		struct report r;
		char path[512], file[300], want[32], *out;

		diag_run(names[i], &d);
		r = diag_report(&d, names[i]);
		out = render(report_junit, &r);
		snprintf(file, sizeof(file), "%s.xml", names[i]);
		write_tmp(file, out, path, sizeof(path));
		cr_expect_eq(python(PY_XML, path, NULL, NULL), 0, "%s: not well-formed XML", file);
		cr_expect_eq(python(PY_JUNIT_COUNTS, path, NULL, NULL), 0, "%s: counts", file);
		snprintf(want, sizeof(want), "failures=\"%zu\"", failing_groups(&d.fi));
		cr_expect(strstr(out, want), "%s: expected %s", file, want);
		free(out);
		diag_free(&d);
	}
	fixture_names_free(names, n);
}

/* The text of <testsuite name="group"> ... </testsuite>, malloc'd. */
static char *suite_of(const char *xml, const char *group)
{
	char head[96];
	const char *s, *e;

	snprintf(head, sizeof(head), "<testsuite name=\"%s\"", group);
	s = strstr(xml, head);
	cr_assert_not_null(s, "no suite %s", group);
	e = strstr(s, "</testsuite>");
	cr_assert_not_null(e);
	return strndup(s, (size_t)(e - s));
}

Test(report_formats, junit_fails_the_group_of_an_error_finding)
{
	struct diag d;
	struct report r;
	const struct finding *err = NULL;
	char *out, *suite, want[600];
	size_t i;

	diag_run("tpm12-chip-died", &d);
	for (i = 0; i < d.fi.n && !err; i++)
		if (d.fi.f[i].severity == SEV_ERROR)
			err = &d.fi.f[i];
	cr_assert_not_null(err, "the fixture has no error finding");
	r = diag_report(&d, "tpm12-chip-died");
	out = render(report_junit, &r);
	suite = suite_of(out, err->rule->group);
	cr_expect(strstr(suite, "<failure message=\""), "%s", suite);
	cr_expect(strstr(suite, "type=\"error\""), "%s", suite);
	snprintf(want, sizeof(want), "[%s]", err->rule->id);
	cr_expect(strstr(suite, want), "the failure does not name %s:\n%s", err->rule->id, suite);
	cr_expect(strstr(suite, "What to do:") || !err->n_remedy);
	free(suite);
	/* a group without a finding passes */
	suite = suite_of(out, "ownership");
	cr_expect_null(strstr(suite, "<failure"), "%s", suite);
	free(suite);
	free(out);
	diag_free(&d);
}

Test(report_formats, junit_of_a_healthy_machine_has_no_failure)
{
	struct diag d;
	struct report r;
	char *out, *p;
	size_t cases = 0;

	diag_run("healthy-intel-ptt-crb", &d);
	r = diag_report(&d, "healthy-intel-ptt-crb");
	out = render(report_junit, &r);
	cr_expect_null(strstr(out, "<failure"), "%s", out);
	cr_expect(strstr(out, "<testsuites name=\"tpmdiag\" tests=\"14\" failures=\"0\""), "%s",
		  out);
	for (p = out; (p = strstr(p, "<testcase ")); p++)
		cases++;
	cr_expect_eq(cases, 14);
	free(out);
	diag_free(&d);
}

Test(report_formats, junit_escapes_markup_and_drops_control_characters)
{
	struct remedy steps[] = {{.text = (char *)"step", .action = NULL}};
	struct rule rule = {.id = (char *)"x-test",
			    .severity = SEV_ERROR,
			    .group = (char *)"bus",
			    .title = (char *)"t",
			    .remedy = steps,
			    .n_remedy = 1};
	char *remedy[] = {(char *)"run <this> & \"that\""};
	struct finding f = {.rule = &rule,
			    .severity = SEV_ERROR,
			    .chip = "tpm0",
			    .title = (char *)"a <b> & \"c\" 'd'\x01\x1b[0m\xff",
			    .explain = (char *)"x < y && z > 'w'\x02",
			    .remedy = remedy,
			    .n_remedy = 1,
			    .explained_by = -1};
	struct findings fi = {.f = &f, .n = 1, .cap = 1};
	struct facts *fs;
	struct report r;
	char path[512], *out;

	cr_assert_eq(facts_new(&fs), 0);
	r = (struct report){.fs = fs, .fi = &fi, .source = "test"};
	out = render(report_junit, &r);
	cr_expect_null(strchr(out, '\x01'));
	cr_expect_null(strchr(out, '\x1b'));
	cr_expect_null(strstr(out, "<b>"));
	write_tmp("escape.xml", out, path, sizeof(path));
	cr_expect_eq(python(PY_MESSAGE, path, "a <b> & \"c\" 'd'[0m?", "run <this> & \"that\""), 0,
		     "%s", out);
	free(out);
	facts_free(fs);
}

/* s without its ESC [ ... m sequences, malloc'd. */
static char *strip_sgr(const char *s)
{
	char *o = malloc(strlen(s) + 1), *p = o;

	cr_assert_not_null(o);
	while (*s) {
		if (s[0] == '\033' && s[1] == '[') {
			s += 2;
			while (*s && *s != 'm')
				s++;
			if (*s)
				s++;
			continue;
		}
		*p++ = *s++;
	}
	*p = '\0';
	return o;
}

Test(report_formats, text_without_colour_has_no_escape)
{
	char **names;
	size_t n, i;

	cr_assert_eq(fixture_names(&names, &n), 0);
	for (i = 0; i < n; i++) {
		struct diag d;
		struct report r;
		char *out;

		diag_run(names[i], &d);
		r = diag_report(&d, names[i]);
		r.verbose = true;
		out = render(report_text, &r);
		cr_expect_null(strchr(out, '\033'), "%s: an escape without colour", names[i]);
		free(out);
		diag_free(&d);
	}
	fixture_names_free(names, n);
}

Test(report_formats, text_with_colour_wraps_labels_and_titles_only)
{
	struct diag d;
	struct report r;
	char *plain, *color, *stripped, want[600];
	const struct finding *err = NULL;
	size_t i;

	diag_run("tpm12-chip-died", &d);
	for (i = 0; i < d.fi.n && !err; i++)
		if (d.fi.f[i].severity == SEV_ERROR)
			err = &d.fi.f[i];
	cr_assert_not_null(err);
	r = diag_report(&d, "tpm12-chip-died");
	plain = render(report_text, &r);
	r.color = true;
	color = render(report_text, &r);
	cr_expect(strstr(color, "\033[1;31mERROR\033[0m"), "%s", color);
	cr_expect(strstr(color, "\033[1;33mWARNING\033[0m"), "%s", color);
	snprintf(want, sizeof(want), "\033[1m%s", err->title);
	cr_expect(strstr(color, want), "the title is not bold:\n%s", color);
	stripped = strip_sgr(color);
	cr_expect_str_eq(stripped, plain, "colour changed more than the escapes");
	free(stripped);
	free(color);
	free(plain);
	diag_free(&d);
}

/*
 * Issue 13's example: a TPM kernel line no rule knows is said in every
 * format, as "not in tpmdiag's database", and leaves the exit status and
 * the findings as they were.
 */
Test(report_formats, a_line_no_rule_knows_is_listed_in_every_format)
{
	static const char line[] = "tpm tpm0: frobnicated the quantum widget 0x7f";
	static const char *const fmts[] = {"text", "json", "markdown", "junit"};
	char dir[512], cmd[1200], *out, *with, *plain;
	struct diag d = {0}, base;
	struct json_object *doc, *a, *text;
	int rc_with, rc_plain;
	FILE *f;
	size_t i;

	snprintf(dir, sizeof(dir), "%s/fx", tmp);
	snprintf(cmd, sizeof(cmd), "cp -a " FIXTURES "/healthy-intel-ptt-crb %s", dir);
	cr_assert_eq(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s/kmsg.log", dir);
	f = fopen(cmd, "a");
	cr_assert_not_null(f);
	fprintf(f, "[   12.345678] %s\n", line);
	fclose(f);

	diag_run("healthy-intel-ptt-crb", &base);
	cr_assert_eq(ruleset_new(&d.rs), 0);
	cr_assert_eq(ruleset_load_builtin(d.rs), 0);
	cr_assert_eq(ruleset_finish(d.rs), 0);
	cr_assert_eq(fixture_probe_dir(dir, &d.fs, &d.log), 0);
	cr_assert_eq(rules_evaluate(d.rs, d.fs, d.log, &d.fi), 0);
	cr_assert_eq(base.fi.n_unknown, 0, "the fixture itself has lines no rule knows");
	cr_assert_eq(d.fi.n_unknown, 1);
	cr_expect_str_eq(d.fi.unknown[0]->text, line);
	cr_expect_eq(d.fi.n, base.fi.n, "the line changed the findings");

	{
		struct report r = diag_report(&d, dir);

		out = render(report_text, &r);
		cr_expect(strstr(out,
				 "Not in tpmdiag's database: 1 TPM line no rule knows\n"
				 "        [   12.345678] tpm tpm0: frobnicated the quantum widget "
				 "0x7f\n"),
			  "%s", out);
		cr_expect(strstr(out, "Verdict: no problem found (see the notes above); 1 TPM line "
				      "is not in tpmdiag's database\n"),
			  "%s", out);
		free(out);
		out = render(report_markdown, &r);
		cr_expect(strstr(out, "### Not in tpmdiag's database\n"), "%s", out);
		cr_expect(strstr(out, "\\[   12.345678\\] tpm tpm0: frobnicated the quantum widget "
				      "0x7f\n"),
			  "%s", out);
		free(out);
		out = render(report_json, &r);
		doc = json_tokener_parse(out);
		cr_assert_not_null(doc);
		cr_assert(json_object_object_get_ex(doc, "not_in_database", &a));
		cr_assert_eq(json_object_array_length(a), 1);
		cr_assert(
		    json_object_object_get_ex(json_object_array_get_idx(a, 0), "text", &text));
		cr_expect_str_eq(json_object_get_string(text), line);
		json_object_put(doc);
		free(out);
		out = render(report_junit, &r);
		cr_expect(
		    strstr(out, "<testsuite name=\"not-in-database\" tests=\"1\" failures=\"0\""),
		    "%s", out);
		cr_expect(strstr(out, line), "%s", out);
		free(out);
	}

	/* The command: the same exit status with and without the line, in every format. */
	with = malloc(1 << 20);
	plain = malloc(1 << 20);
	cr_assert(with && plain);
	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		rc_with =
		    run_tpmdiag(with, 1 << 20,
				"check --root %s/root --kmsg %s/kmsg.log --no-device --format %s",
				dir, dir, fmts[i]);
		rc_plain = run_tpmdiag(plain, 1 << 20,
				       "check --root " FIXTURES
				       "/healthy-intel-ptt-crb/root --kmsg " FIXTURES
				       "/healthy-intel-ptt-crb/kmsg.log --no-device --format %s",
				       fmts[i]);
		cr_expect_eq(rc_with, rc_plain, "%s: exit %d with the line, %d without", fmts[i],
			     rc_with, rc_plain);
		cr_expect(strstr(with, "frobnicated the quantum widget 0x7f"), "%s: %s", fmts[i],
			  with);
		cr_expect(!strstr(plain, "not in tpmdiag") && !strstr(plain, "Not in tpmdiag") &&
			      !strstr(plain, "not-in-database"),
			  "%s: the plain fixture has lines not in the database", fmts[i]);
	}
	free(with);
	free(plain);
	diag_free(&d);
	diag_free(&base);
}
