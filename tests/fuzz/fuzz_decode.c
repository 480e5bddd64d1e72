// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: every decoder of both families' named commands, with
 * every argument set below, on the input as a whole response and on the
 * input as parameters behind a correct 10-byte header. A decoder must
 * return 0 or -EBADMSG, keep its fields bounded and never read outside the
 * buffer (ASan sees the exact-size copies).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/commands/catalog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fuzz_args {
	enum tpm_family fam;
	const char *line; /* NAME ARGS... */
};

static const struct fuzz_args fuzz_args[] = {
    {TPM_FAMILY_12, "startup clear"},
    {TPM_FAMILY_12, "shutdown"},
    {TPM_FAMILY_12, "selftest full"},
    {TPM_FAMILY_12, "gettestresult"},
    {TPM_FAMILY_12, "getcap version"},
    {TPM_FAMILY_12, "getcap manufacturer"},
    {TPM_FAMILY_12, "getcap permanent"},
    {TPM_FAMILY_12, "getcap volatile"},
    {TPM_FAMILY_12, "getcap durations"},
    {TPM_FAMILY_12, "getcap timeouts"},
    {TPM_FAMILY_12, "getcap da"},
    {TPM_FAMILY_12, "getcap property owner"},
    {TPM_FAMILY_12, "getcap property keys"},
    {TPM_FAMILY_12, "physicalpresence present"},
    {TPM_FAMILY_12, "physicalenable"},
    {TPM_FAMILY_12, "physicaldisable"},
    {TPM_FAMILY_12, "physicalsetdeactivated true"},
    {TPM_FAMILY_12, "readpubek"},
    {TPM_FAMILY_12, "pcrread 7"},
    {TPM_FAMILY_12, "getrandom 8"},
    {TPM_FAMILY_20, "startup clear"},
    {TPM_FAMILY_20, "shutdown clear"},
    {TPM_FAMILY_20, "selftest full"},
    {TPM_FAMILY_20, "gettestresult"},
    {TPM_FAMILY_20, "getcap properties-fixed"},
    {TPM_FAMILY_20, "getcap properties-variable"},
    {TPM_FAMILY_20, "getcap pcrs"},
    {TPM_FAMILY_20, "getcap algorithms"},
    {TPM_FAMILY_20, "getcap handles"},
    {TPM_FAMILY_20, "getcap handles permanent"},
    {TPM_FAMILY_20, "readpublic 0x81000001"},
    {TPM_FAMILY_20, "nvreadpublic 0x01c00002"},
    {TPM_FAMILY_20, "nvread 0x01c00002 768 0"},
    {TPM_FAMILY_20, "pcrread sha256:0-23 sha1:0,1"},
    {TPM_FAMILY_20, "getrandom 8"},
};

#define FUZZ_ARGV_MAX 8

static void fuzz_check_fields(const struct tpm_fields *fs)
{
	size_t i;

	if (fs->n > TPM_FIELDS_MAX)
		abort();
	for (i = 0; i < fs->n; i++)
		if (!memchr(fs->f[i].key, '\0', sizeof(fs->f[i].key)) ||
		    !memchr(fs->f[i].value, '\0', sizeof(fs->f[i].value)))
			abort();
}

static void fuzz_one(const struct fuzz_args *a, const uint8_t *rsp, size_t len)
{
	static struct tpm_fields fs;
	char text[128], *argv[FUZZ_ARGV_MAX], *save = NULL, *name, *tok;
	const struct tpm_send_cmd *c;
	int argc = 0, ret;

	snprintf(text, sizeof(text), "%s", a->line);
	name = strtok_r(text, " ", &save);
	while ((tok = strtok_r(NULL, " ", &save)) && argc < FUZZ_ARGV_MAX)
		argv[argc++] = tok;
	c = tpm_send_lookup(a->fam, name);
	if (!c)
		abort();
	tpm_fields_init(&fs);
	ret = c->decode(rsp, len, argc, argv, &fs);
	if (ret != 0 && ret != -EBADMSG)
		abort();
	fuzz_check_fields(&fs);
}

/* Every command of both tables has an argument set above. */
static void fuzz_check_coverage(void)
{
	const struct tpm_send_cmd *t;
	size_t i, j, n, len;
	int f, found;

	for (f = TPM_FAMILY_12; f <= TPM_FAMILY_20; f++) {
		t = tpm_send_table((enum tpm_family)f, &n);
		for (i = 0; i < n; i++) {
			len = strlen(t[i].name);
			for (j = 0, found = 0; j < sizeof(fuzz_args) / sizeof(fuzz_args[0]); j++)
				found |= fuzz_args[j].fam == (enum tpm_family)f &&
					 !strncmp(fuzz_args[j].line, t[i].name, len) &&
					 (fuzz_args[j].line[len] == ' ' || !fuzz_args[j].line[len]);
			if (!found) {
				fprintf(stderr, "fuzz_decode: no argument set for %s %s\n",
					tpm_family_name((enum tpm_family)f), t[i].name);
				abort();
			}
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int checked;
	uint8_t *raw, *framed;
	uint16_t tag;
	size_t i, total = size + TPM_HEADER_SIZE;

	if (!checked) {
		fuzz_check_coverage();
		checked = 1;
	}
	if (size > TPM_MAX_MSG)
		return 0;
	raw = malloc(size ? size : 1);
	framed = malloc(total);
	if (!raw || !framed)
		abort();
	if (size)
		memcpy(raw, data, size);
	for (i = 0; i < sizeof(fuzz_args) / sizeof(fuzz_args[0]); i++) {
		/* the first byte picks TPM2_ST_SESSIONS for some 2.0 frames */
		if (fuzz_args[i].fam == TPM_FAMILY_12)
			tag = TPM_TAG_RSP_COMMAND;
		else
			tag = size && (data[0] & 1) ? TPM2_ST_SESSIONS : TPM2_ST_NO_SESSIONS;
		framed[0] = (uint8_t)(tag >> 8);
		framed[1] = (uint8_t)tag;
		framed[2] = (uint8_t)(total >> 24);
		framed[3] = (uint8_t)(total >> 16);
		framed[4] = (uint8_t)(total >> 8);
		framed[5] = (uint8_t)total;
		memset(framed + 6, 0, 4);
		if (size)
			memcpy(framed + TPM_HEADER_SIZE, data, size);
		fuzz_one(&fuzz_args[i], raw, size);
		fuzz_one(&fuzz_args[i], framed, total);
	}
	free(raw);
	free(framed);
	return 0;
}
