// SPDX-License-Identifier: GPL-2.0-or-later
/* /dev/.nodes: what a saved tree's placeholder device files really were. */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "probes/parse/devnodes.h"

static const char nodes[] = "# name type major minor mode uid gid\n"
			    "tpm0 c 10 224 0600 0 0\n"
			    "tpmrm0 c 253 65536 0660 0 59\n"
			    "broken c 10\n"
			    "tpm1 x 10 225 0600 0 0\n";

Test(devnodes, lookup_fills_type_numbers_mode_and_ids)
{
	struct stat st = {0};

	cr_assert_eq(devnodes_lookup(nodes, strlen(nodes), "tpmrm0", &st), 0);
	cr_expect(S_ISCHR(st.st_mode));
	cr_expect_eq(st.st_mode & 07777, 0660);
	cr_expect_eq(major(st.st_rdev), 253);
	cr_expect_eq(minor(st.st_rdev), 65536);
	cr_expect_eq(st.st_gid, 59);
}

Test(devnodes, malformed_and_missing_entries_are_not_found)
{
	struct stat st = {0};

	cr_expect_eq(devnodes_lookup(nodes, strlen(nodes), "broken", &st), -ENOENT);
	cr_expect_eq(devnodes_lookup(nodes, strlen(nodes), "tpm1", &st), -ENOENT, "type x");
	cr_expect_eq(devnodes_lookup(nodes, strlen(nodes), "tpm", &st), -ENOENT, "no prefix match");
	cr_expect_eq(devnodes_lookup(nodes, 10, "tpm0", &st), -ENOENT, "cut before the entry");
}
