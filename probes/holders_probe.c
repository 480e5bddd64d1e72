// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The holders probe: which processes have the TPM device nodes open
 * (tcsd, tpm2-abrmd, ...), from ROOT/proc/PID/fd, for the chips the udev
 * probe listed (tpm.devices, tpmrm.devices) or, when there are no such
 * facts, the tpmN/tpmrmN nodes in ROOT/dev.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/os/holders.h"
#include "probes/probe.h"
#include "probes/os/tpm_class.h"

#define HOLDERS_DEVS (2 * TPM_CLASS_MAX)
#define HOLDERS_MAX  4096 /* (process, device) pairs kept */

struct holders_dev {
	char name[32];	/* "tpm0", "tpmrm0" */
	char path[256]; /* "/dev/tpm0", as the fd links show it */
};

struct holders_hit {
	size_t dev;
	struct tpm_holder h;
};

struct holders_run {
	struct probe_ctx *c;
	struct holders_dev devs[HOLDERS_DEVS];
	size_t n_devs;
	struct holders_hit *hits;
	size_t n_hits, cap_hits;
};

static void holders_add_dev(struct holders_run *u, const char *name)
{
	const struct fact *f;
	char key[128];

	if (u->n_devs == HOLDERS_DEVS || strlen(name) >= sizeof(u->devs[0].name))
		return;
	snprintf(u->devs[u->n_devs].name, sizeof(u->devs[0].name), "%s", name);
	f = facts_get(u->c->facts, facts_key(key, sizeof(key), "%s.devnode", name));
	if (f && f->type == FACT_STRING && f->str[0] == '/')
		snprintf(u->devs[u->n_devs].path, sizeof(u->devs[0].path), "%s", f->str);
	else
		snprintf(u->devs[u->n_devs].path, sizeof(u->devs[0].path), "/dev/%s", name);
	u->n_devs++;
}

/* The devices: from the udev probe's lists, else the nodes in /dev. */
static void holders_devices(struct holders_run *u)
{
	static const char *const lists[] = {"tpm.devices", "tpmrm.devices"};
	static const char *const prefixes[] = {"tpm", "tpmrm"};
	unsigned nums[TPM_CLASS_MAX];
	const struct fact *f;
	char name[32];
	size_t i, j, n;

	f = facts_get(u->c->facts, lists[0]);
	if (f && f->type == FACT_LIST) {
		for (i = 0; i < 2; i++) {
			f = facts_get(u->c->facts, lists[i]);
			for (j = 0; f && f->type == FACT_LIST && j < f->n_items; j++)
				holders_add_dev(u, f->items[j]);
		}
		return;
	}
	for (i = 0; i < 2; i++) {
		if (tpm_class_numbers(u->c->root, "/dev", prefixes[i], nums, TPM_CLASS_MAX, &n))
			continue;
		for (j = 0; j < n; j++) {
			snprintf(name, sizeof(name), "%s%u", prefixes[i], nums[j]);
			holders_add_dev(u, name);
		}
	}
}

static int holders_found(void *arg, size_t i, const struct tpm_holder *h)
{
	struct holders_run *u = arg;
	struct holders_hit *grown;
	size_t cap;

	if (u->n_hits == HOLDERS_MAX)
		return 0;
	if (u->n_hits == u->cap_hits) {
		cap = u->cap_hits ? 2 * u->cap_hits : 16;
		grown = realloc(u->hits, cap * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		u->hits = grown;
		u->cap_hits = cap;
	}
	u->hits[u->n_hits].dev = i;
	u->hits[u->n_hits].h = *h;
	u->n_hits++;
	return 0;
}

static int holders_cmp(const void *a, const void *b)
{
	const struct holders_hit *x = a, *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return x->h.pid < y->h.pid ? -1 : x->h.pid > y->h.pid;
}

/* tpmN.holders ("tcsd (pid 812)", by pid) and tpmN.holders.known (the known daemons). */
static int holders_dev_facts(struct holders_run *u, size_t d, const struct fact_src *src)
{
	char key[128], (*text)[96] = NULL;
	const char **items = NULL, **known = NULL;
	size_t n = 0, n_known = 0, i, j;
	int ret = -ENOMEM;

	for (i = 0; i < u->n_hits; i++)
		n += u->hits[i].dev == d;
	text = calloc(n ? n : 1, sizeof(*text));
	items = calloc(n ? n : 1, sizeof(*items));
	known = calloc(n ? n : 1, sizeof(*known));
	if (!text || !items || !known)
		goto out;
	for (i = 0, n = 0; i < u->n_hits; i++) {
		const struct tpm_holder *h = &u->hits[i].h;

		if (u->hits[i].dev != d)
			continue;
		snprintf(text[n], sizeof(text[n]), "%s (pid %d)", h->comm, (int)h->pid);
		items[n] = text[n];
		n++;
		if (!tpm_holder_remedy(h->comm))
			continue;
		for (j = 0; j < n_known && strcmp(known[j], h->comm); j++)
			;
		if (j == n_known)
			known[n_known++] = h->comm;
	}
	ret = facts_set_list(
	    u->c->facts, facts_key(key, sizeof(key), "%s.holders", u->devs[d].name), items, n, src);
	if (!ret)
		ret = facts_set_list(
		    u->c->facts, facts_key(key, sizeof(key), "%s.holders.known", u->devs[d].name),
		    known, n_known, src);
out:
	free(text);
	free(items);
	free(known);
	return ret;
}

int probe_holders(struct probe_ctx *c)
{
	struct holders_run *u = calloc(1, sizeof(*u));
	const char *paths[HOLDERS_DEVS];
	struct fact_src src = probe_file_src("/proc");
	size_t unreadable = 0, i;
	char key[128];
	int ret = -ENOMEM;

	if (!u)
		return -ENOMEM;
	u->c = c;
	holders_devices(u);
	if (!u->n_devs) {
		ret = 0;
		goto out;
	}
	for (i = 0; i < u->n_devs; i++)
		paths[i] = u->devs[i].path;
	ret = tpm_holders_scan(c->root, paths, u->n_devs, holders_found, u, &unreadable);
	if (ret == -ENOMEM)
		goto out;
	if (ret) {
		int err = ret;

		for (i = 0, ret = 0; !ret && i < u->n_devs; i++)
			ret = facts_set_errno(
			    c->facts, facts_key(key, sizeof(key), "%s.holders", u->devs[i].name),
			    err, "cannot list the processes in /proc", &src);
		if (!ret)
			ret = facts_set_errno(c->facts, "holders.unreadable_processes", err,
					      "cannot list the processes in /proc", &src);
		goto out;
	}
	if (u->n_hits)
		qsort(u->hits, u->n_hits, sizeof(*u->hits), holders_cmp);
	for (i = 0; !ret && i < u->n_devs; i++)
		ret = holders_dev_facts(u, i, &src);
	if (!ret) {
		struct fact_src s = src;

		s.note = unreadable ? "the open files of processes of other users can be read only "
				      "by root: a holder may be among them"
				    : NULL;
		ret = facts_set_int(c->facts, "holders.unreadable_processes", (int64_t)unreadable,
				    &s);
	}
out:
	free(u->hits);
	free(u);
	return ret == -ENOMEM ? -ENOMEM : 0;
}
