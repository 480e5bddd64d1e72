// SPDX-License-Identifier: GPL-2.0-or-later
/* tpmdiag facts: run every probe and show what they found. */
#include <errno.h>
#include <string.h>

#include "diag/cli/cli.h"
#include "diag/cli/machine.h"
#include "reports/facts/facts_json.h"
#include "reports/facts/facts_text.h"
#include "reports/facts/kmsg_json.h"

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
	cli_json_out(c->out, doc);
	return 0;
}

/* cli.h */
void cli_json_out(FILE *f, struct json_object *doc)
{
	fprintf(f, "%s\n",
		json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY |
							JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(doc);
}

int cli_facts(struct cli *c)
{
	struct rootfs root = {.fd = -1};
	struct kmsg_log *log = NULL;
	struct facts *fs = NULL;
	int ret;

	if (c->argc) {
		fprintf(c->err, "tpmdiag facts: unexpected '%s'; see 'tpmdiag facts --help'\n",
			c->argv[0]);
		return TPMDIAG_EXIT_USAGE;
	}
	ret = machine_probe(c, &root, &fs, &log);
	if (ret)
		goto out;
	if (c->format && !strcmp(c->format, "json"))
		ret = facts_print_json(c, &root, fs, log) ? TPMDIAG_EXIT_DEVICE : 0;
	else
		facts_text_print(c->out, fs, c->verbose);
	if (!ret)
		ret = machine_facts_status(fs);
out:
	kmsg_log_free(log);
	facts_free(fs);
	rootfs_close(&root);
	return ret;
}
