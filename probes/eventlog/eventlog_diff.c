// SPDX-License-Identifier: GPL-2.0-or-later
/* What changed between two boots' event logs (probes/eventlog/eventlog_diff.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "probes/eventlog/eventlog_diff.h"

/* The banks in the order they are preferred for a comparison. */
static const uint16_t diff_prefer[] = {0x000B /* sha256 */, 0x000C /* sha384 */,
				       0x000D /* sha512 */, 0x0004 /* sha1 */};

static const char *const pcr_meaning[] = {
    "firmware code (the firmware was updated or replaced)",
    "firmware configuration (setup settings, boot order, boot entries)",
    "option ROMs and other drivers the firmware loaded",
    "the configuration of those option ROMs",
    "the boot manager, boot loader and kernel it started (shim, grub, systemd-boot, a kernel "
    "image)",
    "the boot loader's configuration and the GPT partition table",
    "host platform events (resume from S4/S5, vendor)",
    "Secure Boot: its state, PK, KEK, db, dbx and the certificates that verified what booted",
    "the boot loader's commands and the kernel command line (grub)",
    "the files the boot loader read (kernel, initrd, grub.cfg) and the initrd (Linux EFI "
    "stub)",
};

const char *evlog_pcr_meaning(unsigned pcr)
{
	return pcr < sizeof(pcr_meaning) / sizeof(pcr_meaning[0]) ? pcr_meaning[pcr] : NULL;
}

static const struct evlog_bank_replay *diff_bank(const struct evlog_replay *r, uint16_t alg)
{
	size_t i;

	for (i = 0; i < r->n_banks; i++)
		if (r->banks[i].alg == alg && r->banks[i].supported)
			return &r->banks[i];
	return NULL;
}

/* The indexes of the events that extend pcr, in log order. */
static int diff_events(const struct evlog *log, unsigned pcr, size_t **out, size_t *n)
{
	size_t i, k = 0;

	*out = malloc((log->n_events ? log->n_events : 1) * sizeof(**out));
	if (!*out)
		return -ENOMEM;
	for (i = 0; i < log->n_events; i++)
		if (log->events[i].pcr == pcr && evlog_extends(&log->events[i]))
			(*out)[k++] = i;
	*n = k;
	return 0;
}

struct diff_side {
	const struct evlog *log;
	int bank; /* index into log->banks */
	const size_t *ev;
	size_t n;
};

static bool diff_same(const struct diff_side *a, size_t i, const struct diff_side *b, size_t j,
		      size_t size)
{
	const struct evlog_event *x = &a->log->events[a->ev[i]], *y = &b->log->events[b->ev[j]];
	const uint8_t *dx = x->digests[a->bank], *dy = y->digests[b->bank];

	return x->type == y->type && dx && dy && !memcmp(dx, dy, size);
}

static int diff_add(struct evlog_pcr_diff *p, enum evlog_change_kind kind, size_t oi, size_t ni)
{
	struct evlog_change *grown = realloc(p->changes, (p->n_changes + 1) * sizeof(*grown));

	if (!grown)
		return -ENOMEM;
	p->changes = grown;
	p->changes[p->n_changes++] = (struct evlog_change){kind, oi, ni};
	return 0;
}

/*
 * Old-only and new-only runs between two matches: paired one to one as
 * changed while their types agree, the rest removed or added.
 */
static int diff_run(struct evlog_pcr_diff *p, const struct diff_side *a, size_t ai, size_t an,
		    const struct diff_side *b, size_t bi, size_t bn)
{
	int ret = 0;

	while (!ret && an && bn &&
	       a->log->events[a->ev[ai]].type == b->log->events[b->ev[bi]].type) {
		ret = diff_add(p, EVLOG_CHANGED, a->ev[ai++], b->ev[bi++]);
		an--;
		bn--;
	}
	while (!ret && an--)
		ret = diff_add(p, EVLOG_REMOVED, a->ev[ai++], 0);
	while (!ret && bn--)
		ret = diff_add(p, EVLOG_ADDED, 0, b->ev[bi++]);
	return ret;
}

