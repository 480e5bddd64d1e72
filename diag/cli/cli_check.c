// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tpmdiag check (the default) and tpmdiag analyze FILE: facts and log
 * records through the rules, then the report.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "diag/cli/cli.h"
#include "diag/engine/findings.h"
#include "diag/cli/machine.h"
#include "diag/cli/out_file.h"
#include "reports/redact.h"
#include "reports/report.h"

int cli_findings_status(const struct findings *fi, int fail_on)
{
	static const int bit[] = {TPMDIAG_EXIT_INFO_FINDING, TPMDIAG_EXIT_WARNING_FINDING,
				  TPMDIAG_EXIT_ERROR_FINDING};
	size_t i;
	int st = 0;

	for (i = 0; i < fi->n; i++)
		if ((int)fi->f[i].severity >= fail_on)
			st |= bit[fi->f[i].severity];
	return st;
}

typedef int (*render_fn)(FILE *f, const struct report *r);

static const struct {
	const char *name;
	render_fn render;
	bool redact; /* by default: meant to be attached to a bug report */
} formats[] = {
    {"text", report_text, false},
    {"json", report_json, false},
    {"markdown", report_markdown, true},
    {"junit", report_junit, false},
    {"prometheus", report_prometheus, true},
};

static int render(struct cli *c, struct report *r)
{
	const char *name = c->format ? c->format : "text";
	const char *nc = getenv("NO_COLOR");
	size_t i;
	int ret;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]) && strcmp(formats[i].name, name); i++)
		;
	if (i == sizeof(formats) / sizeof(formats[0]))
		i = 0;
	r->color = !strcmp(name, "text") && isatty(fileno(c->out)) && !(nc && *nc);
	if (formats[i].redact && !c->no_redact && redactor_new(r->fs, &r->rd))
		return -ENOMEM;
	ret = formats[i].render(c->out, r);
	redactor_free(r->rd);
	r->rd = NULL;
	return ret;
}

int cli_diagnose(struct cli *c, const struct facts *fs, const struct kmsg_log *log, int status,
		 const char *source)
{
	struct findings fi = {0};
	struct ruleset *rs = NULL;
	struct report r = {.fs = fs,
			   .log = log,
			   .fi = &fi,
			   .source = source,
			   .verbose = c->verbose,
			   .started = c->started};
	int ret = machine_rules(c, &rs, true);

	if (ret)
		goto out;
	if (rules_evaluate(rs, fs, log, &fi)) {
		fprintf(c->err, "tpmdiag: out of memory evaluating the rules\n");
		ret = TPMDIAG_EXIT_DEVICE;
		goto out;
	}
	r.exit_status = status | cli_findings_status(&fi, c->fail_on);
	ret = render(c, &r);
	c->out_status = ret;
	if (ret) {
		fprintf(c->err, "tpmdiag: cannot write the report: %s\n", strerror(-ret));
		ret = TPMDIAG_EXIT_DEVICE;
		goto out;
	}
	ret = r.exit_status;
out:
	findings_free(&fi);
	ruleset_free(rs);
	return ret;
}

int cli_report_run(struct cli *c, const char *name, int (*run)(struct cli *c))
{
	struct out_file of;
	FILE *out = c->out;
	int ret, err;

	clock_gettime(CLOCK_MONOTONIC, &c->started);
	if (!c->output || !strcmp(c->output, "-"))
		return run(c);
	/* the file first: a wrong -o costs nothing, not a whole probe run */
	err = out_file_open(&of, c->output);
	if (err) {
		fprintf(c->err, "tpmdiag %s: cannot write %s: %s\n", name, c->output,
			strerror(-err));
		return TPMDIAG_EXIT_USAGE;
	}
	c->out = of.f;
	c->out_status = -ENODATA;
	ret = run(c);
	c->out = out;
	err = c->out_status;
	if (!err)
		err = out_file_commit(&of);
	out_file_abort(&of);
	if (err == -ENODATA) /* no report: the command said why */
		return ret ? ret : TPMDIAG_EXIT_DEVICE;
	if (err) {
		fprintf(c->err, "tpmdiag %s: cannot write %s: %s (left as it was)\n", name,
			c->output, strerror(-err));
		return ret | TPMDIAG_EXIT_DEVICE;
	}
	return ret;
}

static int check_run(struct cli *c)
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
		ret =
		    cli_diagnose(c, fs, log, machine_facts_status(fs), c->root ? c->root : "live");
	kmsg_log_free(log);
	facts_free(fs);
	rootfs_close(&root);
	return ret;
}

int cli_check(struct cli *c)
{
	return cli_report_run(c, "check", check_run);
}
