// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the parsers of the kernel's ppi/ files
 * (probes/parse/ppi_parse.c): the first byte picks the parser (version, request,
 * response, transition_action, tcg_operations, vs_operations), the rest is
 * the text, handed over as a NUL-terminated copy. What a parser accepts is
 * checked against the kernel's ranges, and the decoded values are turned
 * into the sentences the probe writes (diag/ppi/ppi.c), into bounded buffers.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag/ppi/ppi.h"
#include "probes/parse/ppi_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_str(const char *buf, size_t cap)
{
	if (!memchr(buf, '\0', cap))
		abort();
}

static void check_ops(const struct ppi_ops *ops, unsigned first, unsigned last, size_t n)
{
	size_t count = 0;
	unsigned op;

	for (op = 0; op < PPI_OP_COUNT; op++) {
		if (!ops->status[op])
			continue;
		if (op < first || op > last || ops->status[op] > PPI_STATUS_USER_NOT_REQUIRED)
			abort();
		count++;
	}
	if (count != ops->count || count > n)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ppi_response rsp;
	struct ppi_request rq;
	struct ppi_ops ops;
	char buf[512], name[64];
	unsigned sel, a, b;
	size_t n, line;
	uint32_t code;
	char *text;

	if (!size)
		return 0;
	sel = data[0] % 6;
	n = size - 1;
	text = malloc(n + 1);
	if (!text)
		return 0;
	memcpy(text, data + 1, n);
	text[n] = '\0';
	switch (sel) {
	case 0:
		if (!ppi_parse_version(text, &a, &b) && (a > 255 || b > 255))
			abort();
		break;
	case 1:
		if (!ppi_parse_request(text, &rq)) {
			ppi_next_boot_text(TPM_FAMILY_20, rq.op, PPI_STATUS_UNKNOWN, "reboot", buf,
					   sizeof(buf));
			check_str(buf, sizeof(buf));
			ppi_op_name(TPM_FAMILY_12, rq.op, name, sizeof(name));
			check_str(name, sizeof(name));
		}
		break;
	case 2:
		if (!ppi_parse_response(text, &rsp)) {
			if ((rsp.kind == PPI_RSP_NONE) != (rsp.op == 0))
				abort();
			check_str(ppi_response_token(rsp.kind), 16);
		}
		break;
	case 3:
		if (!ppi_parse_transition(text, &code))
			check_str(ppi_transition_token(code), 32);
		break;
	case 4:
		if (!ppi_parse_operations(text, 0, PPI_TCG_LAST, &ops, &line))
			check_ops(&ops, 0, PPI_TCG_LAST, n);
		else if (!line)
			abort();
		break;
	default:
		if (!ppi_parse_operations(text, PPI_VS_FIRST, PPI_OP_COUNT - 1, &ops, &line))
			check_ops(&ops, PPI_VS_FIRST, PPI_OP_COUNT - 1, n);
		else if (!line)
			abort();
		break;
	}
	free(text);
	return 0;
}
