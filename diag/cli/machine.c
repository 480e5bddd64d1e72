// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>

#include "diag/cli/machine.h"
#include "probes/probe.h"

int machine_probe(struct cli *c, struct rootfs *root, struct facts **fs, struct kmsg_log **log)
{
	struct probe_ctx ctx;
	const struct probe *p;
	size_t i, n;
	int ret;

	*fs = NULL;
	*log = NULL;
	root->fd = -1;
	ret = rootfs_open(c->root, root);
	if (ret) {
		fprintf(c->err, "tpmdiag: cannot open --root %s: %s\n", c->root, strerror(-ret));
		return TPMDIAG_EXIT_USAGE;
	}
	if (facts_new(fs))
		return TPMDIAG_EXIT_DEVICE;
	ctx = (struct probe_ctx){.root = root,
				 .facts = *fs,
				 .kmsg_file = c->kmsg,
				 .boot = c->boot,
				 .device = c->device,
				 .timeout_ms = c->timeout_ms,
				 .deadline = c->deadline,
				 .no_device = c->no_device,
				 .startup = c->startup,
				 .record = c->record,
				 .progress = c->progress,
				 .state_dir = c->state_dir};
	p = probe_table(&n);
	for (i = 0; i < n; i++) {
		if (p[i].run(&ctx) == -ENOMEM) {
			fprintf(c->err, "tpmdiag: out of memory in the %s probe\n", p[i].name);
			*log = ctx.log;
			return TPMDIAG_EXIT_DEVICE;
		}
	}
	*log = ctx.log;
	return 0;
}

int machine_rules(struct cli *c, struct ruleset **rs, bool report)
{
	int ret;

	if (ruleset_new(rs))
		return TPMDIAG_EXIT_DEVICE;
	ret = ruleset_load_builtin(*rs);
	if (!ret)
		ret = ruleset_load_path(*rs, TPMDIAG_RULES_DIR);
	if (!ret && c->rules)
		ret = ruleset_load_path(*rs, c->rules);
	if (!ret)
		ret = ruleset_finish(*rs);
	if (ret == -ENOPKG && (*rs)->n_lint) {
		/* No rule can be read: a diagnosis without them would say "no problem". */
		fprintf(c->err, "tpmdiag: cannot diagnose without the rule database: %s\n",
			(*rs)->lint[(*rs)->n_lint - 1]);
		return TPMDIAG_EXIT_DEVICE;
	}
	if (ret) {
		fprintf(c->err, "tpmdiag: out of memory loading the rules\n");
		return TPMDIAG_EXIT_DEVICE;
	}
	if (report && (*rs)->n_lint) {
		size_t i;

		fprintf(c->err, "tpmdiag: %zu rule%s left out for errors in the rule files:\n",
			(*rs)->skipped, (*rs)->skipped == 1 ? "" : "s");
		for (i = 0; i < (*rs)->n_lint; i++)
			fprintf(c->err, "  %s\n", (*rs)->lint[i]);
	}
	return 0;
}

int machine_facts_status(const struct facts *fs)
{
	size_t i;

	for (i = 0; i < facts_count(fs); i++) {
		const struct fact *fa = facts_at(fs, i);

		if (fa->type == FACT_UNREADABLE && fa->why != FACT_ABSENT)
			return TPMDIAG_EXIT_DEVICE;
	}
	return TPMDIAG_EXIT_OK;
}
