// SPDX-License-Identifier: GPL-2.0-or-later
/* tpmdiag rules list | tpmdiag rules lint [PATH...] */
#include <string.h>

#include "diag/cli/cli.h"
#include "diag/cli/machine.h"

static int rules_list(struct cli *c)
{
	struct ruleset *rs = NULL;
	size_t i;
	int ret = machine_rules(c, &rs, true);

	if (ret)
		return ret;
	for (i = 0; i < rs->n; i++)
		fprintf(c->out, "%-36s %-8s %-10s %s\n", rs->r[i].id,
			severity_name(rs->r[i].severity), rs->r[i].group, rs->r[i].title);
	fprintf(c->out, "%zu rules, and %zu known messages (harmless lines the database knows)\n",
		rs->n, rs->n_known);
	ruleset_free(rs);
	return 0;
}

/* Without paths: the rules a diagnosis would use; with paths: those files or directories. */
static int rules_lint(struct cli *c)
{
	struct ruleset *rs = NULL;
	size_t i;
	int k, ret = 0;

	if (c->argc == 1) {
		ret = machine_rules(c, &rs, false);
		if (ret)
			return ret;
	} else {
		if (ruleset_new(&rs))
			return TPMDIAG_EXIT_DEVICE;
		for (k = 1; !ret && k < c->argc; k++)
			ret = ruleset_load_path(rs, c->argv[k]);
		if (!ret)
			ret = ruleset_finish(rs);
	}
	for (i = 0; i < rs->n_lint; i++)
		fprintf(c->out, "%s\n", rs->lint[i]);
	fprintf(c->out, "%zu rules, %zu known messages, %zu error%s%s\n", rs->n, rs->n_known,
		rs->n_lint, rs->n_lint == 1 ? "" : "s",
		rs->skipped ? " (the rules and entries with errors are left out)" : "");
	ret = ret ? TPMDIAG_EXIT_DEVICE : rs->n_lint ? TPMDIAG_EXIT_USAGE : 0;
	ruleset_free(rs);
	return ret;
}

/* Every log pattern of cond, one per line. */
static void print_patterns(FILE *f, const struct cond *c)
{
	size_t i;

	if (c->kind == COND_LOG && c->re_src)
		fprintf(f, "%s\n", c->re_src);
	for (i = 0; i < c->n_kids; i++)
		print_patterns(f, c->kids[i]);
}

/* What the rules look for in logs: one extended regular expression a line. */
static int rules_patterns(struct cli *c)
{
	struct ruleset *rs = NULL;
	size_t i;
	int ret = machine_rules(c, &rs, true);

	if (ret)
		return ret;
	for (i = 0; i < rs->n; i++)
		print_patterns(c->out, rs->r[i].when);
	ruleset_free(rs);
	return 0;
}

int cli_rules(struct cli *c)
{
	if (c->argc >= 1 && !strcmp(c->argv[0], "patterns"))
		return rules_patterns(c);
	if (c->argc >= 1 && !strcmp(c->argv[0], "list"))
		return rules_list(c);
	if (c->argc >= 1 && !strcmp(c->argv[0], "lint"))
		return rules_lint(c);
	fprintf(c->err,
		"tpmdiag rules: use 'rules list', 'rules patterns' or 'rules lint [PATH...]'\n");
	return TPMDIAG_EXIT_USAGE;
}
