// SPDX-License-Identifier: GPL-2.0-or-later
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probes/probe.h"
#include "probes/os/rootfs.h"
#include "tests/integration/fixture_run.h"

int fixture_probe(const char *name, struct facts **fs, struct kmsg_log **log)
{
	char dir[512];

	snprintf(dir, sizeof(dir), FIXTURES "/%s", name);
	return fixture_probe_dir(dir, fs, log);
}

int fixture_probe_dir(const char *dir, struct facts **fs, struct kmsg_log **log)
{
	char root_path[512], kmsg[512], transcript[512], spec[600];
	struct rootfs root;
	struct probe_ctx ctx;
	const struct probe *p;
	size_t i, n;
	int ret;

	*fs = NULL;
	*log = NULL;
	snprintf(root_path, sizeof(root_path), "%s/root", dir);
	snprintf(kmsg, sizeof(kmsg), "%s/kmsg.log", dir);
	snprintf(transcript, sizeof(transcript), "%s/transcript", dir);
	snprintf(spec, sizeof(spec), "replay:%s", transcript);
	ret = rootfs_open(root_path, &root);
	if (ret)
		return ret;
	ret = facts_new(fs);
	if (ret)
		goto out;
	ctx = (struct probe_ctx){.root = &root, .facts = *fs, .kmsg_file = kmsg};
	if (access(transcript, R_OK) == 0)
		ctx.device = spec;
	else
		ctx.no_device = true;
	p = probe_table(&n);
	for (i = 0; !ret && i < n; i++)
		ret = p[i].run(&ctx);
	*log = ctx.log;
out:
	rootfs_close(&root);
	return ret;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int fixture_names(char ***names, size_t *n)
{
	struct dirent *e;
	char root[600], **v = NULL, **grown;
	DIR *d = opendir(FIXTURES);

	*names = NULL;
	*n = 0;
	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		snprintf(root, sizeof(root), FIXTURES "/%s/root", e->d_name);
		if (e->d_name[0] == '.' || access(root, F_OK))
			continue;
		grown = realloc(v, (*n + 1) * sizeof(*v));
		if (!grown)
			break;
		v = grown;
		v[(*n)++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(v, *n, sizeof(*v), name_cmp);
	*names = v;
	return 0;
}

void fixture_names_free(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int fixture_section(const char *name, const char *title, void (*fn)(const char *line, void *arg),
		    void *arg)
{
	char path[512], line[1024], head[128];
	bool in = false;
	int count = 0;
	FILE *f;

	snprintf(path, sizeof(path), FIXTURES "/%s/README.md", name);
	snprintf(head, sizeof(head), "## %s", title);
	f = fopen(path, "r");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "## ", 3)) {
			in = !strcmp(line, head);
			continue;
		}
		if (in && !strncmp(line, "    ", 4) && line[4] && line[4] != ' ') {
			fn(line + 4, arg);
			count++;
		}
	}
	fclose(f);
	return count;
}
