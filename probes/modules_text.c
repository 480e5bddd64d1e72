// SPDX-License-Identifier: GPL-2.0-or-later
/* The modules probe's text files, parsed (probes/modules_text.h). */
#include <stdio.h>
#include <string.h>

#include "probes/modules_text.h"

/* Kernel parameters that keep modules from loading (comma-separated lists). */
static const char *const cmdline_keys[] = {"module_blacklist=", "modprobe.blacklist="};

/* Commands in "install NAME CMD" that make the module never load. */
static const char *const install_nops[] = {"/bin/false",    "/bin/true", "/usr/bin/false",
					   "/usr/bin/true", "false",	 "true"};

#define WHAT_MAX 400

void modules_conf_parse(char *text, modules_hit_fn hit, void *arg)
{
	char *save = NULL, *line, *p, *word, *name, *cmd, what[WHAT_MAX];
	size_t i;

	for (line = strtok_r(text, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
		p = line + strspn(line, " \t");
		if (*p == '#')
			continue;
		word = strsep(&p, " \t");
		if (!p)
			continue;
		p += strspn(p, " \t");
		name = strsep(&p, " \t");
		if (!name || !*name)
			continue;
		if (!strcmp(word, "blacklist")) {
			snprintf(what, sizeof(what), "blacklist %s", name);
			hit(arg, name, what);
			continue;
		}
		if (strcmp(word, "install") || !p)
			continue;
		p += strspn(p, " \t");
		cmd = strsep(&p, " \t;");
		for (i = 0; cmd && i < sizeof(install_nops) / sizeof(install_nops[0]); i++)
			if (!strcmp(cmd, install_nops[i])) {
				snprintf(what, sizeof(what), "install %s %s", name, cmd);
				hit(arg, name, what);
			}
	}
}

void modules_cmdline_parse(char *text, modules_hit_fn hit, void *arg)
{
	char *save = NULL, *tok, *list, *lsave, *name, whole[WHAT_MAX];
	size_t i, klen;

	for (tok = strtok_r(text, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save)) {
		for (i = 0; i < sizeof(cmdline_keys) / sizeof(cmdline_keys[0]); i++) {
			klen = strlen(cmdline_keys[i]);
			if (strncmp(tok, cmdline_keys[i], klen))
				continue;
			snprintf(whole, sizeof(whole), "%s", tok);
			lsave = NULL;
			for (list = tok + klen; (name = strtok_r(list, ",", &lsave)); list = NULL)
				hit(arg, name, whole);
		}
	}
}

bool modules_list_has(const char *text, const char *name)
{
	const char *line, *end, *base, *stop;
	size_t i, n = strlen(name);

	for (line = text; line && *line; line = end ? end + 1 : NULL) {
		end = strchr(line, '\n');
		stop = memchr(line, ':', end ? (size_t)(end - line) : strlen(line));
		if (!stop)
			stop = end ? end : line + strlen(line);
		for (base = stop; base > line && base[-1] != '/'; base--)
			;
		if ((size_t)(stop - base) < n + 3 || strncmp(base + n, ".ko", 3))
			continue;
		for (i = 0; i < n && (base[i] == name[i] || (base[i] == '-' && name[i] == '_'));
		     i++)
			;
		if (i == n)
			return true;
	}
	return false;
}

bool modules_proc_has(const char *text, const char *name)
{
	const char *line, *end;
	size_t n = strlen(name);

	for (line = text; line && *line; line = end ? end + 1 : NULL) {
		end = strchr(line, '\n');
		if (!strncmp(line, name, n) && line[n] == ' ')
			return true;
	}
	return false;
}
