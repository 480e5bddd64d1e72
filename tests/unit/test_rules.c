// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The rule engine on hand-made rules, facts and records: every condition
 * form, templates, per-chip rules, root-cause ordering, and lint messages
 * with their positions.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "diag/facts/facts.h"
#include "diag/engine/findings.h"
#include "diag/engine/rules.h"
#include "probes/kmsg.h"

static struct ruleset *rs;
static struct facts *fs;
static struct kmsg_log *lg;
static struct findings fi;

static void setup(void)
{
	cr_assert_eq(ruleset_new(&rs), 0);
	cr_assert_eq(facts_new(&fs), 0);
	cr_assert_eq(kmsg_log_new(&lg), 0);
	memset(&fi, 0, sizeof(fi));
}

static void teardown(void)
{
	findings_free(&fi);
	ruleset_free(rs);
	facts_free(fs);
	kmsg_log_free(lg);
}

TestSuite(rules, .init = setup, .fini = teardown);

/* A record as the kmsg probe keeps it. */
static void rec(double ts, const char *text, const char *trace)
{
	struct kmsg_rec *grown = realloc(lg->r, (lg->n + 1) * sizeof(*grown));
	struct kmsg_rec *r;

	cr_assert(grown);
	lg->r = grown;
	r = &lg->r[lg->n++];
	memset(r, 0, sizeof(*r));
	r->ts = ts;
	r->prio = -1;
	r->text = strdup(text);
	r->trace = trace ? strdup(trace) : NULL;
	r->line = (unsigned)lg->n;
}

static void load(const char *yaml)
{
	cr_assert_eq(ruleset_load_text(rs, "t.yaml", yaml, strlen(yaml)), 0);
	cr_assert_eq(ruleset_finish(rs), 0);
}

static void evaluate(void)
{
	cr_assert_eq(rules_evaluate(rs, fs, lg, &fi), 0);
}

#define RULE(id, sev, when)                                                                        \
	"  - id: " id "\n    severity: " sev "\n    group: bus\n    title: T " id "\n"             \
	"    explain: E {1} {count} {chip} {fact:kernel.release}\n    references: [r]\n"           \
	"    when: " when "\n"

Test(rules, fact_tests)
{
	load("version: 1\nrules:\n" RULE("a", "error", "{fact: kernel.tpm_support, equals: absent}")
		 RULE("b", "error", "{fact: tpm.count, ge: 1}")
		     RULE("c", "error", "{fact: firmware.acpi.tpm2, unreadable: permission}") RULE(
			 "d", "error", "{fact: kernel.cmdline.tpm, contains: tpm_tis.interrupts=0}")
			 RULE("e", "warning", "{not: {fact: kernel.release, exists: true}}"));
	cr_assert_eq(rs->n, 5, "%s", rs->n_lint ? rs->lint[0] : "");
	facts_set_str(fs, "kernel.tpm_support", "absent", NULL);
	facts_set_int(fs, "tpm.count", 0, NULL);
	facts_set_unreadable(fs, "firmware.acpi.tpm2", FACT_PERMISSION, "no", NULL);
	{
		const char *items[] = {"quiet", "tpm_tis.interrupts=0"};

		facts_set_list(fs, "kernel.cmdline.tpm", items, 2, NULL);
	}
	evaluate();
	cr_assert_eq(fi.n, 4);
	cr_expect_str_eq(fi.f[0].rule->id, "a");
	cr_expect_str_eq(fi.f[1].rule->id, "c");
	cr_expect_str_eq(fi.f[2].rule->id, "d");
	cr_expect_str_eq(fi.f[3].rule->id, "e", "warnings after errors");
	cr_expect_eq(fi.f[0].n_ev, 1);
	cr_expect_eq(fi.f[3].n_ev, 0, "what is absent has no evidence");
}

