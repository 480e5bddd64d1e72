// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tpmdiag collect [-o FILE]: every probe, written as a bundle
 * (reports/facts/bundle.h) for `tpmdiag analyze` elsewhere; identifiers are
 * replaced by placeholders unless --no-redact.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag/cli/cli.h"
#include "diag/cli/machine.h"
#include "diag/cli/out_file.h"
#include "probes/eventlog/eventlog.h"
#include "reports/facts/bundle.h"
#include "reports/redact.h"

/*
 * The raw event log of each chip whose log the probe found (parsed, or
 * refused as malformed), into ev[*n]. Redacted unless --no-redact
 * (evlog_redact: identifiers in event data zeroed, digests kept); a log
 * that does not parse cannot be redacted and stays out of a redacted
 * bundle, with a word on standard error. 0 or -ENOMEM.
 */
static int collect_evlogs(struct cli *c, const struct rootfs *root, const struct facts *fs,
			  struct bundle_evlog *ev, size_t *n)
{
	char key[64], path[96], chip[16];
	const struct fact *fa;
	struct bundle_evlog e;
	size_t blanked;
	unsigned i;
	int rc;

	*n = 0;
	for (i = 0; i < BUNDLE_MAX_EVLOGS; i++) {
		fa = facts_get(fs, facts_key(key, sizeof(key), "tpm%u.eventlog.format", i));
		if (!fa || (fa->type == FACT_UNREADABLE && fa->why != FACT_MALFORMED))
			continue;
		snprintf(chip, sizeof(chip), "tpm%u", i);
		snprintf(path, sizeof(path), "/sys/kernel/security/tpm%u/binary_bios_measurements",
			 i);
		e = (struct bundle_evlog){.redacted = -1};
		rc = rootfs_read_alloc(root, path, EVLOG_MAX_BYTES, &e.buf, &e.len);
		if (rc == -ENOMEM)
			return rc;
		if (rc || !e.len) {
			free(e.buf);
			continue;
		}
		if (!c->no_redact) {
			if (evlog_redact(e.buf, e.len, &blanked)) {
				fprintf(
				    c->err,
				    "tpmdiag collect: %s's event log does not parse, so it "
				    "cannot be redacted; it stays out of the bundle (--no-redact "
				    "keeps it)\n",
				    chip);
				free(e.buf);
				continue;
			}
			e.redacted = (long)blanked;
		}
		e.chip = strdup(chip);
		e.path = strdup(path);
		ev[(*n)++] = e;
		if (!e.chip || !e.path)
			return -ENOMEM;
	}
	return 0;
}

static void evlogs_free(struct bundle_evlog *ev, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(ev[i].chip);
		free(ev[i].path);
		free(ev[i].buf);
	}
}

/* The redactor's summary, with the event-log fields zeroed. */
static void summary_with_evlogs(char *buf, size_t len, const struct bundle_evlog *ev, size_t n)
{
	long blanked = 0;
	size_t used;

	for (size_t i = 0; i < n; i++)
		blanked += ev[i].redacted > 0 ? ev[i].redacted : 0;
	if (!blanked)
		return;
	if (!strcmp(buf, "nothing"))
		buf[0] = '\0';
	used = strlen(buf);
	snprintf(buf + used, len - used, "%sevent-log identifiers (%ld)", used ? ", " : "",
		 blanked);
}

/* The bundle to f, redacted unless --no-redact. 0 or -errno. */
static int collect_write(struct cli *c, FILE *f, const struct facts *fs, const struct kmsg_log *log,
			 const struct bundle_evlog *ev, size_t n_ev)
{
	const char *source = c->root ? c->root : "live";
	struct kmsg_log *rlog = NULL;
	struct facts *rfs = NULL;
	struct redactor *rd = NULL;
	char summary[512];
	int ret;

	if (c->no_redact)
		return bundle_write(f, fs, log, ev, n_ev, source, NULL);
	ret = redactor_new(fs, &rd);
	if (!ret)
		ret = redact_facts(rd, fs, &rfs);
	if (!ret && log)
		ret = redact_log(rd, log, &rlog);
	if (ret)
		goto out;
	redactor_summary(rd, summary, sizeof(summary));
	summary_with_evlogs(summary, sizeof(summary), ev, n_ev);
	ret = bundle_write(f, rfs, rlog, ev, n_ev, source, summary);
out:
	kmsg_log_free(rlog);
	facts_free(rfs);
	redactor_free(rd);
	return ret;
}

int cli_collect(struct cli *c)
{
	struct rootfs root = {.fd = -1};
	struct bundle_evlog ev[BUNDLE_MAX_EVLOGS];
	struct kmsg_log *log = NULL;
	struct facts *fs = NULL;
	struct out_file of = {.f = NULL};
	size_t n_ev = 0;
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
		ret = out_file_open(&of, c->output);
		if (ret) {
			fprintf(c->err, "tpmdiag collect: cannot write %s: %s\n", c->output,
				strerror(-ret));
			return TPMDIAG_EXIT_USAGE;
		}
		f = of.f;
	}
	ret = machine_probe(c, &root, &fs, &log);
	if (ret)
		goto out;
	ret = collect_evlogs(c, &root, fs, ev, &n_ev);
	if (!ret)
		ret = collect_write(c, f, fs, log, ev, n_ev);
	if (to_file && !ret)
		ret = out_file_commit(&of); /* the bundle whole, or FILE left as it was */
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
	out_file_abort(&of);
	evlogs_free(ev, n_ev);
	kmsg_log_free(log);
	facts_free(fs);
	rootfs_close(&root);
	return ret;
}
