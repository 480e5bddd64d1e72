// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probes/holders.h"

/* Daemons known to keep a TPM device open, and how to stop them. */
static const struct {
	const char *comm;
	const char *remedy;
} tpm_known_holders[] = {
    {"tcsd", "systemctl stop tcsd (TrouSerS, the TPM 1.2 daemon)"},
    {"tpm2-abrmd", "systemctl stop tpm2-abrmd (the TPM 2.0 access broker)"},
    {"tpm2-abrmd-", "systemctl stop tpm2-abrmd (the TPM 2.0 access broker)"},
    {"tpm_server", "stop the TPM simulator process"},
};

const char *tpm_holder_remedy(const char *comm)
{
	size_t i;

	for (i = 0; i < sizeof(tpm_known_holders) / sizeof(tpm_known_holders[0]); i++)
		if (!strcmp(comm, tpm_known_holders[i].comm))
			return tpm_known_holders[i].remedy;
	return NULL;
}

static void tpm_read_comm(const char *proc, const char *pid, char *comm, size_t len)
{
	char path[4200];
	FILE *f;

	snprintf(comm, len, "?");
	snprintf(path, sizeof(path), "%s/%s/comm", proc, pid);
	f = fopen(path, "re");
	if (!f)
		return;
	if (fgets(comm, (int)len, f))
		comm[strcspn(comm, "\n")] = '\0';
	fclose(f);
}

/* 1 when one of pid's fds links to devpath, 0 when none, -errno when unreadable. */
static int tpm_pid_holds(const char *proc, const char *pid, const char *devpath)
{
	char dir[4200], link[4500], target[4096];
	struct dirent *e;
	int found = 0;
	ssize_t n;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/%s/fd", proc, pid);
	d = opendir(dir);
	if (!d)
		return -errno;
	while (!found && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(link, sizeof(link), "%s/%s", dir, e->d_name);
		n = readlink(link, target, sizeof(target) - 1);
		if (n < 0)
			continue;
		target[n] = '\0';
		found = !strcmp(target, devpath);
	}
	closedir(d);
	return found;
}

int tpm_holders_find(const char *root, const char *devpath, struct tpm_holder *out, size_t max,
		     size_t *n, size_t *unreadable)
{
	char proc[4096];
	struct dirent *e;
	pid_t self = getpid();
	DIR *d;
	int r;

	*n = 0;
	if (unreadable)
		*unreadable = 0;
	snprintf(proc, sizeof(proc), "%s/proc", root ? root : "");
	d = opendir(proc);
	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		if (!isdigit((unsigned char)e->d_name[0]) || atoi(e->d_name) == self)
			continue;
		r = tpm_pid_holds(proc, e->d_name, devpath);
		if (r < 0 && unreadable && r != -ENOENT)
			(*unreadable)++;
		if (r <= 0)
			continue;
		if (*n < max) {
			out[*n].pid = atoi(e->d_name);
			tpm_read_comm(proc, e->d_name, out[*n].comm, sizeof(out[*n].comm));
		}
		(*n)++;
	}
	closedir(d);
	return 0;
}