Test(rules, log_captures_count_and_templates)
{
	load("version: 1\nrules:\n" RULE(
	    "to", "error", "{log: 'tpm (tpm[0-9]+): Operation Timed out', count: 2}"));
	facts_set_str(fs, "kernel.release", "6.1.0", NULL);
	rec(1.0, "tpm tpm0: Operation Timed out", NULL);
	rec(2.0, "usb 1-1: new device", NULL);
	evaluate();
	cr_expect_eq(fi.n, 0, "one record is fewer than count: 2");
	findings_free(&fi);
	rec(3.0, "tpm tpm0: Operation Timed out", NULL);
	evaluate();
	cr_assert_eq(fi.n, 1);
	cr_expect_str_eq(fi.f[0].explain, "E tpm0 2 the TPM 6.1.0");
	cr_expect_eq(fi.f[0].n_ev, 2);
}

Test(rules, sequence_within_seconds)
{
	load("version: 1\nrules:\n" RULE("sts", "error",
					 "{sequence: [{log: 'invalid TPM_STS.x 0xff'}, {log: "
					 "'Operation Timed out'}], within: 200}"));
	rec(10.0, "tpm tpm0: Operation Timed out", NULL);
	rec(20.0, "tpm tpm0: invalid TPM_STS.x 0xff, dumping stack for forensics", NULL);
	rec(500.0, "tpm tpm0: Operation Timed out", NULL);
	evaluate();
	cr_expect_eq(fi.n, 0, "the timeout came 480 s later, and the earlier one came before");
	findings_free(&fi);
	kmsg_log_free(lg);
	kmsg_log_new(&lg);
	rec(20.0, "tpm tpm0: invalid TPM_STS.x 0xff, dumping stack for forensics", NULL);
	rec(200.0, "tpm tpm0: Operation Timed out", NULL);
	evaluate();
	cr_expect_eq(fi.n, 1, "180 s after the status read");
	cr_expect_eq(fi.f[0].n_ev, 2, "both records are the evidence");
}

Test(rules, trace_and_source)
{
	load("version: 1\nrules:\n" RULE("tr", "error",
					 "{log: 'dumping stack', trace: 'tpm_tis_status', source: "
					 "kernel}"));
	rec(1.0, "tpm tpm0: invalid TPM_STS.x 0xff, dumping stack for forensics",
	    " tpm_tis_status.cold+0x19/0x80");
	evaluate();
	cr_expect_eq(fi.n, 1);
	findings_free(&fi);
	lg->r[0].userspace = true;
	evaluate();
	cr_expect_eq(fi.n, 0, "a user-space line is not the kernel's");
}

Test(rules, rc_from_the_chip_and_from_the_log)
{
	static const uint8_t cmd[] = {0, 0xc1, 0, 0, 0, 0x12, 0, 0, 0, 0x65};
	static const uint8_t rsp[] = {0, 0xc4, 0, 0, 0, 0x0a, 0, 0, 0, 0x26};
	struct fact_src s = {.kind = FACT_SRC_TPM,
			     .cmd_name = "TPM_GetCapability",
			     .cmd = cmd,
			     .cmd_len = sizeof(cmd),
			     .rsp = rsp,
			     .rsp_len = sizeof(rsp)};
	const char *devs[] = {"tpm0"};

	load("version: 1\nrules:\n" RULE("post", "error", "{rc: 0x26, family: '1.2'}")
		 RULE("post20", "error", "{rc: 0x26, family: '2.0'}"));
	facts_set_list(fs, "tpm.devices", devs, 1, NULL);
	facts_set_bool(fs, "tpm0.chip.started", false, &s);
	evaluate();
	cr_assert_eq(fi.n, 1);
	cr_expect_str_eq(fi.f[0].rule->id, "post");
	cr_expect_eq(fi.f[0].ev[0].kind, EV_RC);
	findings_free(&fi);
	facts_free(fs);
	facts_new(&fs);
	rec(1.0, "tpm tpm0: A TPM error (38) occurred attempting to determine the timeouts", NULL);
	lg->r[0].has_rc = true;
	lg->r[0].rc = 0x26;
	lg->r[0].rc_family = 12;
	evaluate();
	cr_expect_eq(fi.n, 1);
}

