// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <string.h>

#include "reports/facts/facts_text.h"
#include "probes/tpm/hex.h"

#define KEY_W_MAX 44

static void facts_src_text(const struct fact_src *s, char *buf, size_t len)
{
	buf[0] = '\0';
	switch (s->kind) {
	case FACT_SRC_FILE:
		snprintf(buf, len, "%s", s->path ? s->path : "");
		break;
	case FACT_SRC_KMSG:
		if (s->kmsg_ts >= 0)
			snprintf(buf, len, "kernel log [%12.6f]", s->kmsg_ts);
		else
			snprintf(buf, len, "kernel log record %" PRIu64, s->kmsg_seq);
		break;
	case FACT_SRC_TPM:
		snprintf(buf, len, "%s", s->cmd_name ? s->cmd_name : "TPM command");
		break;
	case FACT_SRC_LIBRARY:
	case FACT_SRC_DERIVED:
		snprintf(buf, len, "%s", s->note ? s->note : fact_src_kind_name(s->kind));
		break;
	case FACT_SRC_NONE:
		break;
	}
}

static void facts_text_detail(FILE *f, const struct fact *fa)
{
	if (fa->src.kind == FACT_SRC_TPM && fa->src.cmd_len) {
		fprintf(f, "    sent      ");
		hex_print(f, fa->src.cmd, fa->src.cmd_len, 14);
		fprintf(f, "\n    received  ");
		hex_print(f, fa->src.rsp, fa->src.rsp_len, 14);
		fputc('\n', f);
	}
	if (fa->src.kind == FACT_SRC_KMSG && fa->src.kmsg_text)
		fprintf(f, "    record    %s\n", fa->src.kmsg_text);
}

void facts_text_print(FILE *f, const struct facts *fs, bool verbose)
{
	char value[1024], src[512];
	size_t i, w = 0, n = facts_count(fs);

	for (i = 0; i < n; i++) {
		size_t l = strlen(facts_at(fs, i)->key);

		if (l > w)
			w = l;
	}
	if (w > KEY_W_MAX)
		w = KEY_W_MAX;
	for (i = 0; i < n; i++) {
		const struct fact *fa = facts_at(fs, i);

		fact_value_text(fa, value, sizeof(value));
		facts_src_text(&fa->src, src, sizeof(src));
		fprintf(f, "%-*s  %s%s%s%s\n", (int)w, fa->key, value, src[0] ? "  [" : "", src,
			src[0] ? "]" : "");
		if (verbose)
			facts_text_detail(f, fa);
	}
}
