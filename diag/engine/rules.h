/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Rules: the failure-signature database as data. The format is documented
 * in tpmdiag-rules(5); rules.c loads and lints YAML files into these
 * structures, eval.c evaluates them over facts and log records.
 */
#ifndef TPMDIAG_RULES_H
#define TPMDIAG_RULES_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag/engine/version.h"
#include "diag/facts/facts.h"

enum severity {
	SEV_INFO = 0,
	SEV_WARNING,
	SEV_ERROR,
};

enum cond_kind {
	COND_ALL,
	COND_ANY,
	COND_NOT,
	COND_FACT,
	COND_LOG,
	COND_SEQUENCE,
	COND_RC,
};

enum cond_test {
	TEST_EQUALS,
	TEST_IN,
	TEST_MATCHES,
	TEST_LT,
	TEST_LE,
	TEST_GT,
	TEST_GE,
	TEST_EXISTS,
	TEST_UNREADABLE,
	TEST_CONTAINS,
	TEST_VERSION_IN,
	TEST_VERSION_GE,
	TEST_VERSION_LT,
};

enum log_source {
	LOG_ANY = 0,
	LOG_KERNEL,
	LOG_USERSPACE,
};

struct cond {
	enum cond_kind kind;
	struct cond **kids; /* ALL, ANY, SEQUENCE; NOT has one */
	size_t n_kids;
	/* COND_FACT */
	char *key;
	enum cond_test test;
	char **vals; /* EQUALS, CONTAINS: one; IN: several */
	size_t n_vals;
	int64_t num;		      /* LT..GE */
	struct version_range *ranges; /* VERSION_*: IN several, GE/LT one (lo/hi) */
	size_t n_ranges;
	bool flag;	      /* EXISTS */
	enum fact_reason why; /* UNREADABLE: FACT_REASON_NONE = any reason */
	regex_t re;	      /* MATCHES, LOG */
	char *re_src;	      /* the regular expression as written */
	bool has_re;
	/* COND_LOG */
	regex_t trace_re;
	bool has_trace;
	unsigned count;
	enum log_source source;
	/* COND_SEQUENCE */
	double within; /* seconds; < 0 = no limit */
	/* COND_RC */
	uint32_t rc;
	int rc_family; /* 0 any, 12, 20 */
	unsigned line, col;
};

struct remedy {
	char *text;
	char *action; /* or NULL */
};

struct rule {
	char *id;
	enum severity severity;
	char *group;
	char *title;
	char *explain;
	struct cond *when;
	/*
	 * Optional: when this holds for a chip the machine has now (its tpmN keys
	 * read per chip), what the rule found is history (earlier in this boot,
	 * since fixed): the finding is kept as a note. Never makes a rule per chip.
	 */
	struct cond *resolved_when;
	struct remedy *remedy;
	size_t n_remedy;
	char **refs;
	size_t n_refs;
	char **explains;
	size_t n_explains;
	bool per_chip; /* a key names tpmN: evaluated once per chip */
	/*
	 * A rule for a class of line (a kernel command the TPM refused): it runs
	 * after the others and matches only records no finding has as evidence.
	 */
	bool fallback;
	char *file;
	unsigned line;
};

/*
 * A message the database knows and finds no fault in (tpmdiag-rules(5),
 * "known"): a kernel or tool line that is normal, with what it means.
 * A TPM record that neither a rule nor a known entry matches is reported
 * as not in tpmdiag's database.
 */
struct known {
	struct cond *match; /* a COND_LOG: log, source, icase */
	char *meaning;
	char *kernels; /* the kernel versions that print it ("4.8-6.x"), or NULL */
	char **refs;
	size_t n_refs;
	char *file;
	unsigned line;
};

struct ruleset {
	struct rule *r;
	size_t n, cap;
	struct known *known;
	size_t n_known, cap_known;
	char **lint; /* "FILE:LINE:COL: message" */
	size_t n_lint, cap_lint;
	size_t skipped; /* rules left out for their errors */
};

int ruleset_new(struct ruleset **out);
void ruleset_free(struct ruleset *rs);

/*
 * Load rules from YAML text (name for messages). A rule with errors is
 * left out and its errors go to rs->lint; a rule whose id is already in
 * the set replaces it. Returns 0, or -ENOMEM.
 */
int ruleset_load_text(struct ruleset *rs, const char *name, const char *text, size_t len);
/* A file, or every *.yaml in a directory (sorted). A missing dir is not an error. */
int ruleset_load_path(struct ruleset *rs, const char *path);
/*
 * The rules built into the binary (the .yaml files of diag/rules): 0, -ENOMEM,
 * or -ENOPKG when libyaml cannot be loaded (the reason is the last rs->lint).
 */
int ruleset_load_builtin(struct ruleset *rs);
/* Cross-rule checks after loading everything: unknown ids in explains. */
int ruleset_finish(struct ruleset *rs);

const struct rule *ruleset_find(const struct ruleset *rs, const char *id);
const char *severity_name(enum severity s);

/* Whether key names a fact some probe can produce (tpmN, tpmrmN allowed). */
bool fact_key_known(const char *key);

#endif