Test(rules, per_chip_and_root_cause_first)
{
	const char *devs[] = {"tpm0", "tpm1"};

	load("version: 1\nrules:\n"
	     "  - id: symptom\n    severity: error\n    group: state\n    title: S {chip}\n"
	     "    explain: e\n    references: [r]\n    when: {fact: tpmN.enabled, equals: "
	     "'false'}\n"
	     "  - id: cause\n    severity: warning\n    group: state\n    title: C {chip}\n"
	     "    explain: e\n    references: [r]\n    explains: [symptom]\n"
	     "    when: {fact: tpmN.active, equals: 'false'}\n");
	facts_set_list(fs, "tpm.devices", devs, 2, NULL);
	facts_set_bool(fs, "tpm0.enabled", false, NULL);
	facts_set_bool(fs, "tpm1.enabled", false, NULL);
	facts_set_bool(fs, "tpm1.active", false, NULL);
	evaluate();
	cr_assert_eq(fi.n, 3);
	/* tpm0's symptom has no cause: an error root; then tpm1's cause with its symptom */
	cr_expect_str_eq(fi.f[0].title, "S tpm0");
	cr_expect_eq(fi.f[0].explained_by, -1);
	cr_expect_str_eq(fi.f[1].title, "C tpm1");
	cr_expect_str_eq(fi.f[2].title, "S tpm1");
	cr_expect_eq(fi.f[2].explained_by, 1);
}

/* The first lint message, or "". */
static const char *lint0(void)
{
	return rs->n_lint ? rs->lint[0] : "";
}

Test(rules, lint_positions_and_messages)
{
	static const struct {
		const char *yaml, *msg;
	} cases[] = {
	    {"version: 1\nrules: [\n", "t.yaml:3:1: YAML syntax"},
	    {"version: 2\nrules: []\n", "t.yaml:1:10: expected 'version: 1'"},
	    {"version: 1\nrules:\n  - id: x\n    severity: fatal\n    group: bus\n    title: t\n"
	     "    explain: e\n    references: [r]\n    when: {fact: tpm.count, gt: 0}\n",
	     "t.yaml:4:15: severity: expected info, warning or error"},
	    {"version: 1\nrules:\n  - id: x\n    severity: error\n    group: bus\n    title: t\n"
	     "    explain: e\n    references: [r]\n    when: {fact: tpm.colour, gt: 0}\n",
	     "t.yaml:9:18: unknown fact 'tpm.colour'"},
	    {"version: 1\nrules:\n  - id: x\n    severity: error\n    group: bus\n    title: t\n"
	     "    explain: e\n    references: [r]\n    when: {log: 'tpm(('}\n",
	     "t.yaml:9:17: bad regular expression 'tpm(('"},
	    {"version: 1\nrules:\n  - id: x\n    severity: error\n    group: bus\n    title: t\n"
	     "    explain: e\n    references: [r]\n    colour: red\n    when: {log: tpm}\n",
	     "t.yaml:9:5: unknown key 'colour' in a rule"},
	    {"version: 1\nrules:\n  - id: x\n    severity: error\n    group: bus\n    title: t "
	     "{oops}\n"
	     "    explain: e\n    references: [r]\n    when: {log: tpm}\n",
	     "t.yaml:6:12: unknown template {oops}"},
	    {"version: 1\nrules:\n  - id: x\n    severity: error\n    group: bus\n    title: t\n"
	     "    explain: e\n    when: {log: tpm}\n",
	     "t.yaml:3:5: the rule has no 'references'"},
	    /* a step with an action and no text (found by fuzz_rules: the action leaked) */
	    {"version: 1\nrules:\n  - id: x\n    severity: error\n    group: bus\n    title: t\n"
	     "    explain: e\n    references: [r]\n    when: {log: tpm}\n"
	     "    remedy:\n      - action: da-reset\n",
	     "t.yaml:11:9: a remedy step needs 'text'"},
	    {"version: 1\nrules:\n  - id: x\n    severity: error\n    group: bus\n    title: t\n"
	     "    explain: e\n    references: [r]\n    when: {log: tpm}\n"
	     "    remedy:\n      - {text: [a, b], action: da-reset}\n",
	     "t.yaml:11:16: remedy text: expected a string"},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ruleset_free(rs);
		cr_assert_eq(ruleset_new(&rs), 0);
		cr_assert_eq(ruleset_load_text(rs, "t.yaml", cases[i].yaml, strlen(cases[i].yaml)),
			     0);
		cr_expect(!strncmp(lint0(), cases[i].msg, strlen(cases[i].msg)),
			  "case %zu: got '%s', want '%s...'", i, lint0(), cases[i].msg);
		cr_expect_eq(rs->n, 0, "case %zu: the rule with an error is left out", i);
	}
}

