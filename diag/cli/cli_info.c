// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tpmdiag info: what the device layer sees of the TPM. A fixed list of
 * read-only questions per family (data, below), each answered with its
 * return code and decoded fields. The first answer tells whether Startup
 * was sent since the last reset; a chip that was not started answers every
 * question with the same code, so the rest are skipped.
 */
#include <stdlib.h>
#include <string.h>

#include "diag/cli/cli.h"
#include "probes/tpm/buf.h"
#include "probes/commands/catalog.h"
#include "probes/tpm/commands.h"
#include "probes/commands/queries.h"
#include "probes/tpm/rc.h"
#include "reports/facts/field_list.h"
#include "probes/tpm/hex.h"

/*
 * Ask one question. Returns 0 when answered (*rc holds the code), else the
 * exit status for a transport failure (already printed).
 */
static int info_ask(struct cli *c, struct tpm_transport *t, const struct tpm_query *q,
		    struct tpm_fields *fs, uint32_t *rc)
{
	uint8_t cmd[256], rsp[TPM_MAX_MSG];
	const struct tpm_cmd_info *info;
	char line[512];
	struct tpm_rc_desc d;
	struct tpm_hdr h;
	size_t n, len;

	/* The table names read-only catalogue entries; a test checks them all. */
	if (tpm_query_build(q, cmd, sizeof(cmd), &len, &info))
		abort();
	if (tpm_transmit(t, cmd, len, rsp, sizeof(rsp), &n, c->timeout_ms)) {
		fprintf(c->out, "%s: %s\n", q->title, t->err);
		fprintf(c->err, "tpmdiag info: %s\n", t->err);
		return TPMDIAG_EXIT_DEVICE;
	}
	tpm_hdr_parse(rsp, n, &h, NULL);
	*rc = h.code;
	tpm_rc_decode(h.code, q->family, &d);
	tpm_rc_format(&d, line, sizeof(line));
	fprintf(c->out, "%s (%s%s%s)%s%s\n", q->title, info->name, q->args[0] ? " " : "",
		q->args[0] ? q->args[0] : "", h.code ? ": " : "", h.code ? line : "");
	if (c->verbose) {
		fprintf(c->out, "  sent      ");
		hex_print(c->out, cmd, len, 12);
		fprintf(c->out, "\n  received  ");
		hex_print(c->out, rsp, n, 12);
		fputc('\n', c->out);
	}
	if (h.code)
		return 0;
	if (tpm_query_decode(q, rsp, n, fs))
		fprintf(c->out, "  (the answer is shorter or other than the specification says; "
				"shown as far as it could be read)\n");
	field_list_print(c->out, fs);
	return 0;
}

int cli_info(struct cli *c)
{
	const struct tpm_query *queries;
	struct tpm_transport *t = NULL;
	struct tpm_fields *fs = NULL;
	enum tpm_family fam;
	char src[256];
	size_t i, nq;
	uint32_t rc;
	bool first = true;
	int ret;

	ret = cli_open_device(c, true, &t, &fam, src, sizeof(src));
	if (ret)
		return ret;
	fs = malloc(sizeof(*fs));
	if (!fs) {
		ret = TPMDIAG_EXIT_DEVICE;
		goto out;
	}
	fprintf(c->out, "device    %s\nfamily    %s (%s)\n", t->spec, cli_family_label(fam), src);
	queries = tpm_query_table(&nq);
	for (i = 0; i < nq; i++) {
		if (queries[i].family != fam)
			continue;
		fputc('\n', c->out);
		ret = info_ask(c, t, &queries[i], fs, &rc);
		if (ret)
			break;
		if (first && tpm_query_not_started(fam, rc)) {
			fprintf(c->out,
				"\nThe TPM has not been started since its last reset (the firmware "
				"did not send Startup), so it answers nothing else.\n");
			if (!strcmp(t->ops->kind, "spawn"))
				fprintf(c->out, "A private swtpm begins like a chip before the "
						"firmware ran; add --startup to start it.\n");
			else
				fprintf(c->out,
					"To start it: tpmdiag%s%s send startup clear --yes\n",
					c->device ? " --device " : "", c->device ? c->device : "");
			break;
		}
		first = false;
	}
out:
	free(fs);
	tpm_transport_close(t);
	return ret;
}