/* Align a and b (LCS, or by position past EVLOG_DIFF_ALIGN_MAX) into p's changes. */
static int diff_align(struct evlog_pcr_diff *p, const struct diff_side *a,
		      const struct diff_side *b, size_t size)
{
	size_t n = a->n, m = b->n, i, j, ai = 0, bi = 0;
	uint16_t *t = NULL;
	int ret = 0;

	if (n > EVLOG_DIFF_ALIGN_MAX || m > EVLOG_DIFF_ALIGN_MAX) {
		for (i = 0; !ret && i < n && i < m; i++)
			if (!diff_same(a, i, b, i, size))
				ret = diff_run(p, a, i, 1, b, i, 1);
		return ret ? ret : diff_run(p, a, i, n - i, b, i, m - i);
	}
	/* t[i][j]: LCS length of a[i..] and b[j..] */
	t = calloc((n + 1) * (m + 1), sizeof(*t));
	if (!t)
		return -ENOMEM;
	for (i = n; i-- > 0;)
		for (j = m; j-- > 0;)
			t[i * (m + 1) + j] = diff_same(a, i, b, j, size)
						 ? (uint16_t)(t[(i + 1) * (m + 1) + j + 1] + 1)
					     : t[(i + 1) * (m + 1) + j] > t[i * (m + 1) + j + 1]
						 ? t[(i + 1) * (m + 1) + j]
						 : t[i * (m + 1) + j + 1];
	i = j = 0;
	while (!ret && i < n && j < m) {
		if (diff_same(a, i, b, j, size)) {
			ret = diff_run(p, a, ai, i - ai, b, bi, j - bi);
			ai = ++i;
			bi = ++j;
		} else if (t[(i + 1) * (m + 1) + j] >= t[i * (m + 1) + j + 1]) {
			i++;
		} else {
			j++;
		}
	}
	if (!ret)
		ret = diff_run(p, a, ai, n - ai, b, bi, m - bi);
	free(t);
	return ret;
}

static int diff_pcr(struct evlog_diff *d, const struct evlog *old, const struct evlog *new_,
		    unsigned pcr, const struct evlog_bank_replay *bo,
		    const struct evlog_bank_replay *bn)
{
	struct evlog_pcr_diff *p = &d->pcrs[d->n_pcrs];
	struct diff_side a = {.log = old, .bank = evlog_bank_index(old, d->alg)};
	struct diff_side b = {.log = new_, .bank = evlog_bank_index(new_, d->alg)};
	size_t *ea = NULL, *eb = NULL;
	int ret;

	memset(p, 0, sizeof(*p));
	p->pcr = pcr;
	memcpy(p->old_v, bo->pcr[pcr], d->size);
	memcpy(p->new_v, bn->pcr[pcr], d->size);
	ret = diff_events(old, pcr, &ea, &a.n);
	if (!ret)
		ret = diff_events(new_, pcr, &eb, &b.n);
	if (!ret) {
		a.ev = ea;
		b.ev = eb;
		ret = diff_align(p, &a, &b, d->size);
	}
	d->n_pcrs++; /* counted even on failure, so evlog_diff_free frees its changes */
	free(ea);
	free(eb);
	return ret;
}

static bool diff_same_log(const struct evlog *a, const struct evlog *b)
{
	size_t i, k;

	if (a->n_events != b->n_events || a->n_banks != b->n_banks)
		return false;
	for (i = 0; i < a->n_events; i++) {
		const struct evlog_event *x = &a->events[i], *y = &b->events[i];

		if (x->pcr != y->pcr || x->type != y->type || x->data_len != y->data_len ||
		    (x->data_len && memcmp(x->data, y->data, x->data_len)))
			return false;
		for (k = 0; k < a->n_banks; k++)
			if ((x->digests[k] == NULL) != (y->digests[k] == NULL) ||
			    (x->digests[k] &&
			     memcmp(x->digests[k], y->digests[k], a->banks[k].size)))
				return false;
	}
	return true;
}

int evlog_diff(const struct evlog *old, const struct evlog_replay *ro, const struct evlog *new_,
	       const struct evlog_replay *rn, struct evlog_diff *out)
{
	const struct evlog_bank_replay *bo = NULL, *bn = NULL;
	size_t k;
	unsigned pcr;
	int ret = 0;

	memset(out, 0, sizeof(*out));
	for (k = 0; k < sizeof(diff_prefer) / sizeof(diff_prefer[0]) && !(bo && bn); k++) {
		bo = diff_bank(ro, diff_prefer[k]);
		bn = diff_bank(rn, diff_prefer[k]);
		out->alg = diff_prefer[k];
	}
	if (!bo || !bn || bo->size != bn->size)
		return -ENOENT;
	out->size = bo->size;
	out->same_log = diff_same_log(old, new_);
	for (pcr = 0; !ret && pcr < EVLOG_PCRS; pcr++)
		if (memcmp(bo->pcr[pcr], bn->pcr[pcr], out->size))
			ret = diff_pcr(out, old, new_, pcr, bo, bn);
	if (ret)
		evlog_diff_free(out);
	return ret;
}

void evlog_diff_free(struct evlog_diff *d)
{
	size_t i;

	for (i = 0; i < d->n_pcrs; i++)
		free(d->pcrs[i].changes);
	d->n_pcrs = 0;
}
