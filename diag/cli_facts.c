// SPDX-License-Identifier: GPL-2.0-or-later
/* tpmdiag facts: run every probe and show what they found. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "diag/cli.h"
#include "diag/facts.h"
#include "probes/kmsg.h"
#include "probes/probe.h"
#include "reports/facts_json.h"
#include "reports/facts_text.h"
#include "reports/kmsg_json.h"

/* Bit 1 of the exit status: something could not be read (absent is a normal answer). */
static int facts_exit_status(const struct facts *fs)
{
	size_t i;

	for (i = 0; i < facts_count(fs); i++) {
		const struct fact *fa = facts_at(fs, i);

		if (fa->type == FACT_UNREADABLE && fa->why != FACT_ABSENT)
			return TPMDIAG_EXIT_DEVICE;
	}
	return TPMDIAG_EXIT_OK;
}

static int facts_print_json(struct cli *c, const struct rootfs *root, const struct facts *fs,
			    const struct kmsg_log *log)
{
	struct json_object *doc = json_object_new_object();

	if (!doc)
		return -ENOMEM;
	json_object_object_add(doc, "schema", json_object_new_string(TPMDIAG_FACTS_SCHEMA));
	json_object_object_add(doc, "version", json_object_new_string(TPMDIAG_VERSION));
	json_object_object_add(doc, "root", json_object_new_string(root->path));
	json_object_object_add(doc, "facts", facts_json_array(fs));
	json_object_object_add(doc, "kmsg", kmsg_json_array(log));
	fprintf(c->out, "%s\n",
		json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY |
							JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(doc);
	return 0;
}

int cli_facts(struct cli *c)
{
	struct probe_ctx ctx = {0};
	struct rootfs root = {.fd = -1};
	struct facts *fs = NULL;
	const struct probe *p;
	size_t i, n;
	int ret;

	if (c->argc) {
		fprintf(c->err, "tpmdiag facts: unexpected '%s'; see 'tpmdiag facts --help'\n",
			c->argv[0]);
		return TPMDIAG_EXIT_USAGE;
	}
	ret = rootfs_open(c->root, &root);
	if (ret) {
		fprintf(c->err, "tpmdiag facts: cannot open --root %s: %s\n", c->root,
			strerror(-ret));
		return TPMDIAG_EXIT_USAGE;
	}
	if (facts_new(&fs)) {
		ret = TPMDIAG_EXIT_DEVICE;
		goto out;
	}
	ctx = (struct probe_ctx){.root = &root,
				 .facts = fs,
				 .kmsg_file = c->kmsg,
				 .boot = c->boot,
				 .device = c->device,
				 .timeout_ms = c->timeout_ms,
				 .no_device = c->no_device,
				 .startup = c->startup,
				 .record = c->record};
	p = probe_table(&n);
	for (i = 0; i < n; i++) {
		if (p[i].run(&ctx) == -ENOMEM) {
			fprintf(c->err, "tpmdiag facts: out of memory in the %s probe\n",
				p[i].name);
			ret = TPMDIAG_EXIT_DEVICE;
			goto out;
		}
	}
	if (c->format && !strcmp(c->format, "json"))
		ret = facts_print_json(c, &root, fs, ctx.log) ? TPMDIAG_EXIT_DEVICE : 0;
	else
		facts_text_print(c->out, fs, c->verbose);
	if (!ret)
		ret = facts_exit_status(fs);
out:
	kmsg_log_free(ctx.log);
	facts_free(fs);
	rootfs_close(&root);
	return ret;
}
