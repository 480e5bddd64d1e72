// SPDX-License-Identifier: GPL-2.0-or-later
#include <criterion/criterion.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/unit/scratch.h"

void scratch_setup(struct scratch *s, const char *tag)
{
	const char *base = getenv("TPMDIAG_TEST_TMP");

	snprintf(s->root, sizeof(s->root), "%s/tpmdiag-%s-XXXXXX", base && *base ? base : "/tmp",
		 tag);
	cr_assert_not_null(mkdtemp(s->root));
}

static int scratch_rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	chmod(path, 0700); /* a test may have made it unreadable */
	return remove(path);
}

void scratch_teardown(struct scratch *s)
{
	if (s->root[0])
		nftw(s->root, scratch_rm, 16, FTW_DEPTH | FTW_PHYS);
	s->root[0] = '\0';
}

void scratch_mkdirs(const struct scratch *s, const char *rel)
{
	char p[512];
	size_t i, n;

	n = (size_t)snprintf(p, sizeof(p), "%s/%s", s->root, rel);
	for (i = strlen(s->root) + 1; i <= n; i++) {
		if (p[i] != '/' && p[i] != '\0')
			continue;
		p[i] = '\0';
		cr_assert(mkdir(p, 0755) == 0 || errno == EEXIST, "mkdir %s", p);
		if (i < n)
			p[i] = '/';
	}
}

void scratch_path(const struct scratch *s, char *p, size_t cap, const char *rel)
{
	char dir[512];
	const char *slash = strrchr(rel, '/');

	if (slash) {
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - rel), rel);
		scratch_mkdirs(s, dir);
	}
	snprintf(p, cap, "%s/%s", s->root, rel);
}

void scratch_write(const struct scratch *s, const char *rel, const void *data, size_t len)
{
	char p[512];
	FILE *f;

	scratch_path(s, p, sizeof(p), rel);
	f = fopen(p, "wb");
	cr_assert_not_null(f, "fopen %s", p);
	cr_assert_eq(fwrite(data, 1, len, f), len);
	cr_assert_eq(fclose(f), 0);
}
