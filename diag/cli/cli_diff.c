// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tpmdiag diff OLD NEW: what changed between two boots, from their event
 * logs (probes/eventlog/eventlog_diff.h). Each is a raw log, a bundle
 * that carries one, or - for the kernel's copy below --root.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "diag/cli/cli.h"
#include "probes/eventlog/eventlog.h"
#include "probes/eventlog/eventlog_diff.h"
#include "probes/eventlog/eventlog_replay.h"
#include "reports/facts/eventlog_diff_print.h"

struct diff_log {
	const char *name;
	uint8_t *buf;
	size_t len;
	struct evlog log;
	struct evlog_replay replay;
};

/* Read, parse and replay one side; a message and TPMDIAG_EXIT_DEVICE when it cannot. */
static int diff_load(struct cli *c, const char *arg, struct diff_log *s)
{
	const char *file = strcmp(arg, "-") ? arg : NULL;
	char err[512];
	int rc;

	s->name = file ? file : "the kernel's event log";
	rc = cli_eventlog_read(c, file, &s->buf, &s->len, err, sizeof(err));
	if (rc) {
		fprintf(c->err, "tpmdiag diff: %s\n", err);
		return TPMDIAG_EXIT_DEVICE;
	}
	rc = evlog_parse(s->buf, s->len, &s->log);
	if (rc) {
		fprintf(c->err, "tpmdiag diff: %s: %s (the record at byte %zu)\n", s->name,
			evlog_err_str(s->log.err), s->log.err_offset);
		return TPMDIAG_EXIT_DEVICE;
	}
	if (evlog_replay(&s->log, &s->replay)) {
		fprintf(c->err, "tpmdiag diff: libcrypto failed a digest\n");
		return TPMDIAG_EXIT_DEVICE;
	}
	return 0;
}

static int diff_print(struct cli *c, const struct evlog_diff_input *in)
{
	struct json_object *doc;

	if (!c->format || !strcmp(c->format, "text") || !strcmp(c->format, "markdown")) {
		eventlog_diff_text(c->out, in, c->format && !strcmp(c->format, "markdown"));
		return TPMDIAG_EXIT_OK;
	}
	doc = eventlog_diff_json(in);
	if (!doc)
		return TPMDIAG_EXIT_DEVICE;
	cli_json_out(c->out, doc);
	return TPMDIAG_EXIT_OK;
}

int cli_diff(struct cli *c)
{
	struct diff_log *s = calloc(2, sizeof(*s));
	struct evlog_diff d = {0};
	struct evlog_diff_input in;
	int ret;

	if (!s)
		return TPMDIAG_EXIT_DEVICE;
	if (c->argc != 2 || (c->format && strcmp(c->format, "text") && strcmp(c->format, "json") &&
			     strcmp(c->format, "markdown"))) {
		fprintf(c->err, "tpmdiag diff: usage: diff [--format text|json|markdown] OLD NEW "
				"(event logs or bundles, or - for the kernel's)\n");
		ret = TPMDIAG_EXIT_USAGE;
		goto out;
	}
	ret = diff_load(c, c->argv[0], &s[0]);
	if (!ret)
		ret = diff_load(c, c->argv[1], &s[1]);
	if (ret)
		goto out;
	ret = evlog_diff(&s[0].log, &s[0].replay, &s[1].log, &s[1].replay, &d);
	if (ret) {
		fprintf(c->err, "tpmdiag diff: %s\n",
			ret == -ENOENT ? "the two logs share no bank to compare" : strerror(-ret));
		ret = TPMDIAG_EXIT_DEVICE;
		goto out;
	}
	in = (struct evlog_diff_input){.old_name = s[0].name,
				       .new_name = s[1].name,
				       .old_log = &s[0].log,
				       .new_log = &s[1].log,
				       .d = &d};
	ret = diff_print(c, &in);
	evlog_diff_free(&d);
out:
	evlog_free(&s[0].log);
	evlog_free(&s[1].log);
	free(s[0].buf);
	free(s[1].buf);
	free(s);
	return ret;
}
