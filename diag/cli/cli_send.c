// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tpmdiag send NAME [ARGS] | send raw HEX... | send list
 *
 * Shows everything a person would otherwise decode by hand: the bytes sent,
 * the bytes received, the return code by name and the decoded fields.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "diag/cli/cli.h"
#include "probes/tpm/buf.h"
#include "probes/commands/catalog.h"
#include "probes/tpm/commands.h"
#include "probes/tpm/fields.h"
#include "probes/tpm/rc.h"
#include "reports/facts/field_list.h"
#include "probes/tpm/hex.h"

#define LABEL_W 10

static int send_list(struct cli *c)
{
	static const enum tpm_family fams[] = {TPM_FAMILY_12, TPM_FAMILY_20};
	const struct tpm_send_cmd *t;
	size_t i, j, n;

	for (i = 0; i < 2; i++) {
		t = tpm_send_table(fams[i], &n);
		fprintf(c->out, "%s:\n", cli_family_label(fams[i]));
		for (j = 0; j < n; j++)
			fprintf(c->out, "  %-22s %-34s %s\n", t[j].name, t[j].usage, t[j].summary);
	}
	fprintf(c->out, "Both:\n  %-22s %-34s %s\n", "raw", "HEX...",
		"any command as bytes (header included)");
	return TPMDIAG_EXIT_OK;
}

/* Whether NAME is read-only for TPM 2.0, to choose /dev/tpmrm0 by default. */
static bool send_rm_fits(struct cli *c)
{
	const struct tpm_send_cmd *s = tpm_send_lookup(TPM_FAMILY_20, c->argv[0]);
	uint8_t cmd[TPM_MAX_MSG];
	const struct tpm_cmd_info *info;
	struct tpm_buf b;
	char err[256];

	if (!s)
		return false;
	tpm_buf_init(&b, cmd, sizeof(cmd));
	if (s->build(&b, c->argc - 1, c->argv + 1, err, sizeof(err)))
		return false;
	info = tpm_cmd_lookup(TPM_FAMILY_20, (uint32_t)cmd[6] << 24 | (uint32_t)cmd[7] << 16 |
						 (uint32_t)cmd[8] << 8 | cmd[9]);
	return info && !info->changes_state;
}

/* Build the command bytes for the family; prints the reason on failure. */
static int send_build(struct cli *c, enum tpm_family fam, uint8_t *cmd, size_t cap, size_t *len,
		      const struct tpm_send_cmd **entry)
{
	const struct tpm_send_cmd *s;
	struct tpm_buf b;
	char err[512];
	int bad;

	*entry = NULL;
	if (!strcmp(c->argv[0], "raw")) {
		if (c->argc < 2 || hex_parse_words(c->argc - 1, c->argv + 1, cmd, cap, len, &bad)) {
			fprintf(c->err,
				"tpmdiag send raw: %s%s%s: give the whole command as hex bytes, "
				"e.g. 'tpmdiag send raw 80 01 00 00 00 0c 00 00 01 7b 00 08'\n",
				c->argc < 2 ? "no bytes given" : "bad hex '",
				c->argc < 2 ? "" : c->argv[1 + bad], c->argc < 2 ? "" : "'");
			return TPMDIAG_EXIT_USAGE;
		}
		return 0;
	}
	s = tpm_send_lookup(fam, c->argv[0]);
	if (!s) {
		fprintf(c->err,
			"tpmdiag send: %s has no command '%s'; 'tpmdiag send list' shows "
			"the names for each family\n",
			cli_family_label(fam), c->argv[0]);
		return TPMDIAG_EXIT_USAGE;
	}
	tpm_buf_init(&b, cmd, cap);
	if (s->build(&b, c->argc - 1, c->argv + 1, err, sizeof(err))) {
		fprintf(c->err, "tpmdiag send %s: %s\n", s->name, err);
		return TPMDIAG_EXIT_USAGE;
	}
	*len = b.len;
	*entry = s;
	return 0;
}

