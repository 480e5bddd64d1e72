// SPDX-License-Identifier: GPL-2.0-or-later
#include <unistd.h>

#include "reports/progress.h"

#define PROGRESS_SHOW_AFTER_MS 1000.0

static void progress_line_fn(void *arg, int phase, const char *what, unsigned deadline_ms,
			     double elapsed_ms)
{
	struct progress_line *p = arg;

	if (phase == 0) {
		p->deadline_ms = deadline_ms;
		p->shown = false;
		return;
	}
	if (phase == 2) {
		if (p->shown)
			fprintf(p->f, "\r\033[K");
		p->shown = false;
		fflush(p->f);
		return;
	}
	if (elapsed_ms < PROGRESS_SHOW_AFTER_MS)
		return;
	fprintf(p->f, "\r\033[K%s: %.1f s (up to %.0f s)", what, elapsed_ms / 1000.0,
		p->deadline_ms / 1000.0);
	fflush(p->f);
	p->shown = true;
}

const struct tpm_progress *progress_line_init(struct progress_line *p, FILE *f)
{
	p->f = f;
	p->shown = false;
	p->deadline_ms = 0;
	p->cb.fn = progress_line_fn;
	p->cb.arg = p;
	return isatty(fileno(f)) ? &p->cb : NULL;
}
