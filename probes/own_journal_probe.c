// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The own-journal probe: what the journals of `tpmdiag own`
 * (diag/own/own_journal.h) in the state directory say, so that `check` can
 * report an ownership flow that did not finish. The state directory is
 * --state-dir (a host path) or /var/lib/tpmdiag inside the root.
 *
 * A journal belongs to chip N when its device is /dev/tpmN or /dev/tpmrmN;
 * with --device, only that device's journal counts, for the chip the device
 * probe files it under (tpmN for a .../tpmN path, else tpm0).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag/own/own_journal.h"
#include "probes/probe.h"

#define OJ_FILES_MAX 64

struct oj_run {
	struct probe_ctx *c;
	const struct rootfs *dir; /* the root the state directory is read through */
	const char *prefix;	  /* the state directory inside it ("" = its top) */
	char shown[4096];	  /* the directory as reports name it */
	char device_name[256];	  /* own_journal_name of --device, or "" */
	unsigned device_chip;
};

/* The chip of a journal file "own-NAME.journal", or -ENOENT. */
static int oj_chip(const struct oj_run *u, const char *name, unsigned *n)
{
	char dev[300];

	if (u->c->device) {
		if (!u->device_name[0] || strcmp(name, u->device_name))
			return -ENOENT;
		*n = u->device_chip;
		return 0;
	}
	snprintf(dev, sizeof(dev), "/dev/%s", name);
	if (!strncmp(name, "tpm", 3) && !own_journal_chip(dev, n))
		return 0;
	return -ENOENT;
}

static int oj_set(struct oj_run *u, unsigned n, const char *what, const char *v,
		  const struct fact_src *s)
{
	char key[96];

	return facts_set_str(u->c->facts, facts_key(key, sizeof(key), "tpm%u.own.%s", n, what), v,
			     s);
}

static int oj_facts(struct oj_run *u, unsigned n, const struct own_journal_info *j,
		    const struct fact_src *s)
{
	const char *const vals[][2] = {
	    {"journal", j->finished ? "finished" : "in-progress"},
	    {"device", j->device},
	    {"family", j->family},
	    {"started", j->started},
	    {"updated", j->updated},
	    {"step", j->last[0] ? j->last : "none"},
	};
	char key[96];
	size_t i;
	int ret = 0;

	for (i = 0; !ret && i < sizeof(vals) / sizeof(vals[0]); i++)
		ret = oj_set(u, n, vals[i][0], vals[i][1], s);
	if (!ret && j->stop[0] && !j->finished)
		ret = oj_set(u, n, "stopped", j->stop, s);
	if (!ret)
		ret = facts_set_int(u->c->facts, facts_key(key, sizeof(key), "tpm%u.own.runs", n),
				    j->runs, s);
	return ret;
}

static int oj_file(struct oj_run *u, const char *file, const char *name)
{
	struct own_journal_info *j = NULL;
	unsigned char *buf = NULL;
	char rel[300], shown[4400], key[96], err[256], why[600];
	struct fact_src s;
	size_t len = 0;
	unsigned n;
	int ret;

	if (oj_chip(u, name, &n))
		return 0; /* another device's journal */
	snprintf(rel, sizeof(rel), "%s/%s", u->prefix, file);
	snprintf(shown, sizeof(shown), "%s/%s", u->shown, file);
	s = probe_file_src(shown);
	facts_key(key, sizeof(key), "tpm%u.own.journal", n);
	ret = rootfs_read_alloc(u->dir, rel, OWN_JOURNAL_MAX, &buf, &len);
	if (ret)
		return ret == -ENOMEM
			   ? ret
			   : facts_set_errno(u->c->facts, key, -ret, "cannot read it", &s);
	j = malloc(sizeof(*j));
	if (!j) {
		ret = -ENOMEM;
		goto out;
	}
	if (own_journal_parse((const char *)buf, len, j, err, sizeof(err))) {
		snprintf(why, sizeof(why), "the journal does not parse: %s", err);
		ret = facts_set_unreadable(u->c->facts, key, FACT_MALFORMED, why, &s);
		goto out;
	}
	ret = oj_facts(u, n, j, &s);
out:
	free(j);
	free(buf);
	return ret;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int oj_scan(struct oj_run *u)
{
	char *files[OJ_FILES_MAX];
	char names[OJ_FILES_MAX][256];
	struct fact_src s = probe_file_src(u->shown);
	struct dirent *de;
	DIR *d = NULL;
	size_t n = 0, i, l;
	int ret;

	ret = rootfs_opendir(u->dir, u->prefix[0] ? u->prefix : "/", &d);
	if (ret)
		return ret == -ENOMEM ? ret
				      : facts_set_errno(u->c->facts, "own.journals", -ret,
							"cannot read the state directory", &s);
	while ((de = readdir(d)) && n < OJ_FILES_MAX) {
		l = strlen(de->d_name);
		if (l < 13 || l - 12 >= sizeof(names[0]) || strncmp(de->d_name, "own-", 4) ||
		    strcmp(de->d_name + l - 8, ".journal"))
			continue;
		files[n] = strdup(de->d_name);
		if (!files[n]) {
			ret = -ENOMEM;
			goto out;
		}
		n++;
	}
	qsort(files, n, sizeof(files[0]), cmp_str);
	ret = facts_set_list(u->c->facts, "own.journals", (const char *const *)files, n, &s);
	for (i = 0; !ret && i < n; i++) {
		l = strlen(files[i]);
		memcpy(names[i], files[i] + 4, l - 12);
		names[i][l - 12] = '\0';
		ret = oj_file(u, files[i], names[i]);
	}
out:
	for (i = 0; i < n; i++)
		free(files[i]);
	closedir(d);
	return ret;
}

int probe_own_journal(struct probe_ctx *c)
{
	struct oj_run u = {.c = c};
	struct rootfs dir = {.fd = -1};
	const char *spec = c->device;
	int ret;

	if (spec && !own_journal_name(spec, u.device_name, sizeof(u.device_name)) &&
	    own_journal_chip(strncmp(spec, "dev:", 4) ? spec : spec + 4, &u.device_chip))
		u.device_chip = 0;
	if (!c->state_dir) {
		snprintf(u.shown, sizeof(u.shown), "%s", OWN_JOURNAL_DIR);
		u.dir = c->root;
		u.prefix = OWN_JOURNAL_DIR;
		return oj_scan(&u);
	}
	snprintf(u.shown, sizeof(u.shown), "%s", c->state_dir);
	u.prefix = "";
	ret = rootfs_open(c->state_dir, &dir);
	if (ret) {
		struct fact_src s = probe_file_src(u.shown);

		return facts_set_errno(c->facts, "own.journals", -ret,
				       "cannot open the state directory", &s);
	}
	u.dir = &dir;
	ret = oj_scan(&u);
	rootfs_close(&dir);
	return ret;
}