Test(rules, a_bad_rule_does_not_stop_the_others)
{
	load("version: 1\nrules:\n" RULE(
	    "good", "info", "{fact: tpm.count, equals: '0'}") "  - id: bad\n    severity: "
							      "error\n" RULE("also-good", "info",
									     "{log: tpm}"));
	cr_expect_eq(rs->n, 2);
	cr_expect_eq(rs->skipped, 1);
	cr_expect_geq(rs->n_lint, 1);
}

Test(rules, builtin_rules_all_load_cleanly)
{
	size_t i;

	cr_assert_eq(ruleset_load_builtin(rs), 0);
	cr_assert_eq(ruleset_finish(rs), 0);
	for (i = 0; i < rs->n_lint; i++)
		cr_log_error("%s", rs->lint[i]);
	cr_expect_eq(rs->n_lint, 0, "the built-in database lints clean");
	cr_expect_geq(rs->n, 40, "at least 40 signatures");
}

Test(rules, a_cycle_of_explains_loses_no_finding)
{
	load("version: 1\nrules:\n"
	     "  - {id: a, severity: error, group: bus, title: A, explain: e, references: [r], "
	     "explains: [b], when: {fact: tpm.count, equals: '0'}}\n"
	     "  - {id: b, severity: error, group: bus, title: B, explain: e, references: [r], "
	     "explains: [c], when: {fact: tpm.count, equals: '0'}}\n"
	     "  - {id: c, severity: error, group: bus, title: C, explain: e, references: [r], "
	     "explains: [a], when: {fact: tpm.count, equals: '0'}}\n");
	facts_set_int(fs, "tpm.count", 0, NULL);
	evaluate();
	cr_expect_eq(fi.n, 3);
}

Test(rules, costly_input_is_refused_not_expanded)
{
	static const char bomb_re[] =
	    "version: 1\nrules:\n  - {id: x, severity: error, group: bus, "
	    "title: t, explain: e, references: [r], when: {log: "
	    "'((a{255}){255}){255}'}}\n";
	char bomb[8192];
	int i, o;

	/* glibc would need gigabytes for this regex: it is refused before regcomp */
	cr_assert_eq(ruleset_load_text(rs, "t.yaml", bomb_re, strlen(bomb_re)), 0);
	cr_expect_eq(rs->n, 0);
	cr_expect(strstr(lint0(), "regular expression too costly"), "%s", lint0());
	/* aliases repeating a condition ten times, thirty deep: refused by count */
	ruleset_free(rs);
	ruleset_new(&rs);
	o = snprintf(bomb, sizeof(bomb), "version: 1\nx0: &x0 {log: a}\n");
	for (i = 1; i < 30; i++)
		o += snprintf(bomb + o, sizeof(bomb) - (size_t)o,
			      "x%d: &x%d {all: [*x%d, *x%d, *x%d, *x%d, *x%d, *x%d, *x%d, *x%d, "
			      "*x%d, *x%d]}\n",
			      i, i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1,
			      i - 1);
	snprintf(bomb + o, sizeof(bomb) - (size_t)o,
		 "rules:\n  - {id: y, severity: error, group: bus, title: t, explain: e, "
		 "references: [r], when: *x29}\n");
	cr_assert_eq(ruleset_load_text(rs, "t.yaml", bomb, strlen(bomb)), 0);
	cr_expect_eq(rs->n, 0);
}

