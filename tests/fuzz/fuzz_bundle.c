// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the bundle reader (what `tpmdiag analyze FILE|DIR`
 * reads from a stranger): arbitrary bytes through bundle_read_buf. It
 * either fails with a sentence, or gives facts and records within the
 * bounds of probes/offline/bundle_read.h whose strings hold no control character but
 * newline and tab.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "probes/offline/bundle_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_str(const char *s)
{
	size_t n;

	if (!s)
		return;
	n = strnlen(s, BUNDLE_MAX_STR + 1);
	if (n > BUNDLE_MAX_STR)
		abort();
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
			abort();
	}
}

static void check_bundle(const struct bundle *b)
{
	size_t i, j;

	if (!b->fs || !b->log || facts_count(b->fs) > BUNDLE_MAX_FACTS ||
	    b->log->n > BUNDLE_MAX_ITEMS)
		abort();
	for (i = 0; i < facts_count(b->fs); i++) {
		const struct fact *fa = facts_at(b->fs, i);

		check_str(fa->key);
		check_str(fa->str);
		check_str(fa->why_text);
		check_str(fa->src.path);
		check_str(fa->src.note);
		check_str(fa->src.kmsg_text);
		check_str(fa->src.cmd_name);
		for (j = 0; j < fa->n_items; j++)
			check_str(fa->items[j]);
		if (fa->src.cmd_len > BUNDLE_MAX_RAW || fa->src.rsp_len > BUNDLE_MAX_RAW)
			abort();
	}
	for (i = 0; i < b->log->n; i++) {
		const struct kmsg_rec *r = &b->log->r[i];

		if (!r->text || r->prio < -1 || r->prio > 7 ||
		    (r->rc_family != 0 && r->rc_family != 12 && r->rc_family != 20))
			abort();
		check_str(r->text);
		check_str(r->wall);
		check_str(r->prefix);
		check_str(r->trace);
		check_str(r->tool);
	}
	check_str(b->version);
	check_str(b->source);
	check_str(b->redacted);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bundle b;
	char err[512];
	int ret = bundle_read_buf("fuzz.json", (const char *)data, size, &b, err, sizeof(err));

	if (ret) {
		if (!err[0] || strnlen(err, sizeof(err)) == sizeof(err))
			abort();
		return 0;
	}
	check_bundle(&b);
	bundle_clear(&b);
	return 0;
}
