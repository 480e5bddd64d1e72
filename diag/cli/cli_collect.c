// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tpmdiag collect [-o FILE]: every probe, written as a bundle
 * (reports/facts/bundle.h) for `tpmdiag analyze` elsewhere; identifiers are
 * replaced by placeholders unless --no-redact.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "diag/cli/cli.h"
#include "diag/cli/machine.h"
#include "reports/facts/bundle.h"
#include "reports/redact.h"

/* The bundle to f, redacted unless --no-redact. 0 or -errno. */
static int collect_write(struct cli *c, FILE *f, const struct facts *fs, const struct kmsg_log *log)
{
	const char *source = c->root ? c->root : "live";
	struct kmsg_log *rlog = NULL;
	struct facts *rfs = NULL;
	struct redactor *rd = NULL;
	char summary[512];
	int ret;

	if (c->no_redact)
		return bundle_write(f, fs, log, source, NULL);
	ret = redactor_new(fs, &rd);
	if (!ret)
		ret = redact_facts(rd, fs, &rfs);
	if (!ret && log)
		ret = redact_log(rd, log, &rlog);
	if (ret)
		goto out;
	redactor_summary(rd, summary, sizeof(summary));
	ret = bundle_write(f, rfs, rlog, source, summary);
out:
	kmsg_log_free(rlog);
	facts_free(rfs);
	redactor_free(rd);
	return ret;
}

int cli_collect(struct cli *c)
{
	struct rootfs root = {.fd = -1};
	struct kmsg_log *log = NULL;
	struct facts *fs = NULL;
	bool to_file = c->output && strcmp(c->output, "-");
	FILE *f = c->out;
	int ret;

	if (c->argc) {
		fprintf(c->err,
			"tpmdiag collect: unexpected '%s'; the bundle goes to -o FILE or "
			"standard output\n",
			c->argv[0]);
		return TPMDIAG_EXIT_USAGE;
	}
	/* the file first: a wrong -o costs nothing, not a whole probe run */
	if (to_file) {
		f = fopen(c->output, "we");
		if (!f) {
			fprintf(c->err, "tpmdiag collect: cannot write %s: %s\n", c->output,
				strerror(errno));
			return TPMDIAG_EXIT_USAGE;
		}
	}
	ret = machine_probe(c, &root, &fs, &log);
	if (ret)
		goto out;
	ret = collect_write(c, f, fs, log);
	if (to_file) {
		if (fclose(f) && !ret)
			ret = -EIO;
		f = NULL;
	}
	if (ret) {
		fprintf(c->err, "tpmdiag collect: cannot write the bundle%s%s: %s\n",
			to_file ? " to " : "", to_file ? c->output : "", strerror(-ret));
		ret = TPMDIAG_EXIT_DEVICE;
		goto out;
	}
	if (to_file)
		fprintf(c->err, "tpmdiag collect: wrote %s (%s)\n", c->output,
			c->no_redact ? "not redacted" : "redacted");
	ret = machine_facts_status(fs);
out:
	if (to_file && f)
		fclose(f);
	kmsg_log_free(log);
	facts_free(fs);
	rootfs_close(&root);
	return ret;
}