/* Each '+' copies its operand once: stacked or nested, they multiply (fuzz_rules found it). */
Test(rules, stacked_repetitions_are_refused)
{
	static const char *const costly[] = {
	    "a++++++++++++++++++++++++++++++++++++++++",
	    "((((((((((((((((((((a+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+",
	    "((a{255}){255}){2}",
	    "((((((((((((((((((((((((((((((((((a))))))))))))))))))))))))))))))))))",
	};
	static const char *const fine[] = {
	    "invalid TPM_STS\\.x 0x[0-9a-f]+|TPM returned invalid status",
	    "tpm[12]?_[a-z0-9_]+\\+0x|crb_[a-z0-9_]+\\+0x",
	    "(a+b+c+d+)+ [[:digit:]]{1,8}",
	};
	char yaml[1024];
	size_t i;

	for (i = 0; i < sizeof(costly) / sizeof(costly[0]) + sizeof(fine) / sizeof(fine[0]); i++) {
		bool bad = i < sizeof(costly) / sizeof(costly[0]);
		const char *re = bad ? costly[i] : fine[i - sizeof(costly) / sizeof(costly[0])];

		ruleset_free(rs);
		cr_assert_eq(ruleset_new(&rs), 0);
		snprintf(yaml, sizeof(yaml),
			 "version: 1\nrules:\n  - {id: x, severity: error, group: bus, title: t, "
			 "explain: e, references: [r], when: {log: '%s'}}\n",
			 re);
		cr_assert_eq(ruleset_load_text(rs, "t.yaml", yaml, strlen(yaml)), 0);
		cr_expect_eq(rs->n, bad ? 0u : 1u, "%s: %s", re, lint0());
		if (bad)
			cr_expect(strstr(lint0(), "regular expression too costly"), "%s: %s", re,
				  lint0());
	}
}

/*
 * resolved_when: a log finding the chip's present answers contradict is
 * history, kept as a note; without a chip to ask (pasted text) it stands.
 */
Test(rules, resolved_when_turns_history_into_a_note)
{
	const char *chips[] = {"tpm0"};

	load("version: 1\nrules:\n" RULE(
	    "postinit", "error",
	    "{log: 'A TPM error \\(38\\) occurred'}") "    "
						      "resolved_when: {fact: "
						      "tpmN.chip.started, equals: true}\n");
	cr_assert_eq(rs->n, 1, "%s", rs->n_lint ? rs->lint[0] : "");
	cr_expect_not(rs->r[0].per_chip, "resolved_when does not make a rule per chip");
	rec(1.0, "tpm tpm0: A TPM error (38) occurred attempting the self test", NULL);

	evaluate(); /* no chip to ask */
	cr_assert_eq(fi.n, 1);
	cr_expect_eq(fi.f[0].severity, SEV_ERROR);
	cr_expect_not(fi.f[0].resolved);
	findings_free(&fi);

	facts_set_list(fs, "tpm.devices", chips, 1, NULL);
	facts_set_bool(fs, "tpm0.chip.started", false, NULL);
	evaluate(); /* the chip still needs Startup */
	cr_assert_eq(fi.n, 1);
	cr_expect_eq(fi.f[0].severity, SEV_ERROR);
	findings_free(&fi);

	facts_set_bool(fs, "tpm0.chip.started", true, NULL);
	evaluate(); /* started since */
	cr_assert_eq(fi.n, 1);
	cr_expect_eq(fi.f[0].severity, SEV_INFO);
	cr_expect(fi.f[0].resolved);
	cr_expect_str_eq(fi.f[0].title, "T postinit (earlier; resolved now)");
	cr_expect(strstr(fi.f[0].explain, "This is history"), "%s", fi.f[0].explain);
	cr_expect_eq(fi.f[0].rule->severity, SEV_ERROR, "the rule itself is unchanged");
	cr_expect_eq(fi.f[0].n_ev, 1, "the evidence is the log record only");
}

/*
 * A fallback rule reads only what no other finding has as evidence: the
 * line a specific rule explained is not said twice, the other one is read,
 * and its captures come from the line it matched.
 */
