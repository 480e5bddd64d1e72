// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tpmdiag eventlog [FILE]: the firmware's measured-boot event log, one
 * line per event, and the PCRs it replays to. Without FILE, the kernel's
 * copy below --root.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "diag/cli/cli.h"
#include "probes/eventlog/eventlog.h"
#include "probes/eventlog/eventlog_replay.h"
#include "probes/os/rootfs.h"
#include "reports/facts/eventlog_print.h"

#define KERNEL_LOG "/sys/kernel/security/tpm0/binary_bios_measurements"

/* cli.h */
int cli_eventlog_read(struct cli *c, const char *file, uint8_t **buf, size_t *len)
{
	struct rootfs root = {.fd = -1};
	char abs[PATH_MAX];
	int ret;

	if (file && !realpath(file, abs))
		return -errno;
	ret = rootfs_open(file ? "/" : c->root, &root);
	if (!ret)
		ret = rootfs_read_alloc(&root, file ? abs : KERNEL_LOG, EVLOG_MAX_BYTES, buf, len);
	rootfs_close(&root);
	return ret;
}

static int eventlog_show(struct cli *c, const char *source, const struct evlog *log)
{
	struct json_object *doc;
	struct evlog_replay r;

	if (evlog_replay(log, &r)) {
		fprintf(c->err, "tpmdiag eventlog: libcrypto failed a digest\n");
		return TPMDIAG_EXIT_DEVICE;
	}
	if (!c->format || strcmp(c->format, "json")) {
		eventlog_text_print(c->out, source, log, &r);
		return TPMDIAG_EXIT_OK;
	}
	doc = eventlog_json(source, log, &r);
	if (!doc)
		return TPMDIAG_EXIT_DEVICE;
	cli_json_out(c->out, doc);
	return TPMDIAG_EXIT_OK;
}

int cli_eventlog(struct cli *c)
{
	const char *file = c->argc ? c->argv[0] : NULL;
	const char *source = file ? file : KERNEL_LOG;
	struct evlog log = {0};
	uint8_t *buf = NULL;
	size_t len = 0;
	int ret, rc;

	if (c->argc > 1 || (c->format && strcmp(c->format, "text") && strcmp(c->format, "json"))) {
		fprintf(c->err, "tpmdiag eventlog: usage: eventlog [--format text|json] [FILE]\n");
		return TPMDIAG_EXIT_USAGE;
	}
	rc = cli_eventlog_read(c, file, &buf, &len);
	if (rc) {
		fprintf(c->err, "tpmdiag eventlog: cannot read %s: %s%s\n", source,
			rc == -EFBIG ? "larger than 16 MiB" : strerror(-rc),
			!file && (rc == -ENOENT || rc == -EACCES)
			    ? " (is securityfs mounted, and are you root?)"
			    : "");
		ret = TPMDIAG_EXIT_DEVICE;
		goto out;
	}
	rc = evlog_parse(buf, len, &log);
	if (rc) {
		fprintf(c->err, "tpmdiag eventlog: %s: %s", source, evlog_err_str(log.err));
		if (rc == -EBADMSG)
			fprintf(c->err, " (the record at byte %zu)%s", log.err_offset,
				log.err_offset ? "" : "; is it an event log at all?");
		fputc('\n', c->err);
		ret = TPMDIAG_EXIT_DEVICE;
		goto out;
	}
	ret = eventlog_show(c, source, &log);
out:
	evlog_free(&log);
	free(buf);
	return ret;
}
