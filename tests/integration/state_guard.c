// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Tests never touch the machine's state: every tpmdiag the integration
 * tests start keeps its own-journals (and reads them) in a private
 * directory, never /var/lib/tpmdiag. Set once for the whole run, before
 * Criterion forks the tests; removed after.
 */
#include <criterion/criterion.h>
#include <criterion/hooks.h>
#include <stdio.h>
#include <stdlib.h>

#include "tests/integration/swtpm_proc.h"

/* Criterion's hooks take no argument: the directory lives here for the run. */
static char state_dir[512];

ReportHook(PRE_ALL)(struct criterion_test_set *set)
{
	(void)set;
	if (getenv("TPMDIAG_STATE_DIR") || test_tmpdir(state_dir, sizeof(state_dir)))
		return;
	setenv("TPMDIAG_STATE_DIR", state_dir, 1);
}

ReportHook(POST_ALL)(struct criterion_global_stats *stats)
{
	(void)stats;
	if (state_dir[0])
		test_rmtree(state_dir);
}