Test(rules, a_fallback_rule_reads_only_what_no_finding_explained)
{
	size_t i, generic = 0;

	load("version: 1\nrules:\n"
	     "  - {id: generic, severity: warning, group: bus, title: 'G {1} {2}', explain: e, "
	     "references: [r], fallback: true, "
	     "when: {log: 'A TPM error \\(([0-9]+)\\) occurred (.*)$'}}\n"
	     "  - {id: postinit, severity: error, group: bus, title: P, explain: e, "
	     "references: [r], when: {log: 'A TPM error \\(38\\) occurred'}}\n");
	rec(1.0, "tpm tpm0: A TPM error (38) occurred attempting to read a pcr value", NULL);
	rec(2.0, "tpm tpm0: A TPM error (395) occurred flushing context", NULL);
	evaluate();
	cr_assert_eq(fi.n, 2);
	for (i = 0; i < fi.n; i++)
		if (!strcmp(fi.f[i].rule->id, "generic")) {
			generic++;
			cr_expect_str_eq(fi.f[i].title, "G 395 flushing context");
			cr_expect_eq(fi.f[i].n_ev, 1);
			cr_expect_eq(fi.f[i].ev[0].rec, &lg->r[1]);
		}
	cr_expect_eq(generic, 1);
}

Test(rules, a_fallback_rule_with_every_line_explained_is_silent)
{
	load("version: 1\nrules:\n"
	     "  - {id: generic, severity: warning, group: bus, title: G, explain: e, "
	     "references: [r], fallback: true, when: {log: 'A TPM error'}}\n"
	     "  - {id: postinit, severity: error, group: bus, title: P, explain: e, "
	     "references: [r], when: {log: 'A TPM error \\(38\\)'}}\n");
	rec(1.0, "tpm tpm0: A TPM error (38) occurred continue selftest", NULL);
	evaluate();
	cr_assert_eq(fi.n, 1);
	cr_expect_str_eq(fi.f[0].rule->id, "postinit");
}

Test(rules, fallback_is_true_or_false)
{
	static const char y[] = "version: 1\nrules:\n  - {id: x, severity: error, group: bus, "
				"title: t, explain: e, references: [r], fallback: maybe, "
				"when: {log: 'x'}}\n";

	cr_assert_eq(ruleset_load_text(rs, "t.yaml", y, strlen(y)), 0);
	cr_expect_eq(rs->n, 0);
	cr_expect(strstr(lint0(), "fallback: expected true or false"), "%s", lint0());
}

/* The built-in PCR 7 rules: Secure Boot on, off, and on with an empty dbx. */
static bool fired(const char *id)
{
	for (size_t i = 0; i < fi.n; i++)
		if (!strcmp(fi.f[i].rule->id, id))
			return true;
	return false;
}

Test(rules, secure_boot_as_pcr7_saw_it)
{
	const char *devs[] = {"tpm0"};

	cr_assert_eq(ruleset_load_builtin(rs), 0);
	cr_assert_eq(ruleset_finish(rs), 0);
	facts_set_list(fs, "tpm.devices", devs, 1, NULL);
	facts_set_str(fs, "tpm0.family", "2.0", NULL);
	facts_set_bool(fs, "tpm0.eventlog.secureboot", true, NULL);
	facts_set_int(fs, "tpm0.eventlog.sb.db", 2, NULL);
	facts_set_int(fs, "tpm0.eventlog.sb.dbx", 1, NULL);
	evaluate();
	cr_expect(fired("pcr7-secure-boot-on"));
	cr_expect(!fired("pcr7-secure-boot-off"));
	cr_expect(!fired("pcr7-secure-boot-dbx-empty"), "one dbx entry is not empty");
	findings_free(&fi);
	memset(&fi, 0, sizeof(fi));

	facts_set_int(fs, "tpm0.eventlog.sb.dbx", 0, NULL);
	evaluate();
	cr_expect(fired("pcr7-secure-boot-on"));
	cr_expect(fired("pcr7-secure-boot-dbx-empty"));
	findings_free(&fi);
	memset(&fi, 0, sizeof(fi));

	facts_set_bool(fs, "tpm0.eventlog.secureboot", false, NULL);
	evaluate();
	cr_expect(fired("pcr7-secure-boot-off"));
	cr_expect(!fired("pcr7-secure-boot-on"));
	cr_expect(!fired("pcr7-secure-boot-dbx-empty"), "an empty dbx matters with Secure Boot on");
}
