// SPDX-License-Identifier: GPL-2.0-or-later
/* tpmdiag ctrl NAME: swtpm's control channel, for tests and reproductions. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "diag/cli/cli.h"
#include "probes/transport/swtpm.h"
#include "probes/transport/swtpm_ctrl_answer.h"
#include "probes/tpm/hex.h"

static const struct {
	const char *name;
	uint32_t code;
	uint8_t payload[4];
	size_t payload_len;
	bool changes_state;
	const char *what;
} ctrl_table[] = {
    {"init",
     SWTPM_CMD_INIT,
     {0, 0, 0, 0},
     4,
     true,
     "power cycle (_TPM_Init): the TPM now needs Startup"},
    {"stop",
     SWTPM_CMD_STOP,
     {0},
     0,
     true,
     "TPM stopped: it answers with a failure code until the next init"},
    {"shutdown", SWTPM_CMD_SHUTDOWN, {0}, 0, true, "swtpm shut down"},
    {"cancel", SWTPM_CMD_CANCEL_TPM_CMD, {0}, 0, false, "cancel requested"},
    {"caps", SWTPM_CMD_GET_CAPABILITY, {0}, 0, false, "control-channel capabilities"},
    {"established", SWTPM_CMD_GET_TPMESTABLISHED, {0}, 0, false, "tpmEstablished bit"},
    {"info", SWTPM_CMD_GET_INFO, {0}, 0, false, "TPM specification and attributes"},
};

static int ctrl_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(ctrl_table) / sizeof(ctrl_table[0]); i++)
		if (!strcmp(ctrl_table[i].name, name))
			return (int)i;
	return -1;
}

/* GET_INFO takes u64 flags (3 = specification + attributes), u32 offset, u32 reserved. */
static size_t ctrl_payload(int i, uint8_t *p)
{
	static const uint8_t info[16] = {0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0};

	if (ctrl_table[i].code == SWTPM_CMD_GET_INFO) {
		memcpy(p, info, sizeof(info));
		return sizeof(info);
	}
	memcpy(p, ctrl_table[i].payload, ctrl_table[i].payload_len);
	return ctrl_table[i].payload_len;
}

static void ctrl_print_answer(struct cli *c, int i, const uint8_t *out, size_t n,
			      const struct swtpm_answer *a)
{
	fprintf(c->out, "received  ");
	hex_print(c->out, out, n, 10);
	fputc('\n', c->out);
	if (a->result)
		return;
	if (ctrl_table[i].code == SWTPM_CMD_GET_INFO)
		fprintf(c->out, "info      %s%s\n", a->info, a->info_cut ? " (cut)" : "");
	else if (ctrl_table[i].code == SWTPM_CMD_GET_TPMESTABLISHED)
		fprintf(c->out, "established %d\n", a->established);
	else if (ctrl_table[i].code == SWTPM_CMD_GET_CAPABILITY)
		fprintf(c->out, "caps      0x%08x\n", a->caps);
}

int cli_ctrl(struct cli *c)
{
	struct tpm_open_opts o = {.record_path = NULL,
				  .startup = c->startup,
				  .root = c->root,
				  .progress = c->progress,
				  .deadline = c->deadline,
				  .budget_ms = c->timeout_ms};
	uint8_t in[32], out[4096];
	struct tpm_transport *t = NULL;
	char err[2048];
	size_t in_len, n = 0;
	struct swtpm_answer a;
	const char *why;
	int i, ret;

	i = c->argc == 1 ? ctrl_find(c->argv[0]) : -1;
	if (i < 0) {
		fprintf(c->err, "tpmdiag ctrl: name one of init, stop, shutdown, cancel, caps, "
				"established, info\n");
		return TPMDIAG_EXIT_USAGE;
	}
	if (ctrl_table[i].changes_state && !c->yes) {
		fprintf(c->err,
			"tpmdiag ctrl: '%s' changes the TPM's state; nothing was sent. "
			"Add --yes to send it.\n",
			ctrl_table[i].name);
		return TPMDIAG_EXIT_USAGE;
	}
	ret = tpm_transport_open(c->device, &o, &t, err, sizeof(err));
	if (ret) {
		fprintf(c->err, "tpmdiag: %s\n", err);
		return TPMDIAG_EXIT_DEVICE;
	}
	in_len = ctrl_payload(i, in);
	ret = tpm_transport_ctrl(t, ctrl_table[i].code, in, in_len, out, sizeof(out), &n,
				 c->timeout_ms);
	if (ret) {
		fprintf(c->err, "tpmdiag ctrl: %s\n", t->err);
		ret = ret == -EOPNOTSUPP ? TPMDIAG_EXIT_USAGE : TPMDIAG_EXIT_DEVICE;
		goto out;
	}
	fprintf(c->out, "device    %s\n", t->spec);
	if (swtpm_ctrl_decode(ctrl_table[i].code, out, n, &a, &why)) {
		fprintf(c->out, "received  ");
		hex_print(c->out, out, n, 10);
		fputc('\n', c->out);
		fprintf(c->err, "tpmdiag ctrl: the answer to %s (%zu bytes) is malformed: %s\n",
			ctrl_table[i].name, n, why);
		ret = TPMDIAG_EXIT_DEVICE;
		goto out;
	}
	ctrl_print_answer(c, i, out, n, &a);
	if (a.result) {
		fprintf(c->out, "result    swtpm refused: result 0x%08x\n", a.result);
		ret = TPMDIAG_EXIT_TPM_ERROR;
		goto out;
	}
	fprintf(c->out, "result    OK: %s\n", ctrl_table[i].what);
out:
	tpm_transport_close(t);
	return ret;
}
