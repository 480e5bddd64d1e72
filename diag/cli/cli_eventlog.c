// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tpmdiag eventlog [FILE]: the firmware's measured-boot event log, one
 * line per event, and the PCRs it replays to. FILE is a raw log or a
 * bundle (its first chip's log); without FILE, the kernel's copy below
 * --root.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "diag/cli/cli.h"
#include "probes/eventlog/eventlog.h"
#include "probes/eventlog/eventlog_replay.h"
#include "probes/offline/bundle_read.h"
#include "probes/os/rootfs.h"
#include "reports/facts/eventlog_print.h"

#define KERNEL_LOG "/sys/kernel/security/tpm0/binary_bios_measurements"

/* A bundle's first event log (the bundle's buffer is taken over). */
static int read_bundle(const char *file, uint8_t **buf, size_t *len, char *err, size_t err_len)
{
	struct bundle b;
	int ret = bundle_read_file(file, &b, err, err_len);

	if (ret)
		return ret;
	if (!b.n_evlogs) {
		snprintf(err, err_len,
			 "%s is a bundle without an event log (the machine had none, or an "
			 "older tpmdiag collected it)",
			 file);
		ret = -ENOENT;
	} else {
		*buf = b.evlogs[0].buf;
		*len = b.evlogs[0].len;
		b.evlogs[0].buf = NULL;
	}
	bundle_clear(&b);
	return ret;
}

/* cli.h */
int cli_eventlog_read(struct cli *c, const char *file, uint8_t **buf, size_t *len, char *err,
		      size_t err_len)
{
	struct rootfs root = {.fd = -1};
	char abs[PATH_MAX];
	int ret;

	*buf = NULL;
	*len = 0;
	if (file && bundle_sniff(file) == 1)
		return read_bundle(file, buf, len, err, err_len);
	if (file && !realpath(file, abs)) {
		ret = -errno;
		goto out;
	}
	ret = rootfs_open(file ? "/" : c->root, &root);
	if (!ret)
		ret = rootfs_read_alloc(&root, file ? abs : KERNEL_LOG, EVLOG_MAX_BYTES, buf, len);
	rootfs_close(&root);
out:
	if (ret)
		snprintf(err, err_len, "cannot read %s: %s%s", file ? file : KERNEL_LOG,
			 ret == -EFBIG ? "larger than 16 MiB" : strerror(-ret),
			 !file && (ret == -ENOENT || ret == -EACCES)
			     ? " (is securityfs mounted, and are you root?)"
			     : "");
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
	char err[512];
	uint8_t *buf = NULL;
	size_t len = 0;
	int ret, rc;

	if (c->argc > 1 || (c->format && strcmp(c->format, "text") && strcmp(c->format, "json"))) {
		fprintf(c->err, "tpmdiag eventlog: usage: eventlog [--format text|json] [FILE]\n");
		return TPMDIAG_EXIT_USAGE;
	}
	rc = cli_eventlog_read(c, file, &buf, &len, err, sizeof(err));
	if (rc) {
		fprintf(c->err, "tpmdiag eventlog: %s\n", err);
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
