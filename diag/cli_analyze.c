// SPDX-License-Identifier: GPL-2.0-or-later
/* tpmdiag analyze FILE: a diagnosis from pasted or attached text alone. */
#include <string.h>

#include "diag/cli.h"
#include "probes/analyze_text.h"
#include "probes/kmsg.h"

int cli_analyze(struct cli *c)
{
	struct kmsg_log *log = NULL;
	struct facts *fs = NULL;
	int ret;

	if (c->argc != 1) {
		fprintf(c->err, "tpmdiag analyze: give one file: a kernel log, tool output or a "
				"pasted bug report ('-' reads standard input)\n");
		return TPMDIAG_EXIT_USAGE;
	}
	if (facts_new(&fs))
		return TPMDIAG_EXIT_DEVICE;
	ret = analyze_text_file(c->argv[0], &log, fs);
	if (ret) {
		fprintf(c->err, "tpmdiag analyze: cannot read %s: %s\n", c->argv[0],
			strerror(-ret));
		ret = TPMDIAG_EXIT_USAGE;
		goto out;
	}
	ret = cli_diagnose(c, fs, log);
out:
	kmsg_log_free(log);
	facts_free(fs);
	return ret;
}
