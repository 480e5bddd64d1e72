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

#include "diag/cli.h"
#include "probes/tpm/buf.h"
#include "probes/tpm/catalog.h"
#include "probes/tpm/commands.h"
#include "probes/tpm/rc.h"
#include "reports/field_list.h"
#include "reports/hex.h"

struct info_query {
	enum tpm_family family;
	const char *title;
	const char *name; /* catalogue name */
	const char *args[3];
};

static const struct info_query info_queries[] = {
    {TPM_FAMILY_12, "version", "getcap", {"version"}},
    {TPM_FAMILY_12, "manufacturer", "getcap", {"manufacturer"}},
    {TPM_FAMILY_12, "owner", "getcap", {"property", "owner"}},
    {TPM_FAMILY_12, "permanent flags", "getcap", {"permanent"}},
    {TPM_FAMILY_12, "volatile flags", "getcap", {"volatile"}},
    {TPM_FAMILY_12, "endorsement key", "readpubek", {NULL}},
    {TPM_FAMILY_12, "self-test result", "gettestresult", {NULL}},
    {TPM_FAMILY_12, "durations", "getcap", {"durations"}},
    {TPM_FAMILY_12, "timeouts", "getcap", {"timeouts"}},
    {TPM_FAMILY_20, "fixed properties", "getcap", {"properties-fixed"}},
    {TPM_FAMILY_20, "variable properties", "getcap", {"properties-variable"}},
    {TPM_FAMILY_20, "self-test result", "gettestresult", {NULL}},
    {TPM_FAMILY_20, "PCR banks", "getcap", {"pcrs"}},
    {TPM_FAMILY_20, "persistent handles", "getcap", {"handles", "persistent"}},
};

/* The code that means "no Startup since reset" in each family. */
static bool info_not_started(enum tpm_family fam, uint32_t rc)
{
	return fam == TPM_FAMILY_12 ? rc == 0x26 : rc == 0x100;
}

/*
 * Ask one question. Returns 0 when answered (*rc holds the code), else the
 * exit status for a transport failure (already printed).
 */
static int info_ask(struct cli *c, struct tpm_transport *t, const struct info_query *q,
		    struct tpm_fields *fs, uint32_t *rc)
{
	const struct tpm_send_cmd *s = tpm_send_lookup(q->family, q->name);
	uint8_t cmd[256], rsp[TPM_MAX_MSG];
	const struct tpm_cmd_info *info;
	char *argv[3], err[256], line[512];
	struct tpm_rc_desc d;
	struct tpm_buf b;
	struct tpm_hdr h;
	size_t n;
	int argc = 0;

	while (argc < 3 && q->args[argc]) {
		argv[argc] = (char *)q->args[argc];
		argc++;
	}
	tpm_buf_init(&b, cmd, sizeof(cmd));
	if (!s || s->build(&b, argc, argv, err, sizeof(err)))
		abort(); /* the query table names catalogue entries; a test checks them all */
	tpm_hdr_parse(cmd, b.len, &h, NULL);
	info = tpm_cmd_lookup(q->family, h.code);
	if (!info || info->changes_state)
		abort(); /* info must only ask read-only questions */
	if (tpm_transmit(t, cmd, b.len, rsp, sizeof(rsp), &n, c->timeout_ms)) {
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
		hex_print(c->out, cmd, b.len, 12);
		fprintf(c->out, "\n  received  ");
		hex_print(c->out, rsp, n, 12);
		fputc('\n', c->out);
	}
	if (h.code)
		return 0;
	tpm_fields_init(fs);
	if (s->decode(rsp, n, argc, argv, fs))
		fprintf(c->out, "  (the answer is shorter or other than the specification says; "
				"shown as far as it could be read)\n");
	field_list_print(c->out, fs);
	return 0;
}

int cli_info(struct cli *c)
{
	struct tpm_transport *t = NULL;
	struct tpm_fields *fs = NULL;
	enum tpm_family fam;
	char src[256];
	size_t i;
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
	for (i = 0; i < sizeof(info_queries) / sizeof(info_queries[0]); i++) {
		if (info_queries[i].family != fam)
			continue;
		fputc('\n', c->out);
		ret = info_ask(c, t, &info_queries[i], fs, &rc);
		if (ret)
			break;
		if (first && info_not_started(fam, rc)) {
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
