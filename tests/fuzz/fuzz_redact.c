// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the redactor: arbitrary text through redact_str with
 * a fixed set of facts (a hostname, a serial, a TPM_ReadPubek answer). The
 * output must be a NUL-terminated string, the hostname must not survive,
 * standing alone (between non-word characters), in the output.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ctype.h>

#include "reports/redact.h"

static bool word(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-';
}

/* needle occurs in s between non-word characters (case-insensitive). */
static bool alone(const char *s, const char *needle)
{
	size_t n = strlen(needle);
	const char *p;

	for (p = s; (p = strcasestr(p, needle)); p++)
		if ((p == s || !word(p[-1])) && !word(p[n]))
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t pubek_rsp[] = {
    0x00, 0xc4, 0x00, 0x00, 0x00, 0x3e, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
    0x00, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0xde, 0xad,
    0xbe, 0xef, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fact_src ek = {.kind = FACT_SRC_TPM,
			      .cmd_name = "TPM_ReadPubek",
			      .rsp = pubek_rsp,
			      .rsp_len = sizeof(pubek_rsp)};
	struct redactor *rd = NULL;
	struct facts *fs = NULL;
	char *s, *out = NULL, sum[256];

	s = malloc(size + 1);
	if (!s || facts_new(&fs))
		goto out;
	memcpy(s, data, size);
	s[size] = '\0';
	if (facts_set_str(fs, "kernel.hostname", "fuzzhost.example", NULL) ||
	    facts_set_str(fs, "dmi.board_serial", "SN0042XYZ", NULL) ||
	    facts_set_bool(fs, "tpm0.chip.ek", true, &ek) || redactor_new(fs, &rd))
		goto out;
	out = redact_str(rd, s);
	if (!out)
		goto out;
	if (strnlen(out, 16 * size + 64) > 16 * size + 63)
		abort();
	if (alone(out, "fuzzhost.example") || alone(out, "fuzzhost"))
		abort();
	redactor_summary(rd, sum, sizeof(sum));
	if (!memchr(sum, '\0', sizeof(sum)))
		abort();
out:
	free(out);
	redactor_free(rd);
	facts_free(fs);
	free(s);
	return 0;
}