/* Print the answer; returns the exit status it deserves. */
static int send_report(struct cli *c, const struct tpm_send_cmd *s, const uint8_t *rsp, size_t n,
		       double ms)
{
	struct tpm_rc_desc d;
	struct tpm_fields *fs;
	struct tpm_hdr h;
	char line[512];
	int ret;

	fprintf(c->out, "%-*s", LABEL_W, "received");
	hex_print(c->out, rsp, n, LABEL_W);
	fprintf(c->out, "  (%.1f ms)\n", ms);
	tpm_hdr_parse(rsp, n, &h, NULL);
	tpm_rc_decode(h.code, tpm20_is_tag(h.tag) ? TPM_FAMILY_20 : TPM_FAMILY_12, &d);
	tpm_rc_format(&d, line, sizeof(line));
	fprintf(c->out, "%-*s%s\n", LABEL_W, "result", line);
	if (h.code)
		return TPMDIAG_EXIT_TPM_ERROR;
	if (!s || !s->decode)
		return TPMDIAG_EXIT_OK;
	fs = malloc(sizeof(*fs));
	if (!fs)
		return TPMDIAG_EXIT_DEVICE;
	tpm_fields_init(fs);
	ret = s->decode(rsp, n, c->argc - 1, c->argv + 1, fs);
	field_list_print(c->out, fs);
	free(fs);
	if (ret) {
		fprintf(c->out,
			"%-*sthe response is shorter or otherwise different from what the "
			"specification says; the fields above are what could be read\n",
			LABEL_W, "warning");
		return TPMDIAG_EXIT_TPM_ERROR;
	}
	return TPMDIAG_EXIT_OK;
}

int cli_send(struct cli *c)
{
	uint8_t cmd[TPM_MAX_MSG], rsp[TPM_MAX_MSG];
	const struct tpm_send_cmd *s = NULL;
	const struct tpm_cmd_info *info;
	struct tpm_transport *t = NULL;
	enum tpm_family fam;
	char src[256];
	struct tpm_hdr h;
	size_t len = 0, n = 0;
	double t0;
	int ret;

	if (c->argc < 1) {
		fprintf(c->err, "tpmdiag send: name a command, e.g. 'tpmdiag send getrandom 8'; "
				"'tpmdiag send list' shows them all\n");
		return TPMDIAG_EXIT_USAGE;
	}
	if (!strcmp(c->argv[0], "list"))
		return send_list(c);
	ret = cli_open_device(c, send_rm_fits(c), &t, &fam, src, sizeof(src));
	if (ret)
		return ret;
	ret = send_build(c, fam, cmd, sizeof(cmd), &len, &s);
	if (ret)
		goto out;
	if (tpm_hdr_parse(cmd, len, &h, NULL)) {
		fprintf(c->err, "tpmdiag send: the bytes are not a command: a command is a "
				"10-byte header (tag, size = total length, code) and parameters\n");
		ret = TPMDIAG_EXIT_USAGE;
		goto out;
	}
	info = tpm_cmd_lookup(tpm20_is_tag(h.tag) ? TPM_FAMILY_20 : TPM_FAMILY_12, h.code);
	fprintf(c->out, "%-*s%s, %s (%s)\n", LABEL_W, "device", t->spec, cli_family_label(fam),
		src);
	if (info)
		fprintf(c->out, "%-*s%s (0x%08x), %s, %s\n", LABEL_W, "command", info->name, h.code,
			tpm_duration_name(info->duration),
			info->changes_state ? "changes the TPM's state" : "read-only");
	else
		fprintf(c->out, "%-*sunknown code 0x%08x (taken as state-changing)\n", LABEL_W,
			"command", h.code);
	if ((!info || info->changes_state) && !c->yes) {
		fprintf(c->err,
			"tpmdiag send: %s changes the TPM's state; nothing was sent. Add --yes "
			"to send it.\n",
			info ? info->name : "an unknown command");
		ret = TPMDIAG_EXIT_USAGE;
		goto out;
	}
	fprintf(c->out, "%-*s", LABEL_W, "sent");
	hex_print(c->out, cmd, len, LABEL_W);
	fputc('\n', c->out);
	fflush(c->out);
	t0 = tpm_now_ms();
	ret = tpm_transmit(t, cmd, len, rsp, sizeof(rsp), &n, c->timeout_ms);
	if (ret) {
		fprintf(c->err, "tpmdiag send: %s\n", t->err);
		ret = TPMDIAG_EXIT_DEVICE;
		goto out;
	}
	ret = send_report(c, s, rsp, n, tpm_now_ms() - t0);
out:
	tpm_transport_close(t);
	return ret;
}
