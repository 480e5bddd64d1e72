/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A scratch directory for a unit test that builds a machine's files
 * (a fixture-like root): made under TPMDIAG_TEST_TMP (or /tmp), removed
 * with everything in it, also files a test made unreadable.
 */
#ifndef TPMDIAG_TEST_SCRATCH_H
#define TPMDIAG_TEST_SCRATCH_H

#include <stddef.h>

struct scratch {
	char root[256];
};

void scratch_setup(struct scratch *s, const char *tag);
void scratch_teardown(struct scratch *s);
/* mkdir -p ROOT/rel */
void scratch_mkdirs(const struct scratch *s, const char *rel);
/* ROOT/rel into p, with the directories above it made */
void scratch_path(const struct scratch *s, char *p, size_t cap, const char *rel);
/* ROOT/rel holds exactly these bytes (directories made) */
void scratch_write(const struct scratch *s, const char *rel, const void *data, size_t len);

#endif
