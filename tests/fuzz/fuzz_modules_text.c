// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the modules probe's text parsers
 * (probes/modules_text.c): the input, as a NUL-terminated copy, is read as
 * a modprobe.d file, a kernel command line (both change their copy, so
 * each gets its own), a modules.builtin/modules.dep list and /proc/modules.
 * Every name a parser reports must lie inside its copy.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "probes/modules_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct span {
	const char *lo, *hi;
	size_t hits;
};

static void hit(void *arg, const char *name, const char *what)
{
	struct span *s = arg;

	if (name < s->lo || name >= s->hi || !what || strnlen(what, 400) >= 400)
		abort();
	s->hits++;
}

static char *copy(const uint8_t *data, size_t size)
{
	char *t = malloc(size + 1);

	if (t) {
		memcpy(t, data, size);
		t[size] = '\0';
	}
	return t;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *t = copy(data, size);
	struct span s;

	if (!t)
		return 0;
	s = (struct span){t, t + size + 1, 0};
	modules_conf_parse(t, hit, &s);
	free(t);
	t = copy(data, size);
	if (!t)
		return 0;
	s = (struct span){t, t + size + 1, 0};
	modules_cmdline_parse(t, hit, &s);
	free(t);
	t = copy(data, size);
	if (!t)
		return 0;
	modules_list_has(t, "tpm_tis");
	modules_list_has(t, "tpm_crb");
	modules_proc_has(t, "tpm_tis_core");
	modules_proc_has(t, "tpm");
	free(t);
	return 0;
}
