// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tpmdiag check (the default) and tpmdiag analyze FILE: facts and log
 * records through the rules, then the report.
 */
#include <string.h>

#include "diag/cli.h"
#include "diag/findings.h"
#include "diag/machine.h"
#include "reports/check_text.h"

/* Exit status bits for the findings (tpmdiag(1) EXIT STATUS). */
static int check_status(const struct findings *fi)
{
	int worst = findings_worst(fi);

	if (worst == SEV_ERROR)
		return TPMDIAG_EXIT_ERROR_FINDING;
	if (worst == SEV_WARNING)
		return TPMDIAG_EXIT_WARNING_FINDING;
	return 0;
}

int cli_diagnose(struct cli *c, const struct facts *fs, const struct kmsg_log *log)
{
	struct findings fi = {0};
	struct ruleset *rs = NULL;
	int ret = machine_rules(c, &rs, true);

	if (ret)
		goto out;
	if (rules_evaluate(rs, fs, log, &fi)) {
		fprintf(c->err, "tpmdiag: out of memory evaluating the rules\n");
		ret = TPMDIAG_EXIT_DEVICE;
		goto out;
	}
	check_text_print(c->out, fs, &fi, c->verbose);
	ret = check_status(&fi);
	findings_free(&fi);
out:
	ruleset_free(rs);
	return ret;
}

int cli_check(struct cli *c)
{
	struct rootfs root = {.fd = -1};
	struct kmsg_log *log = NULL;
	struct facts *fs = NULL;
	int ret;

	if (c->argc) {
		fprintf(c->err, "tpmdiag check: unexpected '%s'; see 'tpmdiag check --help'\n",
			c->argv[0]);
		return TPMDIAG_EXIT_USAGE;
	}
	ret = machine_probe(c, &root, &fs, &log);
	if (!ret)
		ret = cli_diagnose(c, fs, log) | machine_facts_status(fs);
	kmsg_log_free(log);
	facts_free(fs);
	rootfs_close(&root);
	return ret;
}
