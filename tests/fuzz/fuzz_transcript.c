// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the transcript parser. Whatever parses is written
 * back out and parsed again: the second reading must equal the first.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/transport/transcript.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same_exchange(const struct tpm_exchange *a, const struct tpm_exchange *b)
{
	return a->cmd_len == b->cmd_len && !memcmp(a->cmd, b->cmd, a->cmd_len) &&
	       a->err_no == b->err_no && a->rsp_len == b->rsp_len &&
	       (!a->rsp_len || !memcmp(a->rsp, b->rsp, a->rsp_len));
}

static void round_trip(const struct tpm_transcript *t)
{
	struct tpm_transcript u;
	char *buf = NULL, err[512];
	size_t len = 0, i;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return;
	if (tpm_transcript_write_header(f, t->family, t->device))
		abort();
	for (i = 0; i < t->n; i++)
		if (tpm_transcript_write_exchange(f, &t->ex[i], 1.0))
			abort();
	if (fclose(f))
		abort();
	if (tpm_transcript_parse(buf, len, "round-trip", &u, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		abort();
	}
	if (u.family != t->family || u.n != t->n || !u.device != !t->device ||
	    (u.device && strcmp(u.device, t->device)))
		abort();
	for (i = 0; i < t->n; i++)
		if (!same_exchange(&t->ex[i], &u.ex[i]))
			abort();
	tpm_transcript_free(&u);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tpm_transcript t;
	char err[512];

	if (tpm_transcript_parse((const char *)data, size, "fuzz", &t, err, sizeof(err)) == 0) {
		round_trip(&t);
		tpm_transcript_free(&t);
	}
	return 0;
}
