// SPDX-License-Identifier: GPL-2.0-or-later
/* The kernel probe's text: the kernel config and /proc/cmdline (kernel_text.h). */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "probes/parse/kernel_text.h"

/*
 * Command-line parameters that concern the TPM: anything naming "tpm"
 * (tpm_tis.force=1, tpm.disable_pcr_integrity, module_blacklist=tpm_crb,
 * systemd.tpm2_wait=0, rd.luks.options=tpm2-device=auto, ...), IMA/EVM and
 * the integrity subsystem, and acpi=off (it hides the ACPI TPM device).
 */
static const char *const kern_cmdline_prefixes[] = {"ima=", "ima_", "ima.",    "integrity",
						    "evm=", "evm.", "acpi=off"};

void kernel_config_value(const char *text, const char *name, char *val, size_t cap)
{
	size_t nlen = strlen(name);
	const char *line = text, *end, *v;

	snprintf(val, cap, "n");
	for (; *line; line = *end ? end + 1 : end) {
		end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
		if (strncmp(line, "CONFIG_", 7) || strncmp(line + 7, name, nlen) ||
		    line[7 + nlen] != '=')
			continue;
		v = line + 8 + nlen;
		snprintf(val, cap, "%.*s", (int)(end - v), v);
		if (val[0] && val[strlen(val) - 1] == '\r')
			val[strlen(val) - 1] = '\0';
		return; /* "# CONFIG_X is not set" never matches: it starts with '#' */
	}
}

static bool kern_param_is_tpm(const char *tok)
{
	size_t i;

	if (strcasestr(tok, "tpm"))
		return true;
	for (i = 0; i < sizeof(kern_cmdline_prefixes) / sizeof(kern_cmdline_prefixes[0]); i++)
		if (!strncmp(tok, kern_cmdline_prefixes[i], strlen(kern_cmdline_prefixes[i])))
			return true;
	return false;
}

size_t kernel_cmdline_split(char *s, const char **toks, size_t max)
{
	bool quoted = false;
	size_t n = 0;
	char *p = s, *start = NULL;

	for (;; p++) {
		bool blank = *p == '\0' || (!quoted && isspace((unsigned char)*p));

		if (*p == '"')
			quoted = !quoted;
		if (!blank && !start)
			start = p;
		if (blank && start) {
			bool last = *p == '\0';

			*p = '\0';
			if (kern_param_is_tpm(start) && n < max)
				toks[n++] = start;
			start = NULL;
			if (last)
				break;
		} else if (*p == '\0') {
			break;
		}
	}
	return n;
}
